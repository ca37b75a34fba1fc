"""The campaign workflow's own view of its calendar, asked of Temporal."""

from __future__ import annotations

import asyncio
from datetime import date
from uuid import UUID

from fastapi import APIRouter
from temporalio.service import RPCError, RPCStatusCode

from api.access import SIGNED_IN, allow
from api.commands import in_thread
from api.deps import ServicesDep
from api.errors import ApiError
from api.routes.campaigns import found
from api.schemas.common import REFUSALS
from api.schemas.monitoring import NextActionOut, PendingOut
from api.services import Services
from workflows import starter
from workflows.messages import PendingView

router = APIRouter(prefix="/campaigns", tags=["calendar"], responses=REFUSALS)
UNAVAILABLE = {503: {"description": "Temporal cannot be reached"}}


def _check_exists(svc: Services, campaign_id: UUID) -> None:
    with svc.readmodel.read() as queries:
        found(queries, campaign_id)


async def _ask(svc: Services, campaign_id: UUID) -> PendingView:
    loc: list[str | int] = ["path", "campaign_id"]
    if svc.temporal is None:
        raise ApiError(503, loc, "Temporal is not configured", "unavailable")
    try:
        return await asyncio.wait_for(
            starter.pending(svc.temporal, campaign_id), svc.temporal_timeout
        )
    except RPCError as error:
        if error.status == RPCStatusCode.NOT_FOUND:
            msg = "no workflow keeps this campaign's calendar; launch the campaign first"
            raise ApiError(404, loc, msg, "not_found") from error
        raise ApiError(503, loc, f"Temporal did not answer: {error}", "unavailable") from error
    except Exception as error:
        msg = f"Temporal did not answer: {error or type(error).__name__}"
        raise ApiError(503, loc, msg, "unavailable") from error


@router.get("/{campaign_id}/pending", responses=UNAVAILABLE, dependencies=[allow(SIGNED_IN)])
async def pending(campaign_id: UUID, svc: ServicesDep) -> PendingOut:
    """What the campaign's calendar waits for next (the workflow's `pending` query)."""
    await in_thread(_check_exists, svc, campaign_id)
    view = await _ask(svc, campaign_id)
    action = view.next_action
    return PendingOut(
        campaign_id=UUID(view.campaign_id),
        year=view.year,
        stage=view.stage,
        next_action=NextActionOut(
            at=action.at,
            kind=action.kind,
            period=action.period,
            due_on=date.fromisoformat(action.due_on),
        )
        if action
        else None,
        actions_left=view.actions_left,
        reviews_done=view.reviews_done,
        queued_reports=view.queued_reports,
    )
