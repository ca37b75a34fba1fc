"""Record real campaign histories for the replay tests.

    .venv/bin/python -m tests.workflow.record_history SCENARIO NAME

plays tests/workflow/year_script.py on the time-skipping server against a throwaway SQLite
store and writes one run's history to tests/workflow/histories/NAME.json. Scenarios:

  continued       the first run, ending in continue-as-new after the evaluator continues
  concluded       the only run, completed when the evaluator concludes
  second_year     the run continue-as-new started, played through 2094 and concluded
  report_at_year_end
                  the first run, with December's late report and January's next-year report
                  signalled while the decision is awaited, then continued

(Mid-year rollovers need the dev server: tests/workflow/record_rollover.py.)

A recorded history is a fixture of what deployed code once did. Never re-record one to make
replay pass: record a new NAME for new behaviour and keep the old file, and guard the change
with workflow.patched(). This script refuses to overwrite an existing file.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from collections.abc import Awaitable, Callable
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from temporalio.client import WorkflowHistory

from domain.application import Xiuhua
from domain.commands import RecordAssessment, SubmitReport
from domain.errors import DomainError
from domain.values import Decision
from tests.conftest import sqlite_env
from tests.unit.builders import EVALUATOR, report, shanghai
from tests.workflow.stack import Stack, running
from tests.workflow.year_script import (
    YEAR,
    LaunchedCampaign,
    act,
    decide,
    launch,
    past_year_end,
    play,
    script,
)
from workflows.campaign import CampaignWorkflow
from workflows.starter import handle, pending, signal_assessment, signal_report

HISTORIES = Path(__file__).parent / "histories"
Scenario = Callable[[Stack], Awaitable[WorkflowHistory]]


async def run_history(stack: Stack, campaign: LaunchedCampaign, run_id: str) -> WorkflowHistory:
    run = stack.client.get_workflow_handle(handle(stack.client, campaign.id).id, run_id=run_id)
    return await run.fetch_history()


async def continue_into_next_year(stack: Stack, campaign: LaunchedCampaign) -> None:
    await decide(stack, campaign, Decision.CONTINUE)
    await stack.advance_to(await stack.now() + timedelta(hours=1))
    view = await pending(stack.client, campaign.id)
    if view.year != YEAR + 1:
        raise SystemExit(f"the campaign did not continue: {view}")


async def continued(stack: Stack) -> WorkflowHistory:
    campaign = await launch(stack)
    first_run = (await handle(stack.client, campaign.id).describe()).run_id
    await play(stack, campaign)
    await past_year_end(stack)
    await continue_into_next_year(stack, campaign)
    return await run_history(stack, campaign, first_run)


async def concluded(stack: Stack) -> WorkflowHistory:
    campaign = await launch(stack)
    await play(stack, campaign)
    await past_year_end(stack)
    await decide(stack, campaign, Decision.CONCLUDE)
    wid = handle(stack.client, campaign.id).id
    run = stack.client.get_workflow_handle_for(CampaignWorkflow.run, wid)
    await run.result()
    return await run.fetch_history()


async def second_year(stack: Stack) -> WorkflowHistory:
    """2093 as scripted and continued; in 2094 only January comes in, on 1 February."""
    campaign = await launch(stack)
    await play(stack, campaign)
    await past_year_end(stack)
    await continue_into_next_year(stack, campaign)
    second_run = (await handle(stack.client, campaign.id).describe()).run_id
    await stack.advance_to(shanghai(date(YEAR + 1, 2, 1), 10))
    for tid in campaign.tasks.values():
        stack.app.submit_report(
            SubmitReport(tid, f"{YEAR + 1}-01", now=await stack.now(), **report())
        )
        await signal_report(stack.client, campaign.id, tid, f"{YEAR + 1}-01")
    await stack.advance_to(shanghai(date(YEAR + 2, 2, 1), 10))
    view = await pending(stack.client, campaign.id)
    if (view.year, view.stage) != (YEAR + 1, "awaiting_assessment"):
        raise SystemExit(f"2094 did not reach its assessment: {view}")
    stack.app.record_assessment(
        RecordAssessment(
            campaign.id,
            YEAR + 1,
            Decimal("71"),
            "一般",
            Decision.CONCLUDE,
            "两年目标基本完成，结束",
            actor=EVALUATOR,
            now=await stack.now(),
        )
    )
    await signal_assessment(stack.client, campaign.id, YEAR + 1)
    await stack.advance_to(await stack.now() + timedelta(hours=1))
    return await run_history(stack, campaign, second_run)


async def report_at_year_end(stack: Stack) -> WorkflowHistory:
    """Task 2's December report comes in late, and both tasks report January 2094, while the
    evaluator has not decided yet; then the year is continued."""
    campaign = await launch(stack)
    first_run = (await handle(stack.client, campaign.id).describe()).run_id
    held = [s for s in script() if s.task == "2" and s.period == f"{YEAR}-12"]
    for step in script():
        if step in held:
            continue
        await stack.advance_to(step.at)
        await act(stack, campaign, step)
    await past_year_end(stack)
    view = await pending(stack.client, campaign.id)
    if view.stage != "awaiting_assessment":
        raise SystemExit(f"the year is not awaiting its assessment: {view}")
    await stack.advance_to(shanghai(date(YEAR + 1, 2, 2), 10))
    for step in held:
        await act(stack, campaign, step)
    for tid in campaign.tasks.values():
        try:
            stack.app.submit_report(
                SubmitReport(tid, f"{YEAR + 1}-01", now=await stack.now(), **report())
            )
        except DomainError as refused:  # code before cfa9b3f refused next year's reports
            print(f"January {YEAR + 1} not stored ({refused}); signalled anyway")
        await signal_report(stack.client, campaign.id, tid, f"{YEAR + 1}-01")
    await stack.advance_to(shanghai(date(YEAR + 1, 2, 2), 12))
    await continue_into_next_year(stack, campaign)
    return await run_history(stack, campaign, first_run)


SCENARIOS: dict[str, Scenario] = {
    "continued": continued,
    "concluded": concluded,
    "second_year": second_year,
    "report_at_year_end": report_at_year_end,
}


async def record(scenario: Scenario, target: Path) -> None:
    with tempfile.TemporaryDirectory() as directory:
        app = Xiuhua(env=sqlite_env(Path(directory)))
        try:
            async with running(app) as stack:
                history = await scenario(stack)
        finally:
            app.close()
    target.write_text(history.to_json())
    print(f"wrote {len(history.events)} events of {history.workflow_id} to {target}")


def main(argv: list[str]) -> None:
    if len(argv) != 2 or argv[0] not in SCENARIOS:
        raise SystemExit(__doc__)
    target = HISTORIES / f"{argv[1]}.json"
    if target.exists():
        raise SystemExit(f"{target} exists; histories are never re-recorded")
    HISTORIES.mkdir(exist_ok=True)
    asyncio.run(record(SCENARIOS[argv[0]], target))


if __name__ == "__main__":
    main(sys.argv[1:])
