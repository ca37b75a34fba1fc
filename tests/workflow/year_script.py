"""One campaign year as the people in it play it: what each lead unit submits when, and what
the task force returns or accepts, from January to the year-end assessment.

The year is 2093, fixed, so that nothing depends on the machine's date: the time-skipping
server starts at the wall clock and only moves forward, and 2093 lies ahead of it for decades.
2093 has 2026's calendar (every date on the same weekday), and the administrator loads the
State Council's 2026 arrangement (国办发明电〔2025〕7号, as chinesecalendar has it) moved onto
it through the product's `load_holidays`, so the year's due dates fall in real holidays:
Qingming, Labour Day and National Day. 2094 is not loaded: December's report is due on a date
the calendar can only place by weekends, and says so.

Every date below is written by hand from that arrangement, never computed by the product.

Task "1": January comes in on its due date (after both reminders); March comes in late, after
the overdue mark; April is returned and resubmitted; May is missing until the second overdue
report of the year has opened supervision and the escalation date has passed; every other
month comes in at 10:00 on the first day of the next month.
Task "2": every month at 14:00 on the first day of the next month, except June, missing until
the escalate-after-days rule has opened supervision.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from enum import StrEnum
from uuid import UUID

from domain.application import CampaignSpec
from domain.commands import AcceptReport, LoadHolidays, RecordAssessment, ReturnReport, SubmitReport
from domain.values import Decision, ReportingPolicy
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

YEAR = 2093
LAUNCH_DAY = date(2092, 12, 20)
POLICY = ReportingPolicy(due_day=5, reminder_days=(3, 1), escalate_after_days=10)
SOURCE = "国办发明电〔2025〕7号（2026年节假日安排，移至同历的2093年）"


def day(month: int, dom: int, year: int = YEAR) -> date:
    return date(year, month, dom)


# 2026's days off (weekends inside a holiday included) and make-up working days, on 2093.
HOLIDAYS = (
    *(day(1, d) for d in (1, 2, 3)),  # 元旦
    *(day(2, d) for d in range(15, 24)),  # 春节
    *(day(4, d) for d in (4, 5, 6)),  # 清明节
    *(day(5, d) for d in range(1, 6)),  # 劳动节
    *(day(6, d) for d in (19, 20, 21)),  # 端午节
    *(day(9, d) for d in (25, 26, 27)),  # 中秋节
    *(day(10, d) for d in range(1, 8)),  # 国庆节
)
WORKDAYS = (day(1, 4), day(2, 14), day(2, 28), day(5, 9), day(9, 20), day(10, 10))

# The report for month M is due on the 5th of M+1, or the next working day.
DUE = {
    1: day(2, 5),
    2: day(3, 5),
    3: day(4, 7),  # 4/5 is a Sunday inside Qingming (4/4-4/6)
    4: day(5, 6),  # 5/5 is inside Labour Day (5/1-5/5)
    5: day(6, 5),
    6: day(7, 6),  # 7/5 is a Sunday
    7: day(8, 5),
    8: day(9, 7),  # 9/5 is a Saturday
    9: day(10, 8),  # 10/5 is inside National Day (10/1-10/7)
    10: day(11, 5),
    11: day(12, 7),  # 12/5 is a Saturday
    12: day(1, 5, YEAR + 1),  # a Tuesday; 2094 has no arrangement loaded (weekend fallback)
}
# December's escalation, the year's last calendar action: 11 days after its due date.
LAST_ACTION = shanghai(day(1, 16, YEAR + 1), 0)
LATE_MONTH, RETURNED_MONTH, MISSING_MONTH, OTHER_MISSING_MONTH = 3, 4, 5, 6
RETURN_REASON = "停车位数字与台账不符"


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


def spec(year: int = YEAR) -> CampaignSpec:
    return campaign_spec(year, code=f"parking-{year}", policy=POLICY)


def actuals(period: str) -> dict[str, Decimal]:
    """What a report for `period` says: 15 more parking spaces each month."""
    return {"parking": Decimal(15 * int(period[5:]))}


def first_of_next(month: int) -> date:
    return day(month + 1, 1) if month < 12 else day(1, 1, YEAR + 1)


def script() -> list[Step]:
    steps: list[Step] = []

    def reviewed(task: str, month: int, on: date, hour: int) -> None:
        period = f"{YEAR}-{month:02d}"
        steps.append(Step(shanghai(on, hour), task, period, Kind.SUBMIT))
        steps.append(Step(shanghai(on, hour + 1), task, period, Kind.ACCEPT))

    for month in range(1, 13):
        if month == 1:
            reviewed("1", month, day(2, 5), 10)
        elif month == LATE_MONTH:
            reviewed("1", month, day(4, 10), 10)
        elif month == RETURNED_MONTH:
            steps += [
                Step(shanghai(day(5, 1), 10), "1", f"{YEAR}-04", Kind.SUBMIT),
                Step(shanghai(day(5, 2), 10), "1", f"{YEAR}-04", Kind.RETURN),
                Step(shanghai(day(5, 3), 10), "1", f"{YEAR}-04", Kind.SUBMIT),
                Step(shanghai(day(5, 4), 10), "1", f"{YEAR}-04", Kind.ACCEPT),
            ]
        elif month == MISSING_MONTH:
            reviewed("1", month, day(6, 17), 10)
        else:
            reviewed("1", month, first_of_next(month), 10)
        if month == OTHER_MISSING_MONTH:
            reviewed("2", month, day(7, 18), 14)
        else:
            reviewed("2", month, first_of_next(month), 14)
    return sorted(steps, key=lambda s: s.at)


async def launch(stack: Stack) -> LaunchedCampaign:
    """On 20 December 2092: load the arrangement, define and launch the campaign, start it."""
    await stack.advance_to(shanghai(LAUNCH_DAY, 10))
    now = await stack.now()
    stack.app.load_holidays(
        LoadHolidays(YEAR, HOLIDAYS, WORKDAYS, SOURCE, actor=COORDINATOR, now=now)
    )
    cid, task_ids = launched(stack.app, spec(), now)
    await start_campaign(stack.client, stack.task_queue, cid, YEAR)
    return LaunchedCampaign(cid, YEAR, dict(zip(("1", "2"), task_ids, strict=True)))


async def act(stack: Stack, campaign: LaunchedCampaign, step: Step) -> None:
    app, tid = stack.app, campaign.tasks[step.task]
    now = await stack.now()
    if step.kind is Kind.SUBMIT:
        app.submit_report(
            SubmitReport(tid, step.period, now=now, **report(actuals=actuals(step.period)))
        )
        await signal_report(stack.client, campaign.id, tid, step.period)
    elif step.kind is Kind.RETURN:
        app.return_report(ReturnReport(tid, step.period, RETURN_REASON, actor=COORDINATOR, now=now))
    else:
        app.accept_report(AcceptReport(tid, step.period, actor=COORDINATOR, now=now))


async def play(stack: Stack, campaign: LaunchedCampaign, until: datetime | None = None) -> None:
    """Every step of the year (before `until`) at its instant; submissions are signalled."""
    for step in script():
        if until is not None and step.at >= until:
            return
        await stack.advance_to(step.at)
        await act(stack, campaign, step)


async def past_year_end(stack: Stack) -> None:
    """To the morning after the year's last calendar action, when the assessment is open."""
    await stack.advance_to(LAST_ACTION + timedelta(hours=10))


async def decide(stack: Stack, campaign: LaunchedCampaign, decision: Decision) -> None:
    """The evaluator records the year's assessment and tells the workflow."""
    stack.app.record_assessment(
        RecordAssessment(
            campaign.id,
            campaign.year,
            Decimal("86.5"),
            "良好",
            decision,
            "约束性指标全部完成，督导问题已整改",
            actor=EVALUATOR,
            now=await stack.now(),
        )
    )
    await signal_assessment(stack.client, campaign.id, campaign.year)
