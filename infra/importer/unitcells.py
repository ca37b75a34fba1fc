"""Unit cells (牵头单位/配合单位): several units in one cell, separated by 、，, ; / or line
breaks, outside brackets; 各镇、街道 / 各街镇 (every town and sub-district) is one unit group and
is not split on its 、. Names are normalized and looked up in the units registry."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from domain.units import Kind, UnitRegistry, normalize_unit
from infra.importer.numbers import is_none_mark

SEPARATORS = set("、，,;；/／\n\r|")
OPEN, CLOSE = set("(（[【〔"), set(")）]】〕")
# What follows 各X、 in a group's name: 各镇、街道, 各街道、镇, 各镇、街道、工业区.
GROUP_TAILS = {"街道", "镇", "乡", "乡镇", "街镇", "镇街", "村", "居", "居委", "村居", "社区"}
GROUP_TAILS |= {"工业区", "园区", "开发区", "管委会", "居民区", "村委", "居委会", "村委会"}
_TRAILING = re.compile(r"(等单位|等部门|等)$")
# Spellings of "every town and sub-district" that name one group, 各镇、街道.
EVERY_TOWN = "各镇、街道"
_EVERY_TOWN = {
    "各镇、街道",
    "各街镇",
    "各镇街",
    "各街道、镇",
    "各镇(街道)",
    "各街道(镇)",
    "各镇街道",
}


def split_units(text: str, registry: UnitRegistry) -> list[str]:
    """The units named in one cell, normalized, in order, each once."""
    if not text or is_none_mark(text):
        return []
    pieces = _split_outside_brackets(text)
    names: list[str] = []
    i = 0
    while i < len(pieces):
        name = pieces[i]
        while i + 1 < len(pieces) and _continues_group(name, pieces[i + 1], registry):
            name = f"{name}、{pieces[i + 1]}"
            i += 1
        names.append(name)
        i += 1
    cleaned = [_clean(n) for n in names]
    return list(dict.fromkeys(n for n in cleaned if n and not is_none_mark(n)))


def _split_outside_brackets(text: str) -> list[str]:
    pieces, current, depth = [], [], 0
    for ch in text:
        depth += (ch in OPEN) - (ch in CLOSE and depth > 0)
        if ch in SEPARATORS and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return [p.strip() for p in pieces if p.strip()]


def _continues_group(name: str, piece: str, registry: UnitRegistry) -> bool:
    if normalize_unit(name).startswith("各") and normalize_unit(piece) in GROUP_TAILS:
        return True
    return registry.resolve(f"{name}、{piece}").kind is Kind.GROUP


def _clean(name: str) -> str:
    name = normalize_unit(name)
    if len(name) > 2:
        name = _TRAILING.sub("", name)
    return name


def is_group_name(name: str) -> bool:
    """各X (every X) names a group of units, not one unit."""
    return name.startswith("各") and len(name) > 1


@dataclass
class Units:
    """Every unit named by a file, sorted by what the registry knows of it."""

    registry: UnitRegistry
    known: set[str] = field(default_factory=set)  # registered units (by registered name)
    new: list[str] = field(default_factory=list)  # not registered: registered on import
    groups: list[str] = field(default_factory=list)  # groups named (registered or new)
    new_groups: list[str] = field(default_factory=list)  # groups defined on import, empty

    def name(self, text: str) -> str:
        """The name a task is written with: the registered name if the registry knows the
        unit (or its alias); a group's registered name; else the normalized text."""
        resolved = self.registry.resolve(text)
        if resolved.kind is Kind.UNIT:
            self.known.add(resolved.name)
            return resolved.name
        if resolved.kind is Kind.GROUP:
            _add(self.groups, resolved.name)
            return resolved.name
        name = resolved.name
        if is_group_name(name):
            name = self._every_town(name)
            if self.registry.resolve(name).kind is Kind.GROUP:
                _add(self.groups, name)
                return name
            _add(self.groups, name)
            _add(self.new_groups, name)
            return name
        _add(self.new, name)
        return name

    def _every_town(self, name: str) -> str:
        return EVERY_TOWN if name in {normalize_unit(s) for s in _EVERY_TOWN} else name

    def groups_to_fill(self) -> list[str]:
        """Groups named by the file that have no members yet: new ones and empty ones."""
        return [g for g in self.groups if not self.registry.members(g)]

    def count(self) -> int:
        return len(self.known) + len(self.new)


def _add(names: list[str], name: str) -> None:
    if name not in names:
        names.append(name)
