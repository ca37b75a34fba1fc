"""Where a request's time goes, told in the standard `Server-Timing` header.

A command spends its time in a few steps (the access check, the command, the read model
catching up, telling the workflow); each is timed with `timed(name)` and the middleware sends
the lot, e.g. `Server-Timing: access;dur=0.8, command;dur=2.1, readmodel;dur=1.3, total;dur=5.0`
(`total`: from the request's arrival at the app to its answer's start). Browsers'
developer tools show it, and the write benchmark splits its ratio by it. The steps run in the
event loop and in worker threads; a context variable carries the request's list into both.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from starlette.types import ASGIApp, Message, Receive, Scope, Send

HEADER = b"server-timing"
_steps: ContextVar[list[tuple[str, float]] | None] = ContextVar("xiuhua_steps", default=None)


@contextmanager
def timed(name: str) -> Iterator[None]:
    """Time the block as step `name` of the current request (nothing outside a request)."""
    steps = _steps.get()
    started = time.perf_counter()
    try:
        yield
    finally:
        if steps is not None:
            steps.append((name, (time.perf_counter() - started) * 1000))


def header_value(steps: list[tuple[str, float]]) -> bytes:
    return ", ".join(f"{name};dur={ms:.2f}" for name, ms in steps).encode("latin-1")


class ServerTiming:
    """ASGI middleware: collect the request's timed steps and send them with the answer."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        steps: list[tuple[str, float]] = []
        token = _steps.set(steps)
        started = time.perf_counter()

        async def send_with_header(message: Message) -> None:
            if message["type"] == "http.response.start" and steps:
                total = ("total", (time.perf_counter() - started) * 1000)
                headers = [*message.get("headers", []), (HEADER, header_value([*steps, total]))]
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_header)
        finally:
            _steps.reset(token)
