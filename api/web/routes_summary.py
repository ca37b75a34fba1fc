"""The status summary (推进情况汇总表) as a page that prints: the status workbook's table
(GET /api/exports/status.xlsx) for the task force's readers, one row per task, on A4 landscape.

The workbook's cells are written in Chinese, for the report sent upward; the page shows each
cell in the user's language (api/web/summary.py), as it does its headings and status words.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.access import TASK_FORCE_READERS, allow
from api.deps import CurrentUser, Now, ServicesDep
from api.services import Services
from api.web.render import lang_of, page
from api.web.summary import Summary, summary
from domain.application import business_day

router = APIRouter(include_in_schema=False)
PERIOD = re.compile(r"[0-9]{4}-(0[1-9]|1[0-2])")  # ASCII digits only, as the export's own


def _report(svc: Services, period: str | None, on: date, lang: str) -> Summary:
    with svc.readmodel.read() as queries:
        return summary(queries, on, period, lang)


@router.get("/status-summary", dependencies=[allow(TASK_FORCE_READERS)])
async def status_summary_page(
    request: Request,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    period: Annotated[str, Query(max_length=20)] = "",
) -> Response:
    """Every launched campaign's tasks, their status today and their report for the period
    (default: the latest one due), as a table that prints."""
    errors: dict[str, str] = {}
    if period and not PERIOD.fullmatch(period):
        errors["period"] = "summary_bad_period"
    on = business_day(now)
    report = (
        None
        if errors
        else await run_in_threadpool(_report, svc, period or None, on, lang_of(request))
    )
    return page(
        request,
        "status_summary.html",
        user,
        status_code=422 if errors else 200,
        report=report,
        errors=errors,
        chosen=period,
    )
