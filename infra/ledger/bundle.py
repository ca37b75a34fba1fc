"""An evaluator's bundle: the stored events, their links and the daily heads in one zip file,
which verifies on another machine with no server (`xiuhua verify --bundle FILE`).

events.jsonl holds one stored record a line (id, originator, version, topic, state in base64),
links.jsonl the ledger's link for each, heads.json the last link of each day.
"""

from __future__ import annotations

import base64
import json
import zipfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import Notification

from infra.ledger.chain import Link, Record
from infra.ledger.ledger import Head, Ledger, record_of
from infra.ledger.verify import PAGE, Report, walk_log

FORMAT = "xiuhua-bundle/1"


def export_bundle(
    select: Callable[[int, int], Sequence[Notification]], ledger: Ledger, path: Path
) -> int:
    """Write the whole log and its links to `path`; returns how many events."""
    count = 0
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        with bundle.open("events.jsonl", "w") as events:
            after = 0
            while page := [record_of(n) for n in select(after + 1, PAGE)]:
                for record in page:
                    events.write(_record_line(record))
                count += len(page)
                after = page[-1].id
        with bundle.open("links.jsonl", "w") as links, ledger.backend.transaction() as sql:
            after = 0
            while page_links := ledger.links_after(sql, after, PAGE):
                for link in page_links:
                    links.write(_link_line(link))
                after = page_links[-1].id
            heads = ledger.heads(sql)
        bundle.writestr(
            "heads.json",
            json.dumps(
                {"format": FORMAT, "heads": [{"day": h.day, "head": h.text()} for h in heads]},
                ensure_ascii=False,
                indent=1,
            ),
        )
    return count


def _record_line(record: Record) -> bytes:
    data = {
        "id": record.id,
        "originator_id": str(record.originator_id),
        "version": record.version,
        "topic": record.topic,
        "state": base64.b64encode(record.state).decode("ascii"),
    }
    return (json.dumps(data) + "\n").encode()


def _link_line(link: Link) -> bytes:
    data = {
        "id": link.id,
        "originator_id": str(link.originator_id),
        "version": link.version,
        "digest": link.digest,
        "link": link.link,
    }
    return (json.dumps(data) + "\n").encode()


def _lines(bundle: zipfile.ZipFile, name: str) -> Iterator[dict[str, object]]:
    with bundle.open(name) as stream:
        for line in stream:
            if line.strip():
                yield json.loads(line)


def verify_bundle(path: Path, kept: Sequence[Head] = ()) -> Report:
    """Verify a bundle offline: its events against its links, and the heads it carries and
    those the evaluator `kept`."""
    with zipfile.ZipFile(path) as bundle:
        if "heads.json" not in bundle.namelist():
            raise ValueError(f"{path} is not a Xiuhua bundle: it has no heads.json")
        meta = json.loads(bundle.read("heads.json"))
        records = sorted(
            (
                Record(
                    int(str(e["id"])),
                    UUID(str(e["originator_id"])),
                    int(str(e["version"])),
                    str(e["topic"]),
                    base64.b64decode(str(e["state"])),
                )  # fmt: skip
                for e in _lines(bundle, "events.jsonl")
            ),
            key=lambda r: r.id,
        )
        links = [
            Link(
                int(str(k["id"])),
                UUID(str(k["originator_id"])),
                int(str(k["version"])),
                str(k["digest"]),
                str(k["link"]),
            )  # fmt: skip
            for k in _lines(bundle, "links.jsonl")
        ]
    links.sort(key=lambda k: k.id)
    by_digest = {k.digest: k.id for k in reversed(links)}
    by_id = {k.id: k.link for k in links}
    head = Head("", links[-1].id, links[-1].link) if links else None
    carried = [Head.parse(str(h["head"])) for h in meta.get("heads", [])]
    last = records[-1].id if records else 0
    pages = [(records, [k for k in links if k.id <= last])]
    pages.append(([], [k for k in links if k.id > last][:1]))
    report = walk_log(pages, by_digest.get, head, [*carried, *kept], by_id.get)
    report.heads = [Head(str(h["day"]), *_split(str(h["head"]))) for h in meta.get("heads", [])]
    return report


def _split(text: str) -> tuple[int, str]:
    parsed = Head.parse(text)
    return parsed.id, parsed.link
