"""Meetings through the API: recorded by the task force, listed with their follow-ups, owed in
the units' inboxes, done by the unit that owes them; bad input is refused by field."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from domain.application import business_day
from tests.api.harness import COORDINATOR, EVALUATOR, LEAD, OTHER, Temporal, lead


def meeting_body(temporal: Temporal, **changes: Any) -> dict[str, Any]:
    today = business_day(temporal.now())
    body = {
        "kind": "quarterly",
        "held_on": today.isoformat(),
        "title": "一季度推进会",
        "attendees": [LEAD, OTHER],
        "decisions": ["月底前报送整改方案"],
        "follow_ups": [
            {"action": "报送整改方案", "unit": LEAD, "due_on": str(today + timedelta(days=20))},
            {"action": "开放夜间车位", "unit": OTHER, "due_on": str(today + timedelta(days=10))},
        ],
    }
    return {**body, **changes}


def test_a_meeting_is_recorded_listed_owed_and_done(
    api: TestClient, temporal: Temporal, launched: dict[str, Any]
) -> None:
    url = f"/api/campaigns/{launched['id']}/meetings"
    held = api.post(url, json=meeting_body(temporal), headers=COORDINATOR)
    assert held.status_code == 201, held.text
    assert held.json()["number"] == 1 and held.json()["warning"] is None
    mid = held.json()["id"]

    [listed] = api.get(url, headers=EVALUATOR).json()
    assert (listed["id"], listed["title"], listed["decisions"]) == (
        mid,
        "一季度推进会",
        ["月底前报送整改方案"],
    )
    assert [(f["code"], f["unit"], f["done_on"]) for f in listed["follow_ups"]] == [
        ("1", LEAD, None),
        ("2", OTHER, None),
    ]
    inbox = api.get(f"/api/units/{LEAD}/inbox", headers=lead()).json()
    assert [(f["code"], f["action"]) for f in inbox["follow_ups"]] == [("1", "报送整改方案")]

    done_url = f"/api/meetings/{mid}/follow-ups/1/done"
    refused = api.post(done_url, json={"note": "已报送"}, headers=lead(OTHER))
    assert refused.status_code == 403 and "承办" in refused.json()["detail"][0]["msg"]
    done = api.post(done_url, json={"note": "已报送"}, headers=lead())
    assert done.status_code == 200, done.text
    assert api.post(done_url, json={"note": "再报"}, headers=lead()).status_code == 409
    assert api.get(f"/api/units/{LEAD}/inbox", headers=lead()).json()["follow_ups"] == []
    [listed] = api.get(url, headers=COORDINATOR).json()
    assert listed["follow_ups"][0]["done_note"] == "已报送"
    assert api.get(url, headers=lead()).status_code == 403


def test_a_meeting_that_cannot_be_right_is_refused_by_field(
    api: TestClient, temporal: Temporal, launched: dict[str, Any]
) -> None:
    url = f"/api/campaigns/{launched['id']}/meetings"
    today = business_day(temporal.now())
    cases = [
        ({"held_on": str(today + timedelta(days=1))}, ["body", "held_on"]),
        ({"kind": "party"}, ["body", "kind"]),
        ({"attendees": []}, ["body", "attendees"]),
        (
            {"follow_ups": [{"action": "x", "unit": LEAD, "due_on": str(today)}]},
            ["body", "follow_ups", "0", "due_on"],
        ),
        (
            {"follow_ups": [{"action": "x", "unit": LEAD, "due_on": "２０９３-04-01"}]},
            ["body", "follow_ups", 0, "due_on"],
        ),
    ]
    for changes, loc in cases:
        answer = api.post(url, json=meeting_body(temporal, **changes), headers=COORDINATOR)
        assert answer.status_code == 422, (changes, answer.text)
        assert answer.json()["detail"][0]["loc"] == loc, answer.text
    assert api.get(url, headers=COORDINATOR).json() == []
