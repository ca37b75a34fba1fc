"""The supporting unit's page (配合单位): the tasks it supports, and its contribution per task and
period through the API's own command; the follow-ups the unit owes, too."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.access import TASK_SUPPORTER, UNIT_MEMBER, allow, checked_task
from api.auth import User
from api.commands import finish
from api.deps import CurrentUser, Now, ServicesDep
from api.presenters.reads import unit_inbox
from api.schemas.monitoring import InboxOut
from api.services import Services
from api.web.i18n_refusals import named
from api.web.lead import task_view
from api.web.render import page
from api.web.support import key, opened, read_contribution, supported_tasks
from domain.application import business_day
from domain.commands import AddContribution
from domain.errors import Conflict, InvalidInput, NotFound

router = APIRouter(include_in_schema=False)
DONE = ("contribution_saved", "follow_up_done")


async def _support_page(
    request: Request,
    user: User,
    svc: Services,
    now: Now,
    values: dict[str, str] | None = None,
    errors: dict[str, str] | None = None,
    general: str = "",
    done: str = "",
) -> Response:
    today = business_day(now)
    views = await run_in_threadpool(supported_tasks, svc, user.unit, today)
    owed = InboxOut.model_validate_json(await run_in_threadpool(unit_inbox, svc, user.unit))
    return page(
        request,
        "support.html",
        user,
        status_code=422 if errors or general else 200,
        views=views,
        opened=opened,
        key=key,
        follow_ups=owed.follow_ups,
        values=values or {},
        errors=errors or {},
        general=general,
        done=done,
    )


@router.get("/support", dependencies=[allow(UNIT_MEMBER)])
async def support(
    request: Request, user: CurrentUser, svc: ServicesDep, now: Now, done: str = ""
) -> Response:
    """The tasks the unit supports, each with the form to say what it did this period."""
    return await _support_page(request, user, svc, now, done=done if done in DONE else "")


@router.post("/tasks/{task_id}/contribution", dependencies=[allow(TASK_SUPPORTER)])
async def contribute(
    request: Request, task_id: UUID, user: CurrentUser, svc: ServicesDep, now: Now
) -> Response:
    """The unit's contribution to the task for a period (a later one stands in for it)."""
    view = await run_in_threadpool(task_view, svc, task_id, business_day(now))
    raw = await request.form()
    values = {k: v for k, v in raw.items() if isinstance(v, str)}
    form = read_contribution(view, values)
    if form.errors:
        return await _support_page(request, user, svc, now, form.values, form.errors)
    command = AddContribution(
        task_id, values["period"], values.get("text", ""), form.figures, actor=user.actor, now=now
    )
    try:
        outcome = await run_in_threadpool(
            svc.store.add_contribution, command, seen=checked_task(request, task_id)
        )
    except (InvalidInput, Conflict, NotFound) as error:
        name = error.field.replace("figures.", "fig.")
        field = key(task_id, name)
        if field in form.values or name.startswith("fig.") or name in ("text", "period"):
            errors, general = {field: error.message}, ""
        else:
            errors, general = {}, named(error)
        return await _support_page(request, user, svc, now, form.values, errors, general)
    await finish(svc, Response(), outcome.position)
    return RedirectResponse("/support?done=contribution_saved", status_code=303)
