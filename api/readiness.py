"""Whether the read model has caught up with the store, told on every /api answer.

While the projection is behind (at start on a large store, or after an outage) a read answers
from a part of the portfolio; the header `X-Xiuhua-Read-Model` says so instead of letting the
part pass for the whole: `current; position=P; head=H` or `catching-up; position=P; head=H`,
P the last notification the read model applied, H the newest one in the store when last asked.
The store is asked in the background at most once every `max_age` seconds, so a busy API asks
about once a second, not per read, and a read never waits for it (the database away included).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from contextlib import suppress
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = "x-xiuhua-read-model"
CURRENT = "current"
CATCHING_UP = "catching-up"


class ReadModelStatus:
    """The read model's position against the store's head, the head cached for `max_age`."""

    def __init__(
        self, head: Callable[[], int | None], position: Callable[[], int], max_age: float = 1.0
    ) -> None:
        self._ask_head = head
        self._position = position
        self.max_age = max_age
        self._head: int | None = None
        self._asked = -float("inf")
        self._lock = threading.Lock()
        self._refreshing = False

    @property
    def stale(self) -> bool:
        return time.monotonic() - self._asked > self.max_age

    def refresh(self) -> None:
        """Ask the store for its head now (blocking); keep the last answer if it is away."""
        # The database away: the header says what was last known.
        with suppress(Exception):
            self._head = self._ask_head() or 0
        with self._lock:
            self._asked = time.monotonic()
            self._refreshing = False

    def refresh_soon(self) -> None:
        """Ask the store for its head on a thread of its own, unless that is under way."""
        with self._lock:
            if self._refreshing or not self.stale:
                return
            self._refreshing = True
        threading.Thread(target=self.refresh, name="xiuhua-store-head", daemon=True).start()

    def now(self, head: int | None = None) -> tuple[str, int, int | None]:
        """(state, position, head); `head` a fresh answer of the store's, else the cached one."""
        position = self._position()
        head = self._head if head is None else head
        behind = head is not None and position < head
        return (CATCHING_UP if behind else CURRENT), position, head

    def header(self) -> str:
        state, position, head = self.now()
        return f"{state}; position={position}; head={'' if head is None else head}"


class ReadModelHeader:
    """ASGI middleware: the status header on every /api answer (once the app has started)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        status = _status(scope)
        if status is None:
            await self.app(scope, receive, send)
            return
        if status.stale:
            status.refresh_soon()
        value = status.header().encode("latin-1")

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                headers.append((HEADER.encode("latin-1"), value))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_header)


def _status(scope: Scope) -> ReadModelStatus | None:
    if scope["type"] != "http" or not scope["path"].startswith("/api"):
        return None
    app: Any = scope.get("app")
    services = getattr(getattr(app, "state", None), "services", None)
    return getattr(services, "read_status", None)
