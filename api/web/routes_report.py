"""The lead unit's pages: its inbox, and the monthly report form of a task it leads."""

from __future__ import annotations

from contextlib import suppress
from datetime import date
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.access import LEAD_UNIT, TASK_LEAD, allow, checked_task
from api.auth import User
from api.commands import finish
from api.deps import CurrentUser, Now, ServicesDep
from api.web.lead import (
    TaskView,
    error_field,
    inbox_rows,
    read_form,
    task_view,
    workday_of_month,
    workdays_left,
)
from api.web.render import page
from domain.application import business_day
from domain.calendar import WorkCalendar
from domain.commands import CompleteMilestone, SubmitReport
from domain.errors import Conflict, InvalidInput
from domain.task import Task
from infra.holidays import official_calendar
from workflows.starter import Notice, NoticeKind

router = APIRouter(include_in_schema=False)
FIELDS = ("period", "progress", "problems", "next_steps")


async def calendar_of(svc: ServicesDep) -> WorkCalendar:
    """The working-day calendar: the official one with the years loaded by administrators."""
    return await run_in_threadpool(svc.store.work_calendar, official_calendar())


CalendarDep = Annotated[WorkCalendar, Depends(calendar_of)]


@router.get("/inbox", dependencies=[allow(LEAD_UNIT)])
async def inbox(
    request: Request,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    calendar: CalendarDep,
    done: str = "",
) -> Response:
    """The unit's reports to send: overdue first, then returned ones with the reason; then the
    meetings' follow-ups it owes."""
    today = business_day(now)
    rows, found = await run_in_threadpool(inbox_rows, svc, user.unit, calendar, today)
    return page(
        request,
        "inbox.html",
        user,
        rows=rows,
        supervision=found.supervision,
        follow_ups=found.follow_ups,
        done="follow_up_done" if done == "follow_up_done" else "",
        today=today,
        workday_n=workday_of_month(calendar, today),
    )


async def _task(request: Request, task_id: UUID, svc: ServicesDep) -> Task:
    task = checked_task(request, task_id)
    return task or await run_in_threadpool(svc.store.task, task_id, read_only=True)


def _form_page(
    request: Request,
    user: User,
    view: TaskView,
    calendar: WorkCalendar,
    today: date,
    chosen: str | None,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    general: str = "",
    sent: bool = False,
    ticked: list[str] | None = None,
) -> Response:
    open_periods = view.open_periods
    period = next((p for p in open_periods if p.period == chosen), None)
    period = period or (open_periods[0] if open_periods else None)
    left = workdays_left(calendar, today, period.due_on) if period else None
    return page(
        request,
        "report.html",
        user,
        status_code=422 if errors or general else 200,
        view=view,
        task=view.out,
        open_period=period,
        left=left,
        values=values or {},
        errors=errors or {},
        ticked=ticked or [],
        general=general,
        sent=sent,
    )


@router.get("/tasks/{task_id}/report", dependencies=[allow(TASK_LEAD)])
async def report_form(
    request: Request,
    task_id: UUID,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    calendar: CalendarDep,
    period: str | None = None,
    sent: bool = False,
) -> Response:
    """The month's report form of one task, and the unit's reports of it so far."""
    today = business_day(now)
    view = await run_in_threadpool(task_view, svc, task_id, today)
    return _form_page(request, user, view, calendar, today, period, sent=sent)


@router.post("/tasks/{task_id}/report", dependencies=[allow(TASK_LEAD)])
async def submit_report(
    request: Request,
    task_id: UUID,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    calendar: CalendarDep,
) -> Response:
    """Submit (or resubmit after a return) through the API's own command path."""
    today = business_day(now)
    task = await _task(request, task_id, svc)
    view = await run_in_threadpool(task_view, svc, task_id, today)
    raw = await request.form()
    values = {k: v for k, v in raw.items() if isinstance(v, str)}
    form = read_form(task, view.out.indicators, values)
    ticked = [m for m in raw.getlist("milestone") if isinstance(m, str)]
    open_codes = {m.code for m in view.out.milestones if m.completed_on is None}
    if not set(ticked) <= open_codes:
        form.errors["milestone"] = "not_a_milestone"
    period = values.get("period", "")
    if form.errors:
        return _form_page(
            request, user, view, calendar, today, period, values, form.errors, ticked=ticked
        )
    command = SubmitReport(
        task.id,
        period,
        form.actuals,
        values.get("progress", ""),
        values.get("problems", ""),
        values.get("next_steps", ""),
        actor=user.actor,
        now=now,
    )
    try:
        outcome = await run_in_threadpool(svc.store.submit_report, command, seen=task)
    except InvalidInput as error:
        name = error_field(error, view.out.indicators)
        if name in values or name.startswith(("actuals.", "resolved.")):
            errors = {name: error.message}
            return _form_page(
                request, user, view, calendar, today, period, values, errors, ticked=ticked
            )
        return _form_page(
            request, user, view, calendar, today, period, values, {}, error.message, ticked=ticked
        )
    except Conflict as error:
        return _form_page(
            request, user, view, calendar, today, period, values, {}, error.message, ticked=ticked
        )
    position = outcome.position
    for code in ticked:
        done = CompleteMilestone(task.id, code, "", actor=user.actor, now=now)
        with suppress(Conflict):  # reached meanwhile (another tab, the task force): done anyway
            position = (await run_in_threadpool(svc.store.complete_milestone, done)).position
    notice = Notice(NoticeKind.REPORT_SUBMITTED, str(task.campaign_id), str(task.id), period)
    await finish(svc, Response(), position, notice=notice)
    return RedirectResponse(f"/tasks/{task.id}/report?sent=1", status_code=303)
