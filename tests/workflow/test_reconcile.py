"""A launch stored while Temporal was unreachable still gets its workflow: the worker starts
one for every launched, unfinished campaign that has none, and never a second one."""

from __future__ import annotations

import asyncio

from temporalio.client import WorkflowExecutionStatus

from domain.application import Xiuhua
from domain.commands import DefineCampaign
from tests.unit.builders import COORDINATOR, campaign_spec, launched, shanghai
from tests.workflow.stack import running
from tests.workflow.year_script import LAUNCH_DAY, YEAR
from workflows.starter import ensure_running, workflow_id


def test_a_launched_campaign_without_a_workflow_gets_exactly_one(app: Xiuhua) -> None:
    async def scenario() -> None:
        async with running(app) as stack:
            await stack.advance_to(shanghai(LAUNCH_DAY))
            now = await stack.now()
            cid, _ = launched(app, campaign_spec(YEAR), now)
            draft = app.define_campaign(
                DefineCampaign(campaign_spec(YEAR, code="draft-only"), actor=COORDINATOR, now=now)
            ).campaign_id
            started = await ensure_running(stack.client, stack.task_queue, app)
            assert started == [workflow_id(cid)]
            handle = stack.client.get_workflow_handle(workflow_id(cid))
            first = (await handle.describe()).run_id
            assert await ensure_running(stack.client, stack.task_queue, app) == started
            description = await handle.describe()
            assert description.run_id == first
            assert description.status == WorkflowExecutionStatus.RUNNING
            assert workflow_id(draft) not in started

    asyncio.run(scenario())
