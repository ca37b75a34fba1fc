"""Report drafts (草稿): what a lead unit has typed into a report form and saved, private to that
unit until it submits. A draft is not a fact: it is overwritten in place, deleted when the
report is submitted, and never seen by the task force or replayed in an audit.

A draft's `evidence` is the files the unit has attached so far. A draft without it (one saved
through the API that never named files) has not set them: the form then starts from the files of
the version the task force returned (退回), if any, so nothing already sent is sent again."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from domain.units import normalize_unit
from domain.values import Evidence, ReportState
from domain.views import PeriodRow
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


def draft_evidence(body: dict[str, Any]) -> tuple[Evidence, ...] | None:
    """The files a draft has set, in its order; None when it never set any."""
    if "evidence" not in body:
        return None
    found = []
    for item in body.get("evidence") or []:
        try:
            found.append(
                Evidence(str(item["hash"]), str(item["name"]), str(item["content_type"]),
                         int(item["size"]))
            )  # fmt: skip
        except (KeyError, TypeError, ValueError):
            continue  # an item no save of ours wrote: not shown, never pointed to
    return tuple(found)


def starting_files(draft: Draft | None, row: PeriodRow | None) -> tuple[Evidence, ...]:
    """The files a report form starts from: the unit's draft's, when it has set them (what the
    unit did last wins); else, after a return, the returned version's; else none."""
    kept = draft_evidence(draft.body) if draft is not None else None
    if kept is not None:
        return kept
    if row is not None and row.state is ReportState.RETURNED:
        return tuple(row.evidence)
    return ()


def evidence_item(item: Evidence) -> dict[str, Any]:
    """A file as a draft body keeps it."""
    return {"hash": item.hash, "name": item.name, "content_type": item.content_type,
            "size": item.size}  # fmt: skip
