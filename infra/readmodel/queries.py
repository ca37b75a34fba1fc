"""What the API asks the read model, inside one read transaction (a consistent snapshot)."""

from __future__ import annotations

from uuid import UUID

from domain.views import (
    AssessmentRow,
    CampaignRow,
    EventRow,
    PeriodRow,
    ReminderRow,
    SupervisionRow,
    TaskRow,
)
from infra.readmodel import codec
from infra.readmodel.backends import Sql

_LED_BY = "SELECT task_id FROM rm_task_units WHERE unit = ? AND role = 'lead'"


class Queries:
    def __init__(self, sql: Sql) -> None:
        self.sql = sql

    def campaigns(self) -> list[CampaignRow]:
        rows = self.sql.rows("SELECT * FROM rm_campaigns ORDER BY year DESC, code")
        return [codec.campaign(r) for r in rows]

    def campaign(self, campaign_id: UUID) -> CampaignRow | None:
        row = self.sql.one("SELECT * FROM rm_campaigns WHERE id = ?", (str(campaign_id),))
        return codec.campaign(row) if row else None

    def task(self, task_id: UUID) -> TaskRow | None:
        row = self.sql.one("SELECT * FROM rm_tasks WHERE id = ?", (str(task_id),))
        return codec.task(row) if row else None

    def tasks(self, campaign_id: UUID | None = None) -> list[TaskRow]:
        if campaign_id is None:
            rows = self.sql.rows("SELECT * FROM rm_tasks ORDER BY seq")
        else:
            statement = "SELECT * FROM rm_tasks WHERE campaign_id = ? ORDER BY seq"
            rows = self.sql.rows(statement, (str(campaign_id),))
        return [codec.task(r) for r in rows]

    def tasks_led_by(self, unit: str) -> list[TaskRow]:
        statement = f"SELECT * FROM rm_tasks WHERE id IN ({_LED_BY}) ORDER BY seq"
        return [codec.task(r) for r in self.sql.rows(statement, (unit,))]

    def periods(self, campaign_id: UUID | None = None) -> list[PeriodRow]:
        if campaign_id is None:
            rows = self.sql.rows("SELECT * FROM rm_periods ORDER BY period, task_id")
        else:
            statement = "SELECT * FROM rm_periods WHERE campaign_id = ? ORDER BY period, task_id"
            rows = self.sql.rows(statement, (str(campaign_id),))
        return [codec.period(r) for r in rows]

    def periods_led_by(self, unit: str) -> list[PeriodRow]:
        statement = f"SELECT * FROM rm_periods WHERE task_id IN ({_LED_BY}) ORDER BY period"
        return [codec.period(r) for r in self.sql.rows(statement, (unit,))]

    def overdue(self) -> list[PeriodRow]:
        statement = (
            "SELECT * FROM rm_periods WHERE overdue_on IS NOT NULL ORDER BY due_on, campaign_id"
        )
        return [codec.period(r) for r in self.sql.rows(statement)]

    def reminders_led_by(self, unit: str) -> list[ReminderRow]:
        statement = (
            f"SELECT * FROM rm_reminders WHERE task_id IN ({_LED_BY}) ORDER BY position DESC"
        )
        return [codec.reminder(r) for r in self.sql.rows(statement, (unit,))]

    def open_supervisions(self, campaign_id: UUID | None = None) -> list[SupervisionRow]:
        statement = "SELECT * FROM rm_supervisions WHERE closed_on IS NULL"
        params: tuple[str, ...] = ()
        if campaign_id is not None:
            statement += " AND campaign_id = ?"
            params = (str(campaign_id),)
        rows = self.sql.rows(statement + " ORDER BY opened_on, task_id", params)
        return [codec.supervision(r) for r in rows]

    def assessments(self, campaign_id: UUID) -> list[AssessmentRow]:
        statement = "SELECT * FROM rm_assessments WHERE campaign_id = ? ORDER BY year"
        return [codec.assessment(r) for r in self.sql.rows(statement, (str(campaign_id),))]

    def events(self, campaign_id: UUID) -> list[EventRow]:
        statement = "SELECT * FROM rm_events WHERE campaign_id = ? ORDER BY position"
        return [codec.event(r) for r in self.sql.rows(statement, (str(campaign_id),))]
