"""Tamper evidence on both stores: rows of the event store altered, deleted, inserted or
swapped directly in the database are named by `verify` at the right event, a rebuild of the
read model refuses the log there, and an exported bundle verifies (or not) with no server."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import psycopg
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.application import Xiuhua
from domain.commands import SubmitReport
from infra.ledger.bundle import export_bundle, verify_bundle
from infra.ledger.chain import Fault
from infra.ledger.ledger import Head, Tampered
from infra.ledger.verify import verify_store
from infra.readmodel import ProjectionRunner, ReadModel
from infra.settings import Settings
from tests.api.harness import eventually
from tests.unit.builders import campaign_spec, launched, report, shanghai

Run = Callable[[str, tuple[Any, ...]], None]


@pytest.fixture
def followed(app: Xiuhua, tmp_path: Path) -> Iterator[ReadModel]:
    """A campaign with reports, linked by a read model that followed the log."""
    _, tasks = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 1), 0))
    for month in (1, 2):
        app.submit_report(
            SubmitReport(
                tasks[0], f"2026-0{month}", now=shanghai(date(2026, month + 1, 2)), **report()
            )  # fmt: skip
        )
    model = ReadModel.for_app(app, tmp_path / "readmodel.sqlite")
    ProjectionRunner(app, model).catch_up()
    yield model
    model.close()


def raw(app: Xiuhua) -> Run:
    """A statement run directly on the event store's own table, as an attacker with the
    database's password would."""
    env = app.env
    if env.get("PERSISTENCE_MODULE") == "eventsourcing.sqlite":

        def run_sqlite(statement: str, params: tuple[Any, ...]) -> None:
            with sqlite3.connect(env["SQLITE_DBNAME"]) as conn:
                conn.execute(statement.replace("notification_id", "rowid"), params)

        return run_sqlite

    def run_pg(statement: str, params: tuple[Any, ...]) -> None:
        with psycopg.connect(
            host=env["POSTGRES_HOST"], port=env["POSTGRES_PORT"], user=env["POSTGRES_USER"],
            password=env.get("POSTGRES_PASSWORD") or None, dbname=env["POSTGRES_DBNAME"],
            autocommit=True,
        ) as conn:  # fmt: skip
            conn.execute(f'SET search_path TO "{env["POSTGRES_SCHEMA"]}"')
            pg = statement.replace("stored_events", "xiuhua_events").replace("?", "%s")
            conn.execute(pg, params)

    return run_pg


def verified(app: Xiuhua, model: ReadModel, kept: tuple[Head, ...] = ()) -> Any:
    assert model.ledger is not None
    return verify_store(app.recorder.select_notifications, model.ledger, kept)


def rebuilt(app: Xiuhua, path: Path) -> ReadModel:
    """A read model to build from nothing (its tables dropped, as a new projection version
    drops them), checked against the same ledger."""
    model = ReadModel.for_app(app, path)
    with model.backend.transaction(write=True) as sql:
        sql.run("UPDATE rm_tracking SET version = -1")
    model.open()
    return model


def test_an_untouched_log_verifies_and_says_its_heads(app: Xiuhua, followed: ReadModel):
    result = verified(app, followed)
    last = app.recorder.max_notification_id()
    assert result.ok and result.finding is None
    assert result.checked == last and result.unlinked == 0
    assert result.head is not None and result.head.id == last
    assert result.heads and result.heads[-1].text() == result.head.text()
    assert verified(app, followed, (result.head,)).ok


@pytest.mark.parametrize(
    ("tamper", "fault", "at"),
    [
        ("alter", Fault.ALTERED, 5),
        ("delete", Fault.MISSING, 5),
        ("delete last", Fault.MISSING, -1),
        ("swap", Fault.REORDERED, 4),
    ],
)
def test_a_row_changed_in_the_database_is_named_by_verify_at_its_event(
    app: Xiuhua, followed: ReadModel, tamper: str, fault: Fault, at: int
):
    run = raw(app)
    last = app.recorder.max_notification_id()
    target = last if at == -1 else at
    if tamper == "alter":
        run("UPDATE stored_events SET state = ? WHERE notification_id = ?", (b"{}", target))
    elif tamper.startswith("delete"):
        run("DELETE FROM stored_events WHERE notification_id = ?", (target,))
    else:  # two events trade places in the log
        run("UPDATE stored_events SET notification_id = -1 WHERE notification_id = ?", (4,))
        run("UPDATE stored_events SET notification_id = 4 WHERE notification_id = ?", (6,))
        run("UPDATE stored_events SET notification_id = 6 WHERE notification_id = ?", (-1,))

    result = verified(app, followed)

    assert not result.ok
    assert result.finding is not None
    assert (result.finding.fault, result.finding.id) == (fault, target), result.finding
    if tamper == "swap":
        assert "linked at 6" in result.finding.detail


