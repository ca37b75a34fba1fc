"""Monthly reports through the API: submit, return, resubmit, accept; bad input stores nothing."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.application import Xiuhua
from tests.api.harness import COORDINATOR, LEAD, eventually, lead
from tests.unit.builders import campaign_spec, launched, shanghai


def report(period: str, spaces: Any = 40, **fields: Any) -> dict[str, Any]:
    return {
        "period": period,
        "actuals": {"spaces": spaces},
        "progress": "新增共享停车位40个",
        "problems": "部分小区协调难",
        "next_steps": "推进错峰共享",
        **fields,
    }


def period_of(api: TestClient, cid: str, number: str = "1") -> dict[str, Any]:
    detail = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
    task = next(t for t in detail["tasks"] if t["number"] == number)
    return {"task": task, "period": detail["start_period"]}


def test_a_report_is_returned_resubmitted_and_accepted(
    api: TestClient, launched: dict[str, Any]
) -> None:
    cid, tid = launched["id"], launched["tasks"]["1"]
    period = period_of(api, cid)["period"]
    url = f"/api/tasks/{tid}/reports"

    submitted = api.post(url, json=report(period), headers=lead())
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["warning"] is None
    task = period_of(api, cid)["task"]
    assert task["latest_actuals"] == {"spaces": 40}
    assert task["indicators"][0]["actual"] == 40

    waiting = api.post(url, json=report(period), headers=lead())
    assert waiting.status_code == 409
    assert waiting.json()["detail"][0]["loc"] == ["body", "period"]

    returned = api.post(
        f"{url}/{period}/return", json={"reason": "数据口径不一致"}, headers=COORDINATOR
    )
    assert returned.status_code == 200, returned.text
    task = period_of(api, cid)["task"]
    assert task["status"] == "at_risk"
    assert task["latest_actuals"] == {}
    inbox = api.get(f"/api/units/{LEAD}/inbox", headers=lead()).json()
    assert [(d["period"], d["returned"], d["return_reason"]) for d in inbox["due"]] == [
        (period, True, "数据口径不一致")
    ]

    assert api.post(url, json=report(period, 42), headers=lead()).status_code == 200
    accepted = api.post(f"{url}/{period}/accept", headers=COORDINATOR)
    assert accepted.status_code == 200, accepted.text
    row = period_of(api, cid)["task"]["periods"][0]
    assert (row["state"], row["revision"]) == ("accepted", 2)
    assert api.get(f"/api/units/{LEAD}/inbox", headers=lead()).json()["due"] == []

    again = api.post(url, json=report(period), headers=lead())
    assert again.status_code == 409
    assert "already accepted" in again.json()["detail"][0]["msg"]

    events = api.get(f"/api/campaigns/{cid}/events", headers=lead()).json()
    mine = [e for e in events if e["type"].startswith("Task.Report")]
    assert [e["type"] for e in mine] == [
        "Task.ReportSubmitted",
        "Task.ReportReturned",
        "Task.ReportSubmitted",
        "Task.ReportAccepted",
    ]
    assert (mine[0]["actor_user"], mine[0]["actor_unit"]) == (f"demo-lead@{LEAD}", LEAD)
    assert mine[1]["summary"].endswith("数据口径不一致")
    assert {e["period"] for e in mine} == {period}


def test_the_workflow_hears_of_a_submitted_report(
    api: TestClient, launched: dict[str, Any]
) -> None:
    cid, tid = launched["id"], launched["tasks"]["1"]
    period = period_of(api, cid)["period"]
    assert api.post(f"/api/tasks/{tid}/reports", json=report(period), headers=lead()).is_success

    def reviewed() -> int:
        return api.get(f"/api/campaigns/{cid}/pending", headers=lead()).json()["reviews_done"]

    assert eventually(reviewed) == 1


def test_reviewing_a_report_not_submitted_is_a_conflict(
    api: TestClient, launched: dict[str, Any]
) -> None:
    tid = launched["tasks"]["1"]
    period = period_of(api, launched["id"])["period"]
    response = api.post(f"/api/tasks/{tid}/reports/{period}/accept", headers=COORDINATOR)
    assert response.status_code == 409
    assert response.json()["detail"][0]["loc"] == ["path", "period"]


BAD_REPORTS = [
    pytest.param(lambda p: report(f"{int(p[:4]) - 1}-12"), ["body", "period"], id="before-start"),
    pytest.param(lambda p: report(f"{p[:4]}-13"), ["body", "period"], id="not-a-month"),
    pytest.param(lambda p: report(p, -3), ["body", "actuals", "spaces"], id="negative-count"),
    pytest.param(lambda p: report(p, "forty"), ["body", "actuals", "spaces"], id="not-a-number"),
    pytest.param(
        lambda p: {**report(p), "actuals": {"nope": 1}}, ["body", "actuals", "nope"], id="unknown"
    ),
    pytest.param(lambda p: report(p, progress="进" * 2001), ["body", "progress"], id="too-long"),
    pytest.param(lambda p: report(p, progress="  "), ["body", "progress"], id="blank"),
    pytest.param(lambda p: {"period": p}, ["body", "progress"], id="missing"),
]


@pytest.mark.parametrize(("make", "loc"), BAD_REPORTS)
def test_a_bad_report_is_refused_naming_the_field_and_stores_nothing(
    api: TestClient, app: Xiuhua, launched: dict[str, Any], make: Any, loc: list[Any]
) -> None:
    tid = launched["tasks"]["1"]
    period = period_of(api, launched["id"])["period"]
    before = app.recorder.max_notification_id()
    response = api.post(f"/api/tasks/{tid}/reports", json=make(period), headers=lead())
    assert response.status_code == 422, response.text
    error = response.json()["detail"][0]
    assert error["loc"] == loc
    assert error["msg"]
    assert app.recorder.max_notification_id() == before


def test_a_report_for_a_month_not_begun_is_refused(api: TestClient, app: Xiuhua) -> None:
    """On 10 June 2026 (the server's `now`, fixed, not the machine's date) July has not begun.
    The campaign is launched in the store only, so no workflow writes while the test counts."""
    june_10 = shanghai(date(2026, 6, 10))
    api.app.state.clock = lambda: june_10  # type: ignore[attr-defined]
    _, (tid, _) = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 2)))
    before = app.recorder.max_notification_id()
    body = {**report("2026-07"), "actuals": {"parking": 40}}
    response = api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead())
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["loc"] == ["body", "period"]
    assert "not begun" in response.json()["detail"][0]["msg"]
    assert app.recorder.max_notification_id() == before


def test_a_report_for_an_unknown_task_is_not_found(api: TestClient, app: Xiuhua) -> None:
    before = app.recorder.max_notification_id()
    tid = "00000000-0000-0000-0000-000000000001"
    response = api.post(f"/api/tasks/{tid}/reports", json=report("2026-01"), headers=lead())
    assert response.status_code == 404
    assert response.json()["detail"][0]["loc"] == ["path", "task_id"]
    assert app.recorder.max_notification_id() == before


def test_a_report_before_launch_is_a_conflict(
    api: TestClient, app: Xiuhua, campaign: dict[str, Any]
) -> None:
    tid = campaign["tasks"]["1"]
    period = period_of(api, campaign["id"])["period"]
    before = app.recorder.max_notification_id()
    response = api.post(f"/api/tasks/{tid}/reports", json=report(period), headers=lead())
    assert response.status_code == 409
    assert "not been launched" in response.json()["detail"][0]["msg"]
    assert app.recorder.max_notification_id() == before


def test_a_submitted_report_says_where_its_time_went(
    api: TestClient, launched: dict[str, Any]
) -> None:
    cid, tid = launched["id"], launched["tasks"]["1"]
    period = period_of(api, cid)["period"]

    submitted = api.post(f"/api/tasks/{tid}/reports", json=report(period), headers=lead())

    assert submitted.status_code == 200, submitted.text
    steps = {}
    for metric in submitted.headers["server-timing"].split(","):
        name, _, duration = metric.strip().partition(";dur=")
        steps[name] = float(duration)
    # The read model and the workflow are waited for at once: either may end first.
    assert set(steps) == {"access", "command", "readmodel", "workflow", "total"}
    assert all(ms >= 0 for ms in steps.values())
    assert steps["total"] >= steps["access"] + steps["command"]
