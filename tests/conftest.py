"""Shared fixtures: a fresh event store per test on SQLite or PostgreSQL, and Temporal binaries.

PostgreSQL is the machine's server at 127.0.0.1:5432 (override with XIUHUA_TEST_PG_*). Each
test run creates its own database and drops it afterwards. Under CI=true a missing PostgreSQL
fails the tests that need it instead of skipping them.
"""

from __future__ import annotations

import os
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from domain.application import Xiuhua
from infra.settings import POSTGRES_DEFAULTS

BIN = Path(sys.executable).parent
TEST_SERVER = BIN / "temporal-test-server"
TEMPORAL_CLI = BIN / "temporal"

PG_HOST = os.environ.get("XIUHUA_TEST_PG_HOST", "127.0.0.1")
PG_PORT = os.environ.get("XIUHUA_TEST_PG_PORT", "5432")
PG_USER = os.environ.get("XIUHUA_TEST_PG_USER", "postgres")
PG_PASSWORD = os.environ.get("XIUHUA_TEST_PG_PASSWORD", "")
PG_ADMIN_DB = os.environ.get("XIUHUA_TEST_PG_ADMIN_DB", "test")


def _admin_connect() -> psycopg.Connection:
    return psycopg.connect(
        host=PG_HOST,
        port=PG_PORT,
        user=PG_USER,
        password=PG_PASSWORD or None,
        dbname=PG_ADMIN_DB,
        autocommit=True,
        connect_timeout=5,
    )


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database of this test run's own, dropped at the end."""
    try:
        admin = _admin_connect()
    except psycopg.OperationalError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is required under CI and is not reachable: {error}")
        pytest.skip(f"PostgreSQL not reachable: {error}")
    name = f"xiuhua_test_{uuid.uuid4().hex[:12]}"
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    yield name
    with _admin_connect() as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def postgres_env(dbname: str, schema: str) -> dict[str, str]:
    """Store settings for PostgreSQL; each test gets its own schema so tests never share rows."""
    with psycopg.connect(
        host=PG_HOST,
        port=PG_PORT,
        user=PG_USER,
        password=PG_PASSWORD or None,
        dbname=dbname,
        autocommit=True,
    ) as conn:
        conn.execute(f'CREATE SCHEMA IF NOT EXISTS "{schema}"')
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": PG_HOST,
        "POSTGRES_PORT": PG_PORT,
        "POSTGRES_USER": PG_USER,
        "POSTGRES_PASSWORD": PG_PASSWORD,
        "POSTGRES_SCHEMA": schema,
        "CREATE_TABLE": "y",
        **POSTGRES_DEFAULTS,
    }


def sqlite_env(directory: Path) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": str(directory / "events.sqlite"),
    }


@pytest.fixture(params=["sqlite", "postgres"])
def store_env(request: pytest.FixtureRequest, tmp_path: Path) -> dict[str, str]:
    """Event-store settings, once for SQLite and once for PostgreSQL."""
    if request.param == "sqlite":
        return sqlite_env(tmp_path)
    dbname = request.getfixturevalue("postgres_database")
    return postgres_env(dbname, f"t_{uuid.uuid4().hex[:12]}")


@pytest.fixture
def app(store_env: dict[str, str]) -> Iterator[Xiuhua]:
    application = Xiuhua(env=store_env)
    yield application
    application.close()
