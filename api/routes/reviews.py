"""The task force's work queues: reports waiting for review (审核), and supporting units that
have contributed nothing for a period."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.access import TASK_FORCE_READERS, allow
from api.deps import Now, ServicesDep
from api.presenters.monitoring import task_ref
from api.schemas.common import REFUSALS
from api.schemas.monitoring import ReviewItem, SilentItem
from domain.application import business_day
from domain.values import Period
from domain.views import CampaignRow, PeriodRow, TaskRow, silent_supporters

router = APIRouter(tags=["reviews"], responses=REFUSALS)
PeriodQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")]


@router.get("/reviews", response_model=list[ReviewItem], dependencies=[allow(TASK_FORCE_READERS)])
def review_queue(svc: ServicesDep, now: Now) -> list[ReviewItem]:
    """Every report awaiting acceptance or return, the longest waiting first."""
    with svc.readmodel.read() as queries:
        waiting = queries.awaiting_review()
        tasks = {t.id: t for t in queries.tasks_with_ids(sorted({p.task_id for p in waiting}))}
        campaigns = {c.id: c for c in queries.campaigns()}
    today = business_day(now)
    return [
        _review(campaigns[p.campaign_id], tasks[p.task_id], p, today)
        for p in waiting
        if p.task_id in tasks and p.submitted_on is not None
    ]


def _review(campaign: CampaignRow, task: TaskRow, row: PeriodRow, today: date) -> ReviewItem:
    assert row.submitted_on is not None
    return ReviewItem(
        **task_ref(campaign, task),
        period=row.period,
        revision=row.revision,
        submitted_on=row.submitted_on,
        submitted_by=row.submitted_by,
        late=row.late,
        waiting_days=max(0, (today - row.submitted_on).days),
        actuals={code: _figure(v) for code, v in row.actuals.items()},
        progress=row.progress,
        problems=row.problems,
        next_steps=row.next_steps,
        evidence=len(row.evidence),
        returned_before=row.revision > 1,
    )


def _figure(value: Decimal) -> float | None:
    return float(value) if value.is_finite() and abs(value) < 10**15 else None


@router.get(
    "/contributions/silent",
    response_model=list[SilentItem],
    dependencies=[allow(TASK_FORCE_READERS)],
)
def silent_contributors(
    svc: ServicesDep, now: Now, period: PeriodQuery = None, campaign: UUID | None = None
) -> list[SilentItem]:
    """For one period (default: the latest opened), each task whose supporting units have not
    all said what they did, and which of them have not."""
    with svc.readmodel.read() as queries:
        if period is None:
            period = queries.latest_periods(business_day(now))[1]
        if period is None:
            return []
        Period.parse(period)
        rows = [p for p in queries.periods_called(period) if campaign in (None, p.campaign_id)]
        tasks = {t.id: t for t in queries.tasks_with_ids(sorted({p.task_id for p in rows}))}
        campaigns = {c.id: c for c in queries.campaigns()}
    found = []
    for row in sorted(rows, key=lambda r: (str(r.campaign_id), r.task_id)):
        task = tasks.get(row.task_id)
        if task is None:
            continue
        if silent := silent_supporters(task, row):
            ref = task_ref(campaigns[row.campaign_id], task)
            found.append(SilentItem(**ref, period=row.period, due_on=row.due_on, silent=silent))
    return found
