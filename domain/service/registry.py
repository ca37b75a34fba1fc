"""The units registry: units, their aliases, and unit groups."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from domain.service.base import Outcome, Store, business_day, retry_on_conflict
from domain.units import UNIT_REGISTRY_ID, UnitRegistry
from domain.values import (
    SYSTEM,
    Actor,
)


class UnitCommands(Store):
    # -- units ----------------------------------------------------------------------------
    def unit_registry(self) -> UnitRegistry:
        """The registry, to read; an empty one (never saved) before anything is registered."""
        return self.existing(UNIT_REGISTRY_ID) or UnitRegistry(actor=SYSTEM, on=date.min)

    def registry_for_change(self, actor: Actor, on: date) -> UnitRegistry:
        """The registry to change and save; opened by `actor` on `on` if there is none yet."""
        return self.existing(UNIT_REGISTRY_ID) or UnitRegistry(actor=actor, on=on)

    def _change_registry(
        self, actor: Actor, now: datetime, change: Callable[[UnitRegistry, date], None]
    ) -> Outcome:
        on = business_day(now)
        registry = self.registry_for_change(actor, on)
        change(registry, on)
        return self._commit(registry)

    @retry_on_conflict
    def register_unit(
        self, name: str, aliases: tuple[str, ...], actor: Actor, now: datetime
    ) -> Outcome:
        return self._change_registry(
            actor, now, lambda r, on: r.register_unit(name, aliases, actor, on)
        )

    @retry_on_conflict
    def set_unit_aliases(
        self, name: str, aliases: tuple[str, ...], actor: Actor, now: datetime
    ) -> Outcome:
        return self._change_registry(
            actor, now, lambda r, on: r.set_aliases(name, aliases, actor, on)
        )

    @retry_on_conflict
    def define_unit_group(
        self, name: str, members: tuple[str, ...], actor: Actor, now: datetime
    ) -> Outcome:
        return self._change_registry(
            actor, now, lambda r, on: r.define_group(name, members, actor, on)
        )

    @retry_on_conflict
    def set_group_members(
        self, name: str, members: tuple[str, ...], actor: Actor, now: datetime
    ) -> Outcome:
        return self._change_registry(
            actor, now, lambda r, on: r.set_members(name, members, actor, on)
        )
