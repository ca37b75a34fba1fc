"""The projection's `View` on SQL tables, inside one read-model transaction."""

from __future__ import annotations

from typing import Any, TypeVar
from uuid import UUID

from domain.units import normalize_unit
from domain.views import (
    AssessmentRow,
    CampaignRow,
    EventRow,
    GroupRow,
    PeriodRow,
    ReminderRow,
    SupervisionRow,
    TaskRow,
    UnitRow,
)
from infra.readmodel.backends import Sql
from infra.readmodel.schema import (
    ASSESSMENTS,
    CAMPAIGNS,
    EVENTS,
    GROUPS,
    PERIODS,
    REMINDERS,
    SUPERVISIONS,
    TASKS,
    UNITS,
)
from infra.readmodel.table import Table

R = TypeVar("R")


class SqlView:
    """Implements domain.views.View; every write joins the caller's transaction."""

    def __init__(self, sql: Sql) -> None:
        self.sql = sql

    def _get(self, table: Table[R], *key: Any) -> R | None:
        row = self.sql.one(table.select_sql, table.key_params(*key))
        return table.decode(row) if row is not None else None

    def _put(self, table: Table[R], row: R) -> None:
        self.sql.run(table.upsert_sql, table.params(row))

    def campaign(self, campaign_id: UUID) -> CampaignRow | None:
        return self._get(CAMPAIGNS, campaign_id)

    def put_campaign(self, row: CampaignRow) -> None:
        self._put(CAMPAIGNS, row)

    def task(self, task_id: UUID) -> TaskRow | None:
        return self._get(TASKS, task_id)

    def put_task(self, row: TaskRow) -> None:
        self._put(TASKS, row)
        self.sql.run("DELETE FROM rm_task_units WHERE task_id = ?", (str(row.id),))
        # Normalized (domain/units.py), so a lookup finds a unit however the plan spaced it.
        lead = [normalize_unit(u) for u in row.lead_units]
        supporting = [u for u in map(normalize_unit, row.supporting_units) if u not in lead]
        units = [(u, "lead") for u in lead] + [(u, "supporting") for u in supporting]
        for unit, role in dict.fromkeys(units):
            self.sql.run(
                "INSERT INTO rm_task_units (task_id, unit, role) VALUES (?, ?, ?)",
                (str(row.id), unit, role),
            )

    def period(self, task_id: UUID, period: str) -> PeriodRow | None:
        return self._get(PERIODS, task_id, period)

    def put_period(self, row: PeriodRow) -> None:
        self._put(PERIODS, row)

    def supervision(self, task_id: UUID, supervision_id: str) -> SupervisionRow | None:
        return self._get(SUPERVISIONS, task_id, supervision_id)

    def put_supervision(self, row: SupervisionRow) -> None:
        self._put(SUPERVISIONS, row)

    def add_reminder(self, row: ReminderRow) -> None:
        self._put(REMINDERS, row)

    def put_assessment(self, row: AssessmentRow) -> None:
        self._put(ASSESSMENTS, row)

    def add_event(self, row: EventRow) -> None:
        self._put(EVENTS, row)

    def put_unit(self, row: UnitRow) -> None:
        self._put(UNITS, row)

    def put_group(self, row: GroupRow) -> None:
        self._put(GROUPS, row)
