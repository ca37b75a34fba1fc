"""Browser sessions, kept server side in the read model's database.

`xh_sessions` is not a read-model table: a rebuild of the read model keeps it (as `xh_outbox`).
The cookie holds a random session id; the table holds only its SHA-256, the user, when it began
and when it was last used. A session ends at its absolute expiry or after an idle gap, whichever
comes first, and when its user signs out. Each session carries its own CSRF token.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from infra.readmodel.backends import Backend

TABLE = "xh_sessions"
DDL = f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    id_hash TEXT PRIMARY KEY,
    user_name TEXT NOT NULL,
    csrf TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen TEXT NOT NULL
)"""
# last_seen is written at most this often, so reading pages does not write on every request.
TOUCH_EVERY = timedelta(seconds=60)


@dataclass(frozen=True)
class Session:
    user: str
    csrf: str
    created_at: datetime
    last_seen: datetime


def _hash(session_id: str) -> str:
    return hashlib.sha256(session_id.encode("utf-8", "surrogatepass")).hexdigest()


class Sessions:
    def __init__(self, backend: Backend, lifetime: timedelta, idle: timedelta) -> None:
        self.backend = backend
        self.lifetime = lifetime
        self.idle = idle
        with backend.transaction(write=True) as sql:
            sql.run(DDL)

    def start(self, user: str, now: datetime) -> tuple[str, Session]:
        """A new session for `user`: its id (for the cookie, never stored) and the session."""
        session_id = secrets.token_urlsafe(32)
        session = Session(user, secrets.token_urlsafe(32), now, now)
        with self.backend.transaction(write=True) as sql:
            sql.run(
                f"INSERT INTO {TABLE} (id_hash, user_name, csrf, created_at, last_seen) "
                "VALUES (?, ?, ?, ?, ?)",
                (_hash(session_id), user, session.csrf, now.isoformat(), now.isoformat()),
            )
        return session_id, session

    def find(self, session_id: str, now: datetime) -> Session | None:
        """The live session, its use recorded; None (and the row gone) when it has expired."""
        key = _hash(session_id)
        with self.backend.transaction() as sql:
            row = sql.one(f"SELECT * FROM {TABLE} WHERE id_hash = ?", (key,))
        if row is None:
            return None
        created = datetime.fromisoformat(row["created_at"])
        seen = datetime.fromisoformat(row["last_seen"])
        if now >= created + self.lifetime or now >= seen + self.idle:
            self.end(session_id)
            return None
        if now - seen >= TOUCH_EVERY:
            with self.backend.transaction(write=True) as sql:
                sql.run(
                    f"UPDATE {TABLE} SET last_seen = ? WHERE id_hash = ?", (now.isoformat(), key)
                )
            seen = now
        return Session(row["user_name"], row["csrf"], created, seen)

    def end(self, session_id: str) -> None:
        with self.backend.transaction(write=True) as sql:
            sql.run(f"DELETE FROM {TABLE} WHERE id_hash = ?", (_hash(session_id),))

    def end_all(self, user: str) -> None:
        """Sign `user` out everywhere (after a password reset or a role change)."""
        with self.backend.transaction(write=True) as sql:
            sql.run(f"DELETE FROM {TABLE} WHERE user_name = ?", (user,))
