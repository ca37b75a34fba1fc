"""The aggregate cache: every read is brought up to what the store holds, whoever wrote it, and a
cached aggregate handed out to read is never changed under its reader."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID

import pytest

from domain.application import Xiuhua
from domain.commands import SubmitReport
from domain.errors import Conflict
from domain.values import SYSTEM, ReportState
from tests.unit.builders import campaign_spec, launched, report, shanghai

DUE = date(2026, 3, 5)


@pytest.fixture
def other(app: Xiuhua, store_env: dict[str, str]) -> Iterator[Xiuhua]:
    """A second application instance on the same store, as another process would be."""
    second = Xiuhua(env=store_env)
    yield second
    second.close()


@pytest.fixture
def tid(app: Xiuhua) -> UUID:
    _, task_ids = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 1), 0))
    app.open_period(task_ids[0], "2026-02", DUE, "official", shanghai(date(2026, 2, 1), 0))
    return task_ids[0]


def submit(app: Xiuhua, tid: UUID) -> None:
    app.submit_report(SubmitReport(tid, "2026-02", now=shanghai(date(2026, 3, 2)), **report()))


def test_a_cached_task_is_read_with_what_another_process_wrote_since(
    app: Xiuhua, other: Xiuhua, tid: UUID
):
    assert app.task(tid).record("2026-02").state is None  # now cached in `app`
    submit(other, tid)

    assert app.task(tid).record("2026-02").state is ReportState.SUBMITTED
    assert app.task(tid, read_only=True).record("2026-02").state is ReportState.SUBMITTED
    with pytest.raises(Conflict, match="waiting for review"):
        submit(app, tid)


def test_a_workflow_fact_is_decided_on_the_store_not_on_the_cache(
    app: Xiuhua, other: Xiuhua, tid: UUID
):
    app.task(tid)  # cached before the report came in through another process
    submit(other, tid)

    assert not app.mark_overdue(tid, "2026-02", DUE, shanghai(date(2026, 3, 6), 0))
    assert other.task(tid).record("2026-02").overdue_on is None


def test_an_aggregate_handed_out_to_read_is_never_changed_by_later_writes(app: Xiuhua, tid: UUID):
    before = app.task(tid, read_only=True)
    version, periods = before.version, dict(before.periods)
    submit(app, tid)
    app.remind(tid, "2026-02", DUE, shanghai(date(2026, 3, 4), 9))

    assert before.version == version
    assert before.periods == periods
    assert before.record("2026-02").state is None
    after = app.task(tid, read_only=True)
    assert after.version == version + 1
    assert after.record("2026-02").state is ReportState.SUBMITTED


def test_a_task_changed_but_not_saved_leaves_what_others_read_as_stored(app: Xiuhua, tid: UUID):
    changing = app.task(tid)
    assert changing.remind("2026-02", DUE, SYSTEM, date(2026, 3, 4))

    assert app.task(tid).record("2026-02").reminders == []
    assert app.task(tid, read_only=True).record("2026-02").reminders == []


def test_an_unchanged_aggregate_is_read_without_a_copy_and_changed_on_a_copy(
    app: Xiuhua, tid: UUID
):
    assert app.task(tid, read_only=True) is app.task(tid, read_only=True)
    assert app.task(tid) is not app.task(tid)
    assert app.task(tid) is not app.task(tid, read_only=True)


def test_a_report_decided_on_a_task_seen_before_another_process_wrote_is_decided_again(
    app: Xiuhua, other: Xiuhua, tid: UUID
):
    seen = app.task(tid, read_only=True)  # as the API's access check read it
    submit(other, tid)

    with pytest.raises(Conflict, match="waiting for review"):
        app.submit_report(
            SubmitReport(tid, "2026-02", now=shanghai(date(2026, 3, 2)), **report()), seen=seen
        )
    names = [type(e).__name__ for e in app.events.get(tid)]
    assert names.count("ReportSubmitted") == 1
    assert seen.record("2026-02").state is None  # what the caller read is left as it was


def test_a_report_decided_on_a_task_just_seen_is_stored(app: Xiuhua, tid: UUID):
    seen = app.task(tid, read_only=True)
    command = SubmitReport(tid, "2026-02", now=shanghai(date(2026, 3, 2)), **report())

    assert app.submit_report(command, seen=seen).changed
    assert app.task(tid).record("2026-02").state is ReportState.SUBMITTED
    assert seen.record("2026-02").state is None
