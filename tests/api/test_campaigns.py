"""Defining, launching and reading campaigns through the API."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from domain.application import Xiuhua
from tests.api.harness import COORDINATOR, LEAD, Temporal, campaign_body, eventually, lead


def test_a_defined_campaign_is_in_the_portfolio_with_its_tasks(
    api: TestClient, campaign: dict[str, Any]
) -> None:
    portfolio = api.get("/api/campaigns", headers=lead()).json()
    assert [c["code"] for c in portfolio] == ["PARK-1"]
    summary = portfolio[0]
    assert summary["phase"] == "draft"
    assert summary["tasks"] == 2
    assert summary["status_counts"] == {"on_track": 2, "at_risk": 0, "late": 0, "not_computable": 0}

    detail = api.get(f"/api/campaigns/{campaign['id']}", headers=lead()).json()
    first = detail["tasks"][0]
    assert [t["number"] for t in detail["tasks"]] == ["1", "2"]
    assert first["lead_units"] == [LEAD]
    assert first["indicators"][0]["target"] == 180
    assert first["indicators"][0]["actual"] is None
    assert first["milestones"][0]["completed_on"] is None
    assert first["status"] == "on_track"


def test_a_second_campaign_with_the_same_code_is_a_conflict_and_stores_nothing(
    api: TestClient, app: Xiuhua, temporal: Temporal, campaign: dict[str, Any]
) -> None:
    before = app.recorder.max_notification_id()
    response = api.post("/api/campaigns", json=campaign_body(temporal.now()), headers=COORDINATOR)
    assert response.status_code == 409
    assert response.json()["detail"][0]["loc"] == ["body", "code"]
    assert app.recorder.max_notification_id() == before


def test_a_campaign_definition_with_a_bad_field_names_it(
    api: TestClient, app: Xiuhua, temporal: Temporal
) -> None:
    body = campaign_body(temporal.now())
    body["tasks"][0]["indicators"][0]["baseline"] = -5
    response = api.post("/api/campaigns", json=body, headers=COORDINATOR)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "tasks", 0, "indicators", 0, "target"]

    body = campaign_body(temporal.now(), due_day=31)
    response = api.post("/api/campaigns", json=body, headers=COORDINATOR)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "policy", "due_day"]

    body = campaign_body(temporal.now())
    body["start_period"] = f"{body['year'] + 1}-01"
    response = api.post("/api/campaigns", json=body, headers=COORDINATOR)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "start_period"]
    assert app.recorder.max_notification_id() is None or app.recorder.max_notification_id() == 0


def test_launching_starts_the_calendar_workflow(api: TestClient, launched: dict[str, Any]) -> None:
    cid = launched["id"]
    assert api.get(f"/api/campaigns/{cid}", headers=lead()).json()["phase"] == "running"

    def past_this_months_opening() -> dict[str, Any] | None:
        pending = api.get(f"/api/campaigns/{cid}/pending", headers=lead())
        assert pending.status_code == 200, pending.text
        body = pending.json()
        action = body["next_action"]
        return body if (action["kind"], action["period"]) != ("open", this_month) else None

    this_month = api.get(f"/api/campaigns/{cid}", headers=lead()).json()["start_period"]
    pending = eventually(past_this_months_opening)
    assert pending["campaign_id"] == cid
    assert pending["stage"] in ("waiting", "running")
    assert pending["actions_left"] > 0

    # The workflow opened this month's period for every task.
    def opened() -> list[dict[str, Any]] | None:
        tasks = api.get(f"/api/campaigns/{cid}", headers=lead()).json()["tasks"]
        return tasks if all(t["periods"] for t in tasks) else None

    first = eventually(opened)[0]
    assert first["periods"][0]["due_on"] is not None

    again = api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR)
    assert again.status_code == 409


def test_pending_of_a_campaign_never_launched_is_not_found(
    api: TestClient, campaign: dict[str, Any]
) -> None:
    response = api.get(f"/api/campaigns/{campaign['id']}/pending", headers=COORDINATOR)
    assert response.status_code == 404
    assert response.json()["detail"][0]["loc"] == ["path", "campaign_id"]


def test_an_unknown_campaign_is_not_found(api: TestClient) -> None:
    cid = "00000000-0000-0000-0000-000000000000"
    for path in (f"/api/campaigns/{cid}", f"/api/campaigns/{cid}/events"):
        response = api.get(path, headers=COORDINATOR)
        assert response.status_code == 404
        assert response.json()["detail"][0]["loc"] == ["path", "campaign_id"]
    response = api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR)
    assert response.status_code == 404
    assert response.json()["detail"][0]["loc"] == ["path", "campaign_id"]


def test_the_event_history_lists_who_did_what_in_store_order(
    api: TestClient, launched: dict[str, Any]
) -> None:
    cid = launched["id"]
    events = api.get(f"/api/campaigns/{cid}/events", headers=COORDINATOR).json()
    types = [e["type"] for e in events]
    assert types[:4] == ["Campaign.Defined", "Task.Planned", "Task.Planned", "Campaign.Launched"]
    positions = [e["position"] for e in events]
    assert positions == sorted(positions)
    defined = events[0]
    assert (defined["actor_user"], defined["actor_unit"]) == ("demo-coordinator", "专班")
    assert events[1]["task_number"] == "1"
    assert "recorded_at" in defined and "on" in defined


def test_the_api_index_shows_the_campaigns_in_dev_without_a_token(
    api: TestClient, campaign: dict[str, Any]
) -> None:
    index = api.get("/api")
    assert index.status_code == 200
    links = index.json()["campaigns"]
    assert [link["href"] for link in links] == [f"/api/campaigns/{campaign['id']}"]
    assert links[0]["phase"] == "draft"
