"""Portfolio and campaign views: the judgement of domain/judgement.py mapped to the API's shapes."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from uuid import UUID

from api.schemas.campaigns import (
    AssessmentOut,
    CampaignOut,
    ContributionOut,
    EvidenceOut,
    IndicatorOut,
    MilestoneOut,
    PeriodOut,
    PlanPointOut,
    PolicyIn,
    StatusCounts,
    SupervisionOut,
    TaskOut,
)
from domain.judgement import IndicatorJudgement, by_task, judge, status_of
from domain.values import MAX_MAGNITUDE, Status
from domain.views import (
    AssessmentRow,
    CampaignRow,
    PeriodRow,
    SupervisionRow,
    TaskRow,
    missing_overdue,
    silent_supporters,
)

__all__ = [
    "by_task", "campaign_out", "status_counts", "status_of", "task_out",
]  # fmt: skip
# Derived figures (a forecast) may pass the input bound; beyond this they are unreadable input.
_SHOWN_BELOW = MAX_MAGNITUDE * 1000


def status_counts(statuses: Iterable[Status]) -> StatusCounts:
    counted = Counter(s.value for s in statuses)
    return StatusCounts(**counted)


def _supervision(row: SupervisionRow | None) -> SupervisionOut | None:
    if row is None:
        return None
    return SupervisionOut(
        supervision_id=row.supervision_id,
        periods=list(row.periods),
        reason=row.reason,
        opened_on=row.opened_on,
        opened_by=row.opened_by,
    )


def _period(row: PeriodRow, task: TaskRow) -> PeriodOut:
    return PeriodOut(
        period=row.period,
        due_on=row.due_on,
        state=row.state.value if row.state else None,
        revision=row.revision,
        overdue_on=row.overdue_on,
        late=row.late,
        submitted_on=row.submitted_on,
        return_reason=row.return_reason,
        contributions=[
            ContributionOut(
                unit=c.unit,
                text=c.text,
                figures={code: _number(v, 4) for code, v in c.figures.items()},
                on=c.on,
                by=c.by,
            )
            for c in row.contributions
        ],
        silent_supporters=silent_supporters(task, row),
        evidence=[EvidenceOut(**dataclasses.asdict(e)) for e in row.evidence],
    )


def _number(value: Decimal | None, places: int = 2) -> float | None:
    """A figure for JSON; None for one that cannot be read (JSON has no NaN or infinity)."""
    if value is None or not value.is_finite() or value.copy_abs() >= _SHOWN_BELOW:
        return None
    return round(float(value), places)


def _pct(share: Decimal | None) -> float | None:
    return None if share is None else _number(share * 100, 1)


def indicator_out(judged: IndicatorJudgement) -> IndicatorOut:
    i, standing = judged.indicator, judged.standing
    return IndicatorOut(
        code=i.code,
        name=i.name,
        unit=i.unit,
        baseline=_number(i.baseline, 4),
        target=_number(i.target, 4),
        attribute=i.attribute.value,
        deadline=i.deadline,
        direction=i.direction.value,
        actual=_number(standing.actual, 4) if standing else None,
        shape=i.shape.value,
        case_load=_number(i.case_load),
        method=i.method,
        plan=[PlanPointOut(period=p.period, value=_number(p.value, 4)) for p in i.plan],
        status=judged.status.value,
        problem=judged.problem or None,
        planned=_number(standing.planned) if standing else None,
        progress_pct=_pct(standing.progress) if standing else None,
        planned_pct=_pct(standing.planned_progress) if standing else None,
        forecast=_number(standing.forecast) if standing else None,
        will_meet=standing.will_meet if standing else None,
        remaining=_number(standing.remaining) if standing else None,
    )


def task_out(
    campaign: CampaignRow,
    task: TaskRow,
    periods: list[PeriodRow],
    supervision: SupervisionRow | None,
    on: date,
) -> TaskOut:
    judged = judge(campaign, task, periods, on)
    return TaskOut(
        id=task.id,
        number=task.number,
        title=task.title,
        lead_units=list(task.lead_units),
        supporting_units=list(task.supporting_units),
        status=judged.status.value,
        status_reason=judged.problem or None,
        indicators=[indicator_out(j) for j in judged.indicators],
        latest_actuals={code: float(v) for code, v in judged.latest_actuals.items()},
        milestones=[
            MilestoneOut(
                code=m.code, name=m.name, due=m.due, completed_on=task.milestones_done.get(m.code)
            )
            for m in task.milestones
        ],
        open_supervision=_supervision(supervision),
        overdue_periods=missing_overdue(periods),
        periods=[_period(p, task) for p in sorted(periods, key=lambda p: p.period)],
    )


def campaign_out(
    campaign: CampaignRow,
    tasks: list[TaskRow],
    periods: dict[UUID, list[PeriodRow]],
    supervisions: list[SupervisionRow],
    assessments: list[AssessmentRow],
    on: date,
) -> CampaignOut:
    open_by_task = {s.task_id: s for s in supervisions}
    task_views = [task_out(campaign, t, periods[t.id], open_by_task.get(t.id), on) for t in tasks]
    p = campaign.policy
    return CampaignOut(
        id=campaign.id,
        code=campaign.code,
        name=campaign.name,
        task_force=campaign.task_force,
        year=campaign.year,
        start_period=campaign.start_period,
        phase=campaign.phase.value,
        launched_on=campaign.launched_on,
        concluded_on=campaign.concluded_on,
        policy=PolicyIn(
            due_day=p.due_day,
            reminder_days=list(p.reminder_days),
            escalate_after_days=p.escalate_after_days,
            escalate_after_overdue=p.escalate_after_overdue,
        ),
        as_of=on,
        status_counts=status_counts(Status(t.status) for t in task_views),
        tasks=task_views,
        assessments=[
            AssessmentOut(
                year=a.year,
                score=float(a.score),
                rating=a.rating,
                decision=a.decision,
                rationale=a.rationale,
                on=a.on,
                evaluator=a.evaluator,
            )
            for a in assessments
        ],
    )
