"""What units see: their own tasks (led or supported) in full; of other units' tasks only what the
battle map publishes (name, status colour, latest accepted values, dates), never their events,
drafts, problems text or return reasons. The task force, evaluators and admins see everything."""

from __future__ import annotations

import dataclasses
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.app import create_app
from domain.application import Xiuhua, business_day
from domain.calendar import local
from infra.settings import Settings
from tests.api.harness import (
    ADMIN,
    COORDINATOR,
    EVALUATOR,
    LEAD,
    OTHER,
    STRANGER,
    SUPPORT,
    Temporal,
    eventually,
    lead,
    support,
)

DRAFT_PROBLEM = "资金缺口待解决"  # task 1's report, submitted by LEAD, not yet accepted
OTHERS_PROBLEM = "经费不足"  # task 3's report, submitted by OTHER, not yet accepted
RETURN_REASON = "数据口径有误"  # why task 4's report went back to OTHER


def indicator(code: str, target: int, year: int) -> dict[str, Any]:
    return {
        "code": code,
        "name": code,
        "unit": "个",
        "target": target,
        "attribute": "binding",
        "deadline": f"{year}-12-31",
    }


def task(number: str, unit: str, year: int, **fields: Any) -> dict[str, Any]:
    return {
        "number": number,
        "title": f"任务{number}",
        "lead_units": [unit],
        "indicators": [indicator("done", 100, year)],
        **fields,
    }


def report(period: str, done: int, problems: str = "") -> dict[str, Any]:
    return {
        "period": period,
        "actuals": {"done": done},
        "progress": f"完成{done}",
        "problems": problems,
        "next_steps": "继续推进",
    }


@pytest.fixture
def scene(api: TestClient, temporal: Temporal) -> dict[str, Any]:
    """Six tasks in this month's period: 1 (LEAD, supported by SUPPORT) reported, not accepted;
    2 (OTHER) accepted at 40; 3 (OTHER) reported at 10, not accepted; 4 (OTHER) returned; 5
    (OTHER) and 6 (LEAD) not reported."""
    today = business_day(temporal.now())
    year = today.year
    body = {
        "code": "SCOPE-1",
        "name": "可见范围",
        "task_force": "精细化专项行动专班",
        "year": year,
        "start_period": f"{year}-{today.month:02d}",
        "tasks": [
            task("1", LEAD, year, supporting_units=[SUPPORT]),
            task("2", OTHER, year),
            task("3", OTHER, year),
            task("4", OTHER, year),
            task("5", OTHER, year),
            task("6", LEAD, year),
        ],
    }
    cid = api.post("/api/campaigns", json=body, headers=COORDINATOR).json()["id"]
    assert api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR).status_code == 200

    def opened() -> dict[str, Any] | None:
        detail = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
        return detail if all(t["periods"] for t in detail["tasks"]) else None

    detail = eventually(opened)
    period = detail["start_period"]
    ids = {t["number"]: t["id"] for t in detail["tasks"]}

    def submit(number: str, headers: dict[str, str], done: int, problems: str = "") -> None:
        url = f"/api/tasks/{ids[number]}/reports"
        response = api.post(url, json=report(period, done, problems), headers=headers)
        assert response.status_code == 200, response.text

    submit("1", lead(LEAD), 30, DRAFT_PROBLEM)
    submit("2", lead(OTHER), 40)
    accepted = api.post(f"/api/tasks/{ids['2']}/reports/{period}/accept", headers=COORDINATOR)
    assert accepted.status_code == 200, accepted.text
    submit("3", lead(OTHER), 10, OTHERS_PROBLEM)
    submit("4", lead(OTHER), 20)
    url = f"/api/tasks/{ids['4']}/reports/{period}/return"
    returned = api.post(url, json={"reason": RETURN_REASON}, headers=COORDINATOR)
    assert returned.status_code == 200, returned.text
    return {"id": cid, "period": period, "tasks": ids, "detail": detail}


