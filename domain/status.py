"""The task status rule: on track, at risk or late.

- late (滞后): a report is overdue and still missing; or an indicator's deadline has passed
  short of its target; or an indicator has made less than 70% of its planned progress.
- at risk (有风险): a report was returned and not yet resubmitted; or an indicator stands
  between 70% and 90% of its planned progress.
- on track (正常): otherwise, including indicators with no actual reported yet.

The straight-line plan runs from the baseline on the campaign's start date to the target on the
indicator's deadline. A task's status is the worst of its indicators' and reports'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.values import Indicator, Status

LATE_BELOW = Decimal("0.7")
AT_RISK_BELOW = Decimal("0.9")
_ORDER = {Status.ON_TRACK: 0, Status.AT_RISK: 1, Status.LATE: 2}


def planned_value(indicator: Indicator, start: date, as_of: date) -> Decimal:
    """The straight-line plan's value on `as_of`."""
    if as_of >= indicator.deadline:
        return indicator.target
    if as_of <= start:
        return indicator.baseline
    span = Decimal((indicator.deadline - start).days)
    done = Decimal((as_of - start).days)
    return indicator.baseline + (indicator.target - indicator.baseline) * done / span


def progress_ratio(indicator: Indicator, actual: Decimal, start: date, as_of: date) -> Decimal:
    """Achieved change over planned change so far; 1 means exactly on plan."""
    planned_change = planned_value(indicator, start, as_of) - indicator.baseline
    if planned_change == 0:
        return Decimal(1)
    return (actual - indicator.baseline) / planned_change


def indicator_status(
    indicator: Indicator, actual: Decimal | None, start: date, as_of: date
) -> Status:
    if actual is None:
        return Status.ON_TRACK
    rising = indicator.target >= indicator.baseline
    reached = actual >= indicator.target if rising else actual <= indicator.target
    if reached:
        return Status.ON_TRACK
    if as_of > indicator.deadline:
        return Status.LATE
    ratio = progress_ratio(indicator, actual, start, as_of)
    if ratio < LATE_BELOW:
        return Status.LATE
    if ratio < AT_RISK_BELOW:
        return Status.AT_RISK
    return Status.ON_TRACK


@dataclass(frozen=True)
class StatusInput:
    indicators: tuple[Indicator, ...]
    latest_actuals: Mapping[str, Decimal]
    missing_overdue_reports: int
    returned_reports: int
    start: date
    as_of: date


def worst(statuses: Iterable[Status]) -> Status:
    return max(statuses, key=_ORDER.__getitem__, default=Status.ON_TRACK)


def task_status(facts: StatusInput) -> Status:
    statuses = [
        indicator_status(i, facts.latest_actuals.get(i.code), facts.start, facts.as_of)
        for i in facts.indicators
    ]
    if facts.missing_overdue_reports:
        statuses.append(Status.LATE)
    if facts.returned_reports:
        statuses.append(Status.AT_RISK)
    return worst(statuses)
