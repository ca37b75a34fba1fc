"""Whether each monthly report came in on time, late or not at all, judged on a cut-off day,
and the counts by lead unit and by month that the league table and the heatmap draw. Pure.

A report is due once its due date has passed before the cut-off (`due_on < until`): a report
due on the cut-off day itself may still come in that day. It is on time when the report that
stands (submitted or accepted, not returned) came in by its due date and was not marked
overdue; late when it came in after either; missing when none stood by the cut-off. Only the
latest revision is on the row, so a report returned and resubmitted after its due date counts
as late, as the overdue mark the workflow set says.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import Protocol
from uuid import UUID

from domain.units import normalize_unit


class Led(Protocol):
    """What the counts read of a task: who leads it (a task's head is enough)."""

    @property
    def id(self) -> UUID: ...
    @property
    def lead_units(self) -> tuple[str, ...]: ...


class Due(Protocol):
    """What the counts read of a reporting period (a period's marks are enough)."""

    @property
    def task_id(self) -> UUID: ...
    @property
    def period(self) -> str: ...
    @property
    def due_on(self) -> date | None: ...
    @property
    def late(self) -> bool: ...
    @property
    def submitted_on(self) -> date | None: ...
    @property
    def awaiting(self) -> bool: ...


class Punctuality(StrEnum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"


def judged(row: Due, until: date) -> Punctuality | None:
    """How the report of `row` stands on `until`; None when it is not due yet."""
    if row.due_on is None or row.due_on >= until:
        return None
    came_in = row.submitted_on is not None and row.submitted_on <= until
    if row.awaiting or not came_in:
        return Punctuality.MISSING
    assert row.submitted_on is not None
    if row.late or row.submitted_on > row.due_on:
        return Punctuality.LATE
    return Punctuality.ON_TIME


@dataclass(frozen=True)
class UnitRecord:
    """One row of the league table (晾晒): a lead unit's reports due by the cut-off."""

    unit: str
    due: int
    on_time: int
    late: int
    missing: int

    @property
    def rate(self) -> Decimal:
        """On-time reports as a percentage of those due, to one decimal (0 when none due)."""
        if not self.due:
            return Decimal(0)
        share = Decimal(self.on_time * 100) / Decimal(self.due)
        return share.quantize(Decimal("0.1"), ROUND_HALF_UP)

    def as_dict(self) -> dict[str, object]:
        return {
            "unit": self.unit,
            "due": self.due,
            "on_time": self.on_time,
            "late": self.late,
            "missing": self.missing,
            "rate": float(self.rate),
        }


def leads(
    tasks: Iterable[Led], among: Collection[str] | None = None
) -> dict[UUID, tuple[str, ...]]:
    """Each task's lead units, normalized, each named once; only those `among`, when given."""
    return {
        t.id: tuple(
            u
            for u in dict.fromkeys(normalize_unit(u) for u in t.lead_units)
            if among is None or u in among
        )
        for t in tasks
    }


def league(
    tasks: Sequence[Led],
    periods: Iterable[Due],
    until: date,
    among: Collection[str] | None = None,
) -> list[UnitRecord]:
    """Every lead unit (of those `among`, when given) with a report due by `until`, best
    on-time rate first (then the most reports due, then by name): a task led by two units
    counts for each."""
    lead_of = leads(tasks, among)
    counts: dict[str, dict[Punctuality, int]] = defaultdict(lambda: dict.fromkeys(Punctuality, 0))
    for row in periods:
        verdict = judged(row, until)
        if verdict is None:
            continue
        for unit in lead_of.get(row.task_id, ()):
            counts[unit][verdict] += 1
    records = [
        UnitRecord(
            unit,
            sum(c.values()),
            c[Punctuality.ON_TIME],
            c[Punctuality.LATE],
            c[Punctuality.MISSING],
        )
        for unit, c in counts.items()
    ]
    return sorted(records, key=lambda r: (-r.rate, -r.due, r.unit))


@dataclass(frozen=True)
class DelayGrid:
    """Late or missing reports by lead unit (rows) and reporting month (columns)."""

    units: tuple[str, ...]
    periods: tuple[str, ...]
    counts: Mapping[tuple[str, str], int]  # (unit, period) -> late or missing reports
    due: Mapping[tuple[str, str], int]  # (unit, period) -> reports due

    def cell(self, unit: str, period: str) -> int:
        return self.counts.get((unit, period), 0)


def delays(
    tasks: Sequence[Led],
    periods: Iterable[Due],
    until: date,
    among: Collection[str] | None = None,
) -> DelayGrid:
    """The heatmap's counts: the units (of those `among`, when given) most often late or
    missing first, months in order."""
    lead_of = leads(tasks, among)
    counts: dict[tuple[str, str], int] = defaultdict(int)
    due: dict[tuple[str, str], int] = defaultdict(int)
    for row in periods:
        verdict = judged(row, until)
        if verdict is None:
            continue
        for unit in lead_of.get(row.task_id, ()):
            due[unit, row.period] += 1
            if verdict is not Punctuality.ON_TIME:
                counts[unit, row.period] += 1
    units = {u for u, _ in due}
    total = {u: sum(n for (v, _), n in counts.items() if v == u) for u in units}
    ordered = sorted(units, key=lambda u: (-total[u], u))
    months = sorted({p for _, p in due})
    return DelayGrid(tuple(ordered), tuple(months), dict(counts), dict(due))
