"""The task page: the task's whole history, its indicators against target and plan, its periods
with contributions and evidence; for the task force, supervision opened and closed by hand."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.access import COORDINATOR, TASK_READERS, allow
from api.auth import User
from api.commands import finish
from api.deps import CurrentUser, Now, ServicesDep
from api.errors import ApiError
from api.past import PastViews
from api.routes.evidence import get_evidence
from api.services import Services
from api.web.battle import PastForm, read_past
from api.web.forms import FormNote, note_problem, refusal
from api.web.history import task_history
from api.web.lead import task_view
from api.web.render import lang_of, page
from domain.application import business_day
from domain.commands import CloseSupervision, OpenSupervision
from domain.errors import Conflict, InvalidInput

router = APIRouter(prefix="/tasks/{task_id}", include_in_schema=False)
Hash = Annotated[str, Path(pattern=r"^[0-9a-f]{64}$")]
DateField = Annotated[str, Query(max_length=40)]
NOT_YET = "该日期时此任务尚未设立 / the task did not exist yet on that date"


async def _task_page(
    request: Request,
    user: User,
    svc: Services,
    task_id: UUID,
    now: datetime,
    errors: dict[str, str] | None = None,
    general: str = "",
    values: dict[str, str] | None = None,
    done: str = "",
    past: PastForm | None = None,
) -> Response:
    today = business_day(now)
    past = past or PastForm()
    source, on = svc, today
    if past.cut is not None:  # the task as it stood then: the campaign's view of the past
        views: PastViews = request.app.state.past
        source = await run_in_threadpool(views.view, past.cut)
        on = past.cut.day
    try:
        view = await run_in_threadpool(task_view, source, task_id, on)
    except ApiError as error:
        if past.cut is None or error.status != 404:
            raise
        raise ApiError(404, ["query", "known_on"], NOT_YET, "not_found") from None
    history = await run_in_threadpool(task_history, source, user, task_id, lang_of(request))
    errors = dict(errors or {})
    errors.update(past.errors)
    silent = {p.period: p.silent_supporters for p in view.out.periods}
    # The page shows one supervision form: the other's problem is said above it.
    hidden = "reason" if view.out.open_supervision else "note"
    if hidden in errors:
        general = general or errors.pop(hidden)
    return page(
        request,
        "task.html",
        user,
        status_code=422 if errors or general else 200,
        view=view,
        task=view.out,
        history=history,
        silent=silent,
        errors=errors,
        general=general,
        values=values or {},
        done=done,
        today=today,
        past=past,
    )


@router.get("", dependencies=[allow(TASK_READERS)])
async def task_page(
    request: Request,
    task_id: UUID,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    done: str = "",
    as_of: DateField = "",
    known_on: DateField = "",
) -> Response:
    """One task: history, indicators, periods; supervision forms for the task force. With a
    date, the task as it stood then, said plainly, and no forms (the past is not changed)."""
    shown = done if done in ("open_supervision", "close_supervision") else ""
    past = read_past(as_of, known_on)
    return await _task_page(request, user, svc, task_id, now, done=shown, past=past)


async def _supervision(
    request: Request,
    task_id: UUID,
    user: User,
    svc: Services,
    now: Now,
    field: str,
    text: str,
    opening: bool,
) -> Response:
    values = {field: text}
    if problem := note_problem(text):
        return await _task_page(request, user, svc, task_id, now, {field: problem}, values=values)
    kind = OpenSupervision if opening else CloseSupervision
    command = kind(task_id, text, actor=user.actor, now=now)
    act = svc.store.open_supervision if opening else svc.store.close_supervision
    try:
        outcome = await run_in_threadpool(act, command)
    except (InvalidInput, Conflict) as error:
        errors, general = refusal(error, {"reason": field})
        return await _task_page(request, user, svc, task_id, now, errors, general, values)
    await finish(svc, Response(), outcome.position)
    done = "open_supervision" if opening else "close_supervision"
    return RedirectResponse(f"/tasks/{task_id}?done={done}", status_code=303)


@router.post("/supervision/open", dependencies=[allow(COORDINATOR)])
async def open_supervision(
    request: Request,
    task_id: UUID,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    reason: FormNote = "",
) -> Response:
    """Open supervision (督导) by hand, saying why, through the API's own command."""
    return await _supervision(request, task_id, user, svc, now, "reason", reason, True)


@router.post("/supervision/close", dependencies=[allow(COORDINATOR)])
async def close_supervision(
    request: Request,
    task_id: UUID,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    note: FormNote = "",
) -> Response:
    """Close the task's open supervision with a note."""
    return await _supervision(request, task_id, user, svc, now, "note", note, False)


@router.get("/evidence/{hash}", dependencies=[allow(TASK_READERS)])
def evidence_file(task_id: UUID, hash: Hash, svc: ServicesDep) -> Response:
    """An evidence file of the task for a signed-in reader: the API route's own answer."""
    return get_evidence(task_id, hash, svc)
