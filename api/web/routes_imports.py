"""The task force's import pages (导入): a task decomposition table uploaded, its dry-run report
shown cell by cell, the indicators suggested from task texts accepted, edited or dropped, the
drafts stored at once, then reviewed and launched one by one.

The upload is kept by its SHA-256 (infra/work/uploads.py) between the dry run and the save, and
read again for the save: what is stored is what the report showed, with the chosen indicators.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import PurePath
from typing import Annotated, Any
from urllib.parse import urlencode
from uuid import UUID

from fastapi import APIRouter, File, Form, Path, Query, Request, UploadFile
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.access import COORDINATOR, allow
from api.auth import User
from api.commands import finish, in_thread
from api.deps import CurrentUser, Now, ServicesDep
from api.limits import own_limit
from api.routes.campaigns import launch_campaign
from api.routes.imports import bounded_import
from api.services import Services
from api.web.forms import FormShort
from api.web.i18n import STRINGS
from api.web.import_form import (
    SHAPES,
    ChoicesForm,
    OptionsForm,
    initial_values,
    read_choices,
    read_options,
    suggested,
)
from api.web.render import page
from domain.application import business_day
from domain.campaign import Phase
from domain.errors import Conflict, InvalidInput, NotFound
from infra.importer import MAX_BYTES, ImportReport, Options
from infra.work.uploads import Upload as Kept

router = APIRouter(prefix="/imports", include_in_schema=False)
HASH = r"^[0-9a-f]{64}$"
# The form's file part, its other fields and the multipart framing: a file at the limit fits,
# and the import's own check names one past it (the border refuses anything larger still).
FORM_SLACK = 64 * 1024
DONE = ("imp_stored_done", "imp_launched_done")
GONE = "没有这个上传文件（可能已导入） / no such upload (stored already?)"


def _upload_page(
    request: Request, user: User, form: OptionsForm, status: int = 200, report: Any = None
) -> Response:
    return page(
        request,
        "imports.html",
        user,
        status,
        values=form.values,
        errors=form.errors,
        report=report,
    )


@router.get("", dependencies=[allow(COORDINATOR)])
async def upload_form(request: Request, user: CurrentUser, now: Now) -> Response:
    """The upload form, the year and the first reporting period this year's."""
    year = business_day(now).year
    values = {"year": str(year), "start_period": f"{year}-01", "task_force": ""}
    return _upload_page(request, user, OptionsForm(values))


@router.post(
    "",
    dependencies=[allow(COORDINATOR)],
    openapi_extra=own_limit(MAX_BYTES + FORM_SLACK),
)
async def upload(
    request: Request,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    plan: Annotated[UploadFile | None, File()] = None,
    year: FormShort = "",
    start_period: FormShort = "",
    task_force: FormShort = "",
) -> Response:
    """Check the file (a dry run: nothing stored); keep it for the save and show the report."""
    form = read_options({"year": year, "start_period": start_period, "task_force": task_force})
    name = PurePath((plan.filename or "") if plan else "").name[:200]
    data = await plan.read(MAX_BYTES + 1) if plan is not None else b""
    if not data:
        form.errors["plan"] = "imp_no_file"
    if form.errors:
        return _upload_page(request, user, form, 422)
    options = Options(form.year, form.start_period, form.task_force, name or "import")
    size = plan.size if plan is not None and plan.size is not None else len(data)
    report = await in_thread(bounded_import, svc.store, data, options, user.actor, now, True, size)
    if not report.ok:
        return _upload_page(request, user, form, 422, _shown(report))
    kept = await run_in_threadpool(svc.uploads.put, data, options.filename, user.name, now)
    query = {"year": form.year, "start_period": form.start_period, "task_force": form.task_force}
    return RedirectResponse(f"/imports/{kept.hash}?{urlencode(query)}", status_code=303)


def _shown(report: ImportReport) -> dict[str, Any]:
    """The report as the page shows it: problems with their cells, the drafts, suggestions."""
    return report.to_dict()


Upload = Annotated[str, Path(pattern=HASH)]
Year = Annotated[int, Query(ge=2000, le=2100)]
StartPeriod = Annotated[str, Query(pattern=r"^\d{4}-\d{2}$")]
TaskForce = Annotated[str, Query(max_length=200)]


async def _checked(
    svc: Services, upload: str, options: OptionsForm, user: User, now: datetime
) -> tuple[Kept, Options, ImportReport]:
    """The kept upload, the import's options and its dry run."""
    kept = await run_in_threadpool(svc.uploads.get, upload)
    if kept is None:
        raise NotFound("upload", GONE)
    opts = Options(options.year, options.start_period, options.task_force, kept.filename)
    report = await in_thread(bounded_import, svc.store, kept.data, opts, user.actor, now, True)
    return kept, opts, report


