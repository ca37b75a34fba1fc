"""Task plan and follow-up: amend the plan, open and close supervision, complete a milestone,
the supporting units' contributions."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request, Response

from api.access import COORDINATOR, COORDINATOR_OR_TASK_LEAD, TASK_SUPPORTER, allow, checked_task
from api.commands import finish, in_thread
from api.deps import CurrentUser, Now, ServicesDep
from api.schemas.campaigns import AmendIn
from api.schemas.common import ACCEPTED, REFUSALS, CommandOut
from api.schemas.reports import ContributionIn, MilestoneDoneIn, ReasonIn
from domain.commands import (
    AddContribution,
    AmendTask,
    CloseSupervision,
    CompleteMilestone,
    OpenSupervision,
)
from workflows.starter import Notice, NoticeKind

router = APIRouter(prefix="/tasks/{task_id}", tags=["tasks"], responses=REFUSALS)


@router.put("", responses=ACCEPTED, dependencies=[allow(COORDINATOR)])
async def amend_task(
    task_id: UUID, body: AmendIn, user: CurrentUser, svc: ServicesDep, now: Now, response: Response
) -> CommandOut:
    """Amend a task's plan (title, units, indicators, milestones), saying why."""
    command = AmendTask(task_id, body.to_domain(), body.reason, actor=user.actor, now=now)
    outcome = await in_thread(svc.store.amend_task, command)
    notice = Notice(NoticeKind.PLAN_AMENDED, str(outcome.campaign_id), reason=body.reason)
    return await finish(svc, response, outcome.position, notice=notice)


@router.post("/supervision/open", dependencies=[allow(COORDINATOR)])
async def open_supervision(
    task_id: UUID,
    body: ReasonIn,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    response: Response,
) -> CommandOut:
    """Open supervision (督导) of the task by hand, saying why; it stays open until closed by
    hand (the workflow closes only what its escalation opened)."""
    command = OpenSupervision(task_id, body.reason, actor=user.actor, now=now)
    outcome = await in_thread(svc.store.open_supervision, command)
    return await finish(svc, response, outcome.position)


@router.post("/contributions", dependencies=[allow(TASK_SUPPORTER)])
async def add_contribution(
    task_id: UUID,
    body: ContributionIn,
    request: Request,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    response: Response,
) -> CommandOut:
    """A supporting unit (配合单位) says what it did for the task this period, in figures where
    the task has them; the lead unit sees it beside its own report. A later one for the same
    period stands in for the earlier."""
    figures = dict(body.figures)
    command = AddContribution(task_id, body.period, body.text, figures, actor=user.actor, now=now)
    seen = checked_task(request, task_id)
    outcome = await in_thread(svc.store.add_contribution, command, seen=seen)
    return await finish(svc, response, outcome.position)


@router.post("/supervision/close", dependencies=[allow(COORDINATOR)])
async def close_supervision(
    task_id: UUID,
    body: ReasonIn,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    response: Response,
) -> CommandOut:
    """Close the task's open supervision (督导), saying why."""
    command = CloseSupervision(task_id, body.reason, actor=user.actor, now=now)
    outcome = await in_thread(svc.store.close_supervision, command)
    return await finish(svc, response, outcome.position)


@router.post("/milestones/{code}/complete", dependencies=[allow(COORDINATOR_OR_TASK_LEAD)])
async def complete_milestone(
    task_id: UUID,
    code: str,
    body: MilestoneDoneIn,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    response: Response,
) -> CommandOut:
    """Record a milestone (时间节点) as reached; by the task force or a lead unit of the task."""
    command = CompleteMilestone(task_id, code, body.note, actor=user.actor, now=now)
    outcome = await in_thread(svc.store.complete_milestone, command)
    return await finish(svc, response, outcome.position)
