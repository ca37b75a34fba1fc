"""Who is calling: bearer tokens mapped to (user, unit, role), and the access rules.

Accounts (domain/accounts.py) sign in to pages with a password and reach /api with tokens an
administrator issues (api/identity.py). Tokens also come from the JSON file named by
XIUHUA_USERS_FILE:
    {"users": [{"token": "...", "user": "wang.li", "unit": "区城管执法局", "role": "lead_unit"}]}
In XIUHUA_ENV=dev without a file, demo tokens work: `demo-coordinator` (专班),
`demo-evaluator`, `demo-leader` (分管领导), `demo-admin`, `demo-lead:<unit>` for any lead unit
and `demo-support:<unit>` for any supporting unit (配合单位, read only); the unit name
percent-encoded, as HTTP headers carry ASCII only. Outside dev a file is required and demo
tokens are refused.

What each role may call is declared per route (api/access.py); what a unit may see of other
units' tasks, in api/presenters/visibility.py.
"""

from __future__ import annotations

import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import unquote

from domain.units import UnitNames
from domain.values import Actor

DEMO_LEAD = "demo-lead:"
DEMO_SUPPORT = "demo-support:"


class Role(StrEnum):
    """Who a user is; every role not in UNIT_ROLES reads the whole portfolio."""

    COORDINATOR = "coordinator"
    LEAD_UNIT = "lead_unit"
    SUPPORTING_UNIT = "supporting_unit"
    EVALUATOR = "evaluator"
    LEADER = "leader"  # 分管领导: reads everything, signs nothing
    ADMIN = "admin"


# Roles that act for one unit: they see that unit's tasks in full and others' as published.
UNIT_ROLES = frozenset({Role.LEAD_UNIT, Role.SUPPORTING_UNIT})


@dataclass(frozen=True)
class User:
    name: str
    unit: str
    role: Role
    display: str = ""  # the account's display name, for pages

    @property
    def actor(self) -> Actor:
        return Actor(self.name, self.unit)


DEMO_USERS = {
    "demo-coordinator": User("demo-coordinator", "专班", Role.COORDINATOR),
    "demo-evaluator": User("demo-evaluator", "评估组", Role.EVALUATOR),
    "demo-leader": User("demo-leader", "区政府", Role.LEADER),
    "demo-admin": User("demo-admin", "系统管理", Role.ADMIN),
}


class Directory:
    """Resolves a presented token to its user, or None."""

    def __init__(self, users: Mapping[str, User], demo: bool = False) -> None:
        self.users = dict(users)
        self.demo = demo

    def resolve(self, token: str) -> User | None:
        for known, user in self.users.items():
            if hmac.compare_digest(known.encode(), token.encode()):
                return user
        if not self.demo:
            return None
        for prefix, role in ((DEMO_LEAD, Role.LEAD_UNIT), (DEMO_SUPPORT, Role.SUPPORTING_UNIT)):
            if token.startswith(prefix):
                unit = unquote(token[len(prefix) :]).strip()
                return User(f"{prefix[:-1]}@{unit}", unit, role) if unit else None
        return None


def read_users(path: Path) -> dict[str, User]:
    data = json.loads(path.read_text(encoding="utf-8"))
    entries: Iterable[Mapping[str, str]] = data["users"] if isinstance(data, dict) else data
    users: dict[str, User] = {}
    for n, entry in enumerate(entries):
        missing = {"token", "user", "unit", "role"} - set(entry)
        if missing:
            raise ValueError(f"{path}: users[{n}] lacks {', '.join(sorted(missing))}")
        users[entry["token"]] = User(entry["user"], entry["unit"], Role(entry["role"]))
    return users


def load_directory(environment: str, users_file: str | None) -> Directory:
    """The file's users; the demo set only in dev and only when no file is given."""
    if users_file:
        return Directory(read_users(Path(users_file)))
    if environment != "dev":
        raise ValueError("XIUHUA_USERS_FILE is required outside XIUHUA_ENV=dev")
    return Directory(DEMO_USERS, demo=True)


def same_unit(user: User, unit: str, names: UnitNames | None = None) -> bool:
    """`unit` names the user's own unit, under any name the units registry (`names`) knows."""
    names = names or UnitNames()
    return names.resolve(unit) == names.resolve(user.unit)
