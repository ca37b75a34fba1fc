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
from domain.campaign import Phase
from domain.errors import DomainError
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
    )


def _stale_reminder(action: Action, now: datetime) -> bool:
    """A reminder run more than a day after its time (the workflow was away) is not sent."""
    return action.kind is ActionKind.REMIND and now - action.at > STALE_REMINDER


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
        actions = [
            ScheduledAction(a.at, a.kind.value, a.period, a.due_on.isoformat())
            for a in year_schedule(periods, campaign.policy, calendar)
        ]
        fallback = any(
            due_date(p, campaign.policy, calendar).basis is Basis.WEEKEND_FALLBACK for p in periods
        )
        days = campaign.policy.escalate_after_days
        return YearPlan(campaign.phase.value, actions, days, fallback)

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
        done = self.app.keep_calendar(campaign, due, calendar, inp.escalate_after_days, inp.now)
        stale = (len(actions) - len(due)) * len(campaign.task_ids)
        return ActionsDone(done.written, done.skipped + stale)

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
