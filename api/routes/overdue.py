"""Every overdue report across the portfolio (the delay list)."""

from __future__ import annotations

from fastapi import APIRouter

from api.access import SIGNED_IN, allow
from api.deps import CurrentUser, ReadDep
from api.presenters.monitoring import overdue_item
from api.presenters.visibility import Sight
from api.schemas.common import REFUSALS
from api.schemas.monitoring import OverdueItem

router = APIRouter(tags=["overdue"], responses=REFUSALS)


@router.get("/overdue", dependencies=[allow(SIGNED_IN)])
def overdue_reports(user: CurrentUser, queries: ReadDep) -> list[OverdueItem]:
    """All reports marked overdue, and whether a late report has come in since; a unit gets
    those of its own tasks only."""
    campaigns = {c.id: c for c in queries.campaigns()}
    tasks = {t.id: t for t in Sight(user, queries.unit_names()).own(queries.tasks())}
    return [
        overdue_item(campaigns[p.campaign_id], tasks[p.task_id], p)
        for p in queries.overdue()
        if p.task_id in tasks
    ]
