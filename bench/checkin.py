"""End-to-end check-in latency: API -> event stored -> workflow signalled -> activity done.

Each sample is one monthly report POSTed over HTTP to the real API (uvicorn) on PostgreSQL,
timed until the campaign workflow reports the review activity for it finished (its `pending`
query's reviews_done). Printed as p50/p95 and as a ratio to the p50 of a bare temporalio
workflow running one no-op activity, measured in the same run on the same dev server.

    .venv/bin/python -m bench.checkin [samples]
"""

from __future__ import annotations

import asyncio
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import httpx
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from api.app import create_app
from bench.bare import BareWorkflow, noop
from bench.common import DEV_SERVER, campaign_spec, define_and_launch
from bench.stores import admin, pg_env
from bench.table import Row, p50, percentile, render, vs
from domain.application import Xiuhua, business_day
from infra.serving import free_port, serving
from infra.settings import Settings
from workflows import starter
from workflows.worker import build_worker

LEAD = "Bearer demo-lead:unit-0"


async def bare_latencies(env: WorkflowEnvironment, samples: int) -> list[float]:
    queue = f"bare-{uuid.uuid4()}"
    timings = []
    async with Worker(env.client, task_queue=queue, workflows=[BareWorkflow], activities=[noop]):
        for n in range(samples):
            started = time.perf_counter()
            await env.client.execute_workflow(
                BareWorkflow.run, str(n), id=f"bare-{uuid.uuid4()}", task_queue=queue
            )
            timings.append(time.perf_counter() - started)
    return timings


async def checkin_latencies(env: WorkflowEnvironment, store: Xiuhua, samples: int) -> list[float]:
    settings = Settings(task_queue=f"bench-{uuid.uuid4()}", http_port=free_port())
    now = datetime.now(UTC)
    today = business_day(now)
    spec = campaign_spec(
        f"BENCH-{uuid.uuid4().hex[:6]}", today.year, samples, start_month=today.month, units=1
    )
    cid = define_and_launch(store, spec, now)
    period = spec.start_period
    timings = []
    with ThreadPoolExecutor(8) as executor:
        async with build_worker(env.client, store, settings.task_queue, executor):
            await starter.start_campaign(env.client, settings.task_queue, cid, now.year)
            api = create_app(settings, store=store, temporal=env.client)
            async with (
                serving(api, "127.0.0.1", settings.http_port) as base,
                httpx.AsyncClient(base_url=f"{base}/api", timeout=30) as http,
            ):
                for n, tid in enumerate(store.campaign(cid).task_ids):
                    body = {
                        "period": period,
                        "actuals": {"v": 10},
                        "progress": "bench",
                        "problems": "",
                        "next_steps": "",
                    }
                    started = time.perf_counter()
                    response = await http.post(
                        f"/tasks/{tid}/reports", json=body, headers={"Authorization": LEAD}
                    )
                    response.raise_for_status()
                    while (await starter.pending(env.client, cid)).reviews_done < n + 1:
                        await asyncio.sleep(0.002)
                    timings.append(time.perf_counter() - started)
    return timings


async def measure(env: WorkflowEnvironment, store: Xiuhua, samples: int) -> list[Row]:
    """Check-in latency against a bare one-activity workflow, on the same dev server."""
    bare = await bare_latencies(env, samples)
    checkin = await checkin_latencies(env, store, samples)
    return [
        vs("check-in API->store->signal->activity p50", p50(checkin) * 1000, "ms",
           p50(bare) * 1000, "bare one-activity workflow", note=f"{samples} samples"),
        vs("check-in API->store->signal->activity p95", percentile(checkin, 95) * 1000, "ms",
           percentile(bare, 95) * 1000, "bare one-activity workflow"),
    ]  # fmt: skip


async def main(samples: int) -> None:
    dbname = f"xiuhua_bench_{uuid.uuid4().hex[:8]}"
    admin(f'CREATE DATABASE "{dbname}"')
    store = Xiuhua(env=pg_env(dbname))
    try:
        async with await WorkflowEnvironment.start_local(
            dev_server_existing_path=DEV_SERVER, ui=False
        ) as env:
            rows = await measure(env, store, samples)
    finally:
        store.close()
        admin(f'DROP DATABASE IF EXISTS "{dbname}" WITH (FORCE)')
    print(render(rows))


if __name__ == "__main__":
    asyncio.run(main(int(sys.argv[1]) if len(sys.argv) > 1 else 30))
