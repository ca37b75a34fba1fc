"""The status rule: progress against the plan, and the forecast against the target."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal

import pytest

from domain.indicators import evaluate
from domain.status import StatusInput, indicator_status, standings, task_status, worst
from domain.trajectory import Observation
from domain.values import Attribute, Direction, Indicator, Milestone, Shape, Status

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


def judge(
    indicator: Indicator, actual: Decimal | None, as_of: date, history: tuple[Observation, ...] = ()
) -> Status:
    return indicator_status(evaluate(indicator, START, as_of, actual, history))


def plan(indicator: Indicator, as_of: date) -> Decimal:
    return evaluate(indicator, START, as_of, None).planned


def test_the_plan_runs_in_a_straight_line_from_baseline_to_target():
    assert plan(rising(), START) == Decimal(0)
    assert plan(rising(), START + timedelta(days=25)) == Decimal(25)
    assert plan(rising(), HALFWAY) == Decimal(50)
    assert plan(rising(), DEADLINE) == Decimal(100)
    assert plan(rising(), DEADLINE + timedelta(days=30)) == Decimal(100)
    assert plan(falling(), HALFWAY) == Decimal(50)


def test_before_the_start_the_plan_is_the_baseline_and_any_actual_is_on_plan():
    assert plan(rising(), START - timedelta(days=5)) == Decimal(0)
    assert evaluate(rising(), START, START, Decimal(0)).ratio == Decimal(1)


def test_progress_is_achieved_change_over_planned_change():
    assert evaluate(rising(), START, HALFWAY, Decimal(40)).ratio == Decimal("0.8")
    assert evaluate(falling(), START, HALFWAY, Decimal(60)).ratio == Decimal("0.8")


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
    assert judge(rising(), actual, HALFWAY) is expected


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
    assert judge(falling(), actual, HALFWAY) is expected


def test_an_indicator_short_of_target_once_its_deadline_has_passed_is_late():
    after = DEADLINE + timedelta(days=1)

    assert judge(rising(), Decimal(99), after) is Status.LATE
    assert judge(falling(), Decimal(1), after) is Status.LATE


def test_on_its_deadline_an_indicator_within_ten_percent_is_still_on_track():
    assert judge(rising(), Decimal(90), DEADLINE) is Status.ON_TRACK


def test_a_reached_target_is_on_track_even_after_the_deadline():
    after = DEADLINE + timedelta(days=1)

    assert judge(rising(), Decimal(100), after) is Status.ON_TRACK
    assert judge(falling(), Decimal(0), after) is Status.ON_TRACK


def test_an_indicator_without_an_actual_is_on_track():
    assert judge(rising(), None, DEADLINE + timedelta(days=1)) is Status.ON_TRACK
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


# -- binding and expected; the forecast ------------------------------------------------------
def expected(indicator: Indicator) -> Indicator:
    return replace(indicator, attribute=Attribute.EXPECTED)


def test_a_missed_deadline_makes_a_binding_target_late_and_an_expected_one_at_risk():
    after = DEADLINE + timedelta(days=1)

    assert judge(rising(), Decimal(95), after) is Status.LATE
    assert judge(expected(rising()), Decimal(95), after) is Status.AT_RISK


def test_far_behind_the_plan_is_late_whatever_the_attribute():
    assert judge(expected(rising()), Decimal(30), HALFWAY) is Status.LATE


def fast_then_flat() -> tuple[Observation, ...]:
    """On plan at halfway (55 of 50 planned); the trend reaches only 88.75 by the deadline."""
    days = (10, 30, 50)
    values = (Decimal(30), Decimal(50), Decimal(55))
    return tuple(
        Observation(START + timedelta(days=d), v) for d, v in zip(days, values, strict=True)
    )


def test_a_forecast_short_of_a_binding_target_makes_an_on_plan_task_late():
    standing = evaluate(rising(), START, HALFWAY, Decimal(55), fast_then_flat())

    assert standing.ratio is not None and standing.ratio > 1
    assert standing.will_meet is False
    assert indicator_status(standing) is Status.LATE


def test_a_forecast_short_of_an_expected_target_puts_an_on_plan_task_at_risk():
    assert judge(expected(rising()), Decimal(55), HALFWAY, fast_then_flat()) is Status.AT_RISK


def test_a_forecast_that_reaches_the_target_keeps_an_on_plan_task_on_track():
    steady = tuple(Observation(START + timedelta(days=d), Decimal(d)) for d in (10, 30, 50))

    assert judge(rising(), Decimal(50), HALFWAY, steady) is Status.ON_TRACK


def test_a_deliverable_behind_its_milestones_makes_its_task_late():
    platform = Indicator(
        "platform", "完成平台3.0建设", "项", Decimal(0), Decimal(1), Attribute.BINDING, DEADLINE,
        shape=Shape.MILESTONES,
    )  # fmt: skip
    milestones = (
        Milestone("needs", "需求确认", START + timedelta(days=20)),
        Milestone("build", "开发完成", START + timedelta(days=40)),
        Milestone("accept", "验收", DEADLINE),
    )
    facts = StatusInput(
        (platform,), {}, 0, 0, START, HALFWAY, milestones=milestones, milestones_done={}
    )
    assert task_status(facts) is Status.LATE
    one_done = replace(facts, milestones_done={"needs": START + timedelta(days=19)})
    assert standings(one_done)[0].ratio == Decimal("0.5")
    both_done = replace(one_done, milestones_done={"needs": START, "build": START})
    assert task_status(both_done) is Status.ON_TRACK
