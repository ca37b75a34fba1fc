"""The ground the commands stand on: business time, the retry on a lost race, loading and saving.

Commands take `now` from their caller (the API's clock or `workflow.now()`), never the wall
clock. A command that loses an optimistic-concurrency race is decided again on fresh state a
few times, then refused as a Conflict, so no write is silently dropped.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.persistence import IntegrityError, JSONTranscoder
from eventsourcing.utils import get_topic

from domain import transcodings
from domain.calendar import SHANGHAI
from domain.campaign import Campaign
from domain.errors import Conflict, NotFound
from domain.task import Task

P = ParamSpec("P")
R = TypeVar("R")
RETRIES = 5


def business_day(now: datetime) -> date:
    """The date in Shanghai at instant `now`: the business date of what happens then."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(SHANGHAI).date()


def retry_on_conflict(command: Callable[P, R]) -> Callable[P, R]:
    """Decide again on fresh state when another writer got there first."""

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        for _ in range(RETRIES):
            try:
                return command(*args, **kwargs)
            except IntegrityError:
                continue
        raise Conflict("version", "the record kept changing under this command; try again")

    return wrapper


@dataclass(frozen=True)
class Outcome:
    """What a command wrote: whether it changed anything, the last notification id it wrote
    (the position a caller waits for the read model to reach), and what it produced that the
    caller could not know before: the ids it made, the year it launched."""

    changed: bool
    position: int | None = None
    campaign_id: UUID | None = None
    task_id: UUID | None = None
    campaign_ids: tuple[UUID, ...] = ()
    year: int | None = None


class Store(Application[UUID]):
    """What every group of commands stands on: loading, saving and the transcodings."""

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder)

    # -- helpers --------------------------------------------------------------------------
    def _commit(self, *aggregates: Any, **produced: Any) -> Outcome:
        """Save; `produced` are the Outcome's fields for what the command made."""
        recordings = self.save(*aggregates)
        if not recordings:
            return Outcome(False, **produced)
        return Outcome(True, max(r.notification.id for r in recordings), **produced)

    def existing(self, aggregate_id: UUID) -> Any | None:
        """The aggregate, or None if nothing was ever saved under that id."""
        try:
            return self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None

    def campaign(self, cid: UUID) -> Campaign:
        try:
            return self.repository.get(cid)
        except AggregateNotFoundError:
            raise NotFound("campaign_id", f"no campaign {cid}") from None

    def task(self, tid: UUID) -> Task:
        try:
            return self.repository.get(tid)
        except AggregateNotFoundError:
            raise NotFound("task_id", f"no task {tid}") from None

    def tasks(self, cid: UUID) -> list[Task]:
        return [self.task(t) for t in self.campaign(cid).task_ids]

    def launched_campaigns(self) -> list[UUID]:
        """Ids of every campaign ever launched, from the notification log (no read model needed)."""
        topic = get_topic(Campaign.Launched)
        ids: list[UUID] = []
        start = 1
        while True:
            page = self.recorder.select_notifications(start, 500, topics=[topic])
            ids.extend(n.originator_id for n in page)
            if len(page) < 500:
                return ids
            start = page[-1].id + 1
