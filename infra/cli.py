"""The `xiuhua` command."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
from datetime import UTC, date, datetime
from pathlib import Path

from domain.errors import DomainError
from domain.values import Actor
from infra.settings import Settings
from infra.store import open_store


def _load_holidays(settings: Settings, path: Path, user: str) -> None:
    """Load one year's official arrangement (holidays and make-up working days) from JSON."""
    data = json.loads(path.read_text(encoding="utf-8"))
    store = open_store(settings)
    try:
        store.load_holidays(
            int(data["year"]),
            tuple(date.fromisoformat(d) for d in data.get("holidays", [])),
            tuple(date.fromisoformat(d) for d in data.get("workdays", [])),
            data.get("source", ""),
            Actor(user, "admin"),
            datetime.now(UTC),
        )
    finally:
        store.close()
    print(f"loaded the {data['year']} arrangement from {path}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="xiuhua", description="Xiuhua special-campaign tracker")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("up", help="start Temporal dev server, worker and web API (embedded)")
    commands.add_parser("worker", help="run a worker against TEMPORAL_ADDRESS")
    commands.add_parser("api", help="run the web API against TEMPORAL_ADDRESS")
    holidays = commands.add_parser("load-holidays", help="load a year's official arrangement")
    holidays.add_argument("file", type=Path, help="JSON: year, source, holidays[], workdays[]")
    holidays.add_argument("--user", default="admin")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    settings = Settings.from_env()
    settings.data_dir.mkdir(parents=True, exist_ok=True)

    from infra import stack

    try:
        if args.command == "up":
            stack.up(settings)
        elif args.command == "worker":
            asyncio.run(stack.run_processes(settings, with_worker=True, with_api=False))
        elif args.command == "api":
            asyncio.run(stack.run_processes(settings, with_worker=False, with_api=True))
        else:
            _load_holidays(settings, args.file, args.user)
    except DomainError as error:
        parser.exit(2, f"xiuhua: {error.field}: {error.message}\n")
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
