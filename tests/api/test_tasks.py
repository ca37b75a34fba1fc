"""Amending a task's plan through the API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from domain.application import Xiuhua
from tests.api.harness import COORDINATOR, LEAD, OTHER, lead


def amended(number: str = "1", **changes: Any) -> dict[str, Any]:
    return {
        "number": number,
        "title": "新增共享停车位（调整）",
        "lead_units": [OTHER],
        "supporting_units": [LEAD],
        "indicators": [],
        "milestones": [],
        "reason": "牵头单位调整",
        **changes,
    }


def test_an_amended_plan_moves_the_task_to_its_new_lead_unit(
    api: TestClient, launched: dict[str, Any]
) -> None:
    tid = launched["tasks"]["1"]
    response = api.put(f"/api/tasks/{tid}", json=amended(), headers=COORDINATOR)
    assert response.status_code == 200, response.text
    assert response.json()["warning"] is None  # the workflow heard of it

    task = api.get(f"/api/campaigns/{launched['id']}", headers=lead()).json()["tasks"][0]
    assert (task["title"], task["lead_units"]) == ("新增共享停车位（调整）", [OTHER])
    inbox = api.get(f"/api/units/{OTHER}/inbox", headers=lead(OTHER)).json()
    assert sorted(d["task_number"] for d in inbox["due"]) == ["1", "2"]
    assert api.get(f"/api/units/{LEAD}/inbox", headers=lead()).json()["due"] == []
    period = task["periods"][0]["period"]
    body = {"period": period, "progress": "ok"}
    assert api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead()).status_code == 403
    assert api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead(OTHER)).is_success

    events = api.get(f"/api/campaigns/{launched['id']}/events", headers=lead()).json()
    amendment = next(e for e in events if e["type"] == "Task.Amended")
    assert amendment["summary"] == "plan amended: 牵头单位调整"


def test_an_amendment_is_refused_without_a_reason_or_with_a_new_number(
    api: TestClient, app: Xiuhua, launched: dict[str, Any]
) -> None:
    tid = launched["tasks"]["1"]
    before = app.recorder.max_notification_id()
    no_reason = api.put(f"/api/tasks/{tid}", json=amended(reason=" "), headers=COORDINATOR)
    assert no_reason.status_code == 422
    assert no_reason.json()["detail"][0]["loc"] == ["body", "reason"]
    renumbered = api.put(f"/api/tasks/{tid}", json=amended("9"), headers=COORDINATOR)
    assert renumbered.status_code == 422
    assert renumbered.json()["detail"][0]["loc"] == ["body", "number"]
    assert api.put(f"/api/tasks/{tid}", json=amended(), headers=lead()).status_code == 403
    assert app.recorder.max_notification_id() == before
