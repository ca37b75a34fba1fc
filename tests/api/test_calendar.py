"""What the calendar workflow writes shows through the API: reminders, overdue reports,
supervision, late reports, the year-end assessment and the decision to continue."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from domain.calendar import local
from infra.holidays import official_calendar
from tests.api.harness import (
    COORDINATOR,
    EVALUATOR,
    LEAD,
    OTHER,
    Temporal,
    campaign_body,
    eventually,
    lead,
)


def launch(api: TestClient, temporal: Temporal, **policy: int) -> dict[str, Any]:
    body = campaign_body(temporal.now(), **policy)
    cid = api.post("/api/campaigns", json=body, headers=COORDINATOR).json()["id"]
    assert api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR).status_code == 200

    def opened() -> dict[str, Any] | None:
        detail = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
        return detail if all(t["periods"] for t in detail["tasks"]) else None

    return eventually(opened)


def skip_to(temporal: Temporal, day: date, hour: int = 12) -> None:
    """Move the test server's clock to `hour` o'clock on `day` in Shanghai."""
    temporal.sleep((local(day, hour) - temporal.now()) / timedelta(days=1))


def test_a_missed_report_is_reminded_marked_overdue_and_supervised(
    api: TestClient, temporal: Temporal
) -> None:
    detail = launch(api, temporal, escalate_after_overdue=1)
    cid, period = detail["id"], detail["start_period"]
    first, second = detail["tasks"]
    due = date.fromisoformat(first["periods"][0]["due_on"])
    skip_to(temporal, due + timedelta(days=1))

    def supervised() -> dict[str, Any] | None:
        inbox = api.get(f"/api/units/{LEAD}/inbox", headers=lead()).json()
        return inbox if inbox["supervision"] else None

    inbox = eventually(supervised)
    assert [(o["task_number"], o["period"]) for o in inbox["overdue"]] == [("1", period)]
    assert all(d["period"] != period for d in inbox["due"])
    reminded = [r for r in inbox["reminded"] if r["period"] == period]
    assert reminded and all(r["units"] == [LEAD] and r["still_due"] for r in reminded)
    assert all(r["due_on"] == due.isoformat() and r["sent_on"] < r["due_on"] for r in reminded)
    assert inbox["supervision"][0]["periods"] == [period]

    def both_overdue() -> list[dict[str, Any]] | None:
        """The activity marks task after task; the read model may show the first one alone."""
        overdue = api.get("/api/overdue", headers=COORDINATOR).json()
        return overdue if len(overdue) == 2 else None

    overdue = eventually(both_overdue)
    assert {(o["task_number"], o["period"]) for o in overdue} == {("1", period), ("2", period)}
    assert not any(o["submitted_late"] for o in overdue)
    task = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["tasks"][0]
    assert task["status"] == "late"
    assert task["overdue_periods"] == [period]
    assert task["open_supervision"]["opened_by"] == "system (xiuhua)"
    summary = api.get("/api/campaigns", headers=COORDINATOR).json()[0]
    assert summary["status_counts"]["late"] == 2
    assert summary["open_supervisions"] == 2

    # The lead unit reports late: the workflow closes task 1's supervision by itself.
    body = {"period": period, "actuals": {"spaces": 20}, "progress": "补报"}
    assert api.post(f"/api/tasks/{first['id']}/reports", json=body, headers=lead()).is_success

    def closed() -> dict[str, Any] | None:
        tasks = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["tasks"]
        return tasks[0] if tasks[0]["open_supervision"] is None else None

    assert eventually(closed)["overdue_periods"] == []
    late = {o["task_number"]: o for o in api.get("/api/overdue", headers=COORDINATOR).json()}
    assert (late["1"]["submitted_late"], late["1"]["still_missing"]) == (True, False)
    assert (late["2"]["submitted_late"], late["2"]["still_missing"]) == (False, True)

    # The task force closes task 2's supervision by hand, saying why.
    url = f"/api/tasks/{second['id']}/supervision/close"
    assert api.post(url, json={"reason": "已约谈，限期补报"}, headers=COORDINATOR).is_success
    assert api.get(f"/api/units/{OTHER}/inbox", headers=lead(OTHER)).json()["supervision"] == []
    events = api.get(f"/api/campaigns/{cid}/events", headers=COORDINATOR).json()
    closing = [e for e in events if e["type"] == "Task.SupervisionClosed"]
    assert [(e["task_number"], e["actor_user"]) for e in closing] == [
        ("1", "system"),
        ("2", "demo-coordinator"),
    ]


def test_at_year_end_the_evaluators_decision_continues_the_campaign(
    api: TestClient, temporal: Temporal
) -> None:
    detail = launch(api, temporal)
    cid, year = detail["id"], detail["year"]
    skip_to(temporal, date(year + 1, 2, 1))

    def assessing() -> bool:
        return api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["phase"] == "assessing"

    eventually(assessing)
    body = {
        "year": year,
        "score": 86.5,
        "rating": "良好",
        "decision": "continue",
        "rationale": "存量违建仍需削减，延续一年",
    }
    recorded = api.post(f"/api/campaigns/{cid}/assessments", json=body, headers=EVALUATOR)
    assert recorded.status_code == 200, recorded.text

    def continued() -> dict[str, Any] | None:
        campaign = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
        return campaign if campaign["phase"] == "running" else None

    campaign = eventually(continued)
    assert campaign["year"] == year + 1
    assert campaign["assessments"][0]["score"] == 86.5
    assert campaign["assessments"][0]["evaluator"] == "demo-evaluator"

    def next_year() -> bool:
        response = api.get(f"/api/campaigns/{cid}/pending", headers=COORDINATOR)
        return response.status_code == 200 and response.json()["year"] == year + 1

    eventually(next_year)
    again = api.post(f"/api/campaigns/{cid}/assessments", json=body, headers=EVALUATOR)
    assert again.status_code == 409


def test_a_due_date_says_whether_it_rests_on_the_official_holiday_calendar(
    api: TestClient, temporal: Temporal
) -> None:
    launch(api, temporal)
    due = api.get(f"/api/units/{LEAD}/inbox", headers=lead()).json()["due"]
    assert due
    announced = official_calendar().years
    for item in due:
        year = date.fromisoformat(item["due_on"]).year
        assert item["due_basis"] == ("official" if year in announced else "weekend_fallback")
