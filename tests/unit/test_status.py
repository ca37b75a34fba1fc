"""The status rule: progress against the plan, and the forecast against the target."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from uuid import uuid4

import pytest

from domain.campaign import Phase
from domain.indicators import evaluate
from domain.judgement import judge as judge_task
from domain.status import StatusInput, indicator_status, standings, task_status, worst
from domain.trajectory import Observation
from domain.values import (
    Attribute,
    Direction,
    Indicator,
    Milestone,
    ReportingPolicy,
    ReportState,
    Shape,
    Status,
)
from domain.views import CampaignRow, PeriodRow, TaskRow, status_input

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


# -- the judgement the read side shows (domain/judgement.py) ----------------------------------
CAMPAIGN = CampaignRow(
    uuid4(), "PK", "停车", "专班", 2026, "2026-01", ReportingPolicy(), START, Phase.RUNNING, START
)


def judged_task(*indicators: Indicator) -> TaskRow:
    return TaskRow(uuid4(), CAMPAIGN.id, "1", 1, "任务", ("区城管执法局",), indicators=indicators)


def reported(task: TaskRow, period: str, **actuals: Decimal) -> PeriodRow:
    return PeriodRow(task.id, CAMPAIGN.id, period, state=ReportState.ACCEPTED, actuals=actuals)


def test_a_task_whose_reports_can_be_read_is_judged_as_the_status_rule_says():
    task = judged_task(rising())
    rows = [
        reported(task, "2026-01", parking=Decimal(10)),
        reported(task, "2026-02", parking=Decimal(20)),
    ]
    judgement = judge_task(CAMPAIGN, task, rows, HALFWAY)
    assert judgement.problem == ""
    assert judgement.status is task_status(status_input(CAMPAIGN, task, rows, HALFWAY))
    assert judgement.latest_actuals == {"parking": Decimal(20)}


@pytest.mark.parametrize("bad", ["1E+999999", "NaN", "sNaN", "Infinity", "9" * 400])
def test_an_unreadable_stored_value_makes_its_indicator_and_task_not_computable(bad: str):
    task = judged_task(rising(), falling())
    rows = [
        reported(task, "2026-01", parking=Decimal(10), stock=Decimal(90)),
        reported(task, "2026-02", parking=Decimal(bad), stock=Decimal(80)),
    ]
    judgement = judge_task(CAMPAIGN, task, rows, HALFWAY)
    parking, stock = judgement.indicators
    assert judgement.status is Status.NOT_COMPUTABLE
    assert "2026-02" in judgement.problem and "cannot be read" in judgement.problem
    assert parking.status is Status.NOT_COMPUTABLE and parking.standing is not None
    assert parking.standing.actual is None  # the plan by now is still shown
    assert stock.status is not Status.NOT_COMPUTABLE and stock.problem == ""
    assert judgement.latest_actuals == {"parking": Decimal(10), "stock": Decimal(80)}


def test_an_unreadable_figure_in_the_plan_itself_makes_the_task_not_computable():
    task = judged_task(replace(rising(), target=Decimal("1E+999999")))
    rows = [reported(task, "2026-01", parking=Decimal(10))]
    judgement = judge_task(CAMPAIGN, task, rows, HALFWAY)
    assert judgement.status is Status.NOT_COMPUTABLE
    assert judgement.indicators[0].standing is None and "definition" in judgement.problem


def test_a_report_stored_under_a_period_in_full_width_digits_makes_the_task_not_computable():
    task = judged_task(rising())
    judgement = judge_task(
        CAMPAIGN, task, [reported(task, "２０２６-０２", parking=Decimal(10))], HALFWAY
    )
    assert judgement.status is Status.NOT_COMPUTABLE and "ASCII" in judgement.problem


def test_not_computable_outweighs_every_other_status():
    assert worst([Status.LATE, Status.NOT_COMPUTABLE, Status.ON_TRACK]) is Status.NOT_COMPUTABLE
