"""The real API in a process of its own, for the benchmarks: its memory is then its own, and
its clock stands at the portfolio's `now` (`app.state.clock`: not a dependency override, which
would slow every request down).

    XIUHUA_BENCH_NOW=2093-12-28T02:00:00+00:00 python -m bench.serve_api
(with the usual PERSISTENCE_MODULE, POSTGRES_*/SQLITE_DBNAME, TEMPORAL_*, XIUHUA_HTTP_PORT)
"""

from __future__ import annotations

import os
from datetime import datetime

import uvicorn

from api.app import create_app
from infra.settings import Settings


def main() -> None:
    settings = Settings.from_env()
    app = create_app(settings)
    now = datetime.fromisoformat(os.environ["XIUHUA_BENCH_NOW"])
    app.state.clock = lambda: now
    uvicorn.run(app, host=settings.http_host, port=settings.http_port, log_level="warning")


if __name__ == "__main__":
    main()
