"""Every event of every aggregate carries who acted and on which business date, declared once."""

from __future__ import annotations

from datetime import date

import pytest
from eventsourcing.domain import Aggregate

from domain.audit import Audited, acting, why
from domain.campaign import Campaign
from domain.holidays import HolidayBook
from domain.task import Task
from domain.units import UnitRegistry
from domain.values import Actor
from tests.unit.test_aggregates import DAY, a_task, submit

LEAD = Actor("li.na", "区城管执法局")
COORDINATOR = Actor("zhang.wei", "专班")
ON = date(2026, 3, 2)


def event_classes(aggregate: type[Aggregate]) -> list[type]:
    return [
        value
        for value in vars(aggregate).values()
        if isinstance(value, type) and issubclass(value, Aggregate.Event)
    ]


@pytest.mark.parametrize("aggregate", [Task, Campaign, UnitRegistry, HolidayBook])
def test_each_aggregates_events_derive_from_the_one_audited_base(
    aggregate: type[Aggregate],
) -> None:
    classes = event_classes(aggregate)
    assert len(classes) >= 3
    assert all(issubclass(c, Audited) for c in classes), classes
    assert all({"actor", "on"} <= set(c.__dataclass_fields__) for c in classes)


def test_a_commands_events_carry_its_actor_and_business_date() -> None:
    registry = UnitRegistry(actor=COORDINATOR, on=ON)
    registry.register_unit("区城管执法局", ("城管执法局",), COORDINATOR, date(2026, 3, 3))
    registry.define_group("各街镇", ("区城管执法局",), LEAD, date(2026, 3, 4))
    events = registry.collect_events()
    assert [(type(e).__name__, e.actor, e.on) for e in events] == [
        ("Opened", COORDINATOR, ON),
        ("UnitRegistered", COORDINATOR, date(2026, 3, 3)),
        ("GroupDefined", LEAD, date(2026, 3, 4)),
    ]


def test_an_event_triggered_outside_a_command_is_refused() -> None:
    registry = UnitRegistry(actor=COORDINATOR, on=ON)
    with pytest.raises(RuntimeError, match="who acts and when"):
        registry._register("区交通委", ())
    with acting(LEAD, ON):
        registry._register("区交通委", ())
    assert registry.collect_events()[-1].actor == LEAD


def test_the_reason_of_an_event_is_read_where_its_command_asks_for_one() -> None:
    task = a_task()
    submit(task)
    task.return_report("2026-02", "数值有误，请更正", COORDINATOR, DAY)
    planned, submitted, returned = task.collect_events()
    assert [why(planned), why(submitted), why(returned)] == ["", "", "数值有误，请更正"]
    assert (returned.actor, returned.on) == (COORDINATOR, DAY)
