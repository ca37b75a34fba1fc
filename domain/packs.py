"""A frozen pack (会议材料): what a meeting or the year-end review was shown, fixed by its
cut-off instant. The pack stores only the cut; what it shows is the portfolio as known on that
instant, so it is shown again later exactly as it was, and beside it what later corrections
changed about the same dates."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.audit import Audited
from domain.errors import InvalidInput
from domain.values import Actor


def pack_id(key: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"/packs/{key}")


class Pack(Aggregate):
    class Event(Audited):
        pass

    class Created(Event, Aggregate.Created):
        pass

    @staticmethod
    def create_id(key: str, **_: Any) -> UUID:
        return pack_id(key)

    @event("Frozen")
    def __init__(
        self,
        key: str,
        title: str,
        campaign_id: UUID | None,
        cut: datetime,
        actor: Actor,
        on: date,
    ) -> None:
        self.title = title
        self.campaign_id = campaign_id
        self.cut = cut


def check_pack(title: str, cut: datetime, now: datetime) -> None:
    if not title:
        raise InvalidInput("title", "name the pack (e.g. 第二季度推进会)")
    if cut.tzinfo is None:
        raise InvalidInput("cut", "give the time zone")
    if cut > now:
        raise InvalidInput("cut", "a pack is frozen at a moment already past")
