"""The units registry: units, their aliases, and unit groups."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from domain.commands import Command, DefineUnitGroup, RegisterUnit, SetGroupMembers, SetUnitAliases
from domain.service.base import Outcome, Store, business_day, retry_on_conflict
from domain.units import UNIT_REGISTRY_ID, UnitRegistry
from domain.values import SYSTEM, Actor


class UnitCommands(Store):
    # -- units ----------------------------------------------------------------------------
    def unit_registry(self) -> UnitRegistry:
        """The registry, to read only; an empty one (never saved) before anything is registered."""
        return self.existing(UNIT_REGISTRY_ID, read_only=True) or UnitRegistry(
            actor=SYSTEM, on=date.min
        )

    def registry_for_change(self, actor: Actor, on: date) -> UnitRegistry:
        """The registry to change and save; opened by `actor` on `on` if there is none yet."""
        return self.existing(UNIT_REGISTRY_ID) or UnitRegistry(actor=actor, on=on)

    def _change_registry(
        self, command: Command, change: Callable[[UnitRegistry, date], None]
    ) -> Outcome:
        on = business_day(command.now)
        registry = self.registry_for_change(command.actor, on)
        change(registry, on)
        return self._commit(registry)

    @retry_on_conflict
    def register_unit(self, c: RegisterUnit) -> Outcome:
        return self._change_registry(
            c, lambda r, on: r.register_unit(c.name, c.aliases, c.actor, on)
        )

    @retry_on_conflict
    def set_unit_aliases(self, c: SetUnitAliases) -> Outcome:
        return self._change_registry(c, lambda r, on: r.set_aliases(c.name, c.aliases, c.actor, on))

    @retry_on_conflict
    def define_unit_group(self, c: DefineUnitGroup) -> Outcome:
        return self._change_registry(
            c, lambda r, on: r.define_group(c.name, c.members, c.actor, on)
        )

    @retry_on_conflict
    def set_group_members(self, c: SetGroupMembers) -> Outcome:
        return self._change_registry(c, lambda r, on: r.set_members(c.name, c.members, c.actor, on))
