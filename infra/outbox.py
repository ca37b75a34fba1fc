"""Notices the API could not deliver to Temporal, kept until Temporal takes them.

A command stores its fact first and then tells the campaign's workflow. When Temporal cannot be
reached, the notice goes here, in the read model's database (it is not a read-model table, so a
rebuild of the read model keeps it), and `OutboxRelay` delivers it once Temporal answers again.
Delivery is at least once: every receiver re-reads the store, so a second delivery (two API
processes relaying the same row, or a crash after delivering and before deleting) does no harm.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from starlette.concurrency import run_in_threadpool

from infra.readmodel.backends import Backend
from workflows.starter import Notice

log = logging.getLogger(__name__)
TABLE = "xh_outbox"
DDL = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    notice TEXT NOT NULL,
    attempts INTEGER NOT NULL,
    last_error TEXT NOT NULL
)"""


@dataclass(frozen=True)
class Kept:
    id: str
    created_at: str
    notice: Notice
    attempts: int
    last_error: str


class Outbox:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        with backend.transaction(write=True) as sql:
            sql.run(DDL)

    def keep(self, notice: Notice, error: str) -> str:
        key = uuid.uuid4().hex
        now = datetime.now(UTC).isoformat()
        with self.backend.transaction(write=True) as sql:
            sql.run(
                f"INSERT INTO {TABLE} (id, created_at, notice, attempts, last_error) "
                "VALUES (?, ?, ?, 1, ?)",
                (key, now, json.dumps(notice.to_json(), ensure_ascii=False), error[:500]),
            )
        return key

    def pending(self, limit: int = 100) -> list[Kept]:
        """Oldest first, so a campaign's notices arrive in the order they were stored."""
        with self.backend.transaction() as sql:
            rows = sql.rows(f"SELECT * FROM {TABLE} ORDER BY created_at, id LIMIT ?", (limit,))
        return [
            Kept(
                r["id"],
                r["created_at"],
                Notice.from_json(json.loads(r["notice"])),
                int(r["attempts"]),
                r["last_error"],
            )
            for r in rows
        ]

    def count(self) -> int:
        with self.backend.transaction() as sql:
            row = sql.one(f"SELECT COUNT(*) AS n FROM {TABLE}")
        return int(row["n"]) if row else 0

    def delivered(self, key: str) -> None:
        with self.backend.transaction(write=True) as sql:
            sql.run(f"DELETE FROM {TABLE} WHERE id = ?", (key,))

    def failed(self, key: str, error: str) -> None:
        with self.backend.transaction(write=True) as sql:
            sql.run(
                f"UPDATE {TABLE} SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                (error[:500], key),
            )


Deliver = Callable[[Notice], Awaitable[None]]


class OutboxRelay:
    """Delivers kept notices, oldest first; stops a round at the first failure (Temporal is
    still away) and tries again after a pause that grows from `pause` to `max_pause`. With
    nothing kept it looks again only every `idle` seconds (for notices another API process
    kept) or when this process keeps one and nudges it."""

    def __init__(
        self,
        outbox: Outbox,
        deliver: Deliver,
        *,
        pause: float = 1.0,
        max_pause: float = 30.0,
        idle: float = 60.0,
        timeout: float = 5.0,
    ) -> None:
        self.outbox = outbox
        self.deliver = deliver
        self.pause = pause
        self.max_pause = max_pause
        self.idle = idle
        self.timeout = timeout
        self._wake = asyncio.Event()

    def nudge(self) -> None:
        self._wake.set()

    async def run(self) -> None:
        failures = 0
        while True:
            self._wake.clear()  # before the round, so a nudge during it is not lost
            try:
                failures = 0 if await self.round() else failures + 1
            except Exception:  # the database away: the notices wait in it, try again later
                log.warning("could not read the outbox", exc_info=True)
                failures += 1
            pause = min(self.pause * 2 ** (failures - 1), self.max_pause) if failures else self.idle
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), pause)

    async def round(self) -> bool:
        """Deliver what is kept; False if a delivery failed."""
        for kept in await run_in_threadpool(self.outbox.pending):
            try:
                await asyncio.wait_for(self.deliver(kept.notice), self.timeout)
            except Exception as error:  # Temporal still unreachable
                reason = str(error) or type(error).__name__
                await run_in_threadpool(self.outbox.failed, kept.id, reason)
                return False
            await run_in_threadpool(self.outbox.delivered, kept.id)
            log.info("delivered a kept notice (%s, %s)", kept.notice.kind, kept.created_at)
        return True
