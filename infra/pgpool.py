"""How the PostgreSQL connection pool behaves when the server is away or has just come back.

Two of the libraries' defaults make an outage hang requests instead of answering them:
- psycopg_pool backs off one second, then two, then four between checks of pooled connections
  that have gone bad. After the server has ended every connection (a restart, a failover,
  pg_terminate_backend) all idle connections are dead, so a request would spend the whole pool
  timeout discarding them although the server is back. Starting the backoff at 50 ms finds a live
  connection within a fraction of a second; reconnection during a real outage still backs off.
- eventsourcing's recorders retry an OperationalError ten times, and a pool timeout is one, so a
  command would wait ten pool timeouts (30 s) before failing. `fail_fast` turns the pool's
  timeout into `DatabaseUnavailable`, which no retry catches: one pool timeout, then a 503.
"""

from __future__ import annotations

from typing import Any

from psycopg_pool import ConnectionPool, PoolTimeout
from psycopg_pool.base import AttemptWithBackoff

AttemptWithBackoff.INITIAL_DELAY = 0.05


class DatabaseUnavailable(Exception):
    """No connection to PostgreSQL within the pool timeout."""


def fail_fast(pool: ConnectionPool[Any]) -> None:
    """Make `pool` raise DatabaseUnavailable instead of PoolTimeout (idempotent)."""
    if getattr(pool, "_xiuhua_fail_fast", False):
        return
    getconn = pool.getconn

    def getconn_or_unavailable(timeout: float | None = None) -> Any:
        try:
            return getconn(timeout)
        except PoolTimeout as error:
            raise DatabaseUnavailable(str(error)) from error

    pool.getconn = getconn_or_unavailable  # type: ignore[method-assign]
    pool._xiuhua_fail_fast = True  # type: ignore[attr-defined]


def fail_fast_store(app: Any) -> None:
    """The same for an eventsourcing application's store, when it is on PostgreSQL."""
    pool = getattr(getattr(getattr(app, "factory", None), "datastore", None), "pool", None)
    if isinstance(pool, ConnectionPool):
        fail_fast(pool)
