"""The dashboards read from the read model: each fetches its rows in one short read
transaction, closes it, then builds the figure (pure, dashboards/*). Never a replay.

`unit`, when given, narrows a dashboard to the tasks that unit leads, by every name it answers
to in the units registry (read in the same transaction as the rows).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from uuid import UUID

from dashboards import burnup, delays, milestones, timeliness
from dashboards.export import Panel
from dashboards.punctuality import delays as delay_grid
from dashboards.punctuality import league
from dashboards.style import Lang, say
from domain.errors import NotFound
from domain.views import CampaignRow, TaskRow
from infra.readmodel import Queries, ReadModel
from infra.readmodel.queries import PeriodMark, TaskHead


def _campaign(queries: Queries, campaign_id: UUID) -> CampaignRow:
    campaign = queries.campaign(campaign_id)
    if campaign is None:
        raise NotFound("campaign", f"没有专项行动 {campaign_id} / no campaign {campaign_id}")
    return campaign


def _scope(campaign: CampaignRow | None, unit: str | None, lang: Lang) -> str:
    name = campaign.name if campaign else say(lang, "全部专项行动", "all campaigns")
    return f"{name} · {unit}" if unit else name


@dataclass(frozen=True)
class Marks:
    """What punctuality is judged from: who leads each task and each period's marks, not the
    tasks' plans nor the periods' figures (a city's portfolio of those is a large read)."""

    campaign: CampaignRow | None  # None: the portfolio
    tasks: list[TaskHead]
    periods: list[PeriodMark]
    names: frozenset[str] | None  # the names the unit answers to; None: every unit


def _marks(queries: Queries, campaign_id: UUID | None, unit: str | None) -> Marks:
    """The campaign (or the portfolio), its tasks and their periods, a unit's own when given."""
    campaign = _campaign(queries, campaign_id) if campaign_id else None
    if unit is None:
        return Marks(
            campaign, queries.task_heads(campaign_id), queries.period_marks(campaign_id), None
        )
    names = queries.unit_names().names_for(unit)
    heads = [h for h in queries.task_heads_led_by(names) if campaign_id in (None, h.campaign_id)]
    return Marks(campaign, heads, queries.period_marks_of_tasks([h.id for h in heads]), names)


def _tasks(queries: Queries, campaign_id: UUID, unit: str | None) -> list[TaskRow]:
    """A campaign's whole tasks (their plans), the unit's own when given."""
    if unit is None:
        return queries.tasks(campaign_id)
    names = queries.unit_names().names_for(unit)
    return [t for t in queries.tasks_led_by(names) if t.campaign_id == campaign_id]


def burnup_panel(model: ReadModel, task_id: UUID, code: str, on: date, lang: Lang) -> Panel:
    with model.read() as queries:
        task = queries.task(task_id)
        if task is None:
            raise NotFound("task", f"没有任务 {task_id} / no task {task_id}")
        campaign = _campaign(queries, task.campaign_id)
        periods = queries.periods_of_tasks([task_id])
    data = burnup.burnup(campaign, task, periods, code, on)
    name = f"burnup_{campaign.code}_{task.number}_{data.indicator.code}"
    return Panel(name, burnup.figure(data, lang), burnup.table(data))


def timeliness_panel(
    model: ReadModel, campaign_id: UUID | None, until: date, lang: Lang, unit: str | None = None
) -> Panel:
    with model.read() as queries:
        rows = _marks(queries, campaign_id, unit)
    records = league(rows.tasks, rows.periods, until, rows.names)
    figure = timeliness.figure(records, _scope(rows.campaign, unit, lang), until, lang)
    return Panel(_name("timeliness", rows.campaign, until), figure, timeliness.table(records))


def delays_panel(
    model: ReadModel, campaign_id: UUID | None, until: date, lang: Lang, unit: str | None = None
) -> Panel:
    with model.read() as queries:
        rows = _marks(queries, campaign_id, unit)
    grid = delay_grid(rows.tasks, rows.periods, until, rows.names)
    figure = delays.figure(grid, _scope(rows.campaign, unit, lang), until, lang)
    return Panel(_name("delays", rows.campaign, until), figure, delays.table(grid))


def milestones_panel(
    model: ReadModel, campaign_id: UUID, on: date, lang: Lang, unit: str | None = None
) -> Panel:
    with model.read() as queries:
        campaign = _campaign(queries, campaign_id)
        tasks = _tasks(queries, campaign_id, unit)
    items = milestones.lines(tasks, on)
    figure = milestones.figure(items, _scope(campaign, unit, lang), on, lang)
    return Panel(_name("milestones", campaign, on), figure, milestones.table(items))


def _name(kind: str, campaign: CampaignRow | None, on: date) -> str:
    return f"{kind}_{campaign.code if campaign else 'portfolio'}_{on.isoformat()}"
