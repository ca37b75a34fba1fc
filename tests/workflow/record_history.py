"""Record a real campaign-year history for the replay tests.

    .venv/bin/python -m tests.workflow.record_history NAME

plays tests/workflow/year_script.py on the time-skipping server against a throwaway SQLite
store, has the evaluator decide to continue, and writes the first run's history (ending in
continue-as-new) to tests/workflow/histories/NAME.json.

A recorded history is a fixture of what deployed code once did. Never re-record one to make
replay pass: record a new NAME for new behaviour and keep the old file, and guard the change
with workflow.patched(). This script refuses to overwrite an existing file.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

from domain.application import Xiuhua
from domain.values import Decision
from tests.conftest import sqlite_env
from tests.workflow.stack import running
from tests.workflow.year_script import decide, launch, past_year_end, play
from workflows.starter import handle, pending

HISTORIES = Path(__file__).parent / "histories"


async def record(target: Path) -> None:
    with tempfile.TemporaryDirectory() as directory:
        app = Xiuhua(env=sqlite_env(Path(directory)))
        try:
            async with running(app) as stack:
                campaign = await launch(stack)
                first_run = (await handle(stack.client, campaign.id).describe()).run_id
                await play(stack, campaign)
                await past_year_end(stack, campaign)
                await decide(stack, campaign, Decision.CONTINUE)
                await stack.advance_to(await stack.now() + timedelta(hours=1))
                view = await pending(stack.client, campaign.id)
                if view.year != campaign.year + 1:
                    raise SystemExit(f"the campaign did not continue: {view}")
                run = stack.client.get_workflow_handle(
                    handle(stack.client, campaign.id).id, run_id=first_run
                )
                history = await run.fetch_history()
        finally:
            app.close()
    target.write_text(history.to_json())
    print(f"wrote {len(history.events)} events of run {first_run} to {target}")


def main(argv: list[str]) -> None:
    if len(argv) != 1:
        raise SystemExit(__doc__)
    target = HISTORIES / f"{argv[0]}.json"
    if target.exists():
        raise SystemExit(f"{target} exists; histories are never re-recorded")
    HISTORIES.mkdir(exist_ok=True)
    asyncio.run(record(target))


if __name__ == "__main__":
    main(sys.argv[1:])
