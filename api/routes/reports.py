"""Monthly reports (月度专报): a lead unit submits, the task force returns or accepts."""

from __future__ import annotations

import asyncio
from datetime import datetime
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request, Response

from api.access import COORDINATOR, TASK_LEAD, allow, checked_task
from api.auth import User
from api.commands import finish, in_thread
from api.deps import CurrentUser, Now, ServicesDep
from api.errors import ApiError
from api.schemas.campaigns import EvidenceOut
from api.schemas.common import ACCEPTED, REFUSALS, CommandOut
from api.schemas.reports import DraftIn, DraftOut, EvidenceRef, ReasonIn, ReportIn
from api.services import Services
from api.timing import timed
from domain.commands import AcceptReport, ReturnReport, SubmitReport
from domain.errors import InvalidInput
from domain.indicators import rate_from_resolved
from domain.task import Task
from domain.values import Evidence, Period
from infra.work.drafts import Draft, draft_evidence, evidence_item, starting_files
from infra.work.evidence import Stored
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


def pointed(
    svc: Services, task_id: UUID, unit: str, refs: list[EvidenceRef], draft: Draft | None
) -> tuple[Evidence, ...]:
    """The files a report or a draft points to, as stored. Each must be one the unit uploaded
    itself, or one its draft or the task's reports already hold: a forged hash, or the hash of
    a file another unit sent for its own task, is refused as never uploaded (the file is not
    this unit's to read)."""
    if not refs:
        return ()
    held = {e.hash: e for e in draft_evidence(draft.body) or ()} if draft else {}
    with svc.readmodel.read() as queries:
        held |= {e.hash: e for p in queries.periods_of_tasks([task_id]) for e in p.evidence}
    found = []
    for n, ref in enumerate(refs):
        own: Stored | None = svc.evidence.sent_by(ref.hash, unit)
        stored = own or held.get(ref.hash)
        if stored is None:
            loc: list[str | int] = ["body", "evidence", n, "hash"]
            raise ApiError(
                422, loc, "没有上传过这个文件 / no file uploaded with this hash", "value_error"
            )
        found.append(Evidence(stored.hash, ref.name, stored.content_type, stored.size))
    return tuple(found)


@router.post("", responses=ACCEPTED, dependencies=[allow(TASK_LEAD)])
async def submit_report(
    task: TaskDep, body: ReportIn, user: CurrentUser, svc: ServicesDep, now: Now, response: Response
) -> CommandOut:
    """Submit (or resubmit after a return) the month's report for a task."""
    evidence: tuple[Evidence, ...] = ()
    if body.evidence:
        draft = await in_thread(svc.drafts.get, task.id, body.period, user.unit)
        evidence = await in_thread(pointed, svc, task.id, user.unit, body.evidence, draft)
    command = SubmitReport(
        task.id,
        body.period,
        actuals_of(task, body),
        body.progress,
        body.problems,
        body.next_steps,
        evidence,
        actor=user.actor,
        now=now,
    )
    with timed("command"):
        outcome = await in_thread(svc.store.submit_report, command, seen=task)
    notice = Notice(NoticeKind.REPORT_SUBMITTED, str(task.campaign_id), str(task.id), body.period)
    # The unit's draft goes while the read model catches up and the workflow is told.
    _, out = await asyncio.gather(
        in_thread(svc.drafts.discard, task.id, body.period, user.unit),
        finish(svc, response, outcome.position, notice=notice),
    )
    return out


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


# -- drafts (草稿): private to the unit until it submits --------------------------------------
def _period(period: str) -> str:
    try:
        return str(Period.parse(period))
    except InvalidInput as refused:
        raise ApiError(422, ["path", "period"], refused.message, "value_error") from None


@router.put("/{period}/draft", dependencies=[allow(TASK_LEAD)])
async def save_draft(
    task: TaskDep, period: str, body: DraftIn, user: CurrentUser, svc: ServicesDep, now: Now
) -> DraftOut:
    """Save the report as far as it has got; only the unit's own members see it.

    The figures and texts sent replace the draft's. `evidence` sets the draft's files when it
    is sent (an empty list removes them all): each hash must be a file the unit uploaded
    (POST /api/tasks/{task_id}/evidence) or one the draft or the task's reports already hold,
    else 422 at `body.evidence.N.hash`. Left out, the draft keeps the files it has, those
    attached on the report page included; a draft that never set any shows, after a return
    (退回), the returned version's files, as the page does. The milestones ticked on the page
    are kept too (this body does not carry them)."""
    period = _period(period)
    draft = await in_thread(_save_draft, svc, task.id, period, user, body, now)
    return await in_thread(_draft_out, svc, task.id, period, user.unit, draft)


def _save_draft(
    svc: Services, task_id: UUID, period: str, user: User, body: DraftIn, now: datetime
) -> Draft:
    before = svc.drafts.get(task_id, period, user.unit)
    stored = body.model_dump(mode="json", exclude={"evidence"})
    kept = before.body if before else {}
    if "evidence" in body.model_fields_set:
        files = pointed(svc, task_id, user.unit, body.evidence, before)
        stored["evidence"] = [evidence_item(e) for e in files]
    elif "evidence" in kept:
        stored["evidence"] = kept["evidence"]
    if "milestones" in kept:
        stored["milestones"] = kept["milestones"]
    return svc.drafts.save(task_id, period, user.unit, stored, user.name, now)


@router.get("/{period}/draft", dependencies=[allow(TASK_LEAD)])
async def get_draft(task: TaskDep, period: str, user: CurrentUser, svc: ServicesDep) -> DraftOut:
    """The unit's saved draft of the period's report; an empty one (never saved) if none, with
    the returned version's files after a return (退回)."""
    period = _period(period)
    draft = await in_thread(svc.drafts.get, task.id, period, user.unit)
    return await in_thread(_draft_out, svc, task.id, period, user.unit, draft)


@router.delete("/{period}/draft", status_code=204, dependencies=[allow(TASK_LEAD)])
async def discard_draft(task: TaskDep, period: str, user: CurrentUser, svc: ServicesDep) -> None:
    """Throw the unit's draft away (if there is one)."""
    await in_thread(svc.drafts.discard, task.id, _period(period), user.unit)


def _draft_out(
    svc: Services, task_id: UUID, period: str, unit: str, draft: Draft | None
) -> DraftOut:
    with svc.readmodel.read() as queries:
        periods = queries.periods_of_tasks([task_id])
    row = next((p for p in periods if p.period == period), None)
    body = dict(draft.body) if draft else DraftIn().model_dump()
    body.pop("evidence", None)
    return DraftOut(
        task_id=task_id,
        period=period,
        unit=draft.unit if draft else unit,
        saved_at=draft.saved_at if draft else None,
        saved_by=draft.saved_by if draft else "",
        evidence=[EvidenceOut(**evidence_item(e)) for e in starting_files(draft, row)],
        **body,
    )
