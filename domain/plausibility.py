"""Whether a reported figure looks like a slip worth a second look (复核提示). Pure: no I/O.

A doubt is a warning the unit may confirm, never a refusal: a figure can be odd and right (a
check list re-counted, a rate re-based), and only the unit knows. It is decided from the
indicator's shape and direction (domain/indicators.py) and the last value reported for an
earlier period, and nothing else:

- falls: a cumulative indicator reported below its last value. Cumulative are those whose value
  only accumulates: a count to reach upwards, a check list, a recurring action (what
  `scale().grows` says), and a rate over a known case load, since its report is the cases of a
  fixed list resolved so far (619 件化解率: 558 resolved cases cannot become 74).
- jumps: a figure in percent (a rate, a check list kept in %, any indicator whose unit is %)
  moving more than `JUMP` percentage points from its last value, either way. The plans' rates
  climb a few points a month (90% of 619 cases over a year is about 7.5 points a month; a
  three-month push about 30), so more than half the whole scale in one report is far more
  often a slip (a dropped or moved decimal point, 97.79 → 9.779; a count typed as a rate) than
  a month's work, while the bound is wide enough that a real big month is rarely questioned.

"The last value" is the latest one reported for an earlier period whose report stands
(submitted or accepted; domain/reporting.py): a returned version of the same period is what is
being corrected, so it is no yardstick, and a returned earlier report was sent back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from domain import reporting
from domain.indicators import scale
from domain.reporting import PeriodFacts
from domain.values import Direction, Indicator, Shape, is_readable

JUMP = Decimal(50)  # percentage points between two reports; see the module's docstring
PERCENT_UNITS = ("%", "％")


class Doubt(StrEnum):
    FALLS = "falls"
    JUMPS = "jumps"


@dataclass(frozen=True)
class Check:
    """A figure to confirm: the indicator, why, the value typed and the last one reported."""

    code: str
    doubt: Doubt
    value: Decimal
    last: Decimal
    last_period: str


def cumulative(indicator: Indicator) -> bool:
    """Whether the indicator's value only accumulates, so that a fall is a slip or a recount."""
    if indicator.shape is Shape.MILESTONES:
        return False  # not reported as a figure
    if indicator.shape is Shape.RATE:
        rising = indicator.direction is Direction.UP and indicator.target >= indicator.baseline
        return bool(indicator.case_load) and rising
    return scale(indicator).grows


def in_percent(indicator: Indicator) -> bool:
    """Whether reports give the indicator in % (a check list over its items counts items)."""
    if indicator.shape is Shape.RATE:
        return True
    if indicator.shape is Shape.CHECKLIST and not indicator.case_load:
        return True
    return indicator.unit.strip() in PERCENT_UNITS


def doubt(indicator: Indicator, value: Decimal, last: Decimal) -> Doubt | None:
    """Why `value` after `last` deserves a second look, if it does."""
    if cumulative(indicator) and value < last:
        return Doubt.FALLS
    if in_percent(indicator) and abs(value - last) > JUMP:
        return Doubt.JUMPS
    return None


def last_reported(
    periods: Iterable[PeriodFacts], code: str, before: str
) -> tuple[str, Decimal] | None:
    """(period, value): the latest value of `code` reported for a period before `before`
    whose report stands; None if there is none (or it cannot be read)."""
    earlier = [p for p in reporting.standing(periods) if p.period < before]
    for row in reversed(earlier):
        if code in row.actuals:
            value = row.actuals[code]
            return (row.period, value) if is_readable(value) else None
    return None


def checks(
    indicators: Iterable[Indicator],
    actuals: Mapping[str, Decimal],
    periods: Iterable[PeriodFacts],
    period: str,
) -> list[Check]:
    """The figures of a report for `period` the unit should confirm, in the indicators' order."""
    rows = list(periods)
    found = []
    for indicator in indicators:
        value = actuals.get(indicator.code)
        if value is None or not is_readable(value):
            continue
        last = last_reported(rows, indicator.code, period)
        if last is None:
            continue
        why = doubt(indicator, value, last[1])
        if why is not None:
            found.append(Check(indicator.code, why, value, last[1], last[0]))
    return found
