"""The audit trail: every event of a campaign, a task, a unit or a user, with who, which unit,
the business date, the recorded time and the reason, filtered by any of them; as JSON, CSV or
.xlsx."""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.access import TASK_FORCE_READERS, allow
from api.deps import ServicesDep
from api.errors import ApiError
from api.presenters.monitoring import event_out
from api.schemas.common import REFUSALS
from api.schemas.monitoring import EventOut
from infra.export import audit
from infra.export.sheets import XLSX
from infra.readmodel.queries import Trail

router = APIRouter(tags=["audit"], responses=REFUSALS)
MAX_ROWS = 100_000  # one answer; narrow the trail for more


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"


Text = Annotated[str | None, Query(min_length=1, max_length=200)]


@router.get(
    "/audit",
    response_model=list[EventOut],
    responses={200: {"content": {"text/csv": {}, XLSX: {}}}},
    dependencies=[allow(TASK_FORCE_READERS)],
)
def audit_trail(
    svc: ServicesDep,
    campaign: UUID | None = None,
    task: UUID | None = None,
    unit: Text = None,
    user: Text = None,
    on_from: date | None = None,
    on_to: date | None = None,
    recorded_from: datetime | None = None,
    recorded_to: datetime | None = None,
    type: Annotated[str | None, Query(pattern=r"^[A-Za-z.]{1,80}$")] = None,
    text: Text = None,
    format: Format = Format.JSON,
) -> Response:
    """Every event the filters select (all of them narrow), in the order stored: who (user
    and unit), the business date, the recorded time and the summary with its reason."""
    for name, stamp in (("recorded_from", recorded_from), ("recorded_to", recorded_to)):
        if stamp is not None and stamp.tzinfo is None:
            msg = "give the time zone, e.g. 2026-06-30T16:00:00Z / 请写明时区"
            raise ApiError(422, ["query", name], msg, "value_error")
    with svc.readmodel.read() as queries:
        names = queries.unit_names().names_for(unit) if unit else None
        trail = Trail(
            campaign, task, names, user, on_from, on_to, recorded_from, recorded_to, type, text
        )
        events = queries.audit(trail, MAX_ROWS + 1)
        campaigns = {c.id: c for c in queries.campaigns()} if format is not Format.JSON else {}
    cut = len(events) > MAX_ROWS
    events = events[:MAX_ROWS]
    headers = {"X-Xiuhua-Truncated": f"first {MAX_ROWS} events"} if cut else {}
    if format is Format.JSON:
        body = b"[" + b",".join(event_out(e).model_dump_json().encode() for e in events) + b"]"
        return Response(body, media_type="application/json", headers=headers)
    table = audit.rows(events, campaigns)
    if format is Format.CSV:
        headers["Content-Disposition"] = 'attachment; filename="audit.csv"'
        return Response(audit.as_csv(table), media_type="text/csv; charset=utf-8", headers=headers)
    headers["Content-Disposition"] = 'attachment; filename="audit.xlsx"'
    title = f"审计记录 Audit trail ({len(table)} events)"
    return Response(audit.as_xlsx(table, title), media_type=XLSX, headers=headers)
