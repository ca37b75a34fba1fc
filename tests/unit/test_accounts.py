"""Accounts: sign-in attempts, lock-out, roles and tokens are facts; names have one spelling."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain.accounts import MAX_FAILURES, Account, account_id, account_name
from domain.application import Xiuhua
from domain.errors import Conflict, InvalidInput, NotFound
from domain.values import Actor

NOW = datetime(2093, 3, 10, 4, 0, tzinfo=UTC)
ADMIN = Actor("root", "系统管理")


@pytest.fixture
def store(tmp_path: Path) -> Xiuhua:
    app = Xiuhua(
        env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": f"{tmp_path}/e.db"}
    )
    app.register_account("Wang.Li", "王丽", "区城管执法局", "lead_unit", "hash-1", ADMIN, NOW)
    return app


def minutes(n: float) -> datetime:
    return NOW + timedelta(minutes=n)


def test_a_name_has_one_spelling_and_refuses_what_no_name_may_hold() -> None:
    assert account_name(" Ｗａｎｇ.Li ") == "wang.li"
    assert account_id("WANG.LI") == account_id("wang.li")
    for bad in ["", "a b", "王丽", "x\u0000", "a" * 65, "\ud800"]:
        with pytest.raises(InvalidInput) as refused:
            account_name(bad)
        assert refused.value.field == "name"


def test_five_failures_in_a_quarter_of_an_hour_lock_the_account_even_for_the_right_password(
    store: Xiuhua,
) -> None:
    for n in range(MAX_FAILURES):
        assert store.record_sign_in("wang.li", False, minutes(n))[0] is False
    account = store.account("wang.li")
    assert account is not None and account.locked(minutes(5))
    assert store.record_sign_in("wang.li", True, minutes(6))[0] is False
    assert store.record_sign_in("wang.li", True, minutes(4 + 15))[0] is True
    names = [type(e).__name__ for e in store.events.get(account_id("wang.li"))]
    assert names.count("SignInFailed") == MAX_FAILURES + 1
    assert names.count("LockedOut") == 1 and names[-1] == "SignedIn"


def test_failures_spread_over_more_than_the_window_do_not_lock(store: Xiuhua) -> None:
    for n in range(MAX_FAILURES * 2):
        store.record_sign_in("wang.li", False, minutes(n * 4))
    account = store.account("wang.li")
    assert account is not None and account.locked_until is None


def test_an_administrator_unlocks_and_a_new_password_unlocks_too(store: Xiuhua) -> None:
    for n in range(MAX_FAILURES):
        store.record_sign_in("wang.li", False, minutes(n))
    store.unlock_account("wang.li", ADMIN, minutes(6))
    assert store.record_sign_in("wang.li", True, minutes(7))[0] is True


def test_a_role_change_is_checked_and_recorded(store: Xiuhua) -> None:
    with pytest.raises(InvalidInput, match="unit"):
        store.change_role("wang.li", "supporting_unit", "", ADMIN, NOW)
    with pytest.raises(InvalidInput, match="role"):
        store.change_role("wang.li", "king", "区城管执法局", ADMIN, NOW)
    store.change_role("wang.li", "leader", "区政府", ADMIN, NOW)
    account = store.account("wang.li")
    assert account is not None and (account.role, account.unit) == ("leader", "区政府")
    last = list(store.events.get(account_id("wang.li")))[-1]
    assert isinstance(last, Account.RoleChanged) and last.actor == ADMIN


def test_tokens_are_issued_once_and_revoked(store: Xiuhua) -> None:
    store.issue_token("wang.li", "t1", "digest", "报表机", ADMIN, NOW)
    with pytest.raises(Conflict):
        store.issue_token("wang.li", "t1", "other", "again", ADMIN, NOW)
    store.revoke_token("wang.li", "t1", ADMIN, NOW)
    account = store.account("wang.li")
    assert account is not None and account.tokens == {}
    with pytest.raises(NotFound):
        store.revoke_token("wang.li", "t1", ADMIN, NOW)


def test_a_second_registration_of_a_name_is_refused(store: Xiuhua) -> None:
    with pytest.raises(Conflict):
        store.register_account("WANG.LI", "", "区交通委", "lead_unit", "h", ADMIN, NOW)
    assert store.account_names() == ["wang.li"]
