"""What the API asks the read model, inside one read transaction (a consistent snapshot).

Besides whole rows it answers the small questions a reader asks before deciding what it must
fetch: the read model's position, and each task's head (its `touched` and who may see it) without
the plan's JSON, so a cached answer is checked without loading what it was computed from.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any, TypeVar
from uuid import UUID

from domain import reporting
from domain.units import UnitNames, normalize_unit
from domain.values import ReportState
from domain.views import (
    AssessmentRow,
    CampaignRow,
    EventRow,
    FollowUpRow,
    GroupRow,
    MeetingRow,
    PackRow,
    PeriodRow,
    QualitativeRow,
    ReminderRow,
    SupervisionRow,
    TaskRow,
    UnitRow,
)
from infra.readmodel.backends import Row, Sql, in_chunks
from infra.readmodel.schema import (
    ASSESSMENTS,
    CAMPAIGNS,
    EVENTS,
    FOLLOW_UPS,
    GROUPS,
    MEETINGS,
    PACKS,
    PERIODS,
    QUALITATIVE,
    REMINDERS,
    SUPERVISIONS,
    TASKS,
    TRACKING,
    UNITS,
)
from infra.readmodel.table import Narrow, Shared, Table

R = TypeVar("R")


@dataclass(frozen=True, slots=True)
class TaskHead:
    """A task as a reader needs it to find, show and scope its cached answers."""

    id: UUID
    campaign_id: UUID
    number: str
    title: str
    lead_units: tuple[str, ...]
    supporting_units: tuple[str, ...]
    open_supervision: str | None
    touched: int


HEADS = Narrow(TASKS, TaskHead)


@dataclass(frozen=True, slots=True)
class PeriodMark:
    """A period as punctuality and the delay list judge it: when its report was due, whether
    one stands and when it came in. A portfolio's worth of these is a small fraction of its
    whole rows (figures, texts, contributions, evidence)."""

    task_id: UUID
    campaign_id: UUID
    period: str
    due_on: date | None
    basis: str
    overdue_on: date | None
    state: ReportState | None
    late: bool
    submitted_on: date | None

    @property
    def awaiting(self) -> bool:
        return reporting.awaiting(self)


MARKS = Narrow(PERIODS, PeriodMark)


@dataclass(frozen=True, slots=True)
class TaskVersion:
    """A task's `touched` alone: enough to find what a reader kept of it."""

    id: UUID
    campaign_id: UUID
    touched: int


def _led_by(units: str | Collection[str]) -> tuple[str, tuple[str, ...]]:
    """The subquery of tasks led by any of `units` (a name, or every name a unit answers to,
    e.g. `UnitNames.names_for`), and its parameters."""
    given = [units] if isinstance(units, str) else units
    names = tuple(sorted({normalize_unit(u) for u in given}))
    marks = ", ".join("?" * len(names)) or "NULL"
    return f"SELECT task_id FROM rm_task_units WHERE role = 'lead' AND unit IN ({marks})", names


