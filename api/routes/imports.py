"""Imports: a task decomposition table (.xlsx/.csv) or a YAML plan in, draft campaigns out."""

from __future__ import annotations

import threading
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response, status
from fastapi.responses import JSONResponse

from api.access import COORDINATOR, allow
from api.commands import finish, in_thread
from api.deps import CurrentUser, Now, ServicesDep
from api.errors import ApiError
from api.limits import own_limit
from api.schemas.common import REFUSALS
from api.schemas.imports import ImportOut, refusal
from domain.application import Xiuhua, business_day
from domain.values import Actor
from infra.importer import MAX_BYTES, ImportReport, Options, run_import
from infra.importer.accepted import Chosen

router = APIRouter(prefix="/imports", tags=["imports"], responses=REFUSALS)
BODY = {
    "content": {
        "application/octet-stream": {"schema": {"type": "string", "format": "binary"}},
        "text/csv": {"schema": {"type": "string"}},
        "application/yaml": {"schema": {"type": "string"}},
    },
    "description": "the file itself, as the raw request body (at most 10 MB)",
    "required": True,
}
# Each import is bounded (see infra/importer/limits.py); bounding how many run at once bounds
# their sum. The others wait in their worker thread, never on the event loop.
IMPORTS_AT_ONCE = 2
_importing = threading.BoundedSemaphore(IMPORTS_AT_ONCE)
RESPONSES: dict[int | str, dict[str, Any]] = {
    201: {"model": ImportOut, "description": "stored: the draft campaigns' ids"},
    422: {"model": ImportOut, "description": "the report with its errors; nothing stored"},
}


# The route streams its body and answers a file over 10 MB in the import report's own shape.
EXTRA = {"requestBody": BODY, **own_limit(MAX_BYTES, read_by_route=True)}


@router.post(
    "",
    response_model=ImportOut,
    responses=RESPONSES,
    openapi_extra=EXTRA,
    dependencies=[allow(COORDINATOR)],
)
async def import_plan(
    request: Request,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    response: Response,
    year: Annotated[
        int | None, Query(ge=2000, le=2100, description="the campaigns' year; default this year")
    ] = None,
    filename: Annotated[
        str, Query(max_length=200, description="the file's name: .xlsx, .csv or .yaml")
    ] = "",
    dry_run: Annotated[bool, Query(description="check and report; store nothing")] = False,
    start_period: Annotated[
        str | None, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM; default YEAR-01")
    ] = None,
    task_force: Annotated[str, Query(max_length=200, description="the task force (专班)")] = "",
) -> Any:
    """Import a plan as draft campaigns (defined, not launched), all or nothing."""
    year = year or business_day(now).year
    period = start_period or f"{year}-01"
    if not period.startswith(f"{year}-"):
        raise ApiError(
            422, ["query", "start_period"], f"must fall in the year {year}", "value_error"
        )
    if request.headers.get("content-type", "").startswith("multipart/"):
        msg = "send the file itself as the request body (curl --data-binary @FILE), not a form"
        raise ApiError(415, ["header", "content-type"], msg, "unsupported_media_type")
    data, size = await _body(request)
    options = Options(year, period, task_force, filename or "import")
    actor = user.actor
    report = await in_thread(bounded_import, svc.store, data, options, actor, now, dry_run, size)
    if not report.ok:
        return JSONResponse(refusal(report), status_code=422)
    if not report.stored:
        return ImportOut.of(report)
    done = await finish(svc, response, report.position)
    response.status_code = status.HTTP_202_ACCEPTED if done.warning else status.HTTP_201_CREATED
    return ImportOut.of(report, done.warning)


def bounded_import(
    app: Xiuhua,
    data: bytes,
    options: Options,
    actor: Actor,
    now: datetime,
    dry_run: bool,
    size: int | None = None,
    chosen: Chosen | None = None,
) -> ImportReport:
    """The import, run in a worker thread once one of the `IMPORTS_AT_ONCE` places is free (the
    import pages take their places here too)."""
    with _importing:
        return run_import(app, data, options, actor, now, dry_run, size, chosen)


async def _body(request: Request) -> tuple[bytes, int]:
    """The body, kept up to just over the limit; and its whole size."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BYTES:
        return b"", int(declared)
    kept, size = bytearray(), 0
    async for chunk in request.stream():
        size += len(chunk)
        if len(kept) <= MAX_BYTES:
            kept += chunk
    return bytes(kept), size
