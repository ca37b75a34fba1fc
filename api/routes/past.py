"""The read endpoints as of a date in the past: "as of business date D" (the facts dated by D,
as the store holds them now), "as known on K" (only what had been recorded by K, so a correction
entered later does not change what was shown then), or both. Every answer says which, in the
`X-Xiuhua-View` header; statuses are judged on D (or on K's day)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Request, Response

from api.access import INBOX_OWNER, SIGNED_IN, allow
from api.deps import CurrentUser
from api.errors import ApiError
from api.past import Cut, PastViews
from api.presenters import reads
from api.presenters.battlemap import Filters, battle_map
from api.routes.battlemap import UNIT_MAX
from api.schemas.battlemap import BattleMapOut
from api.schemas.campaigns import CampaignOut, CampaignSummaryOut
from api.schemas.common import REFUSALS
from api.schemas.monitoring import InboxOut
from api.services import Services
from domain.values import Status

router = APIRouter(prefix="/past", tags=["the past"], responses=REFUSALS)
HEADER = "X-Xiuhua-View"


def cut_of(
    as_of: Annotated[
        date | None, Query(description="business date D: the facts dated by D")
    ] = None,
    known_on: Annotated[
        datetime | None, Query(description="instant K, with its zone: only what was recorded by K")
    ] = None,
) -> Cut:
    if as_of is None and known_on is None:
        msg = "给出 as_of（业务日期）或 known_on（记录时间） / give as_of, known_on or both"
        raise ApiError(422, ["query", "as_of"], msg, "value_error")
    if known_on is not None and known_on.tzinfo is None:
        msg = "请写明时区 / give the time zone, e.g. 2026-06-30T18:00:00+08:00"
        raise ApiError(422, ["query", "known_on"], msg, "value_error")
    return Cut(as_of, known_on)


CutDep = Annotated[Cut, Depends(cut_of)]


def _view(request: Request, cut: Cut) -> Services:
    views: PastViews = request.app.state.past
    return views.view(cut)


def _answer(body: bytes, cut: Cut) -> Response:
    return Response(body, media_type="application/json", headers={HEADER: cut.header()})


@router.get("/battle-map", response_model=BattleMapOut, dependencies=[allow(SIGNED_IN)])
def past_battle_map(
    request: Request,
    cut: CutDep,
    user: CurrentUser,
    campaign: UUID | None = None,
    unit: Annotated[str | None, Query(min_length=1, max_length=UNIT_MAX)] = None,
    status: Status | None = None,
    binding: bool | None = None,
) -> Response:
    """The battle map as it stood then (the same grid and filters as /api/battle-map)."""
    filters = Filters(campaign, unit.strip() if unit else None, status, binding)
    return _answer(battle_map(_view(request, cut), user, filters, cut.day), cut)


@router.get("/campaigns", response_model=list[CampaignSummaryOut], dependencies=[allow(SIGNED_IN)])
def past_portfolio(request: Request, cut: CutDep) -> Response:
    """The portfolio as it stood then."""
    return _answer(reads.portfolio(_view(request, cut), cut.day), cut)


@router.get("/campaigns/{campaign_id}", response_model=CampaignOut, dependencies=[allow(SIGNED_IN)])
def past_campaign(request: Request, campaign_id: UUID, cut: CutDep, user: CurrentUser) -> Response:
    """One campaign and its tasks as they stood then (a unit: its own tasks in full)."""
    return _answer(reads.campaign(_view(request, cut), user, campaign_id, cut.day), cut)


@router.get("/units/{unit}/inbox", response_model=InboxOut, dependencies=[allow(INBOX_OWNER)])
def past_inbox(request: Request, unit: str, cut: CutDep) -> Response:
    """What a unit's inbox held then."""
    return _answer(reads.unit_inbox(_view(request, cut), unit), cut)
