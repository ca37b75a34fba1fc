"""Opening the event store from settings, safely when several processes start at once."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager

import psycopg

from domain.application import Xiuhua
from infra.pgpool import fail_fast_store
from infra.settings import Settings

# Any fixed number: the store's CREATE TABLE IF NOT EXISTS still collides in PostgreSQL's
# catalog when an API and workers start together on a new database, so they take turns.
_DDL_LOCK = 7_202_612


@contextmanager
def _ddl_turn(env: Mapping[str, str]) -> Iterator[None]:
    with psycopg.connect(
        dbname=env["POSTGRES_DBNAME"],
        host=env.get("POSTGRES_HOST", "127.0.0.1"),
        port=env.get("POSTGRES_PORT", "5432"),
        user=env.get("POSTGRES_USER"),
        password=env.get("POSTGRES_PASSWORD") or None,
        autocommit=True,
    ) as conn:
        conn.execute("SELECT pg_advisory_lock(%s)", (_DDL_LOCK,))
        try:
            yield
        finally:
            conn.execute("SELECT pg_advisory_unlock(%s)", (_DDL_LOCK,))


def open_store(settings: Settings) -> Xiuhua:
    env = dict(settings.store_env)
    if not settings.is_postgres:
        return Xiuhua(env=env)
    with _ddl_turn(env):
        store = Xiuhua(env=env)
    fail_fast_store(store)
    return store
