"""The task force's work queues: reports waiting for review (审核), and supporting units that
have contributed nothing for a period."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.access import TASK_FORCE_READERS, allow
from api.deps import Now, ServicesDep, json_answer
from api.presenters import queues
from api.schemas.common import REFUSALS
from api.schemas.monitoring import ReviewItem, SilentItem
from domain.application import business_day
from domain.values import Period

router = APIRouter(tags=["reviews"], responses=REFUSALS)
PeriodQuery = Annotated[str | None, Query(pattern=r"^\d{4}-\d{2}$", description="YYYY-MM")]


@router.get("/reviews", response_model=list[ReviewItem], dependencies=[allow(TASK_FORCE_READERS)])
def review_queue(svc: ServicesDep, now: Now) -> Response:
    """Every report awaiting acceptance or return, the longest waiting first."""
    return json_answer(queues.review_queue(svc, business_day(now)))


@router.get(
    "/contributions/silent",
    response_model=list[SilentItem],
    dependencies=[allow(TASK_FORCE_READERS)],
)
def silent_contributors(
    svc: ServicesDep, now: Now, period: PeriodQuery = None, campaign: UUID | None = None
) -> Response:
    """For one period (default: the latest opened), each task whose supporting units have not
    all said what they did, and which of them have not."""
    if period is not None:
        Period.parse(period)  # full-width digits pass the pattern's \d: refused here
    return json_answer(queues.silent(svc, business_day(now), period, campaign))
