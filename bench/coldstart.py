"""Cold start of `xiuhua up` on the generated portfolio (SQLite, in a fresh data directory with
no read model yet): from the command until /api/health answers and its read model has applied
every stored event, against a bare app's start until it answers."""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

from bench.live import caught_up
from bench.processes import free_port, python, spawn, stop, wait_until
from bench.stores import Portfolio, sqlite_copy
from bench.table import Row, vs

XIUHUA = str(Path(sys.executable).parent / "xiuhua")


def measure(portfolio: Portfolio, timeout: float = 1200.0) -> list[Row]:
    logs = Path(tempfile.mkdtemp(prefix="xiuhua-bench-logs-"))
    try:
        return _measure(portfolio, timeout, logs)
    finally:
        shutil.rmtree(logs, ignore_errors=True)  # a failure to start already quoted its log


def _measure(portfolio: Portfolio, timeout: float, logs: Path) -> list[Row]:
    bare_seconds = _bare_start(logs / "bare.log")
    with sqlite_copy(portfolio) as data_dir:
        port = free_port()
        env = {
            "XIUHUA_DATA_DIR": str(data_dir),
            "XIUHUA_DEMO": "0",
            "XIUHUA_ENV": "dev",
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(data_dir / "events.sqlite"),
            "XIUHUA_HTTP_PORT": str(port),
            "TEMPORAL_ADDRESS": f"127.0.0.1:{free_port()}",
            "TEMPORAL_UI_PORT": str(free_port()),
        }
        log = logs / "up.log"
        started = time.perf_counter()
        process = spawn([XIUHUA, "up"], env, log)
        try:
            url = f"http://127.0.0.1:{port}/api/health"
            wait_until(process, url, lambda r: r.status_code < 500, timeout, log)
            answered = time.perf_counter() - started
            try:
                wait_until(process, url, caught_up, timeout - answered, log)
                seconds, note = time.perf_counter() - started, ""
            except TimeoutError:
                seconds, note = float("nan"), f"not caught up within {timeout:.0f} s"
        finally:
            stop(process)
    note = note or f"/api/health first answered after {answered:.1f} s"
    row = vs("cold start of xiuhua up (sqlite)", seconds, "s", bare_seconds, "bare app start",
             note=note)  # fmt: skip
    return [row]


def _bare_start(log: Path) -> float:
    port = free_port()
    started = time.perf_counter()
    process = spawn(python("bench.serve_bare", str(port)), {}, log)
    try:
        wait_until(process, f"http://127.0.0.1:{port}/health", log=log)
        return time.perf_counter() - started
    finally:
        stop(process)
