"""The `xiuhua` command."""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
from datetime import UTC, date, datetime
from pathlib import Path

from domain.commands import LoadHolidays
from domain.errors import DomainError
from domain.values import Actor
from infra.importer import command as import_command
from infra.launch import admins, histories, replay
from infra.ledger import command as ledger_command
from infra.settings import Settings
from infra.store import open_store


def _load_holidays(settings: Settings, path: Path, user: str) -> None:
    """Load one year's official arrangement (holidays and make-up working days) from JSON."""
    data = json.loads(path.read_text(encoding="utf-8"))
    store = open_store(settings)
    try:
        store.load_holidays(
            LoadHolidays(
                int(data["year"]),
                tuple(date.fromisoformat(d) for d in data.get("holidays", [])),
                tuple(date.fromisoformat(d) for d in data.get("workdays", [])),
                data.get("source", ""),
                actor=Actor(user, "admin"),
                now=datetime.now(UTC),
            )
        )
    finally:
        store.close()
    print(f"loaded the {data['year']} arrangement from {path}")


def _add_export(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    export = commands.add_parser("export", help="the status, plans, a bundle or histories")
    kinds = export.add_subparsers(dest="kind", required=True)
    status = kinds.add_parser("status", help="every task's status and report, as .xlsx")
    status.add_argument("--period", help="YYYY-MM (default: the latest period due)")
    status.add_argument("out", type=Path, help="OUT.xlsx")
    plan = kinds.add_parser("plan", help="plans back to the import formats")
    plan.add_argument("--campaign", action="append", default=[], help="code (repeatable)")
    plan.add_argument("out", type=Path, help="OUT.yaml (the import file) or OUT.xlsx (任务分解表)")
    ledger_command.add_export(kinds)
    histories.add_export(kinds)


def _export(settings: Settings, args: argparse.Namespace) -> None:
    from infra.export.commands import export_plan, export_status

    if args.kind == "bundle":
        ledger_command.export(settings, args.out)
    elif args.kind == "history":
        histories.export(settings, args)
    elif args.kind == "status":
        period = export_status(settings, args.out, args.period)
        print(f"wrote the status for {period} to {args.out}")
    else:
        count = export_plan(settings, args.out, args.campaign)
        print(f"wrote {count} campaign plan(s) to {args.out}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="xiuhua", description="Xiuhua special-campaign tracker")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("up", help="start Temporal dev server, worker and web API (embedded)")
    commands.add_parser("worker", help="run a worker against TEMPORAL_ADDRESS")
    commands.add_parser("api", help="run the web API against TEMPORAL_ADDRESS")
    holidays = commands.add_parser("load-holidays", help="load a year's official arrangement")
    holidays.add_argument("file", type=Path, help="JSON: year, source, holidays[], workdays[]")
    holidays.add_argument("--user", default="admin")
    _add_export(commands)
    import_command.add_parser(commands)
    ledger_command.add_parser(commands)
    histories.add_check(commands)
    replay.add_parser(commands)
    admins.add_parser(commands)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    from infra.launch import stack

    try:
        settings = Settings.from_env()
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        if args.command == "up":
            stack.up(settings)
        elif args.command == "worker":
            asyncio.run(stack.run_processes(settings, with_worker=True, with_api=False))
        elif args.command == "api":
            asyncio.run(stack.run_processes(settings, with_worker=False, with_api=True))
        elif args.command == "export":
            _export(settings, args)
        elif args.command == "import":
            return import_command.run(settings, args)
        elif args.command == "verify":
            return ledger_command.run(settings, args)
        elif args.command == "check-histories":
            return histories.check(args)
        elif args.command == "replay":
            return replay.run(settings, args)
        elif args.command == "create-admin":
            return admins.run(settings, args)
        else:
            _load_holidays(settings, args.file, args.user)
    except DomainError as error:
        parser.exit(2, f"xiuhua: {error.field}: {error.message}\n")
    except (RuntimeError, ValueError) as error:  # a port taken, a bad setting, a server away
        parser.exit(1, f"xiuhua: {error}\n")
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
