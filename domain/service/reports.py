"""What lead units and coordinators do with monthly reports, milestones and supervision."""

from __future__ import annotations

from domain.campaign import Phase
from domain.commands import (
    AcceptReport,
    CloseSupervision,
    CompleteMilestone,
    ReturnReport,
    SubmitReport,
)
from domain.errors import Conflict
from domain.service.base import Outcome, Store, business_day, retry_on_conflict
from domain.task import Task
from domain.values import check_text


class ReportCommands(Store):
    # -- reports --------------------------------------------------------------------------
    @retry_on_conflict
    def submit_report(self, command: SubmitReport, seen: Task | None = None) -> Outcome:
        """`seen`: the task as the caller has just read it (the API's access check)."""
        task = self.task(command.task_id, seen=seen)
        campaign = self.campaign(task.campaign_id, read_only=True)
        on = business_day(command.now)
        if campaign.phase is Phase.DRAFT:
            raise Conflict("campaign", "the campaign has not been launched")
        if campaign.phase is Phase.CONCLUDED:
            raise Conflict("campaign", "the campaign has concluded; it takes no more reports")
        campaign.check_period(command.period, on)
        task.submit_report(
            command.period,
            command.actuals,
            check_text("progress", command.progress, required=True),
            check_text("problems", command.problems),
            check_text("next_steps", command.next_steps),
            command.actor,
            on,
        )
        return self._commit(task)

    @retry_on_conflict
    def return_report(self, command: ReturnReport) -> Outcome:
        task = self.task(command.task_id)
        reason = check_text("reason", command.reason, required=True)
        task.return_report(command.period, reason, command.actor, business_day(command.now))
        return self._commit(task)

    @retry_on_conflict
    def accept_report(self, command: AcceptReport) -> Outcome:
        task = self.task(command.task_id)
        task.accept_report(command.period, command.actor, business_day(command.now))
        return self._commit(task)

    @retry_on_conflict
    def complete_milestone(self, command: CompleteMilestone) -> Outcome:
        task = self.task(command.task_id)
        note = check_text("note", command.note)
        task.complete_milestone(command.code, note, command.actor, business_day(command.now))
        return self._commit(task)

    @retry_on_conflict
    def close_supervision(self, command: CloseSupervision) -> Outcome:
        task = self.task(command.task_id)
        reason = check_text("reason", command.reason, required=True)
        task.close_supervision(reason, command.actor, business_day(command.now))
        return self._commit(task)
