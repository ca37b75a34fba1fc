"""The task force's queues: reports waiting for review, oldest first; and the supporting units
that have said nothing for a period."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.harness import COORDINATOR, EVALUATOR, LEAD, OTHER, lead


def test_the_review_queue_holds_what_waits_and_lets_go_of_what_was_decided(
    api: TestClient, launched: dict[str, Any]
) -> None:
    assert api.get("/api/reviews", headers=COORDINATOR).json() == []
    tid = launched["tasks"]["1"]
    period = api.get(f"/api/campaigns/{launched['id']}", headers=COORDINATOR).json()["start_period"]
    body = {
        "period": period,
        "actuals": {"spaces": 40},
        "progress": "新增40个",
        "problems": "协调难",
    }
    assert api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead()).status_code == 200

    [waiting] = api.get("/api/reviews", headers=EVALUATOR).json()
    assert (waiting["task_id"], waiting["period"], waiting["revision"]) == (tid, period, 1)
    assert (waiting["actuals"], waiting["problems"], waiting["waiting_days"]) == (
        {"spaces": 40},
        "协调难",
        0,
    )
    assert api.get("/api/reviews", headers=lead()).status_code == 403
    url = f"/api/tasks/{tid}/reports/{period}"
    assert api.post(f"{url}/accept", headers=COORDINATOR).status_code == 200
    assert api.get("/api/reviews", headers=COORDINATOR).json() == []


def test_the_silent_supporting_units_are_listed_until_they_contribute(
    api: TestClient, launched: dict[str, Any]
) -> None:
    [silent] = api.get("/api/contributions/silent", headers=COORDINATOR).json()
    assert (silent["task_number"], silent["silent"]) == ("1", [OTHER])
    tid, period = silent["task_id"], silent["period"]
    body = {"period": period, "text": "配合开放场站"}
    given = api.post(f"/api/tasks/{tid}/contributions", json=body, headers=lead(OTHER))
    assert given.status_code == 200, given.text
    assert api.get("/api/contributions/silent", headers=COORDINATOR).json() == []
    named = api.get("/api/contributions/silent", params={"period": period}, headers=COORDINATOR)
    assert named.json() == []
    refused = api.get(
        "/api/contributions/silent", params={"period": "２０９３-03"}, headers=COORDINATOR
    )
    assert refused.status_code == 422
    assert api.get("/api/contributions/silent", headers=lead(LEAD)).status_code == 403
