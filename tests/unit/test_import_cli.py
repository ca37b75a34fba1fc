"""`xiuhua import` on a real store: it prints the report, stores unless --dry-run, and exits 1
on any error having stored nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from domain.application import Xiuhua
from infra.launch.cli import main
from tests.unit import attack_files as attack
from tests.unit.plan_tables import workbook, zhongshan

ARGS = ["import", "--year", "2026", "--start-period", "2026-02", "--task-force", "中山街道专班"]


@pytest.fixture
def cli_env(store_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in store_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("XIUHUA_DATA_DIR", str(tmp_path / "data"))


def notifications(store_env: dict[str, str]) -> int | None:
    store = Xiuhua(env=store_env)
    try:
        return store.recorder.max_notification_id()
    finally:
        store.close()


def test_the_cli_checks_then_stores_a_table_as_drafts(
    cli_env: None, store_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = zhongshan(tmp_path / "中山街道.xlsx")
    assert main([*ARGS, "--dry-run", str(path)]) == 0
    out = capsys.readouterr().out
    assert "3 campaigns 专项行动, 9 tasks 目标任务, 13 units 单位, 0 indicators 指标" in out
    assert "[中山街道-1] 全面建设“五宜”中山  (2026, from 2026-02)" in out
    assert "牵头 lead: 城建中心、自治办、管理办" in out
    assert "unit groups to fill in 待补充成员的单位组:\n  各镇、街道" in out
    assert "dry run: nothing stored" in out
    assert not notifications(store_env)
    assert main([*ARGS, str(path)]) == 0
    assert "stored 3 draft campaigns (not launched)" in capsys.readouterr().out
    assert notifications(store_env)


def test_the_cli_prints_each_problem_at_its_cell_and_exits_1(
    cli_env: None, store_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [
        ("序号", "目标任务", "牵头单位", "指标名称", "目标值"),
        (1, "清淤", None, "清淤河道", "十"),
    ]
    assert main([*ARGS, str(workbook(tmp_path / "river.xlsx", rows))]) == 1
    out = capsys.readouterr().out
    assert "任务分解表!C2  第 2 行的任务没有牵头单位" in out
    assert "the task in row 2 has no lead unit" in out
    assert "任务分解表!E2  目标值「十」不是数字" in out
    assert "refused: nothing stored" in out
    assert not notifications(store_env)


def test_the_cli_refuses_the_gigabyte_cell_and_the_alias_bomb_with_exit_1(
    cli_env: None, store_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xlsx, yaml = tmp_path / "plan.xlsx", tmp_path / "plan.yaml"
    xlsx.write_bytes(attack.huge_cell_xlsx())
    yaml.write_bytes(attack.YAML_BOMB.encode())
    assert main([*ARGS, str(xlsx)]) == 1
    out = capsys.readouterr().out
    assert "the limit once unzipped is 48 MB" in out and "解压后上限为 48 MB" in out
    assert "refused: nothing stored" in out
    assert main([*ARGS, str(yaml)]) == 1
    assert "plan.yaml!1  YAML 第 1 行使用了锚点或别名" in capsys.readouterr().out
    assert not notifications(store_env)
