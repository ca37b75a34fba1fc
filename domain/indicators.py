"""Where an indicator stands on a day, by its shape. Pure: no I/O, no clock.

Every shape is measured on a scale from a start value to a goal, in the unit its reports use,
and progress is the share of that way achieved: (actual − start) / (goal − start). Downward
targets give the same formula as (start − actual) / (start − goal).

Shape by shape: what a report gives; the scale's start → goal; what "still to do" counts.

- count (新增共享停车位 180 个): the count reached; baseline → target; target − actual.
- rate (619 件信访投诉化解率 ≥ 90%): the rate in %, or the resolved cases, which the API turns
  into the rate (`rate_from_resolved`); baseline → target %; cases still to resolve,
  ⌈target% × case load⌉ − resolved cases (558 − resolved for 619 件 at 90%).
- checklist (销项管理, 排查率 100%): items closed; baseline% → target% of the `case_load` items
  (0 → all of them); items still to close. Progress is closed / items.
- recurring (每月一次 → 12 a year; 不少于 8 次): actions done so far, cumulative; baseline → the
  minimum; minimum − done. What is due by now is the minimum spread over the months.
- reduce (逐年削减存量违建): the value now; baseline → target, downwards; actual − target.
- milestones (完成平台 3.0 建设): nothing, the task's milestones are completed instead; 0 → all
  milestones, planned = those due by now; milestones not completed.

The plan and the forecast are domain/trajectory.py's. Counts that only grow (count, checklist,
recurring, milestones) are never forecast below what has been reached; a rate stays within
0–100%, a checklist within its items. "Will it be met" is the forecast against the goal; with no
forecast yet it is known only once the target is reached (for counts that only grow) or the
deadline has passed. A milestone-tracked deliverable has no trend to extrapolate: it is met when
every milestone is completed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from domain.errors import InvalidInput
from domain.trajectory import Observation, least_squares, planned_by_days, planned_by_months
from domain.values import (
    WHOLE_UNITS,
    Attribute,
    Direction,
    Indicator,
    Milestone,
    Period,
    Shape,
    check_number,
)

HUNDRED = Decimal(100)
ZERO = Decimal(0)
RATE_PLACES = Decimal("0.0001")
GROWING = {Shape.CHECKLIST, Shape.RECURRING, Shape.MILESTONES}


@dataclass(frozen=True)
class Scale:
    """From `start` to `goal`, in the unit reports use; values kept within `low`..`high`."""

    start: Decimal
    goal: Decimal
    grows: bool = False  # the value only accumulates
    low: Decimal = ZERO
    high: Decimal | None = None

    @property
    def down(self) -> bool:
        return self.goal < self.start

    def reached(self, value: Decimal) -> bool:
        return value <= self.goal if self.down else value >= self.goal

    def progress(self, value: Decimal) -> Decimal:
        if self.goal == self.start:
            return Decimal(1) if self.reached(value) else ZERO
        return (value - self.start) / (self.goal - self.start)

    def bound(self, value: Decimal) -> Decimal:
        value = max(value, self.low)
        return min(value, self.high) if self.high is not None else value


def scale(indicator: Indicator, milestones: Sequence[Milestone] = ()) -> Scale:
    shape, base, target = indicator.shape, indicator.baseline, indicator.target
    if shape is Shape.MILESTONES:
        count = Decimal(len(milestones))
        return Scale(ZERO, count, grows=True, high=count)
    if shape is Shape.RATE:
        return Scale(base, target, high=HUNDRED)
    if shape is Shape.CHECKLIST and indicator.case_load:
        items = indicator.case_load
        goal = (target * items / HUNDRED).to_integral_value(ROUND_CEILING)
        return Scale(base * items / HUNDRED, goal, grows=True, high=items)
    falling = shape is Shape.REDUCE or indicator.direction is Direction.DOWN or target < base
    return Scale(base, target, grows=shape in GROWING or not falling)


@dataclass(frozen=True)
class Standing:
    """An indicator on a day. Values are in the unit its reports use (a rate in %, a checklist in
    items closed, a recurring action in times done, milestones in milestones completed)."""

    code: str
    shape: Shape
    attribute: Attribute
    start: Decimal
    goal: Decimal
    planned: Decimal  # what the plan asks for by the day
    actual: Decimal | None  # the latest reported value (milestones: completed by the day)
    forecast: Decimal | None  # the value expected at the deadline
    will_meet: bool | None  # None: not known yet
    remaining: Decimal | None  # still to do; for a rate over a case load, in cases
    reached: bool
    past_deadline: bool

    def _share(self, value: Decimal) -> Decimal:
        return Scale(self.start, self.goal).progress(value)

    @property
    def progress(self) -> Decimal | None:
        """The share of the way from start to goal achieved; 1 is the target."""
        return None if self.actual is None else self._share(self.actual)

    @property
    def planned_progress(self) -> Decimal:
        return self._share(self.planned)

    @property
    def ratio(self) -> Decimal | None:
        """Achieved change over planned change so far; 1 is exactly on plan (also when the plan
        asks for no change yet)."""
        if self.actual is None:
            return None
        planned_change = self.planned - self.start
        if planned_change == 0:
            return Decimal(1)
        return (self.actual - self.start) / planned_change


def evaluate(
    indicator: Indicator,
    start: date,
    as_of: date,
    actual: Decimal | None,
    history: Sequence[Observation] = (),
    milestones: Sequence[Milestone] = (),
    done: Mapping[str, date] = {},  # noqa: B006 - read only
) -> Standing:
    """Where `indicator` stands on `as_of`, for a campaign that started on `start`.

    `actual` is the latest reported value, `history` every reported value (for the forecast);
    a milestone-tracked indicator reads `milestones` and the days they were `done` instead.
    """
    on_scale = scale(indicator, milestones)
    past = as_of > indicator.deadline
    if indicator.shape is Shape.MILESTONES:
        planned = Decimal(sum(1 for m in milestones if m.due <= as_of))
        completed = sum(1 for m in milestones if m.code in done and done[m.code] <= as_of)
        actual = Decimal(completed) if milestones else None
        forecast = None
    else:
        planner = planned_by_months if indicator.shape is Shape.RECURRING else planned_by_days
        planned = planner(
            on_scale.start, on_scale.goal, start, indicator.deadline, indicator.plan, as_of
        )
        forecast = _forecast(on_scale, actual, history, indicator.deadline, past)
    reached = actual is not None and on_scale.reached(actual)
    return Standing(
        code=indicator.code,
        shape=indicator.shape,
        attribute=indicator.attribute,
        start=on_scale.start,
        goal=on_scale.goal,
        planned=planned,
        actual=actual,
        forecast=forecast,
        will_meet=_will_meet(on_scale, actual, forecast, reached, past),
        remaining=remaining(indicator, on_scale, actual),
        reached=reached,
        past_deadline=past,
    )


def _forecast(
    on_scale: Scale,
    actual: Decimal | None,
    history: Sequence[Observation],
    deadline: date,
    past: bool,
) -> Decimal | None:
    if actual is None:
        return None
    if past:
        return actual
    fitted = least_squares(history, deadline)
    if fitted is None:
        return None
    fitted = on_scale.bound(fitted)
    return max(fitted, actual) if on_scale.grows else fitted


def _will_meet(
    on_scale: Scale, actual: Decimal | None, forecast: Decimal | None, reached: bool, past: bool
) -> bool | None:
    if actual is None:
        return None
    if forecast is not None:
        return on_scale.reached(forecast)
    if reached and on_scale.grows:
        return True
    return reached if past else None


def remaining(indicator: Indicator, on_scale: Scale, actual: Decimal | None) -> Decimal | None:
    """What is still to do to reach the target; for a rate over a case load, in cases."""
    if actual is None:
        return None
    if indicator.shape is Shape.RATE and indicator.case_load:
        return max(cases_needed(indicator) - resolved_cases(indicator, actual), ZERO)
    gap = actual - on_scale.goal if on_scale.down else on_scale.goal - actual
    return max(gap, ZERO)


def cases_needed(indicator: Indicator) -> Decimal:
    """Resolved cases the target rate asks for: ⌈target% × case load⌉ (90% of 619 → 558)."""
    assert indicator.case_load is not None
    return (indicator.target * indicator.case_load / HUNDRED).to_integral_value(ROUND_CEILING)


def resolved_cases(indicator: Indicator, rate: Decimal) -> Decimal:
    """The resolved cases a reported rate stands for, to the nearest case."""
    assert indicator.case_load is not None
    return (rate * indicator.case_load / HUNDRED).to_integral_value(ROUND_HALF_UP)


def rate_from_resolved(indicator: Indicator, resolved: Decimal, field: str) -> Decimal:
    """The rate a count of resolved cases makes, kept to 4 decimals so the count reads back
    exactly (for case loads up to a million). Only a rate over a known case load takes one."""
    if indicator.shape is not Shape.RATE or not indicator.case_load:
        raise InvalidInput(field, f"'{indicator.code}' is not a rate over a known case load")
    check_number(field, resolved)
    if resolved < 0 or resolved != resolved.to_integral_value():
        raise InvalidInput(field, "must be a whole number of cases")
    if resolved > indicator.case_load:
        raise InvalidInput(field, f"only {indicator.case_load} cases are on the list")
    return (resolved * HUNDRED / indicator.case_load).quantize(RATE_PLACES, ROUND_HALF_UP)


def counts_whole(indicator: Indicator) -> bool:
    """Whether reports of `indicator` count whole things: items closed, actions done, or a
    unit such as 个 or 件."""
    if indicator.shape is Shape.RECURRING:
        return True
    if indicator.shape is Shape.CHECKLIST and indicator.case_load:
        return True
    return indicator.shape is not Shape.RATE and indicator.unit.strip() in WHOLE_UNITS


def check_actual(indicator: Indicator, value: Decimal, field: str) -> None:
    """Refuse a reported value its shape cannot take: not a finite figure within bounds,
    negative, a rate past 100%, more items than the list has, a fraction of a whole count."""
    check_number(field, value)
    if value < 0:
        raise InvalidInput(field, "不能为负数 / must not be negative")
    if indicator.shape is Shape.MILESTONES:
        raise InvalidInput(field, "is tracked by the task's milestones, not reported")
    if indicator.shape is Shape.CHECKLIST and indicator.case_load:
        if value > indicator.case_load:
            raise InvalidInput(
                field,
                f"清单仅有 {indicator.case_load} 项 / only {indicator.case_load} items are on "
                "the list",
            )
    elif (indicator.shape in (Shape.RATE, Shape.CHECKLIST) or indicator.unit == "%") and (
        value > HUNDRED
    ):
        raise InvalidInput(field, "比率不能超过 100% / a rate cannot exceed 100%")
    if counts_whole(indicator) and value != value.to_integral_value():
        unit = indicator.unit.strip() or "items"
        raise InvalidInput(
            field, f"须为整数（单位：{unit}） / must be a whole number of {unit}"
        )


def check_definition(indicator: Indicator, at: str) -> None:
    """Refuse what the shape rules cannot read: a non-positive case load, a rate or check list
    aiming past 100%, plan points out of order or unreadable, a figure no one could mean.
    `at` locates the indicator."""
    check_number(f"{at}.baseline", indicator.baseline)
    check_number(f"{at}.target", indicator.target)
    if indicator.case_load is not None:
        check_number(f"{at}.case_load", indicator.case_load)
    if indicator.case_load is not None and indicator.case_load <= 0:
        raise InvalidInput(f"{at}.case_load", "must be a positive number of cases or items")
    percent = indicator.shape in (Shape.RATE, Shape.CHECKLIST)
    if percent and indicator.target > HUNDRED:
        raise InvalidInput(f"{at}.target", "a rate cannot exceed 100%")
    previous: Period | None = None
    for k, point in enumerate(indicator.plan):
        period = Period.parse(point.period, f"{at}.plan[{k}].period")
        if previous is not None and period <= previous:
            raise InvalidInput(f"{at}.plan[{k}].period", "plan points must be in month order")
        check_number(f"{at}.plan[{k}].value", point.value)
        if point.value < 0:
            raise InvalidInput(f"{at}.plan[{k}].value", "must not be negative")
        previous = period
