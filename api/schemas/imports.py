"""The import report out: draft campaigns, counts, new units and groups, and problems."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from infra.importer.report import ImportReport


class ProblemOut(BaseModel):
    kind: str = Field(description="missing_header, no_lead_unit, not_a_number, too_large, ...")
    cell: str = Field(description="where, as a spreadsheet writes it: 任务分解表!D7")
    sheet: str
    row: int | None = Field(description="1-based row, as Excel numbers it")
    column: str | None = Field(description="Excel column letter")
    field: str | None = Field(None, description="YAML plans: campaigns[0].tasks[1].lead_units")
    zh: str
    en: str


class PlanPointOut(BaseModel):
    period: str
    value: Decimal


class IndicatorOut(BaseModel):
    code: str
    name: str
    unit: str
    baseline: Decimal
    target: Decimal
    attribute: str
    deadline: date
    direction: str
    shape: str
    method: str
    case_load: Decimal | None = None
    plan: list[PlanPointOut] = []


class SuggestedIndicatorOut(IndicatorOut):
    at_least: bool = Field(description="written 不少于, 以上, ≥: the target is a floor")
    source: str = Field(description="the words of the task text it was read from")


class SuggestionOut(BaseModel):
    """Indicators read from the text of a task the table gives none, to accept, edit or drop."""

    campaign: str
    task: str
    indicators: list[SuggestedIndicatorOut]
    deadline: date | None = Field(description="the latest deadline the text names")


class DraftTaskOut(BaseModel):
    number: str
    title: str
    lead_units: list[str]
    supporting_units: list[str]
    indicators: list[IndicatorOut]


class DraftCampaignOut(BaseModel):
    code: str
    name: str
    tasks: list[DraftTaskOut]


class CountsOut(BaseModel):
    campaigns: int
    tasks: int
    units: int
    indicators: int


class ImportOut(BaseModel):
    """What the file holds and what was wrong with it; with `stored`, the drafts' ids."""

    source: str
    format: str
    ok: bool = Field(description="no errors")
    stored: bool = Field(description="the drafts were stored (not launched)")
    year: int
    start_period: str
    task_force: str
    counts: CountsOut
    campaigns: list[DraftCampaignOut]
    new_units: list[str] = Field(description="not in the units registry; registered on import")
    new_groups: list[str] = Field(description="unit groups (各镇、街道) defined on import, empty")
    groups_to_fill: list[str] = Field(description="groups named that have no members yet")
    errors: list[ProblemOut]
    warnings: list[ProblemOut]
    campaign_ids: list[UUID]
    position: int | None = Field(description="notification id of the last event written")
    warning: str | None = Field(None, description="stored, but the read model lags")
    suggestions: list[SuggestionOut] = Field(
        [], description="indicators read from task texts (dry run); nothing of them is stored"
    )

    @classmethod
    def of(cls, report: ImportReport, warning: str | None = None) -> ImportOut:
        return cls.model_validate({**report.to_dict(), "warning": warning})


def refusal(report: ImportReport) -> dict[str, Any]:
    """The 422 body: the report, and its errors as pydantic-shaped `detail` as well."""
    detail = [
        {"loc": ["body", p.cell], "msg": f"{p.zh} / {p.en}", "type": p.kind} for p in report.errors
    ]
    return {**ImportOut.of(report).model_dump(mode="json"), "detail": detail}
