"""Verifying the whole log: against the ledger in the store's own databases (`verify_store`), or
offline from an exported bundle of events and links (`verify_bundle`, infra/ledger/bundle.py),
with the heads an evaluator kept outside the system (`--head ID:HASH`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from eventsourcing.persistence import Notification

from infra.ledger.chain import Fault, Finding, Link, Record, Walk
from infra.ledger.ledger import Head, Ledger, record_of

PAGE = 1000


@dataclass
class Report:
    checked: int = 0  # records found as they were linked
    unlinked: int = 0  # records after the ledger's head (linked once the read model follows)
    finding: Finding | None = None  # the first record that is not as it was linked
    head: Head | None = None  # the ledger's last link
    heads: list[Head] = field(default_factory=list)  # the last link of each day
    broken_heads: list[str] = field(default_factory=list)  # kept heads the log does not extend

    @property
    def ok(self) -> bool:
        return self.finding is None and not self.broken_heads

    def lines(self) -> list[str]:
        said = [f"verified {self.checked} events against their links"]
        if self.unlinked:
            said.append(f"{self.unlinked} later events not linked yet (the read model links them)")
        if self.finding is not None:
            said.append(f"DOES NOT VERIFY at {self.finding.describe()}")
        said += [f"DOES NOT EXTEND kept head {h}" for h in self.broken_heads]
        if self.head is not None:
            said.append(f"head: {self.head.text()}")
        said += [f"head of {h.day}: {h.text()}" for h in self.heads]
        return said


def walk_log(
    pages: Iterable[tuple[list[Record], list[Link]]],
    find: Callable[[str], int | None],
    head: Head | None,
    kept: Sequence[Head] = (),
    links_at: Callable[[int], str | None] = lambda _: None,
) -> Report:
    """The report of walking `pages`, each the records and links of one range of ids."""
    report = Report(head=head)
    walk = Walk(find)
    for records, links in pages:
        report.finding = walk.check(records, links, head.id if head else 0)
        if report.finding is not None:
            break
    report.checked, report.unlinked = walk.checked, walk.unlinked
    if report.finding is None:
        for kept_head in kept:
            if links_at(kept_head.id) != kept_head.link:
                report.broken_heads.append(kept_head.text())
    return report


def _store_pages(
    select: Callable[[int, int], Sequence[Notification]], ledger: Ledger
) -> Iterator[tuple[list[Record], list[Link]]]:
    after = 0
    while True:
        records = [record_of(n) for n in select(after + 1, PAGE)]
        with ledger.backend.transaction() as sql:
            if not records:
                rest = ledger.links_between(sql, after, 2**62)
                yield [], rest[:1]  # a link past the log's end: that record was removed
                return
            upto = records[-1].id
            yield records, ledger.links_between(sql, after, upto)
        after = upto


def verify_store(
    select: Callable[[int, int], Sequence[Notification]], ledger: Ledger, kept: Sequence[Head] = ()
) -> Report:
    """Walk the store's whole log (`select`: the recorder's select_notifications) against the
    ledger; name the first record that is not as linked, and check the kept heads."""

    def find(digest: str) -> int | None:
        with ledger.backend.transaction() as sql:
            return ledger.find(sql, digest)

    def links_at(id_: int) -> str | None:
        with ledger.backend.transaction() as sql:
            found = ledger.links_of(sql, [id_])
        return found[0].link if found else None

    with ledger.backend.transaction() as sql:
        head, heads = ledger.head(sql), ledger.heads(sql)
    report = walk_log(_store_pages(select, ledger), find, head, kept, links_at)
    report.heads = heads
    return report


__all__ = ["Fault", "Report", "verify_store", "walk_log"]
