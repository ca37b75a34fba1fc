"""The calendar's facts (written by workflow activities, each idempotent), the year end and
the official holiday arrangements."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from domain.calendar import WorkCalendar
from domain.commands import LoadHolidays, RecordAssessment
from domain.holidays import HOLIDAY_BOOK_ID, HolidayBook
from domain.service.base import Outcome, Store, business_day, retry_on_conflict
from domain.values import SYSTEM, Decision, check_text


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
        on = business_day(now)
        if not campaign.could_report_by(period, due_on):
            return False
        if not task.mark_overdue(period, due_on, SYSTEM, on):
            return False
        policy = campaign.policy
        year = int(period[:4])
        count = task.overdue_count(year)
        if count >= policy.escalate_after_overdue:
            task.open_supervision_for(
                f"{period}:repeated",
                tuple(task.missing_overdue()),
                f"{count} overdue reports in {year} (第{count}次逾期)",
                SYSTEM,
                on,
            )
        return self._commit(task).changed

    @retry_on_conflict
    def escalate_if_missing(self, tid: UUID, period: str, days: int, now: datetime) -> bool:
        """Open supervision when a report is still missing `days` after it fell due."""
        task = self.task(tid)
        if task.record(period).overdue_on is None or not task.is_awaiting(period):
            return False
        opened = task.open_supervision_for(
            f"{period}:late",
            tuple(task.missing_overdue()),
            f"report for {period} still missing {days} days after its due date",
            SYSTEM,
            business_day(now),
        )
        return opened and self._commit(task).changed

    @retry_on_conflict
    def close_supervision_if_resolved(self, tid: UUID, now: datetime) -> bool:
        """Close the open supervision once no overdue report is missing any more."""
        task = self.task(tid)
        if task.open_supervision is None or task.missing_overdue():
            return False
        task.close_supervision(
            "every overdue report has come in (逾期报告已全部补报)", SYSTEM, business_day(now)
        )
        return self._commit(task).changed

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
    def apply_decision(self, cid: UUID, year: int, now: datetime) -> Decision:
        """Continue into year+1 or conclude, once; returns the decision either way."""
        campaign = self.campaign(cid)
        if campaign.apply_decision(year, SYSTEM, business_day(now)) is not None:
            self._commit(campaign)
        return campaign.assessments[year].decision

    # -- holidays -------------------------------------------------------------------------
    @retry_on_conflict
    def load_holidays(self, command: LoadHolidays) -> Outcome:
        on, actor = business_day(command.now), command.actor
        book = self.existing(HOLIDAY_BOOK_ID) or HolidayBook(actor=actor, on=on)
        source = check_text("source", command.source)
        book.load_year(command.year, command.holidays, command.workdays, source, actor, on)
        return self._commit(book)
