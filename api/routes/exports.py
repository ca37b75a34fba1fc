"""Downloads: the portfolio's status workbook, and a campaign's plan back in the import formats.

Any signed-in user may download; a unit's status workbook (lead or supporting unit) holds only the
tasks its unit leads. A plan is what the task decomposition table publishes to every unit.
"""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import quote
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.access import SIGNED_IN, allow
from api.auth import UNIT_ROLES
from api.deps import CurrentUser, Now, ServicesDep
from api.presenters import reads
from api.presenters.plans import plan_file
from api.schemas.common import REFUSALS
from domain.application import business_day
from infra.export.plan import YAML
from infra.export.sheets import XLSX

router = APIRouter(tags=["exports"], responses=REFUSALS)
PERIOD = r"^[0-9]{4}-(0[1-9]|1[0-2])$"  # ASCII: \d would take full-width digits
_NOT_IN_NAME = re.compile(r'[\\/:*?"<>|\s]+')
_NOT_ASCII_NAME = re.compile(r"[^A-Za-z0-9._-]+")


def _file(media_type: str, what: str) -> dict[int | str, dict[str, Any]]:
    schema = {"type": "string", "format": "binary"}
    return {200: {"content": {media_type: {"schema": schema}}, "description": what}}


def attachment(filename: str, fallback: str) -> str:
    """Content-Disposition: the real name per RFC 6266/5987, `fallback` for old clients."""
    name = _NOT_IN_NAME.sub("_", filename)
    plain = _NOT_ASCII_NAME.sub("_", fallback)
    return f"attachment; filename=\"{plain}\"; filename*=UTF-8''{quote(name, safe='')}"


def _download(content: bytes, media_type: str, filename: str, fallback: str) -> Response:
    disposition = attachment(filename, fallback)
    return Response(content, media_type=media_type, headers={"Content-Disposition": disposition})


@router.get(
    "/exports/status.xlsx",
    response_class=Response,
    responses=_file(XLSX, "the status workbook"),
    dependencies=[allow(SIGNED_IN)],
)
def status_export(
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    period: Annotated[
        str | None, Query(pattern=PERIOD, description="YYYY-MM; default: the latest one due")
    ] = None,
) -> Response:
    """Every task's status today and its report for the period, as .xlsx (a lead unit: its own)."""
    unit = user.unit if user.role in UNIT_ROLES else None
    content, chosen = reads.status_workbook_of(svc, unit, business_day(now), period)
    scope = f"_{unit}" if unit else ""
    filename = f"专项行动推进情况{scope}_{chosen}.xlsx"
    return _download(content, XLSX, filename, f"status_{chosen}.xlsx")


@router.get(
    "/campaigns/{campaign_id}/plan.yaml",
    response_class=Response,
    responses=_file(YAML, "the plan in the import file format"),
    dependencies=[allow(SIGNED_IN)],
)
def plan_yaml_export(campaign_id: UUID, svc: ServicesDep) -> Response:
    """The campaign's current plan (amendments applied) as the YAML the importer reads."""
    plan = plan_file(svc, campaign_id, "yaml")
    media_type = f"{YAML}; charset=utf-8"
    return _download(plan.content, media_type, plan.filename, plan.fallback)


@router.get(
    "/campaigns/{campaign_id}/plan.xlsx",
    response_class=Response,
    responses=_file(XLSX, "the task decomposition table"),
    dependencies=[allow(SIGNED_IN)],
)
def plan_xlsx_export(campaign_id: UUID, svc: ServicesDep) -> Response:
    """The campaign's current plan as its task decomposition table (任务分解表), .xlsx."""
    plan = plan_file(svc, campaign_id, "xlsx")
    return _download(plan.content, XLSX, plan.filename, plan.fallback)
