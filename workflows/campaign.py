"""The campaign workflow: one per campaign, keeping its calendar from launch to year-end.

It holds no facts of its own. Each year it asks an activity for the timetable, sleeps until the
next action, lets an activity apply it to every task against the store, and at year-end opens
the assessment and waits for the evaluator's decision, which continues the campaign as a new run
for the next year (so no run's history grows past one year) or ends it.
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

from temporalio import workflow
from temporalio.common import RetryPolicy

with workflow.unsafe.imports_passed_through():
    from workflows.activities import CampaignActivities
    from workflows.messages import (
        AssessmentDecided,
        CampaignResult,
        CampaignRun,
        PendingView,
        PlanAmended,
        PlanYearInput,
        ReportSignal,
        ReviewInput,
        RunActionsInput,
        ScheduledAction,
        YearInput,
        YearPlan,
    )

ACTIVITY_TIMEOUT = timedelta(minutes=2)
RETRY = RetryPolicy(
    initial_interval=timedelta(seconds=1),
    maximum_interval=timedelta(minutes=5),
    non_retryable_error_types=["NotFound", "InvalidInput"],
)
# The evaluator's decision arrives by signal; this re-reads the store in case a signal was lost.
DECISION_RECHECK = timedelta(days=7)
# Runs recorded before 7834abd rolled over only after running due actions; a run that was
# suggested to continue-as-new while sleeping or awaiting the decision went on waiting.
ROLLOVER_AT_QUIET_POINTS = "rollover-at-any-quiet-point"


@workflow.defn(name="CampaignWorkflow")
class CampaignWorkflow:
    def __init__(self) -> None:
        self.state = CampaignRun(campaign_id="", year=0)
        self.plan: YearPlan | None = None
        self.plan_stale = True
        self.reports: list[ReportSignal] = []
        self.decided = False
        self.stage = "starting"

    @workflow.run
    async def run(self, run: CampaignRun) -> CampaignResult:
        self.state = run
        # Reports signalled after the previous run's last review travel in its state.
        self.reports, run.queued_reports = list(run.queued_reports), []
        while True:
            if self.plan is None or self.plan_stale:
                # Cleared before the read, so an amendment signalled during it is not lost.
                self.plan_stale = False
                self.plan = await self._activity(
                    CampaignActivities.plan_year, PlanYearInput(run.campaign_id, run.year)
                )
            if self.plan.phase == "concluded":
                return CampaignResult(run.campaign_id, run.year, "conclude")
            pending = self._pending_actions()
            if not pending:
                break
            self.stage = "waiting"
            await self._sleep_until(pending[0])
            await self._review_reports()
            await self._roll_over_if_suggested(quiet_point=True)
            if self.plan_stale or workflow.now() < pending[0].at:
                continue
            await self._run_due(pending)
            await self._roll_over_if_suggested()

        decision = await self._year_end()
        await self._review_reports()  # reports that came in while the decision was applied
        if decision == "continue":
            await workflow.wait_condition(workflow.all_handlers_finished)
            workflow.continue_as_new(
                CampaignRun(
                    run.campaign_id,
                    run.year + 1,
                    reviews_done=self.state.reviews_done,
                    queued_reports=self.reports,
                )
            )
        return CampaignResult(run.campaign_id, run.year, decision)

    async def _roll_over_if_suggested(self, quiet_point: bool = False) -> None:
        """Start a fresh run of the same year when the history grows long; the new run finds
        what is done in the state (and a reopened assessment is a no-op in the store).

        After due actions every version rolls over; at other quiet points (woken by a signal,
        awaiting the decision) only runs that did not start before the patch."""
        if not workflow.info().is_continue_as_new_suggested():
            return
        if quiet_point and not workflow.patched(ROLLOVER_AT_QUIET_POINTS):
            return
        await self._review_reports()
        await workflow.wait_condition(workflow.all_handlers_finished)
        self.state.queued_reports = self.reports
        workflow.continue_as_new(self.state)

    def _pending_actions(self) -> list[ScheduledAction]:
        assert self.plan is not None
        done = self.state.done_through
        return [a for a in self.plan.actions if done is None or a.at > done]

    async def _sleep_until(self, action: ScheduledAction) -> None:
        delay = action.at - workflow.now()
        if delay <= timedelta(0):
            return
        with contextlib.suppress(TimeoutError):
            await workflow.wait_condition(
                lambda: bool(self.reports) or self.plan_stale, timeout=delay
            )

    async def _run_due(self, pending: list[ScheduledAction]) -> None:
        assert self.plan is not None
        now = workflow.now()
        due = [a for a in pending if a.at <= now]
        self.stage = "running"
        await self._activity(
            CampaignActivities.run_actions,
            RunActionsInput(self.state.campaign_id, due, now, self.plan.escalate_after_days),
        )
        self.state.done_through = due[-1].at

    async def _review_reports(self) -> None:
        while self.reports:
            report = self.reports.pop(0)
            await self._activity(
                CampaignActivities.review_submission,
                ReviewInput(self.state.campaign_id, report.task_id, report.period, workflow.now()),
            )
            self.state.reviews_done += 1

    async def _year_end(self) -> str:
        year_input = YearInput(self.state.campaign_id, self.state.year, workflow.now())
        await self._activity(CampaignActivities.open_assessment, year_input)
        self.stage = "awaiting_assessment"
        while True:
            # Cleared before the read, so a decision signalled during it is not lost.
            self.decided = False
            outcome = await self._activity(
                CampaignActivities.apply_decision,
                YearInput(self.state.campaign_id, self.state.year, workflow.now()),
            )
            if outcome.decision is not None:
                self.stage = outcome.decision
                return outcome.decision
            with contextlib.suppress(TimeoutError):
                await workflow.wait_condition(
                    lambda: self.decided or bool(self.reports), timeout=DECISION_RECHECK
                )
            await self._review_reports()
            await self._roll_over_if_suggested(quiet_point=True)

    async def _activity(self, method, arg):  # type: ignore[no-untyped-def]
        return await workflow.execute_activity_method(
            method, arg, start_to_close_timeout=ACTIVITY_TIMEOUT, retry_policy=RETRY
        )

    @workflow.signal(name="report_submitted")
    def report_submitted(self, signal: ReportSignal) -> None:
        self.reports.append(signal)

    @workflow.signal(name="plan_amended")
    def plan_amended(self, signal: PlanAmended) -> None:
        self.plan_stale = True

    @workflow.signal(name="assessment_decided")
    def assessment_decided(self, signal: AssessmentDecided) -> None:
        if signal.year == self.state.year:
            self.decided = True

    @workflow.query(name="pending")
    def pending(self) -> PendingView:
        actions = self._pending_actions() if self.plan else []
        return PendingView(
            campaign_id=self.state.campaign_id,
            year=self.state.year,
            stage=self.stage,
            next_action=actions[0] if actions else None,
            actions_left=len(actions),
            reviews_done=self.state.reviews_done,
            queued_reports=len(self.reports),
        )
