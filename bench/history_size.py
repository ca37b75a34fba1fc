"""The largest workflow run history (in events) of a 3-year, 20-task campaign, against
Temporal's 10,240-event warning. Runs on the time-skipping server: a simulated 3 years,
every report submitted on time by signal, the evaluator continuing twice and concluding.

    .venv/bin/python -m bench.history_size
"""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import date, datetime, timedelta
from decimal import Decimal

from temporalio.testing import WorkflowEnvironment

from bench.common import COORDINATOR, TEST_SERVER, campaign_spec, define_and_launch, scratch_store
from bench.table import Row, render, vs
from domain.calendar import local
from domain.commands import RecordAssessment, SubmitReport
from domain.values import Actor, Decision, Period
from workflows import starter
from workflows.worker import build_worker

TASKS = 20
YEARS = 3
WARNING = 10_240


async def largest_history() -> list[int]:
    """The size of every run of the campaign's workflow, in events."""
    with scratch_store() as store:
        async with await WorkflowEnvironment.start_time_skipping(
            test_server_existing_path=TEST_SERVER
        ) as env:
            first_year = (await env.get_current_time()).year + 1
            cid = define_and_launch(
                store, campaign_spec("HIST", first_year, TASKS), await env.get_current_time()
            )
            queue = str(uuid.uuid4())
            with ThreadPoolExecutor(8) as executor:
                async with build_worker(env.client, store, queue, executor):
                    await starter.start_campaign(env.client, queue, cid, first_year)
                    first_run = (
                        await env.client.get_workflow_handle(starter.workflow_id(cid)).describe()
                    ).run_id
                    for year in range(first_year, first_year + YEARS):
                        for month in range(1, 13):
                            period = Period(year, month)
                            await _advance_to(env, local(period.next().first_day(), 10))
                            now = await env.get_current_time()
                            for tid in store.campaign(cid).task_ids:
                                store.submit_report(
                                    SubmitReport(
                                        tid,
                                        str(period),
                                        {"v": Decimal(month * 10)},
                                        "on plan",
                                        "",
                                        "",
                                        actor=Actor("u", "unit"),
                                        now=now,
                                    )
                                )
                                await starter.signal_report(env.client, cid, tid, str(period))
                        # The evaluator decides in late January, before January's reports fall due.
                        await _advance_to(env, local(date(year + 1, 1, 20), 10))
                        decision = (
                            Decision.CONTINUE
                            if year < first_year + YEARS - 1
                            else Decision.CONCLUDE
                        )
                        store.record_assessment(
                            RecordAssessment(
                                cid,
                                year,
                                Decimal(85),
                                "良好",
                                decision,
                                "bench",
                                actor=COORDINATOR,
                                now=await env.get_current_time(),
                            )
                        )
                        await starter.signal_assessment(env.client, cid, year)
                    handle = env.client.get_workflow_handle(starter.workflow_id(cid))
                    await handle.result()
                    return await _run_sizes(env, starter.workflow_id(cid), first_run)


async def measure() -> list[Row]:
    sizes = await largest_history()
    return [
        vs("largest workflow run history", max(sizes), "events", WARNING,
           "Temporal's warning", at_most=1.0,
           note=f"{TASKS} tasks, {YEARS} years, {len(sizes)} runs: {sorted(sizes)}"),
    ]  # fmt: skip


async def main() -> None:
    print(render(await measure()))


async def _run_sizes(env: WorkflowEnvironment, workflow_id: str, run_id: str) -> list[int]:
    """Event counts of each run, following the continue-as-new chain from the first run."""
    sizes = []
    next_run: str | None = run_id
    while next_run:
        history = await env.client.get_workflow_handle(workflow_id, run_id=next_run).fetch_history()
        sizes.append(len(history.events))
        last = history.events[-1]
        attributes = last.workflow_execution_continued_as_new_event_attributes
        next_run = (
            attributes.new_execution_run_id
            if last.HasField("workflow_execution_continued_as_new_event_attributes")
            else None
        )
    return sizes


async def _advance_to(env: WorkflowEnvironment, target: datetime) -> None:
    delta = target - await env.get_current_time()
    if delta > timedelta(0):
        await env.sleep(delta)


if __name__ == "__main__":
    asyncio.run(main())
