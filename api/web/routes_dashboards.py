"""The dashboards page (看板): a campaign's indicator burn-up, on-time reporting league table,
delay heatmap and milestone timeline on one page, drawn by plotly.js served by the app; and each
figure as one HTML file that opens offline (the dashboards API's own export).

Who may read them is the dashboards API's rule (READER_OR_LEAD_UNIT); a lead unit sees its own
tasks only, and the burn-up of a task it leads only.
"""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.access import READER_OR_LEAD_UNIT, allow
from api.auth import User
from api.deps import CurrentUser, Now, ServicesDep
from api.errors import ApiError
from api.routes.exports import attachment
from api.services import Services
from api.web import i18n
from api.web.figures import KINDS, Choice, Refused, choose, panel, shown
from api.web.render import lang_of, page
from dashboards.export import page as offline_page
from dashboards.style import check_lang
from domain.application import business_day

router = APIRouter(include_in_schema=False)
Field = Annotated[str, Query(max_length=100)]
Kind = Literal["burnup", "timeliness", "delays", "milestones"]
# plotly.js styles its charts by inserting style rules; scripts stay 'self' only.
PLOT_CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; frame-ancestors 'none'"
)


def _choose(
    svc: Services, user: User, campaign: str, task: str, indicator: str, listed_for: str = ""
) -> Choice:
    try:
        return choose(svc, user, campaign, task, indicator, listed_for)
    except Refused as refused:
        raise ApiError(403, ["query", "task"], refused.message, "forbidden") from None


@router.get("/dashboards", dependencies=[allow(READER_OR_LEAD_UNIT)])
async def dashboards_page(
    request: Request,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    campaign: Field = "",
    task: Field = "",
    indicator: Field = "",
    listed_for: Field = "",
) -> Response:
    """The four figures of the chosen campaign, each with its table and its offline file."""
    lang = check_lang(lang_of(request))
    on = business_day(now)
    choice = await run_in_threadpool(_choose, svc, user, campaign, task, indicator, listed_for)
    figures = []
    if not choice.errors and choice.campaign is not None:
        kinds = KINDS if choice.indicator else KINDS[1:]
        for kind in kinds:
            built = await run_in_threadpool(panel, svc, user, kind, choice, on, lang)
            figures.append(shown(kind, built, lang))
    answer = page(
        request,
        "dashboards.html",
        user,
        status_code=choice.status,
        choice=choice,
        figures=figures,
        on=on,
    )
    answer.headers["Content-Security-Policy"] = PLOT_CSP
    return answer


@router.get("/dashboards/file/{kind}", dependencies=[allow(READER_OR_LEAD_UNIT)])
async def dashboard_file(
    request: Request,
    kind: Kind,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    campaign: Field = "",
    task: Field = "",
    indicator: Field = "",
) -> Response:
    """One figure and its table as a single HTML file with plotly.js inline: it opens offline."""
    lang = check_lang(lang_of(request))
    choice = await run_in_threadpool(_choose, svc, user, campaign, task, indicator)
    for name, key in choice.errors.items():
        said = f"{i18n.translate(key, 'zh')} / {i18n.translate(key, 'en')}"
        raise ApiError(choice.status, ["query", name], said, "invalid")
    needs_campaign = kind in ("burnup", "milestones") and choice.campaign is None
    if needs_campaign or (kind == "burnup" and not choice.indicator):
        key = "dash_no_campaign" if choice.campaign is None else "dash_no_indicator"
        said = f"{i18n.translate(key, 'zh')} / {i18n.translate(key, 'en')}"
        raise ApiError(404, ["query", "campaign"], said, "not_found")
    built = await run_in_threadpool(panel, svc, user, kind, choice, business_day(now), lang)
    title = str(built.figure.layout.title.text or built.name)
    body = (await run_in_threadpool(offline_page, [built], title, lang)).encode()
    disposition = attachment(f"{built.name}.html", f"{built.name}.html")
    return Response(
        body,
        media_type="text/html; charset=utf-8",
        headers={"Content-Disposition": disposition, "Cache-Control": "no-store"},
    )
