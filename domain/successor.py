"""The campaign an evaluator proposes (新立) when ending one: a draft of next year carrying over
the tasks left unfinished, each target's deadline and each open milestone moved into that year.
Pure: from the campaign and its tasks as stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from domain.campaign import Campaign
from domain.commands import CampaignSpec, TaskSpec
from domain.task import Task
from domain.values import Direction, Indicator


def reached(indicator: Indicator, actual: object) -> bool:
    if actual is None:
        return False
    if indicator.direction is Direction.DOWN:
        return bool(actual <= indicator.target)  # type: ignore[operator]
    return bool(actual >= indicator.target)  # type: ignore[operator]


def unfinished(task: Task) -> bool:
    """A target not reached by its latest report, or a milestone not completed."""
    latest = task.latest_actuals()
    missed = [i for i in task.indicators if not reached(i, latest.get(i.code))]
    open_steps = [m for m in task.milestones if m.code not in task.milestones_done]
    return bool(missed or open_steps)


def _moved(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def successor_spec(campaign: Campaign, tasks: Sequence[Task]) -> CampaignSpec | None:
    year = campaign.year + 1
    carried = [
        TaskSpec(
            number=t.number,
            title=t.title,
            lead_units=t.lead_units,
            supporting_units=t.supporting_units,
            indicators=tuple(
                replace(i, deadline=_moved(i.deadline, year), plan=()) for i in t.indicators
            ),
            milestones=tuple(
                replace(m, due=_moved(m.due, year))
                for m in t.milestones
                if m.code not in t.milestones_done
            ),
        )
        for t in tasks
        if unfinished(t)
    ]
    if not carried:
        return None
    return CampaignSpec(
        code=f"{campaign.code}-{year}",
        name=f"{campaign.name}（{year}年新立）",
        task_force=campaign.task_force,
        year=year,
        start_period=f"{year}-01",
        tasks=tuple(carried),
        policy=campaign.policy,
    )
