"""The projection in pages builds the same tables whatever the page size, resumes exactly after
a failure mid-page, and views of the past equal a rebuild that keeps only the events up to the
cut, with or without the timeline's checkpoints."""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest
from eventsourcing.persistence import Notification

from domain.application import CampaignSpec, TaskSpec, Xiuhua
from domain.calendar import WorkCalendar
from domain.commands import (
    AcceptReport,
    AddContribution,
    AmendTask,
    CompleteFollowUp,
    CompleteMilestone,
    DefineCampaign,
    DefineUnitGroup,
    LaunchCampaign,
    OpenSupervision,
    RecordMeeting,
    RegisterUnit,
    ReturnReport,
    ScoreQualitatively,
    SetUnitAliases,
    SubmitReport,
)
from domain.meetings import FollowUp, MeetingKind, chase_schedule
from domain.values import Actor, Attribute, Indicator, Milestone, ReportingPolicy
from infra.readmodel import ProjectionRunner, ReadModel, elsewhere
from infra.readmodel.backends import MemoryBackend
from infra.readmodel.past import Past, Timeline, business_date, business_month

COORDINATOR = Actor("zhang.wei", "专班")
UNITS = ("区城管执法局", "区交通委", "区水务局")


def _spec(code: str, year: int, tasks: int) -> CampaignSpec:
    end = date(year, 12, 31)
    return CampaignSpec(
        code, f"专项行动{code}", "专班", year, f"{year}-01",
        tuple(
            TaskSpec(
                str(n + 1), f"任务{n + 1}", (UNITS[n % 3],), (UNITS[(n + 1) % 3],),
                (Indicator("v", "新增", "个", Decimal(0), Decimal(120), Attribute.BINDING, end),),
                (Milestone("plan", "方案印发", date(year, 6, 30)),),
            )
            for n in range(tasks)
        ),
        ReportingPolicy(escalate_after_overdue=2),
    )  # fmt: skip


def generate(app: Xiuhua, seed: int = 7, year: int = 2093) -> None:
    """Three campaigns through a year of on-time, late, missing, returned and corrected
    reports, supervision, milestones, a plan amendment and the units registry."""
    rng = random.Random(seed)
    start = datetime(year, 1, 2, 2, tzinfo=UTC)
    for unit in UNITS:
        app.register_unit(RegisterUnit(unit, (), actor=COORDINATOR, now=start))
    app.define_unit_group(DefineUnitGroup("各委办局", UNITS[1:], actor=COORDINATOR, now=start))
    campaigns = []
    for code, tasks in (("A", 4), ("B", 3), ("C", 5)):
        cid = app.define_campaign(
            DefineCampaign(_spec(code, year, tasks), actor=COORDINATOR, now=start)
        ).campaign_id
        app.launch_campaign(LaunchCampaign(cid, actor=COORDINATOR, now=start))
        campaigns.append(cid)
    for month in range(1, 7):  # business dates never go back: each step after the last
        period = f"{year}-{month:02d}"
        due = date(year, month + 1, 5)
        at = datetime(year, month + 1, 3, 2, tzinfo=UTC)
        late = at + timedelta(days=10)
        tasks = [tid for cid in campaigns for tid in app.campaign(cid).task_ids]
        stories = {tid: rng.choice(("on time", "late", "missing", "returned")) for tid in tasks}
        opened = start if month == 1 else datetime(year, month, 14, 2, tzinfo=UTC)
        for tid in tasks:
            app.open_period(tid, period, due, "official", opened)
        for tid in tasks:
            app.remind(tid, period, due, at)
            if stories[tid] in ("on time", "returned"):
                _report(app, rng, tid, period, at, stories[tid] == "returned")
        for tid in tasks:
            if stories[tid] in ("late", "missing"):
                app.mark_overdue(tid, period, due, late)
                app.escalate_if_missing(tid, period, 3, late)
            if stories[tid] == "late":
                _report(app, rng, tid, period, late, False)
            if stories[tid] != "missing" and app.task(tid).supporting_units:
                helper = Actor("wu.bo", app.task(tid).supporting_units[0])
                for text in ("配合巡查", "配合巡查（更正）")[: rng.randint(1, 2)]:
                    figures = {"v": Decimal(month)}
                    given = AddContribution(tid, period, text, figures, actor=helper, now=late)
                    app.add_contribution(given)
        if month == 3:
            first = app.campaign(campaigns[0]).task_ids[0]
            app.complete_milestone(
                CompleteMilestone(first, "plan", "已印发", actor=COORDINATOR, now=late)
            )
            spec = _spec("A", year, 1).tasks[0]
            amended = TaskSpec(spec.number, "任务1（调整）", (UNITS[2],), (), spec.indicators)
            app.amend_task(AmendTask(first, amended, "分工调整", actor=COORDINATOR, now=late))
            app.set_unit_aliases(SetUnitAliases(UNITS[0], ("城管局",), actor=COORDINATOR, now=late))
            meeting = _meeting(app, campaigns[0], late)
            quiet = app.campaign(campaigns[2]).task_ids[-1]
            if app.task(quiet).open_supervision is None:
                by_hand = OpenSupervision(quiet, "专班约谈", actor=COORDINATOR, now=late)
                app.open_supervision(by_hand)
    _chase(app, campaigns[0], meeting, datetime(year, 7, 20, 2, tzinfo=UTC))
    for score in (Decimal(70), Decimal(85)):  # the later stands in for the earlier
        app.score_qualitatively(
            ScoreQualitatively(campaigns[1], year, score, "推进有力", actor=COORDINATOR,
                               now=datetime(year, 7, 21, 2, tzinfo=UTC))
        )  # fmt: skip
    # A fact recorded last but dated back in March: a straggler in business-date order.
    tid = app.campaign(campaigns[1]).task_ids[0]
    back = datetime(year, 3, 20, 2, tzinfo=UTC)
    app.open_period(tid, f"{year}-09", date(year, 10, 9), "official", back)


