"""Client-side calls into campaign workflows: start, signal, query."""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any
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
        campaign = app.campaign(cid, read_only=True)
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


class NoticeKind(StrEnum):
    LAUNCHED = "launched"
    REPORT_SUBMITTED = "report submitted"
    PLAN_AMENDED = "plan amended"
    ASSESSMENT_DECIDED = "assessment decided"


@dataclass(frozen=True)
class Notice:
    """What a campaign's workflow must hear of a stored fact: plain data, so a notice that
    could not be delivered can be kept (infra/outbox.py) and delivered again later."""

    kind: NoticeKind
    campaign_id: str
    task_id: str = ""
    period: str = ""
    year: int = 0
    reason: str = ""

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Notice:
        return cls(**{**data, "kind": NoticeKind(data["kind"])})


async def deliver(client: Client, task_queue: str, notice: Notice) -> None:
    """Start or signal the campaign's workflow. Every receiver is idempotent (the workflow
    re-reads the store), so delivering a notice twice does no harm."""
    cid = UUID(notice.campaign_id)
    if notice.kind is NoticeKind.LAUNCHED:
        await start_campaign(client, task_queue, cid, notice.year)
    elif notice.kind is NoticeKind.REPORT_SUBMITTED:
        await signal_report(client, cid, UUID(notice.task_id), notice.period)
    elif notice.kind is NoticeKind.PLAN_AMENDED:
        await signal_plan_amended(client, cid, notice.reason)
    else:
        await signal_assessment(client, cid, notice.year)
