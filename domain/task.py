"""The target task (目标任务) aggregate: its plan, its monthly reports and their fate."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain import reporting
from domain.audit import FROM_EVENT, Audited, audited
from domain.errors import Conflict, InvalidInput
from domain.indicators import check_actual
from domain.snapshots import StateSnapshot
from domain.values import (
    Actor,
    Evidence,
    Indicator,
    Milestone,
    Period,
    PeriodRecord,
    Report,
    ReportState,
    check_evidence,
    is_readable,
)

# Supervision the task force opened by hand; the workflow's own ids end in :late or :repeated.
MANUAL_SUPERVISION = "manual:"


def task_id(campaign_id: UUID, number: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"/campaigns/{campaign_id}/tasks/{number}")


class Task(Aggregate):
    """Every event carries `actor` (who) and `on` (the business date): domain/audit.py."""

    class Event(Audited):
        pass

    class Created(Event, Aggregate.Created):
        pass

    Snapshot = StateSnapshot

    @staticmethod
    def create_id(campaign_id: UUID, number: str, **_: Any) -> UUID:
        return task_id(campaign_id, number)

    @event("Planned")
    def __init__(
        self,
        campaign_id: UUID,
        number: str,
        title: str,
        lead_units: tuple[str, ...],
        supporting_units: tuple[str, ...],
        indicators: tuple[Indicator, ...],
        milestones: tuple[Milestone, ...],
        actor: Actor,
        on: date,
    ) -> None:
        self.campaign_id = campaign_id
        self.number = number
        self._set_plan(title, lead_units, supporting_units, indicators, milestones)
        self.periods: dict[str, PeriodRecord] = {}
        self.open_supervision: str | None = None
        self.supervisions: list[str] = []
        self.milestones_done: dict[str, date] = {}

    def _set_plan(
        self,
        title: str,
        lead_units: tuple[str, ...],
        supporting_units: tuple[str, ...],
        indicators: tuple[Indicator, ...],
        milestones: tuple[Milestone, ...],
    ) -> None:
        self.title = title
        self.lead_units = tuple(lead_units)
        self.supporting_units = tuple(supporting_units)
        self.indicators = tuple(indicators)
        self.milestones = tuple(milestones)

    def record(self, period: str) -> PeriodRecord:
        return self.periods.get(period) or PeriodRecord(period)

    def _record(self, period: str) -> PeriodRecord:
        return self.periods.setdefault(period, PeriodRecord(period))

    def indicator(self, code: str) -> Indicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    # -- plan ---------------------------------------------------------------------------
    @event("Amended")
    def _amend(
        self,
        title: str,
        lead_units: tuple[str, ...],
        supporting_units: tuple[str, ...],
        indicators: tuple[Indicator, ...],
        milestones: tuple[Milestone, ...],
        reason: str,
    ) -> None:
        self._set_plan(title, lead_units, supporting_units, indicators, milestones)

    @audited
    def amend(
        self,
        title: str,
        lead_units: tuple[str, ...],
        supporting_units: tuple[str, ...],
        indicators: tuple[Indicator, ...],
        milestones: tuple[Milestone, ...],
        reason: str,
        actor: Actor,
        on: date,
    ) -> None:
        if not reason:
            raise InvalidInput("reason", "an amendment must say why")
        self._amend(title, lead_units, supporting_units, indicators, milestones, reason)

    # -- calendar facts written by the workflow -----------------------------------------
    @event("PeriodOpened")
    def _open_period(self, period: str, due_on: date, basis: str, on: date = FROM_EVENT) -> None:
        record = self._record(period)
        record.opened_on = on
        record.due_on = due_on

    @audited
    def open_period(self, period: str, due_on: date, basis: str, actor: Actor, on: date) -> bool:
        if self.record(period).opened_on is not None:
            return False
        self._open_period(period, due_on, basis)
        return True

    def is_awaiting(self, period: str) -> bool:
        """True while no report stands for the period (none yet, or the last one returned)."""
        return reporting.awaiting(self.record(period))

    @event("ReminderSent")
    def _remind(
        self, period: str, due_on: date, units: tuple[str, ...], on: date = FROM_EVENT
    ) -> None:
        self._record(period).reminders.append(on)

    @audited
    def remind(self, period: str, due_on: date, actor: Actor, on: date) -> bool:
        if not self.is_awaiting(period) or on in self.record(period).reminders:
            return False
        self._remind(period, due_on, self.lead_units)
        return True

    @event("ReportOverdue")
    def _mark_overdue(self, period: str, due_on: date, on: date = FROM_EVENT) -> None:
        record = self._record(period)
        record.overdue_on = on
        record.due_on = due_on

    @audited
    def mark_overdue(self, period: str, due_on: date, actor: Actor, on: date) -> bool:
        if not self.is_awaiting(period) or self.record(period).overdue_on is not None:
            return False
        self._mark_overdue(period, due_on)
        return True

    def overdue_count(self, year: int) -> int:
        return sum(
            1 for p, r in self.periods.items() if r.overdue_on and p.startswith(f"{year:04d}-")
        )

    def missing_overdue(self) -> list[str]:
        return reporting.missing_overdue(self.periods.values())

    # -- reports ------------------------------------------------------------------------
    @event("ReportSubmitted")
    def _submit(
        self,
        period: str,
        actuals: dict[str, Decimal],
        progress: str,
        problems: str,
        next_steps: str,
        revision: int,
        late: bool,
        actor: Actor = FROM_EVENT,
        on: date = FROM_EVENT,
    ) -> None:
        record = self._record(period)
        record.report = Report(
            period, dict(actuals), progress, problems, next_steps, actor, on, revision
        )
        record.state = ReportState.SUBMITTED

    @audited
    def submit_report(
        self,
        period: str,
        actuals: dict[str, Decimal],
        progress: str,
        problems: str,
        next_steps: str,
        actor: Actor,
        on: date,
        evidence: tuple[Evidence, ...] = (),
    ) -> None:
        period = str(Period.parse(period))
        record = self.record(period)
        if record.state is ReportState.ACCEPTED:
            raise Conflict("period", f"the report for {period} is already accepted")
        if record.state is ReportState.SUBMITTED:
            raise Conflict("period", f"a report for {period} is waiting for review")
        for code, value in actuals.items():
            indicator = self.indicator(code)
            if indicator is None:
                raise InvalidInput(f"actuals.{code}", "is not an indicator of this task")
            check_actual(indicator, value, f"actuals.{code}")
        revision = record.report.revision + 1 if record.report else 1
        late = record.overdue_on is not None
        evidence = check_evidence(tuple(evidence))
        self._submit(period, actuals, progress, problems, next_steps, revision, late)
        for item in evidence:
            self._attach(period, revision, item.hash, item.name, item.content_type, item.size)

    @event("EvidenceAttached")
    def _attach(
        self, period: str, revision: int, hash: str, name: str, content_type: str, size: int
    ) -> None:
        """The file lives outside the events (by its hash): nothing here depends on it."""

    @event("ReportReturned")
    def _return(self, period: str, revision: int, reason: str) -> None:
        record = self._record(period)
        record.state = ReportState.RETURNED
        record.returns.append(reason)

    @audited
    def return_report(self, period: str, reason: str, actor: Actor, on: date) -> None:
        """Return a report awaiting review; or one accepted with a value the rules cannot read
        (stored before the border refused such values), so its unit can correct it."""
        if period not in self.periods:
            Period.parse(period)  # a period never reported: say so if it is not even YYYY-MM
        record = self.record(period)
        unreadable = record.report is not None and not all(
            is_readable(v) for v in record.report.actuals.values()
        )
        if record.state is ReportState.ACCEPTED and unreadable:
            assert record.report is not None
            report = record.report
        else:
            report = self._reviewable(period)
        if not reason:
            raise InvalidInput("reason", "a returned report must say why (退回原因)")
        self._return(period, report.revision, reason)

    @event("ReportAccepted")
    def _accept(self, period: str, revision: int) -> None:
        self._record(period).state = ReportState.ACCEPTED

    @audited
    def accept_report(self, period: str, actor: Actor, on: date) -> None:
        Period.parse(period)
        report = self._reviewable(period)
        if not all(is_readable(v) for v in report.actuals.values()):
            raise InvalidInput(
                "period",
                "报告含有无法读取的数值，请退回更正 / the report holds a value that cannot be "
                "read; return it for correction",
            )
        self._accept(period, report.revision)

    def _reviewable(self, period: str) -> Report:
        record = self.record(period)
        if record.state is not ReportState.SUBMITTED or record.report is None:
            state = record.state.value if record.state else "not submitted"
            raise Conflict("period", f"the report for {period} is {state}, not awaiting review")
        return record.report

    # -- supervision and milestones -------------------------------------------------------
    @event("SupervisionOpened")
    def _open_supervision(self, supervision_id: str, periods: tuple[str, ...], reason: str) -> None:
        self.open_supervision = supervision_id
        self.supervisions.append(supervision_id)

    @audited
    def open_supervision_for(
        self, supervision_id: str, periods: tuple[str, ...], reason: str, actor: Actor, on: date
    ) -> bool:
        if self.open_supervision is not None or supervision_id in self.supervisions:
            return False
        self._open_supervision(supervision_id, tuple(periods), reason)
        return True

    @event("SupervisionClosed")
    def _close_supervision(self, supervision_id: str, reason: str) -> None:
        self.open_supervision = None

    @audited
    def close_supervision(self, reason: str, actor: Actor, on: date) -> None:
        if self.open_supervision is None:
            raise Conflict("supervision", "this task has no open supervision")
        if not reason:
            raise InvalidInput("reason", "closing a supervision must say why")
        self._close_supervision(self.open_supervision, reason)

    @audited
    def open_supervision_by_hand(self, reason: str, actor: Actor, on: date) -> str:
        """Open supervision because the task force decided to; returns its id. It stays open
        until closed by hand: the workflow closes only the supervision its escalation opened."""
        if self.open_supervision is not None:
            raise Conflict("supervision", f"supervision {self.open_supervision} is already open")
        if not reason:
            raise InvalidInput("reason", "opening a supervision must say why")
        supervision_id = f"{MANUAL_SUPERVISION}{on.isoformat()}:{len(self.supervisions) + 1}"
        self._open_supervision(supervision_id, tuple(self.missing_overdue()), reason)
        return supervision_id

    # -- supporting units -----------------------------------------------------------------
    @event("ContributionAdded")
    def _contribute(self, period: str, unit: str, text: str, figures: dict[str, Decimal]) -> None:
        """Nothing the task decides by depends on a contribution: the event is the record."""

    @audited
    def contribute(
        self,
        period: str,
        unit: str,
        text: str,
        figures: dict[str, Decimal],
        actor: Actor,
        on: date,
    ) -> None:
        period = str(Period.parse(period))
        for code, value in figures.items():
            indicator = self.indicator(code)
            if indicator is None:
                raise InvalidInput(f"figures.{code}", "is not an indicator of this task")
            check_actual(indicator, value, f"figures.{code}")
        if not text:
            raise InvalidInput("text", "say what the unit did this period (本期工作)")
        self._contribute(period, unit, text, dict(figures))

    @event("MilestoneCompleted")
    def _complete_milestone(self, code: str, note: str, on: date = FROM_EVENT) -> None:
        self.milestones_done[code] = on

    @audited
    def complete_milestone(self, code: str, note: str, actor: Actor, on: date) -> None:
        if not any(m.code == code for m in self.milestones):
            raise InvalidInput("milestone", f"'{code}' is not a milestone of this task")
        if code in self.milestones_done:
            raise Conflict("milestone", f"'{code}' was completed on {self.milestones_done[code]}")
        self._complete_milestone(code, note)

    def latest_actuals(self) -> dict[str, Decimal]:
        """The most recent reported value of each indicator, from reports not returned."""
        return reporting.latest_actuals(self.periods.values())
