"""The battle map (挂图作战): every campaign's tasks in one grid, coloured by status."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query, Response

from api.access import SIGNED_IN, allow
from api.deps import CurrentUser, Now, ServicesDep, json_answer
from api.presenters.battlemap import Filters, battle_map
from api.schemas.battlemap import BattleMapOut
from api.schemas.common import REFUSALS
from domain.application import business_day
from domain.values import Status

router = APIRouter(prefix="/battle-map", tags=["battle map"], responses=REFUSALS)
UNIT_MAX = 100


@router.get("", response_model=BattleMapOut, dependencies=[allow(SIGNED_IN)])
def get_battle_map(
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    campaign: UUID | None = None,
    unit: Annotated[str | None, Query(min_length=1, max_length=UNIT_MAX)] = None,
    status: Status | None = None,
    binding: bool | None = None,
) -> Response:
    """Campaigns by tasks: each task's status, latest value against target and plan; narrowed
    by campaign, by a unit that leads or supports, by status, or to tasks with (or without) a
    binding (约束性) indicator. A unit sees its own tasks in full, others' as published."""
    filters = Filters(campaign, unit.strip() if unit else None, status, binding)
    return json_answer(battle_map(svc, user, filters, business_day(now)))
