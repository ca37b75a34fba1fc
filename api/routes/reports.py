"""Monthly reports (月度专报): a lead unit submits, the task force returns or accepts."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response

from api.access import COORDINATOR, TASK_LEAD, allow, checked_task
from api.commands import finish, in_thread
from api.deps import CurrentUser, Now, ServicesDep
from api.schemas.common import ACCEPTED, REFUSALS, CommandOut
from api.schemas.reports import ReasonIn, ReportIn
from api.timing import timed
from domain.commands import AcceptReport, ReturnReport, SubmitReport
from domain.errors import InvalidInput
from domain.indicators import rate_from_resolved
from domain.task import Task
from workflows.starter import Notice, NoticeKind

router = APIRouter(prefix="/tasks/{task_id}/reports", tags=["reports"], responses=REFUSALS)


async def the_task(task_id: UUID, request: Request, svc: ServicesDep) -> Task:
    """The task named by the path, to read: the one the access check already read, if any."""
    task = checked_task(request, task_id)
    return task or await in_thread(svc.store.task, task_id, read_only=True)


TaskDep = Annotated[Task, Depends(the_task)]


def actuals_of(task: Task, body: ReportIn) -> dict[str, Decimal]:
    """The report's actuals, with each count of resolved cases turned into its rate."""
    actuals = dict(body.actuals)
    for code, count in body.resolved.items():
        field = f"resolved.{code}"
        indicator = task.indicator(code)
        if indicator is None:
            raise InvalidInput(field, "is not an indicator of this task")
        if code in actuals:
            raise InvalidInput(field, "give the rate or the resolved cases, not both")
        actuals[code] = rate_from_resolved(indicator, count, field)
    return actuals


@router.post("", responses=ACCEPTED, dependencies=[allow(TASK_LEAD)])
async def submit_report(
    task: TaskDep, body: ReportIn, user: CurrentUser, svc: ServicesDep, now: Now, response: Response
) -> CommandOut:
    """Submit (or resubmit after a return) the month's report for a task."""
    command = SubmitReport(
        task.id,
        body.period,
        actuals_of(task, body),
        body.progress,
        body.problems,
        body.next_steps,
        actor=user.actor,
        now=now,
    )
    with timed("command"):
        outcome = await in_thread(svc.store.submit_report, command, seen=task)
    notice = Notice(NoticeKind.REPORT_SUBMITTED, str(task.campaign_id), str(task.id), body.period)
    return await finish(svc, response, outcome.position, notice=notice)


@router.post("/{period}/return", dependencies=[allow(COORDINATOR)])
async def return_report(
    task_id: UUID,
    period: str,
    body: ReasonIn,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    response: Response,
) -> CommandOut:
    """Return (退回) a submitted report to its lead unit, saying why."""
    command = ReturnReport(task_id, period, body.reason, actor=user.actor, now=now)
    outcome = await in_thread(svc.store.return_report, command)
    return await finish(svc, response, outcome.position)


@router.post("/{period}/accept", dependencies=[allow(COORDINATOR)])
async def accept_report(
    task_id: UUID, period: str, user: CurrentUser, svc: ServicesDep, now: Now, response: Response
) -> CommandOut:
    """Accept a submitted report."""
    command = AcceptReport(task_id, period, actor=user.actor, now=now)
    outcome = await in_thread(svc.store.accept_report, command)
    return await finish(svc, response, outcome.position)
