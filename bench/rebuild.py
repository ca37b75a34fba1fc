"""Full read-model rebuild in events/s, against reading the same notification rows raw.

PostgreSQL: the read model's tables fresh in the run's copy of the portfolio, then
`ProjectionRunner(app, readmodel, batch_size=...).catch_up()` timed to the end; the baselines
are a raw psycopg SELECT of every column of the same rows (fetched) and the library's own
decoding (`mapper.to_domain_event` over `recorder.select_notifications` pages). SQLite: the same
portfolio in a SQLite store, against a raw sqlite3 SELECT. Only public interfaces are used, so
a faster projection shows here as soon as it is merged.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

from bench.stores import EVENTS_TABLE, Portfolio, connect, pg_env, sqlite_copy, sqlite_env
from bench.table import Row, info, vs
from domain.application import Xiuhua
from infra.readmodel import ProjectionRunner, ReadModel

BATCH = 1000
GOAL = 0.30


def _best_of(runs: int, measure: Callable[[], float]) -> float:
    """The fastest of a few runs (the first warms the database's cache)."""
    return min(measure() for _ in range(runs))


def _pg_raw(dbname: str) -> tuple[int, float]:
    count = 0

    def once() -> float:
        nonlocal count
        started = time.perf_counter()
        with connect(dbname) as conn, conn.cursor() as cur:
            cur.execute(
                "SELECT notification_id, originator_id, originator_version, topic, state "
                f"FROM {EVENTS_TABLE} ORDER BY notification_id"
            )
            count = len(cur.fetchall())
        return time.perf_counter() - started

    seconds = _best_of(3, once)
    return count, seconds


def _sqlite_raw(path: Path) -> tuple[int, float]:
    count = 0

    def once() -> float:
        nonlocal count
        started = time.perf_counter()
        conn = sqlite3.connect(path)
        try:
            rows = conn.execute(
                "SELECT rowid, originator_id, originator_version, topic, state "
                "FROM stored_events ORDER BY rowid"
            ).fetchall()
            count = len(rows)
        finally:
            conn.close()
        return time.perf_counter() - started

    seconds = _best_of(3, once)
    return count, seconds


def _parse_floor(rows: Callable[[], list[tuple[object, ...]]]) -> tuple[int, float]:
    """The same raw SELECT, then `json.loads` of every event's stored state (C-accelerated):
    the least a projection that reads any field of an event must do. Best of three."""

    def once() -> float:
        started = time.perf_counter()
        for row in rows():
            json.loads(row[-1])  # type: ignore[arg-type]
        return time.perf_counter() - started

    count = len(rows())
    return count, _best_of(3, once)


def _pg_rows(dbname: str) -> list[tuple[object, ...]]:
    with connect(dbname) as conn, conn.cursor() as cur:
        cur.execute(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            f"FROM {EVENTS_TABLE} ORDER BY notification_id"
        )
        return cur.fetchall()


def _sqlite_rows(path: Path) -> list[tuple[object, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute(
            "SELECT rowid, originator_id, originator_version, topic, state "
            "FROM stored_events ORDER BY rowid"
        ).fetchall()
    finally:
        conn.close()


def _decode(app: Xiuhua) -> tuple[int, float]:
    started, count, start = time.perf_counter(), 0, 1
    while True:
        page = app.recorder.select_notifications(start, BATCH)
        for notification in page:
            app.mapper.to_domain_event(notification)
        count += len(page)
        if len(page) < BATCH:
            return count, time.perf_counter() - started
        start = page[-1].id + 1


def _rebuild(app: Xiuhua) -> tuple[int, float]:
    """The app's read model built from the first event (its tables must be fresh), timed."""
    readmodel = ReadModel.for_app(app)
    try:
        if readmodel.position() != 0:
            raise RuntimeError("the rebuild benchmark needs fresh read-model tables")
        runner = ProjectionRunner(app, readmodel, batch_size=BATCH)
        started = time.perf_counter()
        applied = runner.catch_up()
        return applied, time.perf_counter() - started
    finally:
        readmodel.close()


def postgres(dbname: str) -> list[Row]:
    """Rebuilds the read model of `dbname` (left built, for the benchmarks after this one)."""
    app = Xiuhua(env=pg_env(dbname))
    try:
        raw_count, raw_seconds = _pg_raw(dbname)
        parsed, parse_seconds = _parse_floor(lambda: _pg_rows(dbname))
        decoded, decode_seconds = _decode(app)
        applied, seconds = _rebuild(app)
    finally:
        app.close()
    rate, raw = applied / seconds, raw_count / raw_seconds
    return [
        vs("rebuild (postgres)", rate, "events/s", raw, "raw SELECT", at_least=GOAL,
           note=f"{applied} events in {seconds:.1f} s"),
        vs("rebuild vs library decoding (postgres)", rate, "events/s",
           decoded / decode_seconds, "to_domain_event"),
        vs("floor: SELECT + json.loads (postgres)", parsed / parse_seconds, "events/s", raw,
           "raw SELECT", note="no projection that reads events can pass this ratio"),
        vs("floor: library decoding (postgres)", decoded / decode_seconds, "events/s", raw,
           "raw SELECT", note="the store's own event objects, nothing projected"),
    ]  # fmt: skip


def sqlite(portfolio: Portfolio) -> list[Row]:
    with sqlite_copy(portfolio) as directory:
        path = directory / "events.sqlite"
        app = Xiuhua(env=sqlite_env(path))
        try:
            raw_count, raw_seconds = _sqlite_raw(path)
            parsed, parse_seconds = _parse_floor(lambda: _sqlite_rows(path))
            applied, seconds = _rebuild(app)
        finally:
            app.close()
    rate = applied / seconds
    return [
        vs("rebuild (sqlite)", rate, "events/s", raw_count / raw_seconds, "raw sqlite3 SELECT",
           at_least=GOAL, note=f"{applied} events in {seconds:.1f} s"),
        vs("floor: SELECT + json.loads (sqlite)", parsed / parse_seconds, "events/s",
           raw_count / raw_seconds, "raw sqlite3 SELECT",
           note="no projection that reads events can pass this ratio"),
    ]  # fmt: skip


def portfolio_row(portfolio: Portfolio) -> Row:
    generated = portfolio.generated
    if generated is None:
        return info("portfolio", portfolio.events, "events", note=f"cached {portfolio.template}")
    return info(
        "portfolio generation",
        generated.rate,
        "events/s",
        note=f"{generated.events} events in {generated.seconds:.0f} s into {portfolio.template}",
    )
