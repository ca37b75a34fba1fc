"""A retried activity or a duplicated signal never leaves a second fact in the store."""

from __future__ import annotations

import asyncio
from collections import Counter
from datetime import date, timedelta
from decimal import Decimal
from uuid import UUID, uuid4

import pytest
from temporalio.exceptions import ApplicationError
from temporalio.testing import ActivityEnvironment

from domain.application import Xiuhua
from domain.calendar import WorkCalendar
from domain.commands import RecordAssessment, SubmitReport
from domain.values import Decision
from infra.holidays import official_calendar
from tests.unit.builders import EVALUATOR, campaign_spec, event_names, launched, report, shanghai
from tests.workflow.stack import running
from tests.workflow.year_script import DUE, LAST_ACTION, POLICY, launch
from workflows.activities import CampaignActivities
from workflows.messages import (
    ActionsDone,
    DecisionOutcome,
    PlanYearInput,
    ReviewDone,
    ReviewInput,
    RunActionsInput,
    YearInput,
)
from workflows.starter import pending, signal_report

YEAR = 2026


@pytest.fixture
def activities(app: Xiuhua) -> CampaignActivities:
    """The official 2026 arrangement and no later year, whatever the installed package knows:
    December's report, due in 2027, rests on weekends only."""
    only_2026 = WorkCalendar({YEAR: official_calendar().years[YEAR]})
    return CampaignActivities(app, only_2026)


@pytest.fixture
def campaign(app: Xiuhua) -> tuple[UUID, list[UUID]]:
    return launched(app, campaign_spec(YEAR), shanghai(date(YEAR - 1, 12, 1)))


def test_planning_a_year_twice_gives_the_same_plan_and_writes_nothing(
    app: Xiuhua, activities: CampaignActivities, campaign: tuple[UUID, list[UUID]]
):
    env, cid = ActivityEnvironment(), str(campaign[0])
    before = app.recorder.max_notification_id()

    first = env.run(activities.plan_year, PlanYearInput(cid, YEAR))
    second = env.run(activities.plan_year, PlanYearInput(cid, YEAR))

    assert first == second
    assert (first.phase, len(first.actions), first.weekend_fallback) == ("running", 60, True)
    assert app.recorder.max_notification_id() == before


def test_running_every_action_of_a_period_twice_writes_each_fact_once(
    app: Xiuhua, activities: CampaignActivities, campaign: tuple[UUID, list[UUID]]
):
    env, (cid, task_ids) = ActivityEnvironment(), campaign
    plan = env.run(activities.plan_year, PlanYearInput(str(cid), YEAR))
    january = [a for a in plan.actions if a.period == f"{YEAR}-01"]

    results = [
        env.run(activities.run_actions, RunActionsInput(str(cid), [action], action.at))
        for action in january
        for _ in range(2)
    ]

    assert results == [ActionsDone(2, 0), ActionsDone(0, 2)] * len(january)
    for tid in task_ids:
        assert event_names(app, tid) == [
            "Task.Planned",
            "Task.PeriodOpened",
            "Task.ReminderSent",
            "Task.ReminderSent",
            "Task.ReportOverdue",
            "Task.SupervisionOpened",
        ]


def test_a_reminder_run_more_than_a_day_late_is_not_sent(
    app: Xiuhua, activities: CampaignActivities, campaign: tuple[UUID, list[UUID]]
):
    env, (cid, task_ids) = ActivityEnvironment(), campaign
    plan = env.run(activities.plan_year, PlanYearInput(str(cid), YEAR))
    reminder = next(a for a in plan.actions if a.kind == "remind")
    late = RunActionsInput(str(cid), [reminder], reminder.at + timedelta(days=1, minutes=1))

    assert env.run(activities.run_actions, late) == ActionsDone(0, 2)
    assert event_names(app, task_ids[0]) == ["Task.Planned"]


def test_reviewing_a_late_submission_twice_closes_the_supervision_once(
    app: Xiuhua, activities: CampaignActivities, campaign: tuple[UUID, list[UUID]]
):
    env, (cid, (tid, _)) = ActivityEnvironment(), campaign
    january, due_on = f"{YEAR}-01", date(YEAR, 2, 5)
    app.mark_overdue(tid, january, due_on, shanghai(date(YEAR, 2, 6), 0))
    app.escalate_if_missing(tid, january, 10, shanghai(date(YEAR, 2, 16), 0))
    now = shanghai(date(YEAR, 2, 17))
    app.submit_report(SubmitReport(tid, january, now=now, **report()))
    review = ReviewInput(str(cid), str(tid), january, now)

    assert env.run(activities.review_submission, review) == ReviewDone(True)
    assert env.run(activities.review_submission, review) == ReviewDone(False)
    assert event_names(app, tid).count("Task.SupervisionClosed") == 1


def test_opening_the_assessment_and_applying_the_decision_twice_write_once(
    app: Xiuhua, activities: CampaignActivities, campaign: tuple[UUID, list[UUID]]
):
    env, (cid, _) = ActivityEnvironment(), campaign
    year_end = YearInput(str(cid), YEAR, shanghai(date(YEAR + 1, 1, 20)))

    assert env.run(activities.open_assessment, year_end) is True
    assert env.run(activities.open_assessment, year_end) is False
    assert env.run(activities.apply_decision, year_end) == DecisionOutcome(None)
    app.record_assessment(
        RecordAssessment(
            cid,
            YEAR,
            Decimal(92),
            "优秀",
            Decision.CONTINUE,
            "成效明显",
            actor=EVALUATOR,
            now=year_end.now,
        )
    )
    assert env.run(activities.apply_decision, year_end) == DecisionOutcome("continue")
    assert env.run(activities.apply_decision, year_end) == DecisionOutcome("continue")

    assert event_names(app, cid)[2:] == [
        "Campaign.AssessmentOpened",
        "Campaign.YearAssessed",
        "Campaign.Continued",
    ]


def test_an_activity_for_an_unknown_campaign_fails_without_retry(
    activities: CampaignActivities,
):
    with pytest.raises(ApplicationError) as failure:
        ActivityEnvironment().run(activities.plan_year, PlanYearInput(str(uuid4()), YEAR))

    assert (failure.value.type, failure.value.non_retryable) == ("NotFound", True)


def test_a_duplicated_report_signal_leaves_no_duplicate_event(app: Xiuhua):
    async def scenario() -> None:
        async with running(app) as stack:
            campaign = await launch(stack)
            year, (one, two) = campaign.year, campaign.tasks.values()
            january = f"{year}-01"
            after_escalation = DUE[1] + timedelta(days=POLICY.escalate_after_days + 2)
            await stack.advance_to(shanghai(after_escalation))
            assert app.task(one).open_supervision == f"{january}:late"

            for tid in (one, two):
                app.submit_report(SubmitReport(tid, january, now=await stack.now(), **report()))
                for _ in range(2):
                    await signal_report(stack.client, campaign.id, tid, january)
            await stack.advance_to(shanghai(after_escalation, 12))

            view = await pending(stack.client, campaign.id)
            assert (view.reviews_done, view.queued_reports) == (4, 0)
            assert await stack.now() < LAST_ACTION

        for tid in (one, two):
            names = event_names(app, tid)
            assert names[-3:] == [
                "Task.SupervisionOpened",
                "Task.ReportSubmitted",
                "Task.SupervisionClosed",
            ]
            assert Counter(names)["Task.SupervisionClosed"] == 1
            assert Counter(names)["Task.ReportOverdue"] == 1

    asyncio.run(scenario())
