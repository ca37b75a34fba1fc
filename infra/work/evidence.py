"""Evidence files (佐证材料) a report points to, stored once by the SHA-256 of their bytes.

The type is read from the bytes, never from the name or the header the browser sent: a photo
(JPEG, PNG, WebP, GIF), a PDF, or an Office workbook or document (a zip whose parts say so).
Anything else is refused, SVG and HTML included, since a file served back to another user must
not be able to run script in the app's origin. A file is at most `MAX_BYTES`.

The bytes are kept once, whoever sends them; which units sent them is kept beside (the unit's
name normalized, domain/units.py), so a unit may point a report or a draft only at a file it
sent itself: knowing a hash (from another task's report, say) does not make the file its own.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from domain.units import normalize_unit
from infra.readmodel.backends import Backend

MAX_BYTES = 10 * 1024 * 1024
MAX_PARTS = 5000  # zip entries read to tell a workbook from a document
TABLE = "xh_evidence"
SENDERS = "xh_evidence_senders"
IMAGES = frozenset({"image/jpeg", "image/png", "image/webp", "image/gif"})
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class Refused(ValueError):
    """The file cannot be evidence; the message says why in Chinese and English."""


@dataclass(frozen=True)
class Stored:
    hash: str
    content_type: str
    size: int


def sniff(data: bytes) -> str | None:
    """The file's type by its first bytes (and, for a zip, its parts), or None."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    if data.startswith(b"PK\x03\x04"):
        return _office(data)
    return None


def _office(data: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()[:MAX_PARTS]
    except (zipfile.BadZipFile, ValueError, OSError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    if any(n.startswith("xl/") for n in names):
        return XLSX
    if any(n.startswith("word/") for n in names):
        return DOCX
    return None


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def is_digest(text: str) -> bool:
    return len(text) == 64 and all(c in "0123456789abcdef" for c in text)


class EvidenceStore:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        blob = "BYTEA" if backend.dialect == "postgres" else "BLOB"
        with backend.transaction(write=True) as sql:
            sql.run(
                f"CREATE TABLE IF NOT EXISTS {TABLE} (hash TEXT PRIMARY KEY, "
                f"content_type TEXT NOT NULL, size BIGINT NOT NULL, data {blob} NOT NULL)"
            )
            sql.run(
                f"CREATE TABLE IF NOT EXISTS {SENDERS} (hash TEXT NOT NULL, unit TEXT NOT NULL, "
                "PRIMARY KEY (hash, unit))"
            )

    def put(self, data: bytes, unit: str | None = None) -> Stored:
        """Keep the file (once, whoever sends it again) as sent by `unit`; refuse what cannot be
        evidence."""
        if not data:
            raise Refused("文件为空 / the file is empty")
        if len(data) > MAX_BYTES:
            mb = len(data) / 2**20
            raise Refused(f"文件 {mb:.1f} MB，超过 10 MB / the file is {mb:.1f} MB; at most 10 MB")
        content_type = sniff(data)
        if content_type is None:
            raise Refused(
                "只接受照片（JPEG、PNG、WebP、GIF）、PDF、Excel 或 Word 文件 / only photos (JPEG, "
                "PNG, WebP, GIF), PDF, Excel workbooks or Word documents are taken"
            )
        stored = Stored(digest(data), content_type, len(data))
        with self.backend.transaction(write=True) as sql:
            sql.run(
                f"INSERT INTO {TABLE} (hash, content_type, size, data) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (hash) DO NOTHING",
                (stored.hash, stored.content_type, stored.size, data),
            )
            if unit is not None:
                sql.run(
                    f"INSERT INTO {SENDERS} (hash, unit) VALUES (?, ?) "
                    "ON CONFLICT (hash, unit) DO NOTHING",
                    (stored.hash, normalize_unit(unit)),
                )
        return stored

    def sent_by(self, hash_: str, unit: str) -> Stored | None:
        """The file, if `unit` sent it itself; None for a file it never sent, or no file."""
        with self.backend.transaction() as sql:
            row = sql.one(
                f"SELECT e.hash, e.content_type, e.size FROM {TABLE} e JOIN {SENDERS} s "
                "ON s.hash = e.hash WHERE e.hash = ? AND s.unit = ?",
                (hash_, normalize_unit(unit)),
            )
        return Stored(row["hash"], row["content_type"], int(row["size"])) if row else None

    def info(self, hash_: str) -> Stored | None:
        with self.backend.transaction() as sql:
            row = sql.one(f"SELECT hash, content_type, size FROM {TABLE} WHERE hash = ?", (hash_,))
        return Stored(row["hash"], row["content_type"], int(row["size"])) if row else None

    def get(self, hash_: str) -> tuple[Stored, bytes] | None:
        with self.backend.transaction() as sql:
            row = sql.one(f"SELECT * FROM {TABLE} WHERE hash = ?", (hash_,))
        if row is None:
            return None
        return Stored(row["hash"], row["content_type"], int(row["size"])), bytes(row["data"])
