"""The write path against raw inserts into the same PostgreSQL database.

A raw row is shaped like a stored event (uuid, version, topic, a real report's state bytes) in a
table shaped like the event store's. Samples alternate: a raw one-row INSERT + commit, then one
report. The reports are December reports of tasks of the generated portfolio still awaiting one,
so each command meets a task with its year's history, as in production.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from uuid import UUID

import httpx

from bench.live import Live
from bench.portfolio import NOW, YEAR, CampaignPlan, lead_token, plans, spec_of
from bench.steps import portfolio_pair
from bench.stores import EVENTS_TABLE, connect
from bench.table import Row, p50, percentile, vs
from domain.application import Xiuhua
from domain.campaign import campaign_id
from domain.commands import DefineCampaign, SubmitReport
from domain.values import Actor

PERIOD = f"{YEAR}-12"
RAW_TABLE = "bench_raw_events"
PLAN_EVENTS = 50


@dataclass(frozen=True)
class Candidate:
    task_id: UUID
    campaign_id: UUID
    unit: str


def candidates(store: Xiuhua, size: str, wanted: int) -> list[Candidate]:
    """Tasks still awaiting their December report, from the campaigns with the longest history
    (but not the two the workflow-step benchmark marks overdue)."""
    found: list[Candidate] = []
    spared = {p.code for p in portfolio_pair(size)[:2]}
    for plan in sorted(plans(size), key=lambda p: (p.start_month, p.code)):
        if plan.code in spared:
            continue
        cid = campaign_id(plan.code)
        for tid in store.campaign(cid).task_ids:
            task = store.task(tid)
            if task.is_awaiting(PERIOD) and task.record(PERIOD).report is None:
                found.append(Candidate(tid, cid, task.lead_units[0]))
                if len(found) == wanted:
                    return found
    return found


class Raw:
    """One-row transactions and 50-row executemany on a table shaped like the store's."""

    def __init__(self, dbname: str) -> None:
        self.conn = connect(dbname, autocommit=False)
        self.conn.execute(
            f"CREATE TABLE IF NOT EXISTS {RAW_TABLE} (originator_id uuid NOT NULL, "
            "originator_version bigint NOT NULL, topic text, state bytea, "
            "notification_id bigserial UNIQUE, PRIMARY KEY (originator_id, originator_version))"
        )
        row = self.conn.execute(
            f"SELECT topic, state FROM {EVENTS_TABLE} WHERE topic LIKE %s "
            "ORDER BY notification_id DESC LIMIT 1",
            ("%ReportSubmitted",),
        ).fetchone()
        self.topic, self.state = (row[0], bytes(row[1])) if row else ("bench", b"x" * 400)
        self.conn.commit()
        self.statement = (
            f"INSERT INTO {RAW_TABLE} (originator_id, originator_version, topic, state) "
            "VALUES (%s, %s, %s, %s)"
        )

    def insert_one(self) -> float:
        started = time.perf_counter()
        self.conn.execute(self.statement, (uuid.uuid4(), 1, self.topic, self.state))
        self.conn.commit()
        return time.perf_counter() - started

    def insert_many(self, count: int) -> float:
        rows = [(uuid.uuid4(), n + 1, self.topic, self.state) for n in range(count)]
        started = time.perf_counter()
        with self.conn.cursor() as cur:
            cur.executemany(self.statement, rows)
        self.conn.commit()
        return time.perf_counter() - started

    def close(self) -> None:
        self.conn.close()


def _report(candidate: Candidate) -> SubmitReport:
    return SubmitReport(
        candidate.task_id, PERIOD, {"v": Decimal(118)}, "bench: 本月整治点位全部完成。", "", "",
        actor=Actor(f"liaison@{candidate.unit}", candidate.unit), now=NOW,
    )  # fmt: skip


def _alternate(
    pool: Iterator[Candidate], samples: int, raw: Raw, one: Callable[[Candidate], None]
) -> tuple[list[float], list[float]]:
    raw_times: list[float] = []
    times: list[float] = []
    for _ in range(samples):
        raw_times.append(raw.insert_one())
        candidate = next(pool)
        started = time.perf_counter()
        one(candidate)
        times.append(time.perf_counter() - started)
    return times, raw_times


def application(store: Xiuhua, dbname: str, pool: Iterator[Candidate], samples: int) -> list[Row]:
    """The command alone; reports stored back to back; a 50-event plan in one save."""
    raw = Raw(dbname)
    try:
        for _ in range(3):  # warm-up: connections, prepared statements
            raw.insert_one()
            store.submit_report(_report(next(pool)))
        times, raw_times = _alternate(pool, samples, raw, lambda c: store.submit_report(_report(c)))
        batch = [next(pool) for _ in range(samples)]
        started = time.perf_counter()
        for candidate in batch:
            store.submit_report(_report(candidate))
        app_rate = samples / (time.perf_counter() - started)
        started = time.perf_counter()
        for _ in range(samples):
            raw.insert_one()
        raw_rate = samples / (time.perf_counter() - started)
        plan_times, many_times = _plans(store, raw, 10)
    finally:
        raw.close()
    return [
        vs("submit_report command p50", p50(times) * 1000, "ms", p50(raw_times) * 1000,
           "raw INSERT+commit", note=f"{samples} samples"),
        vs("reports stored through the application", app_rate, "events/s", raw_rate,
           "raw one-row transactions", note=f"{samples} reports back to back"),
        vs(f"a plan of {PLAN_EVENTS} events in one save", PLAN_EVENTS / p50(plan_times),
           "events/s", PLAN_EVENTS / p50(many_times), f"raw executemany of {PLAN_EVENTS}",
           note=f"{len(plan_times)} saves"),
    ]  # fmt: skip


