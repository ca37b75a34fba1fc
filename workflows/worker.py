"""Builds the Temporal worker that runs campaign workflows and their activities."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from temporalio.client import Client
from temporalio.worker import Worker

from domain.application import Xiuhua
from domain.calendar import WorkCalendar
from infra.holidays import official_calendar
from workflows.activities import CampaignActivities
from workflows.campaign import CampaignWorkflow

WORKFLOWS = [CampaignWorkflow]


def build_worker(
    client: Client,
    app: Xiuhua,
    task_queue: str,
    executor: ThreadPoolExecutor,
    official: WorkCalendar | None = None,
) -> Worker:
    """Activities are blocking store calls, so they run on `executor` (owned by the caller)."""
    activities = CampaignActivities(app, official or official_calendar())
    return Worker(
        client,
        task_queue=task_queue,
        workflows=WORKFLOWS,
        activities=[
            activities.plan_year,
            activities.run_actions,
            activities.review_submission,
            activities.open_assessment,
            activities.apply_decision,
        ],
        activity_executor=executor,
    )
