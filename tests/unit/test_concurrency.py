"""Optimistic concurrency: two application instances on one store race for the same task.

The race is driven step by step, not with threads: the losing instance runs the product's own
command (the one the workflow's activity calls), and right after its read another instance's
command writes first, which is exactly what a concurrent worker does in that moment.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from domain.application import RETRIES, Xiuhua
from domain.errors import Conflict
from domain.task import Task
from domain.values import SYSTEM
from tests.unit.builders import campaign_spec, event_names, launched, shanghai

DUE = date(2026, 3, 5)
REMIND_AT = shanghai(date(2026, 3, 4), 9)


@pytest.fixture
def other(app: Xiuhua, store_env: dict[str, str]) -> Iterator[Xiuhua]:
    """A second application instance on the same store, as another worker process would be."""
    second = Xiuhua(env=store_env)
    yield second
    second.close()


@pytest.fixture
def tid(app: Xiuhua) -> UUID:
    _, task_ids = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 1), 0))
    return task_ids[0]


def test_the_later_of_two_saves_on_one_loaded_version_is_refused_by_the_store(
    app: Xiuhua, other: Xiuhua, tid: UUID
):
    mine: Task = app.task(tid)
    theirs: Task = other.task(tid)
    assert mine.remind("2026-02", DUE, SYSTEM, date(2026, 3, 4))
    assert theirs.remind("2026-02", DUE, SYSTEM, date(2026, 3, 4))

    app.save(mine)
    with pytest.raises(IntegrityError):
        other.save(theirs)

    assert event_names(app, tid) == ["Task.Planned", "Task.ReminderSent"]


def rival_writes_after_each_read(
    monkeypatch: pytest.MonkeyPatch, loser: Xiuhua, rival: Callable[[int], object], times: int
) -> list[int]:
    """Make `loser`'s next `times` reads of a task go stale: each read returns the task as it
    was, and `rival` (another instance's own command) writes before the loser can save. The
    versions the loser's command read are returned as it goes. Nothing of the loser is
    replaced: its command decides, commits and retries as the product has it."""
    seen: list[int] = []
    read = loser.task

    def read_then_lose(tid: UUID) -> Task:
        task = read(tid)
        seen.append(task.version)
        if len(seen) <= times:
            rival(len(seen))
        return task

    monkeypatch.setattr(loser, "task", read_then_lose)
    return seen


def test_two_concurrent_reminders_from_two_instances_leave_one_event(
    app: Xiuhua, other: Xiuhua, tid: UUID, monkeypatch: pytest.MonkeyPatch
):
    rival = [False]

    def app_reminds(_: int) -> None:
        rival[0] = app.remind(tid, "2026-02", DUE, REMIND_AT)

    seen = rival_writes_after_each_read(monkeypatch, other, app_reminds, times=1)

    assert other.remind(tid, "2026-02", DUE, REMIND_AT) is False

    assert rival == [True]
    assert seen == [1, 2]  # decided on version 1, lost, decided again on version 2
    assert event_names(app, tid) == ["Task.Planned", "Task.ReminderSent"]


def test_a_command_that_keeps_losing_the_race_is_refused_as_a_conflict(
    app: Xiuhua, other: Xiuhua, tid: UUID, monkeypatch: pytest.MonkeyPatch
):
    def app_reminds_on_another_day(attempt: int) -> None:
        assert app.remind(tid, "2026-02", DUE, shanghai(date(2026, 2, attempt), 9))

    seen = rival_writes_after_each_read(
        monkeypatch, other, app_reminds_on_another_day, times=RETRIES
    )

    with pytest.raises(Conflict) as refusal:
        other.remind(tid, "2026-02", DUE, REMIND_AT)

    assert refusal.value.field == "version"
    assert seen == list(range(1, RETRIES + 1))
    assert event_names(app, tid) == ["Task.Planned", *["Task.ReminderSent"] * RETRIES]
    assert REMIND_AT.date() not in app.task(tid).record("2026-02").reminders


def test_the_loser_of_a_race_still_writes_its_own_fact_on_the_retry(
    app: Xiuhua, other: Xiuhua, tid: UUID, monkeypatch: pytest.MonkeyPatch
):
    """The loser of a race is decided again, not dropped: here it still has something to do."""

    def app_marks_overdue(_: int) -> None:
        assert app.mark_overdue(tid, "2026-02", DUE, shanghai(date(2026, 3, 6), 0))

    seen = rival_writes_after_each_read(monkeypatch, other, app_marks_overdue, times=1)

    opened = other.open_period(
        tid, "2026-03", date(2026, 4, 7), "official", shanghai(date(2026, 3, 1), 0)
    )

    assert opened is True
    assert seen == [1, 2]
    assert event_names(app, tid) == ["Task.Planned", "Task.ReportOverdue", "Task.PeriodOpened"]
