"""The battle map (挂图作战): campaigns by tasks in one grid, a cell per task."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.campaigns import StatusCounts


class IndicatorCellOut(BaseModel):
    code: str
    name: str
    unit: str
    attribute: str = Field(description="binding (约束性) or expected (预期性)")
    status: str
    actual: float | None = Field(description="the latest value the caller may see")
    target: float | None
    planned: float | None = Field(description="what the plan asks for by the day shown")
    progress_pct: float | None
    planned_pct: float | None


class CellOut(BaseModel):
    id: UUID
    number: str
    title: str
    lead_units: list[str]
    supporting_units: list[str]
    status: str
    status_reason: str | None
    binding: bool = Field(description="the task has at least one binding (约束性) indicator")
    overdue_periods: list[str]
    supervised: bool = Field(description="a supervision (督导) is open; false when not shown")
    scope: str = Field(description="full, or published: another unit's task as all units see it")
    indicators: list[IndicatorCellOut]


class BattleRowOut(BaseModel):
    id: UUID
    code: str
    name: str
    phase: str
    status_counts: StatusCounts
    cells: list[CellOut]


class BattleMapOut(BaseModel):
    on: date = Field(description="the business day the statuses are judged on")
    filters: dict[str, str] = Field(description="the filters applied, as given")
    status_counts: StatusCounts = Field(description="of the cells shown")
    campaigns: list[BattleRowOut]
