"""What the store must hold after tests/workflow/year_script.py has played 2093: every event of
both tasks, written out by hand with its dates from the 2026 arrangement moved onto 2093.

Nothing here asks the product's calendar: a due date, a reminder day or an overdue mark the
product computed differently shows up as a difference in these lists.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.application import Xiuhua
from domain.values import SYSTEM, Actor
from tests.unit.builders import COORDINATOR, LEAD_UNIT, report
from tests.workflow.year_script import RETURN_REASON, YEAR, actuals, spec

LIBRARY_FIELDS = {"timestamp", "originator_topic", "originator_id", "originator_version"}
Fact = tuple[str, dict[str, Any]]
CLOSED_REASON = "every overdue report has come in (逾期报告已全部补报)"


def plain(value: Any) -> Any:
    """Tuples and lists compare alike: the store gives back what the event was given, as JSON."""
    if isinstance(value, list | tuple):
        return tuple(plain(v) for v in value)
    return value


def stored(app: Xiuhua, originator_id: UUID) -> list[Fact]:
    """Each stored event's name and domain fields (who, when, about what), in store order."""
    return [
        (type(e).__name__, {k: plain(v) for k, v in vars(e).items() if k not in LIBRARY_FIELDS})
        for e in app.repository.event_store.get(originator_id)
    ]


def d(month: int, dom: int, year: int = YEAR) -> date:
    return date(year, month, dom)


def p(month: int, year: int = YEAR) -> str:
    return f"{year}-{month:02d}"


def planned(campaign_id: UUID, number: str, on: date) -> Fact:
    task = next(t for t in spec().tasks if t.number == number)
    return (
        "Planned",
        {
            "campaign_id": campaign_id,
            "number": number,
            "title": task.title,
            "lead_units": plain(task.lead_units),
            "supporting_units": plain(task.supporting_units),
            "indicators": plain(task.indicators),
            "milestones": plain(task.milestones),
            "actor": COORDINATOR,
            "on": on,
        },
    )


def opened(period: str, due_on: date, on: date, basis: str = "official") -> Fact:
    fields = {"period": period, "due_on": due_on, "basis": basis, "actor": SYSTEM, "on": on}
    return ("PeriodOpened", fields)


def reminded(period: str, due_on: date, on: date) -> Fact:
    fields = {"period": period, "due_on": due_on, "units": (LEAD_UNIT,), "actor": SYSTEM, "on": on}
    return ("ReminderSent", fields)


def overdue(period: str, due_on: date, on: date) -> Fact:
    return ("ReportOverdue", {"period": period, "due_on": due_on, "actor": SYSTEM, "on": on})


def submitted(period: str, on: date, revision: int = 1, late: bool = False) -> Fact:
    body = report(actuals=actuals(period))
    actor: Actor = body.pop("actor")
    fields = {"period": period, **body, "revision": revision, "late": late, "actor": actor}
    return ("ReportSubmitted", {**fields, "on": on})


def accepted(period: str, on: date, revision: int = 1) -> Fact:
    fields = {"period": period, "revision": revision, "actor": COORDINATOR, "on": on}
    return ("ReportAccepted", fields)


def returned(period: str, on: date, revision: int = 1) -> Fact:
    fields = {"period": period, "revision": revision, "reason": RETURN_REASON}
    return ("ReportReturned", {**fields, "actor": COORDINATOR, "on": on})


def supervision_opened(sid: str, periods: tuple[str, ...], reason: str, on: date) -> Fact:
    fields = {"supervision_id": sid, "periods": periods, "reason": reason}
    return ("SupervisionOpened", {**fields, "actor": SYSTEM, "on": on})


def supervision_closed(sid: str, on: date) -> Fact:
    fields = {"supervision_id": sid, "reason": CLOSED_REASON, "actor": SYSTEM, "on": on}
    return ("SupervisionClosed", fields)


def reviewed(period: str, on: date) -> list[Fact]:
    return [submitted(period, on), accepted(period, on)]


