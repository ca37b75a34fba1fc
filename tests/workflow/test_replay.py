"""Every recorded history under histories/ replays on today's CampaignWorkflow.

The histories are fixtures of what earlier code did, recorded once by
tests/workflow/record_history.py. They are NEVER re-recorded to make replay pass: a replay
failure means the workflow changed in a way running campaigns cannot survive, and the change
must go behind workflow.patched() instead. New behaviour gets a new history file beside the old.
"""

from __future__ import annotations

import asyncio
from collections import Counter
from pathlib import Path

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from workflows.campaign import CampaignWorkflow

HISTORIES = sorted((Path(__file__).parent / "histories").glob("*.json"))
ENDINGS = {
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW,
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED,
}


def test_there_are_histories_to_replay():
    assert [p.name for p in HISTORIES if p.name == "campaign_year.json"] == ["campaign_year.json"]


@pytest.mark.parametrize("path", HISTORIES, ids=[p.stem for p in HISTORIES])
def test_a_recorded_history_replays_on_the_current_workflow(path: Path):
    history = WorkflowHistory.from_json(f"replay-{path.stem}", path.read_text())
    kinds = Counter(e.event_type for e in history.events)
    assert history.events[-1].event_type in ENDINGS
    assert kinds[EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED] > 0
    assert kinds[EventType.EVENT_TYPE_TIMER_FIRED] > 0

    result = asyncio.run(Replayer(workflows=[CampaignWorkflow]).replay_workflow(history))

    assert result.replay_failure is None
