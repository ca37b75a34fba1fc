"""The Task and Campaign aggregates on their own: what each command decides and records."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID, uuid4

import pytest

from domain.campaign import Campaign, Phase
from domain.errors import Conflict, InvalidInput
from domain.task import Task
from domain.values import SYSTEM, Decision, Milestone, ReportingPolicy, ReportState
from tests.unit.builders import COORDINATOR, EVALUATOR, LEAD, LEAD_UNIT, parking, resolution_rate

DAY = date(2026, 3, 10)
DUE = date(2026, 3, 5)


def a_task() -> Task:
    return Task(
        campaign_id=uuid4(),
        number="1",
        title="新增共享停车位",
        lead_units=(LEAD_UNIT,),
        supporting_units=(),
        indicators=(parking(date(2026, 12, 31)), resolution_rate(date(2026, 12, 31))),
        milestones=(Milestone("m1", "完成平台3.0建设", date(2026, 6, 30)),),
        actor=COORDINATOR,
        on=DAY,
    )


def a_campaign(task_ids: tuple[UUID, ...] = ()) -> Campaign:
    return Campaign(
        code="parking",
        name="停车资源优化专项行动",
        task_force="精细化专项行动专班",
        year=2026,
        start_period="2026-03",
        policy=ReportingPolicy(),
        task_ids=task_ids or (uuid4(),),
        actor=COORDINATOR,
        on=DAY,
    )


def submit(task: Task, period: str = "2026-02", parking_actual: str = "60") -> None:
    task.submit_report(period, {"parking": Decimal(parking_actual)}, "进展", "", "", LEAD, DAY)


def names(aggregate: Task | Campaign) -> list[str]:
    return [type(e).__name__ for e in aggregate.collect_events()]


def test_a_task_is_planned_with_its_units_and_indicators():
    task = a_task()

    assert names(task) == ["Planned"]
    assert task.lead_units == (LEAD_UNIT,)
    assert [i.code for i in task.indicators] == ["parking", "rate"]
    assert task.periods == {}


def test_a_report_is_submitted_returned_resubmitted_and_accepted():
    task = a_task()
    task.collect_events()

    submit(task, parking_actual="50")
    task.return_report("2026-02", "数据口径不一致", COORDINATOR, DAY)
    submit(task, parking_actual="60")
    task.accept_report("2026-02", COORDINATOR, DAY)

    assert names(task) == ["ReportSubmitted", "ReportReturned", "ReportSubmitted", "ReportAccepted"]
    record = task.record("2026-02")
    assert record.state is ReportState.ACCEPTED
    assert record.report is not None and record.report.revision == 2
    assert record.returns == ["数据口径不一致"]
    assert task.latest_actuals() == {"parking": Decimal("60")}


def test_a_second_report_while_one_awaits_review_is_a_conflict():
    task = a_task()
    submit(task)

    with pytest.raises(Conflict) as refusal:
        submit(task)

    assert refusal.value.field == "period"


def test_a_report_for_an_accepted_period_is_refused():
    task = a_task()
    submit(task)
    task.accept_report("2026-02", COORDINATOR, DAY)

    with pytest.raises(Conflict, match="already accepted"):
        submit(task)


def test_only_a_submitted_report_can_be_reviewed():
    task = a_task()

    with pytest.raises(Conflict, match="not submitted"):
        task.accept_report("2026-02", COORDINATOR, DAY)
    submit(task)
    task.accept_report("2026-02", COORDINATOR, DAY)
    with pytest.raises(Conflict, match="accepted, not awaiting review"):
        task.return_report("2026-02", "重报", COORDINATOR, DAY)


def test_a_return_must_say_why():
    task = a_task()
    submit(task)

    with pytest.raises(InvalidInput) as refusal:
        task.return_report("2026-02", "", COORDINATOR, DAY)

    assert refusal.value.field == "reason"
    assert task.record("2026-02").state is ReportState.SUBMITTED


@pytest.mark.parametrize(
    ("actuals", "field"),
    [
        ({"parking": Decimal("-1")}, "actuals.parking"),
        ({"trees": Decimal("3")}, "actuals.trees"),
        ({"rate": Decimal("100.5")}, "actuals.rate"),
    ],
)
def test_a_report_with_a_bad_actual_is_refused(actuals: dict[str, Decimal], field: str):
    task = a_task()
    task.collect_events()

    with pytest.raises(InvalidInput) as refusal:
        task.submit_report("2026-02", actuals, "进展", "", "", LEAD, DAY)

    assert refusal.value.field == field
    assert names(task) == []


def test_a_report_after_the_overdue_mark_is_recorded_as_late():
    task = a_task()
    task.mark_overdue("2026-02", DUE, SYSTEM, date(2026, 3, 6))
    task.collect_events()

    submit(task)

    [submitted] = task.collect_events()
    assert submitted.late is True  # type: ignore[attr-defined]


def test_a_report_before_the_overdue_mark_is_on_time():
    task = a_task()
    task.collect_events()

    submit(task)

    [submitted] = task.collect_events()
    assert submitted.late is False  # type: ignore[attr-defined]


def test_calendar_facts_are_written_once():
    task = a_task()
    task.collect_events()

    assert task.open_period("2026-02", DUE, "official", SYSTEM, date(2026, 2, 1))
    assert not task.open_period("2026-02", DUE, "official", SYSTEM, date(2026, 2, 2))
    assert task.remind("2026-02", DUE, SYSTEM, date(2026, 3, 2))
    assert not task.remind("2026-02", DUE, SYSTEM, date(2026, 3, 2))
    assert task.remind("2026-02", DUE, SYSTEM, date(2026, 3, 4))
    assert task.mark_overdue("2026-02", DUE, SYSTEM, date(2026, 3, 6))
    assert not task.mark_overdue("2026-02", DUE, SYSTEM, date(2026, 3, 7))

    assert names(task) == ["PeriodOpened", "ReminderSent", "ReminderSent", "ReportOverdue"]
    assert task.record("2026-02").reminders == [date(2026, 3, 2), date(2026, 3, 4)]


def test_a_standing_report_stops_reminders_and_the_overdue_mark():
    task = a_task()
    submit(task)

    assert not task.remind("2026-02", DUE, SYSTEM, date(2026, 3, 4))
    assert not task.mark_overdue("2026-02", DUE, SYSTEM, date(2026, 3, 6))


def test_a_returned_report_is_awaited_again_and_can_fall_overdue():
    task = a_task()
    submit(task)
    task.return_report("2026-02", "缺少佐证材料", COORDINATOR, DAY)

    assert task.is_awaiting("2026-02")
    assert task.mark_overdue("2026-02", DUE, SYSTEM, date(2026, 3, 6))
    assert task.missing_overdue() == ["2026-02"]


def test_overdue_reports_are_counted_per_year_whether_or_not_they_came_in_later():
    task = a_task()
    task.mark_overdue("2025-12", DUE, SYSTEM, date(2026, 1, 6))
    task.mark_overdue("2026-01", DUE, SYSTEM, date(2026, 2, 6))
    task.mark_overdue("2026-02", DUE, SYSTEM, date(2026, 3, 6))
    submit(task, "2026-01")

    assert task.overdue_count(2026) == 2
    assert task.overdue_count(2025) == 1
    assert task.missing_overdue() == ["2025-12", "2026-02"]


def test_one_supervision_is_open_at_a_time_and_closing_must_say_why():
    task = a_task()

    assert task.open_supervision_for("2026-02:late", ("2026-02",), "逾期", SYSTEM, DAY)
    assert not task.open_supervision_for("2026-03:late", ("2026-03",), "逾期", SYSTEM, DAY)
    with pytest.raises(InvalidInput):
        task.close_supervision("", COORDINATOR, DAY)
    task.close_supervision("已补报", COORDINATOR, DAY)

    assert task.open_supervision is None
    assert not task.open_supervision_for("2026-02:late", ("2026-02",), "逾期", SYSTEM, DAY)
    with pytest.raises(Conflict):
        task.close_supervision("已补报", COORDINATOR, DAY)


def test_a_milestone_is_completed_once_and_must_be_a_milestone_of_the_task():
    task = a_task()
    task.complete_milestone("m1", "平台上线", LEAD, DAY)

    with pytest.raises(Conflict):
        task.complete_milestone("m1", "再次上线", LEAD, DAY)
    with pytest.raises(InvalidInput):
        task.complete_milestone("m9", "", LEAD, DAY)
    assert task.milestones_done == {"m1": DAY}


def test_a_campaign_takes_reports_only_for_its_begun_periods():
    campaign = a_campaign()

    assert campaign.check_period("2026-03", DAY).month == 3
    for period, message in [
        ("2026-02", "outside the campaign"),
        ("2027-01", "outside the campaign"),
        ("2026-04", "has not begun"),
        ("2026-3", "YYYY-MM"),
    ]:
        with pytest.raises(InvalidInput, match=message) as refusal:
            campaign.check_period(period, DAY)
        assert refusal.value.field == "period"


def test_a_campaign_launches_once():
    campaign = a_campaign()
    campaign.launch(COORDINATOR, DAY)

    with pytest.raises(Conflict):
        campaign.launch(COORDINATOR, DAY)
    assert campaign.phase is Phase.RUNNING
    assert campaign.launched_on == DAY


def test_a_task_number_is_added_once():
    tid = uuid4()
    campaign = a_campaign((tid,))

    with pytest.raises(Conflict):
        campaign.add_task(tid, COORDINATOR, DAY)


def test_a_year_is_assessed_only_while_its_assessment_is_open():
    campaign = a_campaign()
    campaign.launch(COORDINATOR, DAY)

    with pytest.raises(Conflict):
        campaign.assess(2026, Decimal(90), "优秀", Decision.CONTINUE, "成效明显", EVALUATOR, DAY)
    assert not campaign.open_assessment(2025, SYSTEM, DAY)
    assert campaign.open_assessment(2026, SYSTEM, DAY)
    assert not campaign.open_assessment(2026, SYSTEM, DAY)
    with pytest.raises(InvalidInput) as refusal:
        campaign.assess(2026, Decimal(101), "优秀", Decision.CONTINUE, "成效明显", EVALUATOR, DAY)
    assert refusal.value.field == "score"
    with pytest.raises(InvalidInput) as refusal:
        campaign.assess(2026, Decimal(90), "优秀", Decision.CONTINUE, "", EVALUATOR, DAY)
    assert refusal.value.field == "rationale"


def test_a_decision_to_continue_moves_the_campaign_into_the_next_year_once():
    campaign = a_campaign()
    campaign.launch(COORDINATOR, DAY)
    campaign.open_assessment(2026, SYSTEM, DAY)
    campaign.assess(2026, Decimal(88), "良好", Decision.CONTINUE, "需巩固", EVALUATOR, DAY)
    campaign.collect_events()

    assert campaign.apply_decision(2026, SYSTEM, DAY) is Decision.CONTINUE
    assert campaign.apply_decision(2026, SYSTEM, DAY) is None

    assert names(campaign) == ["Continued"]
    assert (campaign.year, campaign.phase) == (2027, Phase.RUNNING)
    assert [str(p) for p in campaign.year_periods(2027)][:2] == ["2027-01", "2027-02"]
    with pytest.raises(Conflict):
        campaign.assess(2026, Decimal(88), "良好", Decision.CONTINUE, "再评", EVALUATOR, DAY)


def test_a_decision_to_conclude_ends_the_campaign():
    campaign = a_campaign()
    campaign.launch(COORDINATOR, DAY)
    campaign.open_assessment(2026, SYSTEM, DAY)
    campaign.assess(2026, Decimal(95), "优秀", Decision.CONCLUDE, "目标全部完成", EVALUATOR, DAY)

    assert campaign.apply_decision(2026, SYSTEM, DAY) is Decision.CONCLUDE
    assert campaign.phase is Phase.CONCLUDED
    assert not campaign.open_assessment(2026, SYSTEM, DAY)


def test_an_unassessed_year_has_no_decision_to_apply():
    campaign = a_campaign()

    with pytest.raises(Conflict):
        campaign.apply_decision(2026, SYSTEM, DAY)
