"""The running system the API benchmarks talk to: a Temporal dev server, a worker in this
process, the real API (uvicorn) in a process of its own on the run's copy of the portfolio with
its clock at the portfolio's `now`, and the bare app beside it."""

from __future__ import annotations

import asyncio
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from subprocess import Popen

import httpx
from temporalio.testing import WorkflowEnvironment

from bench.common import DEV_SERVER
from bench.portfolio import NOW
from bench.processes import free_port, python, spawn, stop, wait_until
from bench.stores import pg_env
from domain.application import Xiuhua
from workflows.worker import build_worker

COORDINATOR_TOKEN = "demo-coordinator"


def caught_up(response: httpx.Response) -> bool:
    """The API answers and its read model has applied every stored event."""
    if response.status_code != 200:
        return False
    health = response.json()
    store = health.get("store_position") or 0
    return health.get("read_model_position", -1) >= store


@dataclass
class Live:
    env: WorkflowEnvironment
    store: Xiuhua
    task_queue: str
    api: str
    bare: str
    api_process: Popen[bytes]
    bare_process: Popen[bytes]
    catch_up_seconds: float


@asynccontextmanager
async def live(dbname: str, catch_up_timeout: float = 1800.0) -> AsyncIterator[Live]:
    logs = Path(tempfile.mkdtemp(prefix="xiuhua-bench-logs-"))
    print(f"the API's and the bare app's logs: {logs}", file=sys.stderr)
    queue = f"bench-{uuid.uuid4()}"
    store = Xiuhua(env=pg_env(dbname))
    try:
        async with await WorkflowEnvironment.start_local(
            dev_server_existing_path=DEV_SERVER, ui=False
        ) as env:
            with ThreadPoolExecutor(8) as executor:
                async with build_worker(env.client, store, queue, executor):
                    api_port, bare_port = free_port(), free_port()
                    api_env = {
                        **pg_env(dbname),
                        "TEMPORAL_ADDRESS": env.client.service_client.config.target_host,
                        "XIUHUA_TASK_QUEUE": queue,
                        "XIUHUA_HTTP_PORT": str(api_port),
                        "XIUHUA_BENCH_NOW": NOW.isoformat(),
                        "XIUHUA_ENV": "dev",
                        "XIUHUA_DEMO": "0",
                    }
                    api_log, bare_log = logs / "api.log", logs / "bare.log"
                    api = spawn(python("bench.serve_api"), api_env, api_log)
                    bare = spawn(python("bench.serve_bare", str(bare_port), dbname), {}, bare_log)
                    try:
                        api_base = f"http://127.0.0.1:{api_port}"
                        bare_base = f"http://127.0.0.1:{bare_port}"
                        await asyncio.to_thread(
                            wait_until, bare, f"{bare_base}/health", log=bare_log
                        )
                        seconds = await asyncio.to_thread(
                            wait_until,
                            api,
                            f"{api_base}/api/health",
                            caught_up,
                            catch_up_timeout,
                            api_log,
                        )
                        yield Live(env, store, queue, api_base, bare_base, api, bare, seconds)
                    finally:
                        stop(api)
                        stop(bare)
    finally:
        store.close()
