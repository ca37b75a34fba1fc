"""What lead units and coordinators do with monthly reports, milestones and supervision."""

from __future__ import annotations

from dataclasses import replace

from domain.campaign import Phase
from domain.commands import (
    AcceptReport,
    AddContribution,
    CloseSupervision,
    CompleteMilestone,
    OpenSupervision,
    ReturnReport,
    SubmitReport,
)
from domain.errors import Conflict, NotFound
from domain.service.base import Outcome, Store, business_day, retry_on_conflict
from domain.task import Task
from domain.units import UNIT_REGISTRY_ID, UnitNames, UnitRegistry
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
            tuple(replace(e, name=check_text("evidence.name", e.name)) for e in command.evidence),
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

    @retry_on_conflict
    def open_supervision(self, command: OpenSupervision) -> Outcome:
        task = self.task(command.task_id)
        reason = check_text("reason", command.reason, required=True)
        task.open_supervision_by_hand(reason, command.actor, business_day(command.now))
        return self._commit(task)

    # -- supporting units -------------------------------------------------------------------
    @retry_on_conflict
    def add_contribution(self, command: AddContribution, seen: Task | None = None) -> Outcome:
        """Record the actor's unit's contribution; only a supporting unit of the task may."""
        task = self.task(command.task_id, seen=seen)
        campaign = self.campaign(task.campaign_id, read_only=True)
        on = business_day(command.now)
        if campaign.phase in (Phase.DRAFT, Phase.CONCLUDED):
            raise Conflict("campaign", f"the campaign is {campaign.phase.value}: it takes none")
        campaign.check_period(command.period, on)
        # Recorded under the plan's own name for the unit, so the plan's supporting units that
        # have not contributed are found by name whatever alias the contributor signed in as.
        names, unit = self._names(), command.actor.unit
        covered = [u for u in task.supporting_units if names.covers([u], unit)]
        if not covered:
            raise NotFound("task", f"{unit} is not a supporting unit of task {task.number}")
        text = check_text("text", command.text, required=True)
        task.contribute(command.period, covered[0], text, command.figures, command.actor, on)
        return self._commit(task)

    def _names(self) -> UnitNames:
        registry = self.existing(UNIT_REGISTRY_ID, read_only=True)
        return registry.names() if isinstance(registry, UnitRegistry) else UnitNames()
