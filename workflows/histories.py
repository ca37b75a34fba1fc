"""Every run of the campaign workflows, exported as Temporal's own history JSON, and replayed
against the workflow code as it is now: the calendar the process kept is auditable too, and a
change to the workflow that would not replay what ran is caught before it ships."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from uuid import UUID

from temporalio.client import Client, WorkflowHistory
from temporalio.worker import Replayer

from workflows.campaign import CampaignWorkflow
from workflows.starter import workflow_id


@dataclass(frozen=True)
class Replayed:
    path: Path
    ok: bool
    error: str = ""


async def export_histories(client: Client, campaign_ids: Iterable[UUID], out: Path) -> list[Path]:
    """One file per run of each campaign's workflow (a year continued is a new run)."""
    out.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for cid in campaign_ids:
        wid = workflow_id(cid)
        # From the latest run back along the chain of continue-as-new (no visibility needed).
        run_id: str | None = (await client.get_workflow_handle(wid).describe()).run_id
        while run_id:
            history = await client.get_workflow_handle(wid, run_id=run_id).fetch_history()
            path = out / f"{wid}_{run_id}.json"
            path.write_text(history.to_json(), encoding="utf-8")
            written.append(path)
            started = history.events[0].workflow_execution_started_event_attributes
            run_id = started.continued_execution_run_id or None
    return written


async def replay_histories(paths: Iterable[Path]) -> list[Replayed]:
    """Replay each exported history against today's workflow code."""
    replayer = Replayer(workflows=[CampaignWorkflow])
    results: list[Replayed] = []
    for path in sorted(paths):
        history = WorkflowHistory.from_json(path.stem.split("_")[0], path.read_text("utf-8"))
        result = await replayer.replay_workflow(history, raise_on_replay_failure=False)
        error = str(result.replay_failure) if result.replay_failure else ""
        results.append(Replayed(path, result.replay_failure is None, error))
    return results
