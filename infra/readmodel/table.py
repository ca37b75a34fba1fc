"""A query table declared once, from its row dataclass: DDL, upsert, params and decoding follow.

Its columns are the row's fields (key columns first, then the rest in field order), each typed
by its annotation (infra/readmodel/codec.py); a field may take another column name where its
own is an SQL keyword. Statements use `?` placeholders (infra/readmodel/backends.py adapts
them), and `upsert_sql` with `params(row)` serves one row or a page of them (executemany).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from operator import attrgetter
from typing import Any, Generic, TypeVar, get_type_hints

from infra.readmodel.codec import ColumnCodec, column_codec

R = TypeVar("R")
SHARED_TEXT = 64  # longer strings are free text, seldom repeated: not worth remembering


class Shared:
    """Equal values decoded once in one read: a portfolio's period rows name the same task and
    campaign ids, days, periods and units thousands of times, and as one object per row those
    were about half of the rows' memory. Lives as long as the read that made it."""

    def __init__(self) -> None:
        self._memos: dict[Any, dict[Any, Any]] = {}

    def memo(self, codec: ColumnCodec) -> dict[Any, Any] | None:
        """The values already decoded by `codec`'s converter (None: each row its own)."""
        if not codec.shareable:
            return None
        return self._memos.setdefault(codec.back, {})

    def decode(self, codec: ColumnCodec, value: Any) -> Any:
        memo = self.memo(codec)
        if value is None or memo is None or (isinstance(value, str) and len(value) > SHARED_TEXT):
            return codec.decode(value)
        found = memo.get(value)
        if found is None:
            found = memo[value] = codec.decode(value)
        return found


@dataclass(frozen=True)
class Column:
    name: str
    field: str
    codec: ColumnCodec

    @property
    def ddl(self) -> str:
        return f"{self.name} {self.codec.sql_type}{'' if self.codec.nullable else ' NOT NULL'}"


