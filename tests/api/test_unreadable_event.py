"""One stored event the projection cannot read does not stop the read side: it is recorded,
reported at /api/health, passed over, and everything after it is applied."""

from __future__ import annotations

import logging
import uuid
from typing import Any

import pytest
from eventsourcing.persistence import StoredEvent
from fastapi.testclient import TestClient

from domain.application import Xiuhua
from tests.api.harness import COORDINATOR, Temporal, campaign_body, lead


def unreadable(app: Xiuhua) -> int:
    """An event whose stored state is not what any version of the code wrote."""
    event = StoredEvent(
        originator_id=uuid.uuid4(),
        originator_version=1,
        topic="domain.task:Task.ReportSubmitted",
        state=b"\xff\xfe not json {",
    )
    app.recorder.insert_events([event])
    position = app.recorder.max_notification_id()
    assert position is not None
    return position


def test_an_unreadable_event_is_passed_over_and_the_rest_reads_on(
    api: TestClient,
    app: Xiuhua,
    temporal: Temporal,
    campaign: dict[str, Any],
    caplog: pytest.LogCaptureFixture,
) -> None:
    assert api.get("/api/health").json()["unprojected"] == 0
    with caplog.at_level(logging.ERROR, logger="infra.readmodel.model"):
        bad = unreadable(app)
        created = api.post(
            "/api/campaigns", json=campaign_body(temporal.now(), code="AFTER"), headers=COORDINATOR
        )
    assert created.status_code == 201, created.text
    assert created.json()["warning"] is None  # the read model went past the bad event at once
    assert f"cannot project event {bad}" in caplog.text

    codes = {c["code"] for c in api.get("/api/campaigns", headers=COORDINATOR).json()}
    assert codes == {"PARK-1", "AFTER"}
    assert api.get(f"/api/campaigns/{campaign['id']}", headers=COORDINATOR).status_code == 200

    health = api.get("/api/health")
    assert health.status_code == 200
    assert health.json()["status"] == "degraded"
    assert health.json()["unprojected"] == 1
    assert health.json()["read_model_position"] >= bad

    listed = api.get("/api/health/unprojected", headers=COORDINATOR)
    assert listed.status_code == 200
    [row] = listed.json()
    assert row["position"] == bad
    assert row["topic"] == "domain.task:Task.ReportSubmitted"
    assert row["error"]
    assert api.get("/api/health/unprojected", headers=lead()).status_code == 403
