"""PostgreSQL gone mid-run: a JSON 503 with Retry-After within a few seconds, nothing half-written,
and the same process answering again once the database is back, without a restart."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from infra.settings import Settings
from tests.api.harness import COORDINATOR, campaign_body, eventually, lead
from tests.conftest import PG_HOST, PG_PORT, PG_USER, _admin_connect

NOWHERE = "127.0.0.1:1"
# The pool waits POSTGRES_CONNECT_TIMEOUT (3 s) for a connection; a request may make two tries.
BOUND = 10.0


@pytest.fixture
def database(postgres_database: str) -> Iterator[str]:
    """A database of this test's own, since the test cuts every connection to it."""
    name = f"xiuhua_outage_{uuid.uuid4().hex[:10]}"
    with _admin_connect() as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _admin_connect() as admin:
        admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cut(name: str, *, refuse: bool) -> None:
    """End every connection to the database; with `refuse`, also refuse new ones."""
    with _admin_connect() as admin:
        if refuse:
            admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS false')
        admin.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            "WHERE datname = %s AND pid <> pg_backend_pid()",
            (name,),
        )


def restore(name: str) -> None:
    with _admin_connect() as admin:
        admin.execute(f'ALTER DATABASE "{name}" WITH ALLOW_CONNECTIONS true')


def events_in(name: str) -> int:
    with psycopg.connect(host=PG_HOST, port=PG_PORT, user=PG_USER, dbname=name) as conn:
        row = conn.execute("SELECT count(*) FROM public.xiuhua_events").fetchone()
    return int(row[0]) if row else 0


@pytest.fixture
def api(database: str) -> Iterator[TestClient]:
    settings = Settings.from_env(
        {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": database,
            "POSTGRES_HOST": PG_HOST,
            "POSTGRES_PORT": PG_PORT,
            "POSTGRES_USER": PG_USER,
            "POSTGRES_PASSWORD": "",
            "CREATE_TABLE": "y",
            "TEMPORAL_ADDRESS": NOWHERE,
            "XIUHUA_ENV": "dev",
        }
    )
    with TestClient(create_app(settings)) as client:
        yield client


def test_connections_ended_by_the_server_are_replaced_unnoticed(
    api: TestClient, database: str
) -> None:
    created = api.post("/api/campaigns", json=campaign_body(datetime.now(UTC)), headers=COORDINATOR)
    assert created.status_code == 201, created.text
    cut(database, refuse=False)
    listed = api.get("/api/campaigns", headers=COORDINATOR)
    assert listed.status_code == 200, listed.text
    assert [c["id"] for c in listed.json()] == [created.json()["id"]]


def test_while_the_database_refuses_connections_requests_get_a_503_and_then_recover(
    api: TestClient, database: str
) -> None:
    body = campaign_body(datetime.now(UTC))
    created = api.post("/api/campaigns", json=body, headers=COORDINATOR)
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    stored = events_in(database)

    cut(database, refuse=True)
    try:
        for method, path, payload in (
            ("GET", "/api/campaigns", None),
            ("GET", f"/api/campaigns/{cid}", None),
            ("POST", f"/api/campaigns/{cid}/launch", None),
        ):
            started = time.monotonic()
            response = api.request(method, path, json=payload, headers=COORDINATOR)
            waited = time.monotonic() - started
            assert response.status_code == 503, (path, response.text)
            assert response.headers["retry-after"] == "5"
            error = response.json()["detail"][0]
            assert error["type"] == "unavailable"
            assert error["loc"] == ["server", "database"]
            assert "数据库" in error["msg"]
            assert waited < BOUND, (path, waited)
    finally:
        restore(database)

    assert events_in(database) == stored  # the refused launch wrote nothing

    def answers() -> bool:
        return api.get("/api/campaigns", headers=COORDINATOR).status_code == 200

    eventually(answers, timeout=30)
    launched = api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR)
    assert launched.status_code == 202, launched.text  # stored; Temporal is NOWHERE
    campaign = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
    assert campaign["phase"] == "running"
    tid = campaign["tasks"][0]["id"]
    report = {"period": body["start_period"], "actuals": {"spaces": 3}, "progress": "进展"}
    submitted = api.post(f"/api/tasks/{tid}/reports", json=report, headers=lead())
    assert submitted.status_code == 202, submitted.text
    assert "read model" not in submitted.json()["warning"]  # the projection follows again
