"""What API tests share: Temporal on a loop of its own, tokens, a campaign body, polling."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import AsyncExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar
from urllib.parse import quote

from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from api.services import Services
from domain.application import Xiuhua, business_day
from tests.conftest import TEST_SERVER
from workflows.worker import build_worker

T = TypeVar("T")
# The API tests' today: 10 March 2093, noon in Shanghai. The time-skipping server starts at the
# wall clock and only moves forward, so it is skipped ahead to this instant before a test
# begins, and no test depends on the machine's date (2093 has 2026's calendar).
TODAY = datetime(2093, 3, 10, 4, 0, tzinfo=UTC)
COORDINATOR = {"Authorization": "Bearer demo-coordinator"}
EVALUATOR = {"Authorization": "Bearer demo-evaluator"}
ADMIN = {"Authorization": "Bearer demo-admin"}
LEAD = "区城管执法局"
OTHER = "区交通委"
SUPPORT = "区绿化市容局"  # supports, never leads, in the access tests' campaigns
STRANGER = "区房管局"  # neither leads nor supports any task of the tests' campaigns


def lead(unit: str = LEAD) -> dict[str, str]:
    return {"Authorization": f"Bearer demo-lead:{quote(unit)}"}


def support(unit: str = SUPPORT) -> dict[str, str]:
    """A supporting unit's (配合单位) demo token: reads what its unit supports, submits nothing."""
    return {"Authorization": f"Bearer demo-support:{quote(unit)}"}


class Clock:
    """A server clock a test sets by hand (`app.state.clock`), for tests without Temporal."""

    def __init__(self, start: datetime = TODAY) -> None:
        self.now = start

    def __call__(self) -> datetime:
        return self.now


def services(client: Any) -> Services:
    """The services of a TestClient's app."""
    found: Services = client.app.state.services
    return found


def settled(client: Any, app: Xiuhua) -> None:
    """The client's read model has applied everything stored so far."""
    assert services(client).runner.wait_for(app.recorder.max_notification_id(), timeout=30)


class TransactionWatch:
    """Records, for each watched computing step, how many read-model transactions its own
    thread held open when it ran (a step must compute after its transaction is closed)."""

    def __init__(self, monkeypatch: Any, backend: Any) -> None:
        self.monkeypatch = monkeypatch
        self.seen: list[tuple[str, int]] = []
        self._held = threading.local()
        transaction = backend.transaction

        @contextmanager
        def counted(write: bool = False) -> Iterator[Any]:
            self._held.n = getattr(self._held, "n", 0) + 1
            try:
                with transaction(write) as sql:
                    yield sql
            finally:
                self._held.n -= 1

        monkeypatch.setattr(backend, "transaction", counted)

    def watch(self, owner: Any, name: str) -> None:
        step = getattr(owner, name)

        def run(*args: Any, **kwargs: Any) -> Any:
            self.seen.append((name, getattr(self._held, "n", 0)))
            return step(*args, **kwargs)

        self.monkeypatch.setattr(owner, name, run)


class Temporal:
    """The time-skipping test server and the real worker, on an event loop in its own thread,
    so the synchronous TestClient can call the API while workflows run."""

    def __init__(self, app: Xiuhua, task_queue: str) -> None:
        self.app = app
        self.task_queue = task_queue
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.stack = AsyncExitStack()
        self.executor = ThreadPoolExecutor(max_workers=4)
        self.env: WorkflowEnvironment | None = None

    def run(self, coro: Coroutine[Any, Any, T], timeout: float = 60) -> T:
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def start(self) -> None:
        self.thread.start()
        self.run(self._start())

    async def _start(self) -> None:
        self.env = await WorkflowEnvironment.start_time_skipping(
            test_server_existing_path=str(TEST_SERVER)
        )
        self.stack.push_async_callback(self.env.shutdown)
        await self.env.sleep(TODAY - await self.env.get_current_time())
        worker = build_worker(self.env.client, self.app, self.task_queue, self.executor)
        await self.stack.enter_async_context(worker)

    def stop(self) -> None:
        try:
            self.run(self.stack.aclose())
        finally:
            self.executor.shutdown(wait=True)
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(10)

    @property
    def client(self) -> Client:
        assert self.env is not None
        return self.env.client

    def now(self) -> datetime:
        """The test server's clock: the API's `now` in these tests, as workflow.now() is."""
        assert self.env is not None
        return self.run(self.env.get_current_time())

    def sleep(self, days: float) -> None:
        """Skip the server's clock forward; the workflow's timers fire on the way."""
        assert self.env is not None
        self.run(self.env.sleep(timedelta(days=days)), timeout=120)


def campaign_body(now: datetime, code: str = "PARK-1", **policy: int) -> dict[str, Any]:
    """A campaign of this year that starts this month, with two tasks led by two units."""
    today = business_day(now)
    return {
        "code": code,
        "name": "共享停车资源优化",
        "task_force": "精细化专项行动专班",
        "year": today.year,
        "start_period": f"{today.year}-{today.month:02d}",
        "policy": policy or None,
        "tasks": [
            {
                "number": "1",
                "title": "新增共享停车位",
                "lead_units": [LEAD],
                "supporting_units": [OTHER],
                "indicators": [
                    {
                        "code": "spaces",
                        "name": "新增共享停车位",
                        "unit": "个",
                        "baseline": 0,
                        "target": 180,
                        "attribute": "binding",
                        "deadline": f"{today.year}-12-31",
                        "direction": "up",
                    }
                ],
                "milestones": [{"code": "plan", "name": "方案印发", "due": f"{today.year}-12-15"}],
            },
            {"number": "2", "title": "违建存量削减", "lead_units": [OTHER]},
        ],
    }


def eventually(check: Callable[[], T | None], timeout: float = 30.0, every: float = 0.1) -> T:
    """Poll until `check` returns something truthy (workflows and projections run on their own)."""
    deadline = time.monotonic() + timeout
    while True:
        result = check()
        if result:
            return result
        if time.monotonic() > deadline:
            raise AssertionError(f"condition not met within {timeout}s; last: {result!r}")
        time.sleep(every)
