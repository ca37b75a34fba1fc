"""One campaign year as the people in it play it: what each lead unit submits when, and what
the task force returns or accepts, from January to the year-end assessment.

Task "1": January comes in on its due date (after both reminders); March comes in late, after
the overdue mark; April is returned and resubmitted; May is missing until the second overdue
report of the year has opened supervision and the escalation date has passed; every other
month comes in on the first day of the next month, before any reminder.
Task "2": every month on the first day of the next month, except June, missing until the
escalate-after-days rule has opened supervision.

The reporting day is the 15th, so that a month's reminders and overdue mark always fall after
the next month has opened, whatever the weekday pattern of the year.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from domain.application import CampaignSpec, Xiuhua
from domain.calendar import SHANGHAI, WorkCalendar, due_date, year_schedule
from domain.values import Decision, Period, ReportingPolicy
from infra.holidays import official_calendar
from tests.unit.builders import (
    COORDINATOR,
    EVALUATOR,
    campaign_spec,
    launched,
    report,
    shanghai,
)
from tests.workflow.stack import Stack
from workflows.starter import signal_assessment, signal_report, start_campaign

POLICY = ReportingPolicy(due_day=15, reminder_days=(3, 1), escalate_after_days=10)
LATE_MONTH, RETURNED_MONTH, MISSING_MONTH, OTHER_MISSING_MONTH = 3, 4, 5, 6


class Kind(StrEnum):
    SUBMIT = "submit"
    RETURN = "return"
    ACCEPT = "accept"


@dataclass(frozen=True)
class Step:
    at: datetime
    task: str
    period: str
    kind: Kind


@dataclass(frozen=True)
class LaunchedCampaign:
    id: UUID
    year: int
    tasks: dict[str, UUID]


def campaign_year(now: datetime) -> int:
    """The year after the server's clock: the time-skipping server starts at the wall clock
    and only moves forward, so the whole campaign must lie ahead of it (2027 when written)."""
    return now.astimezone(SHANGHAI).year + 1


def spec(year: int) -> CampaignSpec:
    return campaign_spec(year, code=f"parking-{year}", policy=POLICY)


def calendar(app: Xiuhua) -> WorkCalendar:
    """The calendar the worker plans with: the package's years and any loaded by an admin."""
    return app.work_calendar(official_calendar())


def due(year: int, month: int, app: Xiuhua) -> date:
    return due_date(Period(year, month), POLICY, calendar(app)).day


def last_action(year: int, app: Xiuhua) -> datetime:
    periods = Period(year, 1).range_to(Period(year, 12))
    return year_schedule(periods, POLICY, calendar(app))[-1].at


def script(year: int, app: Xiuhua) -> list[Step]:
    steps: list[Step] = []

    def period(month: int) -> str:
        return str(Period(year, month))

    def reviewed(task: str, month: int, on: date, hour: int) -> None:
        steps.append(Step(shanghai(on, hour), task, period(month), Kind.SUBMIT))
        steps.append(Step(shanghai(on, hour + 1), task, period(month), Kind.ACCEPT))

    def next_month_first(month: int) -> date:
        return Period(year, month).next().first_day()

    after_escalation = timedelta(days=POLICY.escalate_after_days + 2)
    for month in range(1, 13):
        if month == 1:
            reviewed("1", month, due(year, month, app), 10)
        elif month == LATE_MONTH:
            reviewed("1", month, due(year, month, app) + timedelta(days=3), 10)
        elif month == RETURNED_MONTH:
            first = next_month_first(month)
            steps += [
                Step(shanghai(first, 10), "1", period(month), Kind.SUBMIT),
                Step(shanghai(first + timedelta(days=1), 10), "1", period(month), Kind.RETURN),
                Step(shanghai(first + timedelta(days=2), 10), "1", period(month), Kind.SUBMIT),
                Step(shanghai(first + timedelta(days=3), 10), "1", period(month), Kind.ACCEPT),
            ]
        elif month == MISSING_MONTH:
            reviewed("1", month, due(year, month, app) + after_escalation, 10)
        else:
            reviewed("1", month, next_month_first(month), 10)
        if month == OTHER_MISSING_MONTH:
            reviewed("2", month, due(year, month, app) + after_escalation, 14)
        else:
            reviewed("2", month, next_month_first(month), 14)
    return sorted(steps, key=lambda s: s.at)


async def launch(stack: Stack) -> LaunchedCampaign:
    """Define and launch the campaign now, and start its workflow."""
    now = await stack.now()
    year = campaign_year(now)
    cid, task_ids = launched(stack.app, spec(year), now)
    await start_campaign(stack.client, stack.task_queue, cid, year)
    return LaunchedCampaign(cid, year, dict(zip(("1", "2"), task_ids, strict=True)))


async def play(stack: Stack, campaign: LaunchedCampaign) -> None:
    """Every step of the year at its instant; each submission is signalled to the workflow."""
    app = stack.app
    for step in script(campaign.year, app):
        await stack.advance_to(step.at)
        now = await stack.now()
        tid = campaign.tasks[step.task]
        if step.kind is Kind.SUBMIT:
            actuals = {"parking": Decimal(15 * int(step.period[5:]))}
            app.submit_report(tid, step.period, now=now, **report(actuals=actuals))
            await signal_report(stack.client, campaign.id, tid, step.period)
        elif step.kind is Kind.RETURN:
            app.return_report(tid, step.period, "停车位数字与台账不符", COORDINATOR, now)
        else:
            app.accept_report(tid, step.period, COORDINATOR, now)


async def past_year_end(stack: Stack, campaign: LaunchedCampaign) -> None:
    """To the morning after the year's last calendar action, when the assessment is open."""
    await stack.advance_to(last_action(campaign.year, stack.app) + timedelta(hours=10))


async def decide(stack: Stack, campaign: LaunchedCampaign, decision: Decision) -> None:
    """The evaluator records the year's assessment and tells the workflow."""
    stack.app.record_assessment(
        campaign.id,
        campaign.year,
        Decimal("86.5"),
        "良好",
        decision,
        "约束性指标全部完成，督导问题已整改",
        EVALUATOR,
        await stack.now(),
    )
    await signal_assessment(stack.client, campaign.id, campaign.year)
