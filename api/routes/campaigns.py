"""Campaigns: define, launch, the portfolio, one campaign, its history, its calendar."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response, status

from api.access import COORDINATOR, SIGNED_IN, allow
from api.commands import finish, in_thread
from api.deps import CurrentUser, Now, ServicesDep, json_answer
from api.presenters import reads
from api.schemas.campaigns import CampaignIn, CampaignOut, CampaignSummaryOut
from api.schemas.common import ACCEPTED, REFUSALS, CommandOut, CreatedOut
from api.schemas.monitoring import EventOut
from domain.application import business_day
from domain.commands import DefineCampaign, LaunchCampaign
from workflows.starter import Notice, NoticeKind

router = APIRouter(prefix="/campaigns", tags=["campaigns"], responses=REFUSALS)


found = reads.found  # api/routes/calendar.py checks a campaign exists with it


@router.post("", status_code=status.HTTP_201_CREATED, dependencies=[allow(COORDINATOR)])
async def create_campaign(
    body: CampaignIn, user: CurrentUser, svc: ServicesDep, now: Now, response: Response
) -> CreatedOut:
    """Define a campaign with its task decomposition table (任务分解表)."""
    spec = body.to_domain()
    command = DefineCampaign(spec, actor=user.actor, now=now)
    outcome = await in_thread(svc.store.define_campaign, command)
    done = await finish(svc, response, outcome.position)
    return CreatedOut(id=outcome.campaign_id, **done.model_dump())


@router.post("/{campaign_id}/launch", responses=ACCEPTED, dependencies=[allow(COORDINATOR)])
async def launch_campaign(
    campaign_id: UUID, user: CurrentUser, svc: ServicesDep, now: Now, response: Response
) -> CommandOut:
    """Launch the campaign (启动) and start its calendar workflow."""
    command = LaunchCampaign(campaign_id, actor=user.actor, now=now)
    outcome = await in_thread(svc.store.launch_campaign, command)
    notice = Notice(NoticeKind.LAUNCHED, str(campaign_id), year=outcome.year)
    return await finish(svc, response, outcome.position, notice=notice)


@router.get("", response_model=list[CampaignSummaryOut], dependencies=[allow(SIGNED_IN)])
def list_campaigns(svc: ServicesDep, now: Now) -> Response:
    """The portfolio (挂图作战): every campaign with its tasks counted by status."""
    return json_answer(reads.portfolio(svc, business_day(now)))


@router.get("/{campaign_id}", response_model=CampaignOut, dependencies=[allow(SIGNED_IN)])
def get_campaign(campaign_id: UUID, user: CurrentUser, svc: ServicesDep, now: Now) -> Response:
    """One campaign with each task's status today, latest actuals and open supervision; a unit
    reads its own tasks in full and others' as the battle map publishes them."""
    return json_answer(reads.campaign(svc, user, campaign_id, business_day(now)))


@router.get("/{campaign_id}/events", response_model=list[EventOut], dependencies=[allow(SIGNED_IN)])
def campaign_events(campaign_id: UUID, user: CurrentUser, svc: ServicesDep) -> Response:
    """The campaign's and its tasks' events in store order: who, when, why; a unit gets only
    the events of its own tasks."""
    return json_answer(reads.campaign_events(svc, user, campaign_id))
