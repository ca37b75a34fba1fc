"""The ground the commands stand on: business time, the retry on a lost race, loading and saving.

Commands take `now` from their caller (the API's clock or `workflow.now()`), never the wall
clock. A command that loses an optimistic-concurrency race is decided again on fresh state a
few times, then refused as a Conflict, so no write is silently dropped.

Loading stays cheap however long an aggregate's history grows: every `SNAPSHOT_EVERY` events
a snapshot is kept (domain/snapshots.py), so a load replays at most that many events, and
recently read aggregates are cached and only fast-forwarded by the events recorded since
(domain/service/cache.py), which is safe with several processes writing the same store.
"""

from __future__ import annotations

import contextlib
import functools
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ParamSpec, TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application, ProcessingEvent
from eventsourcing.persistence import IntegrityError, JSONTranscoder
from eventsourcing.utils import get_topic, strtobool

from domain import transcodings
from domain.accounts import Account
from domain.audit import recording
from domain.calendar import SHANGHAI
from domain.campaign import Campaign
from domain.commands import Command
from domain.errors import Conflict, NotFound
from domain.holidays import HolidayBook
from domain.service.cache import CopyOnWriteRepository, copy_of
from domain.snapshots import StateSnapshot
from domain.task import Task
from domain.units import UnitRegistry

P = ParamSpec("P")
R = TypeVar("R")
RETRIES = 5
# A load replays at most this many events after the latest snapshot. A task gathers five to
# eight events a month; a snapshot costs one small write, in one command out of this many.
SNAPSHOT_EVERY = 25
# Aggregates kept in memory per process (the library's AGGREGATE_CACHE_MAXSIZE overrides it).
CACHE_SIZE = 2000
log = logging.getLogger(__name__)


def business_day(now: datetime) -> date:
    """The date in Shanghai at instant `now`: the business date of what happens then."""
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(SHANGHAI).date()


def retry_on_conflict(command: Callable[P, R]) -> Callable[P, R]:
    """Decide again on fresh state when another writer got there first. A command that takes
    `seen` (the aggregate as its caller read it a moment ago) decides on that first; after a
    lost race it is dropped and the command reads the store. Its events are recorded at the
    instant it was given: its `now`, or its command's (domain/audit.py)."""
    signature = inspect.signature(command)

    @functools.wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        now = _now_of(signature.bind_partial(*args, **kwargs).arguments)
        with recording(now) if now is not None else contextlib.nullcontext():
            for _ in range(RETRIES):
                try:
                    return command(*args, **kwargs)
                except IntegrityError:
                    kwargs.pop("seen", None)
                    continue
        raise Conflict("version", "the record kept changing under this command; try again")

    return wrapper


def _now_of(arguments: dict[str, Any]) -> datetime | None:
    given = arguments.get("now")
    if isinstance(given, datetime):
        return given
    found = next((a for a in arguments.values() if isinstance(a, Command)), None)
    return found.now if found is not None else None


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
    meeting_id: UUID | None = None


class Store(Application[UUID]):
    """What every group of commands stands on: loading, saving and the transcodings."""

    env = {"AGGREGATE_CACHE_MAXSIZE": str(CACHE_SIZE), "AGGREGATE_CACHE_FASTFORWARD": "y"}
    snapshotting_intervals = {
        Task: SNAPSHOT_EVERY,
        Campaign: SNAPSHOT_EVERY,
        HolidayBook: SNAPSHOT_EVERY,
        UnitRegistry: SNAPSHOT_EVERY,
        Account: SNAPSHOT_EVERY,
    }
    snapshot_class = StateSnapshot

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        transcodings.register(transcoder)

    def construct_repository(self) -> CopyOnWriteRepository:
        # Without fast-forward a process would decide on what it cached, blind to the writes
        # of every other process.
        if not strtobool(self.env.get(self.AGGREGATE_CACHE_FASTFORWARD, "y")):
            raise ValueError("AGGREGATE_CACHE_FASTFORWARD must stay on")
        size = self.env.get(self.AGGREGATE_CACHE_MAXSIZE)
        return CopyOnWriteRepository(
            event_store=self.events,
            snapshot_store=self.snapshots,
            cache_maxsize=int(size) if size else None,
        )

    def _take_snapshots(self, processing_event: ProcessingEvent[UUID]) -> None:
        """Snapshot each saved aggregate whose new events reached a multiple of its interval,
        from the aggregate in hand (equal to its replay: tests/unit/test_snapshots.py) rather
        than by reading it back. The facts are stored by now: a snapshot that fails is only a
        load that stays slower, so it is logged, not raised."""
        if self.snapshots is None:
            return
        for aggregate in processing_event.aggregates.values():
            every = self.snapshotting_intervals.get(type(aggregate))
            versions = (
                e.originator_version
                for e in processing_event.events
                if e.originator_id == aggregate.id
            )
            if every is None or not any(v % every == 0 for v in versions):
                continue
            try:
                self.snapshots.put([StateSnapshot.take(aggregate)])
            except Exception:
                log.exception("no snapshot of %s at version %s", aggregate.id, aggregate.version)

    # -- helpers --------------------------------------------------------------------------
    def _commit(self, *aggregates: Any, **produced: Any) -> Outcome:
        """Save; `produced` are the Outcome's fields for what the command made."""
        recordings = self.save(*aggregates)
        if not recordings:
            return Outcome(False, **produced)
        return Outcome(True, max(r.notification.id for r in recordings), **produced)

    def existing(self, aggregate_id: UUID, *, read_only: bool = False) -> Any | None:
        """The aggregate, or None if nothing was ever saved under that id. `read_only`: the
        cached aggregate itself, which the caller must not change (no copy is made)."""
        try:
            return self.repository.get(aggregate_id, deepcopy_from_cache=not read_only)
        except AggregateNotFoundError:
            return None

    def campaign(self, cid: UUID, *, read_only: bool = False) -> Campaign:
        campaign = self.existing(cid, read_only=read_only)
        if not isinstance(campaign, Campaign):
            raise NotFound("campaign_id", f"no campaign {cid}")
        return campaign

    def task(self, tid: UUID, *, read_only: bool = False, seen: Task | None = None) -> Task:
        """The task to change (a copy), or to read only; `seen`: what the caller read a moment
        ago, taken instead of reading again (the save still refuses it if it was overtaken)."""
        if seen is not None and seen.id == tid:
            return seen if read_only else copy_of(seen)
        task = self.existing(tid, read_only=read_only)
        if not isinstance(task, Task):
            raise NotFound("task_id", f"no task {tid}")
        return task

    def tasks(self, cid: UUID) -> list[Task]:
        """Every task of the campaign, to read."""
        return [self.task(t, read_only=True) for t in self.campaign(cid, read_only=True).task_ids]

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
