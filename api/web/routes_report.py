"""The lead unit's pages: its inbox, and the monthly report form of a task it leads."""

from __future__ import annotations

from contextlib import suppress
from datetime import date, datetime
from decimal import Decimal
from typing import Annotated
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile

from api.access import LEAD_UNIT, TASK_LEAD, allow, checked_task
from api.auth import User
from api.commands import finish
from api.deps import CurrentUser, Now, ServicesDep
from api.errors import ApiError
from api.limits import own_limit
from api.routes.evidence import Hash, file_answer, get_evidence
from api.schemas.campaigns import IndicatorOut
from api.services import Services
from api.web.i18n_refusals import named
from api.web.lead import (
    TaskView,
    error_field,
    field_name,
    inbox_rows,
    read_form,
    task_view,
    workday_of_month,
    workdays_left,
)
from api.web.render import page
from api.web.report_draft import (
    FILE_FIELD,
    UPLOAD_LIMIT,
    Attached,
    FileRefusal,
    bounds,
    draft_attached,
    draft_body,
    draft_ticked,
    draft_values,
    form_files,
    merged,
    read_uploads,
    saved_when,
    with_attached,
)
from domain.application import business_day
from domain.calendar import WorkCalendar
from domain.commands import CompleteMilestone, SubmitReport
from domain.errors import Conflict, InvalidInput
from domain.plausibility import JUMP, Check, checks
from domain.task import Task
from domain.views import PeriodRow
from infra.holidays import official_calendar
from infra.work.drafts import Draft, draft_evidence
from workflows.starter import Notice, NoticeKind

router = APIRouter(include_in_schema=False)
FIELDS = ("period", "progress", "problems", "next_steps")
NOTES = ("saved", "discarded")


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


def _open_period(view: TaskView, chosen: str | None) -> PeriodRow | None:
    open_periods = view.open_periods
    period = next((p for p in open_periods if p.period == chosen), None)
    return period or (open_periods[0] if open_periods else None)


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
    draft: Draft | None = None,
    refused_files: list[FileRefusal] | None = None,
    note: str = "",
    doubts: dict[str, Check] | None = None,
) -> Response:
    period = _open_period(view, chosen)
    left = workdays_left(calendar, today, period.due_on) if period else None
    if draft is not None and draft.period != (period.period if period else None):
        draft = None
    from_draft = draft is not None and values is None
    if draft is not None and values is None:
        values, ticked = draft_values(draft.body), draft_ticked(draft.body)
    attached = form_files(draft, period)
    # Files not set by a draft are the returned version's: the page says where they come from.
    from_return = bool(attached) and (draft is None or draft_evidence(draft.body) is None)
    refused_files = refused_files or []
    if refused_files and errors is not None:
        errors.setdefault(FILE_FIELD, "file_refused")
    return page(
        request,
        "report.html",
        user,
        status_code=422 if errors or general or refused_files or doubts else 200,
        view=view,
        task=view.out,
        open_period=period,
        left=left,
        values=values or {},
        errors=errors or {},
        ticked=ticked or [],
        general=general,
        sent=sent,
        draft=draft,
        attached=attached,
        from_return=from_return,
        refused_files=refused_files,
        note=note,
        saved_when=saved_when(draft),
        from_draft=from_draft,
        doubts=doubts or {},
        jump=JUMP,
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
    note: str = "",
) -> Response:
    """The month's report form of one task (filled from the unit's draft, if it saved one), and
    the unit's reports of it so far."""
    today = business_day(now)
    view = await run_in_threadpool(task_view, svc, task_id, today)
    chosen = _open_period(view, period)
    draft = None
    if chosen is not None:
        draft = await run_in_threadpool(svc.drafts.get, task_id, chosen.period, user.unit)
    note = note if note in NOTES else ""
    return _form_page(
        request, user, view, calendar, today, period, sent=sent, draft=draft, note=note
    )


@router.get("/tasks/{task_id}/report/files/{hash}", dependencies=[allow(TASK_LEAD)])
async def draft_file(
    task_id: UUID, hash: Hash, user: CurrentUser, svc: ServicesDep, period: str = ""
) -> Response:
    """A file attached to the unit's draft of the period, before a report points to it (the
    unit's own), or one the task's reports point to."""
    draft = await run_in_threadpool(svc.drafts.get, task_id, period, user.unit) if period else None
    named = [a.name for a in draft_attached(draft.body) if a.hash == hash] if draft else []
    if not named:
        return await run_in_threadpool(get_evidence, task_id, hash, svc)
    found = await run_in_threadpool(svc.evidence.get, hash)
    if found is None:
        raise ApiError(
            404, ["path", "hash"], "文件已不在 / the file is no longer kept", "not_found"
        )
    return file_answer(*found, named[-1])


