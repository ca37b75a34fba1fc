"""Commands on tasks: monthly reports, their review, supervision, milestones, assessments."""

from __future__ import annotations

from pydantic import BaseModel, Field

from api.schemas.common import Number, PeriodText, Short, Text
from domain.values import Decision


class ReportIn(BaseModel):
    period: PeriodText
    actuals: dict[Short, Number] = Field({}, description="indicator code -> value this period")
    resolved: dict[Short, Number] = Field(
        {},
        description="rate indicators over a case load: code -> cases resolved so far, instead "
        "of the rate; stored as the rate (resolved ÷ case load, to 4 decimals)",
    )
    progress: Text
    problems: Text = ""
    next_steps: Text = ""


class ContributionIn(BaseModel):
    period: PeriodText
    text: Text = Field(description="what the supporting unit did this period (本期配合工作)")
    figures: dict[Short, Number] = Field(
        {}, description="indicator code -> the unit's own figure this period, where it has one"
    )


class ReasonIn(BaseModel):
    reason: Text


class MilestoneDoneIn(BaseModel):
    note: Text = ""


class AssessmentIn(BaseModel):
    year: int = Field(ge=2000, le=2100)
    score: Number = Field(ge=0, le=100)
    rating: Short
    decision: Decision
    rationale: Text
