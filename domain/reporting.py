"""The rules about a task's reporting periods, written once for the aggregate and for its rows.

`domain.task.Task` keeps one `PeriodRecord` per period and the read side one `PeriodRow`; both
answer the `PeriodFacts` protocol, so "awaiting", "missing overdue" and "latest actuals" mean
the same on the write side (what the workflow decides on) and on the read side (what the status
and the pages show).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from typing import Protocol, TypeVar

from domain.values import ReportState


class Reported(Protocol):
    """Enough of a period to say whether a report stands for it."""

    @property
    def state(self) -> ReportState | None: ...


class PeriodFacts(Reported, Protocol):
    """What the rules read of one reporting period of one task."""

    @property
    def period(self) -> str: ...
    @property
    def overdue_on(self) -> date | None: ...
    @property
    def actuals(self) -> Mapping[str, Decimal]: ...


P = TypeVar("P", bound=PeriodFacts)


def awaiting(period: Reported) -> bool:
    """No report stands for the period: none yet, or the last one was returned."""
    return period.state in (None, ReportState.RETURNED)


def standing(periods: Iterable[P]) -> list[P]:
    """The periods whose report stands (submitted or accepted), oldest first: their values count."""
    return sorted((p for p in periods if not awaiting(p)), key=lambda p: p.period)


def missing_overdue(periods: Iterable[PeriodFacts]) -> list[str]:
    """Periods marked overdue whose report still does not stand."""
    return sorted(p.period for p in periods if p.overdue_on is not None and awaiting(p))


def latest_actuals(periods: Iterable[PeriodFacts]) -> dict[str, Decimal]:
    """The most recent reported value of each indicator, from reports not returned."""
    latest: dict[str, Decimal] = {}
    for period in standing(periods):
        latest.update(period.actuals)
    return latest
