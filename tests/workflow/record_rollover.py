"""Record histories of runs that roll over because Temporal suggests continue-as-new.

    .venv/bin/python -m tests.workflow.record_rollover SCENARIO NAME

The time-skipping server never suggests continue-as-new, so this runs the dev server with
`limit.historyCount.suggestContinueAsNew` set low, on the wall clock (no time skipping), and
lets the calendar's past actions and a few report signals grow the history:

  midyear   a campaign of the current year launched today: the first run does every action
            already due in one go and rolls over (NAME_first.json); the run that started
            takes report signals while it sleeps until the next action (NAME.json)
  awaiting  a campaign of last year launched today: the first run does the whole year's
            actions and rolls over (NAME_first.json); the next goes to the assessment and
            takes report signals while the decision is awaited (NAME.json)

A run still open when recorded (older code that did not roll over at that point) is
recorded as it stands and then terminated; its history replays up to where it ends.
Histories are never re-recorded: this refuses to overwrite a file.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

from temporalio.client import Client, WorkflowHistory
from temporalio.testing import WorkflowEnvironment

from domain.application import Xiuhua
from domain.commands import SubmitReport
from tests.conftest import TEMPORAL_CLI, sqlite_env
from tests.unit.builders import campaign_spec, launched, report
from workflows.starter import signal_report, start_campaign
from workflows.worker import build_worker

HISTORIES = Path(__file__).parent / "histories"
SUGGEST_AT = 12  # events in a run's history before Temporal suggests continue-as-new
SIGNALS = 3


async def chain(client: Client, wid: str, first_run: str) -> list[WorkflowHistory]:
    """Every run's history from `first_run` on, following continue-as-new."""
    histories, run_id = [], first_run
    while run_id:
        history = await client.get_workflow_handle(wid, run_id=run_id).fetch_history()
        histories.append(history)
        last = history.events[-1]
        attributes = last.workflow_execution_continued_as_new_event_attributes
        run_id = (
            attributes.new_execution_run_id
            if last.HasField("workflow_execution_continued_as_new_event_attributes")
            else ""
        )
    return histories


async def settle(client: Client, wid: str, seconds: float = 4.0) -> None:
    """Wait until the workflow's latest run has added no event for `seconds`."""
    deadline = time.monotonic() + 60
    quiet_since, last = time.monotonic(), -1
    while time.monotonic() < deadline:
        history = await client.get_workflow_handle(wid).fetch_history()
        if len(history.events) != last:
            last, quiet_since = len(history.events), time.monotonic()
        elif time.monotonic() - quiet_since > seconds:
            return
        await asyncio.sleep(0.5)


async def scenario(
    client: Client, app: Xiuhua, task_queue: str, year: int
) -> list[WorkflowHistory]:
    now = datetime.now(UTC)
    cid, task_ids = launched(app, campaign_spec(year, code=f"rollover-{year}"), now)
    wid = await start_campaign(client, task_queue, cid, year)
    first_run = (await client.get_workflow_handle(wid).describe()).run_id
    await settle(client, wid)
    # The month before this one (this year's campaign), or December (last year's).
    period = f"{year}-{now.month - 1:02d}" if year == now.year else f"{year}-12"
    for tid in task_ids:
        try:
            app.submit_report(SubmitReport(tid, period, now=datetime.now(UTC), **report()))
        except Exception as refused:  # noqa: BLE001 - the signal is what matters here
            print(f"report not stored ({refused}); signalling anyway")
    for i in range(SIGNALS):
        await signal_report(client, cid, task_ids[i % len(task_ids)], period)
        await settle(client, wid, seconds=2.0)
    await settle(client, wid)
    histories = await chain(client, wid, first_run)
    await terminate_open(client, wid)
    return histories


async def record(name: str, target: Path) -> None:
    this_year = datetime.now(UTC).year
    year = this_year if name == "midyear" else this_year - 1
    with tempfile.TemporaryDirectory() as directory:
        app = Xiuhua(env=sqlite_env(Path(directory)))
        env = await WorkflowEnvironment.start_local(
            dev_server_existing_path=str(TEMPORAL_CLI),
            dev_server_extra_args=[
                "--dynamic-config-value",
                f"limit.historyCount.suggestContinueAsNew={SUGGEST_AT}",
            ],
        )
        try:
            with ThreadPoolExecutor(max_workers=4) as executor:
                queue = f"xiuhua-record-{name}"
                async with build_worker(env.client, app, queue, executor):
                    histories = await scenario(env.client, app, queue, year)
        finally:
            await env.shutdown()
            app.close()
    write(target, histories)


async def terminate_open(client: Client, wid: str) -> None:
    description = await client.get_workflow_handle(wid).describe()
    if description.status is not None and description.status.name == "RUNNING":
        await client.get_workflow_handle(wid).terminate("recorded")


def write(target: Path, histories: list[WorkflowHistory]) -> None:
    """The first run (which rolls over once the past actions are done) and the run it started
    (which takes the signals)."""
    for i, history in enumerate(histories):
        print(f"run {i}: {len(history.events)} events, last {history.events[-1].event_type}")
    for path, history in zip((first(target), target), histories, strict=False):
        path.write_text(history.to_json())
        print(f"wrote {path}")


def first(target: Path) -> Path:
    return target.with_name(f"{target.stem}_first.json")


def main(argv: list[str]) -> None:
    if len(argv) != 2 or argv[0] not in ("midyear", "awaiting"):
        raise SystemExit(__doc__)
    target = HISTORIES / f"{argv[1]}.json"
    if target.exists() or first(target).exists():
        raise SystemExit(f"{target} exists; histories are never re-recorded")
    HISTORIES.mkdir(exist_ok=True)
    asyncio.run(record(argv[0], target))


if __name__ == "__main__":
    main(sys.argv[1:])
