"""Read models of the past: "as known on K" (what had been recorded by instant K) and "as of D"
(the facts about business dates up to D, as now known), each the live projection
(domain/projection.py) run over the events up to the cut, in log order, into a read model in a
scratch file of its own (the operating system's page cache holds it, not the process).

A `Timeline` walks the log once, in pages, and keeps a copy of the model (a `Checkpoint`, a
compressed image in a file) as it stood just before the first event of each new month (every
event before it keyed in an earlier month), and after every few thousand events (every event
before it keyed no later than the highest key so far), so no window is long. A view of the past
starts from the last copy before its cut and applies, of the events after it, those keyed up to
the cut; it reads no further than the last event keyed on the cut's day. In a log whose keys
follow its order (recorded time always does, business dates nearly) that is a few thousand
events, so a year of a district answers in a fraction of a second; where keys were written out
of order the window widens, up to the whole log, and the answer stays exact. The walk goes on
from where it stopped as the log grows.
"""

from __future__ import annotations

import logging
import os
import pickle
import shutil
import tempfile
import threading
import uuid
import zlib
from array import array
from bisect import bisect_left
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from eventsourcing.application import Application
from eventsourcing.persistence import Notification

from domain.calendar import SHANGHAI
from domain.values import Period
from infra.readmodel import elsewhere
from infra.readmodel.backends import ScratchBackend
from infra.readmodel.model import ReadModel

log = logging.getLogger(__name__)
Cut = Any  # a datetime (recorded time) or a date (business date): what a key returns


def recorded_at(event: Any) -> datetime:
    """When the store received the event."""
    at: datetime = event.timestamp
    return at


def recorded_month(cut: datetime) -> datetime:
    """The first instant of the month (in Shanghai) of instant `cut`."""
    return cut.astimezone(SHANGHAI).replace(day=1, hour=0, minute=0, second=0, microsecond=0)


# A report's facts (submitted, returned, accepted, its evidence, a supporting unit's part) are
# about the report's period, whenever they were entered.
ABOUT_THE_PERIOD = frozenset(
    {"ReportSubmitted", "ReportReturned", "ReportAccepted", "EvidenceAttached", "ContributionAdded"}
)


def business_date(event: Any) -> date:
    """The business date a fact is about: its own date; for a report's facts, no later than
    the last day of the report's period, so "as of D" holds the reports about periods up to D
    as now known (a correction entered in December counts in June's view)."""
    on: date = event.on
    if type(event).__name__ in ABOUT_THE_PERIOD and getattr(event, "period", None):
        last = Period.parse(event.period).next().first_day() - timedelta(days=1)
        return min(on, last)
    return on


def business_month(cut: date) -> date:
    return cut.replace(day=1)


def _day(cut: Cut) -> date:
    """The day a cut falls on (in Shanghai for an instant): the unit of the view's window."""
    return cut.astimezone(SHANGHAI).date() if isinstance(cut, datetime) else cut


CHUNK = 1 << 20  # bytes (de)compressed at a time: a city's model never held whole


@dataclass(frozen=True)
class Checkpoint:
    starts: Cut  # the model serves every cut from here on: all it holds is keyed up to here
    position: int  # the last event it holds
    image: Path  # zlib-compressed SQLite file

    @classmethod
    def take(cls, starts: Cut, position: int, backend: ScratchBackend, image: Path) -> Checkpoint:
        raw = image.with_suffix(".tmp")
        backend.copy_to(raw)
        packer = zlib.compressobj(1)
        with raw.open("rb") as source, image.open("wb") as target:
            while chunk := source.read(CHUNK):
                target.write(packer.compress(chunk))
            target.write(packer.flush())
        raw.unlink()
        return cls(starts, position, image)

    def restore(self, path: Path) -> None:
        """The model as it stood, into the SQLite file `path`."""
        unpacker = zlib.decompressobj()
        with self.image.open("rb") as source, path.open("wb") as target:
            while chunk := source.read(CHUNK):
                target.write(unpacker.decompress(chunk))
            target.write(unpacker.flush())


def _scratch(directory: Path | None) -> Path:
    """A new, empty file for a model (in `directory`, else the system's temporary one)."""
    handle, name = tempfile.mkstemp(prefix="xiuhua-view-", suffix=".sqlite", dir=directory)
    os.close(handle)
    return Path(name)


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def as_number(cut: Cut) -> int:
    """A cut as an integer in the same order: a day's ordinal, an instant's microseconds."""
    if isinstance(cut, datetime):
        return (cut - _EPOCH) // timedelta(microseconds=1)
    return int(cut.toordinal())


