"""Where the read model lives: a SQLite file of its own, or rm_ tables beside a PostgreSQL store.

Both give out one thing, a transaction (`Sql`) that runs statements written once with `?`
placeholders; only the connection handling differs.
"""

from __future__ import annotations

import sqlite3
import threading
from abc import ABC, abstractmethod
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Any
from uuid import UUID

from eventsourcing.postgres import PostgresFactory
from eventsourcing.utils import Environment
from psycopg.sql import SQL, Identifier

from infra.pgpool import fail_fast
from infra.readmodel.schema import create_statements

Row = Mapping[str, Any]


class Sql(ABC):
    """One open transaction on the read model."""

    dialect: str

    @abstractmethod
    def run(self, statement: str, params: Sequence[Any] = ()) -> None: ...

    @abstractmethod
    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[Row]: ...

    @abstractmethod
    def many(self, statement: str, params: Sequence[Sequence[Any]]) -> None:
        """One statement over many parameter rows, batched by the driver."""

    def stream(self, statement: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        """The rows a few thousand at a time, for a caller that decodes each as it comes: a
        portfolio's rows as driver dicts all at once weigh several times their decoded form.
        Consume it before the next statement of the transaction."""
        return iter(self.rows(statement, params))

    def one(self, statement: str, params: Sequence[Any] = ()) -> Row | None:
        found = self.rows(statement, params)
        return found[0] if found else None


READ_IDLE_SECONDS = 60  # a read transaction's longest pause between statements
STREAMED = 2000  # rows made into dicts at a time by `Sql.stream` on PostgreSQL

# Ids in one IN (...): well below SQLite's and PostgreSQL's parameter limits.
CHUNK = 500


def in_chunks(ids: Iterable[UUID]) -> Iterator[tuple[str, tuple[str, ...]]]:
    """The marks of an `IN (...)` and their parameters, a chunk of `ids` at a time."""
    values = [str(i) for i in ids]
    for start in range(0, len(values), CHUNK):
        part = tuple(values[start : start + CHUNK])
        yield ", ".join("?" * len(part)), part


class Backend(ABC):
    dialect: str

    @abstractmethod
    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Sql]:
        """A transaction; `write` ones are serialised against each other."""

    def create_tables(self) -> None:
        with self.transaction(write=True) as sql:
            for statement in create_statements():
                sql.run(statement)

    @abstractmethod
    def close(self) -> None:
        """Release connections."""


# -- SQLite ----------------------------------------------------------------------------------
class _SqliteSql(Sql):
    dialect = "sqlite"

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn

    def run(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.conn.execute(statement, tuple(params))

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        return list(self.conn.execute(statement, tuple(params)).fetchall())

    def stream(self, statement: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        return iter(self.conn.execute(statement, tuple(params)))

    def many(self, statement: str, params: Sequence[Sequence[Any]]) -> None:
        self.conn.executemany(statement, params)


class SqliteBackend(Backend):
    """A file of its own (WAL mode), one short-lived connection per transaction."""

    dialect = "sqlite"

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as conn:
            conn.execute("PRAGMA journal_mode=WAL")

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        conn.row_factory = sqlite3.Row
        return conn

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Sql]:
        conn = self._connect()
        try:
            conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
            try:
                yield _SqliteSql(conn)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
        finally:
            conn.close()

    def close(self) -> None:
        """Nothing stays open between transactions."""


class _OneConnection(Backend):
    """A read model on one SQLite connection that its threads take turns on."""

    dialect = "sqlite"

    def __init__(self, database: str | Path) -> None:
        self.conn = sqlite3.connect(database, isolation_level=None, check_same_thread=False)
        self.conn.row_factory = sqlite3.Row
        self._lock = threading.RLock()

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Sql]:
        with self._lock:
            self.conn.execute("BEGIN")
            try:
                yield _SqliteSql(self.conn)
            except BaseException:
                self.conn.execute("ROLLBACK")
                raise
            self.conn.execute("COMMIT")


class MemoryBackend(_OneConnection):
    """A read model in memory, for tests and comparisons: built, read and dropped by one
    caller; `image` and a new backend from it copy it whole."""

    def __init__(self, image: bytes | None = None) -> None:
        super().__init__(":memory:")
        if image is not None:
            self.conn.deserialize(image)

    def image(self) -> bytes:
        with self._lock:
            return self.conn.serialize()

    def close(self) -> None:
        self.conn.close()


