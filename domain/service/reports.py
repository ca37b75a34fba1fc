"""What lead units and coordinators do with monthly reports, milestones and supervision."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from uuid import UUID

from domain.campaign import Phase
from domain.errors import Conflict
from domain.service.base import Outcome, Store, business_day, retry_on_conflict
from domain.values import (
    Actor,
    check_text,
)


class ReportCommands(Store):
    # -- reports --------------------------------------------------------------------------
    @retry_on_conflict
    def submit_report(
        self,
        tid: UUID,
        period: str,
        actuals: dict[str, Decimal],
        progress: str,
        problems: str,
        next_steps: str,
        actor: Actor,
        now: datetime,
    ) -> Outcome:
        task = self.task(tid)
        campaign = self.campaign(task.campaign_id)
        on = business_day(now)
        if campaign.phase is Phase.DRAFT:
            raise Conflict("campaign", "the campaign has not been launched")
        if campaign.phase is Phase.CONCLUDED:
            raise Conflict("campaign", "the campaign has concluded; it takes no more reports")
        campaign.check_period(period, on)
        task.submit_report(
            period,
            actuals,
            check_text("progress", progress, required=True),
            check_text("problems", problems),
            check_text("next_steps", next_steps),
            actor,
            on,
        )
        return self._commit(task)

    @retry_on_conflict
    def return_report(
        self, tid: UUID, period: str, reason: str, actor: Actor, now: datetime
    ) -> Outcome:
        task = self.task(tid)
        task.return_report(
            period, check_text("reason", reason, required=True), actor, business_day(now)
        )
        return self._commit(task)

    @retry_on_conflict
    def accept_report(self, tid: UUID, period: str, actor: Actor, now: datetime) -> Outcome:
        task = self.task(tid)
        task.accept_report(period, actor, business_day(now))
        return self._commit(task)

    @retry_on_conflict
    def complete_milestone(
        self, tid: UUID, code: str, note: str, actor: Actor, now: datetime
    ) -> Outcome:
        task = self.task(tid)
        task.complete_milestone(code, check_text("note", note), actor, business_day(now))
        return self._commit(task)

    @retry_on_conflict
    def close_supervision(self, tid: UUID, reason: str, actor: Actor, now: datetime) -> Outcome:
        task = self.task(tid)
        task.close_supervision(
            check_text("reason", reason, required=True), actor, business_day(now)
        )
        return self._commit(task)
