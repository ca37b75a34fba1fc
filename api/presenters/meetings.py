"""A campaign's meetings with their follow-ups, and a unit's open follow-ups, as output models."""

from __future__ import annotations

from collections.abc import Iterable

from api.schemas.meetings import FollowUpOut, MeetingOut
from domain.views import FollowUpRow, MeetingRow


def follow_up_out(row: FollowUpRow) -> FollowUpOut:
    return FollowUpOut(
        meeting_id=row.meeting_id,
        meeting_number=row.meeting_number,
        code=row.code,
        action=row.action,
        unit=row.unit,
        due_on=row.due_on,
        reminded_on=row.reminded_on,
        overdue_on=row.overdue_on,
        done_on=row.done_on,
        done_note=row.done_note,
        done_by=row.done_by,
        late=row.late,
    )


def meetings_out(
    meetings: Iterable[MeetingRow], follow_ups: Iterable[FollowUpRow]
) -> list[MeetingOut]:
    by_meeting: dict[object, list[FollowUpOut]] = {}
    for row in follow_ups:
        by_meeting.setdefault(row.meeting_id, []).append(follow_up_out(row))
    return [
        MeetingOut(
            id=m.id,
            number=m.number,
            kind=m.kind,
            held_on=m.held_on,
            title=m.title,
            attendees=list(m.attendees),
            decisions=list(m.decisions),
            recorded_by=m.recorded_by,
            recorded_on=m.recorded_on,
            follow_ups=by_meeting.get(m.id, []),
        )
        for m in meetings
    ]


def owed_first(rows: Iterable[FollowUpRow]) -> list[FollowUpOut]:
    """Open follow-ups, the overdue ones first, then by due date."""
    ordered = sorted(rows, key=lambda r: (r.overdue_on is None, r.due_on, r.meeting_number, r.code))
    return [follow_up_out(r) for r in ordered]
