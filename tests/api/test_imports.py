"""POST /api/imports: a task decomposition table in, draft campaigns out, all or nothing."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.routes import imports
from domain.application import Xiuhua
from infra.importer import ImportReport, run_import
from tests.api.harness import COORDINATOR, lead
from tests.unit import attack_files as attack
from tests.unit.plan_tables import HEADER, ZHONGSHAN, workbook, zhongshan

QUERY = "year=2026&start_period=2026-02&task_force=中山街道精细化专班"


def test_a_coordinator_checks_then_imports_a_task_table_as_draft_campaigns(
    api: TestClient, app: Xiuhua, tmp_path: Path
) -> None:
    data = zhongshan(tmp_path / "zs.xlsx").read_bytes()
    before = app.recorder.max_notification_id()
    checked = api.post(
        f"/api/imports?filename=zs.xlsx&dry_run=true&{QUERY}", content=data, headers=COORDINATOR
    )
    assert checked.status_code == 200, checked.text
    report = checked.json()
    assert report["counts"] == {"campaigns": 3, "tasks": 9, "units": 13, "indicators": 0}
    assert report["stored"] is False and report["campaign_ids"] == []
    assert report["groups_to_fill"] == ["各镇、街道"]
    assert app.recorder.max_notification_id() == before

    stored = api.post(f"/api/imports?filename=zs.xlsx&{QUERY}", content=data, headers=COORDINATOR)
    assert stored.status_code == 201, stored.text
    ids = stored.json()["campaign_ids"]
    assert len(ids) == 3
    portfolio = {c["id"]: c for c in api.get("/api/campaigns", headers=COORDINATOR).json()}
    assert [portfolio[i]["phase"] for i in ids] == ["draft"] * 3
    assert [portfolio[i]["tasks"] for i in ids] == [4, 3, 2]
    detail = api.get(f"/api/campaigns/{ids[0]}", headers=COORDINATOR).json()
    assert detail["tasks"][0]["lead_units"] == ["城建中心", "自治办", "管理办"]


def test_a_table_with_mistakes_is_refused_with_the_cells_and_nothing_is_stored(
    api: TestClient, app: Xiuhua, tmp_path: Path
) -> None:
    rows = [
        ("序号", "目标任务", "牵头单位", "指标名称", "目标值"),
        (1, "清淤", None, "清淤河道", 10),
        (2, "截污", "区水务局", "截污纳管", "待定"),
    ]
    data = workbook(tmp_path / "river.xlsx", rows).read_bytes()
    before = app.recorder.max_notification_id()
    response = api.post(
        f"/api/imports?filename=river.xlsx&{QUERY}", content=data, headers=COORDINATOR
    )
    assert response.status_code == 422
    body = response.json()
    assert [(e["sheet"], e["row"], e["column"]) for e in body["errors"]] == [
        ("任务分解表", 2, "C"),
        ("任务分解表", 3, "E"),
    ]
    assert body["errors"][0]["zh"].startswith("第 2 行的任务没有牵头单位")
    assert body["errors"][1]["en"].startswith("the target '待定' is not a number")
    assert body["detail"][0]["loc"] == ["body", "任务分解表!C2"]
    assert body["stored"] is False
    assert app.recorder.max_notification_id() == before


def test_a_raw_gb18030_csv_without_a_file_name_is_read_as_csv(api: TestClient) -> None:
    lines = [",".join(HEADER)] + [
        ",".join("" if v is None else str(v).replace("\n", "、") for v in row) for row in ZHONGSHAN
    ]
    data = "\n".join(lines).encode("gb18030")
    response = api.post(f"/api/imports?dry_run=true&{QUERY}", content=data, headers=COORDINATOR)
    assert response.status_code == 200, response.text
    assert response.json()["format"] == "csv (gb18030)"
    assert response.json()["campaigns"][0]["code"] == "import-1"


def test_a_file_over_ten_megabytes_is_refused_and_says_the_limit(
    api: TestClient, app: Xiuhua
) -> None:
    before = app.recorder.max_notification_id()
    data = b"PK\x03\x04" + b"\0" * (20 * 1024 * 1024)
    response = api.post(
        f"/api/imports?filename=big.xlsx&{QUERY}", content=data, headers=COORDINATOR
    )
    assert response.status_code == 422
    (error,) = response.json()["errors"]
    assert error["kind"] == "too_large"
    assert "20.0 MB" in error["en"] and "10 MB" in error["zh"]
    assert app.recorder.max_notification_id() == before


def test_only_a_coordinator_may_import_a_file_sent_as_the_body_for_a_year(
    api: TestClient, tmp_path: Path
) -> None:
    data = zhongshan(tmp_path / "zs.xlsx").read_bytes()
    response = api.post(f"/api/imports?filename=zs.xlsx&{QUERY}", content=data, headers=lead())
    assert response.status_code == 403
    response = api.post(
        "/api/imports?filename=zs.xlsx&year=2026&start_period=2027-01",
        content=data,
        headers=COORDINATOR,
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "start_period"]
    form = api.post(f"/api/imports?{QUERY}", files={"file": ("zs.xlsx", data)}, headers=COORDINATOR)
    assert form.status_code == 415
    assert "--data-binary" in form.json()["detail"][0]["msg"]


def test_the_attack_files_are_refused_with_422_naming_the_limit_and_nothing_is_stored(
    api: TestClient, app: Xiuhua
) -> None:
    before = app.recorder.max_notification_id()
    for filename, data, kind in (
        ("plan.xlsx", attack.huge_cell_xlsx(), "too_large_unzipped"),
        ("plan.yaml", attack.YAML_BOMB.encode(), "yaml_alias"),
        ("plan.xlsx", attack.one_cell_xlsx(32_768), "cell_too_long"),
        ("plan.csv", attack.big_cell_csv(), "cell_too_long"),
    ):
        response = api.post(
            f"/api/imports?filename={filename}&{QUERY}", content=data, headers=COORDINATOR
        )
        assert response.status_code == 422, response.text
        (error,) = response.json()["errors"]
        assert error["kind"] == kind and error["zh"] and error["en"]
        assert response.json()["detail"][0]["type"] == kind
    assert app.recorder.max_notification_id() == before


def test_other_requests_are_answered_while_an_import_is_being_read(
    api: TestClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The import is held inside its reading until the test has had another answer: were it
    read on the event loop, that answer could not come until the hold gave up."""
    started, release = threading.Event(), threading.Event()
    held: dict[str, bool] = {}

    def slow_import(*args: Any) -> ImportReport:
        started.set()
        held["released"] = release.wait(timeout=60)
        return run_import(*args)

    monkeypatch.setattr(imports, "run_import", slow_import)
    data = zhongshan(tmp_path / "zs.xlsx").read_bytes()
    answers: dict[str, Any] = {}

    def post() -> None:
        answers["import"] = api.post(
            f"/api/imports?filename=zs.xlsx&dry_run=true&{QUERY}", content=data, headers=COORDINATOR
        )

    importing = threading.Thread(target=post)
    importing.start()
    assert started.wait(timeout=60)
    answers["portfolio"] = api.get("/api/campaigns", headers=COORDINATOR)
    assert "import" not in answers  # still held: the portfolio was answered meanwhile
    release.set()
    importing.join(timeout=60)
    assert answers["portfolio"].status_code == 200
    assert held == {"released": True}
    assert answers["import"].status_code == 200, answers["import"].text
    assert answers["import"].json()["counts"]["tasks"] == 9