def _meeting(app: Xiuhua, cid: Any, when: datetime) -> Any:
    """A meeting with three follow-ups, recorded at `when`; its id."""
    held = when.date()
    follow_ups = tuple(
        FollowUp(str(n), f"督办{n}", UNITS[n % 3], held + timedelta(days=9 * n)) for n in (1, 2, 3)
    )
    record = RecordMeeting(
        cid, MeetingKind.QUARTERLY, held, "季度推进会", UNITS, ("按期推进",), follow_ups,
        actor=COORDINATOR, now=when,
    )  # fmt: skip
    return app.record_meeting(record).meeting_id


def _chase(app: Xiuhua, cid: Any, mid: Any, when: datetime) -> None:
    """Every follow-up reminded and marked overdue at `when`, then one done the next day."""
    campaign = app.campaign(cid)
    app.chase_follow_ups(
        campaign, chase_schedule(app.meetings_of(cid), ReportingPolicy(), WorkCalendar({})), when
    )
    done = CompleteFollowUp(mid, "2", "已办结", actor=Actor("qian.li", UNITS[2]), now=when)
    app.complete_follow_up(replace(done, now=when + timedelta(days=1)))


def _report(
    app: Xiuhua, rng: random.Random, tid: Any, period: str, when: datetime, returned: bool
) -> None:
    lead = Actor("li.na", app.task(tid).lead_units[0])
    actuals = {"v": Decimal(int(period[5:]) * 10 + rng.randint(0, 9))}
    submit = SubmitReport(tid, period, actuals, "进展", "", "", actor=lead, now=when)
    app.submit_report(submit)
    if returned:
        app.return_report(ReturnReport(tid, period, "口径", actor=COORDINATOR, now=when))
        app.submit_report(submit)
    app.accept_report(AcceptReport(tid, period, actor=COORDINATOR, now=when))
    app.close_supervision_if_resolved(tid, when)


def rebuilt(app: Xiuhua, batch_size: int) -> dict[str, Any]:
    model = ReadModel(MemoryBackend(), app.name)
    model.open()
    ProjectionRunner(app, model, batch_size=batch_size).catch_up()
    tables = model.dump()
    model.close()
    return tables


def kept_up_to(app: Xiuhua, keep: Any) -> dict[str, Any]:
    """The reference: every notification read, the kept events applied in log order."""
    model = ReadModel(MemoryBackend(), app.name)
    model.open()
    page = app.recorder.select_notifications(1, 1_000_000)
    events = {n.id: app.mapper.to_domain_event(n) for n in page}
    model.apply([n for n in page if keep(events[n.id])], lambda n: events[n.id])
    tables = model.dump()
    model.close()
    return tables


@pytest.fixture
def generated(app: Xiuhua) -> Xiuhua:
    generate(app)
    return app


def test_pages_of_any_size_build_the_same_tables_as_event_by_event(
    generated: Xiuhua, tmp_path: Path
) -> None:
    app = generated
    one_by_one = rebuilt(app, 1)
    assert len(one_by_one["rm_events"]) > 300
    assert one_by_one["rm_supervisions"] and one_by_one["rm_units"] and one_by_one["rm_task_units"]
    assert rebuilt(app, 7) == one_by_one
    assert rebuilt(app, 1000) == one_by_one
    # The store's own backend (a SQLite file or PostgreSQL tables) holds the same rows.
    model = ReadModel.for_app(app, tmp_path / "readmodel.sqlite")
    ProjectionRunner(app, model, batch_size=50).catch_up()
    assert model.dump() == one_by_one
    model.close()


