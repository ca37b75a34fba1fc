"""Views of the past on the run's portfolio (infra/readmodel/past.py), against reading today's.

"As of D": a read model of every event dated up to D, built from the timeline's last checkpoint
before D, then read whole (campaigns, tasks, periods), for the first and the 17th of every month
of the year; the baseline reads the same tables from today's live read model. The timeline's
first walk (once per process, then extended as the log grows) is printed apart. "As known on K"
runs on recorded time, which in a generated portfolio spans only the minutes of its generation:
one month, no checkpoint inside it, so each view is the worst case, a rebuild up to K.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import date

from bench.portfolio import YEAR
from bench.stores import pg_env
from bench.table import Row, info, p50, vs, within
from domain.application import Xiuhua
from infra.readmodel import ProjectionRunner, ReadModel
from infra.readmodel.past import Past

LIMIT_MS = 1000.0


def _read(model: ReadModel) -> int:
    with model.read() as queries:
        return len(queries.campaigns()) + len(queries.tasks()) + len(queries.periods())


def _timed(build: Callable[[], ReadModel]) -> float:
    started = time.perf_counter()
    model = build()
    try:
        _read(model)
    finally:
        model.close()
    return (time.perf_counter() - started) * 1000


def measure(dbname: str) -> list[Row]:
    app = Xiuhua(env=pg_env(dbname))
    past = Past(app)
    try:
        live = ReadModel.for_app(app)
        ProjectionRunner(app, live).catch_up()
        today = []
        for _ in range(5):
            started = time.perf_counter()
            _read(live)
            today.append((time.perf_counter() - started) * 1000)
        live.close()
        started = time.perf_counter()
        past.as_of(date(YEAR, 1, 1)).close()
        walk = time.perf_counter() - started
        cuts = [date(YEAR, m, d) for m in range(1, 13) for d in (1, 17)]
        as_of = [_timed(lambda cut=cut: past.as_of(cut)) for cut in cuts]
        page = app.recorder.select_notifications(1, 1_000_000)
        stamps = [app.mapper.to_domain_event(page[len(page) * k // 4]).timestamp for k in (1, 2, 3)]
        known = [_timed(lambda k=k: past.known_on(k)) for k in stamps]
    finally:
        past.close()
        app.close()
    baseline = p50(today)
    label = "reading today's view"
    return [
        info("views of the past: first walk of the timeline", walk, "s", note="once a process"),
        vs("as of D (24 cuts), built and read, p50", p50(as_of), "ms", baseline, label,
           note=f"max {max(as_of):.0f} ms"),
        within("as of D, slowest of 24 cuts", max(as_of), "ms", LIMIT_MS),
        vs("as known on K (3 instants), p50", p50(known), "ms", baseline, label,
           note="generated: recorded in minutes, no checkpoint inside; worst case"),
    ]  # fmt: skip
