"""The projection's `View` on SQL tables, inside one read-model transaction."""

from __future__ import annotations

from collections.abc import Callable, Sequence
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
from infra.readmodel import codec
from infra.readmodel.backends import Row, Sql

T = TypeVar("T")

COLUMNS: dict[str, tuple[str, ...]] = {
    "rm_campaigns": (
        "id", "code", "name", "task_force", "year", "start_period", "policy", "defined_on",
        "phase", "launched_on", "concluded_on",
    ),
    "rm_tasks": (
        "id", "campaign_id", "number", "seq", "title", "lead_units", "supporting_units",
        "indicators", "milestones", "milestones_done", "open_supervision",
    ),
    "rm_periods": (
        "task_id", "period", "campaign_id", "due_on", "opened_on", "basis", "overdue_on",
        "state", "revision", "late", "submitted_on", "submitted_by", "actuals", "progress",
        "problems", "next_steps", "return_reason", "reviewed_on",
    ),
    "rm_reminders": (
        "position", "task_id", "campaign_id", "period", "due_on", "units", "sent_on",
    ),
    "rm_supervisions": (
        "task_id", "supervision_id", "campaign_id", "periods", "reason", "opened_on",
        "opened_by", "closed_on", "close_reason",
    ),
    "rm_assessments": (
        "campaign_id", "year", "score", "rating", "decision", "rationale", "assessed_on",
        "evaluator",
    ),
    "rm_events": (
        "position", "campaign_id", "task_id", "task_number", "recorded_at", "business_on",
        "type", "actor_user", "actor_unit", "period", "summary",
    ),
    "rm_units": ("name", "aliases"),
    "rm_unit_groups": ("name", "members"),
}  # fmt: skip
KEYS: dict[str, tuple[str, ...]] = {
    "rm_campaigns": ("id",),
    "rm_tasks": ("id",),
    "rm_periods": ("task_id", "period"),
    "rm_reminders": ("position",),
    "rm_supervisions": ("task_id", "supervision_id"),
    "rm_assessments": ("campaign_id", "year"),
    "rm_events": ("position",),
    "rm_units": ("name",),
    "rm_unit_groups": ("name",),
}


def upsert_statement(table: str) -> str:
    columns = COLUMNS[table]
    keys = KEYS[table]
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in keys)
    return (
        f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))}) "
        f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"
    )


UPSERT = {table: upsert_statement(table) for table in COLUMNS}


class SqlView:
    """Implements domain.views.View; every write joins the caller's transaction."""

    def __init__(self, sql: Sql) -> None:
        self.sql = sql

    def _get(self, decode: Callable[[Row], T], statement: str, *params: Any) -> T | None:
        row = self.sql.one(statement, params)
        return decode(row) if row is not None else None

    def _put(self, table: str, params: Sequence[Any]) -> None:
        self.sql.run(UPSERT[table], params)

    def campaign(self, campaign_id: UUID) -> CampaignRow | None:
        return self._get(
            codec.campaign, "SELECT * FROM rm_campaigns WHERE id = ?", str(campaign_id)
        )

    def put_campaign(self, row: CampaignRow) -> None:
        self._put("rm_campaigns", codec.campaign_params(row))

    def task(self, task_id: UUID) -> TaskRow | None:
        return self._get(codec.task, "SELECT * FROM rm_tasks WHERE id = ?", str(task_id))

    def put_task(self, row: TaskRow) -> None:
        self._put("rm_tasks", codec.task_params(row))
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
        statement = "SELECT * FROM rm_periods WHERE task_id = ? AND period = ?"
        return self._get(codec.period, statement, str(task_id), period)

    def put_period(self, row: PeriodRow) -> None:
        self._put("rm_periods", codec.period_params(row))

    def supervision(self, task_id: UUID, supervision_id: str) -> SupervisionRow | None:
        statement = "SELECT * FROM rm_supervisions WHERE task_id = ? AND supervision_id = ?"
        return self._get(codec.supervision, statement, str(task_id), supervision_id)

    def put_supervision(self, row: SupervisionRow) -> None:
        self._put("rm_supervisions", codec.supervision_params(row))

    def add_reminder(self, row: ReminderRow) -> None:
        self._put("rm_reminders", codec.reminder_params(row))

    def put_assessment(self, row: AssessmentRow) -> None:
        self._put("rm_assessments", codec.assessment_params(row))

    def add_event(self, row: EventRow) -> None:
        self._put("rm_events", codec.event_params(row))

    def put_unit(self, row: UnitRow) -> None:
        self._put("rm_units", codec.unit_params(row))

    def put_group(self, row: GroupRow) -> None:
        self._put("rm_unit_groups", codec.group_params(row))
