"""The dashboards (plotly figures from the read model) as JSON, or as an HTML file that opens
offline (`?format=html`). JSON is {"figure": plotly's figure JSON, "table": the numbers drawn}.

A lead unit sees its own tasks only: the burn-up of a task it leads, and in the league table,
the heatmap and the timeline only the rows of the tasks it leads (and of its own name).
Supporting units have no dashboards.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import date
from functools import partial
from typing import Annotated, Literal
from uuid import UUID

from fastapi import APIRouter, Query, Response
from starlette.concurrency import run_in_threadpool

from api.access import READER_OR_LEAD_UNIT, READER_OR_TASK_LEAD, allow
from api.auth import UNIT_ROLES, User
from api.deps import CurrentUser, Now, ServicesDep
from api.routes.exports import attachment
from api.schemas.common import REFUSALS
from api.services import Services
from dashboards import read
from dashboards.export import Panel, page
from domain.application import business_day

router = APIRouter(prefix="/dashboards", tags=["dashboards"], responses=REFUSALS)
Lang = Annotated[Literal["zh", "en"], Query(description="zh (default) or en")]
Format = Annotated[Literal["json", "html"], Query(description="json, or html: an offline file")]
Day = Annotated[date | None, Query(description="YYYY-MM-DD; default: today")]
Campaign = Annotated[UUID | None, Query(description="one campaign; default: the portfolio")]
_ANSWERS: dict[int | str, dict[str, object]] = {
    200: {
        "content": {
            "application/json": {"schema": {"type": "object"}},
            "text/html": {"schema": {"type": "string"}},
        },
        "description": "the figure and its numbers, or the offline HTML page",
    }
}


def _unit(user: User) -> str | None:
    return user.unit if user.role in UNIT_ROLES else None


def _answer(
    svc: Services, key: tuple[Hashable, ...], build: Callable[[], Panel], fmt: str, lang: str
) -> Response:
    """The JSON kept under the read model's position (read before the rows, so a key is never
    newer than its answer: any event moves it); the HTML file built each time (4-5 MB)."""
    if fmt == "json":
        with svc.readmodel.read() as queries:
            position = queries.position(svc.readmodel.name)
        kept = ("dashboard", *key, lang, position)
        body = svc.caches.answers.get(kept)
        if body is None:
            body = build().to_json()
            svc.caches.answers.put(kept, body, len(body))
        return Response(body, media_type="application/json")
    panel = build()
    title = panel.figure.layout.title.text or panel.name
    body = page([panel], title, "zh" if lang == "zh" else "en").encode()
    disposition = attachment(f"{panel.name}.html", f"{panel.name}.html")
    return Response(
        body, media_type="text/html; charset=utf-8", headers={"Content-Disposition": disposition}
    )


@router.get(
    "/tasks/{task_id}/burnup",
    response_class=Response,
    responses=_ANSWERS,
    dependencies=[allow(READER_OR_TASK_LEAD)],
)
async def burnup(
    task_id: UUID,
    svc: ServicesDep,
    now: Now,
    indicator: Annotated[str, Query(max_length=64, description="code; default: the first")] = "",
    on: Day = None,
    lang: Lang = "zh",
    format: Format = "json",
) -> Response:
    """An indicator's actual values by month against the plan, the forecast and the target."""
    day = on or business_day(now)
    key = ("burnup", task_id, indicator, day)
    build = partial(read.burnup_panel, svc.readmodel, task_id, indicator, day, lang)
    return await run_in_threadpool(_answer, svc, key, build, format, lang)


@router.get(
    "/timeliness",
    response_class=Response,
    responses=_ANSWERS,
    dependencies=[allow(READER_OR_LEAD_UNIT)],
)
async def timeliness(
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    campaign: Campaign = None,
    until: Day = None,
    lang: Lang = "zh",
    format: Format = "json",
) -> Response:
    """On-time monthly reports by lead unit (晾晒): due before `until`, on time, late, missing."""
    day = until or business_day(now)
    build = partial(read.timeliness_panel, svc.readmodel, campaign, day, lang, _unit(user))
    key = ("timeliness", campaign, day, _unit(user))
    return await run_in_threadpool(_answer, svc, key, build, format, lang)


@router.get(
    "/delays",
    response_class=Response,
    responses=_ANSWERS,
    dependencies=[allow(READER_OR_LEAD_UNIT)],
)
async def delays(
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    campaign: Campaign = None,
    until: Day = None,
    lang: Lang = "zh",
    format: Format = "json",
) -> Response:
    """Late or missing monthly reports by lead unit and reporting month."""
    day = until or business_day(now)
    build = partial(read.delays_panel, svc.readmodel, campaign, day, lang, _unit(user))
    key = ("delays", campaign, day, _unit(user))
    return await run_in_threadpool(_answer, svc, key, build, format, lang)


@router.get(
    "/milestones",
    response_class=Response,
    responses=_ANSWERS,
    dependencies=[allow(READER_OR_LEAD_UNIT)],
)
async def milestones(
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    campaign: Annotated[UUID, Query(description="the campaign")],
    on: Day = None,
    lang: Lang = "zh",
    format: Format = "json",
) -> Response:
    """A campaign's milestones: planned date, the day done, and which are late."""
    day = on or business_day(now)
    build = partial(read.milestones_panel, svc.readmodel, campaign, day, lang, _unit(user))
    key = ("milestones", campaign, day, _unit(user))
    return await run_in_threadpool(_answer, svc, key, build, format, lang)
