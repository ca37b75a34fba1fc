"""Value objects of the campaign model: periods, indicators, milestones, actors, policies."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from domain.errors import InvalidInput

MAX_TEXT = 2000
_PERIOD = re.compile(r"^(\d{4})-(\d{2})$")


class Attribute(StrEnum):
    """约束性 (binding, must be met) or 预期性 (expected)."""

    BINDING = "binding"
    EXPECTED = "expected"


class Direction(StrEnum):
    """Whether the indicator should rise to its target or fall to it (逐年削减)."""

    UP = "up"
    DOWN = "down"


class Shape(StrEnum):
    """How an indicator's progress is counted; each shape found in the plans has its own rule."""

    COUNT = "count"  # a count to reach: 新增共享停车位 180 个
    RATE = "rate"  # a rate over a known case load: 619 件信访投诉化解率 ≥ 90%
    CHECKLIST = "checklist"  # a list closed item by item (销项管理), 100% of `case_load` items
    RECURRING = "recurring"  # a recurring action counted against a minimum: 不少于 8 次
    REDUCE = "reduce"  # a value to bring down: 逐年削减存量违建
    MILESTONES = "milestones"  # a qualitative deliverable tracked by the task's milestones


class Decision(StrEnum):
    """The evaluator's year-end decision: 延续 or 结束."""

    CONTINUE = "continue"
    CONCLUDE = "conclude"


class Status(StrEnum):
    """A task's standing against its plan."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LATE = "late"


class ReportState(StrEnum):
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


@dataclass(frozen=True, order=True)
class Period:
    """A monthly reporting period, written YYYY-MM."""

    year: int
    month: int

    @classmethod
    def parse(cls, text: str, field_name: str = "period") -> Period:
        match = _PERIOD.match(text or "")
        if not match or not 1 <= int(match.group(2)) <= 12:
            raise InvalidInput(field_name, f"'{text}' is not a period written YYYY-MM")
        return cls(int(match.group(1)), int(match.group(2)))

    @classmethod
    def of(cls, day: date) -> Period:
        return cls(day.year, day.month)

    def __str__(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"

    def next(self) -> Period:
        return Period(self.year + 1, 1) if self.month == 12 else Period(self.year, self.month + 1)

    def first_day(self) -> date:
        return date(self.year, self.month, 1)

    def range_to(self, last: Period) -> list[Period]:
        periods, current = [], self
        while current <= last:
            periods.append(current)
            current = current.next()
        return periods


@dataclass(frozen=True)
class Actor:
    """Who did something: a user acting for a unit. The system itself is user 'system'."""

    user: str
    unit: str


SYSTEM = Actor(user="system", unit="xiuhua")


@dataclass(frozen=True)
class Indicator:
    """A quantitative target (指标) of a task."""

    code: str
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    attribute: Attribute
    deadline: date
    direction: Direction = Direction.UP
    shape: Shape = Shape.COUNT
    # RATE: the number of cases the rate is over (619); CHECKLIST: the number of items listed.
    case_load: Decimal | None = None
    method: str = ""  # 统计方法, the measurement method as the plan words it
    # An explicit month-by-month plan; empty means a straight line from baseline to target.
    plan: tuple[PlanPoint, ...] = ()


@dataclass(frozen=True)
class PlanPoint:
    """The value an indicator is planned to stand at by the end of `period` (YYYY-MM)."""

    period: str
    value: Decimal


@dataclass(frozen=True)
class Milestone:
    """A dated step (时间节点) of a task."""

    code: str
    name: str
    due: date


@dataclass(frozen=True)
class ReportingPolicy:
    """The reporting calendar of a campaign.

    The report for month M is due on `due_day` of month M+1 (moved to the next working day);
    reminders go out `reminder_days` working days before; a report missing `escalate_after_days`
    calendar days after its due date, or the `escalate_after_overdue`-th overdue report of a task
    in one year, opens supervision (督导).
    """

    due_day: int = 5
    reminder_days: tuple[int, ...] = (3, 1)
    escalate_after_days: int = 10
    escalate_after_overdue: int = 2

    def __post_init__(self) -> None:
        if not 1 <= self.due_day <= 28:
            raise InvalidInput("policy.due_day", "must be a day between 1 and 28")
        if any(not 0 < d <= 20 for d in self.reminder_days):
            raise InvalidInput("policy.reminder_days", "each must be between 1 and 20 days")
        if not 1 <= self.escalate_after_days <= 60:
            raise InvalidInput("policy.escalate_after_days", "must be between 1 and 60 days")
        if not 1 <= self.escalate_after_overdue <= 12:
            raise InvalidInput("policy.escalate_after_overdue", "must be between 1 and 12")


@dataclass(frozen=True)
class Report:
    """One submission of a monthly report (月度专报) for a task and period."""

    period: str
    actuals: dict[str, Decimal]
    progress: str
    problems: str
    next_steps: str
    actor: Actor
    submitted_on: date
    revision: int = 1


@dataclass
class PeriodRecord:
    """Everything that happened to one task's reporting period; rebuilt from events."""

    period: str
    due_on: date | None = None
    opened_on: date | None = None
    reminders: list[date] = field(default_factory=list)
    report: Report | None = None
    state: ReportState | None = None
    overdue_on: date | None = None
    returns: list[str] = field(default_factory=list)

    @property
    def actuals(self) -> dict[str, Decimal]:
        """The values of the latest report (domain/reporting.py reads records and rows alike)."""
        return self.report.actuals if self.report else {}


def check_text(field_name: str, text: str, required: bool = False) -> str:
    text = (text or "").strip()
    if required and not text:
        raise InvalidInput(field_name, "must not be empty")
    if len(text) > MAX_TEXT:
        raise InvalidInput(field_name, f"is {len(text)} characters; at most {MAX_TEXT} allowed")
    return text
