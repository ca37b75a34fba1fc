"""The status rule: on track, at risk or late against a straight-line plan."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.status import (
    StatusInput,
    indicator_status,
    planned_value,
    progress_ratio,
    task_status,
    worst,
)
from domain.values import Attribute, Direction, Indicator, Status

START = date(2026, 1, 1)
DEADLINE = START + timedelta(days=100)
HALFWAY = START + timedelta(days=50)


def rising() -> Indicator:
    return Indicator(
        "parking", "新增共享停车位", "个", Decimal(0), Decimal(100), Attribute.BINDING, DEADLINE
    )


def falling() -> Indicator:
    return Indicator(
        "stock",
        "存量违建",
        "处",
        Decimal(100),
        Decimal(0),
        Attribute.BINDING,
        DEADLINE,
        Direction.DOWN,
    )


def facts(
    actuals: dict[str, Decimal],
    missing: int = 0,
    returned: int = 0,
    as_of: date = HALFWAY,
) -> StatusInput:
    return StatusInput((rising(), falling()), actuals, missing, returned, START, as_of)


def test_the_plan_runs_in_a_straight_line_from_baseline_to_target():
    assert planned_value(rising(), START, START) == Decimal(0)
    assert planned_value(rising(), START, START + timedelta(days=25)) == Decimal(25)
    assert planned_value(rising(), START, HALFWAY) == Decimal(50)
    assert planned_value(rising(), START, DEADLINE) == Decimal(100)
    assert planned_value(rising(), START, DEADLINE + timedelta(days=30)) == Decimal(100)
    assert planned_value(falling(), START, HALFWAY) == Decimal(50)


def test_before_the_start_the_plan_is_the_baseline_and_any_actual_is_on_plan():
    assert planned_value(rising(), START, START - timedelta(days=5)) == Decimal(0)
    assert progress_ratio(rising(), Decimal(0), START, START) == Decimal(1)


def test_progress_is_achieved_change_over_planned_change():
    assert progress_ratio(rising(), Decimal(40), START, HALFWAY) == Decimal("0.8")
    assert progress_ratio(falling(), Decimal(60), START, HALFWAY) == Decimal("0.8")


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (Decimal("45"), Status.ON_TRACK),
        (Decimal("44.9"), Status.AT_RISK),
        (Decimal("35"), Status.AT_RISK),
        (Decimal("34.9"), Status.LATE),
        (Decimal("0"), Status.LATE),
        (Decimal("60"), Status.ON_TRACK),
    ],
)
def test_a_rising_indicator_is_late_below_70_and_at_risk_below_90_percent_of_plan(
    actual: Decimal, expected: Status
):
    assert indicator_status(rising(), actual, START, HALFWAY) is expected


@pytest.mark.parametrize(
    ("actual", "expected"),
    [
        (Decimal("55"), Status.ON_TRACK),
        (Decimal("55.1"), Status.AT_RISK),
        (Decimal("65"), Status.AT_RISK),
        (Decimal("65.1"), Status.LATE),
        (Decimal("100"), Status.LATE),
        (Decimal("40"), Status.ON_TRACK),
    ],
)
def test_a_downward_indicator_counts_progress_downwards(actual: Decimal, expected: Status):
    assert indicator_status(falling(), actual, START, HALFWAY) is expected


def test_an_indicator_short_of_target_once_its_deadline_has_passed_is_late():
    after = DEADLINE + timedelta(days=1)

    assert indicator_status(rising(), Decimal(99), START, after) is Status.LATE
    assert indicator_status(falling(), Decimal(1), START, after) is Status.LATE


def test_on_its_deadline_an_indicator_within_ten_percent_is_still_on_track():
    assert indicator_status(rising(), Decimal(90), START, DEADLINE) is Status.ON_TRACK


def test_a_reached_target_is_on_track_even_after_the_deadline():
    after = DEADLINE + timedelta(days=1)

    assert indicator_status(rising(), Decimal(100), START, after) is Status.ON_TRACK
    assert indicator_status(falling(), Decimal(0), START, after) is Status.ON_TRACK


def test_an_indicator_without_an_actual_is_on_track():
    assert indicator_status(rising(), None, START, DEADLINE + timedelta(days=1)) is Status.ON_TRACK
    assert task_status(facts({})) is Status.ON_TRACK


def test_a_missing_overdue_report_makes_a_task_late_whatever_its_indicators():
    on_plan = {"parking": Decimal(50), "stock": Decimal(50)}

    assert task_status(facts(on_plan)) is Status.ON_TRACK
    assert task_status(facts(on_plan, missing=1)) is Status.LATE


def test_a_returned_report_puts_a_task_at_risk():
    assert task_status(facts({"parking": Decimal(50)}, returned=1)) is Status.AT_RISK


def test_a_task_takes_the_worst_status_of_its_indicators_and_reports():
    at_risk_and_late = {"parking": Decimal(40), "stock": Decimal(70)}

    assert task_status(facts(at_risk_and_late)) is Status.LATE
    assert task_status(facts({"parking": Decimal(40)})) is Status.AT_RISK
    assert task_status(facts({"parking": Decimal(50)}, missing=1, returned=1)) is Status.LATE


def test_the_worst_of_nothing_is_on_track():
    assert worst([]) is Status.ON_TRACK
    assert worst([Status.AT_RISK, Status.ON_TRACK]) is Status.AT_RISK
