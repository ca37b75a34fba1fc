"""What changed between two moments: the facts recorded in between (reports submitted,
corrected, returned, accepted; delays that began or ended; plans amended; supervision opened
and closed; meetings), and every task whose status moved, as known on each moment."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
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
from api.schemas.common import REFUSALS
from api.schemas.monitoring import EventOut
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
    format: Format = Format.JSON,
) -> Response:
    """What changed after `since` up to `until` (dates, or instants with their zone): the
    facts recorded in between, by kind, and every task whose status moved."""
    start, end = moment(since, "since", False), moment(until, "until", True)
    if end <= start:
        raise ApiError(422, ["query", "until"], "must come after since / 须晚于起始", "value_error")
    with svc.readmodel.read() as queries:
        trail = Trail(campaign_id=campaign, recorded_from=start, recorded_to=end)
        events = [e for e in queries.audit(trail, MAX_EVENTS) if e.recorded_at > start]
    views: PastViews = request.app.state.past
    before, after = (_statuses(views, user, Cut(known_on=at), campaign) for at in (start, end))
    moves = [
        StatusMove(**cell, before=before.get(task, {}).get("after"))
        for task, cell in after.items()
        if before.get(task, {}).get("after") != cell["after"]
    ]
    changed = [ChangedEvent(**event_out(e).model_dump(), kind=kind_of(e)) for e in events]
    answer = ChangesOut(
        since=start,
        until=end,
        counts=dict(Counter(e.kind for e in changed)),
        statuses=moves,
        events=changed,
    )
    if format is Format.CSV:
        return Response(
            _csv(answer),
            media_type="text/csv; charset=utf-8",
            headers={"Content-Disposition": 'attachment; filename="changes.csv"'},
        )
    return Response(answer.model_dump_json(), media_type="application/json")


def _statuses(
    views: PastViews, user: Any, cut: Cut, campaign: UUID | None
) -> dict[UUID, dict[str, Any]]:
    """Each task's status (and its names) as known on the cut, judged on the cut's day."""
    assert cut.known_on is not None
    day = cut.known_on.astimezone(SHANGHAI).date()
    grid = json.loads(battle_map(views.view(cut), user, Filters(campaign=campaign), day))
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


def _csv(answer: ChangesOut) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(("kind", "campaign / position", "task", "before", "after or summary",
                     "who", "unit", "business date", "recorded"))  # fmt: skip
    for move in answer.statuses:
        row = ("status moved", move.campaign_code, move.task_number, move.before or "",
               move.after, "", "", "", "")  # fmt: skip
        writer.writerow(row)
    for e in answer.events:
        row = (e.kind, e.position, e.task_number or "", "", csv_text(e.summary), e.actor_user,
               e.actor_unit, e.on.isoformat(), e.recorded_at.isoformat())  # fmt: skip
        writer.writerow(row)
    return ("\ufeff" + out.getvalue()).encode("utf-8")
