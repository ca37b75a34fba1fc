"""An indicator's planned trajectory and its forecast. Pure: no I/O, no clock.

Plan. By default a straight line from the baseline on the campaign's start to the target on the
deadline. With an explicit month-by-month plan (`Indicator.plan`) the line runs through each
point, a point being the value planned by the end of its period, and straight between points.
Points on or after the deadline are left out (the deadline's value is the target); after the
deadline the plan is the target. A recurring action happens or does not, month by month: its
line runs over whole months, and what is due is the line's value at the last month-end passed,
rounded down.

Forecast. Ordinary least squares over the reported values (x: the last day of each reported
period, y: the value), extrapolated to the deadline. Fewer than two reports: no forecast.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_FLOOR, Decimal
from itertools import pairwise

from domain.values import Period, PlanPoint

Point = tuple[int, Decimal]


@dataclass(frozen=True)
class Observation:
    """A reported value and the day it stands for (the last day of its reporting period)."""

    on: date
    value: Decimal


def period_end(period: str) -> date:
    """The last day of a YYYY-MM period."""
    return Period.parse(period).next().first_day() - timedelta(days=1)


def months_ended(start: date, day: date) -> int:
    """How many month-ends from `start`'s month on have passed by the end of `day`."""
    months = (day.year - start.year) * 12 + day.month - start.month
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        months += 1
    return max(months, 0)


def broken_line(points: Sequence[Point], x: int) -> Decimal:
    """The value at `x` of the line through `points` (x ascending); flat beyond both ends."""
    if x <= points[0][0]:
        return points[0][1]
    for (x0, y0), (x1, y1) in pairwise(points):
        if x <= x1:
            return y0 + (y1 - y0) * Decimal(x - x0) / Decimal(x1 - x0)
    return points[-1][1]


def _through(base: Decimal, inner: Iterable[Point], end: int, goal: Decimal) -> list[Point]:
    """(0, base), the plan's points strictly inside (0, end) by x, then (end, goal)."""
    kept = {x: y for x, y in sorted(inner, key=lambda p: p[0]) if 0 < x < end}
    return [(0, base), *sorted(kept.items()), (end, goal)]


def planned_by_days(
    base: Decimal,
    goal: Decimal,
    start: date,
    deadline: date,
    plan: Sequence[PlanPoint],
    as_of: date,
) -> Decimal:
    """The planned value on `as_of`, the line drawn over calendar days."""
    end = (deadline - start).days
    if as_of >= deadline or end <= 0:
        return goal
    inner = [((period_end(p.period) - start).days, p.value) for p in plan]
    return broken_line(_through(base, inner, end, goal), (as_of - start).days)


def planned_by_months(
    base: Decimal,
    goal: Decimal,
    start: date,
    deadline: date,
    plan: Sequence[PlanPoint],
    as_of: date,
) -> Decimal:
    """What is due by `as_of` of an action counted month by month: whole actions only."""
    end = (deadline.year - start.year) * 12 + deadline.month - start.month + 1
    passed = end if as_of >= deadline else months_ended(start, as_of)
    inner = [(months_ended(start, period_end(p.period)), p.value) for p in plan]
    value = broken_line(_through(base, inner, end, goal), passed)
    return value.to_integral_value(ROUND_FLOOR)


def least_squares(history: Sequence[Observation], at: date) -> Decimal | None:
    """The straight line fitted to `history` by least squares, read at `at`."""
    by_day = {o.on: o.value for o in history}
    if len(by_day) < 2:
        return None
    first = min(by_day)
    xs = [Decimal((day - first).days) for day in by_day]
    ys = list(by_day.values())
    n = Decimal(len(xs))
    mean_x, mean_y = sum(xs) / n, sum(ys) / n
    spread = sum((x - mean_x) ** 2 for x in xs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys, strict=True)) / spread
    return mean_y + slope * (Decimal((at - first).days) - mean_x)
