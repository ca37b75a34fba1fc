"""What changed between two moments: the facts recorded in between (reports submitted,
corrected, returned, accepted; delays that began or ended; plans amended; supervision opened
and closed; meetings), and every task whose status moved, as known on each moment."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Query, Request, Response
from pydantic import BaseModel, Field

from api.access import TASK_FORCE_READERS, allow
from api.deps import CurrentUser, ServicesDep
from api.errors import ApiError
from api.past import Cut, PastViews
from api.presenters.battlemap import Filters, battle_map
from api.presenters.monitoring import event_out
from api.routes.battlemap import UNIT_MAX
from api.schemas.common import REFUSALS
from api.schemas.monitoring import EventOut
from api.services import Services
from domain.calendar import SHANGHAI, local
from domain.views import EventRow
from infra.export.audit import csv_text
from infra.readmodel.queries import Trail

router = APIRouter(tags=["audit"], responses=REFUSALS)
MAX_EVENTS = 20_000


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"


class ChangedEvent(EventOut):
    kind: str = Field(description="what kind of change: submitted, corrected, returned, …")


class StatusMove(BaseModel):
    campaign_code: str
    task_id: UUID
    task_number: str
    task_title: str
    before: str | None = Field(description="null: the task did not exist yet")
    after: str


class ChangesOut(BaseModel):
    since: datetime
    until: datetime
    counts: dict[str, int]
    statuses: list[StatusMove]
    events: list[ChangedEvent]


_KINDS = {
    "Task.ReportReturned": "returned",
    "Task.ReportAccepted": "accepted",
    "Task.ReportOverdue": "delay began",
    "Task.Amended": "plan amended",
    "Task.SupervisionOpened": "supervision opened",
    "Task.SupervisionClosed": "supervision closed",
    "Task.MilestoneCompleted": "milestone reached",
    "Task.ContributionAdded": "contribution",
    "Task.EvidenceAttached": "evidence",
    "Meeting.Recorded": "meeting",
    "Meeting.FollowUpOverdue": "delay began",
    "Meeting.FollowUpDone": "follow-up done",
}


MOVED = "status moved"
# Every kind a change may have, in the order a reader looks for them.
KINDS = (
    MOVED, "submitted", "corrected", "returned", "accepted", "delay began", "delay ended",
    "plan amended", "supervision opened", "supervision closed", "milestone reached",
    "contribution", "evidence", "meeting", "follow-up done", "other",
)  # fmt: skip


def kind_of(event: EventRow) -> str:
    if event.type == "Task.ReportSubmitted":
        if ", late" in event.summary:
            return "delay ended"  # a report overdue came in
        return "submitted" if "(revision 1" in event.summary else "corrected"
    return _KINDS.get(event.type, "other")


def moment(text: str, field: str, end: bool) -> datetime:
    """A date (its start, or with `end` its end, in Shanghai) or an instant with its zone."""
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
            return local(day + timedelta(days=1) if end else day)
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise ApiError(
            422, ["query", field], "YYYY-MM-DD or an ISO instant", "value_error"
        ) from None
    if instant.tzinfo is None:
        raise ApiError(422, ["query", field], "give the time zone / 请写明时区", "value_error")
    return instant


@router.get("/changes", response_model=ChangesOut, dependencies=[allow(TASK_FORCE_READERS)])
def changes(
    request: Request,
    svc: ServicesDep,
    user: CurrentUser,
    since: Annotated[str, Query(max_length=40, description="a date, or an instant with its zone")],
    until: Annotated[str, Query(max_length=40, description="a date (its end), or an instant")],
    campaign: UUID | None = None,
    unit: Annotated[str | None, Query(min_length=1, max_length=UNIT_MAX)] = None,
    kind: Annotated[str | None, Query(description=f"one of: {', '.join(KINDS)}")] = None,
    format: Format = Format.JSON,
) -> Response:
    """What changed after `since` up to `until` (dates, or instants with their zone): the
    facts recorded in between, by kind, and every task whose status moved; `unit` keeps the
    facts by the unit or of its tasks, `kind` one kind ("status moved": the moves only)."""
    if kind is not None and kind not in KINDS:
        raise ApiError(422, ["query", "kind"], f"one of: {', '.join(KINDS)}", "value_error")
    start, end = moment(since, "since", False), moment(until, "until", True)
    if end <= start:
        raise ApiError(422, ["query", "until"], "must come after since / 须晚于起始", "value_error")
    scope = Scope(campaign, unit.strip() if unit else None, kind)
    answer = what_changed(svc, request.app.state.past, user, start, end, scope)
    if format is Format.CSV:
        return Response(
            changes_csv(answer),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="changes.csv"'},
        )
    return Response(answer.model_dump_json(), media_type="application/json")


@dataclass(frozen=True)
class Scope:
    """Which changes: of one campaign, by or of one unit's tasks, of one kind (None: all)."""

    campaign: UUID | None = None
    unit: str | None = None
    kind: str | None = None


def what_changed(
    svc: Services, views: PastViews, user: Any, start: datetime, end: datetime, scope: Scope
) -> ChangesOut:
    """The facts recorded after `start` up to `end`, and the tasks whose status moved between
    what was known on each (the API's answer; the /changes page shows the same)."""
    with svc.readmodel.read() as queries:
        names = queries.unit_names().names_for(scope.unit) if scope.unit else None
        trail = Trail(scope.campaign, None, names, None, None, None, start, end)
        events = [e for e in queries.audit(trail, MAX_EVENTS) if e.recorded_at > start]
    moves: list[StatusMove] = []
    if scope.kind in (None, MOVED):
        before, after = (_statuses(views, user, Cut(known_on=at), scope) for at in (start, end))
        moves = [
            StatusMove(**cell, before=before.get(task, {}).get("after"))
            for task, cell in after.items()
            if before.get(task, {}).get("after") != cell["after"]
        ]
    changed = [ChangedEvent(**event_out(e).model_dump(), kind=kind_of(e)) for e in events]
    if scope.kind is not None:
        changed = [e for e in changed if e.kind == scope.kind]
    return ChangesOut(
        since=start,
        until=end,
        counts=dict(Counter(e.kind for e in changed)),
        statuses=moves,
        events=changed,
    )


def _statuses(views: PastViews, user: Any, cut: Cut, scope: Scope) -> dict[UUID, dict[str, Any]]:
    """Each task's status (and its names) as known on the cut, judged on the cut's day."""
    assert cut.known_on is not None
    day = cut.known_on.astimezone(SHANGHAI).date()
    filters = Filters(campaign=scope.campaign, unit=scope.unit)
    try:
        grid = json.loads(battle_map(views.view(cut), user, filters, day))
    except ApiError as error:
        if error.status != 404:
            raise
        return {}  # the campaign was not yet defined then: each of its tasks is new since
    return {
        UUID(c["id"]): {
            "campaign_code": row["code"],
            "task_id": c["id"],
            "task_number": c["number"],
            "task_title": c["title"],
            "after": c["status"],
        }
        for row in grid["campaigns"]
        for c in row["cells"]
    }


def changes_csv(answer: ChangesOut) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("kind", "campaign / position", "task", "before", "after or summary",
                     "who", "unit", "business date", "recorded"))  # fmt: skip
    for move in answer.statuses:
        row = (MOVED, move.campaign_code, move.task_number, move.before or "",
               move.after, "", "", "", "")  # fmt: skip
        writer.writerow(row)
    for e in answer.events:
        row = (e.kind, e.position, e.task_number or "", "", csv_text(e.summary), e.actor_user,
               e.actor_unit, e.on.isoformat(), e.recorded_at.isoformat())  # fmt: skip
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