def _options(year: int, start_period: str, task_force: str) -> OptionsForm:
    form = read_options({"year": str(year), "start_period": start_period, "task_force": task_force})
    if form.errors:
        field, key = next(iter(form.errors.items()))
        raise InvalidInput(field, " / ".join(STRINGS[key]) if key in STRINGS else key)
    return form


async def _report_page(
    request: Request,
    user: User,
    svc: Services,
    now: datetime,
    upload: str,
    options: OptionsForm,
    choices: ChoicesForm | None = None,
    report: ImportReport | None = None,
) -> Response:
    kept, _, checked = await _checked(svc, upload, options, user, now)
    shown = _shown(report or checked)
    items = suggested(checked.to_dict()["suggestions"])
    values = choices.values if choices else initial_values(items)
    failed = bool(choices and choices.errors) or (report is not None and not report.ok)
    return page(
        request,
        "import_report.html",
        user,
        422 if failed else 200,
        upload=upload,
        filename=kept.filename,
        options=options,
        report=shown,
        items=items,
        shapes=[s.value for s in SHAPES],
        values=values,
        errors=choices.errors if choices else {},
        general=choices.general if choices else "",
    )


@router.get("/drafts", dependencies=[allow(COORDINATOR)])
async def drafts(request: Request, user: CurrentUser, svc: ServicesDep, done: str = "") -> Response:
    """The draft campaigns (defined, not launched) with their tasks and indicators."""
    return await _drafts_page(request, user, svc, done=done if done in DONE else "")


async def _drafts_page(
    request: Request, user: User, svc: Services, done: str = "", general: str = ""
) -> Response:
    def read() -> list[tuple[Any, list[Any]]]:
        with svc.readmodel.read() as queries:
            return [(c, queries.tasks(c.id)) for c in queries.campaigns() if c.phase is Phase.DRAFT]

    found = await run_in_threadpool(read)
    return page(
        request,
        "import_drafts.html",
        user,
        422 if general else 200,
        drafts=found,
        done=done,
        general=general,
    )


@router.post("/drafts/{campaign_id}/launch", dependencies=[allow(COORDINATOR)])
async def launch(
    request: Request, campaign_id: UUID, user: CurrentUser, svc: ServicesDep, now: Now
) -> Response:
    """Launch (启动) the draft through the API's own launch: its command and its notice."""
    try:
        await launch_campaign(campaign_id, user, svc, now, Response())
    except (InvalidInput, Conflict, NotFound) as error:
        return await _drafts_page(request, user, svc, general=error.message)
    return RedirectResponse("/imports/drafts?done=imp_launched_done", status_code=303)


@router.get("/{upload}", dependencies=[allow(COORDINATOR)])
async def dry_run(
    request: Request,
    upload: Upload,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    year: Year,
    start_period: StartPeriod,
    task_force: TaskForce = "",
) -> Response:
    """The dry-run report of a kept upload, and the suggestions to accept, edit or drop."""
    options = _options(year, start_period, task_force)
    return await _report_page(request, user, svc, now, upload, options)


@router.post("/{upload}/store", dependencies=[allow(COORDINATOR)])
async def store(
    request: Request,
    upload: Upload,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    year: Annotated[int, Form(ge=2000, le=2100)],
    start_period: Annotated[str, Form(pattern=r"^\d{4}-\d{2}$")],
    task_force: FormShort = "",
) -> Response:
    """Store the drafts with the indicators kept, all at once; nothing on any error."""
    options = _options(year, start_period, task_force)
    form_data = await request.form()
    values = {k: v for k, v in form_data.items() if isinstance(v, str) and k.startswith("ind-")}
    kept, opts, checked = await _checked(svc, upload, options, user, now)
    items = suggested(checked.to_dict()["suggestions"])
    choices = read_choices(items, values, options.year)
    if choices.errors or not checked.ok:
        return await _report_page(request, user, svc, now, upload, options, choices, checked)
    report = await in_thread(
        bounded_import, svc.store, kept.data, opts, user.actor, now, False, None, choices.chosen
    )
    if not report.stored:
        return await _report_page(request, user, svc, now, upload, options, choices, report)
    await run_in_threadpool(svc.uploads.discard, upload)
    await finish(svc, Response(), report.position)
    return RedirectResponse("/imports/drafts?done=imp_stored_done", status_code=303)
