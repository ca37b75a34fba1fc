"""Several processes (an API and workers) may start at once on a new PostgreSQL database."""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor

from infra.settings import Settings
from infra.store import open_store
from tests.conftest import postgres_env


def test_stores_opened_at_once_on_a_new_database_all_open(postgres_database: str) -> None:
    env = postgres_env(postgres_database, f"open_{uuid.uuid4().hex[:10]}")
    settings = Settings(persistence_module=env["PERSISTENCE_MODULE"], store_env=env)
    with ThreadPoolExecutor(6) as pool:
        stores = list(pool.map(lambda _: open_store(settings), range(6)))
    try:
        assert all(s.recorder.max_notification_id() in (None, 0) for s in stores)
    finally:
        for store in stores:
            store.close()
