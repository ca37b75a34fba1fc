"""A task as one cell of the battle map: its status colour, units and headline figures."""

from __future__ import annotations

from api.schemas.battlemap import CellOut, IndicatorCellOut
from api.schemas.campaigns import TaskOut
from domain.values import Attribute

_FIGURES = set(IndicatorCellOut.model_fields)


def cell_of(task: TaskOut) -> CellOut:
    """The cell for `task` as the caller sees it (full, or published to every unit)."""
    return CellOut(
        id=task.id,
        number=task.number,
        title=task.title,
        lead_units=task.lead_units,
        supporting_units=task.supporting_units,
        status=task.status,
        status_reason=task.status_reason,
        binding=binding(task),
        overdue_periods=task.overdue_periods,
        supervised=task.open_supervision is not None,
        scope=task.scope,
        indicators=[IndicatorCellOut(**i.model_dump(include=_FIGURES)) for i in task.indicators],
    )


def binding(task: TaskOut) -> bool:
    return any(i.attribute == Attribute.BINDING.value for i in task.indicators)
