"""Report drafts (草稿): what a lead unit has typed into a report form and saved, private to that
unit until it submits. A draft is not a fact: it is overwritten in place, deleted when the
report is submitted, and never seen by the task force or replayed in an audit."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.units import normalize_unit
from infra.readmodel.backends import Backend

TABLE = "xh_drafts"
DDL = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    task_id TEXT NOT NULL,
    period TEXT NOT NULL,
    unit TEXT NOT NULL,
    body TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    saved_by TEXT NOT NULL,
    PRIMARY KEY (task_id, period, unit)
)"""


@dataclass(frozen=True)
class Draft:
    task_id: UUID
    period: str
    unit: str
    body: dict[str, Any]
    saved_at: datetime
    saved_by: str


class Drafts:
    """One draft per task, period and unit (the unit's name normalized, domain/units.py)."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        with backend.transaction(write=True) as sql:
            sql.run(DDL)

    def save(
        self, task_id: UUID, period: str, unit: str, body: dict[str, Any], by: str, at: datetime
    ) -> Draft:
        key = (str(task_id), period, normalize_unit(unit))
        text = json.dumps(body, ensure_ascii=False, sort_keys=True)
        with self.backend.transaction(write=True) as sql:
            sql.run(f"DELETE FROM {TABLE} WHERE task_id = ? AND period = ? AND unit = ?", key)
            sql.run(
                f"INSERT INTO {TABLE} (task_id, period, unit, body, saved_at, saved_by) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                (*key, text, at.isoformat(), by),
            )
        return Draft(task_id, period, key[2], body, at, by)

    def get(self, task_id: UUID, period: str, unit: str) -> Draft | None:
        key = (str(task_id), period, normalize_unit(unit))
        with self.backend.transaction() as sql:
            row = sql.one(
                f"SELECT * FROM {TABLE} WHERE task_id = ? AND period = ? AND unit = ?", key
            )
        if row is None:
            return None
        return Draft(
            task_id,
            period,
            row["unit"],
            json.loads(row["body"]),
            datetime.fromisoformat(row["saved_at"]),
            row["saved_by"],
        )

    def discard(self, task_id: UUID, period: str, unit: str) -> bool:
        key = (str(task_id), period, normalize_unit(unit))
        with self.backend.transaction(write=True) as sql:
            found = sql.one(
                f"SELECT 1 AS found FROM {TABLE} WHERE task_id = ? AND period = ? AND unit = ?", key
            )
            sql.run(f"DELETE FROM {TABLE} WHERE task_id = ? AND period = ? AND unit = ?", key)
        return found is not None