def _plans(store: Xiuhua, raw: Raw, count: int) -> tuple[list[float], list[float]]:
    """define_campaign with 49 tasks (50 events: the campaign and its tasks) per save."""
    plan_times: list[float] = []
    many_times: list[float] = []
    for n in range(count + 1):
        many = raw.insert_many(PLAN_EVENTS)
        plan = CampaignPlan(f"BENCH-PLAN-{uuid.uuid4().hex[:8]}", PLAN_EVENTS - 1, 12)
        spec = spec_of(plan, random.Random(n))
        started = time.perf_counter()
        store.define_campaign(DefineCampaign(spec, actor=Actor("bench", "专班"), now=NOW))
        if n:  # the first is a warm-up
            plan_times.append(time.perf_counter() - started)
            many_times.append(many)
    return plan_times, many_times


def server_timing(value: str) -> Iterator[tuple[str, float]]:
    """(step, milliseconds) from a `Server-Timing` header: `access;dur=0.8, command;dur=2.1`."""
    for metric in filter(None, (part.strip() for part in value.split(","))):
        name, _, params = metric.partition(";")
        for param in params.split(";"):
            key, _, number = param.strip().partition("=")
            if key == "dur":
                yield name.strip(), float(number)


async def through_api(
    live: Live, dbname: str, pool: Iterator[Candidate], samples: int
) -> list[Row]:
    """One report POSTed to the real API (stored, read model caught up, workflow told), against a
    raw one-row INSERT + commit, and against the bare app's POST that validates the same body and
    INSERTs one row (this stack's floor for any write over HTTP); the three alternate."""
    raw = Raw(dbname)
    api_times: list[float] = []
    bare_times: list[float] = []
    raw_times: list[float] = []
    statuses: dict[int, int] = {}
    steps: dict[str, list[float]] = {}
    try:
        async with httpx.AsyncClient(timeout=60) as http:
            for n in range(samples + 3):
                raw_time = raw.insert_one()
                candidate = next(pool)
                body = {"period": PERIOD, "actuals": {"v": 118}, "progress": "bench: 按期推进。"}
                started = time.perf_counter()
                bare = await http.post(f"{live.bare}/bare/insert", json=body)
                bare_time = time.perf_counter() - started
                bare.raise_for_status()
                started = time.perf_counter()
                response = await http.post(
                    f"{live.api}/api/tasks/{candidate.task_id}/reports",
                    json=body,
                    headers={"Authorization": f"Bearer {lead_token(candidate.unit)}"},
                )
                elapsed = time.perf_counter() - started
                if response.status_code >= 300 and response.status_code != 202:
                    raise RuntimeError(f"POST report: {response.status_code} {response.text}")
                statuses[response.status_code] = statuses.get(response.status_code, 0) + 1
                if n >= 3:  # the first three warm up
                    api_times.append(elapsed)
                    bare_times.append(bare_time)
                    raw_times.append(raw_time)
                    for name, ms in server_timing(response.headers.get("server-timing", "")):
                        steps.setdefault(name, []).append(ms / 1000)
    finally:
        raw.close()
    note = ", ".join(f"{count}x{status}" for status, count in sorted(statuses.items()))
    split = [
        vs(f"  of which {name} p50", p50(times) * 1000, "ms", p50(raw_times) * 1000,
           "raw INSERT+commit", note="the API's Server-Timing")
        for name, times in steps.items()
    ]  # fmt: skip
    return [
        vs("POST a report via the API p50", p50(api_times) * 1000, "ms", p50(raw_times) * 1000,
           "raw INSERT+commit", at_most=5, note=note),
        vs("POST a report via the API p95", percentile(api_times, 95) * 1000, "ms",
           percentile(raw_times, 95) * 1000, "raw INSERT+commit", at_most=10,
           note=f"{samples} samples"),
        vs("floor: bare POST of the body + INSERT p50", p50(bare_times) * 1000, "ms",
           p50(raw_times) * 1000, "raw INSERT+commit",
           note="FastAPI over HTTP, pydantic, one pooled INSERT: no write here can be faster"),
        vs("POST a report via the API p50", p50(api_times) * 1000, "ms", p50(bare_times) * 1000,
           "bare POST + INSERT", note=note),
        vs("POST a report via the API p95", percentile(api_times, 95) * 1000, "ms",
           percentile(bare_times, 95) * 1000, "bare POST + INSERT", note=f"{samples} samples"),
        *split,
    ]  # fmt: skip
