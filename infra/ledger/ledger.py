"""The ledger: the chain's links (infra/ledger/chain.py), one per stored event, kept in the read
model's database in a table that is not a read-model table, so a rebuild of the read model keeps
it and is checked against it.

The read model takes each page of the log through `take` in the page's own transaction: a
record seen for the first time is linked; a record linked before is checked against its link,
and a page that does not match is refused (`Tampered`), so a rebuild never adopts a record
changed, removed, inserted or moved after it was linked. The last link of each day (by when it
was linked, Shanghai time) is that day's head, which an evaluator keeps outside the system.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING
from uuid import UUID
from zoneinfo import ZoneInfo

from eventsourcing.persistence import Notification

from infra.ledger.chain import GENESIS, Fault, Finding, Link, Record, Walk, chain, digest_of

if TYPE_CHECKING:  # the read model imports this module: its backends only name types here
    from infra.readmodel.backends import Backend, Sql

TABLE = "xh_ledger"
SHANGHAI = ZoneInfo("Asia/Shanghai")
DDL = (
    f"""CREATE TABLE IF NOT EXISTS {TABLE} (
    id BIGINT PRIMARY KEY,
    originator_id TEXT NOT NULL,
    version BIGINT NOT NULL,
    digest TEXT NOT NULL,
    link TEXT NOT NULL,
    day TEXT NOT NULL,
    linked_at TEXT NOT NULL
)""",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_digest ON {TABLE} (digest)",
    f"CREATE INDEX IF NOT EXISTS {TABLE}_day ON {TABLE} (day, id)",
)


class Tampered(Exception):
    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.describe())
        self.finding = finding


@dataclass(frozen=True)
class Head:
    """The chain's link at one event: what an evaluator keeps to prove the log later."""

    day: str
    id: int
    link: str

    def text(self) -> str:
        return f"{self.id}:{self.link}"

    @classmethod
    def parse(cls, text: str) -> Head:
        number, _, link = text.strip().partition(":")
        if (
            not number.isdigit()
            or len(link) != 64
            or any(c not in "0123456789abcdef" for c in link)
        ):
            raise ValueError(f"a head is written ID:SHA256 (64 hex digits), not {text!r}")
        return cls("", int(number), link)


def record_of(notification: Notification) -> Record:
    return Record(
        notification.id,
        notification.originator_id,
        notification.originator_version,
        notification.topic,
        bytes(notification.state),
    )


def _link(row: dict[str, object]) -> Link:
    return Link(
        int(str(row["id"])),
        UUID(str(row["originator_id"])),
        int(str(row["version"])),
        str(row["digest"]),
        str(row["link"]),
    )