def test_a_page_that_fails_midway_leaves_the_model_at_the_last_page_and_resumes_exactly(
    generated: Xiuhua,
) -> None:
    app = generated
    model = ReadModel(MemoryBackend(), app.name)
    model.open()
    decode = app.mapper.to_domain_event

    def failing_at_250(notification: Notification) -> Any:
        if notification.id == 250:
            raise psycopg.OperationalError("the database went away mid-page")
        return decode(notification)

    position, page = 0, app.recorder.select_notifications(1, 100)
    with pytest.raises(psycopg.OperationalError):
        while page:
            position, _ = model.apply(page, failing_at_250)
            page = app.recorder.select_notifications(position + 1, 100)
    assert model.position() == 200
    assert len(model.dump()["rm_events"]) < 200  # registry events are not in the campaign log
    ProjectionRunner(app, model, batch_size=100).catch_up()
    assert model.dump() == rebuilt(app, 1000)
    model.close()


def _caught_up(runner: ProjectionRunner, head: int, seconds: float = 90.0) -> None:
    """Until the read model is at `head` and no catch-up process is left running."""
    deadline = time.monotonic() + seconds
    while runner.position < head or runner.child is not None:
        assert time.monotonic() < deadline, f"read model at {runner.position} of {head}"
        time.sleep(0.1)


@contextmanager
def _started_far_behind(app: Xiuhua) -> Iterator[tuple[ProjectionRunner, ReadModel, int]]:
    """A runner started on an empty read model, its whole log more than `far` behind."""
    head = app.recorder.max_notification_id() or 0
    model = ReadModel.for_app(app)
    runner = ProjectionRunner(app, model, batch_size=100, far=10)
    runner.start()
    try:
        yield runner, model, head
    finally:
        runner.stop()
        model.close()


def test_a_long_backlog_at_start_is_applied_by_a_process_of_its_own_with_the_same_tables(
    generated: Xiuhua,
) -> None:
    app = generated
    with _started_far_behind(app) as (runner, model, head):
        _caught_up(runner, head)
        assert runner.applied_elsewhere == head  # none of it in this process
        assert runner.child is None
        assert model.dump() == rebuilt(app, 1000)
        # What is recorded next, the runner applies here, linked after the child's part.
        now = datetime(2093, 8, 1, 2, tzinfo=UTC)
        app.register_unit(RegisterUnit("区绿化市容局", (), actor=COORDINATOR, now=now))
        _caught_up(runner, app.recorder.max_notification_id() or 0)
        assert runner.applied_elsewhere == head
        assert model.dump() == rebuilt(app, 1000) and model.refused is None


def test_a_catch_up_process_killed_at_start_leaves_the_runner_to_apply_the_backlog(
    generated: Xiuhua,
) -> None:
    app = generated
    with _started_far_behind(app) as (runner, model, head):
        deadline = time.monotonic() + 30
        while (child := runner.child) is None:
            assert time.monotonic() < deadline, "no catch-up process started"
            time.sleep(0.01)
        child.kill()
        _caught_up(runner, head)
        assert child.exitcode is not None and child.exitcode != 0
        assert runner.applied_elsewhere < head  # the runner applied the rest itself
        assert model.dump() == rebuilt(app, 1000)


@pytest.fixture
def past(generated: Xiuhua, tmp_path: Path) -> Iterator[Past]:
    found = Past(generated, tmp_path / "past")
    yield found
    found.close()


@pytest.mark.parametrize(
    "cut", [date(2093, 1, 1), date(2093, 2, 28), date(2093, 3, 20), date(2093, 4, 4),
            date(2093, 6, 30), date(2093, 12, 31)],
)  # fmt: skip
def test_as_of_a_business_date_equals_a_rebuild_of_the_events_dated_up_to_it(
    generated: Xiuhua, past: Past, cut: date
) -> None:
    view = past.as_of(cut)
    try:
        assert view.dump() == kept_up_to(generated, lambda e: business_date(e) <= cut)
    finally:
        view.close()


