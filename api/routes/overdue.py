"""Every overdue report across the portfolio (the delay list)."""

from __future__ import annotations

from fastapi import APIRouter

from api.deps import CurrentUser, ReadDep
from api.presenters.monitoring import overdue_item
from api.schemas.common import REFUSALS
from api.schemas.monitoring import OverdueItem

router = APIRouter(tags=["overdue"], responses=REFUSALS)


@router.get("/overdue")
def overdue_reports(user: CurrentUser, queries: ReadDep) -> list[OverdueItem]:
    """All reports marked overdue, and whether a late report has come in since."""
    campaigns = {c.id: c for c in queries.campaigns()}
    tasks = {t.id: t for t in queries.tasks()}
    return [overdue_item(campaigns[p.campaign_id], tasks[p.task_id], p) for p in queries.overdue()]
