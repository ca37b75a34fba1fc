"""The read model follows the store: resumes after a restart, never applies an event twice,
and ends with the same tables as a rebuild from the first event."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import pytest

from domain import views
from domain.application import CampaignSpec, TaskSpec, Xiuhua
from domain.commands import (
    AcceptReport,
    CompleteMilestone,
    DefineCampaign,
    LaunchCampaign,
    ReturnReport,
    SubmitReport,
)
from domain.values import Actor, Attribute, Indicator, Milestone, ReportingPolicy
from infra.readmodel import ProjectionRunner, ReadModel
from infra.readmodel import model as model_module
from infra.readmodel.backends import PostgresBackend, SqliteBackend
from tests.api.harness import TODAY
from tests.conftest import postgres_env, sqlite_env

COORDINATOR = Actor("zhang.wei", "专班")
LEAD = Actor("li.na", "区城管执法局")


def define(app: Xiuhua, now: datetime, code: str) -> tuple[UUID, UUID]:
    indicator = Indicator(
        "spaces", "新增共享停车位", "个", Decimal(0), Decimal(180), Attribute.BINDING,
        date(now.year, 12, 31),
    )  # fmt: skip
    task = TaskSpec(
        "1", "新增共享停车位", (LEAD.unit,), ("区交通委",), (indicator,),
        (Milestone("plan", "方案印发", date(now.year, 12, 15)),),
    )  # fmt: skip
    spec = CampaignSpec(
        code, "共享停车", "专班", now.year, f"{now.year}-{now.month:02d}", (task,),
        ReportingPolicy(escalate_after_overdue=1),
    )  # fmt: skip
    cid = app.define_campaign(DefineCampaign(spec, actor=COORDINATOR, now=now)).campaign_id
    app.launch_campaign(LaunchCampaign(cid, actor=COORDINATOR, now=now))
    return cid, app.campaign(cid).task_ids[0]


def first_half(app: Xiuhua, now: datetime) -> None:
    _, tid = define(app, now, "A")
    period, due = f"{now.year}-{now.month:02d}", now.date()
    app.open_period(tid, period, due, "official", now)
    app.remind(tid, period, due, now)


def second_half(app: Xiuhua, now: datetime) -> None:
    tid = app.campaign(app.launched_campaigns()[0]).task_ids[0]
    period, due = f"{now.year}-{now.month:02d}", now.date()
    app.mark_overdue(tid, period, due, now)
    app.submit_report(
        SubmitReport(tid, period, {"spaces": Decimal(30)}, "进展", "", "", actor=LEAD, now=now)
    )
    app.return_report(ReturnReport(tid, period, "口径不对", actor=COORDINATOR, now=now))
    app.submit_report(
        SubmitReport(tid, period, {"spaces": Decimal("31")}, "进展", "", "", actor=LEAD, now=now)
    )
    app.accept_report(AcceptReport(tid, period, actor=COORDINATOR, now=now))
    app.close_supervision_if_resolved(tid, now)
    app.complete_milestone(CompleteMilestone(tid, "plan", "已印发", actor=LEAD, now=now))
    define(app, now, "B")


@pytest.fixture
def fresh_model(store_env: dict[str, str], tmp_path: Path) -> Iterator[ReadModel]:
    """An empty read model elsewhere (own file / own schema) for a rebuild from scratch."""
    if store_env["PERSISTENCE_MODULE"] == "eventsourcing.sqlite":
        backend = SqliteBackend(tmp_path / "rebuild" / "readmodel.sqlite")
    else:
        schema = f"r_{uuid.uuid4().hex[:12]}"
        backend = PostgresBackend(postgres_env(store_env["POSTGRES_DBNAME"], schema))
    model = ReadModel(backend)
    model.open()
    yield model
    model.close()


def test_the_projection_resumes_from_its_last_position_after_a_restart(
    app: Xiuhua, fresh_model: ReadModel
) -> None:
    now = TODAY
    model = ReadModel.for_app(app)
    runner = ProjectionRunner(app, model)
    runner.start()
    first_half(app, now)
    assert runner.wait_for(app.recorder.max_notification_id())
    runner.stop()
    model.close()
    stopped_at = app.recorder.max_notification_id()
    assert stopped_at is not None

    second_half(app, now)  # written while no runner runs
    end = app.recorder.max_notification_id()
    assert end is not None and end > stopped_at

    model = ReadModel.for_app(app)
    restarted = ProjectionRunner(app, model)
    assert restarted.position == stopped_at
    restarted.start()
    assert restarted.wait_for(end)
    restarted.stop()
    assert restarted.processed == end - stopped_at

    rebuilt = ProjectionRunner(app, fresh_model)
    rebuilt.catch_up()
    assert rebuilt.processed == end
    tables = model.dump()
    assert tables == fresh_model.dump()
    assert len(tables["rm_events"]) == end
    assert len(tables["rm_campaigns"]) == 2
    model.close()


def test_two_runners_on_one_read_model_apply_each_event_once(
    app: Xiuhua, fresh_model: ReadModel
) -> None:
    now = TODAY
    models = [ReadModel.for_app(app) for _ in range(2)]
    runners = [ProjectionRunner(app, m, poll_interval=0.01) for m in models]
    for runner in runners:
        runner.start()
    first_half(app, now)
    second_half(app, now)
    end = app.recorder.max_notification_id()
    assert all(r.wait_for(end, timeout=10) for r in runners)
    for runner in runners:
        runner.stop()
    assert sum(r.processed for r in runners) == end
    ProjectionRunner(app, fresh_model).catch_up()
    assert models[0].dump() == fresh_model.dump()
    for m in models:
        m.close()


def test_a_read_model_built_by_another_projection_version_is_rebuilt(
    app: Xiuhua, monkeypatch: pytest.MonkeyPatch
) -> None:
    now = TODAY
    first_half(app, now)
    model = ReadModel.for_app(app)
    ProjectionRunner(app, model).catch_up()
    before = model.dump()
    model.close()

    monkeypatch.setattr(model_module, "VERSION", model_module.VERSION + 1)
    model = ReadModel.for_app(app)
    assert model.position() == 0
    assert all(rows == [] for rows in model.dump().values())
    ProjectionRunner(app, model).catch_up()
    assert model.dump() == before
    model.close()


def test_on_sqlite_the_read_model_is_a_file_of_its_own(tmp_path: Path) -> None:
    store_env = sqlite_env(tmp_path)
    default = Xiuhua(env=store_env)
    given = Xiuhua(env={**store_env, "XIUHUA_READMODEL_PATH": str(tmp_path / "rm" / "x.sqlite")})
    try:
        models = [ReadModel.for_app(default), ReadModel.for_app(given)]
        paths = [m.backend.path for m in models if isinstance(m.backend, SqliteBackend)]
        assert paths == [tmp_path / "readmodel.sqlite", tmp_path / "rm" / "x.sqlite"]
        assert all(p.exists() for p in paths)
    finally:
        default.close()
        given.close()


def test_the_aggregate_and_its_rows_answer_the_reporting_rules_alike(app: Xiuhua) -> None:
    _, tid = define(app, datetime(2026, 3, 2, 10, tzinfo=UTC), "A")
    now = datetime(2026, 8, 20, 10, tzinfo=UTC)
    stories = {
        "2026-03": ("overdue", "submit", "accept"),
        "2026-04": ("overdue", "submit", "return"),
        "2026-05": ("submit",),
        "2026-06": ("overdue",),
        "2026-07": (),
    }
    for number, (period, story) in enumerate(stories.items(), start=1):
        due = date(2026, 3 + number, 5)
        app.open_period(tid, period, due, "official", now)
        for step in story:
            if step == "overdue":
                app.mark_overdue(tid, period, due, now)
            elif step == "submit":
                actuals = {"spaces": Decimal(10 * number)}
                app.submit_report(
                    SubmitReport(tid, period, actuals, "进展", "", "", actor=LEAD, now=now)
                )
            elif step == "accept":
                app.accept_report(AcceptReport(tid, period, actor=COORDINATOR, now=now))
            else:
                app.return_report(ReturnReport(tid, period, "口径不对", actor=COORDINATOR, now=now))
    model = ReadModel.for_app(app)
    ProjectionRunner(app, model).catch_up()
    with model.read() as queries:
        rows = [p for p in queries.periods() if p.task_id == tid]
    model.close()
    task = app.task(tid)

    assert [p.period for p in rows] == list(stories)
    assert [task.is_awaiting(p.period) for p in rows] == [p.awaiting for p in rows]
    assert [p.awaiting for p in rows] == [False, True, False, True, True]
    assert task.missing_overdue() == views.missing_overdue(rows) == ["2026-04", "2026-06"]
    expected = {"spaces": Decimal(30)}  # May's report stands; April's was returned
    assert task.latest_actuals() == views.latest_actuals(rows) == expected
