"""The hash chain over the stored events, in notification order (pure: no I/O).

Each stored record (originator id, version, topic, state bytes) has a `digest`, the SHA-256 of
its content alone, and a `link`, the SHA-256 of the previous record's link and this digest, so
a link commits to every record before it. Verifying walks the records and the links kept for
them side by side and names the first record that is not as it was linked:

- altered: its content hashes to something no link was made for;
- reordered: its content is another record's, linked at another place in the log;
- missing: a link was made for a record the log no longer holds;
- inserted: the log holds a record no link was made for, before the last link.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from uuid import UUID

GENESIS = "0" * 64


@dataclass(frozen=True)
class Record:
    """A stored event as the log holds it (a notification)."""

    id: int
    originator_id: UUID
    version: int
    topic: str
    state: bytes


@dataclass(frozen=True)
class Link:
    """What the ledger kept for a record when it first saw it."""

    id: int
    originator_id: UUID
    version: int
    digest: str
    link: str


class Fault(StrEnum):
    ALTERED = "altered"
    REORDERED = "reordered"
    MISSING = "missing"
    INSERTED = "inserted"


@dataclass(frozen=True)
class Finding:
    """The first place the log does not verify."""

    fault: Fault
    id: int
    originator_id: UUID | None
    version: int | None
    detail: str

    def describe(self) -> str:
        where = f"event {self.id}"
        if self.originator_id is not None:
            where += f" ({self.originator_id} v{self.version})"
        return f"{where}: {self.fault.value}: {self.detail}"


def digest_of(record: Record) -> str:
    h = hashlib.sha256()
    for part in (record.originator_id.bytes, record.version.to_bytes(8, "big", signed=True)):
        h.update(part)
    for part in (record.topic.encode("utf-8"), record.state):
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def chain(previous: str, digest: str) -> str:
    return hashlib.sha256(bytes.fromhex(previous) + bytes.fromhex(digest)).hexdigest()


def links(records: Iterable[Record], previous: str = GENESIS) -> Iterator[Link]:
    """The links of `records` (in notification order) following the link `previous`."""
    for record in records:
        digest = digest_of(record)
        previous = chain(previous, digest)
        yield Link(record.id, record.originator_id, record.version, digest, previous)


class Walk:
    """Verifies a log against its links a range of ids at a time (both in id order), carrying
    the chain from one range to the next. `find(digest)` answers where the ledger linked a
    record with that content (to tell a record moved from a record altered)."""

    def __init__(self, find: Callable[[str], int | None], previous: str = GENESIS) -> None:
        self.find = find
        self.previous = previous
        self.checked = 0
        self.unlinked = 0  # records after the ledger's head: not linked yet, not a fault

    def check(self, records: list[Record], kept: list[Link], head: int) -> Finding | None:
        """`records` and `kept`: everything the log and the ledger hold in one range of ids;
        `head`: the ledger's last linked id."""
        held = {r.id: r for r in records}
        for link in kept:
            record = held.pop(link.id, None)
            if record is None:
                return Finding(
                    Fault.MISSING, link.id, link.originator_id, link.version,
                    "the ledger linked this event; the log no longer holds it",
                )  # fmt: skip
            digest = digest_of(record)
            if digest != link.digest:
                moved = self.find(digest)
                if moved is not None and moved != link.id:
                    return Finding(
                        Fault.REORDERED, link.id, record.originator_id, record.version,
                        f"holds the event that was linked at {moved}",
                    )  # fmt: skip
                return Finding(
                    Fault.ALTERED, link.id, record.originator_id, record.version,
                    f"its content hashes to {digest[:16]}…, linked as {link.digest[:16]}…",
                )  # fmt: skip
            self.previous = chain(self.previous, digest)
            if self.previous != link.link:
                return Finding(
                    Fault.ALTERED, link.id, record.originator_id, record.version,
                    "the ledger's own link here was changed",
                )  # fmt: skip
            self.checked += 1
        for record in sorted(held.values(), key=lambda r: r.id):
            if record.id <= head:
                return Finding(
                    Fault.INSERTED, record.id, record.originator_id, record.version,
                    "the log holds an event the ledger never linked",
                )  # fmt: skip
            self.unlinked += 1
        return None
