"""How every command ends: the fact is stored, the read model shows it, the workflow is told.

A command writes to the store first. Then it waits until the read model has applied the
command's notification position, so the caller's next GET sees its own write; meanwhile, if the
campaign workflow must hear of it, a notice is delivered (a start or a signal); when Temporal
cannot be reached the fact stays stored, the notice is kept in the outbox (infra/outbox.py) and
delivered once Temporal is back, and the answer is 202 with a warning instead of an error.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable
from typing import ParamSpec, TypeVar

from fastapi import Response
from starlette.concurrency import run_in_threadpool

from api.schemas.common import CommandOut
from api.services import Services
from api.timing import timed
from workflows.starter import Notice, deliver

log = logging.getLogger(__name__)
P = ParamSpec("P")
T = TypeVar("T")


async def in_thread(command: Callable[P, T], *args: P.args, **kwargs: P.kwargs) -> T:
    """Run a blocking call (a store command, a store read) off the event loop."""
    return await run_in_threadpool(command, *args, **kwargs)


async def tell(svc: Services, notice: Notice) -> str | None:
    """Deliver the notice; on failure keep it for the relay and return the caller's warning."""
    what = notice.kind.value
    if svc.temporal is None:
        return f"stored; Temporal is not configured, so the workflow was not told ({what})"
    try:
        await asyncio.wait_for(
            deliver(svc.temporal, svc.settings.task_queue, notice), svc.temporal_timeout
        )
    except Exception as error:  # any failure to reach Temporal must not lose the stored fact
        reason = str(error) or type(error).__name__
        log.warning("stored, but Temporal was not told (%s): %s; kept in the outbox", what, reason)
        await run_in_threadpool(svc.outbox.keep, notice, reason)
        if svc.relay is not None:
            svc.relay.nudge()
        return (
            f"stored; the campaign workflow was not told ({what}): {reason}; it will be told "
            "when Temporal is reachable again"
        )
    return None


async def finish(
    svc: Services,
    response: Response,
    position: int | None,
    *,
    changed: bool = True,
    notice: Notice | None = None,
) -> CommandOut:
    """Wait for the read model and tell the workflow, both at once, and say what happened.

    The two do not wait for each other: the workflow reads facts from the store, never from
    the read model, so it may hear of the command before the read model shows it."""

    async def settle() -> bool:
        with timed("readmodel"):
            return await run_in_threadpool(svc.runner.wait_for, position, svc.settle_timeout)

    async def told() -> str | None:
        if notice is None or not changed:
            return None
        with timed("workflow"):
            return await tell(svc, notice)

    settled, told_warning = await asyncio.gather(settle(), told())
    warnings: list[str] = []
    if not settled:
        warnings.append("stored; the read model has not caught up yet, so reads may lag")
    if told_warning:
        warnings.append(told_warning)
    warning = "; ".join(warnings) or None
    if warning:
        response.status_code = 202
    return CommandOut(position=position, changed=changed, warning=warning)
