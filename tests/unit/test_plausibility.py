"""Which reported figures the form asks the unit to confirm (复核提示), from the indicator's
shape and direction and the last value reported for an earlier period."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain.plausibility import JUMP, Check, Doubt, checks, cumulative, doubt, last_reported
from domain.values import Attribute, Direction, Indicator, ReportState, Shape

D = Decimal


def indicator(**fields: Any) -> Indicator:
    values: dict[str, Any] = {
        "code": "x",
        "name": "指标",
        "unit": "个",
        "baseline": D(0),
        "target": D(100),
        "attribute": Attribute.BINDING,
        "deadline": date(2093, 12, 31),
    }
    values.update(fields)
    return Indicator(**values)


@dataclass(frozen=True)
class Row:
    period: str
    state: ReportState | None
    actuals: Mapping[str, Decimal] = field(default_factory=dict)
    overdue_on: date | None = None


COUNT = indicator(code="spaces", target=D(180))
PETITIONS = indicator(code="petitions", unit="%", target=D(90), shape=Shape.RATE, case_load=D(619))
SATISFACTION = indicator(code="sat", unit="%", baseline=D(80), target=D(95), shape=Shape.RATE)
CHECKLIST = indicator(code="hazards", shape=Shape.CHECKLIST, target=D(100), case_load=D(42))
CHECKLIST_PCT = indicator(code="closed", unit="%", shape=Shape.CHECKLIST, target=D(100))
RECURRING = indicator(code="patrols", unit="次", shape=Shape.RECURRING, target=D(8))
REDUCE = indicator(
    code="illegal", unit="万平方米", baseline=D(30), target=D(10), shape=Shape.REDUCE
)
DOWN = indicator(code="complaints", baseline=D(500), target=D(300), direction=Direction.DOWN)
SHARE = indicator(code="cover", unit="%", baseline=D(40), target=D(60))


@pytest.mark.parametrize(
    ("ind", "expected"),
    [
        (COUNT, True),
        (PETITIONS, True),  # resolved cases of a fixed list, so far
        (SATISFACTION, False),  # a rate over no known case load may move either way
        (CHECKLIST, True),
        (CHECKLIST_PCT, True),
        (RECURRING, True),
        (REDUCE, False),
        (DOWN, False),
        (indicator(shape=Shape.MILESTONES), False),
        (indicator(shape=Shape.RATE, case_load=D(10), direction=Direction.DOWN), False),
    ],
)
def test_an_indicator_is_cumulative_by_its_shape_and_direction(
    ind: Indicator, expected: bool
) -> None:
    assert cumulative(ind) is expected


def test_a_cumulative_figure_below_the_last_one_is_doubted_the_same_or_higher_is_not() -> None:
    assert doubt(PETITIONS, D("12"), D("97.79")) is Doubt.FALLS  # the review's case
    assert doubt(COUNT, D(119), D(120)) is Doubt.FALLS
    assert doubt(CHECKLIST, D(3), D(4)) is Doubt.FALLS
    assert doubt(RECURRING, D(2), D(3)) is Doubt.FALLS
    for ind, same in ((COUNT, D(120)), (PETITIONS, D("97.79")), (RECURRING, D(3))):
        assert doubt(ind, same, same) is None
    assert doubt(COUNT, D(100000), D(120)) is None  # a count has no scale to jump on


def test_a_figure_in_percent_jumping_past_the_bound_is_doubted_either_way() -> None:
    assert doubt(SATISFACTION, D("97.79"), D("9.779")) is Doubt.JUMPS  # a moved decimal point
    assert doubt(SATISFACTION, D(12), D("97.79")) is Doubt.JUMPS
    assert doubt(SHARE, D(95), D(40)) is Doubt.JUMPS  # a count kept in %
    assert doubt(PETITIONS, D(80), D(20)) is Doubt.JUMPS  # cumulative, but 60 points at once
    assert doubt(SATISFACTION, D(30) + JUMP, D(30)) is None  # the bound itself is taken
    assert doubt(SATISFACTION, D(70), D(85)) is None  # a rate that is not cumulative may fall
    assert doubt(CHECKLIST, D(40), D(2)) is None  # a list over its items counts items


def test_values_that_go_down_by_design_are_not_doubted_for_falling() -> None:
    assert doubt(REDUCE, D(12), D(25)) is None
    assert doubt(DOWN, D(310), D(480)) is None
    assert doubt(REDUCE, D(26), D(25)) is None  # a rise is news, not a slip of the shape


def test_the_yardstick_is_the_latest_standing_report_of_an_earlier_period() -> None:
    rows = [
        Row("2093-01", ReportState.ACCEPTED, {"petitions": D(60)}),
        Row("2093-02", ReportState.SUBMITTED, {"petitions": D("97.79")}),
        Row("2093-03", ReportState.RETURNED, {"petitions": D(12)}),  # being corrected
        Row("2093-04", None),
    ]
    assert last_reported(rows, "petitions", "2093-03") == ("2093-02", D("97.79"))
    assert last_reported(rows, "petitions", "2093-02") == ("2093-01", D(60))
    assert last_reported(rows, "petitions", "2093-01") is None
    assert last_reported(rows, "spaces", "2093-03") is None
    # A returned earlier report was sent back: the one before it stands.
    returned = [rows[0], Row("2093-02", ReportState.RETURNED, {"petitions": D(5)})]
    assert last_reported(returned, "petitions", "2093-03") == ("2093-01", D(60))
    # A stored value the rules cannot read is no yardstick.
    unreadable = [Row("2093-02", ReportState.ACCEPTED, {"petitions": D("NaN")})]
    assert last_reported(unreadable, "petitions", "2093-03") is None


def test_checks_name_each_doubted_figure_in_the_indicators_order() -> None:
    rows = [Row("2093-02", ReportState.ACCEPTED, {"spaces": D(120), "petitions": D("97.79")})]
    actuals = {"petitions": D(12), "spaces": D(118), "sat": D(1)}
    found = checks([COUNT, PETITIONS, SATISFACTION], actuals, rows, "2093-03")
    assert found == [
        Check("spaces", Doubt.FALLS, D(118), D(120), "2093-02"),
        Check("petitions", Doubt.FALLS, D(12), D("97.79"), "2093-02"),
    ]
    assert checks([COUNT], {"spaces": D(121)}, rows, "2093-03") == []
    assert checks([COUNT], {"spaces": D("NaN")}, rows, "2093-03") == []
    assert checks([COUNT], {}, rows, "2093-03") == []
