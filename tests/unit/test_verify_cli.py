"""`xiuhua verify` and `xiuhua export bundle` as an evaluator runs them: the heads printed and
kept in a file, a kept head checked, the exit code saying whether the log verifies, and the
bundle verified with no store at all."""

from __future__ import annotations

import json
import sqlite3
from datetime import date
from pathlib import Path

import pytest

from domain.application import Xiuhua
from infra.launch.cli import main
from infra.readmodel import ProjectionRunner, ReadModel
from tests.unit.builders import campaign_spec, launched, shanghai


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An embedded store with a launched campaign, followed (and so linked) by its read model."""
    monkeypatch.setenv("XIUHUA_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("PERSISTENCE_MODULE", "eventsourcing.sqlite")
    app = Xiuhua(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite",
                      "SQLITE_DBNAME": str(tmp_path / "events.sqlite")})  # fmt: skip
    launched(app, campaign_spec(2026), shanghai(date(2026, 1, 1), 0))
    model = ReadModel.for_app(app)
    ProjectionRunner(app, model).catch_up()
    model.close()
    app.close()
    return tmp_path


def test_verify_prints_the_heads_keeps_them_and_checks_them_later(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    heads = data_dir / "heads.json"
    assert main(["verify", "--heads-out", str(heads)]) == 0
    printed = capsys.readouterr().out
    assert "verified 4 events" in printed and "head: 4:" in printed
    kept = json.loads(heads.read_text())["heads"][-1]["head"]
    assert main(["verify", "--head", kept, "--heads-file", str(heads)]) == 0
    forged = kept[:-1] + ("0" if kept[-1] != "0" else "1")
    assert main(["verify", "--head", forged]) == 1
    assert "DOES NOT EXTEND kept head" in capsys.readouterr().out


def test_a_bundle_verifies_offline_and_the_altered_store_does_not(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bundle = data_dir / "bundle.zip"
    assert main(["export", "bundle", str(bundle)]) == 0
    assert "wrote 4 events" in capsys.readouterr().out
    (data_dir / "events.sqlite").rename(data_dir / "elsewhere.sqlite")  # no store at all
    assert main(["verify", "--bundle", str(bundle)]) == 0
    assert "verified 4 events" in capsys.readouterr().out
    (data_dir / "elsewhere.sqlite").rename(data_dir / "events.sqlite")

    with sqlite3.connect(data_dir / "events.sqlite") as conn:
        conn.execute("UPDATE stored_events SET topic = topic || 'x' WHERE rowid = 3")
    assert main(["verify"]) == 1
    assert "DOES NOT VERIFY at event 3" in capsys.readouterr().out


def test_a_head_written_wrong_is_refused_in_one_line(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_:
        main(["verify", "--head", "12:not-a-hash"])
    assert exit_.value.code == 1
    assert "a head is written ID:SHA256" in capsys.readouterr().err


def test_replay_shows_the_portfolio_as_of_a_date_and_writes_that_moments_workbook(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["replay", "--as-of", "2025-12-31"]) == 0
    assert "(no campaign had been launched)" in capsys.readouterr().out
    out = data_dir / "then.xlsx"
    assert main(["replay", "--as-of", "2026-01-20", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "parking-2026 停车资源优化专项行动: on_track 2" in printed and out.stat().st_size > 0
    known = ["replay", "--as-of", "2026-01-20", "--known-on", "2025-12-31T23:00:00+08:00"]
    assert main(known) == 0
    assert "(no campaign had been launched)" in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["replay", "--known-on", "2026-01-20T10:00:00"])  # no zone