class Table(Generic[R]):
    def __init__(
        self,
        name: str,
        row_type: type[R],
        key: Sequence[str],
        *,
        column_names: Mapping[str, str] | None = None,
        indexes: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        renamed = dict(column_names or {})
        hints = get_type_hints(row_type)
        declared = dataclasses.fields(row_type)  # type: ignore[arg-type]
        if computed := [f.name for f in declared if not f.init]:
            raise ValueError(f"{name}: {row_type.__name__}.{computed} is not an init field")
        fields = [f.name for f in declared]
        if unknown := set(renamed) - set(fields):
            raise ValueError(f"{name}: {row_type.__name__} has no field {sorted(unknown)}")
        every = [Column(renamed.get(f, f), f, column_codec(hints[f])) for f in fields]
        by_name = {c.name: c for c in every}
        if missing := [k for k in key if k not in by_name]:
            raise ValueError(f"{name}: key column {missing} is not a field of {row_type.__name__}")
        if nullable := [k for k in key if by_name[k].codec.nullable]:
            raise ValueError(f"{name}: key column {nullable} may be None")
        self.name = name
        self.row_type = row_type
        self.key: tuple[Column, ...] = tuple(by_name[k] for k in key)
        self.columns: tuple[Column, ...] = (*self.key, *(c for c in every if c.name not in key))
        self.indexes = {suffix: tuple(columns) for suffix, columns in (indexes or {}).items()}
        for suffix, columns in self.indexes.items():
            if missing := [c for c in columns if c not in by_name]:
                raise ValueError(f"{name}: index {suffix} names no column {missing}")
        # The hot path of a rebuild: one getter for every field, converters looked up once.
        self._get = attrgetter(*(c.field for c in self.columns))
        self._key = attrgetter(*(c.field for c in self.key))
        self._single_key = len(self.key) == 1
        self._to = tuple(c.codec.to for c in self.columns)
        self._back = tuple((c.name, c.codec.back) for c in every)  # field order: positional
        self._codecs = tuple(c.codec for c in every)

    @cached_property
    def column_names(self) -> tuple[str, ...]:
        return tuple(c.name for c in self.columns)

    @cached_property
    def columns_sql(self) -> str:
        """The body of CREATE TABLE: every column, then the primary key."""
        lines = [c.ddl for c in self.columns]
        lines.append(f"PRIMARY KEY ({', '.join(c.name for c in self.key)})")
        return "".join(f"\n        {line}," for line in lines).rstrip(",")

    @cached_property
    def index_sql(self) -> tuple[str, ...]:
        return tuple(
            f"CREATE INDEX IF NOT EXISTS {self.name}_{suffix} ON {self.name} ({', '.join(cols)})"
            for suffix, cols in self.indexes.items()
        )

    @cached_property
    def _on_conflict(self) -> str:
        keys = [c.name for c in self.key]
        updates = ", ".join(f"{c} = excluded.{c}" for c in self.column_names if c not in keys)
        return f"ON CONFLICT ({', '.join(keys)}) DO UPDATE SET {updates}"

    @cached_property
    def upsert_sql(self) -> str:
        names = self.column_names
        return (
            f"INSERT INTO {self.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))}) "
            f"{self._on_conflict}"
        )

    @cached_property
    def upsert_columns_sql(self) -> str:
        """`upsert_sql` for any number of rows on PostgreSQL: one array parameter per column
        (`column_params`), so the statement stays one short text the server prepares once."""
        arrays = ", ".join(f"?::{c.codec.sql_type}[]" for c in self.columns)
        return (
            f"INSERT INTO {self.name} ({', '.join(self.column_names)}) "
            f"SELECT * FROM unnest({arrays}) {self._on_conflict}"
        )

    @staticmethod
    def column_params(rows: list[tuple[Any, ...]]) -> list[list[Any]]:
        """`params` of many rows, turned into one list per column."""
        return [list(column) for column in zip(*rows, strict=True)]

    @cached_property
    def select_sql(self) -> str:
        """One row by its key; parameters from `key_params`."""
        where = " AND ".join(f"{c.name} = ?" for c in self.key)
        return f"SELECT * FROM {self.name} WHERE {where}"

    def params(self, row: R) -> tuple[Any, ...]:
        """The row's values in `upsert_sql`'s order, as the columns store them."""
        values = self._get(row) if len(self._to) > 1 else (self._get(row),)
        return tuple(
            [
                v if v is None or to is None else to(v)
                for to, v in zip(self._to, values, strict=True)
            ]
        )

    def key_of(self, row: R) -> tuple[Any, ...]:
        """The row's key, as its fields hold it (not encoded)."""
        key = self._key(row)
        return (key,) if self._single_key else key

    def key_params(self, *values: Any) -> tuple[Any, ...]:
        """The key's values (in key order) as the key columns store them."""
        if len(values) != len(self.key):
            raise TypeError(f"{self.name} is keyed by {len(self.key)} values, not {len(values)}")
        return tuple(c.codec.encode(v) for c, v in zip(self.key, values, strict=True))

    def decode(self, row: Mapping[str, Any], shared: Shared | None = None) -> R:
        """The row dataclass back from a fetched row (SELECT *: columns by name); with `shared`,
        equal scalars are one object across the rows of a read."""
        if shared is None:
            return self.row_type(
                *[
                    v if (v := row[name]) is None or back is None else back(v)
                    for name, back in self._back
                ]
            )
        return self.row_type(
            *[
                shared.decode(codec, row[name])
                for (name, _), codec in zip(self._back, self._codecs, strict=True)
            ]
        )


N = TypeVar("N")


class Narrow(Generic[N]):
    """Some of a table's columns read into a smaller row type, whose fields name them: what a
    reader needs of a row without the rest (a task without its plan, a period without its
    figures and texts)."""

    def __init__(self, table: Table[Any], row_type: type[N]) -> None:
        wanted = set(row_type.__dataclass_fields__)  # type: ignore[attr-defined]
        self.columns = tuple(c for c in table.columns if c.field in wanted)
        if missing := wanted - {c.field for c in self.columns}:
            raise ValueError(f"{table.name} has no column for {sorted(missing)}")
        self.row_type = row_type
        self.select = f"SELECT {', '.join(c.name for c in self.columns)} FROM {table.name}"

    def decode(self, row: Mapping[str, Any], shared: Shared | None = None) -> N:
        memo = shared or Shared()
        return self.row_type(**{c.field: memo.decode(c.codec, row[c.name]) for c in self.columns})
