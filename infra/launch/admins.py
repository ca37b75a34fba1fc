"""`xiuhua create-admin NAME`: the first administrator, who then creates everyone else."""

from __future__ import annotations

import argparse
import getpass
import sys
from datetime import UTC, datetime

from domain.values import Actor
from infra.passwords import hash_password, password_problem
from infra.settings import Settings
from infra.store import open_store


def add_parser(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    admin = commands.add_parser("create-admin", help="create an administrator (asks a password)")
    admin.add_argument("name", help="the sign-in name: letters, digits and . _ - @")
    admin.add_argument("--display-name", default="", help="the name shown on pages")
    admin.add_argument("--unit", default="系统管理")
    admin.add_argument(
        "--password-stdin", action="store_true", help="read the password from standard input"
    )


def _password(from_stdin: bool) -> str:
    if from_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Again: ") != first:
        raise ValueError("the two passwords differ")
    return first


def run(settings: Settings, args: argparse.Namespace) -> int:
    password = _password(args.password_stdin)
    problem = password_problem(password)
    if problem:
        raise ValueError(f"password: {problem}")
    store = open_store(settings)
    try:
        store.register_account(
            args.name,
            args.display_name,
            args.unit,
            "admin",
            hash_password(password),
            Actor(getpass.getuser() or "cli", "系统管理"),
            datetime.now(UTC),
        )
    finally:
        store.close()
    print(f"created administrator {args.name.strip().lower()}; sign in at /signin")
    return 0
