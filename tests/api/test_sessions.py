"""Browser sessions on SQLite and PostgreSQL: only the id's hash is kept, they expire when idle
and at their absolute end, and a rebuild of the read model keeps them."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from domain.application import Xiuhua
from infra.readmodel import ReadModel
from infra.readmodel.model import TRACKING
from infra.sessions import TABLE, Sessions

START = datetime(2093, 3, 10, 4, 0, tzinfo=UTC)


@pytest.fixture
def readmodel(app: Xiuhua) -> Iterator[ReadModel]:
    model = ReadModel.for_app(app)
    yield model
    model.close()


@pytest.fixture
def sessions(readmodel: ReadModel) -> Sessions:
    return Sessions(readmodel.backend, timedelta(hours=12), timedelta(minutes=30))


def test_only_the_hash_of_a_session_id_is_stored(sessions: Sessions) -> None:
    session_id, session = sessions.start("wang", START)
    with sessions.backend.transaction() as sql:
        rows = sql.rows(f"SELECT * FROM {TABLE}")
    assert len(rows) == 1 and session_id not in str(dict(rows[0]))
    found = sessions.find(session_id, START + timedelta(minutes=1))
    assert found is not None and found.user == "wang" and found.csrf == session.csrf
    assert sessions.find(session_id + "x", START) is None


def test_a_session_ends_when_idle_and_at_its_absolute_end_whatever_comes_first(
    sessions: Sessions,
) -> None:
    idle, _ = sessions.start("wang", START)
    assert sessions.find(idle, START + timedelta(minutes=29)) is not None
    assert sessions.find(idle, START + timedelta(minutes=29 + 30)) is None
    assert sessions.find(idle, START + timedelta(minutes=30)) is None  # gone for good
    busy, _ = sessions.start("wang", START)
    at = START
    while at + timedelta(minutes=20) < START + timedelta(hours=12):
        at += timedelta(minutes=20)
        assert sessions.find(busy, at) is not None
    assert sessions.find(busy, START + timedelta(hours=12)) is None


def test_signing_out_everywhere_ends_every_session_of_the_user_only(sessions: Sessions) -> None:
    one, _ = sessions.start("wang", START)
    two, _ = sessions.start("wang", START)
    other, _ = sessions.start("li", START)
    sessions.end_all("wang")
    assert sessions.find(one, START) is None and sessions.find(two, START) is None
    assert sessions.find(other, START) is not None


def test_a_rebuild_of_the_read_model_keeps_the_sessions(
    app: Xiuhua, readmodel: ReadModel, sessions: Sessions
) -> None:
    session_id, _ = sessions.start("wang", START)
    with readmodel.backend.transaction(write=True) as sql:
        sql.run(f"UPDATE {TRACKING} SET version = -1")
    rebuilt = ReadModel.for_app(app)
    try:
        again = Sessions(rebuilt.backend, timedelta(hours=12), timedelta(minutes=30))
        assert again.find(session_id, START) is not None
    finally:
        rebuilt.close()