def tasks_as(api: TestClient, scene: dict[str, Any], headers: dict[str, str]) -> Any:
    response = api.get(f"/api/campaigns/{scene['id']}", headers=headers)
    assert response.status_code == 200, response.text
    return response, {t["number"]: t for t in response.json()["tasks"]}


def test_a_lead_unit_reads_its_own_tasks_in_full_and_others_as_the_battle_map_publishes(
    api: TestClient, scene: dict[str, Any]
) -> None:
    response, tasks = tasks_as(api, scene, lead(LEAD))
    assert {n: t["scope"] for n, t in tasks.items()} == {
        "1": "full",
        "2": "published",
        "3": "published",
        "4": "published",
        "5": "published",
        "6": "full",
    }
    own = tasks["1"]
    assert own["latest_actuals"] == {"done": 30}
    assert own["periods"][0]["state"] == "submitted"
    accepted = tasks["2"]
    assert accepted["latest_actuals"] == {"done": 40}
    assert accepted["indicators"][0]["actual"] == 40
    assert accepted["periods"][0]["state"] == "accepted"
    draft = tasks["3"]
    assert draft["latest_actuals"] == {}
    assert draft["indicators"][0]["actual"] is None
    assert draft["indicators"][0]["progress_pct"] is None
    assert draft["periods"][0]["state"] is None
    assert draft["periods"][0]["submitted_on"] is None
    returned = tasks["4"]
    assert returned["periods"][0]["return_reason"] == ""
    assert returned["status"] == "at_risk"  # the colour is published, the reason is not
    assert all(t["open_supervision"] is None for n, t in tasks.items() if n not in ("1", "6"))
    assert accepted["title"] == "任务2" and accepted["lead_units"] == [OTHER]
    assert accepted["periods"][0]["due_on"] == scene["detail"]["tasks"][1]["periods"][0]["due_on"]
    assert RETURN_REASON not in response.text and OTHERS_PROBLEM not in response.text


def test_the_task_force_evaluators_and_admins_read_every_task_in_full(
    api: TestClient, scene: dict[str, Any]
) -> None:
    for headers in (COORDINATOR, EVALUATOR, ADMIN):
        _, tasks = tasks_as(api, scene, headers)
        assert {t["scope"] for t in tasks.values()} == {"full"}
        assert tasks["3"]["latest_actuals"] == {"done": 10}
        assert tasks["3"]["periods"][0]["state"] == "submitted"
        assert tasks["4"]["periods"][0]["return_reason"] == RETURN_REASON


def test_a_supporting_unit_reads_the_task_it_supports_in_full_and_cannot_act_on_it(
    api: TestClient, app: Xiuhua, scene: dict[str, Any]
) -> None:
    _, tasks = tasks_as(api, scene, support(SUPPORT))
    assert tasks["1"]["scope"] == "full"
    assert tasks["1"]["latest_actuals"] == {"done": 30}
    assert {tasks[n]["scope"] for n in "23456"} == {"published"}
    before = app.recorder.max_notification_id()
    tid = scene["tasks"]["1"]
    url = f"/api/tasks/{tid}/reports"
    refused = api.post(url, json=report(scene["period"], 50), headers=support(SUPPORT))
    assert refused.status_code == 403, refused.text
    assert refused.json()["detail"][0]["type"] == "forbidden"
    milestone = f"/api/tasks/{tid}/milestones/x/complete"
    assert api.post(milestone, json={}, headers=support(SUPPORT)).status_code == 403
    accept = f"/api/tasks/{tid}/reports/{scene['period']}/accept"
    assert api.post(accept, headers=support(SUPPORT)).status_code == 403
    assert app.recorder.max_notification_id() == before
    _, after = tasks_as(api, scene, COORDINATOR)
    assert after["1"]["periods"][0]["state"] == "submitted"


