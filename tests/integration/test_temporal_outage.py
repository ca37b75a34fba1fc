"""Temporal killed while lead units report: every report is stored, kept in the outbox, and once
the dev server is back each reaches its workflow, is reviewed, and closes the supervision it
resolves. The real dev server (persisting to SQLite, as `xiuhua up` runs it), PostgreSQL, HTTP."""

from __future__ import annotations

import asyncio
import os
import signal
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
from temporalio.client import Client

from api.app import create_app
from domain.application import Xiuhua
from infra.launch.devserver import DevServer
from infra.serving import free_port, serving
from infra.settings import Settings
from tests.api.harness import COORDINATOR, LEAD, OTHER, campaign_body, lead
from tests.conftest import postgres_env
from tests.integration.test_http_stack import eventually
from workflows.worker import build_worker


def test_reports_sent_while_temporal_is_dead_are_reviewed_after_it_restarts(
    postgres_database: str, tmp_path: Path
) -> None:
    store_env = postgres_env(postgres_database, f"to_{uuid.uuid4().hex[:10]}")
    asyncio.run(_scenario(store_env, tmp_path))


async def _scenario(store_env: dict[str, str], tmp_path: Path) -> None:
    temporal = DevServer(tmp_path / "temporal", "127.0.0.1", free_port(), free_port(), "default")
    temporal.start()
    store = Xiuhua(env=store_env)
    settings = Settings(
        persistence_module=store_env["PERSISTENCE_MODULE"],
        store_env=store_env,
        temporal_address=temporal.address,
        task_queue=f"outage-{uuid.uuid4()}",
        http_port=free_port(),
    )
    try:
        client = await Client.connect(temporal.address)
        with ThreadPoolExecutor(4) as executor:
            async with build_worker(client, store, settings.task_queue, executor):
                api = create_app(settings, store=store, temporal=client)
                async with (
                    serving(api, "127.0.0.1", settings.http_port) as base,
                    httpx.AsyncClient(base_url=f"{base}/api", timeout=30) as http,
                ):
                    await _outage(http, store, temporal)
    finally:
        temporal.stop()
        store.close()


async def _outage(http: httpx.AsyncClient, store: Xiuhua, temporal: DevServer) -> None:
    body = campaign_body(datetime.now(UTC), code="OUT-1", escalate_after_overdue=1)
    period = body["start_period"]
    cid = (await http.post("/campaigns", json=body, headers=COORDINATOR)).json()["id"]
    launched = await http.post(f"/campaigns/{cid}/launch", headers=COORDINATOR)
    assert launched.status_code == 200, launched.text

    async def opened() -> list[dict[str, Any]]:
        tasks = (await http.get(f"/campaigns/{cid}", headers=COORDINATOR)).json()["tasks"]
        return tasks if all(t["periods"] for t in tasks) else []

    tasks = {t["number"]: t for t in await eventually(opened)}
    # The month's due date passes with no report: overdue, and (escalate_after_overdue=1)
    # supervision, written by the same command the workflow's activity calls on that day.
    late = uuid.UUID(tasks["1"]["id"])
    due_on = datetime.fromisoformat(tasks["1"]["periods"][0]["due_on"])
    after_due = datetime.combine(due_on, datetime.min.time(), UTC) + timedelta(days=1)
    assert await asyncio.to_thread(store.mark_overdue, late, period, due_on.date(), after_due)
    assert store.task(late).open_supervision is not None

    os.killpg(temporal.process.pid, signal.SIGKILL)  # type: ignore[union-attr]
    temporal.process.wait()  # type: ignore[union-attr]

    report = {"period": period, "actuals": {}, "progress": "补报"}
    sent = [
        await http.post(f"/tasks/{tasks[n]['id']}/reports", json=report, headers=lead(unit))
        for n, unit in (("1", LEAD), ("2", OTHER))
    ]
    for response in sent:
        assert response.status_code == 202, response.text
        assert "told when Temporal is reachable again" in response.json()["warning"]
    health = (await http.get("/health")).json()
    assert health["outbox"] == 2

    temporal.start()

    async def reviewed() -> bool:
        pending = await http.get(f"/campaigns/{cid}/pending", headers=COORDINATOR)
        return pending.status_code == 200 and pending.json()["reviews_done"] == 2

    await eventually(reviewed, timeout=90)
    assert store.task(late).open_supervision is None
    assert (await http.get("/health")).json()["outbox"] == 0
    events = (await http.get(f"/campaigns/{cid}/events", headers=COORDINATOR)).json()
    closed = [e for e in events if e["type"] == "Task.SupervisionClosed"]
    assert [e["task_id"] for e in closed] == [str(late)]