class Ledger:
    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        with backend.transaction(write=True) as sql:
            for statement in DDL:
                sql.run(statement)

    # -- inside the read model's page transaction ---------------------------------------------
    def take(self, sql: Sql, notifications: Sequence[Notification], now: datetime) -> int:
        """Link what is new in the page, check what was linked before; returns how many were
        linked. Raises `Tampered` at the first record that is not as it was linked."""
        records = sorted((record_of(n) for n in notifications), key=lambda r: r.id)
        if not records:
            return 0
        head = self.head(sql)
        first, last = records[0].id, records[-1].id
        # A page wholly after the head (the live follower's): nothing to check, one query.
        behind = head is not None and first <= head.id
        kept = {k.id: k for k in self.links_of(sql, [r.id for r in records])} if behind else {}
        previous = head.link if head is not None and not behind else self.link_before(sql, first)
        walk = Walk(lambda digest: self.find(sql, digest), previous)
        linked: list[Link] = []
        for record in records:
            link = kept.get(record.id)
            if link is not None:
                finding = walk.check([record], [link], head.id if head else 0)
                if finding is not None:
                    raise Tampered(finding)
                continue
            if head is not None and record.id < head.id:
                raise Tampered(
                    Finding(
                        Fault.INSERTED,
                        record.id,
                        record.originator_id,
                        record.version,
                        "the log holds an event the ledger never linked",
                    )  # fmt: skip
                )
            digest = digest_of(record)
            walk.previous = chain(walk.previous, digest)
            linked.append(
                Link(record.id, record.originator_id, record.version, digest, walk.previous)
            )
        missing = self._linked_between(sql, first, last) - set(kept) if behind else set()
        if missing:
            raise Tampered(
                Finding(
                    Fault.MISSING,
                    min(missing),
                    None,
                    None,
                    "the ledger linked this event; the log no longer holds it",
                )  # fmt: skip
            )
        if linked:
            self._insert(sql, linked, now)
        return len(linked)

    def _insert(self, sql: Sql, linked: list[Link], now: datetime) -> None:
        at = now.astimezone(UTC)
        day = at.astimezone(SHANGHAI).date().isoformat()
        sql.many(
            f"INSERT INTO {TABLE} (id, originator_id, version, digest, link, day, linked_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?)",
            [
                (k.id, str(k.originator_id), k.version, k.digest, k.link, day, at.isoformat())
                for k in linked
            ],
        )

    # -- reading ------------------------------------------------------------------------------
    def links_of(self, sql: Sql, ids: Sequence[int]) -> list[Link]:
        found: list[Link] = []
        for start in range(0, len(ids), 500):
            part = tuple(ids[start : start + 500])
            marks = ", ".join("?" * len(part))
            rows = sql.rows(f"SELECT * FROM {TABLE} WHERE id IN ({marks}) ORDER BY id", part)
            found.extend(_link(dict(r)) for r in rows)
        return found

    def links_between(self, sql: Sql, after: int, upto: int) -> list[Link]:
        rows = sql.rows(
            f"SELECT * FROM {TABLE} WHERE id > ? AND id <= ? ORDER BY id", (after, upto)
        )
        return [_link(dict(r)) for r in rows]

    def links_after(self, sql: Sql, after: int, limit: int) -> list[Link]:
        rows = sql.rows(f"SELECT * FROM {TABLE} WHERE id > ? ORDER BY id LIMIT ?", (after, limit))
        return [_link(dict(r)) for r in rows]

    def _linked_between(self, sql: Sql, first: int, last: int) -> set[int]:
        rows = sql.rows(f"SELECT id FROM {TABLE} WHERE id >= ? AND id <= ?", (first, last))
        return {int(r["id"]) for r in rows}

    def head(self, sql: Sql) -> Head | None:
        row = sql.one(f"SELECT day, id, link FROM {TABLE} ORDER BY id DESC LIMIT 1")
        return Head(str(row["day"]), int(row["id"]), str(row["link"])) if row else None

    def link_before(self, sql: Sql, id_: int) -> str:
        row = sql.one(f"SELECT link FROM {TABLE} WHERE id < ? ORDER BY id DESC LIMIT 1", (id_,))
        return str(row["link"]) if row else GENESIS

    def find(self, sql: Sql, digest: str) -> int | None:
        row = sql.one(f"SELECT id FROM {TABLE} WHERE digest = ? ORDER BY id LIMIT 1", (digest,))
        return int(row["id"]) if row else None

    def heads(self, sql: Sql) -> list[Head]:
        """The last link of each day, oldest first."""
        rows = sql.rows(
            f"SELECT l.day, l.id, l.link FROM {TABLE} l JOIN (SELECT day, MAX(id) AS id FROM "
            f"{TABLE} GROUP BY day) d ON l.id = d.id ORDER BY l.id"
        )
        return [Head(str(r["day"]), int(r["id"]), str(r["link"])) for r in rows]

    def check_tail(self, sql: Sql, last: int, holds: Callable[[int], bool]) -> None:
        """At the end of the log as read (its last record `last`): a link beyond it is for a
        record removed from the end of the log, unless the log `holds` it (written since)."""
        row = sql.one(f"SELECT id, originator_id, version FROM {TABLE} WHERE id > ? ORDER BY id "
                      "LIMIT 1", (last,))  # fmt: skip
        if row is not None and not holds(int(row["id"])):
            raise Tampered(
                Finding(
                    Fault.MISSING,
                    int(row["id"]),
                    UUID(str(row["originator_id"])),
                    int(row["version"]),
                    "the ledger linked this event; the log no longer holds it",
                )  # fmt: skip
            )
