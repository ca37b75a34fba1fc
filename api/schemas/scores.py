"""Scores of a year under a rubric (评分细则), and two rubrics side by side."""

from __future__ import annotations

from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import Number, Text


class QualitativeIn(BaseModel):
    year: int = Field(ge=2000, le=2100)
    score: Number = Field(ge=0, le=100, description="the evaluator's own score of the year")
    reason: Text = Field(description="why: a qualitative score is worth its reason")


class PartOut(BaseModel):
    name: str
    points: float
    of: float
    reason: str


class ScoreOut(BaseModel):
    rubric: str
    total: float
    rating: str
    rank: int = Field(description="1 is the best of the portfolio under this rubric")
    gate: str = Field(description="why the total was capped (a binding indicator missed), if so")
    parts: list[PartOut]


class DifferenceOut(BaseModel):
    part: str
    first: PartOut
    second: PartOut


class CampaignScoreOut(BaseModel):
    campaign_id: UUID
    code: str
    name: str
    score: ScoreOut
    compared: ScoreOut | None = Field(None, description="under the second rubric, if asked")
    differences: list[DifferenceOut] = Field([], description="the parts that differ, and why")


class ScoresOut(BaseModel):
    year: int
    unit: str | None = Field(description="only the tasks this unit leads, if given")
    rubric: str
    compare: str | None
    campaigns: list[CampaignScoreOut]
