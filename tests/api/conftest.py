"""Fixtures of the API tests: every one runs on SQLite and on PostgreSQL (`store_env`)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.application import Xiuhua
from infra.settings import Settings
from tests.api.harness import COORDINATOR, Clock, Temporal, campaign_body, eventually


@pytest.fixture
def settings(store_env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Settings:
    monkeypatch.delenv("XIUHUA_USERS_FILE", raising=False)
    return Settings(
        persistence_module=store_env["PERSISTENCE_MODULE"],
        store_env=store_env,
        task_queue=f"xiuhua-test-{uuid.uuid4()}",
        environment="dev",
    )


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def reader(app: Xiuhua, settings: Settings, clock: Clock) -> Iterator[TestClient]:
    """The API reading the test's store, without Temporal, at `clock`; facts are written
    through the application itself."""
    application = create_app(settings, store=app)
    application.state.clock = clock
    with TestClient(application) as client:
        yield client


@pytest.fixture
def temporal(app: Xiuhua, settings: Settings) -> Iterator[Temporal]:
    harness = Temporal(app, settings.task_queue)
    harness.start()
    yield harness
    harness.stop()


@pytest.fixture
def api(app: Xiuhua, temporal: Temporal, settings: Settings) -> Iterator[TestClient]:
    """The API on the test's store, told about the test server, with the server's clock."""
    application = create_app(settings, store=app, temporal=temporal.client)
    application.state.clock = temporal.now
    with TestClient(application) as client:
        yield client


@pytest.fixture
def campaign(api: TestClient, temporal: Temporal) -> dict[str, Any]:
    """A defined (not launched) campaign: its id and task ids by number."""
    response = api.post("/api/campaigns", json=campaign_body(temporal.now()), headers=COORDINATOR)
    assert response.status_code == 201, response.text
    cid = response.json()["id"]
    tasks = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["tasks"]
    return {"id": cid, "tasks": {t["number"]: t["id"] for t in tasks}}


@pytest.fixture
def launched(api: TestClient, campaign: dict[str, Any]) -> dict[str, Any]:
    response = api.post(f"/api/campaigns/{campaign['id']}/launch", headers=COORDINATOR)
    assert response.status_code == 200, response.text
    assert response.json()["warning"] is None

    def opened() -> bool:
        """The workflow opened this month's period for every task (and then waits for days)."""
        detail = api.get(f"/api/campaigns/{campaign['id']}", headers=COORDINATOR).json()
        return all(t["periods"] for t in detail["tasks"])

    eventually(opened)
    return campaign
