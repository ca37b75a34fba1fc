"""Commands on tasks: monthly reports, their review, supervision, milestones, assessments."""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.campaigns import EvidenceOut
from api.schemas.common import Number, PeriodText, Short, Text
from domain.values import MAX_EVIDENCE, Decision


class EvidenceRef(BaseModel):
    hash: str = Field(pattern=r"^[0-9a-f]{64}$", description="the SHA-256 the upload answered")
    name: Short = Field(min_length=1, description="the file's name as the unit calls it")


class UploadOut(BaseModel):
    hash: str
    content_type: str
    size: int


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
    evidence: list[EvidenceRef] = Field(
        [],
        max_length=MAX_EVIDENCE,
        description="files uploaded first (POST /api/tasks/{task_id}/evidence), by their hash",
    )


class DraftIn(BaseModel):
    """A report as far as the unit has got: every field may still be empty."""

    actuals: dict[Short, Number] = {}
    resolved: dict[Short, Number] = {}
    progress: Text = ""
    problems: Text = ""
    next_steps: Text = ""
    evidence: list[EvidenceRef] = Field(
        [],
        max_length=MAX_EVIDENCE,
        description="the draft's files, by the hash their upload answered; left out, the "
        "draft keeps the files it has (those attached on the page included)",
    )


class DraftOut(BaseModel):
    actuals: dict[str, float]
    resolved: dict[str, float]
    progress: str
    problems: str
    next_steps: str
    evidence: list[EvidenceOut] = Field(
        [],
        description="the files the form starts from: the draft's; or, when the draft never "
        "set any, those of the version the task force returned (退回)",
    )
    task_id: UUID
    period: str
    unit: str
    saved_at: datetime | None = Field(None, description="null: nothing saved yet")
    saved_by: str = ""


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
