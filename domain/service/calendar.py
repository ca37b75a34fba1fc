"""The calendar's facts (written by workflow activities, each idempotent), the year end and
the official holiday arrangements."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.audit import recording
from domain.calendar import Action, ActionKind, WorkCalendar
from domain.campaign import Campaign, campaign_id
from domain.commands import LoadHolidays, RecordAssessment, ScoreQualitatively
from domain.holidays import HOLIDAY_BOOK_ID, HolidayBook
from domain.service.base import Outcome, Store, business_day, retry_on_conflict
from domain.successor import successor_spec
from domain.task import MANUAL_SUPERVISION, Task
from domain.values import SYSTEM, Decision, check_text

# Tasks saved in one transaction by a calendar run: one commit per page, not per task.
SAVE_PAGE = 100


class CalendarCommands(Store):
    def work_calendar(self, base: WorkCalendar) -> WorkCalendar:
        """`base` (the package's official years) with every administrator-loaded year on top."""
        book: HolidayBook | None = self.existing(HOLIDAY_BOOK_ID, read_only=True)
        if book is None:
            return base
        for arrangement in book.years.values():
            base = base.with_year(arrangement)
        return base

    # -- calendar facts (written by workflow activities; each is idempotent) -------------
    def keep_calendar(
        self,
        campaign: Campaign,
        actions: Sequence[Action],
        calendar: WorkCalendar,
        escalate_after_days: int,
        now: datetime,
    ) -> CalendarDone:
        """Apply the calendar's due `actions` to every task of `campaign` (read once by the
        caller), each task in the actions' order, then close its supervision if no overdue
        report is missing any more (a report whose signal never reached the workflow closes
        it here at the latest). Each task is read once and the tasks are saved `SAVE_PAGE` at a
        time, however many actions. Every step reads the task before it writes, so a run
        retried, or decided again after another writer got there first, writes no fact twice.
        """
        done = CalendarDone(0, 0)
        task_ids = campaign.task_ids
        with recording(now):
            for start in range(0, len(task_ids), SAVE_PAGE):
                page = task_ids[start : start + SAVE_PAGE]
                step = (campaign, actions, calendar, escalate_after_days, now)
                try:
                    done += self._keep(page, *step)
                except IntegrityError:
                    # Another writer changed one of these tasks since it was read: each is
                    # decided again on its own, so one busy task does not hold back the others.
                    for tid in page:
                        done += self._keep_one(tid, *step)
        return done

    @retry_on_conflict
    def _keep_one(self, tid: UUID, *step: Any) -> CalendarDone:
        return self._keep([tid], *step)

    def _keep(
        self,
        task_ids: Sequence[UUID],
        campaign: Campaign,
        actions: Sequence[Action],
        calendar: WorkCalendar,
        escalate_after_days: int,
        now: datetime,
    ) -> CalendarDone:
        tasks, on = [self.task(tid) for tid in task_ids], business_day(now)
        written = skipped = 0
        for task in tasks:
            for action in actions:
                if action.kind is ActionKind.OPEN:
                    basis = calendar.basis(action.due_on).value
                    done = task.open_period(action.period, action.due_on, basis, SYSTEM, on)
                elif action.kind is ActionKind.REMIND:
                    done = task.remind(action.period, action.due_on, SYSTEM, on)
                elif action.kind is ActionKind.OVERDUE:
                    done = _mark_overdue(task, campaign, action.period, action.due_on, on)
                else:
                    done = _escalate_if_missing(task, action.period, escalate_after_days, on)
                written, skipped = written + done, skipped + (not done)
            written += _close_if_resolved(task, on)
        self._commit(*tasks)
        return CalendarDone(written, skipped)

    @retry_on_conflict
    def open_period(self, tid: UUID, period: str, due_on: date, basis: str, now: datetime) -> bool:
        task = self.task(tid)
        if not task.open_period(period, due_on, basis, SYSTEM, business_day(now)):
            return False
        return self._commit(task).changed

    @retry_on_conflict
    def remind(self, tid: UUID, period: str, due_on: date, now: datetime) -> bool:
        task = self.task(tid)
        if not task.remind(period, due_on, SYSTEM, business_day(now)):
            return False
        return self._commit(task).changed

    @retry_on_conflict
    def mark_overdue(self, tid: UUID, period: str, due_on: date, now: datetime) -> bool:
        """Mark the period overdue if no report stands; escalate a repeated delay."""
        task = self.task(tid)
        campaign = self.campaign(task.campaign_id, read_only=True)
        if not _mark_overdue(task, campaign, period, due_on, business_day(now)):
            return False
        return self._commit(task).changed

    @retry_on_conflict
    def escalate_if_missing(self, tid: UUID, period: str, days: int, now: datetime) -> bool:
        """Open supervision when a report is still missing `days` after it fell due."""
        task = self.task(tid)
        return _escalate_if_missing(task, period, days, business_day(now)) and (
            self._commit(task).changed
        )

    @retry_on_conflict
    def close_supervision_if_resolved(self, tid: UUID, now: datetime) -> bool:
        """Close the open supervision once no overdue report is missing any more."""
        task = self.task(tid)
        return _close_if_resolved(task, business_day(now)) and self._commit(task).changed

    # -- year end -------------------------------------------------------------------------
    @retry_on_conflict
    def open_assessment(self, cid: UUID, year: int, now: datetime) -> bool:
        campaign = self.campaign(cid)
        if not campaign.open_assessment(year, SYSTEM, business_day(now)):
            return False
        return self._commit(campaign).changed

    @retry_on_conflict
    def record_assessment(self, command: RecordAssessment) -> Outcome:
        campaign = self.campaign(command.campaign_id)
        campaign.assess(
            command.year,
            command.score,
            check_text("rating", command.rating, required=True),
            command.decision,
            check_text("rationale", command.rationale, required=True),
            command.actor,
            business_day(command.now),
        )
        return self._commit(campaign)

    @retry_on_conflict
    def score_qualitatively(self, command: ScoreQualitatively) -> Outcome:
        campaign = self.campaign(command.campaign_id)
        reason = check_text("reason", command.reason, required=True)
        on = business_day(command.now)
        campaign.qualify(command.year, command.score, reason, command.actor, on)
        return self._commit(campaign, campaign_id=campaign.id)

    @retry_on_conflict
    def apply_decision(self, cid: UUID, year: int, now: datetime) -> Decision:
        """Continue into year+1 or conclude, once; returns the decision either way. A proposal
        concludes the campaign and defines, in the same save, the draft that carries over its
        unfinished tasks (a second run finds it done and writes nothing)."""
        campaign = self.campaign(cid)
        on = business_day(now)
        if campaign.apply_decision(year, SYSTEM, on) is not None:
            successor: list[Any] = []
            if campaign.assessments[year].decision is Decision.PROPOSE:
                successor = self._successor(campaign, year, on)
            self._commit(campaign, *successor)
        return campaign.assessments[year].decision

    def _successor(self, campaign: Campaign, year: int, on: date) -> list[Any]:
        """The proposed campaign of `year` + 1: a draft of the tasks not finished by the end of
        `year`, their targets and milestones moved into the new year; none if all are done."""
        spec = successor_spec(campaign, [self.task(t, read_only=True) for t in campaign.task_ids])
        if spec is None or campaign_id(spec.code) in self.repository:
            return []
        drafted, tasks = self._draft(spec, SYSTEM, on)  # type: ignore[attr-defined]
        return [drafted, *tasks]

    # -- holidays -------------------------------------------------------------------------
    @retry_on_conflict
    def load_holidays(self, command: LoadHolidays) -> Outcome:
        on, actor = business_day(command.now), command.actor
        book = self.existing(HOLIDAY_BOOK_ID) or HolidayBook(actor=actor, on=on)
        source = check_text("source", command.source)
        book.load_year(command.year, command.holidays, command.workdays, source, actor, on)
        return self._commit(book)


@dataclass(frozen=True)
class CalendarDone:
    """What a calendar run did: facts written (a supervision closed counts too), and actions
    that wrote nothing to a task because their fact was there already or is not due."""

    written: int
    skipped: int

    def __add__(self, other: CalendarDone) -> CalendarDone:
        return CalendarDone(self.written + other.written, self.skipped + other.skipped)


def _mark_overdue(task: Task, campaign: Campaign, period: str, due_on: date, on: date) -> bool:
    """Mark the period overdue if no report stands, and open supervision on the task's
    `escalate_after_overdue`-th overdue report of the year."""
    if not campaign.could_report_by(period, due_on):
        return False
    if not task.mark_overdue(period, due_on, SYSTEM, on):
        return False
    year = int(period[:4])
    count = task.overdue_count(year)
    if count >= campaign.policy.escalate_after_overdue:
        task.open_supervision_for(
            f"{period}:repeated",
            tuple(task.missing_overdue()),
            f"{count} overdue reports in {year} (第{count}次逾期)",
            SYSTEM,
            on,
        )
    return True


def _escalate_if_missing(task: Task, period: str, days: int, on: date) -> bool:
    if task.record(period).overdue_on is None or not task.is_awaiting(period):
        return False
    return task.open_supervision_for(
        f"{period}:late",
        tuple(task.missing_overdue()),
        f"report for {period} still missing {days} days after its due date",
        SYSTEM,
        on,
    )


def _close_if_resolved(task: Task, on: date) -> bool:
    """Close the supervision the workflow opened for overdue reports once they have all come
    in; one the task force opened by hand it closes by hand."""
    opened = task.open_supervision
    if opened is None or opened.startswith(MANUAL_SUPERVISION) or task.missing_overdue():
        return False
    task.close_supervision("every overdue report has come in (逾期报告已全部补报)", SYSTEM, on)
    return True
