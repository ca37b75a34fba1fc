"""Snapshots of aggregates that restore exactly the state a replay of their events builds.

The library's snapshot stores an aggregate's `__dict__` as JSON, which loses what JSON cannot say:
tuples come back as lists, enums as bare strings, a dict keyed by year as a dict keyed by text,
and our plain dataclasses (a task's `PeriodRecord`s) cannot be written at all. `StateSnapshot`
wraps the state so that each such value is written with a tag (domain/transcodings.py) and read
back as the type it was: a restored aggregate equals a replayed one, field by field and type by
type (tests/unit/test_snapshots.py). Only classes of the `domain` package are restored by name.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Mapping
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any
from uuid import UUID

from eventsourcing.domain import Snapshot
from eventsourcing.persistence import TranscodingNotRegisteredError
from eventsourcing.utils import get_topic, resolve_topic

# Written as they are: JSON's own types and those the library's transcoder already knows.
_AS_IS = frozenset({str, int, float, bool, type(None), Decimal, UUID, datetime, date})


class Tagged:
    """A value JSON would write lossily, held until the transcoder writes it with its tag."""

    __slots__ = ("value",)

    def __init__(self, value: Any) -> None:
        self.value = value


class TupleValue(Tagged):
    pass


class FrozenSetValue(Tagged):
    pass


class PairsValue(Tagged):
    """A dict whose keys are not all text (years, ids): kept as key-value pairs."""


class EnumValue(Tagged):
    pass


class RecordValue(Tagged):
    """A dataclass instance of the domain, by its class's topic and its fields."""


def tag(value: Any) -> Any:
    """`value` ready for JSON: containers walked, lossy values wrapped for their transcoding."""
    if isinstance(value, Enum):
        return EnumValue(value)
    kind = type(value)
    if kind in _AS_IS:
        return value
    if kind is list:
        return [tag(v) for v in value]
    if kind is tuple:
        return TupleValue(value)
    if kind is frozenset:
        return FrozenSetValue(value)
    if kind is dict:
        if all(type(k) is str for k in value):
            return {k: tag(v) for k, v in value.items()}
        return PairsValue(value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return RecordValue(value)
    raise TranscodingNotRegisteredError(f"a snapshot cannot keep a value of type {kind}")


def domain_class(topic: str) -> Any:
    """The class a stored topic names; only the domain's own."""
    if not topic.startswith("domain."):
        raise ValueError(f"a snapshot names {topic!r}, which is not a class of the domain")
    return resolve_topic(topic)


def record_fields(value: Any) -> dict[str, Any]:
    return {f.name: tag(getattr(value, f.name)) for f in dataclasses.fields(value)}


def restore_record(topic: str, fields: dict[str, Any]) -> Any:
    """The dataclass as it was stored, without running its checks again (as replay's objects
    were checked when first made)."""
    cls = domain_class(topic)
    record = object.__new__(cls)
    for name, value in fields.items():
        object.__setattr__(record, name, value)
    return record


class AggregateState(Mapping[str, Any]):
    """An aggregate's attributes, written tagged (see `tag`) and read back as a plain dict."""

    def __init__(self, attributes: dict[str, Any]) -> None:
        self.attributes = attributes

    def __getitem__(self, key: str) -> Any:
        return self.attributes[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self.attributes)

    def __len__(self) -> int:
        return len(self.attributes)


class StateSnapshot(Snapshot):
    """The library's snapshot, with a state that survives JSON (see the module docstring)."""

    @classmethod
    def take(cls, aggregate: Any) -> StateSnapshot:
        snapshot = super().take(aggregate)
        object.__setattr__(snapshot, "state", AggregateState(dict(snapshot.state)))
        return snapshot


def topic_of(value: Any) -> str:
    return get_topic(type(value))
