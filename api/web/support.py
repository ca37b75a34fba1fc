"""What the supporting unit's page shows: the tasks the unit supports, read from the read model
(never a replay), each with its opened periods and the contribution form's figures checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from uuid import UUID

from api.services import Services
from api.web.forms import note_problem
from api.web.lead import TaskView, parse_figure, task_view
from domain.units import normalize_unit
from domain.values import Shape

SHOWN_PERIODS = 3  # the latest opened periods offered on the form


def supported_tasks(svc: Services, unit: str, on: date) -> list[TaskView]:
    """The tasks whose supporting units cover `unit` (by the units registry), by campaign."""
    with svc.readmodel.read() as queries:
        names = queries.unit_names().names_for(unit)
        heads = queries.task_heads()
    ids = [h.id for h in heads if any(normalize_unit(u) in names for u in h.supporting_units)]
    return [task_view(svc, task_id, on) for task_id in ids]


def opened(view: TaskView) -> list[str]:
    """The periods a contribution may be given for, the latest first."""
    return [p.period for p in reversed(view.periods) if p.opened_on][:SHOWN_PERIODS]


def key(task_id: UUID | str, name: str) -> str:
    return f"c-{task_id}-{name}"


@dataclass
class ContributionForm:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    figures: dict[str, Decimal] = field(default_factory=dict)


def read_contribution(view: TaskView, values: dict[str, str]) -> ContributionForm:
    """Each field checked; the errors keyed by the page's field names (one form per task)."""
    task_id = view.out.id
    form = ContributionForm({key(task_id, k): v for k, v in values.items()})
    if values.get("period", "") not in opened(view):
        form.errors[key(task_id, "period")] = "no_open_period"
    if problem := note_problem(values.get("text", "")):
        form.errors[key(task_id, "text")] = problem
    for indicator in view.out.indicators:
        if indicator.shape == Shape.MILESTONES.value:
            continue
        value, problem = parse_figure(values.get(f"fig.{indicator.code}", ""))
        if problem:
            form.errors[key(task_id, f"fig.{indicator.code}")] = problem
        elif value is not None:
            form.figures[indicator.code] = value
    return form
