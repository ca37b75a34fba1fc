"""The units registry: units and their aliases, groups and their members, and which tasks a
unit may act for; the aggregate alone, then the application on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest

from domain.application import Xiuhua
from domain.commands import DefineUnitGroup, RegisterUnit, SetGroupMembers, SetUnitAliases
from domain.errors import Conflict, InvalidInput
from domain.units import Kind, Resolved, UnitNames, UnitRegistry, normalize_unit
from tests.unit.builders import COORDINATOR, event_names, shanghai

ON = date(2026, 3, 10)
NOW = shanghai(ON)
EVERY_TOWN = "各镇、街道"


def registry() -> UnitRegistry:
    book = UnitRegistry(actor=COORDINATOR, on=ON)
    book.register_unit("区城管执法局", ("城管执法局", "区城管局"), COORDINATOR, ON)
    book.register_unit("石化街道", (), COORDINATOR, ON)
    book.register_unit("朱泾镇", (), COORDINATOR, ON)
    book.define_group(EVERY_TOWN, ("石化街道", "朱泾镇"), COORDINATOR, ON)
    return book


def test_names_are_kept_in_one_spelling():
    assert normalize_unit(" 区城管 执法局 ") == "区城管执法局"
    assert normalize_unit("区城管执法局（一大队）") == "区城管执法局(一大队)"


def test_a_unit_is_found_by_its_name_or_any_alias():
    book = registry()

    assert book.resolve("区城管执法局") == Resolved(Kind.UNIT, "区城管执法局")
    assert book.resolve("城管执法局") == Resolved(Kind.UNIT, "区城管执法局")
    assert book.resolve(EVERY_TOWN) == Resolved(Kind.GROUP, EVERY_TOWN)
    assert book.resolve("区交通委") == Resolved(Kind.UNKNOWN, "区交通委")


def test_a_name_or_alias_already_taken_is_refused():
    book = registry()

    with pytest.raises(Conflict) as taken:
        book.register_unit("城管执法局", (), COORDINATOR, ON)
    assert taken.value.field == "name"
    with pytest.raises(Conflict) as alias_taken:
        book.register_unit("区交通委", ("区城管局",), COORDINATOR, ON)
    assert alias_taken.value.field == "aliases"
    with pytest.raises(InvalidInput) as empty:
        book.register_unit("  ", (), COORDINATOR, ON)
    assert empty.value.field == "name"


def test_aliases_are_replaced_and_cannot_name_another_unit():
    book = registry()
    book.set_aliases("城管执法局", ("执法局",), COORDINATOR, ON)

    assert book.units["区城管执法局"] == ("执法局",)
    assert book.resolve("区城管局").kind is Kind.UNKNOWN
    with pytest.raises(Conflict) as refusal:
        book.set_aliases("石化街道", ("执法局",), COORDINATOR, ON)
    assert refusal.value.field == "aliases"
    with pytest.raises(InvalidInput) as unknown:
        book.set_aliases("区交通委", (), COORDINATOR, ON)
    assert unknown.value.field == "name"


def test_a_group_holds_registered_units_only_under_their_registered_names():
    book = registry()
    book.set_members(EVERY_TOWN, ("石化街道", "城管执法局"), COORDINATOR, ON)

    assert book.members(EVERY_TOWN) == ("石化街道", "区城管执法局")
    with pytest.raises(InvalidInput) as refusal:
        book.define_group("各委办局", ("区交通委",), COORDINATOR, ON)
    assert refusal.value.field == "members"
    with pytest.raises(InvalidInput) as not_a_group:
        book.set_members("石化街道", (), COORDINATOR, ON)
    assert not_a_group.value.field == "name"


def test_a_unit_leads_tasks_led_by_its_name_an_alias_or_a_group_it_belongs_to():
    names = registry().names()

    assert names.covers(["区城管执法局"], "城管执法局")
    assert names.covers(["城管执法局"], "区城管执法局")
    assert names.covers([EVERY_TOWN], "石化街道")
    assert names.covers(["区交通委", EVERY_TOWN], "朱泾镇")
    assert not names.covers([EVERY_TOWN], "区城管执法局")
    assert not names.covers(["区交通委"], "城管执法局")
    assert names.names_for("石化街道") == {"石化街道", EVERY_TOWN}
    assert names.names_for(EVERY_TOWN) == {EVERY_TOWN}


def test_without_a_registry_a_unit_leads_only_tasks_that_name_it():
    assert UnitNames().covers(["区城管执法局 "], "区城管执法局")
    assert not UnitNames().covers(["区城管执法局"], "城管执法局")


# -- the application, on a real store ----------------------------------------------------
def test_before_anything_is_registered_the_registry_is_empty_and_nothing_is_written(app: Xiuhua):
    assert app.unit_registry().units == {}
    assert app.recorder.max_notification_id() in (None, 0)


def test_registered_units_and_groups_are_stored_and_read_back(app: Xiuhua):
    app.register_unit(RegisterUnit("区城管执法局", ("城管执法局",), actor=COORDINATOR, now=NOW))
    app.register_unit(RegisterUnit("石化街道", (), actor=COORDINATOR, now=NOW))
    app.define_unit_group(DefineUnitGroup(EVERY_TOWN, ("石化街道",), actor=COORDINATOR, now=NOW))
    app.set_unit_aliases(
        SetUnitAliases("城管执法局", ("城管执法局", "区城管局"), actor=COORDINATOR, now=NOW)
    )
    outcome = app.set_group_members(
        SetGroupMembers(EVERY_TOWN, ("石化街道", "区城管局"), actor=COORDINATOR, now=NOW)
    )

    assert outcome.changed and outcome.position == app.recorder.max_notification_id()
    book = app.unit_registry()
    assert book.units == {"区城管执法局": ("城管执法局", "区城管局"), "石化街道": ()}
    assert book.groups == {EVERY_TOWN: ("石化街道", "区城管执法局")}
    assert event_names(app, book.id) == [
        "UnitRegistry.Opened",
        "UnitRegistry.UnitRegistered",
        "UnitRegistry.UnitRegistered",
        "UnitRegistry.GroupDefined",
        "UnitRegistry.AliasesSet",
        "UnitRegistry.GroupMembersSet",
    ]


def test_a_refused_registration_writes_nothing(app: Xiuhua):
    app.register_unit(RegisterUnit("区城管执法局", ("城管执法局",), actor=COORDINATOR, now=NOW))
    before = app.recorder.max_notification_id()

    with pytest.raises(Conflict):
        app.register_unit(RegisterUnit("城管执法局", (), actor=COORDINATOR, now=NOW))
    with pytest.raises(InvalidInput):
        app.define_unit_group(
            DefineUnitGroup(EVERY_TOWN, ("区交通委",), actor=COORDINATOR, now=NOW)
        )
    assert app.recorder.max_notification_id() == before


def test_a_second_application_on_the_same_store_sees_the_registry(
    app: Xiuhua, store_env: dict[str, str]
):
    app.register_unit(RegisterUnit("区城管执法局", ("城管执法局",), actor=COORDINATOR, now=NOW))
    other = Xiuhua(env=store_env)
    try:
        other.register_unit(RegisterUnit("石化街道", (), actor=COORDINATOR, now=NOW))
        assert other.unit_registry().names().covers(["城管执法局"], "区城管执法局")
    finally:
        other.close()
    assert set(app.unit_registry().units) == {"区城管执法局", "石化街道"}
