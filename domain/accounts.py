"""User accounts: who may sign in, with which role for which unit, and what happened at the door.

Every registration, password change, role change, sign-in, failed attempt, lock-out and API
token is a fact on the account. The domain never sees a password: the caller hashes it (and
verifies an attempt against `password_hash`) and passes only the hash or the verdict in, with
`now`. A token is kept as a digest too; its secret is shown once, at issue, and never stored.
"""

from __future__ import annotations

import unicodedata
from datetime import date, datetime, timedelta
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.audit import Audited, audited
from domain.errors import Conflict, InvalidInput, NotFound
from domain.snapshots import StateSnapshot
from domain.values import Actor

ROLES = ("coordinator", "lead_unit", "supporting_unit", "evaluator", "leader", "admin")
UNIT_ROLES = frozenset({"lead_unit", "supporting_unit"})
# Five failures within a quarter of an hour lock the account for a quarter of an hour.
MAX_FAILURES = 5
FAILURE_WINDOW = timedelta(minutes=15)
LOCK_FOR = timedelta(minutes=15)
NAME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789._-@")


def account_name(text: str) -> str:
    """One spelling per sign-in name: NFKC-folded, lower case, ASCII letters, digits and . _ - @."""
    name = unicodedata.normalize("NFKC", text or "").strip().lower()
    if not name:
        raise InvalidInput("name", "必填 / is required")
    if len(name) > 64:
        raise InvalidInput("name", "最多64个字符 / at most 64 characters")
    if not set(name) <= NAME_CHARS:
        raise InvalidInput(
            "name", "只能包含字母、数字和 . _ - @ / only letters, digits and . _ - @"
        )
    return name


def account_id(name: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"/accounts/{account_name(name)}")


def clean_text(text: str, field: str, limit: int = 100) -> str:
    value = unicodedata.normalize("NFC", text or "").strip()
    if any(unicodedata.category(c) in ("Cc", "Cs") for c in value):
        raise InvalidInput(field, "含有控制字符 / contains control characters")
    if len(value) > limit:
        raise InvalidInput(field, f"最多{limit}个字符 / at most {limit} characters")
    return value


def check_role(role: str, unit: str) -> None:
    if role not in ROLES:
        raise InvalidInput("role", f"未知角色 / unknown role '{role}'")
    if role in UNIT_ROLES and not unit:
        raise InvalidInput("unit", "单位角色须填写单位 / a unit role needs its unit")


class Account(Aggregate):
    class Event(Audited):
        pass

    class Created(Event, Aggregate.Created):
        pass

    Snapshot = StateSnapshot

    @staticmethod
    def create_id(name: str, **_: Any) -> UUID:
        return account_id(name)

    @event("Registered")
    def __init__(
        self,
        name: str,
        display_name: str,
        unit: str,
        role: str,
        password_hash: str,
        actor: Actor,
        on: date,
    ) -> None:
        self.name = name
        self.display_name = display_name
        self.unit = unit
        self.role = role
        self.password_hash = password_hash
        self.failures: tuple[datetime, ...] = ()
        self.locked_until: datetime | None = None
        self.last_sign_in: datetime | None = None
        self.tokens: dict[str, str] = {}  # token id -> digest of its secret
        self.token_labels: dict[str, str] = {}

    @classmethod
    def register(
        cls,
        name: str,
        display_name: str,
        unit: str,
        role: str,
        password_hash: str,
        actor: Actor,
        on: date,
    ) -> Account:
        """A new account, its fields checked; the password arrives hashed."""
        name = account_name(name)
        display = clean_text(display_name, "display_name") or name
        unit = clean_text(unit, "unit")
        check_role(role, unit)
        if not password_hash:
            raise InvalidInput("password", "必填 / is required")
        return cls(
            name=name,
            display_name=display,
            unit=unit,
            role=role,
            password_hash=password_hash,
            actor=actor,
            on=on,
        )

    @property
    def actor(self) -> Actor:
        return Actor(self.name, self.unit)

    def locked(self, now: datetime) -> bool:
        return self.locked_until is not None and now < self.locked_until

    # -- at the door --------------------------------------------------------------------------
    @event("SignedIn")
    def _signed_in(self, at: datetime) -> None:
        self.failures = ()
        self.last_sign_in = at

    @event("SignInFailed")
    def _failed(self, at: datetime, reason: str) -> None:
        # Attempts while locked do not count towards the next lock; old ones fall out.
        counted = (at,) if reason == "password" else ()
        self.failures = (*(t for t in self.failures if at - t < FAILURE_WINDOW), *counted)

    @event("LockedOut")
    def _locked_out(self, at: datetime, until: datetime) -> None:
        self.locked_until = until
        self.failures = ()

    @event("Unlocked")
    def _unlocked(self) -> None:
        self.locked_until = None
        self.failures = ()

    @audited
    def sign_in(self, verified: bool, now: datetime, actor: Actor, on: date) -> bool:
        """Record an attempt whose password the caller verified; True when it lets the user in.
        A locked account refuses even the right password, and the attempt is recorded."""
        if self.locked(now):
            self._failed(at=now, reason="locked")
            return False
        if verified:
            self._signed_in(at=now)
            return True
        self._failed(at=now, reason="password")
        if len(self.failures) >= MAX_FAILURES:
            self._locked_out(at=now, until=now + LOCK_FOR)
        return False

    @audited
    def unlock(self, actor: Actor, on: date) -> None:
        self._unlocked()

    # -- by an administrator (or the user, for the password) ----------------------------------
    @event("PasswordChanged")
    def _password_changed(self, password_hash: str) -> None:
        self.password_hash = password_hash
        self.locked_until = None
        self.failures = ()

    @audited
    def change_password(self, password_hash: str, actor: Actor, on: date) -> None:
        if not password_hash:
            raise InvalidInput("password", "必填 / is required")
        self._password_changed(password_hash=password_hash)

    @event("RoleChanged")
    def _role_changed(self, role: str, unit: str) -> None:
        self.role = role
        self.unit = unit

    @audited
    def change_role(self, role: str, unit: str, actor: Actor, on: date) -> None:
        unit = clean_text(unit, "unit")
        check_role(role, unit)
        if (role, unit) != (self.role, self.unit):
            self._role_changed(role=role, unit=unit)

    @event("TokenIssued")
    def _token_issued(self, token_id: str, digest: str, label: str, at: datetime) -> None:
        self.tokens[token_id] = digest
        self.token_labels[token_id] = label

    @audited
    def issue_token(
        self, token_id: str, digest: str, label: str, now: datetime, actor: Actor, on: date
    ) -> None:
        if token_id in self.tokens:
            raise Conflict("token_id", "已存在 / already issued")
        self._token_issued(
            token_id=token_id, digest=digest, label=clean_text(label, "label"), at=now
        )

    @event("TokenRevoked")
    def _token_revoked(self, token_id: str) -> None:
        self.tokens.pop(token_id, None)
        self.token_labels.pop(token_id, None)

    @audited
    def revoke_token(self, token_id: str, actor: Actor, on: date) -> None:
        if token_id not in self.tokens:
            raise NotFound("token_id", "没有这个令牌 / no such token")
        self._token_revoked(token_id=token_id)
