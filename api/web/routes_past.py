"""The pages about the past for the task force's readers: what changed between two dates
(/changes, the API's own answer from api/routes/changes.py) and the audit trail (/audit, paged,
from the read model's trail as api/routes/audit.py reads it); each with its exports."""

from __future__ import annotations

from dataclasses import replace
from itertools import groupby
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.access import TASK_FORCE_READERS, allow
from api.auth import User
from api.deps import CurrentUser, Now, ServicesDep
from api.past import PastViews
from api.routes import audit as audit_api
from api.routes.changes import KINDS, ChangesOut, changes_csv, what_changed
from api.services import Services
from api.web.battle import choices
from api.web.i18n import STRINGS
from api.web.past_forms import PAGE_SIZE, AuditForm, ChangesForm, read_audit, read_changes
from api.web.render import page
from domain.application import business_day
from domain.calendar import SHANGHAI
from domain.views import EventRow

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Query(max_length=200)]
SHOWN = 500  # facts listed on one /changes page; the export holds them all


def changes_query(
    since: Annotated[str, Query(alias="from", max_length=40)] = "",
    until: Annotated[str, Query(alias="to", max_length=40)] = "",
    campaign: Field = "",
    unit: Field = "",
    kind: Field = "",
) -> dict[str, str]:
    """The /changes form's fields, for the page and its export alike."""
    return {"from": since, "to": until, "campaign": campaign, "unit": unit, "kind": kind}


ChangesQuery = Annotated[dict[str, str], Depends(changes_query)]


def _changed(request: Request, svc: Services, user: User, form: ChangesForm) -> ChangesOut:
    views: PastViews = request.app.state.past
    start, end = form.window
    return what_changed(svc, views, user, start, end, form.scope)


@router.get("/changes", dependencies=[allow(TASK_FORCE_READERS)])
async def changes_page(
    request: Request,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    values: ChangesQuery,
) -> Response:
    """What changed between two dates: the tasks whose status moved and the facts recorded,
    by the day they were recorded; a bad date is said beside its field."""
    today = business_day(now)
    form = read_changes(values, today)
    answer = None
    if not form.fields.errors:
        answer = await run_in_threadpool(_changed, request, svc, user, form)
    lists = await run_in_threadpool(choices, svc)
    days = []
    if answer is not None:
        shown = answer.events[:SHOWN]
        days = [
            (on, list(facts))
            for on, facts in groupby(shown, key=lambda e: e.recorded_at.astimezone(SHANGHAI).date())
        ]
    return page(
        request,
        "changes.html",
        user,
        status_code=422 if form.fields.errors else 200,
        form=form,
        fields=form.fields,
        answer=answer,
        days=days,
        capped=SHOWN,
        kinds=KINDS,
        lists=lists,
        today=today,
    )


@router.get("/changes.csv", dependencies=[allow(TASK_FORCE_READERS)])
async def changes_export(
    request: Request,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    values: ChangesQuery,
) -> Response:
    """The same changes as the page, every one of them, as CSV (UTF-8 with BOM, for Excel)."""
    form = read_changes(values, business_day(now))
    if form.fields.errors:
        return await changes_page(request, user, svc, now, values)
    answer = await run_in_threadpool(_changed, request, svc, user, form)
    name = f"changes-{form.since.isoformat()}-{form.until.isoformat()}.csv"
    return Response(
        changes_csv(answer),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


def _audit_page(svc: Services, form: AuditForm) -> tuple[int, list[EventRow], dict[Any, str]]:
    with svc.readmodel.read() as queries:
        trail = form.trail
        if form.trail_unit:
            trail = replace(trail, unit_names=queries.unit_names().names_for(form.trail_unit))
        count = queries.audit_count(trail)
        last = max(1, -(-count // PAGE_SIZE))
        form.page = min(form.page, last)
        events = queries.audit(trail, PAGE_SIZE, (form.page - 1) * PAGE_SIZE)
        codes = {c.id: c.code for c in queries.campaigns()}
    return count, events, codes


def _tasks(svc: Services) -> list[tuple[str, str]]:
    """Every task as (id, "campaign code-number title"), for the task filter's list."""
    with svc.readmodel.read() as queries:
        codes = {c.id: c.code for c in queries.campaigns()}
        heads = queries.task_heads()
    return [(str(h.id), f"{codes.get(h.campaign_id, '')}-{h.number} {h.title}") for h in heads]


AUDIT_FIELDS = (
    "campaign", "task", "unit", "user", "on_from", "on_to", "recorded_from", "recorded_to",
    "type", "text",
)  # fmt: skip


def _audit_values(request: Request) -> dict[str, str]:
    return {name: request.query_params.get(name, "")[:200] for name in AUDIT_FIELDS}


@router.get("/audit", dependencies=[allow(TASK_FORCE_READERS)])
async def audit_page(
    request: Request,
    user: CurrentUser,
    svc: ServicesDep,
    campaign: Field = "",
    task: Field = "",
    unit: Field = "",
    user_name: Annotated[str, Query(alias="user", max_length=200)] = "",
    on_from: Field = "",
    on_to: Field = "",
    recorded_from: Field = "",
    recorded_to: Field = "",
    type: Field = "",
    text: Field = "",
    page_no: Annotated[str, Query(alias="page", max_length=10)] = "1",
) -> Response:
    """Every event the filters select, a page at a time, with how many there are in all; who,
    which unit, the business date, the recorded time and the summary with its reason."""
    form = read_audit(_audit_values(request), page_no)
    count, events = 0, []
    codes: dict[Any, str] = {}
    if not form.fields.errors:
        count, events, codes = await run_in_threadpool(_audit_page, svc, form)
    lists = await run_in_threadpool(choices, svc)
    tasks = await run_in_threadpool(_tasks, svc)
    return page(
        request,
        "audit.html",
        user,
        status_code=422 if form.fields.errors else 200,
        form=form,
        fields=form.fields,
        count=count,
        events=events,
        codes=codes,
        pages=max(1, -(-count // PAGE_SIZE)),
        lists=lists,
        tasks=tasks,
        shanghai=SHANGHAI,
        labels=STRINGS,
    )


async def _audit_export(
    request: Request, user: User, svc: Services, form: AuditForm, kind: audit_api.Format
) -> Response:
    if form.fields.errors:
        return await audit_page(request, user, svc, page_no="1", **_audit_kwargs(request))
    t = form.trail
    return await run_in_threadpool(
        audit_api.audit_trail,
        svc,
        t.campaign_id,
        t.task_id,
        form.trail_unit,
        t.user,
        t.on_from,
        t.on_to,
        t.recorded_from,
        t.recorded_to,
        t.type,
        t.text,
        kind,
    )


def _audit_kwargs(request: Request) -> dict[str, str]:
    values = _audit_values(request)
    values["user_name"] = values.pop("user")
    return values


@router.get("/audit.csv", dependencies=[allow(TASK_FORCE_READERS)])
async def audit_csv(request: Request, user: CurrentUser, svc: ServicesDep) -> Response:
    """The audit trail the page's filters select, every event (up to the API's cap), as CSV."""
    form = read_audit(_audit_values(request), "1")
    return await _audit_export(request, user, svc, form, audit_api.Format.CSV)


@router.get("/audit.xlsx", dependencies=[allow(TASK_FORCE_READERS)])
async def audit_xlsx(request: Request, user: CurrentUser, svc: ServicesDep) -> Response:
    """The same as .xlsx."""
    form = read_audit(_audit_values(request), "1")
    return await _audit_export(request, user, svc, form, audit_api.Format.XLSX)
