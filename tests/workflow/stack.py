"""The running stack of a workflow test: the time-skipping server, the real worker on a fresh
task queue, and the store, with a clock that only moves forward to absolute instants."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment

from domain.application import Xiuhua
from tests.conftest import TEST_SERVER
from workflows.worker import build_worker


@dataclass
class Stack:
    env: WorkflowEnvironment
    app: Xiuhua
    task_queue: str

    @property
    def client(self) -> Client:
        return self.env.client

    async def now(self) -> datetime:
        return await self.env.get_current_time()

    async def advance_to(self, instant: datetime) -> None:
        """Skip the server's clock to `instant`; every timer before it fires on the way."""
        delay = instant - await self.now()
        if delay <= timedelta(0):
            raise AssertionError(f"{instant} is already past; a script must move forward")
        await self.env.sleep(delay)


@asynccontextmanager
async def running(app: Xiuhua) -> AsyncIterator[Stack]:
    """Never downloads a server: the binary installed with the test extra is passed in."""
    env = await WorkflowEnvironment.start_time_skipping(test_server_existing_path=str(TEST_SERVER))
    task_queue = f"xiuhua-test-{uuid.uuid4()}"
    try:
        with ThreadPoolExecutor(max_workers=4) as executor:
            async with build_worker(env.client, app, task_queue, executor):
                yield Stack(env, app, task_queue)
    finally:
        await env.shutdown()
