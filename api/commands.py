"""How every command ends: the fact is stored, the read model shows it, the workflow is told.

A command writes to the store first. Then it waits until the read model has applied the
command's notification position, so the caller's next GET sees its own write. Then, if the
campaign workflow must hear of it, a signal is sent; when Temporal cannot be reached the fact
stays stored (the workflow's activities read the store anyway), the failure is logged, and the
answer is 202 with a warning instead of an error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import ParamSpec, TypeVar

from fastapi import Response
from starlette.concurrency import run_in_threadpool
from temporalio.client import Client

from api.schemas.common import CommandOut
from api.services import Services

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")
Signal = Callable[[Client], Awaitable[object]]


async def store(command: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a blocking store command off the event loop."""
    return await run_in_threadpool(command, *args, **kwargs)


async def tell(svc: Services, what: str, signal: Signal) -> str | None:
    """Send a signal; on failure log it and return the warning for the caller."""
    if svc.temporal is None:
        return f"stored; Temporal is not configured, so the workflow was not told ({what})"
    try:
        await asyncio.wait_for(signal(svc.temporal), svc.temporal_timeout)
    except Exception as error:  # any failure to reach Temporal must not lose the stored fact
        log.warning("stored, but Temporal was not told (%s): %r", what, error)
        reason = str(error) or type(error).__name__
        return f"stored; the campaign workflow was not told ({what}): {reason}"
    return None


async def finish(
    svc: Services,
    response: Response,
    position: int | None,
    *,
    changed: bool = True,
    signal: tuple[str, Signal] | None = None,
) -> CommandOut:
    """Wait for the read model, tell the workflow, and say what happened."""
    warnings: list[str] = []
    if not await run_in_threadpool(svc.runner.wait_for, position, svc.settle_timeout):
        warnings.append("stored; the read model has not caught up yet, so reads may lag")
    if signal is not None and changed:
        warning = await tell(svc, *signal)
        if warning:
            warnings.append(warning)
    warning = "; ".join(warnings) or None
    if warning:
        response.status_code = 202
    return CommandOut(position=position, changed=changed, warning=warning)