def test_a_unit_reads_the_events_of_its_own_tasks_only(
    api: TestClient, scene: dict[str, Any]
) -> None:
    url = f"/api/campaigns/{scene['id']}/events"
    everything = api.get(url, headers=COORDINATOR)
    assert RETURN_REASON in everything.text
    assert {e["task_number"] for e in everything.json()} >= {None, "1", "2", "3", "4"}

    def numbers(headers: dict[str, str]) -> set[str | None]:
        response = api.get(url, headers=headers)
        assert response.status_code == 200, response.text
        return {e["task_number"] for e in response.json()}

    assert numbers(lead(LEAD)) == {"1", "6"}
    assert numbers(support(SUPPORT)) == {"1"}
    assert numbers(lead(OTHER)) == {"2", "3", "4", "5"}
    assert numbers(lead(STRANGER)) == set()
    assert RETURN_REASON not in api.get(url, headers=lead(LEAD)).text
    assert RETURN_REASON in api.get(url, headers=lead(OTHER)).text


def test_a_unit_reads_the_overdue_reports_of_its_own_tasks_only(
    api: TestClient, temporal: Temporal, scene: dict[str, Any]
) -> None:
    due = date.fromisoformat(scene["detail"]["tasks"][0]["periods"][0]["due_on"])
    temporal.sleep((local(due + timedelta(days=1), 12) - temporal.now()) / timedelta(days=1))

    def overdue(headers: dict[str, str]) -> set[str]:
        response = api.get("/api/overdue", headers=headers)
        assert response.status_code == 200, response.text
        return {o["task_number"] for o in response.json() if o["campaign_id"] == scene["id"]}

    def marked() -> set[str] | None:
        found = overdue(COORDINATOR)
        return found if found >= {"5", "6"} else None

    everyone = eventually(marked)
    assert overdue(lead(LEAD)) == everyone & {"1", "6"}
    assert overdue(lead(OTHER)) == everyone & {"2", "3", "4", "5"}
    assert overdue(support(SUPPORT)) == everyone & {"1"}
    assert overdue(lead(STRANGER)) == set()


def test_a_supporting_unit_reads_its_own_inbox_only(
    api: TestClient, app: Xiuhua, scene: dict[str, Any]
) -> None:
    before = app.recorder.max_notification_id()
    refused = api.get(f"/api/units/{LEAD}/inbox", headers=support(SUPPORT))
    assert refused.status_code == 403, refused.text
    assert refused.json()["detail"][0]["loc"] == ["path", "unit"]
    own = api.get(f"/api/units/{SUPPORT}/inbox", headers=support(SUPPORT))
    assert own.status_code == 200, own.text
    assert own.json()["due"] == []
    assert app.recorder.max_notification_id() == before


def test_a_supporting_units_status_workbook_holds_no_other_units_tasks(
    api: TestClient, scene: dict[str, Any]
) -> None:
    response = api.get("/api/exports/status.xlsx", headers=support(SUPPORT))
    assert response.status_code == 200, response.text
    cells = {
        str(value)
        for sheet in load_workbook(io.BytesIO(response.content)).worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    }
    assert not {"任务2", "任务3", "任务4", OTHERS_PROBLEM} & cells


def test_the_supporting_unit_role_comes_from_the_users_file_and_its_demo_token_only_in_dev(
    app: Xiuhua,
    temporal: Temporal,
    settings: Settings,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    users = [
        {"token": "s3cret-support", "user": "zhao.min", "unit": SUPPORT, "role": "supporting_unit"}
    ]
    path = tmp_path / "users.json"
    path.write_text(json.dumps(users, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setenv("XIUHUA_USERS_FILE", str(path))
    production = dataclasses.replace(settings, environment="production")
    with TestClient(create_app(production, store=app, temporal=temporal.client)) as api:
        assert api.get("/api/campaigns", headers=support(SUPPORT)).status_code == 401
        token = {"Authorization": "Bearer s3cret-support"}
        assert api.get(f"/api/units/{SUPPORT}/inbox", headers=token).status_code == 200
        assert api.get(f"/api/units/{LEAD}/inbox", headers=token).status_code == 403
