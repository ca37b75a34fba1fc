"""`xiuhua export status|plan`: the exports written to a file from the configured store."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

from domain.application import business_day
from domain.errors import InvalidInput
from infra.export.plan import campaign_plans, plans_yaml
from infra.export.plan_table import plan_workbook
from infra.export.status import gather_status
from infra.export.status_xlsx import status_workbook
from infra.readmodel import ProjectionRunner, ReadModel
from infra.settings import Settings
from infra.store import open_store

PLAN_SUFFIXES = (".yaml", ".yml", ".xlsx")


def export_status(settings: Settings, out: Path, period: str | None = None) -> str:
    """Bring the read model up to the store, then write the status workbook; returns its period."""
    if out.suffix.lower() != ".xlsx":
        raise InvalidInput("out", f"'{out}' must end in .xlsx")
    store = open_store(settings)
    try:
        readmodel = ReadModel.for_app(store)
        try:
            ProjectionRunner(store, readmodel).catch_up()
            with readmodel.read() as queries:
                report = gather_status(queries, business_day(datetime.now(UTC)), period)
        finally:
            readmodel.close()
    finally:
        store.close()
    out.write_bytes(status_workbook(report))
    return report.period


def export_plan(settings: Settings, out: Path, codes: Sequence[str] = ()) -> int:
    """Write the plans (every campaign's, or those with `codes`) as YAML or as the task
    decomposition table, by the file's suffix; returns how many campaigns."""
    suffix = out.suffix.lower()
    if suffix not in PLAN_SUFFIXES:
        raise InvalidInput("out", f"'{out}' must end in {', '.join(PLAN_SUFFIXES)}")
    store = open_store(settings)
    try:
        plans = campaign_plans(store, codes)
    finally:
        store.close()
    if suffix == ".xlsx":
        out.write_bytes(plan_workbook(plans))
    else:
        out.write_text(plans_yaml(plans), encoding="utf-8")
    return len(plans)
