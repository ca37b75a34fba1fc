"""Value objects of the campaign model: periods, indicators, milestones, actors, policies."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum

from domain.errors import InvalidInput

MAX_TEXT = 2000
# ASCII digits only: `\d` also takes full-width (２０２６) and Arabic-Indic (٢٠٢٦) digits, and each
# spelling would become a period of its own beside the real one.
_PERIOD = re.compile(r"^([0-9]{4})-([0-9]{2})$")
# What a person reporting a figure can mean: below a trillion, to at most 4 decimals. Anything
# else is a typo or an attack, and an unbounded Decimal overflows the forecast's arithmetic.
MAX_MAGNITUDE = Decimal(10) ** 12
MAX_PLACES = 4
_PLACES = Decimal(1).scaleb(-MAX_PLACES)
# Units counted in whole things: half a parking space is not a report.
WHOLE_UNITS = frozenset("个件次处户台辆座条家名人项场宗起栋幢块只间所张份批轮套根盏艘") | {
    "人次",
    "户次",
    "家次",
    "个次",
    "车次",
}
# Line breaks and tabs are text; other control characters, lone surrogates (which no encoding can
# store) and bidirectional overrides (which make text read other than it is) are refused.
_ALLOWED_CONTROLS = frozenset("\t\n\r")
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


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
    """The evaluator's year-end decision: 延续, 结束, or 新立 (end this campaign and propose a
    new one, a draft carrying over the tasks it left unfinished)."""

    CONTINUE = "continue"
    CONCLUDE = "conclude"
    PROPOSE = "propose"


class Status(StrEnum):
    """A task's standing against its plan."""

    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    LATE = "late"
    # A stored value the rules cannot read (stored before the border refused it): the task is
    # shown as such, with the reason, and the rest of the portfolio reads on.
    NOT_COMPUTABLE = "not_computable"


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
        """A period written YYYY-MM in ASCII digits; any other spelling is refused, never
        folded, so one month can never be stored under two keys."""
        match = _PERIOD.match(text) if isinstance(text, str) else None
        if not match or not 1 <= int(match.group(2)) <= 12:
            # Shown as sent (a lone surrogate escaped, since no encoding can carry it), cut short.
            shown = (
                text[:20].encode("utf-8", "backslashreplace").decode("utf-8")
                if isinstance(text, str)
                else repr(text)[:20]
            )
            raise InvalidInput(
                field_name,
                f"'{shown}' 不是以半角数字书写的期次 YYYY-MM（如 2026-03） / "
                f"'{shown}' is not a period written YYYY-MM in ASCII digits (e.g. 2026-03)",
            )
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


@dataclass(frozen=True)
class Evidence:
    """A file a report points to as evidence (佐证材料): kept outside the events, by the SHA-256
    of its bytes, which the event records with the name the unit gave it."""

    hash: str
    name: str
    content_type: str
    size: int


MAX_EVIDENCE = 10  # files per report


def check_evidence(items: tuple[Evidence, ...]) -> tuple[Evidence, ...]:
    if len(items) > MAX_EVIDENCE:
        raise InvalidInput("evidence", f"{len(items)} files; at most {MAX_EVIDENCE} a report")
    for n, item in enumerate(items):
        if len(item.hash) != 64 or any(c not in "0123456789abcdef" for c in item.hash):
            raise InvalidInput(f"evidence.{n}.hash", "is not a SHA-256 in lowercase hex")
        if not item.name or text_problem(item.name) or len(item.name) > 200:
            raise InvalidInput(f"evidence.{n}.name", "give the file a name of 1-200 characters")
    return items


@dataclass(frozen=True)
class Contribution:
    """What a supporting unit (配合单位) did for a task in a period, in figures where the task has
    them; the lead unit sees it beside its own report and may cite it. A unit's later
    contribution for the same period stands in for its earlier one (both stay stored)."""

    unit: str
    text: str
    figures: Mapping[str, Decimal]
    on: date
    by: str


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


def number_problem(value: object) -> str | None:
    """Why `value` is not a figure a person could mean (bilingual), or None when it is."""
    if not isinstance(value, Decimal) or not value.is_finite():
        return "不是有限数值 / is not a finite number"
    # copy_abs and compare never round, so even 1E+999999 is judged without overflowing.
    if value.copy_abs() >= MAX_MAGNITUDE:
        return "数值超出范围（绝对值须小于 10^12） / is out of range: |x| must be below 10^12"
    if value != value.quantize(_PLACES):
        return f"小数位过多（至多 {MAX_PLACES} 位） / has more than {MAX_PLACES} decimals"
    return None


def is_readable(value: object) -> bool:
    """Whether a stored figure can go through the rules' arithmetic."""
    return number_problem(value) is None


def check_number(field_name: str, value: Decimal) -> Decimal:
    problem = number_problem(value)
    if problem:
        raise InvalidInput(field_name, problem)
    return value


def text_problem(text: str, multiline: bool = True) -> str | None:
    """Why `text` cannot be stored as it is (bilingual), or None. Line breaks and tabs pass only
    in `multiline` text."""
    for ch in text:
        kind = unicodedata.category(ch)
        if kind == "Cs":
            return "含有无效的 Unicode 字符（孤立代理项） / contains a lone surrogate"
        if kind == "Cc" and not (multiline and ch in _ALLOWED_CONTROLS):
            code = f"U+{ord(ch):04X}"
            return f"含有控制字符 {code} / contains the control character {code}"
        if ch in _BIDI_CONTROLS:
            code = f"U+{ord(ch):04X}"
            return f"含有文字方向控制字符 {code} / contains the bidirectional control {code}"
    return None


def check_text(field_name: str, text: str, required: bool = False) -> str:
    """The text NFC-normalised and stripped; control characters and lone surrogates refused."""
    problem = text_problem(text or "")
    if problem:
        raise InvalidInput(field_name, problem)
    text = unicodedata.normalize("NFC", text or "").strip()
    if required and not text:
        raise InvalidInput(field_name, "must not be empty")
    if len(text) > MAX_TEXT:
        raise InvalidInput(field_name, f"is {len(text)} characters; at most {MAX_TEXT} allowed")
    return text
