"""Plan files uploaded through the import pages, kept between the dry run and the one save, by
the SHA-256 of their bytes. Not a fact: the file is read again when the coordinator stores it,
and let go once the drafts are stored, or a week after a dry run that was never stored. The
import's own bounds stand (infra/importer)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from infra.readmodel.backends import Backend

TABLE = "xh_uploads"
KEPT_FOR = timedelta(days=7)  # a dry run left unstored is let go when the next file comes in


@dataclass(frozen=True)
class Upload:
    hash: str
    filename: str
    data: bytes
    saved_at: datetime
    saved_by: str


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Uploads:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        blob = "BYTEA" if backend.dialect == "postgres" else "BLOB"
        with backend.transaction(write=True) as sql:
            sql.run(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (hash TEXT PRIMARY KEY, filename TEXT NOT "
                f"NULL, data {blob} NOT NULL, saved_at TEXT NOT NULL, saved_by TEXT NOT NULL)"
            )

    def put(self, data: bytes, filename: str, by: str, at: datetime) -> Upload:
        """Keep the file; the same bytes sent again keep the latest name."""
        upload = Upload(digest(data), filename, data, at, by)
        with self.backend.transaction(write=True) as sql:
            kept = sql.rows(f"SELECT hash, saved_at FROM {TABLE}")
            stale = [
                r["hash"] for r in kept if datetime.fromisoformat(r["saved_at"]) < at - KEPT_FOR
            ]
            sql.many(f"DELETE FROM {TABLE} WHERE hash = ?", [(h,) for h in [*stale, upload.hash]])
            sql.run(
                f"INSERT INTO {TABLE} (hash, filename, data, saved_at, saved_by) "
                "VALUES (?, ?, ?, ?, ?)",
                (upload.hash, filename, data, at.isoformat(), by),
            )
        return upload

    def get(self, hash_: str) -> Upload | None:
        with self.backend.transaction() as sql:
            row = sql.one(f"SELECT * FROM {TABLE} WHERE hash = ?", (hash_,))
        if row is None:
            return None
        return Upload(
            row["hash"],
            row["filename"],
            bytes(row["data"]),
            datetime.fromisoformat(row["saved_at"]),
            row["saved_by"],
        )

    def discard(self, hash_: str) -> None:
        with self.backend.transaction(write=True) as sql:
            sql.run(f"DELETE FROM {TABLE} WHERE hash = ?", (hash_,))