@dataclass(frozen=True, slots=True)
class Trail:
    """Which events an audit trail holds: every filter given narrows it."""

    campaign_id: UUID | None = None
    task_id: UUID | None = None
    unit_names: frozenset[str] | None = None  # events by the unit or of a task it leads/supports
    user: str | None = None
    on_from: date | None = None  # business dates
    on_to: date | None = None
    recorded_from: datetime | None = None  # recorded times
    recorded_to: datetime | None = None
    type: str | None = None  # e.g. ReportReturned
    text: str | None = None  # in the summary (reasons included)

    def where(self) -> tuple[list[str], list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []

        def add(clause: str, *values: Any) -> None:
            clauses.append(clause)
            params.extend(values)

        if self.campaign_id is not None:
            add("campaign_id = ?", str(self.campaign_id))
        if self.task_id is not None:
            add("task_id = ?", str(self.task_id))
        if self.unit_names is not None:
            names = tuple(sorted(self.unit_names)) or ("",)
            marks = ", ".join("?" * len(names))
            add(
                f"(actor_unit IN ({marks}) OR task_id IN (SELECT task_id FROM rm_task_units "
                f"WHERE unit IN ({marks})))",
                *names,
                *names,
            )
        if self.user is not None:
            add("actor_user = ?", self.user)
        if self.on_from is not None:
            add("business_on >= ?", self.on_from.isoformat())
        if self.on_to is not None:
            add("business_on <= ?", self.on_to.isoformat())
        # Recorded times are stored as UTC ISO text, which sorts as the instants do.
        if self.recorded_from is not None:
            add("recorded_at >= ?", self.recorded_from.astimezone(UTC).isoformat())
        if self.recorded_to is not None:
            add("recorded_at <= ?", self.recorded_to.astimezone(UTC).isoformat())
        if self.type is not None and "." in self.type:
            add("type = ?", self.type)
        elif self.type is not None:
            add("type LIKE ?", f"%.{self.type}")
        if self.text is not None:
            add("summary LIKE ? ESCAPE '!'", f"%{_like(self.text)}%")
        return clauses, params


def _like(text: str) -> str:
    return text.replace("!", "!!").replace("%", "!%").replace("_", "!_")


class Queries:
    def __init__(self, sql: Sql) -> None:
        self.sql = sql
        self.shared = Shared()

    def _all(self, table: Table[R] | Narrow[R], rows: Iterable[Row]) -> list[R]:
        return [table.decode(r, self.shared) for r in rows]

    def campaigns(self) -> list[CampaignRow]:
        rows = self.sql.stream("SELECT * FROM rm_campaigns ORDER BY year DESC, code")
        return self._all(CAMPAIGNS, rows)

    def campaign(self, campaign_id: UUID) -> CampaignRow | None:
        row = self.sql.one(CAMPAIGNS.select_sql, CAMPAIGNS.key_params(campaign_id))
        return CAMPAIGNS.decode(row, self.shared) if row else None

    def task(self, task_id: UUID) -> TaskRow | None:
        row = self.sql.one(TASKS.select_sql, TASKS.key_params(task_id))
        return TASKS.decode(row, self.shared) if row else None

    def tasks(self, campaign_id: UUID | None = None) -> list[TaskRow]:
        if campaign_id is None:
            rows = self.sql.stream("SELECT * FROM rm_tasks ORDER BY seq")
        else:
            statement = "SELECT * FROM rm_tasks WHERE campaign_id = ? ORDER BY seq"
            rows = self.sql.stream(statement, (str(campaign_id),))
        return self._all(TASKS, rows)

    def tasks_led_by(self, units: str | Collection[str]) -> list[TaskRow]:
        led, names = _led_by(units)
        statement = f"SELECT * FROM rm_tasks WHERE id IN ({led}) ORDER BY seq"
        return self._all(TASKS, self.sql.stream(statement, names))

    def position(self, name: str) -> int:
        """The last notification the read model `name` applied: it moves with every change of
        every table, so it versions any answer drawn from all of them (a PK lookup, however
        many times the rows were rewritten)."""
        row = self.sql.one(f"SELECT position FROM {TRACKING} WHERE name = ?", (name,))
        return int(row["position"]) if row else 0

    def task_heads(self, campaign_id: UUID | None = None) -> list[TaskHead]:
        if campaign_id is None:
            return self._all(HEADS, self.sql.stream(f"{HEADS.select} ORDER BY seq"))
        statement = f"{HEADS.select} WHERE campaign_id = ? ORDER BY seq"
        return self._all(HEADS, self.sql.stream(statement, (str(campaign_id),)))

    def task_versions_opened(
        self, period: str, campaign_id: UUID | None = None
    ) -> list[TaskVersion]:
        """The `touched` of every task (of one campaign's, when given) whose row of `period` is
        opened: cheaper to read than their heads, to find what a reader kept of them."""
        statement = (
            "SELECT t.id, t.campaign_id, t.touched FROM rm_tasks t JOIN rm_periods p "
            "ON p.task_id = t.id AND p.period = ? WHERE p.opened_on IS NOT NULL"
        )
        params: tuple[str, ...] = (period,)
        if campaign_id is not None:
            statement, params = f"{statement} AND p.campaign_id = ?", (period, str(campaign_id))
        return [
            TaskVersion(UUID(r["id"]), UUID(r["campaign_id"]), int(r["touched"]))
            for r in self.sql.stream(statement, params)
        ]

    def task_heads_led_by(self, units: str | Collection[str]) -> list[TaskHead]:
        led, names = _led_by(units)
        statement = f"{HEADS.select} WHERE id IN ({led}) ORDER BY seq"
        return self._all(HEADS, self.sql.stream(statement, names))

    def tasks_with_ids(self, ids: Sequence[UUID]) -> list[TaskRow]:
        found: list[TaskRow] = []
        for marks, params in in_chunks(ids):
            rows = self.sql.stream(f"SELECT * FROM rm_tasks WHERE id IN ({marks})", params)
            found.extend(self._all(TASKS, rows))
        return found

    def task_heads_with_ids(self, ids: Sequence[UUID]) -> list[TaskHead]:
        found: list[TaskHead] = []
        for marks, params in in_chunks(ids):
            rows = self.sql.stream(f"{HEADS.select} WHERE id IN ({marks})", params)
            found.extend(self._all(HEADS, rows))
        return found

    def periods_of_tasks(self, ids: Sequence[UUID]) -> list[PeriodRow]:
        found: list[PeriodRow] = []
        for marks, params in in_chunks(ids):
            statement = f"SELECT * FROM rm_periods WHERE task_id IN ({marks}) ORDER BY period"
            found.extend(self._all(PERIODS, self.sql.stream(statement, params)))
        return found

    def open_supervisions_of_tasks(self, ids: Sequence[UUID]) -> list[SupervisionRow]:
        found: list[SupervisionRow] = []
        for marks, params in in_chunks(ids):
            statement = (
                "SELECT * FROM rm_supervisions WHERE closed_on IS NULL "
                f"AND task_id IN ({marks}) ORDER BY opened_on"
            )
            found.extend(self._all(SUPERVISIONS, self.sql.stream(statement, params)))
        return found

    def periods(self, campaign_id: UUID | None = None) -> list[PeriodRow]:
        if campaign_id is None:
            rows = self.sql.stream("SELECT * FROM rm_periods ORDER BY period, task_id")
        else:
            statement = "SELECT * FROM rm_periods WHERE campaign_id = ? ORDER BY period, task_id"
            rows = self.sql.stream(statement, (str(campaign_id),))
        return self._all(PERIODS, rows)

    def period_marks(self, campaign_id: UUID | None = None) -> list[PeriodMark]:
        if campaign_id is None:
            return self._all(MARKS, self.sql.stream(f"{MARKS.select} ORDER BY period, task_id"))
        statement = f"{MARKS.select} WHERE campaign_id = ? ORDER BY period, task_id"
        return self._all(MARKS, self.sql.stream(statement, (str(campaign_id),)))

    def period_marks_of_tasks(self, ids: Sequence[UUID]) -> list[PeriodMark]:
        found: list[PeriodMark] = []
        for marks, params in in_chunks(ids):
            statement = f"{MARKS.select} WHERE task_id IN ({marks}) ORDER BY period"
            found.extend(self._all(MARKS, self.sql.stream(statement, params)))
        return found

    def periods_led_by(self, units: str | Collection[str]) -> list[PeriodRow]:
        led, names = _led_by(units)
        statement = f"SELECT * FROM rm_periods WHERE task_id IN ({led}) ORDER BY period"
        return self._all(PERIODS, self.sql.stream(statement, names))

    def awaiting_review(self) -> list[PeriodRow]:
        """Every report submitted and not yet accepted or returned, the longest waiting first."""
        statement = (
            "SELECT * FROM rm_periods WHERE state = ? ORDER BY submitted_on, campaign_id, task_id"
        )
        return self._all(PERIODS, self.sql.stream(statement, ("submitted",)))

    def periods_called(
        self, period: str, units: str | Collection[str] | None = None
    ) -> list[PeriodRow]:
        """Every task's row of one period (of the tasks `units` lead, when given)."""
        statement, params = "SELECT * FROM rm_periods WHERE period = ?", (period,)
        if units is not None:
            led, names = _led_by(units)
            statement, params = f"{statement} AND task_id IN ({led})", (period, *names)
        return self._all(PERIODS, self.sql.stream(statement, params))

    def period_called_of(
        self, period: str, campaign_id: UUID | None = None, tasks: Sequence[UUID] | None = None
    ) -> list[PeriodRow]:
        """The rows of one period of one campaign's tasks (of every campaign when None), or of
        the tasks given."""
        if tasks is not None:
            found: list[PeriodRow] = []
            for marks, params in in_chunks(tasks):
                statement = f"SELECT * FROM rm_periods WHERE period = ? AND task_id IN ({marks})"
                found.extend(self._all(PERIODS, self.sql.stream(statement, (period, *params))))
            return found
        if campaign_id is None:
            return self.periods_called(period)
        statement = "SELECT * FROM rm_periods WHERE campaign_id = ? AND period = ?"
        return self._all(PERIODS, self.sql.stream(statement, (str(campaign_id), period)))

    def latest_periods(
        self, as_of: date, units: str | Collection[str] | None = None
    ) -> tuple[str | None, str | None]:
        """The latest period due by `as_of`, and the latest opened (of the tasks `units` lead,
        when given)."""
        scope, names = "", ()
        if units is not None:
            led, names = _led_by(units)
            scope = f" AND task_id IN ({led})"
        due = self.sql.one(
            f"SELECT MAX(period) AS p FROM rm_periods WHERE due_on <= ?{scope}",
            (as_of.isoformat(), *names),
        )
        opened = self.sql.one(
            f"SELECT MAX(period) AS p FROM rm_periods WHERE opened_on IS NOT NULL{scope}", names
        )
        return (due["p"] if due else None), (opened["p"] if opened else None)

    def overdue(self) -> list[PeriodMark]:
        statement = f"{MARKS.select} WHERE overdue_on IS NOT NULL ORDER BY due_on, campaign_id"
        return self._all(MARKS, self.sql.stream(statement))

    def overdue_of_tasks(self, ids: Sequence[UUID]) -> list[PeriodMark]:
        found: list[PeriodMark] = []
        for marks, params in in_chunks(ids):
            statement = f"{MARKS.select} WHERE overdue_on IS NOT NULL AND task_id IN ({marks})"
            found.extend(self._all(MARKS, self.sql.stream(statement, params)))
        return found

    def reminders_led_by(self, units: str | Collection[str]) -> list[ReminderRow]:
        led, names = _led_by(units)
        statement = f"SELECT * FROM rm_reminders WHERE task_id IN ({led}) ORDER BY position DESC"
        return self._all(REMINDERS, self.sql.stream(statement, names))

    def open_supervisions(self, campaign_id: UUID | None = None) -> list[SupervisionRow]:
        statement = "SELECT * FROM rm_supervisions WHERE closed_on IS NULL"
        params: tuple[str, ...] = ()
        if campaign_id is not None:
            statement += " AND campaign_id = ?"
            params = (str(campaign_id),)
        rows = self.sql.stream(statement + " ORDER BY opened_on, task_id", params)
        return self._all(SUPERVISIONS, rows)

    def assessments(self, campaign_id: UUID) -> list[AssessmentRow]:
        statement = "SELECT * FROM rm_assessments WHERE campaign_id = ? ORDER BY year"
        return self._all(ASSESSMENTS, self.sql.stream(statement, (str(campaign_id),)))

    def events(self, campaign_id: UUID) -> list[EventRow]:
        statement = "SELECT * FROM rm_events WHERE campaign_id = ? ORDER BY position"
        return self._all(EVENTS, self.sql.stream(statement, (str(campaign_id),)))

    def supervisions(self, campaign_id: UUID) -> list[SupervisionRow]:
        """Every supervision of the campaign's tasks, open or closed."""
        statement = "SELECT * FROM rm_supervisions WHERE campaign_id = ? ORDER BY opened_on"
        return self._all(SUPERVISIONS, self.sql.stream(statement, (str(campaign_id),)))

    def qualitative(self, campaign_id: UUID, year: int) -> QualitativeRow | None:
        statement = "SELECT * FROM rm_qualitative WHERE campaign_id = ? AND year = ?"
        row = self.sql.one(statement, (str(campaign_id), year))
        return QUALITATIVE.decode(row, self.shared) if row else None

    def packs(self) -> list[PackRow]:
        return self._all(PACKS, self.sql.stream("SELECT * FROM rm_packs ORDER BY cut"))

    def pack(self, pack_id: UUID) -> PackRow | None:
        row = self.sql.one("SELECT * FROM rm_packs WHERE id = ?", (str(pack_id),))
        return PACKS.decode(row, self.shared) if row else None

    def meetings(self, campaign_id: UUID) -> list[MeetingRow]:
        statement = "SELECT * FROM rm_meetings WHERE campaign_id = ? ORDER BY number"
        return self._all(MEETINGS, self.sql.stream(statement, (str(campaign_id),)))

    def follow_ups(self, campaign_id: UUID) -> list[FollowUpRow]:
        statement = (
            "SELECT * FROM rm_follow_ups WHERE campaign_id = ? ORDER BY meeting_number, code"
        )
        return self._all(FOLLOW_UPS, self.sql.stream(statement, (str(campaign_id),)))

    def follow_ups_owed_by(self, units: Collection[str]) -> list[FollowUpRow]:
        """The open follow-ups assigned to any of `units` (every name a unit answers to)."""
        keys = tuple(sorted({normalize_unit(u) for u in units}))
        if not keys:
            return []
        marks = ", ".join("?" * len(keys))
        statement = (
            f"SELECT * FROM rm_follow_ups WHERE unit_key IN ({marks}) AND done_on IS NULL "
            "ORDER BY due_on, meeting_number, code"
        )
        return self._all(FOLLOW_UPS, self.sql.stream(statement, keys))

    def audit(self, trail: Trail, limit: int, skip: int = 0) -> list[EventRow]:
        """The events `trail` selects, in the order they were stored, at most `limit` after
        the first `skip` (a page of the trail)."""
        clauses, params = trail.where()
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        statement = f"SELECT * FROM rm_events{where} ORDER BY position LIMIT ? OFFSET ?"
        return self._all(EVENTS, self.sql.stream(statement, (*params, limit, skip)))

    def audit_count(self, trail: Trail) -> int:
        """How many events `trail` selects (a page says so, and how many pages)."""
        clauses, params = trail.where()
        where = f" WHERE {' AND '.join(clauses)}" if clauses else ""
        found = self.sql.one(f"SELECT COUNT(*) AS n FROM rm_events{where}", tuple(params))
        return int(found["n"]) if found else 0

    def units(self) -> list[UnitRow]:
        return self._all(UNITS, self.sql.stream("SELECT * FROM rm_units ORDER BY name"))

    def unit_groups(self) -> list[GroupRow]:
        rows = self.sql.rows("SELECT * FROM rm_unit_groups ORDER BY name")
        return self._all(GROUPS, rows)

    def unit_names(self) -> UnitNames:
        """The units registry, to resolve names and scope a unit's access."""
        return UnitNames(
            {u.name: u.aliases for u in self.units()},
            {g.name: g.members for g in self.unit_groups()},
        )

    def unprojected(self, limit: int = 20) -> tuple[int, list[Row]]:
        """How many stored events the projection passed over, and the first `limit` of them."""
        count = self.sql.one("SELECT COUNT(*) AS n FROM rm_unprojected")
        rows = self.sql.rows("SELECT * FROM rm_unprojected ORDER BY position LIMIT ?", (limit,))
        return (int(count["n"]) if count else 0), [dict(r) for r in rows]
