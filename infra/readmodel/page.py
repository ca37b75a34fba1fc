"""The projection's `View` over one page of notifications: rows held in memory, written once.

Before a page is projected, the rows of every aggregate it names are read in one query per
table (`prefetch`); the events then change those rows in memory, and when the page ends each
changed row is written once, one batched statement per table (`flush`), inside the caller's
transaction, which also moves the tracking position. So a rebuild and the live follower run the
same projection code at the pace of batch writes, and a crash mid-page leaves the model at the
end of the last page it committed.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from copy import copy
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from domain.units import normalize_unit
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
from infra.readmodel.backends import Sql, in_chunks
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
    ROW_TABLES,
    SUPERVISIONS,
    TASKS,
    UNITS,
)
from infra.readmodel.table import Table

R = TypeVar("R")
Key = tuple[Any, ...]


def task_units(row: TaskRow) -> tuple[tuple[str, str], ...]:
    """The task's (unit, role) rows of rm_task_units, normalized (domain/units.py) so a lookup
    finds a unit however the plan spaced it; a lead unit is not listed again as supporting."""
    lead = [normalize_unit(u) for u in row.lead_units]
    supporting = [u for u in map(normalize_unit, row.supporting_units) if u not in lead]
    units = [(u, "lead") for u in lead] + [(u, "supporting") for u in supporting]
    return tuple(dict.fromkeys(units))


@dataclass
class Carried:
    """The rows a page ended with, as stored, for the next page of the same catch-up: valid
    only while nothing else wrote the model in between (the caller checks the position)."""

    rows: dict[str, dict[Key, Any]]
    children_read: set[UUID]
    units_stored: dict[UUID, tuple[tuple[str, str], ...]]

    @property
    def size(self) -> int:
        return sum(len(held) for held in self.rows.values())


# The tables the projection reads back; the others it only writes, so none of theirs is kept.
_READ = (CAMPAIGNS, TASKS, PERIODS, SUPERVISIONS)


class PageView:
    """Implements domain.views.View for one page, inside one read-model transaction."""

    def __init__(self, sql: Sql, carried: Carried | None = None) -> None:
        self.sql = sql
        self._rows: dict[str, dict[Key, Any]] = {t.name: {} for t in ROW_TABLES}
        self._dirty: dict[str, dict[Key, Any]] = {t.name: {} for t in ROW_TABLES}
        # Tasks whose supervisions were all read: a miss among them is "none yet".
        self._children_read: set[UUID] = set()
        self._units_stored: dict[UUID, tuple[tuple[str, str], ...]] = {}
        self._touched: dict[tuple[str, UUID], int] = {}  # (table, id) -> last position
        if carried is not None:
            self._rows.update(carried.rows)
            self._children_read = carried.children_read
            self._units_stored = carried.units_stored

    def carry(self) -> Carried:
        """What the next page may start from once this one is committed."""
        return Carried(
            {t.name: self._rows[t.name] for t in _READ}, self._children_read, self._units_stored
        )

    # -- reading ahead ------------------------------------------------------------------------
    def prefetch(self, ids: Collection[UUID], periods: Collection[tuple[UUID, str]] = ()) -> None:
        """Read the campaign and task rows of the aggregates `ids` name, every supervision of
        those tasks, and of their period rows those in `periods` (the projection reads a
        period only by the (task, period) its event names; any other is read when asked)."""
        if not ids:
            return
        ids = [i for i in ids if (i,) not in self._rows[TASKS.name] or i not in self._children_read]
        if ids:
            tasks = self._fetch(TASKS, "id", ids)
            self._keep(TASKS, tasks, ids)
            for task in tasks:
                self._units_stored[task.id] = task_units(task)
            campaign_ids = {*ids, *(t.campaign_id for t in tasks)}
            self._keep(CAMPAIGNS, self._fetch(CAMPAIGNS, "id", campaign_ids), campaign_ids)
            task_ids = [i for i in ids if i not in self._children_read]
            self._keep(SUPERVISIONS, self._fetch(SUPERVISIONS, "task_id", task_ids), ())
            self._children_read.update(task_ids)
        held = self._rows[PERIODS.name]
        wanted = {key for key in periods if key not in held}
        if wanted:
            self._keep(PERIODS, self._fetch_periods(wanted), wanted)

    def _fetch_periods(self, wanted: set[tuple[UUID, str]]) -> list[PeriodRow]:
        """The period rows `wanted` names: fetched by task and period, decoded only if named."""
        named = {(str(t), p) for t, p in wanted}
        marks = ", ".join("?" * len({p for _, p in wanted}))
        months = tuple(sorted({p for _, p in wanted}))
        found: list[PeriodRow] = []
        for task_marks, params in in_chunks({t for t, _ in wanted}):
            rows = self.sql.rows(
                f"SELECT * FROM {PERIODS.name} WHERE task_id IN ({task_marks}) "
                f"AND period IN ({marks})",
                (*params, *months),
            )
            found.extend(PERIODS.decode(r) for r in rows if (r["task_id"], r["period"]) in named)
        return found

    def _fetch(self, table: Table[R], column: str, ids: Iterable[UUID]) -> list[R]:
        found: list[R] = []
        for marks, params in in_chunks(ids):
            rows = self.sql.rows(f"SELECT * FROM {table.name} WHERE {column} IN ({marks})", params)
            found.extend(table.decode(r) for r in rows)
        return found

    def _keep(self, table: Table[R], rows: list[R], keys: Iterable[Any]) -> None:
        """Hold the rows read, and None for each of `keys` (an id, or a whole key) not found."""
        held = self._rows[table.name]
        for row in rows:
            held.setdefault(table.key_of(row), row)
        for key in keys:
            held.setdefault(key if isinstance(key, tuple) else (key,), None)

    def _get(self, table: Table[R], key: Key) -> R | None:
        held = self._rows[table.name]
        if key in held:
            return held[key]
        if table is SUPERVISIONS and key[0] in self._children_read:
            return None
        row = self.sql.one(table.select_sql, table.key_params(*key))
        found = table.decode(row) if row is not None else None
        if found is not None and table is TASKS:
            self._units_stored[key[0]] = task_units(found)
        held[key] = found
        return found

    def _put(self, table: Table[R], row: R) -> None:
        key = table.key_of(row)
        self._rows[table.name][key] = row
        self._dirty[table.name][key] = row

    # -- writing once -------------------------------------------------------------------------
    def flush(self) -> int:
        """Write every row the page changed, one batched statement per table; rows written."""
        for table in (CAMPAIGNS, TASKS):
            self._flush_touched(table)
        self._touched.clear()
        written = self._flush_task_units(self._dirty[TASKS.name].values())
        for table in ROW_TABLES:
            dirty = self._dirty[table.name]
            if dirty:
                self._upsert(table, [table.params(row) for row in dirty.values()])
                written += len(dirty)
                dirty.clear()
        return written

    def _flush_touched(self, table: Table[Any]) -> None:
        """Move `touched`: in the rows the page changed anyway; else by a narrow update, since
        re-encoding a whole task (its plan as JSON) for one number is most of a rebuild's work."""
        held, dirty, narrow = self._rows[table.name], self._dirty[table.name], []
        for (name, row_id), position in self._touched.items():
            if name != table.name or (row := self._get(table, (row_id,))) is None:
                continue
            moved = copy(row)
            object.__setattr__(moved, "touched", position)  # a fresh copy: no one holds it yet
            held[row_id,] = moved
            if (row_id,) in dirty:
                dirty[row_id,] = moved
            else:
                narrow.append((str(row_id), position))
        if not narrow:
            return
        if self.sql.dialect == "postgres":
            self.sql.run(
                f"UPDATE {table.name} AS t SET touched = v.touched "
                "FROM unnest(?::TEXT[], ?::BIGINT[]) AS v(id, touched) WHERE t.id = v.id",
                Table.column_params(narrow),
            )
        else:
            self.sql.many(
                f"UPDATE {table.name} SET touched = ? WHERE id = ?", [(p, i) for i, p in narrow]
            )

    def _upsert(self, table: Table[Any], rows: list[tuple[Any, ...]]) -> None:
        if self.sql.dialect != "postgres":
            self.sql.many(table.upsert_sql, rows)  # in-process: executemany is the fast path
            return
        # Over the wire, one statement with an array per column beats a pipeline of rows.
        self.sql.run(table.upsert_columns_sql, table.column_params(rows))

    def _flush_task_units(self, tasks: Iterable[TaskRow]) -> int:
        changed = {
            row.id: units
            for row in tasks
            if (units := task_units(row)) != self._units_stored.get(row.id)
        }
        if not changed:
            return 0
        self.sql.many("DELETE FROM rm_task_units WHERE task_id = ?", [(str(t),) for t in changed])
        rows = [(str(t), unit, role) for t, units in changed.items() for unit, role in units]
        self.sql.many("INSERT INTO rm_task_units (task_id, unit, role) VALUES (?, ?, ?)", rows)
        self._units_stored.update(changed)
        return len(rows)

    # -- the View -----------------------------------------------------------------------------
    def campaign(self, campaign_id: UUID) -> CampaignRow | None:
        return self._get(CAMPAIGNS, (campaign_id,))

    def put_campaign(self, row: CampaignRow) -> None:
        self._put(CAMPAIGNS, row)

    def task(self, task_id: UUID) -> TaskRow | None:
        return self._get(TASKS, (task_id,))

    def put_task(self, row: TaskRow) -> None:
        self._put(TASKS, row)

    def period(self, task_id: UUID, period: str) -> PeriodRow | None:
        return self._get(PERIODS, (task_id, period))

    def put_period(self, row: PeriodRow) -> None:
        self._put(PERIODS, row)

    def supervision(self, task_id: UUID, supervision_id: str) -> SupervisionRow | None:
        return self._get(SUPERVISIONS, (task_id, supervision_id))

    def put_supervision(self, row: SupervisionRow) -> None:
        self._put(SUPERVISIONS, row)

    def add_reminder(self, row: ReminderRow) -> None:
        self._put(REMINDERS, row)

    def put_meeting(self, row: MeetingRow) -> None:
        self._put(MEETINGS, row)

    def follow_up(self, meeting_id: UUID, code: str) -> FollowUpRow | None:
        return self._get(FOLLOW_UPS, (meeting_id, code))

    def put_follow_up(self, row: FollowUpRow) -> None:
        self._put(FOLLOW_UPS, row)

    def put_assessment(self, row: AssessmentRow) -> None:
        self._put(ASSESSMENTS, row)

    def put_qualitative(self, row: QualitativeRow) -> None:
        self._put(QUALITATIVE, row)

    def put_pack(self, row: PackRow) -> None:
        self._put(PACKS, row)

    def add_event(self, row: EventRow) -> None:
        self._put(EVENTS, row)

    def put_unit(self, row: UnitRow) -> None:
        self._put(UNITS, row)

    def put_group(self, row: GroupRow) -> None:
        self._put(GROUPS, row)

    def touch(self, campaign_id: UUID, task_id: UUID | None, position: int) -> None:
        self._touched[CAMPAIGNS.name, campaign_id] = position
        if task_id is not None:
            self._touched[TASKS.name, task_id] = position
