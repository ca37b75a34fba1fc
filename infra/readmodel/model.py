"""The read model: query tables plus the position in the store's notification log they reflect.

The tables and the position change in one transaction, so after a crash the model resumes from
exactly the last event it applied, and two runners (two API processes on one PostgreSQL) never
apply an event twice: each locks the tracking row and skips what is already behind it.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.application import Application
from eventsourcing.persistence import Notification, PersistenceError

from domain.projection import project
from infra.ledger.chain import Finding
from infra.ledger.ledger import Ledger, Tampered
from infra.readmodel.backends import Backend, PostgresBackend, Sql, SqliteBackend
from infra.readmodel.page import Carried, PageView
from infra.readmodel.queries import Queries
from infra.readmodel.schema import TABLES, TRACKING, VERSION

SQLITE_MODULE = "eventsourcing.sqlite"
POSTGRES_MODULE = "eventsourcing.postgres"
Decoder = Callable[[Notification], Any]
Select = Callable[[int, int], Sequence[Notification]]  # the store's notifications from, limit
log = logging.getLogger(__name__)
# Failures of the database itself: the page is tried again later. Anything else raised while
# decoding or projecting one event is that event's fault: it is recorded and passed over.
DATABASE_ERRORS = (PersistenceError, psycopg.Error, sqlite3.Error)


class _UnwritablePage(Exception):
    """A row of the page could not be encoded for its table; which event made it is not known."""


class _Unprojectable(Exception):
    def __init__(self, notification: Notification, reason: str) -> None:
        super().__init__(reason)
        self.notification = notification
        self.reason = reason


def sqlite_path(store_path: str, name: str = "readmodel.sqlite") -> Path:
    """A file of the read side's beside the event store's: <data>/readmodel.sqlite, and the
    ledger's <data>/ledger.sqlite (apart, so deleting the read model to rebuild it keeps the
    links it is checked against)."""
    if not store_path or ":memory:" in store_path or "mode=memory" in store_path:
        raise ValueError("the read model needs the SQLite event store in a file, not in memory")
    return Path(store_path).expanduser().resolve().with_name(name)


class ReadModel:
    # Rows kept from one page to the next of a catch-up, at most this many.
    CARRY_ROWS = 60_000

    def __init__(
        self, backend: Backend, name: str = "xiuhua", ledger: Ledger | None = None
    ) -> None:
        self.backend = backend
        self.name = name
        # The chain over the store this model follows (infra/ledger); None for a scratch model.
        self.ledger = ledger
        self.refused: Finding | None = None  # the log did not verify here: nothing applied
        self._carried: tuple[int, Carried] | None = None  # (the position it ends at, the rows)

    @classmethod
    def for_app(cls, app: Application[Any], path: Path | None = None) -> ReadModel:
        """The read model that belongs beside `app`'s event store, opened and ready.

        On SQLite its file is `path`, else XIUHUA_READMODEL_PATH, else readmodel.sqlite beside
        the store's file; on PostgreSQL its rm_ tables go in the store's database and schema.
        """
        module = app.env.get("PERSISTENCE_MODULE", "")
        if module == POSTGRES_MODULE:
            backend: Backend = PostgresBackend(app.env)
        elif module == SQLITE_MODULE:
            given = path or app.env.get("READMODEL_PATH")
            store_file = app.env.get("SQLITE_DBNAME", "")
            backend = SqliteBackend(Path(given) if given else sqlite_path(store_file))
        else:
            raise ValueError(f"no read model for PERSISTENCE_MODULE={module!r}")
        model = cls(backend, app.name)
        model.open()
        model.ledger = Ledger(backend if module == POSTGRES_MODULE else SqliteBackend(
            Path(app.env.get("LEDGER_PATH") or sqlite_path(store_file, "ledger.sqlite"))
        ))  # fmt: skip
        return model

    @property
    def dialect(self) -> str:
        return self.backend.dialect

    def open(self) -> None:
        """Create the tables; empty them if another projection version built them."""
        with self.backend.transaction(write=True) as sql:
            sql.run(f"CREATE TABLE IF NOT EXISTS {TRACKING} ({TABLES[TRACKING]})")
            row = sql.one(f"SELECT version FROM {TRACKING} WHERE name = ?", (self.name,))
            if row is not None and row["version"] != VERSION:
                for table in TABLES:
                    if table != TRACKING:
                        sql.run(f"DROP TABLE IF EXISTS {table}")
                sql.run(f"DELETE FROM {TRACKING} WHERE name = ?", (self.name,))
                row = None
            if row is None:
                statement = f"INSERT INTO {TRACKING} (name, position, version) VALUES (?, 0, ?)"
                sql.run(statement, (self.name, VERSION))
        self.backend.create_tables()

    def position(self) -> int:
        """The id of the last notification applied (0 before the first)."""
        with self.backend.transaction() as sql:
            row = sql.one(f"SELECT position FROM {TRACKING} WHERE name = ?", (self.name,))
        return int(row["position"]) if row else 0

    def apply(self, notifications: Sequence[Notification], decode: Decoder) -> tuple[int, int]:
        """Project the notifications not yet applied, as one page; returns (new position,
        events applied).

        An event that cannot be decoded or projected rolls its page back; the page is then
        applied again with that event recorded in rm_unprojected instead of projected. A row
        that cannot be written (found only when the page is flushed) is traced to its event by
        applying that page one event at a time."""
        passed_over: dict[int, str] = {}
        while True:
            try:
                return self._apply(notifications, decode, passed_over)
            except _Unprojectable as bad:
                n = bad.notification
                log.error(
                    "cannot project event %s (%s v%s, %s): %s; recorded and passed over",
                    n.id, n.originator_id, n.originator_version, n.topic, bad.reason,
                )  # fmt: skip
                passed_over[n.id] = bad.reason
            except _UnwritablePage:
                if len(notifications) == 1:
                    raise
                done = (0, 0)
                for notification in notifications:
                    position, applied = self.apply([notification], decode)
                    done = (max(done[0], position), done[1] + applied)
                return done

    def _apply(
        self, notifications: Sequence[Notification], decode: Decoder, passed_over: dict[int, str]
    ) -> tuple[int, int]:
        lock = " FOR UPDATE" if self.dialect == "postgres" else ""
        # A page that does not verify is not applied at all. Beside a PostgreSQL store the
        # ledger shares the page's transaction (one commit); in its own SQLite file, its own.
        shared = self.ledger is not None and self.ledger.backend is self.backend
        if self.ledger is not None and not shared:
            with self.ledger.backend.transaction(write=True) as ledger_sql:
                self._take(ledger_sql, notifications)
        with self.backend.transaction(write=True) as sql:
            statement = f"SELECT position FROM {TRACKING} WHERE name = ?{lock}"
            row = sql.one(statement, (self.name,))
            if shared:
                self._take(sql, notifications)
            position = int(row["position"]) if row else 0
            page = [(n, _decoded(n, decode, passed_over)) for n in notifications if n.id > position]
            if not page:
                return position, 0
            carried = self._carried
            self._carried = None
            view = PageView(sql, carried[1] if carried and carried[0] == position else None)
            view.prefetch(
                _named(event for _, event in page), _named_periods(event for _, event in page)
            )
            for notification, event in page:
                if event is None:
                    _record_unprojected(sql, notification, passed_over[notification.id])
                    continue
                try:
                    project(event, notification.id, view)
                except DATABASE_ERRORS:
                    raise
                except Exception as error:
                    raise _Unprojectable(notification, _reason(error)) from error
            try:
                view.flush()
            except DATABASE_ERRORS:
                raise
            except Exception as error:
                raise _UnwritablePage(_reason(error)) from error
            position = page[-1][0].id
            sql.run(f"UPDATE {TRACKING} SET position = ? WHERE name = ?", (position, self.name))
        kept = view.carry()
        self._carried = (position, kept) if kept.size <= self.CARRY_ROWS else None
        return position, len(page)

    def _take(self, sql: Sql, notifications: Sequence[Notification]) -> None:
        assert self.ledger is not None
        try:
            self.ledger.take(sql, notifications, datetime.now(UTC))
        except Tampered as tampered:
            self.refused = tampered.finding
            raise
        self.refused = None

    def link_behind(self, select: Select, upto: int, page: int = 1000) -> int:
        """Link the log up to `upto` where the ledger is behind it (a read model built before
        the ledger was kept): those records are taken as found, there being nothing older to
        check them against. Returns how many were linked."""
        if self.ledger is None:
            return 0
        linked = 0
        while True:
            with self.ledger.backend.transaction(write=True) as sql:
                head = self.ledger.head(sql)
                start = (head.id if head else 0) + 1
                if start > upto:
                    return linked
                found = [n for n in select(start, page) if n.id <= upto]
                if not found:
                    return linked
                linked += self.ledger.take(sql, found, datetime.now(UTC))

    def check_end(self, last: int, holds: Callable[[int], bool]) -> None:
        """The log ended at `last` when read: refuse if the ledger linked records after it that
        the log no longer holds (removed from its end)."""
        if self.ledger is None:
            return
        try:
            with self.ledger.backend.transaction() as sql:
                self.ledger.check_tail(sql, last, holds)
        except Tampered as tampered:
            self.refused = tampered.finding
            raise

    def forget(self) -> None:
        """Drop the rows kept between pages (a catch-up has ended: memory back)."""
        self._carried = None

    @contextmanager
    def read(self) -> Iterator[Queries]:
        with self.backend.transaction() as sql:
            yield Queries(sql)

    def dump(self) -> Mapping[str, list[tuple[tuple[str, Any], ...]]]:
        """Every row of every query table, sorted: for comparing two builds of the model."""
        with self.backend.transaction() as sql:
            return {
                table: sorted(
                    (tuple(dict(row).items()) for row in sql.rows(f"SELECT * FROM {table}")),
                    key=repr,
                )
                for table in TABLES
                if table != TRACKING
            }

    def close(self) -> None:
        self.backend.close()
        if self.ledger is not None and self.ledger.backend is not self.backend:
            self.ledger.backend.close()


def _reason(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:1000]


def _decoded(notification: Notification, decode: Decoder, passed_over: dict[int, str]) -> Any:
    """The stored event, or None where it is passed over."""
    if notification.id in passed_over:
        return None
    try:
        return decode(notification)
    except DATABASE_ERRORS:
        raise
    except Exception as error:
        raise _Unprojectable(notification, _reason(error)) from error


def _named(events: Iterable[Any]) -> set[UUID]:
    """The aggregates whose rows a page's events read: their own, and a new task's campaign."""
    ids: set[UUID] = set()
    for event in events:
        if event is not None:
            ids.add(event.originator_id)
            campaign_id = getattr(event, "campaign_id", None)
            if isinstance(campaign_id, UUID):
                ids.add(campaign_id)
    return ids


def _named_periods(events: Iterable[Any]) -> set[tuple[UUID, str]]:
    """The (task, period) rows a page's events read: each event's own task and period."""
    return {
        (event.originator_id, event.period)
        for event in events
        if event is not None and isinstance(getattr(event, "period", None), str)
    }


def _record_unprojected(sql: Any, notification: Notification, reason: str) -> None:
    sql.run(
        "INSERT INTO rm_unprojected (position, originator_id, originator_version, topic, error) "
        "VALUES (?, ?, ?, ?, ?) ON CONFLICT (position) DO NOTHING",
        (
            notification.id,
            str(notification.originator_id),
            notification.originator_version,
            notification.topic,
            reason,
        ),
    )
