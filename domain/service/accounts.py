"""Accounts: register users, change their role or password, record sign-ins, issue API tokens.

The caller hashes passwords and verifies attempts (the domain never sees a password) and
passes `now`. Sign-in attempts are facts like any other: a lost race is decided again.
"""

from __future__ import annotations

from datetime import datetime

from eventsourcing.utils import get_topic

from domain.accounts import Account, account_id
from domain.errors import Conflict, NotFound
from domain.service.base import Outcome, Store, business_day, retry_on_conflict
from domain.values import Actor


class AccountCommands(Store):
    def account(self, name: str) -> Account | None:
        """The account signed in as `name`, to read only; None when there is none."""
        found = self.existing(account_id(name), read_only=True)
        return found if isinstance(found, Account) else None

    def _account(self, name: str) -> Account:
        found = self.existing(account_id(name))
        if not isinstance(found, Account):
            raise NotFound("name", f"没有这个用户 / no user '{name}'")
        return found

    def account_names(self) -> list[str]:
        """Every registered account's name, from the notification log (a short list)."""
        topic = get_topic(Account.Registered)
        ids = []
        start = 1
        while True:
            page = self.recorder.select_notifications(start, 500, topics=[topic])
            ids.extend(n.originator_id for n in page)
            if len(page) < 500:
                break
            start = page[-1].id + 1
        accounts = [self.existing(i, read_only=True) for i in ids]
        return sorted(a.name for a in accounts if isinstance(a, Account))

    def register_account(
        self,
        name: str,
        display_name: str,
        unit: str,
        role: str,
        password_hash: str,
        actor: Actor,
        now: datetime,
    ) -> Outcome:
        if self.account(name) is not None:
            raise Conflict("name", f"用户已存在 / user '{name}' exists already")
        account = Account.register(
            name, display_name, unit, role, password_hash, actor, business_day(now)
        )
        return self._commit(account)

    @retry_on_conflict
    def record_sign_in(self, name: str, verified: bool, now: datetime) -> tuple[bool, Outcome]:
        """Record an attempt the caller verified; whether it let the user in."""
        account = self._account(name)
        admitted = account.sign_in(verified, now, account.actor, business_day(now))
        return admitted, self._commit(account)

    @retry_on_conflict
    def change_password(
        self, name: str, password_hash: str, actor: Actor, now: datetime
    ) -> Outcome:
        account = self._account(name)
        account.change_password(password_hash, actor, business_day(now))
        return self._commit(account)

    @retry_on_conflict
    def change_role(self, name: str, role: str, unit: str, actor: Actor, now: datetime) -> Outcome:
        account = self._account(name)
        account.change_role(role, unit, actor, business_day(now))
        return self._commit(account)

    @retry_on_conflict
    def unlock_account(self, name: str, actor: Actor, now: datetime) -> Outcome:
        account = self._account(name)
        account.unlock(actor, business_day(now))
        return self._commit(account)

    @retry_on_conflict
    def issue_token(
        self, name: str, token_id: str, digest: str, label: str, actor: Actor, now: datetime
    ) -> Outcome:
        account = self._account(name)
        account.issue_token(token_id, digest, label, now, actor, business_day(now))
        return self._commit(account)

    @retry_on_conflict
    def revoke_token(self, name: str, token_id: str, actor: Actor, now: datetime) -> Outcome:
        account = self._account(name)
        account.revoke_token(token_id, actor, business_day(now))
        return self._commit(account)
