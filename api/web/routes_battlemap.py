"""The battle map page (挂图作战): campaigns by tasks, each cell coloured and labelled by status,
filtered by a GET form; `?wall=1` for a wall screen that refreshes itself."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.access import SIGNED_IN, allow
from api.deps import CurrentUser, Now, ServicesDep
from api.past import PastViews
from api.web.battle import choices, read_filters, read_past
from api.web.battle_grid import grid_parts
from api.web.render import lang_of, page
from domain.application import business_day
from domain.values import Status

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Query(max_length=200)]


@router.get("/battle-map", dependencies=[allow(SIGNED_IN)])
async def battle_map_page(
    request: Request,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    campaign: Field = "",
    unit: Field = "",
    status: Field = "",
    binding: Field = "",
    as_of: Field = "",
    known_on: Field = "",
    wall: bool = False,
) -> Response:
    """The grid as the user may see it; a unit sees others' tasks as published. With a date,
    the grid as it stood then, said plainly above it."""
    today = business_day(now)
    form = read_filters(campaign, unit, status, binding)
    past = read_past(as_of, known_on)
    form.errors.update(past.errors)
    source, on = svc, today
    if past.cut is not None:
        views: PastViews = request.app.state.past
        source = await run_in_threadpool(views.view, past.cut)
        on = past.cut.day
    parts = await run_in_threadpool(
        grid_parts, source, user, form.filters, on, lang_of(request), wall
    )
    lists = await run_in_threadpool(choices, svc)
    return page(
        request,
        "battlemap.html",
        user,
        status_code=422 if form.errors else 200,
        parts=parts,
        on=on,
        form=form,
        lists=lists,
        statuses=[s.value for s in Status],
        wall=wall,
        today=today,
        past=past,
    )
