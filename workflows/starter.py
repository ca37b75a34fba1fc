"""Client-side calls into campaign workflows: start, signal, query."""

from __future__ import annotations

import asyncio
from uuid import UUID

from temporalio.client import Client, WorkflowHandle
from temporalio.common import WorkflowIDConflictPolicy

from domain.application import Xiuhua
from domain.campaign import Phase
from workflows.campaign import CampaignWorkflow
from workflows.messages import (
    AssessmentDecided,
    CampaignRun,
    PendingView,
    PlanAmended,
    ReportSignal,
)


def workflow_id(campaign_id: UUID | str) -> str:
    return f"campaign-{campaign_id}"


def handle(client: Client, campaign_id: UUID | str) -> WorkflowHandle:
    return client.get_workflow_handle(workflow_id(campaign_id))


async def start_campaign(client: Client, task_queue: str, campaign_id: UUID, year: int) -> str:
    """Start the campaign's workflow; a second start finds the one already running."""
    await client.start_workflow(
        CampaignWorkflow.run,
        CampaignRun(str(campaign_id), year),
        id=workflow_id(campaign_id),
        task_queue=task_queue,
        id_conflict_policy=WorkflowIDConflictPolicy.USE_EXISTING,
    )
    return workflow_id(campaign_id)


def unfinished_campaigns(app: Xiuhua) -> list[tuple[UUID, int]]:
    """Every launched campaign that has not concluded, with its current year (store reads)."""
    unfinished = []
    for cid in app.launched_campaigns():
        campaign = app.campaign(cid)
        if campaign.phase in (Phase.RUNNING, Phase.ASSESSING):
            unfinished.append((cid, campaign.year))
    return unfinished


async def ensure_running(client: Client, task_queue: str, app: Xiuhua) -> list[str]:
    """Start a workflow for every launched, unfinished campaign that has none: after an outage,
    or when Temporal could not be reached at launch (the launch itself is already stored)."""
    campaigns = await asyncio.to_thread(unfinished_campaigns, app)
    return [await start_campaign(client, task_queue, cid, year) for cid, year in campaigns]


async def signal_report(client: Client, campaign_id: UUID, task_id: UUID, period: str) -> None:
    await handle(client, campaign_id).signal(
        CampaignWorkflow.report_submitted, ReportSignal(str(task_id), period)
    )


async def signal_plan_amended(client: Client, campaign_id: UUID, reason: str) -> None:
    await handle(client, campaign_id).signal(CampaignWorkflow.plan_amended, PlanAmended(reason))


async def signal_assessment(client: Client, campaign_id: UUID, year: int) -> None:
    await handle(client, campaign_id).signal(
        CampaignWorkflow.assessment_decided, AssessmentDecided(year)
    )


async def pending(client: Client, campaign_id: UUID) -> PendingView:
    return await handle(client, campaign_id).query(CampaignWorkflow.pending)
