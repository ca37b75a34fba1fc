"""How our value types are written into stored events and snapshots.

The library knows UUID, Decimal and datetime; dates and our frozen dataclasses are added here,
and the tagged values of a snapshot's state (domain/snapshots.py), so a snapshot restores
tuples, sets, enums, dicts keyed by numbers or ids, and dataclasses as the types they were.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Any, get_type_hints

from eventsourcing.persistence import JSONTranscoder, Transcoding

from domain.meetings import FollowUp
from domain.snapshots import (
    AggregateState,
    EnumValue,
    FrozenSetValue,
    PairsValue,
    RecordValue,
    TupleValue,
    domain_class,
    record_fields,
    restore_record,
    tag,
    topic_of,
)
from domain.values import Actor, Indicator, Milestone, PlanPoint, ReportingPolicy


class DateAsISO(Transcoding):
    type = date
    name = "date_iso"

    def encode(self, obj: date) -> str:
        return obj.isoformat()

    def decode(self, data: str) -> date:
        return date.fromisoformat(data)


class FrozenDataclass(Transcoding):
    """A frozen dataclass as a dict of its fields; lists come back as tuples where declared."""

    def __init__(self, cls: type) -> None:
        self.type = cls
        self.name = cls.__name__
        hints = get_type_hints(cls)
        names = [f.name for f in dataclasses.fields(cls)]
        self.tuples = {n for n in names if str(hints[n]).startswith("tuple")}
        # StrEnums are strs, so JSON writes them bare; they are turned back here.
        self.enums = {
            n: hints[n] for n in names if isinstance(hints[n], type) and issubclass(hints[n], Enum)
        }

    def encode(self, obj: Any) -> dict[str, Any]:
        return {f.name: getattr(obj, f.name) for f in dataclasses.fields(obj)}

    def decode(self, data: dict[str, Any]) -> Any:
        values = {k: tuple(v) if k in self.tuples else v for k, v in data.items()}
        values.update({k: self.enums[k](values[k]) for k in self.enums if k in values})
        return self.type(**values)


class StateOf(Transcoding):
    """A snapshot's state: each attribute tagged on the way out, a plain dict on the way in
    (its tagged values are already restored, innermost first, by the time it is read)."""

    type = AggregateState
    name = "snapshot_state"

    def encode(self, obj: AggregateState) -> dict[str, Any]:
        return {name: tag(value) for name, value in obj.items()}

    def decode(self, data: dict[str, Any]) -> dict[str, Any]:
        return data


class TupleOf(Transcoding):
    type = TupleValue
    name = "tuple"

    def encode(self, obj: TupleValue) -> list[Any]:
        return [tag(v) for v in obj.value]

    def decode(self, data: list[Any]) -> tuple[Any, ...]:
        return tuple(data)


class FrozenSetOf(Transcoding):
    type = FrozenSetValue
    name = "frozenset"

    def encode(self, obj: FrozenSetValue) -> list[Any]:
        return [tag(v) for v in obj.value]

    def decode(self, data: list[Any]) -> frozenset[Any]:
        return frozenset(data)


class PairsOf(Transcoding):
    type = PairsValue
    name = "dict_pairs"

    def encode(self, obj: PairsValue) -> list[list[Any]]:
        return [[tag(k), tag(v)] for k, v in obj.value.items()]

    def decode(self, data: list[list[Any]]) -> dict[Any, Any]:
        return {k: v for k, v in data}


class EnumOf(Transcoding):
    type = EnumValue
    name = "enum"

    def encode(self, obj: EnumValue) -> list[Any]:
        return [topic_of(obj.value), obj.value.value]

    def decode(self, data: list[Any]) -> Enum:
        return domain_class(data[0])(data[1])


class RecordOf(Transcoding):
    type = RecordValue
    name = "record"

    def encode(self, obj: RecordValue) -> list[Any]:
        return [topic_of(obj.value), record_fields(obj.value)]

    def decode(self, data: list[Any]) -> Any:
        return restore_record(data[0], data[1])


def register(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    for cls in (Actor, Indicator, Milestone, PlanPoint, ReportingPolicy, FollowUp):
        transcoder.register(FrozenDataclass(cls))
    for snapshot_part in (StateOf, TupleOf, FrozenSetOf, PairsOf, EnumOf, RecordOf):
        transcoder.register(snapshot_part())
