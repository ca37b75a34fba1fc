"""Where the benchmarks' portfolios live, built once and reused.

PostgreSQL: the generator writes into `xiuhua_bench_<size>_v<N>` (built under a temporary name and
renamed only when complete); every run works on a copy made with `CREATE DATABASE ... TEMPLATE`,
dropped afterwards. SQLite: the same stored events, copied in notification order into a file kept
beside the other caches; every run works on a copy of the file.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import psycopg
from eventsourcing.persistence import StoredEvent

from bench.portfolio import GENERATOR_VERSION, Generated, generate
from domain.application import Xiuhua

EVENTS_TABLE = "xiuhua_events"  # the recorder's table for the application named xiuhua
# The same server the tests use (tests/conftest.py reads the same variables).
PG = {
    "host": os.environ.get("XIUHUA_TEST_PG_HOST", "127.0.0.1"),
    "port": int(os.environ.get("XIUHUA_TEST_PG_PORT", "5432")),
    "user": os.environ.get("XIUHUA_TEST_PG_USER", "postgres"),
    "password": os.environ.get("XIUHUA_TEST_PG_PASSWORD", "") or None,
}
ADMIN_DB = os.environ.get("XIUHUA_TEST_PG_ADMIN_DB", "test")
CACHE = Path(os.environ.get("XIUHUA_BENCH_CACHE", Path(tempfile.gettempdir()) / "xiuhua-bench"))


def pg_env(dbname: str) -> dict[str, str]:
    return {
        "PERSISTENCE_MODULE": "eventsourcing.postgres",
        "POSTGRES_DBNAME": dbname,
        "POSTGRES_HOST": str(PG["host"]),
        "POSTGRES_PORT": str(PG["port"]),
        "POSTGRES_USER": str(PG["user"]),
        "POSTGRES_PASSWORD": PG["password"] or "",
        "CREATE_TABLE": "y",
    }


def sqlite_env(path: Path) -> dict[str, str]:
    return {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(path)}


def connect(dbname: str, autocommit: bool = True) -> psycopg.Connection:
    return psycopg.connect(dbname=dbname, autocommit=autocommit, **PG)  # type: ignore[arg-type]


def admin(statement: str) -> None:
    with connect(ADMIN_DB) as admin:
        admin.execute(statement)  # type: ignore[arg-type]


def _exists(dbname: str) -> bool:
    with connect(ADMIN_DB) as admin:
        row = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (dbname,)).fetchone()
    return row is not None


def template_name(size: str) -> str:
    return f"xiuhua_bench_{size}_v{GENERATOR_VERSION}"


@dataclass(frozen=True)
class Portfolio:
    size: str
    template: str
    events: int
    generated: Generated | None  # None when the cached one was reused


def ensure_portfolio(
    size: str, rebuild: bool = False, workers: int = 1, progress: Callable[[str], None] = print
) -> Portfolio:
    """The cached PostgreSQL portfolio of `size`, generated first if missing or `rebuild`."""
    name = template_name(size)
    generated = None
    if rebuild or not _exists(name):
        building = f"{name}_building"
        admin(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
        admin(f'CREATE DATABASE "{building}"')
        # The generator's commits need not wait for the disk: a crash only loses the half-built
        # database, which is never used. Runs on the copies commit as configured.
        admin(f'ALTER DATABASE "{building}" SET synchronous_commit = off')
        progress(f"generating the {size} portfolio into {name} ({workers} processes) ...")
        generated = generate(pg_env(building), size, workers, progress)
        progress(f"generated {generated.events} events in {generated.seconds:.0f} s")
        admin(f'ALTER DATABASE "{building}" RESET synchronous_commit')
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin(f'ALTER DATABASE "{building}" RENAME TO "{name}"')
        (CACHE / f"{name}.sqlite").unlink(missing_ok=True)
    with connect(name) as conn:
        row = conn.execute(f"SELECT count(*) FROM {EVENTS_TABLE}").fetchone()
    return Portfolio(size, name, int(row[0]) if row else 0, generated)


@contextmanager
def run_database(portfolio: Portfolio) -> Iterator[str]:
    """A fresh copy of the portfolio's database for one run, dropped afterwards."""
    name = f"xiuhua_bench_run_{uuid.uuid4().hex[:10]}"
    for attempt in range(30):
        try:
            admin(f'CREATE DATABASE "{name}" TEMPLATE "{portfolio.template}"')
            break
        except psycopg.errors.ObjectInUse:
            # PostgreSQL copies a template only while nobody is connected to it (someone may be
            # reading the cached portfolio): wait for them a little.
            if attempt == 29:
                raise
            time.sleep(2)
    try:
        yield name
    finally:
        admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def cached_sqlite(portfolio: Portfolio) -> Path:
    """The portfolio's stored events in a SQLite event store file, copied once from PostgreSQL in
    notification order (so notification ids and their order match)."""
    path = CACHE / f"{portfolio.template}.sqlite"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    target = Xiuhua(env=sqlite_env(partial))
    source = Xiuhua(env=pg_env(portfolio.template))
    try:
        start = 1
        while True:
            page = source.recorder.select_notifications(start, 5000)
            if page:
                target.recorder.insert_events(
                    [
                        StoredEvent(n.originator_id, n.originator_version, n.topic, n.state)
                        for n in page
                    ]
                )
            if len(page) < 5000:
                break
            start = page[-1].id + 1
    finally:
        source.close()
        target.close()
    partial.rename(path)
    return path


@contextmanager
def sqlite_copy(portfolio: Portfolio) -> Iterator[Path]:
    """A data directory holding a copy of the portfolio as events.sqlite, removed afterwards."""
    source = cached_sqlite(portfolio)
    directory = Path(tempfile.mkdtemp(prefix="xiuhua-bench-"))
    try:
        shutil.copyfile(source, directory / "events.sqlite")
        yield directory
    finally:
        shutil.rmtree(directory, ignore_errors=True)
