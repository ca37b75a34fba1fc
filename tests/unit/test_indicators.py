"""Each indicator shape's arithmetic, with the figures the district plans give."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from domain.errors import InvalidInput
from domain.indicators import (
    Standing,
    check_actual,
    check_definition,
    evaluate,
    rate_from_resolved,
)
from domain.trajectory import Observation, months_ended, period_end
from domain.values import Attribute, Indicator, Milestone, PlanPoint, Shape

YEAR_START = date(2026, 1, 1)
YEAR_END = date(2026, 12, 31)
D = Decimal


def indicator(**fields: Any) -> Indicator:
    values: dict[str, Any] = {
        "code": "x",
        "name": "指标",
        "unit": "个",
        "baseline": D(0),
        "target": D(100),
        "attribute": Attribute.BINDING,
        "deadline": YEAR_END,
    }
    values.update(fields)
    return Indicator(**values)


def parking(**fields: Any) -> Indicator:
    """新增共享停车位 180 个."""
    return indicator(code="spaces", name="新增共享停车位", target=D(180), **fields)


def petitions(**fields: Any) -> Indicator:
    """619 件信访投诉化解率 ≥ 90%."""
    return indicator(
        code="resolved", name="信访投诉化解率", unit="%", target=D(90), shape=Shape.RATE,
        case_load=D(619), **fields,
    )  # fmt: skip


def monthly(day: date, values: list[int]) -> list[Observation]:
    """Reports for the months ending on or before `day`, one value each, oldest first."""
    ends = [period_end(f"2026-{m:02d}") for m in range(1, 13)]
    ends = [end for end in ends if end <= day][-len(values) :]
    return [Observation(end, D(v)) for end, v in zip(ends, values, strict=True)]


def at(
    ind: Indicator, on: date, actual: int | str | None, history: Any = (), **kw: Any
) -> Standing:
    value = None if actual is None else D(actual)
    return evaluate(ind, kw.pop("start", YEAR_START), on, value, history, **kw)


# -- count to reach ----------------------------------------------------------------------
def test_a_count_progresses_from_its_baseline_to_its_target():
    standing = at(parking(), date(2026, 7, 1), 90)

    assert standing.progress == D("0.5")
    assert standing.remaining == D(90)
    assert standing.planned == D(180) * 181 / 364  # 181 of the year's 364 days
    assert not standing.reached


def test_a_count_with_a_baseline_counts_only_the_change():
    beautiful_streets = indicator(name="美丽街区", baseline=D(11), target=D(16))

    assert at(beautiful_streets, date(2026, 7, 1), 13).progress == D("0.4")
    assert at(beautiful_streets, date(2026, 7, 1), 16).remaining == D(0)


# -- rate over a case load -----------------------------------------------------------------
def test_a_rate_progresses_towards_its_target_rate_and_counts_the_cases_still_to_resolve():
    standing = at(petitions(), date(2026, 7, 1), 45)

    assert standing.progress == D("0.5")
    assert standing.remaining == D(558) - D(279)  # ⌈90% × 619⌉ = 558; 45% of 619 ≈ 279


def test_a_count_of_resolved_cases_becomes_a_rate_that_reads_back_as_the_same_count():
    rate = rate_from_resolved(petitions(), D(557), "resolved.resolved")

    assert rate == D("89.9838")
    standing = at(petitions(), date(2026, 7, 1), rate)
    assert (standing.remaining, standing.reached) == (D(1), False)
    full = at(petitions(), date(2026, 7, 1), rate_from_resolved(petitions(), D(558), "r"))
    assert (full.remaining, full.reached) == (D(0), True)


@pytest.mark.parametrize("resolved", [D(620), D(-1), D("3.5")])
def test_a_count_of_resolved_cases_must_be_whole_and_within_the_case_load(resolved: Decimal):
    with pytest.raises(InvalidInput) as refusal:
        rate_from_resolved(petitions(), resolved, "resolved.resolved")
    assert refusal.value.field == "resolved.resolved"


def test_only_a_rate_over_a_case_load_takes_a_count_of_resolved_cases():
    with pytest.raises(InvalidInput, match="not a rate over a known case load"):
        rate_from_resolved(parking(), D(5), "resolved.spaces")


def test_a_forecast_rate_never_passes_100_percent():
    history = monthly(date(2026, 3, 31), [40, 70, 95])

    assert at(petitions(), date(2026, 4, 2), 95, history).forecast == D(100)


# -- check-list closed item by item ----------------------------------------------------------
def hazard_list() -> Indicator:
    """销项管理: 3 city, 41 district and 640 town plots listed, all to be closed (100%)."""
    return indicator(
        name="违建地块销项率", unit="%", target=D(100), shape=Shape.CHECKLIST, case_load=D(684)
    )


def test_a_checklist_progresses_by_items_closed_over_items_listed():
    standing = at(hazard_list(), date(2026, 7, 1), 342)

    assert standing.progress == D("0.5")
    assert (standing.goal, standing.remaining) == (D(684), D(342))
    assert at(hazard_list(), date(2026, 7, 1), 684).reached


def test_a_checklist_reports_items_closed_which_may_exceed_100_but_not_the_list():
    check_actual(hazard_list(), D(342), "actuals.x")
    with pytest.raises(InvalidInput, match="684 items"):
        check_actual(hazard_list(), D(685), "actuals.x")
    with pytest.raises(InvalidInput, match="cannot exceed 100%"):
        check_actual(petitions(), D(101), "actuals.resolved")


# -- recurring action against a minimum ------------------------------------------------------
def joint_inspections() -> Indicator:
    """每月一次联合检查: 12 a year."""
    return indicator(name="联合检查", unit="次", target=D(12), shape=Shape.RECURRING)


def enforcement_actions() -> Indicator:
    """不少于 8 次专项执法."""
    return indicator(name="专项执法", unit="次", target=D(8), shape=Shape.RECURRING)


@pytest.mark.parametrize(
    ("day", "due"),
    [(date(2026, 3, 30), 2), (date(2026, 3, 31), 3), (date(2026, 12, 31), 12)],
)
def test_a_monthly_action_is_due_once_for_every_month_ended(day: date, due: int):
    assert at(joint_inspections(), day, 0).planned == D(due)


@pytest.mark.parametrize(
    ("day", "due"),
    [(date(2026, 2, 28), 1), (date(2026, 6, 30), 4), (date(2026, 9, 30), 6), (YEAR_END, 8)],
)
def test_a_minimum_count_is_spread_over_the_months_in_whole_actions(day: date, due: int):
    assert at(enforcement_actions(), day, 0).planned == D(due)


def test_a_recurring_action_counts_what_was_done_against_what_is_due():
    standing = at(enforcement_actions(), date(2026, 6, 30), 3)

    assert (standing.planned, standing.ratio) == (D(4), D("0.75"))
    assert standing.remaining == D(5)


def test_a_recurring_action_of_a_campaign_starting_in_july_is_due_monthly_from_july():
    six = indicator(unit="次", target=D(6), shape=Shape.RECURRING)

    assert at(six, date(2026, 9, 30), 3, start=date(2026, 7, 1)).planned == D(3)


def test_months_ended_counts_a_month_on_its_last_day():
    assert months_ended(YEAR_START, date(2026, 1, 30)) == 0
    assert months_ended(YEAR_START, date(2026, 1, 31)) == 1
    assert months_ended(YEAR_START, date(2025, 12, 31)) == 0


# -- value to bring down -------------------------------------------------------------------
def illegal_buildings() -> Indicator:
    """逐年削减存量违建: a stock of 40 (万平方米) brought down to 30 this year."""
    return indicator(
        name="存量违建", unit="万平方米", baseline=D(40), target=D(30), shape=Shape.REDUCE
    )


def test_a_reduction_progresses_as_the_value_comes_down():
    standing = at(illegal_buildings(), date(2026, 7, 1), 35)

    assert standing.progress == D("0.5")
    assert standing.remaining == D(5)
    assert at(illegal_buildings(), date(2026, 7, 1), 29).reached


def test_a_reduction_forecast_follows_the_trend_downwards_and_not_below_zero():
    history = monthly(date(2026, 6, 30), [39, 37, 35])
    falling = at(illegal_buildings(), date(2026, 7, 1), 35, history)
    assert falling.forecast is not None and falling.forecast < 31
    assert falling.will_meet is True

    steep = monthly(date(2026, 6, 30), [30, 15, 2])
    assert at(illegal_buildings(), date(2026, 7, 1), 2, steep).forecast == D(0)


# -- qualitative deliverable by milestones ------------------------------------------------
PLATFORM = (
    Milestone("needs", "需求确认", date(2026, 3, 31)),
    Milestone("build", "开发完成", date(2026, 6, 30)),
    Milestone("trial", "上线试运行", date(2026, 9, 30)),
    Milestone("accept", "验收", date(2026, 12, 15)),
)


def platform() -> Indicator:
    """完成平台 3.0 建设."""
    return indicator(name="平台3.0建设", unit="项", target=D(1), shape=Shape.MILESTONES)


def test_a_deliverable_progresses_by_milestones_completed_over_all_its_milestones():
    done = {"needs": date(2026, 3, 20)}
    standing = at(platform(), date(2026, 7, 15), None, milestones=PLATFORM, done=done)

    assert (standing.actual, standing.planned, standing.goal) == (D(1), D(2), D(4))
    assert (standing.progress, standing.ratio) == (D("0.25"), D("0.5"))
    assert standing.remaining == D(3)
    assert standing.forecast is None and standing.will_meet is None


def test_a_deliverable_is_met_when_every_milestone_is_completed():
    done = {m.code: m.due for m in PLATFORM}
    finished = at(platform(), date(2026, 12, 20), None, milestones=PLATFORM, done=done)
    assert finished.will_meet is True and finished.progress == D(1)
    late = at(platform(), date(2027, 1, 5), None, milestones=PLATFORM, done={"needs": YEAR_START})
    assert late.will_meet is False


def test_a_deliverable_without_milestones_has_nothing_to_measure():
    standing = at(platform(), date(2026, 7, 15), None)
    assert standing.actual is None and standing.progress is None


def test_a_deliverable_is_not_reported_as_a_value():
    with pytest.raises(InvalidInput, match="milestones"):
        check_actual(platform(), D(1), "actuals.x")


# -- deadlines before the year's end -----------------------------------------------------------
def test_after_a_deadline_before_the_years_end_the_plan_is_the_target():
    by_june = parking(deadline=date(2026, 6, 30))  # 6 月底前

    assert at(by_june, date(2026, 6, 30), 100).planned == D(180)
    assert at(by_june, date(2026, 10, 31), 100).planned == D(180)
    assert at(by_june, date(2026, 3, 31), 100).planned == D(180) * 89 / 180


def test_after_the_deadline_the_forecast_is_what_stands():
    by_september = parking(deadline=date(2026, 9, 30))  # 9 月底前
    history = monthly(date(2026, 10, 31), [150, 170])
    standing = at(by_september, date(2026, 11, 2), 170, history)

    assert (standing.past_deadline, standing.forecast, standing.will_meet) == (True, D(170), False)


def test_a_recurring_action_due_by_june_is_due_in_full_by_june():
    by_june = indicator(unit="次", target=D(8), shape=Shape.RECURRING, deadline=date(2026, 6, 30))

    assert at(by_june, date(2026, 3, 31), 0).planned == D(4)
    assert at(by_june, date(2026, 6, 30), 0).planned == D(8)


# -- explicit month-by-month plans -----------------------------------------------------------
def planned_parking() -> Indicator:
    points = ("2026-03", 20), ("2026-06", 80), ("2026-09", 140), ("2027-03", 999)
    return parking(plan=tuple(PlanPoint(p, D(v)) for p, v in points))


def test_an_explicit_plan_is_followed_point_by_point_and_straight_between():
    assert at(planned_parking(), date(2026, 3, 31), 0).planned == D(20)
    assert at(planned_parking(), date(2026, 6, 30), 0).planned == D(80)
    assert at(planned_parking(), date(2026, 5, 15), 0).planned == D(20) + D(60) * 45 / 91
    assert at(planned_parking(), date(2026, 11, 15), 0).planned == D(140) + D(40) * 46 / 92


def test_plan_points_after_the_deadline_are_left_out():
    assert at(planned_parking(), YEAR_END, 0).planned == D(180)
    assert at(planned_parking(), date(2027, 3, 31), 0).planned == D(180)


def test_an_explicit_plan_for_a_recurring_action_is_due_in_whole_actions():
    back_loaded = (PlanPoint("2026-06", D(2)), PlanPoint("2026-12", D(8)))
    planned = replace(enforcement_actions(), plan=back_loaded)

    assert at(planned, date(2026, 6, 30), 0).planned == D(2)
    assert at(planned, date(2026, 9, 30), 0).planned == D(5)
    assert at(planned, date(2026, 8, 15), 0).planned == D(3)  # 2 + 6 × 1/6 … rounded down


# -- forecast ------------------------------------------------------------------------------
def test_fewer_than_two_reports_give_no_forecast():
    one = monthly(date(2026, 7, 31), [30])

    assert at(parking(), date(2026, 8, 2), 30, one).forecast is None
    assert at(parking(), date(2026, 8, 2), 30, one).will_meet is None


def test_two_reports_forecast_along_their_line():
    two = [Observation(date(2026, 7, 31), D(30)), Observation(date(2026, 9, 30), D(90))]
    standing = at(parking(), date(2026, 10, 2), 90, two)

    assert standing.forecast == pytest.approx(D(30) + D(60) * 153 / 61)
    assert standing.will_meet is True


def test_the_forecast_is_the_least_squares_line_through_every_report():
    history = monthly(date(2026, 9, 30), [60, 85, 90])  # a fast start, then flat
    standing = at(parking(), date(2026, 10, 2), 90, history, start=date(2026, 7, 1))

    assert float(standing.forecast or 0) == pytest.approx(138.7, abs=0.1)
    assert standing.will_meet is False
    assert standing.ratio is not None and standing.ratio > D("0.9")  # on plan all the same


def test_a_count_that_only_grows_is_never_forecast_below_what_it_reached():
    history = monthly(date(2026, 3, 31), [0, 0, 180])  # the fitted line ends below 180
    by_march = parking(deadline=date(2026, 3, 31))

    assert at(by_march, date(2026, 3, 31), 180, history).forecast == D(180)
    assert at(by_march, date(2026, 3, 31), 180, history).will_meet is True


def test_a_reached_count_is_known_to_be_met_without_a_forecast():
    assert at(parking(), date(2026, 4, 1), 180).will_meet is True
    assert at(illegal_buildings(), date(2026, 4, 1), 29).will_meet is None


# -- definitions the rules cannot read ---------------------------------------------------------
@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"case_load": D(0)}, "t.case_load"),
        ({"target": D(120)}, "t.target"),
        ({"plan": (PlanPoint("2026-13", D(1)),)}, "t.plan[0].period"),
        ({"plan": (PlanPoint("2026-06", D(80)), PlanPoint("2026-03", D(20)))}, "t.plan[1].period"),
        ({"plan": (PlanPoint("2026-06", D(-1)),)}, "t.plan[0].value"),
    ],
)
def test_a_definition_the_shape_rules_cannot_read_is_refused(changes: dict[str, Any], field: str):
    with pytest.raises(InvalidInput) as refusal:
        check_definition(replace(petitions(), **changes), "t")
    assert refusal.value.field == field


def test_the_plans_figures_are_accepted_as_written():
    for ind in (planned_parking(), petitions(), hazard_list(), enforcement_actions(), platform()):
        check_definition(ind, "t")


# -- what a report and a plan may hold -------------------------------------------------------
@pytest.mark.parametrize(
    ("fields", "value", "says"),
    [
        ({}, D("1E+999999"), "10^12"),
        ({}, D("9" * 400), "10^12"),
        ({}, D("NaN"), "finite"),
        ({}, D("-Infinity"), "finite"),
        ({}, D("1.5"), "whole number of 个"),
        ({"unit": "件"}, D("0.5"), "whole number of 件"),
        ({}, D(-3), "negative"),
        ({"unit": "公里"}, D("1.23456"), "4 decimals"),
        ({"unit": "%", "shape": Shape.RATE, "case_load": D(619)}, D(101), "100%"),
        ({"unit": "次", "shape": Shape.RECURRING}, D("2.5"), "whole number"),
        ({"unit": "%", "shape": Shape.CHECKLIST, "case_load": D(684)}, D("10.5"), "whole"),
        ({"unit": "%", "shape": Shape.CHECKLIST, "case_load": D(684)}, D(685), "684"),
    ],
)
def test_check_actual_refuses_what_no_report_of_the_indicator_can_mean(
    fields: dict[str, Any], value: Decimal, says: str
):
    with pytest.raises(InvalidInput) as refusal:
        check_actual(indicator(**fields), value, "actuals.x")
    assert refusal.value.field == "actuals.x"
    assert says in refusal.value.message


@pytest.mark.parametrize(
    ("fields", "value"),
    [
        ({}, D(180)),
        ({"unit": "公里"}, D("12.3456")),
        ({"unit": "万户"}, D("1.2")),
        ({"unit": "%", "shape": Shape.RATE, "case_load": D(619)}, D("90.1454")),
        ({}, D("999999999999")),
    ],
)
def test_check_actual_takes_figures_a_person_means(fields: dict[str, Any], value: Decimal):
    check_actual(indicator(**fields), value, "actuals.x")


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"target": D("1E+999999")}, "tasks[0].indicators[0].target"),
        ({"baseline": D("NaN")}, "tasks[0].indicators[0].baseline"),
        ({"case_load": D("Infinity")}, "tasks[0].indicators[0].case_load"),
        ({"plan": (PlanPoint("2026-06", D("1e20")),)}, "tasks[0].indicators[0].plan[0].value"),
        ({"plan": (PlanPoint("２０２６-０６", D(9)),)}, "tasks[0].indicators[0].plan[0].period"),
    ],
)
def test_check_definition_refuses_a_plan_figure_no_one_could_mean(
    fields: dict[str, Any], field: str
):
    with pytest.raises(InvalidInput) as refusal:
        check_definition(indicator(**fields), "tasks[0].indicators[0]")
    assert refusal.value.field == field


def test_a_resolved_count_must_be_a_finite_figure():
    rate = indicator(unit="%", shape=Shape.RATE, target=D(90), case_load=D(619))
    with pytest.raises(InvalidInput) as refusal:
        rate_from_resolved(rate, D("NaN"), "resolved.x")
    assert refusal.value.field == "resolved.x"
