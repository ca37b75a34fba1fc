"""`xiuhua import`: read a plan file, print the report, store the drafts unless --dry-run or an
error; exit 1 on any error."""

from __future__ import annotations

import argparse
from datetime import UTC, datetime
from pathlib import Path

from domain.application import business_day
from domain.values import Actor
from infra.importer.console import render
from infra.importer.drafts import Options
from infra.importer.service import run_import
from infra.importer.sources import MAX_BYTES
from infra.settings import Settings
from infra.store import open_store


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    year = business_day(datetime.now(UTC)).year
    parser = commands.add_parser(
        "import",
        help="import a task decomposition table (.xlsx/.csv) or a YAML plan as draft campaigns",
    )
    parser.add_argument("file", type=Path, help=".xlsx, .csv (UTF-8 or GB18030) or .yaml")
    parser.add_argument("--dry-run", action="store_true", help="check and report; store nothing")
    parser.add_argument("--year", type=int, default=year, help=f"campaign year (default {year})")
    parser.add_argument("--start-period", help="first reporting period YYYY-MM (default YEAR-01)")
    parser.add_argument("--task-force", default="", help="the task force (专班) running them")
    parser.add_argument("--user", default="coordinator", help="who imports (recorded)")


def run(settings: Settings, args: argparse.Namespace) -> int:
    path: Path = args.file
    if not path.is_file():
        print(f"xiuhua import: no file {path}")
        return 2
    size = path.stat().st_size
    with path.open("rb") as file:
        data = file.read(MAX_BYTES + 1)
    options = Options(
        year=args.year,
        start_period=args.start_period or f"{args.year}-01",
        task_force=args.task_force,
        filename=path.name,
    )
    actor = Actor(args.user, args.task_force or "专班")
    store = open_store(settings)
    try:
        report = run_import(store, data, options, actor, datetime.now(UTC), args.dry_run, size)
    finally:
        store.close()
    print(render(report, args.dry_run))
    return 0 if report.ok else 1