def test_a_first_walk_in_a_child_process_gives_the_views_a_walk_here_gives(
    generated: Xiuhua, past: Past, tmp_path: Path
) -> None:
    app = generated
    elsewhere = Past(app, tmp_path / "walked-elsewhere", far=10)
    try:
        cuts = (date(2093, 2, 28), date(2093, 3, 20), date(2093, 12, 31))
        for cut in cuts:
            here, there = past.as_of(cut), elsewhere.as_of(cut)
            try:
                assert there.dump() == here.dump()
            finally:
                here.close()
                there.close()
        walked = elsewhere.timeline("as-of")
        assert walked.walked_elsewhere == walked.position == app.recorder.max_notification_id()
        instant = app.mapper.to_domain_event(app.recorder.select_notifications(99, 1)[0]).timestamp
        known = elsewhere.known_on(instant)
        try:
            assert known.dump() == kept_up_to(app, lambda e: e.timestamp <= instant)
        finally:
            known.close()
        assert elsewhere.timeline("known-on").walked_elsewhere > 0
        # What is recorded next, the walk takes in here, after the child's part.
        now = datetime(2093, 8, 1, 2, tzinfo=UTC)
        app.register_unit(RegisterUnit("区绿化市容局", (), actor=COORDINATOR, now=now))
        here, there = past.as_of(date(2093, 12, 31)), elsewhere.as_of(date(2093, 12, 31))
        try:
            assert there.dump() == here.dump()
            assert walked.position == app.recorder.max_notification_id() > walked.walked_elsewhere
        finally:
            here.close()
            there.close()
    finally:
        elsewhere.close()


def test_the_business_date_timeline_keeps_a_checkpoint_as_each_month_begins(
    generated: Xiuhua, tmp_path: Path
) -> None:
    timeline = Timeline(generated, business_date, business_month, tmp_path / "t")
    timeline.extend()
    try:
        assert [c.starts for c in timeline.checkpoints] == [date(2093, m, 1) for m in range(1, 8)]
        # The fact dated back in March is the last event: a view of that day reads to the end.
        assert timeline.last_on_day[date(2093, 3, 20)] == timeline.position
        assert max(timeline.last_on_day.values()) == timeline.position
    finally:
        timeline.close()


def test_known_on_an_instant_equals_a_rebuild_of_what_was_recorded_by_then(
    generated: Xiuhua, past: Past
) -> None:
    app = generated
    page = app.recorder.select_notifications(1, 1_000_000)
    instants = [app.mapper.to_domain_event(page[i]).timestamp for i in (0, 99, len(page) - 1)]
    for instant in instants:
        view = past.known_on(instant)
        try:
            assert view.dump() == kept_up_to(app, lambda e, k=instant: e.timestamp <= k)
        finally:
            view.close()


def test_a_view_of_the_past_sees_what_was_recorded_after_the_timeline_was_first_walked(
    generated: Xiuhua, past: Past
) -> None:
    before = past.as_of(date(2093, 12, 31))
    count = len(before.dump()["rm_events"])
    before.close()
    tid = generated.campaign(generated.launched_campaigns()[0]).task_ids[1]
    now = datetime(2093, 8, 10, 2, tzinfo=UTC)
    generated.open_period(tid, "2093-07", date(2093, 8, 5), "official", now)
    after = past.as_of(date(2093, 12, 31))
    try:
        assert len(after.dump()["rm_events"]) == count + 1
        assert after.dump() == kept_up_to(generated, lambda e: e.on <= date(2093, 12, 31))
    finally:
        after.close()


def test_checkpoints_every_few_events_give_the_same_views(
    generated: Xiuhua, tmp_path: Path
) -> None:
    timeline = Timeline(generated, business_date, business_month, tmp_path / "t", every=40)
    try:
        timeline.extend()
        assert len(timeline.checkpoints) > 10  # months and counts
        for cut in (date(2093, 2, 3), date(2093, 3, 20), date(2093, 5, 13), date(2093, 7, 13)):
            view = timeline.view(cut)
            try:
                assert view.dump() == kept_up_to(generated, lambda e, c=cut: business_date(e) <= c)
            finally:
                view.close()
    finally:
        timeline.close()


@pytest.mark.parametrize(
    ("module", "name", "reachable"),
    [
        ("eventsourcing.postgres", "", True),
        ("eventsourcing.sqlite", "/srv/memory/events.sqlite", True),
        ("eventsourcing.sqlite", ":memory:", False),
        ("eventsourcing.sqlite", "file::memory:", False),
        ("eventsourcing.sqlite", "file:x?mode=memory&cache=shared", False),
        ("eventsourcing.popo", "", False),
    ],
)
def test_only_a_store_another_process_can_open_is_caught_up_elsewhere(
    module: str, name: str, reachable: bool
) -> None:
    env = {"PERSISTENCE_MODULE": module, "SQLITE_DBNAME": name}
    assert elsewhere.reachable(env) is reachable