class ScratchBackend(_OneConnection):
    """A read model in a scratch file of its own (one connection, nothing synced to disk), for
    views of the past: the operating system's page cache holds it, not the process (a view of a
    city's year is over 100 MB). Built, read and dropped by one caller; `close` removes the
    file. `path` may hold a model already (a checkpoint restored) or nothing yet."""

    CACHE_KIB = 8192  # SQLite's own page cache for the connection

    def __init__(self, path: Path) -> None:
        super().__init__(path)
        self.path = path
        # A crash loses nothing kept: the view is rebuilt from its checkpoint and the log. The
        # rollback journal (a page that fails is applied again) stays in memory: it holds only
        # the pages one page of events changes.
        self.conn.execute("PRAGMA synchronous=OFF")
        self.conn.execute("PRAGMA journal_mode=MEMORY")
        self.conn.execute(f"PRAGMA cache_size=-{self.CACHE_KIB}")

    def copy_to(self, path: Path) -> None:
        """The whole model as it stands, into the SQLite file `path`."""
        with self._lock:
            target = sqlite3.connect(path)
            try:
                self.conn.backup(target)
            finally:
                target.close()

    def close(self) -> None:
        self.conn.close()
        self.path.unlink(missing_ok=True)

    def detach(self) -> Path:
        """Close the connection and leave the file, for another process to open."""
        self.conn.close()
        return self.path


# -- PostgreSQL ------------------------------------------------------------------------------
@cache
def _pg(statement: str) -> str:
    # Arrays go in binary: text arrays in text format are escaped element by element.
    return statement.replace("%", "%%").replace("?::", "%b::").replace("?", "%s")


class _PostgresSql(Sql):
    dialect = "postgres"

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def run(self, statement: str, params: Sequence[Any] = ()) -> None:
        self.cursor.execute(_pg(statement), tuple(params))

    def rows(self, statement: str, params: Sequence[Any] = ()) -> list[Row]:
        self.cursor.execute(_pg(statement), tuple(params))
        return list(self.cursor.fetchall())

    def stream(self, statement: str, params: Sequence[Any] = ()) -> Iterator[Row]:
        self.cursor.execute(_pg(statement), tuple(params))
        while batch := self.cursor.fetchmany(STREAMED):
            yield from batch

    def many(self, statement: str, params: Sequence[Sequence[Any]]) -> None:
        # psycopg sends the rows in one pipeline: one round trip, not one per row.
        self.cursor.executemany(_pg(statement), params)


class PostgresBackend(Backend):
    """rm_ tables in the event store's database and schema, through the library's pool."""

    dialect = "postgres"
    # Any fixed number: serialises concurrent CREATE TABLE IF NOT EXISTS across processes.
    _DDL_LOCK = 7_202_611

    def __init__(self, store_env: Mapping[str, str]) -> None:
        self.factory = PostgresFactory(Environment("", dict(store_env)))
        self.datastore = self.factory.datastore
        self.schema = self.datastore.schema
        search_path = SQL("SET LOCAL search_path TO {0}").format(Identifier(self.schema))
        self._begin_write = search_path
        # A read in one round trip. One snapshot for every statement: under READ COMMITTED each
        # statement saw the latest page, so a read could show a page's supervision and not its
        # overdue mark (the one before it). A large read decodes its rows between fetches, which
        # the server sees as idle: the store's 5 s limit for that is meant for transactions
        # left open by mistake, not for a city's portfolio decoded on a loaded machine.
        self._begin_read = SQL("; ").join(
            [
                SQL("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"),
                search_path,
                SQL(f"SET LOCAL idle_in_transaction_session_timeout = '{READ_IDLE_SECONDS}s'"),
            ]
        )
        fail_fast(self.datastore.pool)

    @contextmanager
    def transaction(self, write: bool = False) -> Iterator[Sql]:
        with self.datastore.transaction(commit=write) as cursor:
            cursor.execute(self._begin_read if not write else self._begin_write)
            yield _PostgresSql(cursor)

    def create_tables(self) -> None:
        with self.transaction(write=True) as sql:
            sql.run("SELECT pg_advisory_xact_lock(?)", (self._DDL_LOCK,))
            for statement in create_statements():
                sql.run(statement)

    def close(self) -> None:
        self.factory.close()
