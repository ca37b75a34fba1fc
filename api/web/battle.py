"""What the battle map page shows: the filters as typed and checked field by field, and the grid
from the battle map's own presenter (the same kept answer as GET /api/battle-map)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from api.auth import User
from api.presenters.battlemap import Filters, battle_map
from api.schemas.battlemap import BattleMapOut
from api.services import Services
from domain.values import Status, text_problem

UNIT_MAX = 100
BINDING = {"": None, "true": True, "false": False}


@dataclass
class FilterForm:
    """The GET form's fields as typed, the filters they make, and each field's problem."""

    values: dict[str, str]
    filters: Filters = Filters()
    errors: dict[str, str] = field(default_factory=dict)


def read_filters(campaign: str, unit: str, status: str, binding: str) -> FilterForm:
    values = {"campaign": campaign, "unit": unit, "status": status, "binding": binding}
    form = FilterForm(values)
    chosen: UUID | None = None
    if campaign.strip():
        try:
            chosen = UUID(campaign.strip())
        except ValueError:
            form.errors["campaign"] = "bad_filter"
    unit = unit.strip()
    if len(unit) > UNIT_MAX or text_problem(unit, False):
        form.errors["unit"] = "bad_filter"
    state = Status(status) if status in set(Status) else None
    if status and state is None:
        form.errors["status"] = "bad_filter"
    if binding not in BINDING:
        form.errors["binding"] = "bad_filter"
    if not form.errors:
        form.filters = Filters(chosen, unit or None, state, BINDING[binding])
    return form


@dataclass(frozen=True)
class Choices:
    campaigns: list[tuple[UUID, str]]
    units: list[str]


def choices(svc: Services) -> Choices:
    """The campaigns and the units named on tasks, for the filter form's lists."""
    with svc.readmodel.read() as queries:
        campaigns = [(c.id, f"{c.code} {c.name}") for c in queries.campaigns()]
        heads = queries.task_heads()
    units = sorted({u for h in heads for u in (*h.lead_units, *h.supporting_units)})
    return Choices(campaigns, units)


def grid(svc: Services, user: User, filters: Filters, on: date) -> BattleMapOut:
    return BattleMapOut.model_validate_json(battle_map(svc, user, filters, on))
