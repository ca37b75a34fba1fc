"""A campaign's meetings page for the task force: the meetings with their follow-ups and how they
stand, and the form to record one; and the follow-up marked done by the unit that owes it."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.access import COORDINATOR, COORDINATOR_OR_FOLLOW_UP_UNIT, TASK_FORCE_READERS, allow
from api.auth import Role, User
from api.commands import finish
from api.deps import CurrentUser, Now, ServicesDep
from api.presenters.reads import found
from api.routes.meetings import list_meetings
from api.services import Services
from api.web.forms import FormNote, note_problem
from api.web.i18n_refusals import named
from api.web.meeting_form import ROWS, field_of, read_meeting
from api.web.render import page
from domain.commands import CompleteFollowUp
from domain.errors import Conflict, InvalidInput, NotFound
from domain.meetings import MeetingKind
from workflows.starter import Notice, NoticeKind

router = APIRouter(include_in_schema=False)


def _campaign_name(svc: Services, campaign_id: UUID) -> str:
    with svc.readmodel.read() as queries:
        return found(queries, campaign_id).name


async def _meetings_page(
    request: Request,
    user: User,
    svc: Services,
    campaign_id: UUID,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    general: str = "",
    done: bool = False,
) -> Response:
    name = await run_in_threadpool(_campaign_name, svc, campaign_id)
    meetings = await run_in_threadpool(list_meetings, campaign_id, svc)
    return page(
        request,
        "meetings.html",
        user,
        status_code=422 if errors or general else 200,
        campaign_id=campaign_id,
        campaign_name=name,
        meetings=list(reversed(meetings)),
        kinds=[k.value for k in MeetingKind],
        rows=range(1, ROWS + 1),
        values=values or {},
        errors=errors or {},
        general=general,
        done=done,
    )


@router.get("/campaigns/{campaign_id}/meetings", dependencies=[allow(TASK_FORCE_READERS)])
async def meetings(
    request: Request, campaign_id: UUID, user: CurrentUser, svc: ServicesDep, done: bool = False
) -> Response:
    """The campaign's meetings, the latest first, with their follow-ups."""
    return await _meetings_page(request, user, svc, campaign_id, done=done)


@router.post("/campaigns/{campaign_id}/meetings", dependencies=[allow(COORDINATOR)])
async def record_meeting(
    request: Request, campaign_id: UUID, user: CurrentUser, svc: ServicesDep, now: Now
) -> Response:
    """Record a meeting through the API's own command, and tell the workflow to chase its
    follow-ups (the plan changed)."""
    raw = await request.form()
    values = {k: v for k, v in raw.items() if isinstance(v, str)}
    form = read_meeting(campaign_id, values, user.actor, now)
    if form.command is None:
        return await _meetings_page(request, user, svc, campaign_id, values, form.errors)
    try:
        outcome = await run_in_threadpool(svc.store.record_meeting, form.command)
    except (InvalidInput, Conflict, NotFound) as error:
        name = field_of(form, error.field)
        errors, general = ({name: error.message}, "") if name else ({}, named(error))
        return await _meetings_page(request, user, svc, campaign_id, values, errors, general)
    reason = f"meeting recorded: {form.command.title}"
    notice = Notice(NoticeKind.PLAN_AMENDED, str(campaign_id), reason=reason)
    await finish(svc, Response(), outcome.position, notice=notice)
    return RedirectResponse(f"/campaigns/{campaign_id}/meetings?done=1", status_code=303)


@router.post(
    "/meetings/{meeting_id}/follow-ups/{code}/done",
    dependencies=[allow(COORDINATOR_OR_FOLLOW_UP_UNIT)],
)
async def follow_up_done(
    request: Request,
    meeting_id: UUID,
    code: str,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    note: FormNote = "",
) -> Response:
    """Say a follow-up is done (办结) and how, from the unit's inbox or the meetings page."""
    problem = note_problem(note)
    if problem is None:
        command = CompleteFollowUp(meeting_id, code, note, actor=user.actor, now=now)
        try:
            outcome = await run_in_threadpool(svc.store.complete_follow_up, command)
        except (InvalidInput, Conflict) as error:
            problem = error.message
        else:
            await finish(svc, Response(), outcome.position)
            back = await run_in_threadpool(_back, user, svc, meeting_id)
            return RedirectResponse(back, status_code=303)
    back = await run_in_threadpool(_back, user, svc, meeting_id, False)
    return page(
        request,
        "follow_up.html",
        user,
        status_code=422,
        meeting_id=meeting_id,
        code=code,
        note=note,
        problem=problem,
        back=back,
    )


def _back(user: User, svc: Services, meeting_id: UUID, done: bool = True) -> str:
    flag = "?done=follow_up_done" if done else ""
    if user.role is Role.LEAD_UNIT:
        return f"/inbox{flag}"
    if user.role is Role.SUPPORTING_UNIT:
        return f"/support{flag}"
    meeting = svc.store.meeting(meeting_id, read_only=True)
    return f"/campaigns/{meeting.campaign_id}/meetings" + ("?done=1" if done else "")
