"""`xiuhua replay --as-of D [--known-on K]`: the portfolio as it stood then, from the events up
to the cut (infra/readmodel/past.py): each campaign's tasks by status, and optionally the status
workbook of that moment, as the task force would have sent it."""

from __future__ import annotations

import argparse
from collections import Counter
from datetime import date, datetime
from pathlib import Path

from domain.calendar import SHANGHAI
from infra.export.status import gather_status
from infra.export.status_xlsx import status_workbook
from infra.readmodel.past import Past
from infra.settings import Settings
from infra.store import open_store


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    replay = commands.add_parser("replay", help="the portfolio as of a date, from its events")
    replay.add_argument("--as-of", type=date.fromisoformat, help="business date D (YYYY-MM-DD)")
    replay.add_argument(
        "--known-on", type=_instant, help="only what was recorded by K (ISO, with its zone)"
    )
    replay.add_argument("--out", type=Path, help="also write the status workbook (.xlsx)")


def _instant(text: str) -> datetime:
    instant = datetime.fromisoformat(text)
    if instant.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text}: give the time zone, e.g. {text}+08:00")
    return instant


def run(settings: Settings, args: argparse.Namespace) -> int:
    if args.as_of is None and args.known_on is None:
        raise ValueError("give --as-of D, --known-on K or both")
    if args.out is not None and args.out.suffix.lower() != ".xlsx":
        raise ValueError(f"{args.out} must end in .xlsx")
    day = args.as_of or args.known_on.astimezone(SHANGHAI).date()
    store = open_store(settings)
    past = Past(store)
    try:
        if args.known_on is None:
            view = past.as_of(args.as_of)
        elif args.as_of is None:
            view = past.known_on(args.known_on)
        else:
            view = past.both(args.as_of, args.known_on)
        try:
            with view.read() as queries:
                report = gather_status(queries, day)
        finally:
            view.close()
    finally:
        past.close()
        store.close()
    cut = " ".join(
        part
        for part in (
            f"as of {args.as_of}" if args.as_of else "",
            f"as known on {args.known_on.isoformat()}" if args.known_on else "",
        )
        if part
    )
    print(f"the portfolio {cut}; statuses judged on {day}; period reported: {report.period}")
    by_campaign: dict[str, Counter[str]] = {}
    for row in report.rows:
        by_campaign.setdefault(f"{row.campaign_code} {row.campaign}", Counter())[
            row.status.value
        ] += 1
    for name, counts in by_campaign.items():
        shown = ", ".join(f"{status} {count}" for status, count in sorted(counts.items()))
        print(f"  {name}: {shown}")
    if not by_campaign:
        print("  (no campaign had been launched)")
    if args.out is not None:
        args.out.write_bytes(status_workbook(report))
        print(f"wrote the status workbook of that moment to {args.out}")
    return 0
