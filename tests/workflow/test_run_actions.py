"""A run of due actions over a campaign reads the campaign once and each task once, whatever the
number of actions, and writes the same facts as the actions run one at a time."""

from __future__ import annotations

from collections import Counter
from datetime import date
from uuid import UUID

import pytest
from temporalio.testing import ActivityEnvironment

from domain.application import Xiuhua
from domain.calendar import WorkCalendar
from domain.commands import SubmitReport
from domain.task import Task
from infra.holidays import official_calendar
from tests.unit.builders import campaign_spec, event_names, launched, report, shanghai
from workflows.activities import CampaignActivities
from workflows.messages import ActionsDone, PlanYearInput, RunActionsInput, ScheduledAction

YEAR = 2026
NUMBERS = tuple(str(n) for n in range(1, 7))


@pytest.fixture
def activities(app: Xiuhua) -> CampaignActivities:
    return CampaignActivities(app, WorkCalendar({YEAR: official_calendar().years[YEAR]}))


def first_quarter(
    app: Xiuhua, activities: CampaignActivities, code: str
) -> tuple[UUID, list[ScheduledAction]]:
    """A launched campaign of six tasks and its actions from January to March."""
    cid, _ = launched(
        app, campaign_spec(YEAR, code=code, numbers=NUMBERS), shanghai(date(YEAR - 1, 12, 1))
    )
    plan = ActivityEnvironment().run(activities.plan_year, PlanYearInput(str(cid), YEAR))
    quarter = [a for a in plan.actions if a.period <= f"{YEAR}-03"]
    return cid, quarter


def some_reports_come_in(app: Xiuhua, cid: UUID) -> None:
    """Tasks 1 and 2 report January on time; the others never report."""
    tasks = app.campaign(cid).task_ids
    for tid in tasks[:2]:
        app.submit_report(
            SubmitReport(tid, f"{YEAR}-01", now=shanghai(date(YEAR, 2, 2)), **report())
        )


def facts(app: Xiuhua, cid: UUID) -> list[list[str]]:
    return [event_names(app, tid) for tid in app.campaign(cid).task_ids]


def test_running_a_quarters_actions_at_once_writes_what_running_them_one_by_one_writes(
    app: Xiuhua, activities: CampaignActivities
):
    env = ActivityEnvironment()
    at_once, quarter = first_quarter(app, activities, "at-once")
    one_by_one, _ = first_quarter(app, activities, "one-by-one")
    for cid in (at_once, one_by_one):
        app.open_period(
            app.campaign(cid).task_ids[0],
            f"{YEAR}-01",
            date(YEAR, 2, 5),
            "official",
            shanghai(date(YEAR, 1, 1), 0),
        )
        some_reports_come_in(app, cid)
    end = quarter[-1].at

    together = env.run(activities.run_actions, RunActionsInput(str(at_once), quarter, end))
    apart = [
        env.run(activities.run_actions, RunActionsInput(str(one_by_one), [action], end))
        for action in quarter
    ]

    assert facts(app, at_once) == facts(app, one_by_one)
    assert together == ActionsDone(
        sum(done.written for done in apart), sum(done.skipped for done in apart)
    )
    assert Counter(facts(app, at_once)[5])["Task.ReportOverdue"] == 3
    assert "Task.SupervisionOpened" in facts(app, at_once)[5]


def test_a_run_reads_the_campaign_once_and_each_task_once_whatever_the_number_of_actions(
    app: Xiuhua, activities: CampaignActivities, monkeypatch: pytest.MonkeyPatch
):
    cid, quarter = first_quarter(app, activities, "reads")
    reads: Counter[UUID] = Counter()
    campaign, task = app.campaign, app.task

    def read_campaign(aggregate_id: UUID, **kwargs: bool) -> object:
        reads[aggregate_id] += 1
        return campaign(aggregate_id, **kwargs)

    def read_task(aggregate_id: UUID, **kwargs: bool) -> Task:
        reads[aggregate_id] += 1
        return task(aggregate_id, **kwargs)

    monkeypatch.setattr(app, "campaign", read_campaign)
    monkeypatch.setattr(app, "task", read_task)
    ActivityEnvironment().run(
        activities.run_actions, RunActionsInput(str(cid), quarter, quarter[-1].at)
    )

    assert len(quarter) == 15
    assert reads[cid] == 1
    assert sorted(reads.values()) == [1] * (len(NUMBERS) + 1)


def test_a_quarter_run_twice_writes_each_fact_once(app: Xiuhua, activities: CampaignActivities):
    env = ActivityEnvironment()
    cid, quarter = first_quarter(app, activities, "twice")
    run = RunActionsInput(str(cid), quarter, quarter[-1].at)

    first = env.run(activities.run_actions, run)
    before = facts(app, cid)
    second = env.run(activities.run_actions, run)

    assert first.written > 0
    assert second == ActionsDone(0, len(quarter) * len(NUMBERS))
    assert facts(app, cid) == before


def test_a_task_another_process_writes_during_a_run_is_decided_again_and_nothing_doubles(
    app: Xiuhua,
    activities: CampaignActivities,
    store_env: dict[str, str],
    monkeypatch: pytest.MonkeyPatch,
):
    cid, quarter = first_quarter(app, activities, "rival")
    january = [a for a in quarter if a.period == f"{YEAR}-01" and a.kind != "escalate"]
    busy = app.campaign(cid).task_ids[2]
    rival = Xiuhua(env=store_env)
    read, rival_wrote = app.task, []

    def read_then_rival_writes(tid: UUID, **kwargs: bool) -> Task:
        task = read(tid, **kwargs)
        if tid == busy and not rival_wrote:  # the unit reports between the run's read and save
            rival.submit_report(
                SubmitReport(tid, f"{YEAR}-01", now=shanghai(date(YEAR, 2, 2)), **report())
            )
            rival_wrote.append(tid)
        return task

    monkeypatch.setattr(app, "task", read_then_rival_writes)
    try:
        ActivityEnvironment().run(
            activities.run_actions, RunActionsInput(str(cid), january, january[-1].at)
        )
    finally:
        rival.close()

    on_time = ["Task.Planned", "Task.ReportSubmitted", "Task.PeriodOpened"]
    missing = ["Task.Planned", "Task.PeriodOpened", "Task.ReportOverdue"]  # reminders too late
    assert rival_wrote == [busy]
    for tid, names in zip(app.campaign(cid).task_ids, facts(app, cid), strict=True):
        assert names == (on_time if tid == busy else missing)
