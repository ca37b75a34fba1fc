"""Working days and the reporting calendar: due dates, reminders, the year's schedule.

Pure: the official holiday arrangement is data handed in by the caller (see infra/holidays.py).
For a year with no official arrangement loaded, weekends are the only days off, and every date
computed from that year says so (basis == WEEKEND_FALLBACK) so the UI can warn.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from enum import StrEnum

from domain.values import Period, ReportingPolicy

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")
REMINDER_HOUR = 9


class Basis(StrEnum):
    OFFICIAL = "official"
    WEEKEND_FALLBACK = "weekend_fallback"


@dataclass(frozen=True)
class YearArrangement:
    """One year's official arrangement: days off that fall on weekdays and make-up working days."""

    year: int
    holidays: frozenset[date]
    workdays: frozenset[date]


@dataclass(frozen=True)
class WorkCalendar:
    years: Mapping[int, YearArrangement] = field(default_factory=dict)

    def basis(self, day: date) -> Basis:
        return Basis.OFFICIAL if day.year in self.years else Basis.WEEKEND_FALLBACK

    def is_workday(self, day: date) -> bool:
        arrangement = self.years.get(day.year)
        if arrangement is not None:
            if day in arrangement.workdays:
                return True
            if day in arrangement.holidays:
                return False
        return day.weekday() < 5

    def next_workday(self, day: date) -> date:
        while not self.is_workday(day):
            day += timedelta(days=1)
        return day

    def workdays_before(self, day: date, count: int) -> date:
        while count > 0:
            day -= timedelta(days=1)
            if self.is_workday(day):
                count -= 1
        return day

    def with_year(self, arrangement: YearArrangement) -> WorkCalendar:
        return WorkCalendar({**self.years, arrangement.year: arrangement})


@dataclass(frozen=True)
class DueDate:
    day: date
    basis: Basis


def due_date(period: Period, policy: ReportingPolicy, calendar: WorkCalendar) -> DueDate:
    """The report for `period` is due on policy.due_day of the next month, or the next workday."""
    nominal = date(period.next().year, period.next().month, policy.due_day)
    day = calendar.next_workday(nominal)
    return DueDate(day, calendar.basis(day))


class ActionKind(StrEnum):
    OPEN = "open"
    REMIND = "remind"
    OVERDUE = "overdue"
    ESCALATE = "escalate"
    # A meeting's follow-up action (domain/meetings.py), chased like a report.
    FOLLOW_UP_REMIND = "follow_up_remind"
    FOLLOW_UP_OVERDUE = "follow_up_overdue"

    @property
    def follows_up(self) -> bool:
        return self in (ActionKind.FOLLOW_UP_REMIND, ActionKind.FOLLOW_UP_OVERDUE)


@dataclass(frozen=True)
class Action:
    """Something the campaign workflow must do at `at` (UTC): for every task of the campaign,
    or for the one follow-up its `subject` names."""

    at: datetime
    kind: ActionKind
    period: str
    due_on: date
    subject: str = ""

    @property
    def key(self) -> str:
        subject = f":{self.subject}" if self.subject else ""
        return f"{self.kind}:{self.period}:{self.at.isoformat()}{subject}"


def local(day: date, hour: int = 0) -> datetime:
    """The UTC instant of `hour` o'clock on `day` in Shanghai."""
    return datetime.combine(day, time(hour), SHANGHAI).astimezone(UTC)


def period_schedule(
    period: Period, policy: ReportingPolicy, calendar: WorkCalendar
) -> list[Action]:
    """Open on the 1st, remind before the due date, overdue when it ends, escalate later."""
    due = due_date(period, policy, calendar).day
    p = str(period)
    actions = [Action(local(period.first_day()), ActionKind.OPEN, p, due)]
    for days in sorted(set(policy.reminder_days), reverse=True):
        remind_on = calendar.workdays_before(due, days)
        actions.append(Action(local(remind_on, REMINDER_HOUR), ActionKind.REMIND, p, due))
    actions.append(Action(local(due + timedelta(days=1)), ActionKind.OVERDUE, p, due))
    escalate_on = due + timedelta(days=policy.escalate_after_days + 1)
    actions.append(Action(local(escalate_on), ActionKind.ESCALATE, p, due))
    return actions


def year_schedule(
    periods: Iterable[Period], policy: ReportingPolicy, calendar: WorkCalendar
) -> list[Action]:
    """Every action of the given periods, in time order (ties keep period order)."""
    actions = [a for p in periods for a in period_schedule(p, policy, calendar)]
    return sorted(actions, key=lambda a: a.at)
