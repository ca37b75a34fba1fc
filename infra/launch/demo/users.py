"""The demo's sign-ins: one user per role, with a fresh generated password at every start.

Only for the embedded demo (dev): the passwords are printed once, at start, and only their
argon2 hashes are stored, as the events of each account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.application import Xiuhua
from domain.values import SYSTEM
from infra.passwords import hash_password, new_password


@dataclass(frozen=True)
class DemoUser:
    name: str
    display_name: str
    unit: str
    role: str


DEMO_USERS = (
    DemoUser("coordinator", "专班联络员", "精细化专项行动专班", "coordinator"),
    DemoUser("lead", "区水务局填报员", "区水务局", "lead_unit"),
    DemoUser("support", "区建设管理委联络员", "区建设管理委", "supporting_unit"),
    DemoUser("evaluator", "评估组", "评估组", "evaluator"),
    DemoUser("leader", "分管领导", "区政府", "leader"),
    DemoUser("admin", "系统管理员", "系统管理", "admin"),
)


def demo_sign_ins(store: Xiuhua, now: datetime) -> list[tuple[DemoUser, str]]:
    """Make sure every demo user exists, give each a new password, and return them."""
    given = []
    for user in DEMO_USERS:
        password = new_password()
        hashed = hash_password(password)
        if store.account(user.name) is None:
            store.register_account(
                user.name, user.display_name, user.unit, user.role, hashed, SYSTEM, now
            )
        else:
            store.change_password(user.name, hashed, SYSTEM, now)
        given.append((user, password))
    return given


def sign_in_table(given: list[tuple[DemoUser, str]], url: str) -> str:
    lines = [f"Sign in at {url} (demo users; new passwords at every start):"]
    lines += [f"  {u.role:<16} {u.name:<12} {password}   {u.unit}" for u, password in given]
    return "\n".join(lines)
