"""Field values of the rows (domain/views.py) to and from column values, chosen by field type.

A scalar is a column of its own: str as text, int as BIGINT, bool as 0/1, Decimal, UUID and
ISO dates as text, an enum by its value. Tuples, mappings and value objects are JSON text (keys
sorted, Chinese kept as is). A value object goes into JSON only once it is registered below:
by its fields, or in a shape of its own.
"""

from __future__ import annotations

import dataclasses
import json
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any, Union, get_args, get_origin, get_type_hints
from uuid import UUID

from domain.values import (
    Contribution,
    Evidence,
    Indicator,
    Milestone,
    PlanPoint,
    ReportingPolicy,
)

Convert = Callable[[Any], Any]


@dataclass(frozen=True)
class ColumnCodec:
    """A column's type and its converters; `to`/`back` None: the value is stored as it is.

    None stays None both ways (a NOT NULL column refuses it), so the converters never see it."""

    sql_type: str
    nullable: bool
    to: Convert | None
    back: Convert | None
    # What `back` makes is immutable (a scalar, an enum member, a string), so one object may
    # stand for every equal value a read decodes (infra/readmodel/table.py `Shared`).
    shareable: bool = False

    def encode(self, value: Any) -> Any:
        return value if value is None or self.to is None else self.to(value)

    def decode(self, value: Any) -> Any:
        return value if value is None or self.back is None else self.back(value)


def _same(value: Any) -> Any:
    return value


_SCALARS: dict[Any, tuple[str, Convert, Convert]] = {
    str: ("TEXT", _same, _same),
    int: ("BIGINT", _same, _same),
    bool: ("INTEGER", int, bool),
    Decimal: ("TEXT", str, Decimal),
    UUID: ("TEXT", str, UUID),
    date: ("TEXT", date.isoformat, date.fromisoformat),
    datetime: ("TEXT", datetime.isoformat, datetime.fromisoformat),
}
# JSON has its own str, int and bool; the other scalars go in as in their columns.
_JSON_NATIVE = (str, int, bool)
_JSON: dict[type, tuple[Convert, Convert]] = {}


def register(cls: type, dump: Convert, load: Convert) -> None:
    """Store `cls` in JSON as `dump` writes it and `load` reads it back."""
    _JSON[cls] = (dump, load)


def register_fields(cls: type) -> None:
    """Store the dataclass `cls` in JSON as an object of its fields, each by its own type."""
    hints = get_type_hints(cls)
    fields = {f.name: _json(hints[f.name]) for f in dataclasses.fields(cls)}

    def dump(value: Any) -> dict[str, Any]:
        return {name: to(getattr(value, name)) for name, (to, _) in fields.items()}

    def load(data: dict[str, Any]) -> Any:
        # A field missing from stored JSON takes its default: the stored shape may predate it.
        return cls(**{name: back(data[name]) for name, (_, back) in fields.items() if name in data})

    register(cls, dump, load)


def _optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        present = [a for a in get_args(annotation) if a is not type(None)]
        if len(present) == 1:
            return present[0], True
    return annotation, False


def _none_passes(pair: tuple[Convert, Convert]) -> tuple[Convert, Convert]:
    to, back = pair
    return (
        lambda value: None if value is None else to(value),
        lambda value: None if value is None else back(value),
    )


def _json(annotation: Any) -> tuple[Convert, Convert]:
    """Converters between a value of type `annotation` and what json.dumps writes."""
    inner, nullable = _optional(annotation)
    origin, args = get_origin(inner), get_args(inner)
    pair: tuple[Convert, Convert]
    if inner in _JSON_NATIVE:
        pair = (_same, _same)
    elif inner in _SCALARS:
        pair = _SCALARS[inner][1:]
    elif isinstance(inner, type) and issubclass(inner, Enum):
        pair = (lambda e: e.value, inner)
    elif inner in _JSON:
        pair = _JSON[inner]
    elif origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        to, back = _json(args[0])
        if to is _same and back is _same:
            pair = (list, tuple)
        else:
            pair = (lambda v: [to(x) for x in v], lambda v: tuple(back(x) for x in v))
    elif origin in (Mapping, dict) and len(args) == 2:
        (key_to, key_back), (to, back) = _json(args[0]), _json(args[1])
        if key_to is key_back is to is back is _same:
            pair = (dict, dict)
        else:
            pair = (
                lambda v: {key_to(k): to(x) for k, x in v.items()},
                lambda v: {key_back(k): back(x) for k, x in v.items()},
            )
    else:
        raise TypeError(
            f"no read-model codec for {annotation!r}: register it in infra/readmodel/codec.py"
        )
    return _none_passes(pair) if nullable else pair


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def column_codec(annotation: Any) -> ColumnCodec:
    """The column type and converters of a row field annotated `annotation`."""
    inner, nullable = _optional(annotation)
    to: Convert | None
    back: Convert | None
    shareable = True
    if inner in _SCALARS:
        sql_type, to, back = _SCALARS[inner]
    elif isinstance(inner, type) and issubclass(inner, Enum):
        sql_type, to, back = "TEXT", (lambda e: e.value), inner
    else:
        to_json, from_json = _json(inner)
        sql_type, shareable = "TEXT", False  # dicts and lists: each row its own
        to, back = (lambda v: _dumps(to_json(v))), (lambda t: from_json(json.loads(t)))
    return ColumnCodec(
        sql_type, nullable, None if to is _same else to, None if back is _same else back, shareable
    )


# A plan point is a [period, value] pair: the shape rm_tasks.indicators has always had.
register(PlanPoint, lambda p: [p.period, str(p.value)], lambda p: PlanPoint(p[0], Decimal(p[1])))
for _value_object in (Indicator, Milestone, ReportingPolicy, Contribution, Evidence):
    register_fields(_value_object)
