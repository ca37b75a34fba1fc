"""The production shape end to end: the web API served by uvicorn over real HTTP, a worker, the
Temporal dev server (the installed `temporal` binary) and PostgreSQL, all on the real clock."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from typing import Any, TypeVar
from urllib.parse import quote

import httpx
from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from api.app import create_app
from domain.application import Xiuhua
from infra.serving import free_port, serving
from infra.settings import Settings
from tests.api.harness import COORDINATOR, LEAD, OTHER, campaign_body, lead
from tests.conftest import TEMPORAL_CLI, postgres_env
from workflows.starter import workflow_id
from workflows.worker import build_worker

T = TypeVar("T")


async def eventually(check: Callable[[], Awaitable[T | None]], timeout: float = 30.0) -> T:
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        result = await check()
        if result:
            return result
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"not within {timeout}s; last: {result!r}")
        await asyncio.sleep(0.1)


def test_a_campaign_runs_through_http_the_dev_server_and_postgresql(
    postgres_database: str,
) -> None:
    store_env = postgres_env(postgres_database, f"it_{uuid.uuid4().hex[:10]}")
    asyncio.run(_scenario(store_env))


async def _scenario(store_env: dict[str, str]) -> None:
    store = Xiuhua(env=store_env)
    settings = Settings(
        persistence_module=store_env["PERSISTENCE_MODULE"],
        store_env=store_env,
        task_queue=f"it-{uuid.uuid4()}",
        http_port=free_port(),
    )
    async with await WorkflowEnvironment.start_local(
        dev_server_existing_path=str(TEMPORAL_CLI), ui=False
    ) as env:
        with ThreadPoolExecutor(4) as executor:
            async with build_worker(env.client, store, settings.task_queue, executor):
                api = create_app(settings, store=store, temporal=env.client)
                async with (
                    serving(api, "127.0.0.1", settings.http_port) as base,
                    httpx.AsyncClient(base_url=f"{base}/api", timeout=30) as http,
                ):
                    await _walk_through(http, env)
    store.close()


async def _walk_through(http: httpx.AsyncClient, env: WorkflowEnvironment) -> None:
    body = campaign_body(datetime.now(UTC), code=f"IT-{uuid.uuid4().hex[:6]}")
    period = body["start_period"]
    created = await http.post("/campaigns", json=body, headers=COORDINATOR)
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    launched = await http.post(f"/campaigns/{cid}/launch", headers=COORDINATOR)
    assert launched.status_code == 200, launched.text

    description = await env.client.get_workflow_handle(workflow_id(cid)).describe()
    assert description.status == WorkflowExecutionStatus.RUNNING

    async def period_is_due() -> list[dict[str, Any]]:
        inbox = (await http.get(f"/units/{quote(LEAD)}/inbox", headers=lead())).json()
        return [d for d in inbox["due"] if d["period"] == period]

    due = await eventually(period_is_due)
    task_id = due[0]["task_id"]

    report = {
        "period": period,
        "actuals": {"spaces": 12},
        "progress": "完成 12 个共享泊位签约",
        "problems": "",
        "next_steps": "推进第二批小区",
    }
    refused = await http.post(f"/tasks/{task_id}/reports", json=report, headers=lead(OTHER))
    assert refused.status_code == 403
    first = await http.post(f"/tasks/{task_id}/reports", json=report, headers=lead())
    assert first.status_code in (200, 202), first.text

    async def reviewed() -> bool:
        pending = (await http.get(f"/campaigns/{cid}/pending", headers=COORDINATOR)).json()
        return pending["reviews_done"] >= 1

    await eventually(reviewed)

    returned = await http.post(
        f"/tasks/{task_id}/reports/{period}/return",
        json={"reason": "泊位数与签约台账不符"},
        headers=COORDINATOR,
    )
    assert returned.status_code == 200, returned.text
    resubmitted = await http.post(
        f"/tasks/{task_id}/reports", json={**report, "actuals": {"spaces": 11}}, headers=lead()
    )
    assert resubmitted.status_code in (200, 202), resubmitted.text
    accepted = await http.post(f"/tasks/{task_id}/reports/{period}/accept", headers=COORDINATOR)
    assert accepted.status_code == 200, accepted.text

    events_before = (await http.get(f"/campaigns/{cid}/events", headers=COORDINATOR)).json()
    again = await http.post(f"/tasks/{task_id}/reports", json=report, headers=lead())
    assert again.status_code == 409
    outside = await http.post(
        f"/tasks/{task_id}/reports", json={**report, "period": "1999-01"}, headers=lead()
    )
    assert outside.status_code == 422
    assert outside.json()["detail"][0]["loc"][-1] == "period"
    events_after = (await http.get(f"/campaigns/{cid}/events", headers=COORDINATOR)).json()
    assert events_after == events_before

    mine = [e for e in events_after if e.get("period") == period and e.get("task_id") == task_id]
    kinds = [e["type"] for e in mine]
    assert kinds == [
        "Task.PeriodOpened",
        "Task.ReportSubmitted",
        "Task.ReportReturned",
        "Task.ReportSubmitted",
        "Task.ReportAccepted",
    ], kinds
