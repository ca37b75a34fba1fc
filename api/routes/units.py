"""A unit's inbox: what it must report, what it was reminded of, where it is late."""

from __future__ import annotations

from fastapi import APIRouter

from api.auth import can_read_inbox
from api.deps import CurrentUser, ReadDep
from api.errors import ApiError
from api.presenters.monitoring import inbox
from api.schemas.common import REFUSALS
from api.schemas.monitoring import InboxOut

router = APIRouter(prefix="/units", tags=["units"], responses=REFUSALS)


@router.get("/{unit}/inbox")
def unit_inbox(unit: str, user: CurrentUser, queries: ReadDep) -> InboxOut:
    """Due and overdue reports, reminders and open supervisions of the tasks the unit leads."""
    if not can_read_inbox(user, unit):
        msg = f"{user.unit} may read its own inbox only"
        raise ApiError(403, ["path", "unit"], msg, "forbidden")
    tasks = queries.tasks_led_by(unit)
    task_ids = {t.id for t in tasks}
    return inbox(
        unit,
        {c.id: c for c in queries.campaigns()},
        tasks,
        queries.periods_led_by(unit),
        queries.reminders_led_by(unit),
        [s for s in queries.open_supervisions() if s.task_id in task_ids],
    )
