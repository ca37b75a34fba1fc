"""Frozen packs (会议材料) as pages: the list, the form that freezes one as known at a cut-off,
and one pack shown exactly as frozen, with where later corrections differ marked plainly."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.access import COORDINATOR_OR_EVALUATOR, TASK_FORCE_READERS, allow
from api.auth import User
from api.commands import finish
from api.deps import CurrentUser, Now, ServicesDep
from api.past import PastViews
from api.routes.packs import pack_view
from api.services import Services
from api.web.forms import note_problem
from api.web.render import page
from domain.calendar import SHANGHAI
from domain.commands import FreezePack
from domain.errors import Conflict, InvalidInput, NotFound
from domain.packs import pack_id

router = APIRouter(prefix="/packs", include_in_schema=False)
FIELDS = {"title": "title", "cut": "cut_date", "campaign": "campaign"}


def _listing(svc: Services) -> tuple[list[object], dict[UUID, str]]:
    with svc.readmodel.read() as queries:
        names = {c.id: f"{c.code} {c.name}" for c in queries.campaigns()}
        return list(reversed(queries.packs())), names


async def _packs_page(
    request: Request,
    user: User,
    svc: Services,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
) -> Response:
    packs, names = await run_in_threadpool(_listing, svc)
    return page(
        request,
        "packs.html",
        user,
        status_code=422 if errors else 200,
        packs=packs,
        names=names,
        local=lambda moment: moment.astimezone(SHANGHAI),
        values=values or {},
        errors=errors or {},
    )


@router.get("", dependencies=[allow(TASK_FORCE_READERS)])
async def packs_page(request: Request, user: CurrentUser, svc: ServicesDep) -> Response:
    """Every frozen pack, the latest cut first, and the form to freeze one."""
    return await _packs_page(request, user, svc)


def read_cut(day_text: str, time_text: str, now: datetime) -> tuple[datetime | None, str | None]:
    """(cut, problem): empty is now; a day alone is its end (or now, if that is today)."""
    day_text, time_text = day_text.strip(), time_text.strip()
    if not day_text:
        return (None, "bad_time") if time_text else (now, None)
    try:
        day = date.fromisoformat(day_text) if len(day_text) == 10 else None
    except ValueError:
        day = None
    if day is None:
        return None, "bad_date"
    if time_text:
        match = re.fullmatch(r"([01][0-9]|2[0-3]):([0-5][0-9])", time_text)
        if match is None:
            return None, "bad_time"
        at = time(int(match[1]), int(match[2]))
    else:
        at = time(23, 59, 59)
    cut = datetime.combine(day, at, SHANGHAI)
    if cut > now and not time_text and day == now.astimezone(SHANGHAI).date():
        cut = now
    if cut > now:
        return None, "cut_future"
    return cut, None


@router.post("", dependencies=[allow(COORDINATOR_OR_EVALUATOR)])
async def freeze(request: Request, user: CurrentUser, svc: ServicesDep, now: Now) -> Response:
    """Freeze the portfolio (or one campaign) as known at the cut-off, then show the pack."""
    raw = await request.form()
    values = {k: v for k, v in raw.items() if isinstance(v, str)}
    errors: dict[str, str] = {}
    title = values.get("title", "")
    if problem := note_problem(title, multiline=False, limit=200):
        errors["title"] = problem
    campaign: UUID | None = None
    if values.get("campaign", "").strip():
        try:
            campaign = UUID(values["campaign"].strip())
        except ValueError:
            errors["campaign"] = "bad_filter"
    cut, cut_problem = read_cut(values.get("cut_date", ""), values.get("cut_time", ""), now)
    if cut_problem:
        errors["cut_date"] = cut_problem
    if errors or cut is None:
        return await _packs_page(request, user, svc, values, errors)
    key = uuid.uuid4().hex  # a new pack each time, named here as the API names it
    command = FreezePack(key, title, campaign, cut, actor=user.actor, now=now)
    try:
        outcome = await run_in_threadpool(svc.store.freeze_pack, command)
    except (InvalidInput, Conflict, NotFound) as error:
        errors = {FIELDS.get(error.field, "title"): error.message}
        return await _packs_page(request, user, svc, values, errors)
    await finish(svc, Response(), outcome.position)
    return RedirectResponse(f"/packs/{pack_id(key)}?done=1", status_code=303)


@router.get("/{pack_id}", dependencies=[allow(TASK_FORCE_READERS)])
async def pack_page(
    request: Request, pack_id: UUID, user: CurrentUser, svc: ServicesDep, done: bool = False
) -> Response:
    """The pack exactly as frozen, then each task that later corrections read differently."""
    views: PastViews = request.app.state.past
    shown = await run_in_threadpool(pack_view, pack_id, views, svc, user)
    changed = {c["task_id"] for c in shown["corrected_since"]}
    cut = datetime.fromisoformat(shown["cut"]).astimezone(SHANGHAI)
    return page(request, "pack.html", user, p=shown, cut=cut, changed=changed, done=done)
