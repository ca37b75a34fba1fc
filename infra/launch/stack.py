"""Running the process kinds: the worker, the API, and `up` (both plus an embedded Temporal)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import uvicorn
from temporalio.client import Client

from domain.application import Xiuhua
from infra.launch.demo.loader import load_demo
from infra.launch.demo.users import demo_sign_ins, sign_in_table
from infra.launch.devserver import DevServer
from infra.settings import Settings
from infra.store import open_store
from infra.temporal import connect
from workflows.starter import ensure_running
from workflows.worker import build_worker

log = logging.getLogger("xiuhua")
ACTIVITY_THREADS = 8
RECONCILE_EVERY = 300.0  # seconds


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: ours stops the worker and Temporal too."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def run_processes(
    settings: Settings, *, with_worker: bool, with_api: bool, demo: bool = False
) -> None:
    """Run the worker and/or the web API until SIGINT or SIGTERM; `demo` loads the demo once."""
    from api.app import create_app

    stop = _stop_on_signals()
    store = open_store(settings)
    client = await connect(settings)
    if demo and settings.demo and not store.launched_campaigns():
        names = load_demo(store, datetime.now(UTC))
        log.info("loaded the demo portfolio: %s", ", ".join(names))
    if demo and settings.demo:
        given = demo_sign_ins(store, datetime.now(UTC))
        url = f"http://{settings.http_host}:{settings.http_port}/"
        print(sign_in_table(given, url), flush=True)
    executor = ThreadPoolExecutor(ACTIVITY_THREADS, thread_name_prefix="activity")
    tasks: list[asyncio.Task[object]] = []
    reconciler: asyncio.Task[None] | None = None
    server: _Server | None = None
    if with_worker:
        worker = build_worker(client, store, settings.task_queue, executor)
        tasks.append(asyncio.create_task(worker.run()))
        started = await ensure_running(client, settings.task_queue, store)
        log.info("campaign workflows running: %d", len(started))
        reconciler = asyncio.create_task(_reconcile(client, settings, store))
    if with_api:
        api = create_app(settings, store=store, temporal=client)
        config = uvicorn.Config(api, host=settings.http_host, port=settings.http_port)
        server = _Server(config)
        tasks.append(asyncio.create_task(server.serve()))
    try:
        done_or_stop = asyncio.create_task(stop.wait())
        await asyncio.wait([done_or_stop, *tasks], return_when=asyncio.FIRST_COMPLETED)
        for task in tasks:
            if task.done() and task.exception():
                raise task.exception()  # type: ignore[misc]
    finally:
        if reconciler is not None:
            reconciler.cancel()
        if server is not None:
            server.should_exit = True
        if with_worker:
            await worker.shutdown()
        await asyncio.gather(*tasks, return_exceptions=True)
        executor.shutdown(wait=True)
        store.close()


async def _reconcile(client: Client, settings: Settings, store: Xiuhua) -> None:
    """Every few minutes, start the workflow of any launched campaign that has none."""
    while True:
        await asyncio.sleep(RECONCILE_EVERY)
        try:
            await ensure_running(client, settings.task_queue, store)
        except Exception:  # Temporal or the store away for a while: try again next round
            log.warning("could not check the campaign workflows", exc_info=True)


def up(settings: Settings) -> None:
    """Temporal dev server, worker and web API in one process tree."""
    host, port = settings.temporal_address.rsplit(":", 1)
    temporal = DevServer(
        settings.data_dir / "temporal",
        host,
        int(port),
        settings.temporal_ui_port,
        settings.temporal_namespace,
    )
    temporal.start()
    stopping = threading.Event()
    watchdog = threading.Thread(
        target=temporal.keep_alive, args=(stopping,), name="temporal-watchdog", daemon=True
    )
    watchdog.start()
    print(f"Temporal      {temporal.address}  (Web UI http://{host}:{settings.temporal_ui_port})")
    print(f"Pages         http://{settings.http_host}:{settings.http_port}/  (sign-ins below)")
    print(f"JSON API      http://{settings.http_host}:{settings.http_port}/api  (docs: /docs)")
    print(f"Data          {settings.data_dir}")
    print("Stop with Ctrl-C.")
    try:
        asyncio.run(run_processes(settings, with_worker=True, with_api=True, demo=True))
    finally:
        stopping.set()
        watchdog.join(10)
        temporal.stop()