class Keys:
    """Each walked event's key by position, as two arrays of integers: as a dict of positions
    and dates, a city's year took tens of MB. Positions only grow as the log is walked."""

    def __init__(self) -> None:
        self._positions = array("q")
        self._numbers = array("q")

    def __len__(self) -> int:
        return len(self._positions)

    def add(self, position: int, cut: Cut) -> None:
        self._positions.append(position)
        self._numbers.append(as_number(cut))

    def in_order(self) -> Sequence[int]:
        """Every key as `as_number` gives it, in log order."""
        return self._numbers

    def number(self, position: int) -> int:
        """The key of the event at `position` as `as_number` gives it (walked: it must be)."""
        found = bisect_left(self._positions, position)
        if found == len(self._positions) or self._positions[found] != position:
            raise KeyError(position)
        return self._numbers[found]


def _from(decoded: dict[int, Any]) -> Callable[[Notification], Any]:
    """A decoder answering from events already decoded, by notification id."""
    return lambda notification: decoded[notification.id]


class Timeline:
    """Views of the past along one key of the events (recorded time or business date)."""

    def __init__(
        self,
        app: Application[Any],
        key: Callable[[Any], Cut],
        month_of: Callable[[Cut], Cut],
        directory: Path | None = None,
        batch_size: int = 1000,
        every: int = 1500,
        far: int | None = None,
    ) -> None:
        self.app = app
        self.every = every
        self.far = far  # a first walk longer than this runs in a child process
        self.walked_elsewhere = 0  # the events that child walked
        self.key = key
        self.month_of = month_of
        self.batch_size = batch_size
        self._own_directory = directory is None
        self.directory = directory or Path(tempfile.mkdtemp(prefix="xiuhua-past-"))
        self.directory.mkdir(parents=True, exist_ok=True)
        self.checkpoints: list[Checkpoint] = []
        self.last_on_day: dict[date, int] = {}  # the last position keyed on each day
        # Each walked event's key by position: a view decodes only the events it keeps.
        self.keys = Keys()
        self.position = 0  # the last notification walked
        self._head = self._new_model()
        self._month: Cut | None = None  # the latest month walked, and the highest key
        self._highest: Cut | None = None
        self._lock = threading.Lock()

    def _new_model(self, fill: Callable[[Path], None] | None = None) -> ReadModel:
        """A model in a new scratch file, written first by `fill` (else empty)."""
        path = _scratch(self.directory)
        if fill is not None:
            fill(path)
        model = ReadModel(ScratchBackend(path), self.app.name)
        model.open()
        return model

    def _head_backend(self) -> ScratchBackend:
        backend = self._head.backend
        assert isinstance(backend, ScratchBackend)
        return backend

    def _decode(self, notification: Notification) -> Any:
        return self.app.mapper.to_domain_event(notification)

    # -- the walk -----------------------------------------------------------------------------
    def extend(self) -> None:
        """Walk the log recorded since the last walk, copying the model at each new month."""
        with self._lock:
            if self.position == 0:
                try:
                    self._walk_elsewhere()
                except Exception:  # whatever is left, the walk below does here
                    log.exception("the walk of the past in a child process failed")
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
            cut = self.key(event)
            month = self.month_of(cut)
            if self._month is None or month > self._month:
                self._head.apply(pending, _from(decoded))
                pending = []
                self._checkpoint(month)
                self._month = month
            elif self.position - self.checkpoints[-1].position >= self._spacing():
                self._head.apply(pending, _from(decoded))
                pending = []
                self._checkpoint(self._highest)
            self.last_on_day[_day(cut)] = notification.id
            self.keys.add(notification.id, cut)
            if self._highest is None or cut > self._highest:
                self._highest = cut
            pending.append(notification)
            self.position = notification.id
        self._head.apply(pending, _from(decoded))

    def _walk_elsewhere(self) -> None:
        """A long first walk done by a child process, for the reasons a long catch-up is
        (infra/readmodel/elsewhere.py): a city's year is 45 s of the interpreter and 100 MiB
        the process would keep. The child leaves the model's file and checkpoints in the
        directory and its state beside them; this process takes them over."""
        if self.far is None or not elsewhere.reachable(self.app.env):
            return
        if (self.app.recorder.max_notification_id() or 0) <= self.far:
            return
        state = self.directory / f"walked-{uuid.uuid4().hex}.pickle"
        child = elsewhere.spawn(
            "xiuhua-walk", _walk, type(self.app), dict(self.app.env), self.key, self.month_of,
            self.directory, self.batch_size, self.every, state,
        )  # fmt: skip
        child.join()
        if child.exitcode != 0 or not state.exists():
            log.warning("the walk of the past in a child ended with %s", child.exitcode)
            return
        walked: Walked = pickle.loads(state.read_bytes())  # noqa: S301 - our own child's
        state.unlink()
        self._head.close()
        self._head = ReadModel(ScratchBackend(walked.head), self.app.name)
        self._head.open()
        self.checkpoints = walked.checkpoints
        self.last_on_day = walked.last_on_day
        self.keys = walked.keys
        self.position = self.walked_elsewhere = walked.position
        self._month, self._highest = walked.month, walked.highest

    def _spacing(self) -> int:
        """Events between checkpoints: a few thousand, more on a long log (at most ~30 more)."""
        return max(self.every, self.position // 30)

    def _checkpoint(self, starts: Cut) -> None:
        path = self.directory / f"{len(self.checkpoints):04d}-{self.position}.sqlite.z"
        taken = Checkpoint.take(starts, self.position, self._head_backend(), path)
        self.checkpoints.append(taken)

    # -- a view ---------------------------------------------------------------------------------
    def view(self, cut: Cut) -> ReadModel:
        """A read model of every event keyed at or before `cut`; the caller closes it."""
        self.extend()
        day = _day(cut)
        with self._lock:
            if self._highest is not None and cut >= self._highest:  # all of it: the walk's own
                return self._new_model(self._head_backend().copy_to)
            start = next((c for c in reversed(self.checkpoints) if c.starts <= cut), None)
            end = max((p for d, p in self.last_on_day.items() if d <= day), default=0)
            keys, upto = self.keys, as_number(cut)
        model = self._new_model(start.restore if start else None)
        position = start.position if start else 0
        # The window's events keyed up to the cut, applied as one page: each row they touch
        # is written once, not once per page.
        keep: list[Notification] = []
        while position < end:
            page = self.app.recorder.select_notifications(position + 1, self.batch_size)
            keep += [n for n in page if n.id <= end and keys.number(n.id) <= upto]
            if len(page) < self.batch_size:
                break
            position = page[-1].id
        model.apply(keep, self._decode)
        return model

    def close(self) -> None:
        self._head.close()
        if self._own_directory:
            shutil.rmtree(self.directory, ignore_errors=True)


@dataclass(frozen=True)
class Walked:
    """What a child's walk hands over: the model's file and where the walk stood."""

    head: Path
    checkpoints: list[Checkpoint]
    last_on_day: dict[date, int]
    keys: Keys
    position: int
    month: Cut | None
    highest: Cut | None


def _walk(
    app_type: type[Application[Any]],
    env: dict[str, str],
    key: Callable[[Any], Cut],
    month_of: Callable[[Cut], Cut],
    directory: Path,
    batch_size: int,
    every: int,
    state: Path,
) -> None:
    """In a child process: walk the whole log into `directory`, state into `state`."""
    app = app_type(env=env)
    try:
        timeline = Timeline(app, key, month_of, directory, batch_size, every)
        timeline.extend()
        backend = timeline._head_backend()
        walked = Walked(
            backend.detach(), timeline.checkpoints, timeline.last_on_day, timeline.keys,
            timeline.position, timeline._month, timeline._highest,
        )  # fmt: skip
        written = state.with_suffix(".tmp")
        written.write_bytes(pickle.dumps(walked))
        written.rename(state)  # whole or not at all
    finally:
        app.close()


class Past:
    """The two views of the past an evaluator asks for, built on first use."""

    def __init__(
        self, app: Application[Any], directory: Path | None = None, far: int | None = None
    ) -> None:
        self.app = app
        self.directory = directory
        self.far = far  # a first walk longer than this runs in a child process
        self._timelines: dict[str, Timeline] = {}

    def _timeline(
        self, name: str, key: Callable[[Any], Cut], month_of: Callable[[Cut], Cut]
    ) -> Timeline:
        if name not in self._timelines:
            where = self.directory / name if self.directory else None
            self._timelines[name] = Timeline(self.app, key, month_of, where, far=self.far)
        return self._timelines[name]

    def timeline(self, name: str) -> Timeline:
        """The walked timeline `name` ("as-of" or "known-on"), once a view has asked for it."""
        return self._timelines[name]

    def known_on(self, instant: datetime) -> ReadModel:
        """What had been recorded by `instant`, as the read model then showed it."""
        return self._timeline("known-on", recorded_at, recorded_month).view(instant)

    def as_of(self, day: date) -> ReadModel:
        """Every fact about a business date on or before `day` (`business_date`), as the store
        now holds it."""
        return self._timeline("as-of", business_date, business_month).view(day)

    def both(self, day: date, instant: datetime, page: int = 1000) -> ReadModel:
        """The facts dated on or before `day` among those recorded by `instant`: read from the
        log's start (no checkpoint holds both cuts), up to the first page recorded after."""
        model = ReadModel(ScratchBackend(_scratch(None)), self.app.name)
        model.open()
        position = 0
        while True:
            found = self.app.recorder.select_notifications(position + 1, page)
            if not found:
                return model
            decoded = {n.id: self.app.mapper.to_domain_event(n) for n in found}
            keep = [n for n in found if recorded_at(decoded[n.id]) <= instant]
            model.apply([n for n in keep if business_date(decoded[n.id]) <= day], _from(decoded))
            position = found[-1].id
            if not keep:
                return model  # recorded times follow the log: nothing later was recorded by then

    def close(self) -> None:
        for timeline in self._timelines.values():
            timeline.close()