@router.post(
    "/tasks/{task_id}/report",
    dependencies=[allow(TASK_LEAD)],
    openapi_extra=own_limit(UPLOAD_LIMIT),
)
async def submit_report(
    request: Request,
    task_id: UUID,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    calendar: CalendarDep,
) -> Response:
    """Submit (or resubmit after a return) through the API's own command path; or save the
    form as the unit's draft, or throw the draft away. Files chosen are kept and attached
    whichever button was pressed."""
    today = business_day(now)
    task = await _task(request, task_id, svc)
    view = await run_in_threadpool(task_view, svc, task_id, today)
    raw = await request.form()
    values = {k: v for k, v in raw.items() if isinstance(v, str)}
    ticked = [m for m in raw.getlist("milestone") if isinstance(m, str)]
    action = values.get("action", "submit")
    period = values.get("period", "")
    indicators = view.out.indicators
    open_codes = {m.code for m in view.out.milestones if m.completed_on is None}

    def again(
        errors: dict[str, str],
        general: str = "",
        draft: Draft | None = None,
        refused: list[FileRefusal] | None = None,
        doubts: dict[str, Check] | None = None,
    ) -> Response:
        return _form_page(
            request, user, view, calendar, today, period, values, errors, general,
            ticked=ticked, draft=draft, refused_files=refused, doubts=doubts,
        )  # fmt: skip

    if period not in {p.period for p in view.open_periods}:
        if action != "submit":
            return again({}, "no_open_period")
        # A stale form (the report went in from another tab): the domain says why, no file kept.
        draft, attached, refused = None, [], []
    else:
        draft = await run_in_threadpool(svc.drafts.get, task.id, period, user.unit)
        if action == "discard":
            await run_in_threadpool(svc.drafts.discard, task.id, period, user.unit)
            return RedirectResponse(_back(task.id, period, "discarded"), status_code=303)
        row = next(p for p in view.open_periods if p.period == period)
        draft, attached, refused = await _attach(raw, svc, row, user, now, draft)
    if action == "draft":
        errors = bounds(values, indicators)
        if errors or refused:
            return again(errors, draft=draft, refused=refused)
        body = draft_body(values, indicators, [c for c in ticked if c in open_codes], attached)
        await run_in_threadpool(svc.drafts.save, task.id, period, user.unit, body, user.name, now)
        return RedirectResponse(_back(task.id, period, "saved"), status_code=303)

    form = read_form(task, indicators, values)
    if not set(ticked) <= open_codes:
        form.errors["milestone"] = "not_a_milestone"
    if form.errors or refused:
        return again(form.errors, draft=draft, refused=refused)
    doubts = unconfirmed(task, indicators, form.actuals, view.periods, period, raw)
    if doubts:
        return again({}, draft=draft, doubts=doubts)
    command = SubmitReport(
        task.id,
        period,
        form.actuals,
        values.get("progress", ""),
        values.get("problems", ""),
        values.get("next_steps", ""),
        tuple(a.as_evidence() for a in attached),
        actor=user.actor,
        now=now,
    )
    try:
        outcome = await run_in_threadpool(svc.store.submit_report, command, seen=task)
    except InvalidInput as error:
        name = error_field(error, indicators)
        if name in values or name.startswith(("actuals.", "resolved.")):
            return again({name: error.message}, draft=draft)
        return again({}, named(error), draft=draft)
    except Conflict as error:
        return again({}, named(error), draft=draft)
    await run_in_threadpool(svc.drafts.discard, task.id, period, user.unit)
    position = outcome.position
    for code in ticked:
        done = CompleteMilestone(task.id, code, "", actor=user.actor, now=now)
        with suppress(Conflict):  # reached meanwhile (another tab, the task force): done anyway
            position = (await run_in_threadpool(svc.store.complete_milestone, done)).position
    notice = Notice(NoticeKind.REPORT_SUBMITTED, str(task.campaign_id), str(task.id), period)
    await finish(svc, Response(), position, notice=notice)
    return RedirectResponse(f"/tasks/{task.id}/report?sent=1", status_code=303)


async def _attach(
    raw: FormData,
    svc: Services,
    row: PeriodRow,
    user: User,
    now: datetime,
    draft: Draft | None,
) -> tuple[Draft | None, list[Attached], list[FileRefusal]]:
    """Keep the files chosen and drop those ticked to go; the draft as it now is, its files,
    and the files refused. The files before are the draft's, or after a return the returned
    version's."""
    task_id, period = row.task_id, row.period
    uploads = [f for f in raw.getlist(FILE_FIELD) if isinstance(f, UploadFile)]
    new, refused = await read_uploads(svc.evidence, uploads, user.unit, run_in_threadpool)
    dropped = {d for d in raw.getlist("drop") if isinstance(d, str)}
    before = form_files(draft, row)
    attached, over = merged(before, new, dropped)
    if over:
        refused.append(FileRefusal("", "too_many_files"))
    if attached != before:
        # The files are the unit's whatever else the form says: kept with its draft, so a
        # refused form shows them back and nothing chosen has to be chosen again.
        body = with_attached(draft, attached)
        draft = await run_in_threadpool(
            svc.drafts.save, task_id, period, user.unit, body, user.name, now
        )
    return draft, attached, refused


def unconfirmed(
    task: Task,
    indicators: list[IndicatorOut],
    actuals: dict[str, Decimal],
    periods: list[PeriodRow],
    period: str,
    raw: FormData,
) -> dict[str, Check]:
    """The figures to confirm (domain/plausibility.py) the unit has not confirmed, by form
    field. A tick confirms the figure as it was typed when warned (name=text): a figure
    changed since is checked again."""
    fields = {i.code: field_name(i) for i in indicators}
    ticks = {c for c in raw.getlist("confirm") if isinstance(c, str)}
    doubts = {}
    for check in checks(task.indicators, actuals, periods, period):
        name = fields.get(check.code)
        typed = raw.get(name) if name else None
        if name and not (isinstance(typed, str) and f"{name}={typed.strip()}" in ticks):
            doubts[name] = check
    return doubts


def _back(task_id: UUID, period: str, note: str) -> str:
    return f"/tasks/{task_id}/report?period={quote(period)}&note={note}"
