"""The units registry: units (牵头/配合单位), their aliases and abbreviations, and unit groups
such as 各镇、街道 (every town and sub-district), so reports and access can be scoped to a unit."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.audit import Audited, audited
from domain.errors import Conflict, InvalidInput
from domain.snapshots import StateSnapshot
from domain.values import Actor

UNIT_REGISTRY_ID = uuid5(NAMESPACE_URL, "/units")
_SPACE = re.compile(r"\s+")


def normalize_unit(text: str) -> str:
    """One spelling per name: full-width letters, digits and brackets folded (NFKC), no spaces."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or ""))


class Kind(StrEnum):
    UNIT = "unit"
    GROUP = "group"
    UNKNOWN = "unknown"


@dataclass(frozen=True)
class Resolved:
    kind: Kind
    name: str  # the registered name for a unit or group; the normalized text when unknown


def resolve_in(
    units: Mapping[str, tuple[str, ...]], groups: Mapping[str, tuple[str, ...]], text: str
) -> Resolved:
    """What `text` names among `units` (name -> aliases) and `groups` (name -> members)."""
    name = normalize_unit(text)
    if name in units:
        return Resolved(Kind.UNIT, name)
    if name in groups:
        return Resolved(Kind.GROUP, name)
    for unit, aliases in units.items():
        if name in aliases:
            return Resolved(Kind.UNIT, unit)
    return Resolved(Kind.UNKNOWN, name)


@dataclass(frozen=True)
class UnitNames:
    """The registry as plain values (the read model keeps this copy): resolves names and says
    which tasks a unit may act for."""

    units: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    groups: Mapping[str, tuple[str, ...]] = field(default_factory=dict)

    def resolve(self, text: str) -> Resolved:
        return resolve_in(self.units, self.groups, text)

    def names_for(self, unit: str) -> frozenset[str]:
        """Every name (normalized) a task may give as lead unit and mean `unit`: a registered
        unit's name and aliases and the groups it belongs to; anything else, its own name."""
        resolved = self.resolve(unit)
        if resolved.kind is not Kind.UNIT:
            return frozenset({resolved.name})
        groups = (g for g, members in self.groups.items() if resolved.name in members)
        return frozenset({resolved.name, *self.units[resolved.name], *groups})

    def covers(self, lead_units: Iterable[str], unit: str) -> bool:
        """Whether `unit` is one of `lead_units`: by any of its names, or as a member of a group
        among them."""
        names = self.names_for(unit)
        return any(normalize_unit(lead) in names for lead in lead_units)


class UnitRegistry(Aggregate):
    """One registry per installation. Names are stored normalized."""

    class Event(Audited):
        pass

    class Created(Event, Aggregate.Created):
        pass

    Snapshot = StateSnapshot

    @staticmethod
    def create_id(**_: Any) -> UUID:
        return UNIT_REGISTRY_ID

    @event("Opened")
    def __init__(self, actor: Actor, on: date) -> None:
        self.units: dict[str, tuple[str, ...]] = {}  # name -> aliases
        self.groups: dict[str, tuple[str, ...]] = {}  # name -> member units (may be empty)

    def resolve(self, text: str) -> Resolved:
        return resolve_in(self.units, self.groups, text)

    def names(self) -> UnitNames:
        return UnitNames(dict(self.units), dict(self.groups))

    def members(self, group: str) -> tuple[str, ...]:
        return self.groups.get(normalize_unit(group), ())

    def _check_free(self, name: str, field: str) -> str:
        name = normalize_unit(name)
        if not name:
            raise InvalidInput(field, "must not be empty")
        if self.resolve(name).kind is not Kind.UNKNOWN:
            raise Conflict(field, f"'{name}' is already registered")
        return name

    @event("UnitRegistered")
    def _register(self, name: str, aliases: tuple[str, ...]) -> None:
        self.units[name] = tuple(aliases)

    @audited
    def register_unit(self, name: str, aliases: tuple[str, ...], actor: Actor, on: date) -> None:
        name = self._check_free(name, "name")
        clean = tuple(dict.fromkeys(normalize_unit(a) for a in aliases if normalize_unit(a)))
        for alias in clean:
            if alias != name:
                self._check_free(alias, "aliases")
        self._register(name, tuple(a for a in clean if a != name))

    @event("AliasesSet")
    def _set_aliases(self, name: str, aliases: tuple[str, ...]) -> None:
        self.units[name] = tuple(aliases)

    @audited
    def set_aliases(self, name: str, aliases: tuple[str, ...], actor: Actor, on: date) -> None:
        resolved = self.resolve(name)
        if resolved.kind is not Kind.UNIT:
            raise InvalidInput("name", f"'{name}' is not a registered unit")
        clean = tuple(dict.fromkeys(normalize_unit(a) for a in aliases if normalize_unit(a)))
        for alias in clean:
            owner = self.resolve(alias)
            if owner.kind is not Kind.UNKNOWN and owner.name != resolved.name:
                raise Conflict("aliases", f"'{alias}' already names '{owner.name}'")
        self._set_aliases(resolved.name, clean)

    @event("GroupDefined")
    def _define_group(self, name: str, members: tuple[str, ...]) -> None:
        self.groups[name] = tuple(members)

    @audited
    def define_group(self, name: str, members: tuple[str, ...], actor: Actor, on: date) -> None:
        name = self._check_free(name, "name")
        self._define_group(name, self._known_units(members))

    @event("GroupMembersSet")
    def _set_members(self, name: str, members: tuple[str, ...]) -> None:
        self.groups[name] = tuple(members)

    @audited
    def set_members(self, group: str, members: tuple[str, ...], actor: Actor, on: date) -> None:
        resolved = self.resolve(group)
        if resolved.kind is not Kind.GROUP:
            raise InvalidInput("name", f"'{group}' is not a registered group")
        self._set_members(resolved.name, self._known_units(members))

    def _known_units(self, members: tuple[str, ...]) -> tuple[str, ...]:
        names = []
        for member in members:
            resolved = self.resolve(member)
            if resolved.kind is not Kind.UNIT:
                raise InvalidInput("members", f"'{member}' is not a registered unit")
            names.append(resolved.name)
        return tuple(dict.fromkeys(names))