def task_one(campaign_id: UUID) -> list[Fact]:
    """Task 1 through 2093 (due dates: Qingming moves March's to 4/7, Labour Day April's to 5/6,
    National Day September's to 10/8; weekends move June's, August's and November's)."""
    jan_2094 = d(1, 1, YEAR + 1)
    return [
        planned(campaign_id, "1", d(12, 20, YEAR - 1)),
        opened(p(1), d(2, 5), d(1, 1)),
        opened(p(2), d(3, 5), d(2, 1)),
        reminded(p(1), d(2, 5), d(2, 2)),
        reminded(p(1), d(2, 5), d(2, 4)),
        *reviewed(p(1), d(2, 5)),
        opened(p(3), d(4, 7), d(3, 1)),
        *reviewed(p(2), d(3, 1)),
        opened(p(4), d(5, 6), d(4, 1)),
        reminded(p(3), d(4, 7), d(4, 1)),
        reminded(p(3), d(4, 7), d(4, 3)),
        overdue(p(3), d(4, 7), d(4, 8)),
        submitted(p(3), d(4, 10), late=True),
        accepted(p(3), d(4, 10)),
        reminded(p(4), d(5, 6), d(4, 28)),
        reminded(p(4), d(5, 6), d(4, 30)),
        opened(p(5), d(6, 5), d(5, 1)),
        submitted(p(4), d(5, 1)),
        returned(p(4), d(5, 2)),
        submitted(p(4), d(5, 3), revision=2),
        accepted(p(4), d(5, 4), revision=2),
        opened(p(6), d(7, 6), d(6, 1)),
        reminded(p(5), d(6, 5), d(6, 2)),
        reminded(p(5), d(6, 5), d(6, 4)),
        overdue(p(5), d(6, 5), d(6, 6)),
        supervision_opened(
            f"{p(5)}:repeated", (p(5),), f"2 overdue reports in {YEAR} (第2次逾期)", d(6, 6)
        ),
        submitted(p(5), d(6, 17), late=True),
        supervision_closed(f"{p(5)}:repeated", d(6, 17)),
        accepted(p(5), d(6, 17)),
        opened(p(7), d(8, 5), d(7, 1)),
        reminded(p(6), d(7, 6), d(7, 1)),
        *reviewed(p(6), d(7, 1)),
        reminded(p(7), d(8, 5), d(7, 31)),
        opened(p(8), d(9, 7), d(8, 1)),
        *reviewed(p(7), d(8, 1)),
        opened(p(9), d(10, 8), d(9, 1)),
        *reviewed(p(8), d(9, 1)),
        reminded(p(9), d(10, 8), d(9, 28)),
        reminded(p(9), d(10, 8), d(9, 30)),
        opened(p(10), d(11, 5), d(10, 1)),
        *reviewed(p(9), d(10, 1)),
        opened(p(11), d(12, 7), d(11, 1)),
        *reviewed(p(10), d(11, 1)),
        opened(p(12), d(1, 5, YEAR + 1), d(12, 1), basis="weekend_fallback"),
        *reviewed(p(11), d(12, 1)),
        reminded(p(12), d(1, 5, YEAR + 1), d(12, 31)),
        *reviewed(p(12), jan_2094),
    ]


def task_two(campaign_id: UUID) -> list[Fact]:
    """Task 2 through 2093: on time but for June, supervised 11 days after its due date 7/6."""
    return [
        planned(campaign_id, "2", d(12, 20, YEAR - 1)),
        opened(p(1), d(2, 5), d(1, 1)),
        opened(p(2), d(3, 5), d(2, 1)),
        *reviewed(p(1), d(2, 1)),
        opened(p(3), d(4, 7), d(3, 1)),
        *reviewed(p(2), d(3, 1)),
        opened(p(4), d(5, 6), d(4, 1)),
        reminded(p(3), d(4, 7), d(4, 1)),
        *reviewed(p(3), d(4, 1)),
        reminded(p(4), d(5, 6), d(4, 28)),
        reminded(p(4), d(5, 6), d(4, 30)),
        opened(p(5), d(6, 5), d(5, 1)),
        *reviewed(p(4), d(5, 1)),
        opened(p(6), d(7, 6), d(6, 1)),
        *reviewed(p(5), d(6, 1)),
        opened(p(7), d(8, 5), d(7, 1)),
        reminded(p(6), d(7, 6), d(7, 1)),
        reminded(p(6), d(7, 6), d(7, 3)),
        overdue(p(6), d(7, 6), d(7, 7)),
        supervision_opened(
            f"{p(6)}:late",
            (p(6),),
            f"report for {p(6)} still missing 10 days after its due date",
            d(7, 17),
        ),
        submitted(p(6), d(7, 18), late=True),
        supervision_closed(f"{p(6)}:late", d(7, 18)),
        accepted(p(6), d(7, 18)),
        reminded(p(7), d(8, 5), d(7, 31)),
        opened(p(8), d(9, 7), d(8, 1)),
        *reviewed(p(7), d(8, 1)),
        opened(p(9), d(10, 8), d(9, 1)),
        *reviewed(p(8), d(9, 1)),
        reminded(p(9), d(10, 8), d(9, 28)),
        reminded(p(9), d(10, 8), d(9, 30)),
        opened(p(10), d(11, 5), d(10, 1)),
        *reviewed(p(9), d(10, 1)),
        opened(p(11), d(12, 7), d(11, 1)),
        *reviewed(p(10), d(11, 1)),
        opened(p(12), d(1, 5, YEAR + 1), d(12, 1), basis="weekend_fallback"),
        *reviewed(p(11), d(12, 1)),
        reminded(p(12), d(1, 5, YEAR + 1), d(12, 31)),
        *reviewed(p(12), d(1, 1, YEAR + 1)),
    ]


def year_end(decision: str, rationale: str, evaluator: Actor) -> list[Fact]:
    """The campaign's facts from the assessment on: all on 16 January 2094, the morning after
    December's escalation date."""
    on = d(1, 16, YEAR + 1)
    assessed = {
        "year": YEAR,
        "score": Decimal("86.5"),
        "rating": "良好",
        "decision": decision,
        "rationale": rationale,
        "actor": evaluator,
        "on": on,
    }
    if decision == "continue":
        last: Fact = ("Continued", {"from_year": YEAR, "into_year": YEAR + 1})
    else:
        last = ("Concluded", {"year": YEAR, "reason": rationale})
    return [
        ("AssessmentOpened", {"year": YEAR, "actor": SYSTEM, "on": on}),
        ("YearAssessed", assessed),
        (last[0], {**last[1], "actor": SYSTEM, "on": on}),
    ]
