"""What a caller may see of each task: a unit its own tasks in full, others' as published.

A lead or supporting unit (the roles in `UNIT_ROLES`) reads the tasks its unit leads or supports
in full. Of every other task it sees what the battle map (挂图作战) publishes to all member units:
the task's name and units, its status colour, the latest *accepted* values, and dates; never its
events, drafts (reports submitted but not accepted), problems text, return reasons,
supervision, evidence files or the supporting units' contributions. Everyone else (task force,
evaluators, admins) sees everything.

The reduction is applied to the output models the campaign presenter builds, so the presenter
keeps one way of judging a task (api/presenters/pieces.py renders both views of a task).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from functools import cached_property
from typing import TypeVar

from api.auth import UNIT_ROLES, User
from api.schemas.campaigns import PeriodOut, TaskOut
from domain.units import UnitNames, normalize_unit
from domain.values import ReportState
from domain.views import EventRow, PeriodRow, TaskRow
from infra.readmodel.queries import TaskHead

T = TypeVar("T", TaskRow, TaskHead)
FULL = "full"
PUBLISHED = "published"


class Sight:
    """Which tasks one user sees in full, by the units registry (`names`)."""

    def __init__(self, user: User, names: UnitNames) -> None:
        self.user = user
        self.names = names

    @property
    def everything(self) -> bool:
        return self.user.role not in UNIT_ROLES

    @cached_property
    def answers_to(self) -> frozenset[str]:
        return self.names.names_for(self.user.unit)

    def in_full(self, task: TaskRow | TaskHead) -> bool:
        if self.everything:
            return True
        # UnitNames.covers, with the unit's names resolved once for all tasks, not per task.
        units = (*task.lead_units, *task.supporting_units)
        return any(normalize_unit(unit) in self.answers_to for unit in units)

    def own(self, tasks: Iterable[T]) -> list[T]:
        return [t for t in tasks if self.in_full(t)]


def accepted_only(periods: Iterable[PeriodRow]) -> list[PeriodRow]:
    """The periods as they would stand if no report but the accepted ones had come in."""
    return [
        p
        if p.state is ReportState.ACCEPTED
        else replace(
            p,
            state=None,
            revision=0,
            late=False,
            submitted_on=None,
            submitted_by="",
            actuals={},
            progress="",
            problems="",
            next_steps="",
            return_reason="",
            reviewed_on=None,
        )
        for p in periods
    ]


def _unpublished_removed(period: PeriodOut) -> PeriodOut:
    return period.model_copy(update={"contributions": [], "silent_supporters": [], "evidence": []})


def published(full: TaskOut, accepted: TaskOut) -> TaskOut:
    """`full` reduced to what the battle map publishes: its status colour and dates as judged
    from everything, its values from the accepted reports (`accepted`) only."""
    return full.model_copy(
        update={
            "indicators": accepted.indicators,
            "latest_actuals": accepted.latest_actuals,
            "open_supervision": None,
            "periods": [_unpublished_removed(p) for p in accepted.periods],
            "scope": PUBLISHED,
        }
    )


def events_for(
    sight: Sight, events: Iterable[EventRow], tasks: Iterable[TaskRow | TaskHead]
) -> list[EventRow]:
    """All events for those who see everything; a unit's: only those of its own tasks. The
    campaign's own events (defined, launched, assessed) are the task force's log; what of them
    every unit may know, the campaign view shows."""
    if sight.everything:
        return list(events)
    own = {t.id for t in sight.own(tasks)}
    return [e for e in events if e.task_id in own]
