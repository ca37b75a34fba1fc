"""Optimistic concurrency: two application instances on one store race for the same task.

The race is driven step by step, not with threads: the loser works on an aggregate it loaded
before the winner saved, which is exactly what a concurrent process holds in that moment.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from uuid import UUID

import pytest
from eventsourcing.persistence import IntegrityError

from domain.application import RETRIES, Xiuhua, retry_on_conflict
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


def test_two_concurrent_reminders_from_two_instances_leave_one_event(
    app: Xiuhua, other: Xiuhua, tid: UUID
):
    stale: Task = other.task(tid)  # `other` has read the task; `app` now writes first.
    attempts: list[int] = []

    @retry_on_conflict
    def remind_from_other() -> bool:
        """Xiuhua.remind's body, whose first read is the one taken before the race."""
        task = stale if not attempts else other.task(tid)
        attempts.append(task.version)
        if not task.remind("2026-02", DUE, SYSTEM, REMIND_AT.date()):
            return False
        return other._commit(task).changed

    assert app.remind(tid, "2026-02", DUE, REMIND_AT)
    assert remind_from_other() is False

    assert attempts == [1, 2]
    assert event_names(app, tid) == ["Task.Planned", "Task.ReminderSent"]
    assert other.remind(tid, "2026-02", DUE, REMIND_AT) is False


def test_a_command_that_keeps_losing_the_race_is_refused_as_a_conflict(
    app: Xiuhua, other: Xiuhua, tid: UUID
):
    app.remind(tid, "2026-02", DUE, REMIND_AT)
    attempts: list[int] = []

    @retry_on_conflict
    def remind_on_the_old_version() -> None:
        task: Task = other.repository.get(tid, version=1)
        attempts.append(task.version)
        task.remind("2026-02", DUE, SYSTEM, REMIND_AT.date())
        other.save(task)

    with pytest.raises(Conflict) as refusal:
        remind_on_the_old_version()

    assert refusal.value.field == "version"
    assert attempts == [1] * RETRIES
    assert event_names(app, tid) == ["Task.Planned", "Task.ReminderSent"]


def test_the_loser_of_a_race_still_writes_its_own_fact_on_the_retry(
    app: Xiuhua, other: Xiuhua, tid: UUID
):
    """The loser of a race is decided again, not dropped: here it still has something to do."""
    stale: Task = other.task(tid)
    attempts: list[int] = []

    @retry_on_conflict
    def open_period_from_other() -> bool:
        task = stale if not attempts else other.task(tid)
        attempts.append(task.version)
        if not task.open_period("2026-03", date(2026, 4, 7), "official", SYSTEM, date(2026, 3, 1)):
            return False
        return other._commit(task).changed

    assert app.mark_overdue(tid, "2026-02", DUE, shanghai(date(2026, 3, 6), 0))
    assert open_period_from_other() is True

    assert attempts == [1, 2]
    assert event_names(app, tid) == ["Task.Planned", "Task.ReportOverdue", "Task.PeriodOpened"]
