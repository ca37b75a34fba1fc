"""Monthly reports (月度专报): a lead unit submits, the task force returns or accepts."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Response

from api.auth import leads
from api.commands import finish, store
from api.deps import Coordinator, LeadUnit, Now, ServicesDep
from api.errors import ApiError
from api.schemas.common import ACCEPTED, REFUSALS, CommandOut
from api.schemas.reports import ReasonIn, ReportIn
from domain.task import Task
from workflows import starter

router = APIRouter(prefix="/tasks/{task_id}/reports", tags=["reports"], responses=REFUSALS)


def led_task(task_id: UUID, user: LeadUnit, svc: ServicesDep) -> Task:
    """The task, if the caller's unit is one of its lead units (牵头单位)."""
    task = svc.store.task(task_id)
    if not leads(user, task.lead_units):
        msg = f"{user.unit} is not a lead unit of task {task.number}"
        raise ApiError(403, ["path", "task_id"], msg, "forbidden")
    return task


LedTask = Annotated[Task, Depends(led_task)]


@router.post("", responses=ACCEPTED)
async def submit_report(
    task: LedTask, body: ReportIn, user: LeadUnit, svc: ServicesDep, now: Now, response: Response
) -> CommandOut:
    """Submit (or resubmit after a return) the month's report for a task."""
    outcome = await store(
        svc.store.submit_report,
        task.id,
        body.period,
        body.actuals,
        body.progress,
        body.problems,
        body.next_steps,
        user.actor,
        now,
    )
    signal = (
        "report submitted",
        lambda client: starter.signal_report(client, task.campaign_id, task.id, body.period),
    )
    return await finish(svc, response, outcome.position, signal=signal)


@router.post("/{period}/return")
async def return_report(
    task_id: UUID,
    period: str,
    body: ReasonIn,
    user: Coordinator,
    svc: ServicesDep,
    now: Now,
    response: Response,
) -> CommandOut:
    """Return (退回) a submitted report to its lead unit, saying why."""
    outcome = await store(svc.store.return_report, task_id, period, body.reason, user.actor, now)
    return await finish(svc, response, outcome.position)


@router.post("/{period}/accept")
async def accept_report(
    task_id: UUID, period: str, user: Coordinator, svc: ServicesDep, now: Now, response: Response
) -> CommandOut:
    """Accept a submitted report."""
    outcome = await store(svc.store.accept_report, task_id, period, user.actor, now)
    return await finish(svc, response, outcome.position)
