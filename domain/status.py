"""The task status rule: on track, at risk or late.

An indicator is judged on its standing (domain/indicators.py): its progress against the plan,
and its forecast at the deadline against the target.

- late (滞后): progress is below 70% of the progress planned by now; or a binding (约束性)
  target is missed: its deadline has passed short of it, or the forecast falls short of it.
- at risk (有风险): progress is below 90% of the planned progress; or an expected (预期性)
  target is missed the same way.
- on track (正常): otherwise, including indicators with no actual reported yet.

A task is also late while a report is overdue and still missing, and at risk while a returned
report has not been resubmitted. Its status is the worst of its indicators' and reports'.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from domain.indicators import Standing, evaluate
from domain.trajectory import Observation
from domain.values import Attribute, Indicator, Milestone, Status

LATE_BELOW = Decimal("0.7")
AT_RISK_BELOW = Decimal("0.9")
_ORDER = {Status.ON_TRACK: 0, Status.AT_RISK: 1, Status.LATE: 2, Status.NOT_COMPUTABLE: 3}


@dataclass(frozen=True)
class StatusInput:
    indicators: tuple[Indicator, ...]
    latest_actuals: Mapping[str, Decimal]
    missing_overdue_reports: int
    returned_reports: int
    start: date
    as_of: date
    # Every reported value by indicator code, for the forecast (none: no forecast).
    history: Mapping[str, Sequence[Observation]] = field(default_factory=dict)
    milestones: tuple[Milestone, ...] = ()
    milestones_done: Mapping[str, date] = field(default_factory=dict)


def worst(statuses: Iterable[Status]) -> Status:
    return max(statuses, key=_ORDER.__getitem__, default=Status.ON_TRACK)


def shortfall(attribute: Attribute) -> Status:
    """What a missed target weighs: a binding one makes the task late, an expected one at risk."""
    return Status.LATE if attribute is Attribute.BINDING else Status.AT_RISK


def indicator_status(standing: Standing) -> Status:
    if standing.actual is None:
        return Status.ON_TRACK
    statuses: list[Status] = []
    if (standing.past_deadline and not standing.reached) or standing.will_meet is False:
        statuses.append(shortfall(standing.attribute))
    ratio = standing.ratio
    if ratio is not None and ratio < LATE_BELOW:
        statuses.append(Status.LATE)
    elif ratio is not None and ratio < AT_RISK_BELOW:
        statuses.append(Status.AT_RISK)
    return worst(statuses)


def standings(facts: StatusInput) -> list[Standing]:
    """Each indicator's standing on `facts.as_of`, in plan order."""
    return [
        evaluate(
            indicator,
            facts.start,
            facts.as_of,
            facts.latest_actuals.get(indicator.code),
            facts.history.get(indicator.code, ()),
            facts.milestones,
            facts.milestones_done,
        )
        for indicator in facts.indicators
    ]


def task_status(facts: StatusInput, judged: Sequence[Standing] | None = None) -> Status:
    """The task's status; `judged` saves evaluating the standings twice when the caller has them."""
    statuses = [indicator_status(s) for s in (standings(facts) if judged is None else judged)]
    if facts.missing_overdue_reports:
        statuses.append(Status.LATE)
    if facts.returned_reports:
        statuses.append(Status.AT_RISK)
    return worst(statuses)
