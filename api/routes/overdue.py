"""Every overdue report across the portfolio (the delay list)."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.access import SIGNED_IN, allow
from api.deps import CurrentUser, ServicesDep, json_answer
from api.presenters import reads
from api.schemas.common import REFUSALS
from api.schemas.monitoring import OverdueItem

router = APIRouter(tags=["overdue"], responses=REFUSALS)


@router.get("/overdue", response_model=list[OverdueItem], dependencies=[allow(SIGNED_IN)])
def overdue_reports(user: CurrentUser, svc: ServicesDep) -> Response:
    """All reports marked overdue, and whether a late report has come in since; a unit gets
    those of its own tasks only."""
    return json_answer(reads.overdue(svc, user))
