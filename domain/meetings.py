"""Meetings of a campaign (quarterly reviews, 季度推进会, and ad-hoc ones) and their follow-up
actions (会议督办事项), which units owe by a date and which the campaign workflow chases the way
it chases reports: a reminder before the due date, an overdue mark when it has passed.

A campaign's meetings are numbered 1, 2, … in the order they are recorded, and each meeting's id
follows from its campaign and number, so the workflow finds every meeting of a campaign without
an index, and two coordinators recording at once collide on the number rather than both win.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.audit import FROM_EVENT, Audited, audited
from domain.calendar import REMINDER_HOUR, Action, ActionKind, WorkCalendar, local
from domain.errors import Conflict, InvalidInput
from domain.snapshots import StateSnapshot
from domain.values import Actor, ReportingPolicy

MAX_ITEMS = 200  # attendees, decisions or follow-ups of one meeting


class MeetingKind(StrEnum):
    QUARTERLY = "quarterly"  # 季度推进会
    AD_HOC = "ad_hoc"  # 专题会


@dataclass(frozen=True)
class FollowUp:
    """An action a meeting assigned to a unit, due by a date."""

    code: str
    action: str
    unit: str
    due_on: date


def meeting_id(campaign_id: UUID, number: int) -> UUID:
    return uuid5(NAMESPACE_URL, f"/campaigns/{campaign_id}/meetings/{number}")


def check_meeting(
    held_on: date,
    attendees: tuple[str, ...],
    decisions: tuple[str, ...],
    follow_ups: tuple[FollowUp, ...],
    on: date,
) -> None:
    """Refuse a meeting record that cannot be right, naming the field."""
    if held_on > on:
        raise InvalidInput("held_on", f"a meeting is recorded once held; {held_on} is after {on}")
    if not attendees:
        raise InvalidInput("attendees", "name who attended (参会单位或人员)")
    for name, items in (("attendees", attendees), ("decisions", decisions)):
        if len(items) > MAX_ITEMS:
            raise InvalidInput(name, f"{len(items)} items; at most {MAX_ITEMS}")
        for n, item in enumerate(items):
            if not item:
                raise InvalidInput(f"{name}.{n}", "must not be empty")
    if len(follow_ups) > MAX_ITEMS:
        raise InvalidInput("follow_ups", f"{len(follow_ups)} items; at most {MAX_ITEMS}")
    seen: set[str] = set()
    for n, item in enumerate(follow_ups):
        if item.code in seen:
            raise InvalidInput(f"follow_ups.{n}.code", f"'{item.code}' is given twice")
        seen.add(item.code)
        if not item.action:
            raise InvalidInput(f"follow_ups.{n}.action", "say what is to be done")
        if not item.unit:
            raise InvalidInput(f"follow_ups.{n}.unit", "name the unit that owes it")
        if item.due_on <= held_on:
            raise InvalidInput(f"follow_ups.{n}.due_on", "must fall after the meeting")


class Meeting(Aggregate):
    """Every event carries `actor` (who) and `on` (the business date): domain/audit.py."""

    class Event(Audited):
        pass

    class Created(Event, Aggregate.Created):
        pass

    Snapshot = StateSnapshot

    @staticmethod
    def create_id(campaign_id: UUID, number: int, **_: Any) -> UUID:
        return meeting_id(campaign_id, number)

    @event("Recorded")
    def __init__(
        self,
        campaign_id: UUID,
        number: int,
        kind: MeetingKind,
        held_on: date,
        title: str,
        attendees: tuple[str, ...],
        decisions: tuple[str, ...],
        follow_ups: tuple[FollowUp, ...],
        actor: Actor,
        on: date,
    ) -> None:
        self.campaign_id = campaign_id
        self.number = number
        self.kind = MeetingKind(kind)  # stored bare, as JSON writes a StrEnum
        self.held_on = held_on
        self.title = title
        self.attendees = tuple(attendees)
        self.decisions = tuple(decisions)
        self.follow_ups = tuple(follow_ups)
        self.reminded: dict[str, list[date]] = {}
        self.overdue: dict[str, date] = {}
        self.done: dict[str, date] = {}

    def follow_up(self, code: str) -> FollowUp:
        found = next((f for f in self.follow_ups if f.code == code), None)
        if found is None:
            raise InvalidInput("code", f"'{code}' is not a follow-up of meeting {self.number}")
        return found

    def is_open(self, code: str) -> bool:
        return code not in self.done

    @event("FollowUpReminded")
    def _remind(self, code: str, due_on: date, unit: str, on: date = FROM_EVENT) -> None:
        self.reminded.setdefault(code, []).append(on)

    @audited
    def remind(self, code: str, actor: Actor, on: date) -> bool:
        item = self.follow_up(code)
        if not self.is_open(code) or on in self.reminded.get(code, []):
            return False
        self._remind(code, item.due_on, item.unit)
        return True

    @event("FollowUpOverdue")
    def _mark_overdue(self, code: str, due_on: date, unit: str, on: date = FROM_EVENT) -> None:
        self.overdue[code] = on

    @audited
    def mark_overdue(self, code: str, actor: Actor, on: date) -> bool:
        item = self.follow_up(code)
        if not self.is_open(code) or code in self.overdue or on <= item.due_on:
            return False
        self._mark_overdue(code, item.due_on, item.unit)
        return True

    @event("FollowUpDone")
    def _complete(self, code: str, note: str, late: bool, on: date = FROM_EVENT) -> None:
        self.done[code] = on

    @audited
    def complete(self, code: str, note: str, actor: Actor, on: date) -> None:
        item = self.follow_up(code)
        if not self.is_open(code):
            raise Conflict("code", f"'{code}' was done on {self.done[code]}")
        if not note:
            raise InvalidInput("note", "say what was done (办理情况)")
        self._complete(code, note, on > item.due_on)


def chase_schedule(
    meetings: Iterable[Meeting], policy: ReportingPolicy, calendar: WorkCalendar
) -> list[Action]:
    """The reminders and overdue marks of every open follow-up, in time order: reminders the
    policy's working days before the due date, the mark as the due date ends."""
    actions: list[Action] = []
    for meeting in meetings:
        for item in meeting.follow_ups:
            if not meeting.is_open(item.code):
                continue
            subject = f"{meeting.id}/{item.code}"
            for days in sorted(set(policy.reminder_days), reverse=True):
                remind_on = calendar.workdays_before(item.due_on, days)
                if remind_on > meeting.held_on:
                    at = local(remind_on, REMINDER_HOUR)
                    actions.append(
                        Action(at, ActionKind.FOLLOW_UP_REMIND, "", item.due_on, subject)
                    )
            at = local(item.due_on + timedelta(days=1))
            actions.append(Action(at, ActionKind.FOLLOW_UP_OVERDUE, "", item.due_on, subject))
    return sorted(actions, key=lambda a: a.at)


def parse_subject(subject: str) -> tuple[UUID, str]:
    """(meeting id, follow-up code) from an action's subject."""
    meeting, _, code = subject.partition("/")
    return UUID(meeting), code
