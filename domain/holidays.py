"""Official holiday arrangements loaded by an administrator, for years no package covers yet."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.audit import Audited, audited
from domain.calendar import YearArrangement
from domain.errors import InvalidInput
from domain.snapshots import StateSnapshot
from domain.values import Actor

HOLIDAY_BOOK_ID = uuid5(NAMESPACE_URL, "/holiday-book")


class HolidayBook(Aggregate):
    """One book for the installation; a later load of the same year replaces the earlier one."""

    class Event(Audited):
        pass

    class Created(Event, Aggregate.Created):
        pass

    Snapshot = StateSnapshot

    @staticmethod
    def create_id(**_: Any) -> UUID:
        return HOLIDAY_BOOK_ID

    @event("Opened")
    def __init__(self, actor: Actor, on: date) -> None:
        self.years: dict[int, YearArrangement] = {}

    @event("YearLoaded")
    def _load(
        self,
        year: int,
        holidays: tuple[date, ...],
        workdays: tuple[date, ...],
        source: str,
    ) -> None:
        self.years[year] = YearArrangement(year, frozenset(holidays), frozenset(workdays))

    @audited
    def load_year(
        self,
        year: int,
        holidays: tuple[date, ...],
        workdays: tuple[date, ...],
        source: str,
        actor: Actor,
        on: date,
    ) -> None:
        for name, days in (("holidays", holidays), ("workdays", workdays)):
            stray = [d for d in days if d.year != year]
            if stray:
                raise InvalidInput(name, f"{stray[0]} is not in {year}")
        if set(holidays) & set(workdays):
            raise InvalidInput("workdays", "a day cannot be both a holiday and a working day")
        if not source:
            raise InvalidInput("source", "name the notice the arrangement comes from")
        self._load(year, tuple(sorted(holidays)), tuple(sorted(workdays)), source)
