"""Read models of the past: "as known on K" (what had been recorded by instant K) and "as of D"
(the facts dated up to business date D), each the live projection (domain/projection.py) run
over a prefix of the notification log into a read model held in memory.

A `Timeline` walks the log once, in pages, and keeps a copy of the model as it stood when each
month began (a `Checkpoint`, an image in a file). A view of the past starts from the last copy
before its cut and applies only the events after it, so a year of a district answers in a
fraction of a second; the walk goes on from where it stopped as the log grows.

The cut follows the log's order, which is the order of recording. Business dates follow it
except where a fact was dated before one recorded earlier: such an event (a straggler) is
remembered by position and applied on its own to every view whose cut it falls within, so the
answer is the same as a full rebuild that keeps only the events up to the cut.
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from domain.calendar import SHANGHAI
from infra.readmodel.backends import MemoryBackend
from infra.readmodel.model import ReadModel

Cut = Any  # a datetime (recorded time) or a date (business date): what a key returns


def recorded_month(event: Any) -> tuple[datetime, datetime]:
    """An event's recorded time and the first instant of its month in Shanghai."""
    at: datetime = event.timestamp
    local = at.astimezone(SHANGHAI)
    return at, local.replace(day=1, hour=0, minute=0, second=0, microsecond=0)


def business_month(event: Any) -> tuple[date, date]:
    """An event's business date and the first day of its month."""
    on: date = event.on
    return on, on.replace(day=1)


@dataclass(frozen=True)
class Checkpoint:
    starts: Cut  # the model below holds every event keyed before this, and nothing after
    position: int  # the last notification it applied
    image: Path


def _from(decoded: dict[int, Any]) -> Callable[[Notification], Any]:
    """A decoder answering from events already decoded, by notification id."""
    return lambda notification: decoded[notification.id]


class Timeline:
    """Views of the past along one key of the events (recorded time or business date)."""

    def __init__(
        self,
        app: Application[Any],
        key: Callable[[Any], tuple[Cut, Cut]],
        directory: Path | None = None,
        batch_size: int = 1000,
    ) -> None:
        self.app = app
        self.key = key
        self.batch_size = batch_size
        self._own_directory = directory is None
        self.directory = directory or Path(tempfile.mkdtemp(prefix="xiuhua-past-"))
        self.directory.mkdir(parents=True, exist_ok=True)
        self.checkpoints: list[Checkpoint] = []
        self.stragglers: list[tuple[int, Cut]] = []  # (position, key)
        self.position = 0  # the last notification walked
        self._straggling: set[int] = set()
        self._head = self._new_model(None)
        self._highest: Cut | None = None  # the highest key walked, and the month it falls in
        self._month: Cut | None = None
        self._lock = threading.Lock()

    def _new_model(self, image: bytes | None) -> ReadModel:
        model = ReadModel(MemoryBackend(image), self.app.name)
        model.open()
        return model

    def _decode(self, notification: Notification) -> Any:
        return self.app.mapper.to_domain_event(notification)

    # -- the walk -----------------------------------------------------------------------------
    def extend(self) -> None:
        """Walk the log recorded since the last walk, copying the model at each month's start."""
        with self._lock:
            while True:
                page = self.app.recorder.select_notifications(self.position + 1, self.batch_size)
                self._walk(page)
                if len(page) < self.batch_size:
                    return

    def _walk(self, page: Sequence[Notification]) -> None:
        pending: list[Notification] = []
        decoded: dict[int, Any] = {}
        for notification in page:
            event = decoded[notification.id] = self._decode(notification)
            cut, month = self.key(event)
            if self._highest is not None and cut < self._highest:
                self.stragglers.append((notification.id, cut))
                self._straggling.add(notification.id)
            else:
                if self._month is None or month > self._month:
                    self._head.apply(pending, _from(decoded))
                    pending = []
                    self._checkpoint(month, self.position)
                    self._month = month
                self._highest = cut
            pending.append(notification)
            self.position = notification.id
        self._head.apply(pending, _from(decoded))

    def _checkpoint(self, starts: Cut, position: int) -> None:
        backend = self._head.backend
        assert isinstance(backend, MemoryBackend)
        path = self.directory / f"{len(self.checkpoints):04d}-{position}.sqlite"
        path.write_bytes(backend.image())
        self.checkpoints.append(Checkpoint(starts, position, path))

    # -- a view ---------------------------------------------------------------------------------
    def view(self, cut: Cut) -> ReadModel:
        """A read model of every event keyed at or before `cut`; the caller closes it."""
        self.extend()
        with self._lock:
            start = next((c for c in reversed(self.checkpoints) if c.starts <= cut), None)
            end, stragglers = self.position, list(self.stragglers)
        model = self._new_model(start.image.read_bytes() if start else None)
        position = start.position if start else 0
        while position < end:
            page = self.app.recorder.select_notifications(position + 1, self.batch_size)
            page = [n for n in page if n.id <= end]
            if not page:
                break
            decoded = {n.id: self._decode(n) for n in page}
            keep = [n for n in page if self.key(decoded[n.id])[0] <= cut]
            beyond = next((n.id for n in page if self._past(decoded[n.id], n.id, cut)), None)
            if beyond is not None:
                keep = [n for n in keep if n.id < beyond]
            model.apply(keep, _from(decoded))
            if beyond is not None:
                self._apply_stragglers(model, stragglers, beyond, cut)
                break
            position = page[-1].id
        return model

    def _past(self, event: Any, position: int, cut: Cut) -> bool:
        """The first event in log order keyed after the cut that is no straggler: from here on
        only stragglers can fall within the cut."""
        return self.key(event)[0] > cut and position not in self._straggling

    def _apply_stragglers(
        self, model: ReadModel, stragglers: list[tuple[int, Cut]], after: int, cut: Cut
    ) -> None:
        for position, key in stragglers:
            if position > after and key <= cut:
                found = self.app.recorder.select_notifications(position, 1)
                model.apply(found, self._decode)

    def close(self) -> None:
        self._head.close()
        if self._own_directory:
            shutil.rmtree(self.directory, ignore_errors=True)


class Past:
    """The two views of the past an evaluator asks for, built on first use."""

    def __init__(self, app: Application[Any], directory: Path | None = None) -> None:
        self.app = app
        self.directory = directory
        self._timelines: dict[str, Timeline] = {}

    def _timeline(self, name: str, key: Callable[[Any], tuple[Cut, Cut]]) -> Timeline:
        if name not in self._timelines:
            where = self.directory / name if self.directory else None
            self._timelines[name] = Timeline(self.app, key, where)
        return self._timelines[name]

    def known_on(self, instant: datetime) -> ReadModel:
        """What had been recorded by `instant`, as the read model then showed it."""
        return self._timeline("known-on", recorded_month).view(instant)

    def as_of(self, day: date) -> ReadModel:
        """Every fact dated on or before business date `day`, as the store now holds it."""
        return self._timeline("as-of", business_month).view(day)

    def close(self) -> None:
        for timeline in self._timelines.values():
            timeline.close()
