"""`xiuhua export history` and `xiuhua check-histories`: the campaign workflows' own records."""

from __future__ import annotations

import argparse
import asyncio
from pathlib import Path

from domain.campaign import campaign_id
from infra.settings import Settings
from infra.store import open_store
from infra.temporal import connect
from workflows.histories import export_histories, replay_histories


def add_export(kinds: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    history = kinds.add_parser("history", help="every campaign workflow run, as history JSON")
    history.add_argument("--campaign", action="append", default=[], help="code (repeatable)")
    history.add_argument("out", type=Path, help="a directory for the files")


def add_check(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    check = commands.add_parser(
        "check-histories", help="replay exported workflow histories against this code"
    )
    check.add_argument("dir", type=Path, help="a directory written by `xiuhua export history`")


def export(settings: Settings, args: argparse.Namespace) -> None:
    store = open_store(settings)
    try:
        ids = [campaign_id(code) for code in args.campaign] or store.launched_campaigns()
    finally:
        store.close()

    async def run() -> list[Path]:
        client = await connect(settings, attempts=3)
        return await export_histories(client, ids, args.out)

    written = asyncio.run(run())
    print(f"wrote {len(written)} workflow run histories of {len(ids)} campaigns to {args.out}")


def check(args: argparse.Namespace) -> int:
    paths = sorted(args.dir.glob("*.json"))
    if not paths:
        raise ValueError(f"{args.dir}: no history files (*.json)")
    results = asyncio.run(replay_histories(paths))
    for result in results:
        print(f"{'replays' if result.ok else 'DOES NOT REPLAY'}: {result.path.name} {result.error}")
    return 0 if all(r.ok for r in results) else 1
