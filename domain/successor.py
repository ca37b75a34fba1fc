"""The campaign an evaluator proposes (新立) when ending one: a draft of next year carrying over
the tasks left unfinished, each target's deadline and each open milestone moved into that year.
Pure: from the campaign and its tasks as stored."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date

from domain.campaign import Campaign
from domain.commands import CampaignSpec, TaskSpec
from domain.indicators import evaluate
from domain.task import Task
from domain.values import Indicator, Period, is_readable


def unfinished(task: Task, start: date, year_end: date) -> bool:
    """A target not reached by the year's end (as the status rule reads each indicator's
    shape and direction: domain/indicators.py), or a milestone not completed."""
    latest = task.latest_actuals()

    def reached(indicator: Indicator) -> bool:
        actual = latest.get(indicator.code)
        if actual is not None and not is_readable(actual):
            return False  # a value the rules cannot read reaches nothing
        done = task.milestones_done
        return evaluate(indicator, start, year_end, actual, (), task.milestones, done).reached

    open_steps = [m for m in task.milestones if m.code not in task.milestones_done]
    return bool(open_steps) or not all(reached(i) for i in task.indicators)


def _moved(day: date, year: int) -> date:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return day.replace(year=year, day=28)


def successor_spec(campaign: Campaign, tasks: Sequence[Task]) -> CampaignSpec | None:
    year = campaign.year + 1
    start = Period.parse(campaign.start_period).first_day()
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
        if unfinished(t, start, date(campaign.year, 12, 31))
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
