"""Snapshots: an aggregate read from its snapshot is the aggregate its events replay to, field by
field and type by type, on SQLite and PostgreSQL; a store written before snapshots still loads."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.application import project_aggregate

from domain.application import Xiuhua
from domain.commands import (
    AcceptReport,
    AddTask,
    AmendTask,
    CompleteMilestone,
    DefineUnitGroup,
    LoadHolidays,
    RecordAssessment,
    RegisterUnit,
    ReturnReport,
    SetUnitAliases,
    SubmitReport,
    TaskSpec,
)
from domain.holidays import HOLIDAY_BOOK_ID
from domain.service.base import SNAPSHOT_EVERY
from domain.units import UNIT_REGISTRY_ID
from domain.values import Decision, Milestone, PlanPoint, ReportingPolicy
from tests.unit.builders import (
    COORDINATOR,
    EVALUATOR,
    LEAD,
    LEAD_UNIT,
    campaign_spec,
    launched,
    parking,
    report,
    shanghai,
)

YEAR = 2026
POLICY = ReportingPolicy(due_day=5, reminder_days=(3, 1), escalate_after_days=5)


def same(a: Any, b: Any, where: str = "") -> list[str]:
    """Every place where `a` and `b` differ in value or in exact type (a tuple is not a list,
    an enum member is not its text, a dict keyed by 2026 is not one keyed by '2026')."""
    if type(a) is not type(b):
        return [f"{where}: {type(a).__name__} != {type(b).__name__}"]
    if isinstance(a, dict):
        if list(a) != list(b):
            return [f"{where}: keys {list(a)} != {list(b)}"]
        return [d for k in a for d in same(a[k], b[k], f"{where}[{k!r}]")]
    if isinstance(a, list | tuple):
        if len(a) != len(b):
            return [f"{where}: length {len(a)} != {len(b)}"]
        return [
            d
            for n, (x, y) in enumerate(zip(a, b, strict=True))
            for d in same(x, y, f"{where}[{n}]")
        ]
    if isinstance(a, frozenset | set):
        return [] if a == b and {type(x) for x in a} == {type(x) for x in b} else [f"{where}: sets"]
    if dataclasses.is_dataclass(a):
        return [
            d
            for f in dataclasses.fields(a)
            for d in same(getattr(a, f.name), getattr(b, f.name), f"{where}.{f.name}")
        ]
    return [] if a == b else [f"{where}: {a!r} != {b!r}"]


def state(aggregate: Any) -> dict[str, Any]:
    """An aggregate's whole state, its attributes in name order (the order they were set in
    differs between a replay and a restore, and means nothing)."""
    return dict(sorted(vars(aggregate).items()))


def replayed(app: Xiuhua, aggregate_id: UUID) -> Any:
    """The aggregate built from every one of its events, no snapshot involved."""
    return project_aggregate(None, app.events.get(aggregate_id))


def snapshot_versions(app: Xiuhua, aggregate_id: UUID) -> list[int]:
    assert app.snapshots is not None
    return [s.originator_version for s in app.snapshots.get(aggregate_id)]


@pytest.fixture
def reopened(app: Xiuhua, store_env: dict[str, str]) -> Iterator[Xiuhua]:
    """A second instance on the same store, with nothing cached: it loads from the snapshot."""
    other = Xiuhua(env=store_env)
    yield other
    other.close()


def a_long_year(app: Xiuhua, tid: UUID) -> None:
    """A year of everything that can happen to a task: reports on time, late, returned and
    resubmitted, accepted; overdue marks; supervision opened and closed; reminders; a plan
    amended with a month-by-month plan and milestones; a milestone completed."""
    indicator = dataclasses.replace(
        parking(date(YEAR, 12, 31)),
        plan=(PlanPoint(f"{YEAR}-06", Decimal("90")), PlanPoint(f"{YEAR}-12", Decimal("180"))),
    )
    amended = TaskSpec(
        number="1",
        title="任务1: 新增共享停车位（修订）",
        lead_units=(LEAD_UNIT,),
        supporting_units=("区交通委",),
        indicators=(indicator,),
        milestones=(Milestone("m1", "方案设计", date(YEAR, 6, 30)),),
    )
    app.amend_task(
        AmendTask(tid, amended, "补充月度计划", actor=COORDINATOR, now=shanghai(date(YEAR, 1, 2)))
    )
    for month in range(1, 12):
        period = f"{YEAR}-{month:02d}"
        due = date(YEAR, month + 1, 5)
        app.open_period(tid, period, due, "official", shanghai(date(YEAR, month, 1), 0))
        app.remind(tid, period, due, shanghai(due - timedelta(days=3), 9))
        app.remind(tid, period, due, shanghai(due - timedelta(days=1), 9))
        values = report(actuals={"parking": Decimal(month * 15)}, actor=LEAD)
        if month % 3 == 0:  # late: overdue, escalated, then in, and the supervision closed
            app.mark_overdue(tid, period, due, shanghai(due + timedelta(days=1), 0))
            app.escalate_if_missing(tid, period, 5, shanghai(due + timedelta(days=6), 0))
            late = shanghai(due + timedelta(days=7))
            app.submit_report(SubmitReport(tid, period, now=late, **values))
            app.close_supervision_if_resolved(tid, late)
        else:
            app.submit_report(
                SubmitReport(tid, period, now=shanghai(due - timedelta(days=1)), **values)
            )
        if month % 4 == 1:  # returned, then resubmitted
            app.return_report(
                ReturnReport(tid, period, "数据口径有误", actor=COORDINATOR, now=shanghai(due))
            )
            app.submit_report(SubmitReport(tid, period, now=shanghai(due), **values))
        app.accept_report(AcceptReport(tid, period, actor=COORDINATOR, now=shanghai(due)))
        if month == 6:
            app.complete_milestone(
                CompleteMilestone(tid, "m1", "方案通过", actor=LEAD, now=shanghai(due))
            )


def test_a_task_with_a_long_history_reads_from_its_snapshot_as_its_replay(
    app: Xiuhua, reopened: Xiuhua
):
    _, (tid, _) = launched(app, campaign_spec(YEAR, policy=POLICY), shanghai(date(YEAR, 1, 1), 0))
    a_long_year(app, tid)

    versions = snapshot_versions(app, tid)
    assert versions, "a task this long keeps snapshots"
    assert all(v % SNAPSHOT_EVERY == 0 for v in versions)
    from_snapshot = reopened.task(tid)
    replay = replayed(reopened, tid)
    assert from_snapshot.version == replay.version > max(versions)
    assert same(state(from_snapshot), state(replay)) == []
    assert same(state(app.task(tid)), state(replay)) == []  # and the writer's own cached copy


def test_a_snapshot_taken_after_the_last_event_is_the_whole_state(app: Xiuhua, reopened: Xiuhua):
    _, (tid, _) = launched(app, campaign_spec(YEAR, policy=POLICY), shanghai(date(YEAR, 1, 1), 0))
    a_long_year(app, tid)
    if app.task(tid).version not in snapshot_versions(app, tid):
        app.take_snapshot(tid)

    restored = reopened.task(tid)
    assert same(state(restored), state(replayed(reopened, tid))) == []
    assert isinstance(restored.lead_units, tuple)
    assert isinstance(restored.indicators[0].plan, tuple)
    assert restored.milestones_done == {"m1": date(YEAR, 7, 5)}


def test_a_task_read_from_a_snapshot_takes_new_commands_and_still_equals_its_replay(
    app: Xiuhua, reopened: Xiuhua
):
    _, (tid, _) = launched(app, campaign_spec(YEAR, policy=POLICY), shanghai(date(YEAR, 1, 1), 0))
    a_long_year(app, tid)
    due = date(YEAR + 1, 1, 5)
    reopened.open_period(tid, f"{YEAR}-12", due, "official", shanghai(date(YEAR, 12, 1), 0))
    reopened.mark_overdue(tid, f"{YEAR}-12", due, shanghai(due + timedelta(days=1), 0))

    assert same(state(reopened.task(tid)), state(replayed(app, tid))) == []
    assert same(state(app.task(tid)), state(replayed(app, tid))) == []


def test_a_campaign_through_its_years_reads_from_its_snapshot_as_its_replay(
    app: Xiuhua, reopened: Xiuhua
):
    cid, _ = launched(app, campaign_spec(YEAR, policy=POLICY), shanghai(date(YEAR, 1, 1), 0))
    app.add_task(
        AddTask(
            cid,
            TaskSpec("3", "任务3", (LEAD_UNIT,)),
            actor=COORDINATOR,
            now=shanghai(date(YEAR, 2, 1)),
        )
    )
    year_end = shanghai(date(YEAR + 1, 1, 10))
    app.open_assessment(cid, YEAR, year_end)
    app.record_assessment(
        RecordAssessment(
            cid,
            YEAR,
            Decimal("86.5"),
            "良好",
            Decision.CONTINUE,
            "继续推进",
            actor=EVALUATOR,
            now=year_end,
        )
    )
    app.apply_decision(cid, YEAR, year_end)
    app.take_snapshot(cid)

    restored = reopened.campaign(cid)
    assert same(state(restored), state(replayed(reopened, cid))) == []
    assert restored.year_opened_on == {YEAR: date(YEAR, 1, 1), YEAR + 1: date(YEAR + 1, 1, 10)}
    assert restored.assessments[YEAR].decision is Decision.CONTINUE


def test_the_holiday_book_and_the_unit_registry_read_from_their_snapshots_as_their_replays(
    app: Xiuhua, reopened: Xiuhua
):
    now = shanghai(date(YEAR, 3, 1))
    app.load_holidays(
        LoadHolidays(
            YEAR + 1,
            (date(YEAR + 1, 1, 1), date(YEAR + 1, 2, 16)),
            (date(YEAR + 1, 2, 14),),
            "国办发明电〔2026〕1号",
            actor=COORDINATOR,
            now=now,
        )
    )
    app.register_unit(RegisterUnit("区城管执法局", ("城管局",), actor=COORDINATOR, now=now))
    app.register_unit(RegisterUnit("枫泾镇", (), actor=COORDINATOR, now=now))
    app.set_unit_aliases(
        SetUnitAliases("区城管执法局", ("城管", "执法局"), actor=COORDINATOR, now=now)
    )
    app.define_unit_group(DefineUnitGroup("各镇、街道", ("枫泾镇",), actor=COORDINATOR, now=now))
    for aggregate_id in (HOLIDAY_BOOK_ID, UNIT_REGISTRY_ID):
        app.take_snapshot(aggregate_id)

    for aggregate_id in (HOLIDAY_BOOK_ID, UNIT_REGISTRY_ID):
        restored = reopened.existing(aggregate_id)
        assert snapshot_versions(reopened, aggregate_id) == [restored.version]
        assert same(state(restored), state(replayed(reopened, aggregate_id))) == []


class BeforeSnapshots(Xiuhua):
    """The application as it was before snapshots: no snapshot store, no snapshots taken."""

    name = Xiuhua.name  # the same tables
    snapshotting_intervals: dict[type, int] = {}  # type: ignore[assignment]
    env = {"IS_SNAPSHOTTING_ENABLED": "n"}


def test_a_store_written_before_snapshots_loads_and_starts_keeping_them(
    store_env: dict[str, str],
):
    old = BeforeSnapshots(env=store_env)
    assert old.snapshots is None
    try:
        _, (tid, _) = launched(
            old, campaign_spec(YEAR, policy=POLICY), shanghai(date(YEAR, 1, 1), 0)
        )
        a_long_year(old, tid)
        expected = replayed(old, tid)
    finally:
        old.close()

    new = Xiuhua(env=store_env)
    try:
        assert snapshot_versions(new, tid) == []
        assert same(state(new.task(tid)), state(expected)) == []
        due = date(YEAR + 1, 1, 5)
        for day in range(SNAPSHOT_EVERY):  # enough events to reach the next multiple
            new.remind(tid, f"{YEAR}-12", due, shanghai(date(YEAR, 12, 1) + timedelta(days=day), 9))
        assert snapshot_versions(new, tid)
        fresh = Xiuhua(env=store_env)
        try:
            assert same(state(fresh.task(tid)), state(replayed(fresh, tid))) == []
        finally:
            fresh.close()
    finally:
        new.close()


def test_a_snapshot_that_cannot_be_kept_leaves_the_command_stored(
    app: Xiuhua, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
):
    _, (tid, _) = launched(app, campaign_spec(YEAR, policy=POLICY), shanghai(date(YEAR, 1, 1), 0))
    assert app.snapshots is not None

    def refuse(*_: object, **__: object) -> None:
        raise OSError("the snapshot table is away")

    monkeypatch.setattr(app.snapshots, "put", refuse)
    due = date(YEAR, 2, 5)
    for day in range(SNAPSHOT_EVERY):  # one of these reaches a multiple of the interval
        assert app.remind(
            tid, f"{YEAR}-01", due, shanghai(date(YEAR, 1, 1) + timedelta(days=day), 9)
        )

    assert app.task(tid).version == SNAPSHOT_EVERY + 1
    assert "no snapshot of" in caplog.text
    assert same(state(app.task(tid)), state(replayed(app, tid))) == []
