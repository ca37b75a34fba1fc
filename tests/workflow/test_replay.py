"""Every recorded history under histories/ replays on today's CampaignWorkflow, and each is the
path its name claims (checked on the history itself, so a mislabelled fixture fails too).

The histories are fixtures of what earlier code did, recorded once by record_history.py (the
time-skipping server) or record_rollover.py (the dev server suggesting continue-as-new early).
`before_<commit>_*` were recorded with the code before that commit, in a scratch worktree. They
are NEVER re-recorded to make replay pass: a replay failure means the workflow changed in a way
running campaigns cannot survive, and the change must go behind workflow.patched() instead.
"""

from __future__ import annotations

import asyncio
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
from temporalio.api.enums.v1 import EventType
from temporalio.api.history.v1 import HistoryEvent
from temporalio.client import WorkflowHistory
from temporalio.worker import Replayer

from workflows.campaign import ROLLOVER_AT_QUIET_POINTS, CampaignWorkflow

HISTORIES = Path(__file__).parent / "histories"


@dataclass(frozen=True)
class RunPath:
    """What a run did: how it ended ("next_year", "same_year" for a rollover, "completed", or
    "open": recorded while still waiting), how it began, and what happened in between."""

    ends: str
    started_by_continue_as_new: bool = False
    signals: bool = True
    signals_while_awaiting: bool = False
    suggested: bool = False
    patch_marker: bool = False


FIRST_YEAR = RunPath("next_year")
CONCLUDED = RunPath("completed")
SECOND_YEAR = RunPath("completed", started_by_continue_as_new=True)
REPORT_AT_YEAR_END = RunPath("next_year", signals_while_awaiting=True)
PAST_ACTIONS_THEN_ROLLOVER = RunPath("same_year", signals=False, suggested=True)
OLD_MIDYEAR = RunPath("open", started_by_continue_as_new=True, suggested=True)
OLD_AWAITING = RunPath(
    "open", started_by_continue_as_new=True, signals_while_awaiting=True, suggested=True
)
PATHS = {
    "campaign_year": FIRST_YEAR,
    "concluded": CONCLUDED,
    "second_year": SECOND_YEAR,
    "report_at_year_end": REPORT_AT_YEAR_END,
    "rollover_midyear_first": PAST_ACTIONS_THEN_ROLLOVER,
    "rollover_midyear": RunPath(
        "same_year", started_by_continue_as_new=True, suggested=True, patch_marker=True
    ),
    "rollover_awaiting_first": PAST_ACTIONS_THEN_ROLLOVER,
    "rollover_awaiting": RunPath(
        "same_year",
        started_by_continue_as_new=True,
        signals_while_awaiting=True,
        suggested=True,
        patch_marker=True,
    ),
    # Recorded before 4434ac1 (reports queued at continue-as-new travel in the run state).
    "before_4434ac1_continued": FIRST_YEAR,
    "before_4434ac1_concluded": CONCLUDED,
    "before_4434ac1_second_year": SECOND_YEAR,
    "before_4434ac1_report_at_year_end": REPORT_AT_YEAR_END,
    "before_4434ac1_midyear_first": PAST_ACTIONS_THEN_ROLLOVER,
    "before_4434ac1_midyear": OLD_MIDYEAR,
    "before_4434ac1_awaiting_first": PAST_ACTIONS_THEN_ROLLOVER,
    "before_4434ac1_awaiting": OLD_AWAITING,
    # Recorded before 7834abd (roll over at any quiet point): these kept waiting where today's
    # code rolls over, and replay only because that change is behind workflow.patched().
    "before_7834abd_report_at_year_end": REPORT_AT_YEAR_END,
    "before_7834abd_midyear_first": PAST_ACTIONS_THEN_ROLLOVER,
    "before_7834abd_midyear": OLD_MIDYEAR,
    "before_7834abd_awaiting_first": PAST_ACTIONS_THEN_ROLLOVER,
    "before_7834abd_awaiting": OLD_AWAITING,
}
ENDINGS = {
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW: {"next_year", "same_year"},
    EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED: {"completed"},
    EventType.EVENT_TYPE_TIMER_STARTED: {"open"},
}


def load(name: str) -> WorkflowHistory:
    return WorkflowHistory.from_json(f"replay-{name}", (HISTORIES / f"{name}.json").read_text())


def year_of(payload_data: bytes) -> int:
    return int(json.loads(payload_data)["year"])


def ending(history: WorkflowHistory) -> str:
    first, last = history.events[0], history.events[-1]
    assert last.event_type in ENDINGS, EventType.Name(last.event_type)
    if last.event_type != EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW:
        return next(iter(ENDINGS[last.event_type]))
    started = first.workflow_execution_started_event_attributes.input.payloads[0].data
    continued = last.workflow_execution_continued_as_new_event_attributes.input.payloads[0].data
    return "same_year" if year_of(continued) == year_of(started) else "next_year"


def is_activity(event: HistoryEvent, name: str) -> bool:
    scheduled = event.event_type == EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED
    return scheduled and event.activity_task_scheduled_event_attributes.activity_type.name == name


def is_report_signal(event: HistoryEvent) -> bool:
    signalled = event.event_type == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED
    name = event.workflow_execution_signaled_event_attributes.signal_name
    return signalled and name == "report_submitted"


def path_of(history: WorkflowHistory) -> RunPath:
    events = history.events
    signalled = [i for i, e in enumerate(events) if is_report_signal(e)]
    awaiting = [i for i, e in enumerate(events) if is_activity(e, "apply_decision")]
    patches = [
        json.loads(e.marker_recorded_event_attributes.details["patch-data"].payloads[0].data)["id"]
        for e in events
        if e.event_type == EventType.EVENT_TYPE_MARKER_RECORDED
    ]
    return RunPath(
        ends=ending(history),
        started_by_continue_as_new=bool(
            events[0].workflow_execution_started_event_attributes.continued_execution_run_id
        ),
        signals=bool(signalled),
        signals_while_awaiting=bool(awaiting) and any(i > awaiting[0] for i in signalled),
        suggested=any(
            e.workflow_task_started_event_attributes.suggest_continue_as_new for e in events
        ),
        patch_marker=ROLLOVER_AT_QUIET_POINTS in patches,
    )


def test_every_history_file_is_described_and_every_described_one_is_there():
    assert sorted(p.stem for p in HISTORIES.glob("*.json")) == sorted(PATHS)


@pytest.mark.parametrize("name", sorted(PATHS))
def test_a_recorded_history_is_the_path_its_name_says(name: str):
    history = load(name)

    assert path_of(history) == PATHS[name]


@pytest.mark.parametrize("name", sorted(PATHS))
def test_a_recorded_history_replays_on_the_current_workflow(name: str):
    result = asyncio.run(Replayer(workflows=[CampaignWorkflow]).replay_workflow(load(name)))

    assert result.replay_failure is None
