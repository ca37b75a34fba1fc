"""The demo's sign-ins: one user per role, a new password at every start, only hashes stored."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from domain.accounts import ROLES
from domain.application import Xiuhua
from infra.launch.demo.users import demo_sign_ins, sign_in_table
from infra.passwords import verify_password

NOW = datetime(2093, 3, 10, 4, 0, tzinfo=UTC)


def test_every_role_gets_a_demo_user_whose_printed_password_signs_in(tmp_path: Path) -> None:
    db = tmp_path / "e.db"
    store = Xiuhua(env={"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": str(db)})
    first = demo_sign_ins(store, NOW)
    assert sorted(u.role for u, _ in first) == sorted(ROLES)
    second = demo_sign_ins(store, NOW)
    for (user, old), (_, new) in zip(first, second, strict=True):
        account = store.account(user.name)
        assert account is not None and account.role == user.role
        assert old != new and verify_password(account.password_hash, new)
        assert not verify_password(account.password_hash, old)
    table = sign_in_table(second, "http://127.0.0.1:8000/")
    assert all(password in table for _, password in second)
    assert all(password.encode() not in db.read_bytes() for _, password in first + second)
    store.close()
