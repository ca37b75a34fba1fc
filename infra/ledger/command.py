"""`xiuhua verify` and `xiuhua export bundle`: the hash chain from the command line."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from infra.ledger.bundle import FORMAT, export_bundle, verify_bundle
from infra.ledger.ledger import Head
from infra.ledger.verify import Report, verify_store
from infra.settings import Settings
from infra.store import open_store


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    verify = commands.add_parser(
        "verify", help="walk the whole event log against its hash chain and print the heads"
    )
    verify.add_argument(
        "--head", action="append", default=[], metavar="ID:SHA256",
        help="a head kept outside the system: the log must still extend it (repeatable)",
    )  # fmt: skip
    verify.add_argument("--heads-file", type=Path, help="a heads file kept earlier (--heads-out)")
    verify.add_argument("--heads-out", type=Path, help="write each day's head to this file")
    verify.add_argument("--bundle", type=Path, help="verify an exported bundle, offline")


def add_export(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    bundle = kinds.add_parser("bundle", help="the events, their links and heads, to verify offline")
    bundle.add_argument("out", type=Path, help="OUT.zip")


def kept_heads(args: argparse.Namespace) -> list[Head]:
    heads = [Head.parse(text) for text in args.head]
    if args.heads_file is not None:
        data = json.loads(args.heads_file.read_text(encoding="utf-8"))
        heads += [Head.parse(str(h["head"])) for h in data.get("heads", [])]
    return heads


def run(settings: Settings, args: argparse.Namespace) -> int:
    kept = kept_heads(args)
    if args.bundle is not None:
        report = verify_bundle(args.bundle, kept)
    else:
        report = _verify_store(settings, kept)
    for line in report.lines():
        print(line)
    if args.heads_out is not None:
        write_heads(report, args.heads_out)
        print(f"wrote {len(report.heads)} daily heads to {args.heads_out}")
    return 0 if report.ok else 1


def _verify_store(settings: Settings, kept: list[Head]) -> Report:
    from infra.readmodel import ReadModel

    store = open_store(settings)
    try:
        model = ReadModel.for_app(store)
        try:
            assert model.ledger is not None
            return verify_store(store.recorder.select_notifications, model.ledger, kept)
        finally:
            model.close()
    finally:
        store.close()


def write_heads(report: Report, path: Path) -> None:
    heads = [{"day": h.day, "head": h.text()} for h in report.heads]
    path.write_text(json.dumps({"format": FORMAT, "heads": heads}, indent=1) + "\n")


def export(settings: Settings, out: Path) -> None:
    from infra.readmodel import ReadModel

    store = open_store(settings)
    try:
        model = ReadModel.for_app(store)
        try:
            assert model.ledger is not None
            count = export_bundle(store.recorder.select_notifications, model.ledger, out)
        finally:
            model.close()
    finally:
        store.close()
    print(f"wrote {count} events with their links and daily heads to {out}")
