"""Who did it, for which unit, and on which business date: the audit fields every event carries.

Each aggregate's base event class (`Task.Event`, `Campaign.Event`, ...) derives from `Audited`,
which declares `actor` (user and unit) and `on` (the business date) once. A public command method
that takes `actor` and `on` is marked `@audited`; while it runs, every event it triggers takes
its audit fields from those two arguments, so the private `@event` methods need not repeat them.
An event body that needs the date names `on: date = FROM_EVENT` and receives the event's own.

Stored events keep their field names (`actor`, `on`), so old events read as they always did.
A reason (退回原因, 修订说明, 督导事由) stays a field of the events whose command requires one; an
audit trail reads it as `why(event)`.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, ParamSpec, TypeVar

from eventsourcing.domain import Aggregate

from domain.values import Actor

P = ParamSpec("P")
R = TypeVar("R")
# The default of an event body's `on` parameter: the decorator passes the event's `on` instead.
FROM_EVENT: Any = None


@dataclass(frozen=True)
class Acting:
    actor: Actor
    on: date


_acting: ContextVar[Acting | None] = ContextVar("xiuhua_acting", default=None)


@contextmanager
def acting(actor: Actor, on: date) -> Iterator[None]:
    """Events triggered inside are recorded as done by `actor` on business date `on`."""
    token = _acting.set(Acting(actor, on))
    try:
        yield
    finally:
        _acting.reset(token)


def _current() -> Acting:
    current = _acting.get()
    if current is None:
        raise RuntimeError("an event was triggered outside a command that says who acts and when")
    return current


def _actor() -> Actor:
    return _current().actor


def _on() -> date:
    return _current().on


_recording: ContextVar[datetime | None] = ContextVar("xiuhua_recording", default=None)


@contextmanager
def recording(now: datetime) -> Iterator[None]:
    """Events triggered inside are recorded at `now`, the instant the command was given."""
    token = _recording.set(now if now.tzinfo is not None else None)
    try:
        yield
    finally:
        _recording.reset(token)


class Audited(Aggregate.Event):
    """The base of every aggregate's events."""

    actor: Actor = field(default_factory=_actor, init=False)
    on: date = field(default_factory=_on, init=False)

    @staticmethod
    def create_timestamp() -> datetime:
        """The event's recorded time: the instant its command was given (`now`, from the clock
        the caller passes in: the server's, or a workflow's), so what was known at an instant
        follows the same clock as everything else and a simulated year replays the same. Outside
        a command, the library's own clock."""
        now = _recording.get()
        return now if now is not None else Aggregate.Event.create_timestamp()


def audited(method: Callable[P, R]) -> Callable[P, R]:
    """Run a command method whose `actor` and `on` arguments are the audit of its events."""
    signature = inspect.signature(method)

    @functools.wraps(method)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        given = signature.bind(*args, **kwargs).arguments
        with acting(given["actor"], given["on"]):
            return method(*args, **kwargs)

    return wrapper


def why(event: object) -> str:
    """The reason an event records, if its command asks for one."""
    return str(getattr(event, "reason", "") or getattr(event, "rationale", "") or "")
