"""Portfolio and campaign views; each task's status judged as of a given day."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from uuid import UUID

from api.schemas.campaigns import (
    AssessmentOut,
    CampaignOut,
    CampaignSummaryOut,
    IndicatorOut,
    MilestoneOut,
    PeriodOut,
    PlanPointOut,
    PolicyIn,
    StatusCounts,
    SupervisionOut,
    TaskOut,
)
from domain.indicators import Standing
from domain.status import indicator_status, standings, task_status
from domain.values import Indicator, Status
from domain.views import (
    AssessmentRow,
    CampaignRow,
    PeriodRow,
    SupervisionRow,
    TaskRow,
    latest_actuals,
    missing_overdue,
    status_input,
)


def by_task(periods: Iterable[PeriodRow]) -> dict[UUID, list[PeriodRow]]:
    grouped: dict[UUID, list[PeriodRow]] = defaultdict(list)
    for row in periods:
        grouped[row.task_id].append(row)
    return grouped


def status_of(campaign: CampaignRow, task: TaskRow, periods: list[PeriodRow], on: date) -> Status:
    return task_status(status_input(campaign, task, periods, on))


def _counts(statuses: Iterable[Status]) -> StatusCounts:
    counted = Counter(s.value for s in statuses)
    return StatusCounts(**counted)


def campaign_summary(
    campaign: CampaignRow,
    tasks: list[TaskRow],
    periods: dict[UUID, list[PeriodRow]],
    on: date,
) -> CampaignSummaryOut:
    return CampaignSummaryOut(
        id=campaign.id,
        code=campaign.code,
        name=campaign.name,
        task_force=campaign.task_force,
        year=campaign.year,
        phase=campaign.phase.value,
        launched_on=campaign.launched_on,
        tasks=len(tasks),
        status_counts=_counts(status_of(campaign, t, periods[t.id], on) for t in tasks),
        missing_overdue_reports=sum(len(missing_overdue(periods[t.id])) for t in tasks),
        open_supervisions=sum(1 for t in tasks if t.open_supervision),
    )


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


def _period(row: PeriodRow) -> PeriodOut:
    return PeriodOut(
        period=row.period,
        due_on=row.due_on,
        state=row.state.value if row.state else None,
        revision=row.revision,
        overdue_on=row.overdue_on,
        late=row.late,
        submitted_on=row.submitted_on,
        return_reason=row.return_reason,
    )


def _number(value: Decimal | None, places: int = 2) -> float | None:
    return None if value is None else round(float(value), places)


def _pct(share: Decimal | None) -> float | None:
    return None if share is None else round(float(share * 100), 1)


def indicator_out(i: Indicator, standing: Standing) -> IndicatorOut:
    return IndicatorOut(
        code=i.code,
        name=i.name,
        unit=i.unit,
        baseline=float(i.baseline),
        target=float(i.target),
        attribute=i.attribute.value,
        deadline=i.deadline,
        direction=i.direction.value,
        actual=_number(standing.actual, 4),
        shape=i.shape.value,
        case_load=_number(i.case_load),
        method=i.method,
        plan=[PlanPointOut(period=p.period, value=float(p.value)) for p in i.plan],
        status=indicator_status(standing).value,
        planned=round(float(standing.planned), 2),
        progress_pct=_pct(standing.progress),
        planned_pct=round(float(standing.planned_progress * 100), 1),
        forecast=_number(standing.forecast),
        will_meet=standing.will_meet,
        remaining=_number(standing.remaining),
    )


def task_out(
    campaign: CampaignRow,
    task: TaskRow,
    periods: list[PeriodRow],
    supervision: SupervisionRow | None,
    on: date,
) -> TaskOut:
    actuals = latest_actuals(periods)
    facts = status_input(campaign, task, periods, on)
    judged = standings(facts)
    return TaskOut(
        id=task.id,
        number=task.number,
        title=task.title,
        lead_units=list(task.lead_units),
        supporting_units=list(task.supporting_units),
        status=task_status(facts, judged).value,
        indicators=[indicator_out(i, s) for i, s in zip(task.indicators, judged, strict=True)],
        latest_actuals={code: float(v) for code, v in actuals.items()},
        milestones=[
            MilestoneOut(
                code=m.code, name=m.name, due=m.due, completed_on=task.milestones_done.get(m.code)
            )
            for m in task.milestones
        ],
        open_supervision=_supervision(supervision),
        overdue_periods=missing_overdue(periods),
        periods=[_period(p) for p in sorted(periods, key=lambda p: p.period)],
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
        status_counts=_counts(Status(t.status) for t in task_views),
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
