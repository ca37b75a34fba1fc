"""Activities: the only place a campaign workflow touches the event store.

Each one reads the store before it writes and writes a fact at most once, so a retry, a
duplicate signal or a replayed timer never leaves a second event.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import UUID

from temporalio import activity
from temporalio.exceptions import ApplicationError

from domain.application import Xiuhua
from domain.calendar import Action, ActionKind, Basis, WorkCalendar, due_date, year_schedule
from domain.campaign import Campaign, Phase
from domain.errors import DomainError
from domain.meetings import chase_schedule
from domain.service.calendar import CalendarDone
from workflows.messages import (
    ActionsDone,
    DecisionOutcome,
    PlanYearInput,
    ReviewDone,
    ReviewInput,
    RunActionsInput,
    ScheduledAction,
    YearInput,
    YearPlan,
)

STALE_REMINDER = timedelta(days=1)


def _refuse(error: DomainError) -> ApplicationError:
    return ApplicationError(str(error), type=type(error).__name__, non_retryable=True)


def _action(scheduled: ScheduledAction) -> Action:
    return Action(
        scheduled.at,
        ActionKind(scheduled.kind),
        scheduled.period,
        date.fromisoformat(scheduled.due_on),
        scheduled.subject,
    )


def _scheduled(action: Action) -> ScheduledAction:
    return ScheduledAction(
        action.at, action.kind.value, action.period, action.due_on.isoformat(), action.subject
    )


def _stale_reminder(action: Action, now: datetime) -> bool:
    """A reminder run more than a day after its time (the workflow was away) is not sent."""
    reminds = action.kind in (ActionKind.REMIND, ActionKind.FOLLOW_UP_REMIND)
    return reminds and now - action.at > STALE_REMINDER


class CampaignActivities:
    def __init__(self, app: Xiuhua, official: WorkCalendar) -> None:
        self.app = app
        self.official = official

    @activity.defn(name="plan_year")
    def plan_year(self, inp: PlanYearInput) -> YearPlan:
        """The year's timetable, computed here because holiday data may change between runs."""
        try:
            campaign = self.app.campaign(UUID(inp.campaign_id), read_only=True)
        except DomainError as error:
            raise _refuse(error) from error
        calendar = self.app.work_calendar(self.official)
        periods = campaign.year_periods(inp.year)
        schedule = year_schedule(periods, campaign.policy, calendar)
        chased = self._follow_ups(campaign, inp.year, schedule, calendar)
        actions = [_scheduled(a) for a in sorted([*schedule, *chased], key=lambda a: a.at)]
        fallback = any(
            due_date(p, campaign.policy, calendar).basis is Basis.WEEKEND_FALLBACK for p in periods
        )
        days = campaign.policy.escalate_after_days
        return YearPlan(campaign.phase.value, actions, days, fallback)

    def _follow_ups(
        self, campaign: Campaign, year: int, schedule: list[Action], calendar: WorkCalendar
    ) -> list[Action]:
        """The chase of the meetings' open follow-ups that falls in this year's run: after the
        previous year's last action, up to this year's (later ones wait for the next run)."""
        if not schedule:
            return []
        before = year_schedule(campaign.year_periods(year - 1), campaign.policy, calendar)
        after, until = (before[-1].at if before else None), schedule[-1].at
        chase = chase_schedule(self.app.meetings_of(campaign.id), campaign.policy, calendar)
        return [a for a in chase if (after is None or a.at > after) and a.at <= until]

    @activity.defn(name="run_actions")
    def run_actions(self, inp: RunActionsInput) -> ActionsDone:
        """Apply the due actions to every task of the campaign: the campaign is read once, and
        each task once, whatever the number of actions (domain/service/calendar.py)."""
        try:
            campaign = self.app.campaign(UUID(inp.campaign_id), read_only=True)
        except DomainError as error:
            raise _refuse(error) from error
        calendar = self.app.work_calendar(self.official)
        actions = [_action(a) for a in inp.actions]
        due = [a for a in actions if not _stale_reminder(a, inp.now)]
        chase = [a for a in due if a.kind.follows_up]
        every_task = [a for a in due if not a.kind.follows_up]
        written = self.app.chase_follow_ups(campaign, chase, inp.now) if chase else 0
        done = CalendarDone(0, 0)
        if every_task:
            step = (campaign, every_task, calendar, inp.escalate_after_days, inp.now)
            done = self.app.keep_calendar(*step)
        stale = sum(
            1 if a.kind.follows_up else len(campaign.task_ids) for a in actions if a not in due
        )
        return ActionsDone(done.written + written, done.skipped + stale + len(chase) - written)

    @activity.defn(name="review_submission")
    def review_submission(self, inp: ReviewInput) -> ReviewDone:
        """A report arrived: close the task's supervision if nothing overdue is missing now."""
        closed = self.app.close_supervision_if_resolved(UUID(inp.task_id), inp.now)
        return ReviewDone(closed)

    @activity.defn(name="open_assessment")
    def open_assessment(self, inp: YearInput) -> bool:
        return self.app.open_assessment(UUID(inp.campaign_id), inp.year, inp.now)

    @activity.defn(name="apply_decision")
    def apply_decision(self, inp: YearInput) -> DecisionOutcome:
        """Carry out the stored decision; None while the evaluator has not decided."""
        cid = UUID(inp.campaign_id)
        campaign = self.app.campaign(cid, read_only=True)
        if inp.year not in campaign.assessments:
            return DecisionOutcome(None)
        if campaign.phase is Phase.CONCLUDED or campaign.year > inp.year:
            return DecisionOutcome(campaign.assessments[inp.year].decision.value)
        return DecisionOutcome(self.app.apply_decision(cid, inp.year, inp.now).value)
