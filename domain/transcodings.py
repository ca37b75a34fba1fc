"""How our value types are written into stored events.

The library knows UUID, Decimal and datetime; dates and our frozen dataclasses are added here.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from enum import Enum
from typing import Any, get_type_hints

from eventsourcing.persistence import JSONTranscoder, Transcoding

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


def register(transcoder: JSONTranscoder) -> None:
    transcoder.register(DateAsISO())
    for cls in (Actor, Indicator, Milestone, PlanPoint, ReportingPolicy):
        transcoder.register(FrozenDataclass(cls))
