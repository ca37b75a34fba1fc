"""The task force's review queue (审核): the reports waiting, each accepted or returned with a
reason through the API's own commands, and the supporting units silent this period."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import TypeAdapter
from starlette.concurrency import run_in_threadpool

from api.access import COORDINATOR, TASK_FORCE_READERS, allow
from api.auth import User
from api.commands import finish
from api.deps import CurrentUser, Now, ServicesDep
from api.presenters import queues
from api.schemas.monitoring import ReviewItem, SilentItem
from api.services import Services
from api.web.forms import FormNote, note_problem, refusal
from api.web.i18n_refusals import named
from api.web.render import page
from domain.application import business_day
from domain.commands import AcceptReport, ReturnReport
from domain.errors import Conflict, InvalidInput, NotFound
from domain.values import Indicator

router = APIRouter(prefix="/reviews", include_in_schema=False)
DONE = ("accepted_done", "returned_done")
# The page shows the API's answers, read back from the bytes the API keeps.
REVIEWS = TypeAdapter(list[ReviewItem])
SILENT = TypeAdapter(list[SilentItem])


def reason_field(task_id: UUID | str, period: str) -> str:
    return f"reason-{task_id}-{period}"


def _indicators(svc: Services, ids: list[UUID]) -> dict[UUID, tuple[Indicator, ...]]:
    with svc.readmodel.read() as queries:
        return {t.id: t.indicators for t in queries.tasks_with_ids(sorted(set(ids)))}


async def _queue(
    request: Request,
    user: User,
    svc: Services,
    now: Now,
    errors: dict[str, str] | None = None,
    general: str = "",
    values: dict[str, str] | None = None,
    done: str = "",
) -> Response:
    today = business_day(now)
    waiting = REVIEWS.validate_json(await run_in_threadpool(queues.review_queue, svc, today))
    silent = SILENT.validate_json(await run_in_threadpool(queues.silent, svc, today, None, None))
    indicators = await run_in_threadpool(_indicators, svc, [w.task_id for w in waiting])
    return page(
        request,
        "reviews.html",
        user,
        status_code=422 if errors or general else 200,
        waiting=waiting,
        silent=silent,
        indicators=indicators,
        reason_field=reason_field,
        errors=errors or {},
        general=general,
        values=values or {},
        done=done,
    )


@router.get("", dependencies=[allow(TASK_FORCE_READERS)])
async def reviews(
    request: Request, user: CurrentUser, svc: ServicesDep, now: Now, done: str = ""
) -> Response:
    """Every report waiting, the longest waiting first, with the forms to accept or return."""
    return await _queue(request, user, svc, now, done=done if done in DONE else "")


@router.post("/{task_id}/{period}/accept", dependencies=[allow(COORDINATOR)])
async def accept(
    request: Request, task_id: UUID, period: str, user: CurrentUser, svc: ServicesDep, now: Now
) -> Response:
    """Accept the report as it stands."""
    command = AcceptReport(task_id, period, actor=user.actor, now=now)
    try:
        outcome = await run_in_threadpool(svc.store.accept_report, command)
    except (InvalidInput, Conflict, NotFound) as error:
        return await _queue(request, user, svc, now, general=named(error))
    await finish(svc, Response(), outcome.position)
    return RedirectResponse("/reviews?done=accepted_done", status_code=303)


@router.post("/{task_id}/{period}/return", dependencies=[allow(COORDINATOR)])
async def give_back(
    request: Request,
    task_id: UUID,
    period: str,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    reason: FormNote = "",
) -> Response:
    """Return (退回) the report to its lead unit with the reason it will read in its inbox."""
    name = reason_field(task_id, period)
    values = {name: reason}
    if problem := note_problem(reason):
        return await _queue(request, user, svc, now, {name: problem}, values=values)
    command = ReturnReport(task_id, period, reason, actor=user.actor, now=now)
    try:
        outcome = await run_in_threadpool(svc.store.return_report, command)
    except (InvalidInput, Conflict, NotFound) as error:
        errors, general = refusal(error, {"reason": name})
        return await _queue(request, user, svc, now, errors, general, values)
    await finish(svc, Response(), outcome.position)
    return RedirectResponse("/reviews?done=returned_done", status_code=303)
