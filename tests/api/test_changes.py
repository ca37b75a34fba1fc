"""What changed between two moments: the facts recorded in between by kind, and the tasks whose
status moved, as known on each moment; as JSON and as CSV."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from fastapi.testclient import TestClient

from tests.api.harness import COORDINATOR, Temporal, eventually, lead
from tests.api.test_calendar import launch, skip_to


def test_the_changes_between_two_moments_are_listed_by_kind_with_the_status_moves(
    api: TestClient, temporal: Temporal
) -> None:
    detail = launch(api, temporal, escalate_after_overdue=1)
    cid, period = detail["id"], detail["start_period"]
    first = detail["tasks"][0]["id"]
    due = detail["tasks"][0]["periods"][0]["due_on"]
    temporal.sleep(1 / 1440)
    since = temporal.now()
    temporal.sleep(1 / 1440)
    body = {"period": period, "actuals": {"spaces": 40}, "progress": "新增40个"}
    assert api.post(f"/api/tasks/{first}/reports", json=body, headers=lead()).status_code == 200
    url = f"/api/tasks/{first}/reports/{period}"
    assert (
        api.post(f"{url}/return", json={"reason": "口径"}, headers=COORDINATOR).status_code == 200
    )
    assert api.post(f"/api/tasks/{first}/reports", json=body, headers=lead()).status_code == 200
    skip_to(temporal, date.fromisoformat(due) + timedelta(days=1))
    eventually(lambda: api.get("/api/overdue", headers=COORDINATOR).json())
    until = temporal.now()

    params = {"since": since.isoformat(), "until": until.isoformat(), "campaign": cid}
    answer = api.get("/api/changes", params=params, headers=COORDINATOR)
    assert answer.status_code == 200, answer.text
    changed: dict[str, Any] = answer.json()
    counts = changed["counts"]
    assert counts["submitted"] == 1 and counts["corrected"] == 1 and counts["returned"] == 1
    assert counts["delay began"] == 1 and counts["supervision opened"] == 1
    moved = {m["task_number"]: (m["before"], m["after"]) for m in changed["statuses"]}
    assert moved["2"] == ("on_track", "late")

    dated = {"since": str(since.date()), "until": str(until.date()), "format": "csv"}
    exported = api.get("/api/changes", params=dated, headers=COORDINATOR)
    assert exported.status_code == 200 and "delay began" in exported.content.decode("utf-8-sig")
    assert api.get("/api/changes", params=params, headers=lead()).status_code == 403
    backwards = {"since": until.isoformat(), "until": since.isoformat()}
    refused = api.get("/api/changes", params=backwards, headers=COORDINATOR)
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"] == ["query", "until"]
