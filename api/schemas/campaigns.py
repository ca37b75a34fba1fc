"""Campaign definition in, portfolio and campaign views out."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import Name, Number, PeriodText, Short, Text
from domain.application import CampaignSpec, TaskSpec
from domain.values import (
    Attribute,
    Direction,
    Indicator,
    Milestone,
    PlanPoint,
    ReportingPolicy,
    Shape,
)


class PolicyIn(BaseModel):
    due_day: int = Field(5, description="report for month M due on this day of M+1")
    reminder_days: list[int] = Field(
        [3, 1], max_length=10, description="working days before the due date"
    )
    escalate_after_days: int = 10
    escalate_after_overdue: int = 2

    def to_domain(self) -> ReportingPolicy:
        return ReportingPolicy(
            self.due_day,
            tuple(self.reminder_days),
            self.escalate_after_days,
            self.escalate_after_overdue,
        )


class PlanPointIn(BaseModel):
    period: PeriodText
    value: Number = Field(description="the value planned by the end of the period")


class IndicatorIn(BaseModel):
    code: Name
    name: Name
    unit: Short
    baseline: Number = Decimal(0)
    target: Number
    attribute: Attribute
    deadline: date
    direction: Direction = Direction.UP
    shape: Shape = Shape.COUNT
    case_load: Number | None = Field(
        None, gt=0, description="rate: the cases the rate is over; checklist: the items listed"
    )
    method: Text = Field("", description="统计方法, as the plan words it")
    plan: list[PlanPointIn] = Field([], description="month by month; none: a straight line")

    def to_domain(self) -> Indicator:
        return Indicator(
            self.code.strip(),
            self.name,
            self.unit,
            self.baseline,
            self.target,
            self.attribute,
            self.deadline,
            self.direction,
            self.shape,
            self.case_load,
            self.method,
            tuple(PlanPoint(p.period, p.value) for p in self.plan),
        )


class MilestoneIn(BaseModel):
    code: Name
    name: Name
    due: date


class TaskIn(BaseModel):
    number: Name
    title: Text
    lead_units: list[Name] = Field(
        min_length=1, description="牵头单位: at least one, none blank (also not a full-width space)"
    )
    supporting_units: list[Short] = []
    indicators: list[IndicatorIn] = []
    milestones: list[MilestoneIn] = []

    def to_domain(self) -> TaskSpec:
        return TaskSpec(
            number=self.number.strip(),
            title=self.title,
            lead_units=tuple(self.lead_units),
            supporting_units=tuple(self.supporting_units),
            indicators=tuple(i.to_domain() for i in self.indicators),
            milestones=tuple(Milestone(m.code.strip(), m.name, m.due) for m in self.milestones),
        )


class AmendIn(TaskIn):
    reason: Text


class CampaignIn(BaseModel):
    code: Name
    name: Name
    task_force: Short
    year: int = Field(ge=2000, le=2100)
    start_period: PeriodText
    policy: PolicyIn | None = None
    tasks: list[TaskIn] = Field(min_length=1)

    def to_domain(self) -> CampaignSpec:
        return CampaignSpec(
            code=self.code,
            name=self.name,
            task_force=self.task_force,
            year=self.year,
            start_period=self.start_period,
            tasks=tuple(t.to_domain() for t in self.tasks),
            policy=(self.policy or PolicyIn()).to_domain(),
        )


class StatusCounts(BaseModel):
    on_track: int = 0
    at_risk: int = 0
    late: int = 0
    not_computable: int = Field(0, description="tasks with a stored value that cannot be read")


class CampaignSummaryOut(BaseModel):
    id: UUID
    code: str
    name: str
    task_force: str
    year: int
    phase: str
    launched_on: date | None
    tasks: int
    status_counts: StatusCounts
    missing_overdue_reports: int
    open_supervisions: int


class PlanPointOut(BaseModel):
    period: str
    value: float | None


class IndicatorOut(BaseModel):
    code: str
    name: str
    unit: str
    baseline: float | None = Field(description="null: a stored value that cannot be read")
    target: float | None
    attribute: str
    deadline: date
    direction: str
    actual: float | None = Field(description="the latest reported value; milestones: completed")
    shape: str
    case_load: float | None
    method: str
    plan: list[PlanPointOut]
    status: str = Field(
        description="this indicator's own status (on_track, at_risk, late, not_computable)"
    )
    problem: str | None = Field(None, description="why the status cannot be computed (无法计算)")
    planned: float | None = Field(
        description="what the plan asks for by today, in the reports' unit"
    )
    progress_pct: float | None = Field(description="% of the way from baseline to target made")
    planned_pct: float | None = Field(description="% of the way the plan asks for by today")
    forecast: float | None = Field(description="value expected at the deadline (least squares)")
    will_meet: bool | None = Field(description="the forecast reaches the target; null: unknown")
    remaining: float | None = Field(description="still to do; a rate over a case load: cases")


class MilestoneOut(BaseModel):
    code: str
    name: str
    due: date
    completed_on: date | None


class SupervisionOut(BaseModel):
    supervision_id: str
    periods: list[str]
    reason: str
    opened_on: date
    opened_by: str


class EvidenceOut(BaseModel):
    hash: str = Field(description="SHA-256 of the file: GET /api/tasks/{task_id}/evidence/{hash}")
    name: str
    content_type: str
    size: int


class ContributionOut(BaseModel):
    unit: str
    text: str
    figures: dict[str, float | None] = Field(description="indicator code -> figure")
    on: date
    by: str


class PeriodOut(BaseModel):
    period: str
    due_on: date | None
    state: str | None
    revision: int
    overdue_on: date | None
    late: bool
    submitted_on: date | None
    return_reason: str
    contributions: list[ContributionOut] = Field(
        [], description="the supporting units' contributions (配合单位), the latest of each"
    )
    silent_supporters: list[str] = Field(
        [], description="supporting units that have contributed nothing for an opened period"
    )
    evidence: list[EvidenceOut] = Field([], description="the files the report points to")


class TaskOut(BaseModel):
    id: UUID
    number: str
    title: str
    lead_units: list[str]
    supporting_units: list[str]
    status: str
    status_reason: str | None = Field(None, description="why the status is not_computable")
    indicators: list[IndicatorOut]
    latest_actuals: dict[str, float]
    milestones: list[MilestoneOut]
    open_supervision: SupervisionOut | None
    overdue_periods: list[str] = Field(description="overdue and still without a standing report")
    periods: list[PeriodOut]
    scope: str = Field(
        "full",
        description="full: the caller's own task (or the caller sees all); published: another "
        "unit's task as the battle map shows it: accepted values only, no drafts or reasons",
    )


class AssessmentOut(BaseModel):
    year: int
    score: float
    rating: str
    decision: str
    rationale: str
    on: date
    evaluator: str


class CampaignOut(BaseModel):
    id: UUID
    code: str
    name: str
    task_force: str
    year: int
    start_period: str
    phase: str
    launched_on: date | None
    concluded_on: date | None
    policy: PolicyIn
    as_of: date
    status_counts: StatusCounts
    tasks: list[TaskOut]
    assessments: list[AssessmentOut]
