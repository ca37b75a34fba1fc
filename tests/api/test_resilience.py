"""The API without Temporal keeps every fact; the lifespan builds and closes what it owns."""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Iterator
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError
from fastapi.testclient import TestClient

from api.app import create_app
from domain.application import Xiuhua
from infra.settings import Settings
from tests.api.harness import COORDINATOR, TODAY, campaign_body, lead

NOWHERE = "127.0.0.1:1"  # nothing listens there: every Temporal call fails at once


@pytest.fixture
def offline(settings: Settings) -> Iterator[TestClient]:
    """The whole app built by its lifespan from settings, with Temporal unreachable."""
    application = create_app(dataclasses.replace(settings, temporal_address=NOWHERE))
    application.state.clock = lambda: TODAY
    with TestClient(application) as client:
        yield client
    assert not application.state.services.runner.running


def test_when_temporal_is_down_commands_are_stored_and_answered_with_a_warning(
    offline: TestClient, store_env: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    body = campaign_body(TODAY)
    created = offline.post("/api/campaigns", json=body, headers=COORDINATOR)
    assert created.status_code == 201
    cid = created.json()["id"]

    with caplog.at_level(logging.WARNING, logger="api.commands"):
        launched = offline.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR)
    assert launched.status_code == 202
    assert "workflow was not told (launched)" in launched.json()["warning"]
    assert "told when Temporal is reachable again" in launched.json()["warning"]
    assert "Temporal was not told (launched)" in caplog.text

    campaign = offline.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
    assert campaign["phase"] == "running"
    tid = campaign["tasks"][0]["id"]
    report = {"period": body["start_period"], "actuals": {"spaces": 5}, "progress": "进展"}
    submitted = offline.post(f"/api/tasks/{tid}/reports", json=report, headers=lead())
    assert submitted.status_code == 202
    assert submitted.json()["position"] is not None
    task = offline.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["tasks"][0]
    assert task["periods"][0]["state"] == "submitted"

    pending = offline.get(f"/api/campaigns/{cid}/pending", headers=COORDINATOR)
    assert pending.status_code == 503
    assert pending.json()["detail"][0]["type"] == "unavailable"

    # The facts are in the store for whoever reads it next, e.g. a restarted workflow.
    store = Xiuhua(env=store_env)
    try:
        assert store.campaign(UUID(cid)).phase.value == "running"
        assert store.task(UUID(tid)).record(body["start_period"]).state is not None
    finally:
        store.close()


def test_an_integrity_error_that_escapes_is_a_conflict(settings: Settings) -> None:
    application = create_app(dataclasses.replace(settings, temporal_address=NOWHERE))

    def clash() -> None:
        raise IntegrityError("duplicate key value violates unique constraint")

    application.add_api_route("/api/clash", clash, methods=["POST"])
    with TestClient(application) as client:
        response = client.post("/api/clash")
    assert response.status_code == 409
    assert response.json()["detail"][0]["type"] == "conflict"


def test_the_openapi_document_describes_every_endpoint(offline: TestClient) -> None:
    paths = offline.get("/openapi.json").json()["paths"]
    assert set(paths) == {
        "/api",
        "/api/campaigns",
        "/api/campaigns/{campaign_id}",
        "/api/campaigns/{campaign_id}/launch",
        "/api/campaigns/{campaign_id}/events",
        "/api/campaigns/{campaign_id}/pending",
        "/api/campaigns/{campaign_id}/assessments",
        "/api/tasks/{task_id}",
        "/api/tasks/{task_id}/reports",
        "/api/tasks/{task_id}/reports/{period}/return",
        "/api/tasks/{task_id}/reports/{period}/accept",
        "/api/tasks/{task_id}/reports/{period}/draft",
        "/api/tasks/{task_id}/supervision/open",
        "/api/tasks/{task_id}/supervision/close",
        "/api/tasks/{task_id}/contributions",
        "/api/tasks/{task_id}/evidence",
        "/api/tasks/{task_id}/evidence/{hash}",
        "/api/tasks/{task_id}/milestones/{code}/complete",
        "/api/battle-map",
        "/api/campaigns/{campaign_id}/meetings",
        "/api/meetings/{meeting_id}/follow-ups/{code}/done",
        "/api/units/{unit}/inbox",
        "/api/units",
        "/api/units/{name}/aliases",
        "/api/unit-groups",
        "/api/unit-groups/{name}/members",
        "/api/overdue",
        "/api/reviews",
        "/api/audit",
        "/api/changes",
        "/api/scores",
        "/api/packs",
        "/api/reports/year-end",
        "/api/packs/{pack_id}",
        "/api/rubrics",
        "/api/campaigns/{campaign_id}/qualitative",
        "/api/past/battle-map",
        "/api/past/campaigns",
        "/api/past/campaigns/{campaign_id}",
        "/api/past/units/{unit}/inbox",
        "/api/contributions/silent",
        "/api/imports",
        "/api/exports/status.xlsx",
        "/api/campaigns/{campaign_id}/plan.yaml",
        "/api/campaigns/{campaign_id}/plan.xlsx",
        "/api/health",
        "/api/health/unprojected",
        "/api/dashboards/tasks/{task_id}/burnup",
        "/api/dashboards/timeliness",
        "/api/dashboards/delays",
        "/api/dashboards/milestones",
    }
    assert all(op.get("description") for ops in paths.values() for op in ops.values())
