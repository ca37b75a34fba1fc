"""Campaigns: define, launch, the portfolio, one campaign, its history, its calendar."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response, status

from api.access import COORDINATOR, SIGNED_IN, allow
from api.commands import finish, in_thread
from api.deps import CurrentUser, Now, ReadDep, ServicesDep
from api.errors import ApiError
from api.presenters.campaigns import by_task, campaign_summary
from api.presenters.monitoring import event_out
from api.presenters.visibility import Sight, campaign_for, events_for
from api.schemas.campaigns import CampaignIn, CampaignOut, CampaignSummaryOut
from api.schemas.common import ACCEPTED, REFUSALS, CommandOut, CreatedOut
from api.schemas.monitoring import EventOut
from domain.application import business_day
from domain.commands import DefineCampaign, LaunchCampaign
from domain.views import CampaignRow
from infra.readmodel import Queries
from workflows.starter import Notice, NoticeKind

router = APIRouter(prefix="/campaigns", tags=["campaigns"], responses=REFUSALS)


def found(queries: Queries, campaign_id: UUID) -> CampaignRow:
    campaign = queries.campaign(campaign_id)
    if campaign is None:
        raise ApiError(404, ["path", "campaign_id"], f"no campaign {campaign_id}", "not_found")
    return campaign


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


@router.get("", dependencies=[allow(SIGNED_IN)])
def list_campaigns(queries: ReadDep, now: Now) -> list[CampaignSummaryOut]:
    """The portfolio (挂图作战): every campaign with its tasks counted by status."""
    today = business_day(now)
    tasks, periods = queries.tasks(), by_task(queries.periods())
    return [
        campaign_summary(c, [t for t in tasks if t.campaign_id == c.id], periods, today)
        for c in queries.campaigns()
    ]


@router.get("/{campaign_id}", dependencies=[allow(SIGNED_IN)])
def get_campaign(campaign_id: UUID, user: CurrentUser, queries: ReadDep, now: Now) -> CampaignOut:
    """One campaign with each task's status today, latest actuals and open supervision; a unit
    reads its own tasks in full and others' as the battle map publishes them."""
    campaign = found(queries, campaign_id)
    return campaign_for(
        Sight(user, queries.unit_names()),
        campaign,
        queries.tasks(campaign_id),
        by_task(queries.periods(campaign_id)),
        queries.open_supervisions(campaign_id),
        queries.assessments(campaign_id),
        business_day(now),
    )


@router.get("/{campaign_id}/events", dependencies=[allow(SIGNED_IN)])
def campaign_events(campaign_id: UUID, user: CurrentUser, queries: ReadDep) -> list[EventOut]:
    """The campaign's and its tasks' events in store order: who, when, why; a unit gets only
    the events of its own tasks."""
    found(queries, campaign_id)
    sight = Sight(user, queries.unit_names())
    events = events_for(sight, queries.events(campaign_id), queries.tasks(campaign_id))
    return [event_out(e) for e in events]