def test_an_event_slipped_in_where_the_ledger_linked_none_is_named(app: Xiuhua, tmp_path: Path):
    _, tasks = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 1), 0))
    run = raw(app)
    stored = app.recorder.select_notifications(3, 1)[0]
    run("DELETE FROM stored_events WHERE notification_id = ?", (3,))
    model = ReadModel.for_app(app, tmp_path / "readmodel.sqlite")
    ProjectionRunner(app, model).catch_up()  # the ledger links the log with event 3 gone
    columns = "notification_id, originator_id, originator_version, topic, state"
    run(
        f"INSERT INTO stored_events ({columns}) VALUES (?, ?, ?, ?, ?)",
        (3, _uuid(app, stored.originator_id), stored.originator_version, stored.topic,
         bytes(stored.state)),
    )  # fmt: skip
    try:
        result = verified(app, model)
        assert result.finding is not None
        assert (result.finding.fault, result.finding.id) == (Fault.INSERTED, 3)
    finally:
        model.close()


def _uuid(app: Xiuhua, value: Any) -> Any:
    sqlite = app.env.get("PERSISTENCE_MODULE") == "eventsourcing.sqlite"
    return str(value) if sqlite else value


def test_a_rebuild_refuses_a_log_that_does_not_verify_and_holds_before_it(
    app: Xiuhua, followed: ReadModel, tmp_path: Path
):
    raw(app)("UPDATE stored_events SET state = ? WHERE notification_id = ?", (b"{}", 5))
    model = rebuilt(app, tmp_path / "rebuilt.sqlite")
    runner = ProjectionRunner(app, model, batch_size=3)
    try:
        with pytest.raises(Tampered, match="event 5"):
            runner.catch_up()
        assert model.refused is not None and model.refused.id == 5
        assert model.position() == 3  # the page before it applied, nothing of its page
    finally:
        model.close()


def test_a_bundle_verifies_offline_and_a_changed_bundle_does_not(
    app: Xiuhua, followed: ReadModel, tmp_path: Path
):
    assert followed.ledger is not None
    bundle = tmp_path / "bundle.zip"
    count = export_bundle(app.recorder.select_notifications, followed.ledger, bundle)
    assert count == app.recorder.max_notification_id()
    offline = verify_bundle(bundle)
    assert offline.ok and offline.checked == count, offline.lines()
    kept = verified(app, followed).head
    assert kept is not None and verify_bundle(bundle, (kept,)).ok
    forged = Head("", kept.id, "f" * 64)
    assert verify_bundle(bundle, (forged,)).broken_heads == [forged.text()]

    raw(app)("UPDATE stored_events SET state = ? WHERE notification_id = ?", (b"{}", 2))
    changed = tmp_path / "changed.zip"
    export_bundle(app.recorder.select_notifications, followed.ledger, changed)
    found = verify_bundle(changed, (kept,)).finding
    assert found is not None and (found.fault, found.id) == (Fault.ALTERED, 2)


def test_the_api_started_on_a_log_that_does_not_verify_says_so_and_holds(
    app: Xiuhua, followed: ReadModel, store_env: dict[str, str], tmp_path: Path
):
    raw(app)("UPDATE stored_events SET state = ? WHERE notification_id = ?", (b"{}", 5))
    rebuilt(app, tmp_path / "readmodel.sqlite").close()  # the API builds its model anew
    settings = Settings(
        persistence_module=store_env["PERSISTENCE_MODULE"], store_env=store_env, environment="dev"
    )
    with TestClient(create_app(settings, store=app, temporal=None)) as client:

        def refused() -> dict[str, Any] | None:
            answer = client.get("/api/health").json()
            return answer if answer["event_log"] != "linked" else None

        health = eventually(refused, timeout=20)
    assert health["event_log"] == "refused at event 5"
    assert health["status"] == "degraded" and health["read_model_position"] < 5
