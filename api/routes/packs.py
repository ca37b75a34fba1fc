"""Frozen packs (会议材料): what a meeting or the year-end review was shown, fixed at an instant
and shown again exactly later, with what later corrections changed about the same dates."""

from __future__ import annotations

import json
import uuid
from datetime import datetime
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from api.access import COORDINATOR_OR_EVALUATOR, TASK_FORCE_READERS, allow
from api.auth import User
from api.commands import finish, in_thread
from api.deps import CurrentUser, Now, ServicesDep
from api.errors import ApiError
from api.past import Cut, PastViews
from api.presenters import reads
from api.presenters.battlemap import Filters, battle_map
from api.schemas.common import REFUSALS, CreatedOut, Short
from api.services import Services
from domain.calendar import SHANGHAI
from domain.commands import FreezePack
from domain.packs import pack_id
from domain.views import PackRow

router = APIRouter(prefix="/packs", tags=["audit"], responses=REFUSALS)


class PackIn(BaseModel):
    title: Short
    campaign: UUID | None = Field(None, description="one campaign's pack; else the portfolio")
    cut: datetime | None = Field(None, description="the instant it shows (default: now)")


class PackOut(BaseModel):
    id: UUID
    title: str
    campaign_id: UUID | None
    cut: datetime
    made_on: Any
    made_by: str


@router.post("", status_code=201, dependencies=[allow(COORDINATOR_OR_EVALUATOR)])
async def freeze_pack(
    body: PackIn, user: CurrentUser, svc: ServicesDep, now: Now, response: Response
) -> CreatedOut:
    """Freeze what the portfolio (or one campaign) shows at `cut` for a meeting or a review."""
    key = uuid.uuid4().hex  # a new pack each time: its name is made here, not in the domain
    cut = body.cut or now
    if cut.tzinfo is None:
        raise ApiError(422, ["body", "cut"], "give the time zone / 请写明时区", "value_error")
    command = FreezePack(key, body.title, body.campaign, cut, actor=user.actor, now=now)
    outcome = await in_thread(svc.store.freeze_pack, command)
    done = await finish(svc, response, outcome.position)
    return CreatedOut(id=pack_id(key), **done.model_dump())


@router.get("", response_model=list[PackOut], dependencies=[allow(TASK_FORCE_READERS)])
def list_packs(svc: ServicesDep) -> list[PackOut]:
    """Every pack, oldest cut first."""
    with svc.readmodel.read() as queries:
        return [_out(p) for p in queries.packs()]


@router.get("/{pack_id}", dependencies=[allow(TASK_FORCE_READERS)])
def show_pack(pack_id: UUID, request: Request, svc: ServicesDep, user: CurrentUser) -> Response:
    """The pack as it was shown (the battle map and the overdue reports as known on its cut),
    and every cell that later corrections about the same dates have changed since."""
    body = pack_view(pack_id, request.app.state.past, svc, user)
    return Response(json.dumps(body, ensure_ascii=False), media_type="application/json")


def pack_view(pack_id: UUID, views: PastViews, svc: Services, user: User) -> dict[str, Any]:
    """What GET /api/packs/{id} answers, for the API and the pack's page alike."""
    with svc.readmodel.read() as queries:
        pack = queries.pack(pack_id)
    if pack is None:
        raise ApiError(404, ["path", "pack_id"], f"no pack {pack_id}", "not_found")
    day = pack.cut.astimezone(SHANGHAI).date()
    filters = Filters(campaign=pack.campaign_id)
    then = views.view(Cut(known_on=pack.cut))
    shown = json.loads(battle_map(then, user, filters, day))
    overdue = json.loads(reads.overdue(then, user))
    now_known = json.loads(battle_map(views.view(Cut(as_of=day)), user, filters, day))
    return {
        **_out(pack).model_dump(mode="json"),
        "battle_map": shown,
        "overdue": [o for o in overdue if pack.campaign_id in (None, UUID(o["campaign_id"]))],
        "corrected_since": _differences(shown, now_known),
    }


def _cells(grid: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {
        c["id"]: {**c, "campaign": row["code"]} for row in grid["campaigns"] for c in row["cells"]
    }


def _differences(then: dict[str, Any], now: dict[str, Any]) -> list[dict[str, Any]]:
    """Each task whose status or figures, about the pack's dates, read differently now."""
    before, after = _cells(then), _cells(now)
    changed = []
    for task, cell in after.items():
        old = before.get(task)
        figures = [(i["code"], i["actual"]) for i in cell["indicators"]]
        old_figures = [(i["code"], i["actual"]) for i in old["indicators"]] if old else None
        if old is None or old["status"] != cell["status"] or old_figures != figures:
            changed.append(
                {
                    "campaign": cell["campaign"],
                    "task_id": task,
                    "task_number": cell["number"],
                    "status_then": old["status"] if old else None,
                    "status_now": cell["status"],
                    "figures_then": dict(old_figures) if old_figures is not None else None,
                    "figures_now": dict(figures),
                }
            )
    return changed


def _out(pack: PackRow) -> PackOut:
    return PackOut(
        id=pack.id,
        title=pack.title,
        campaign_id=pack.campaign_id,
        cut=pack.cut,
        made_on=pack.made_on,
        made_by=pack.made_by,
    )
