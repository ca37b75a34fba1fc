"""Reads keep rendered answers, and never serve one the database has moved past: a stored report,
a new day and a change of the units registry each change the answer; one unit's sight never
reaches another's; a read model behind the store says so; no read transaction stays open while
an answer is computed."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import date, timedelta
from decimal import Decimal
from io import BytesIO
from typing import Any
from uuid import UUID

import pytest
import yaml
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.auth import User
from api.presenters import pieces, plans, reads
from api.readiness import HEADER
from domain.application import CampaignSpec, TaskSpec, Xiuhua, business_day
from domain.commands import (
    AddTask,
    AmendTask,
    DefineCampaign,
    LaunchCampaign,
    RegisterUnit,
    SubmitReport,
)
from domain.values import Actor, Attribute, Indicator
from infra.planfile import campaign_spec
from tests.api.harness import (
    COORDINATOR,
    LEAD,
    OTHER,
    TODAY,
    Clock,
    TransactionWatch,
    eventually,
    lead,
    services,
    settled,
)

TASK_FORCE = Actor("coordinator", "专班")
ALIAS = "城管"  # how the second task names LEAD before the registry knows the alias
PERIOD = "2093-02"


def spec(year: int) -> CampaignSpec:
    target = Indicator(
        "spaces", "新增车位", "个", Decimal(0), Decimal(120), Attribute.BINDING, date(year, 12, 31)
    )
    return CampaignSpec(
        code="FRESH-1",
        name="缓存",
        task_force="专班",
        year=year,
        start_period=f"{year}-01",
        tasks=(
            TaskSpec("1", "车位", (LEAD,), indicators=(target,)),
            TaskSpec("2", "道路", (OTHER,), indicators=(target,)),
            TaskSpec("3", "市容", (ALIAS,), indicators=(target,)),
        ),
    )


@pytest.fixture
def portfolio(app: Xiuhua, reader: TestClient) -> dict[str, Any]:
    """A launched campaign whose February report is overdue for every task."""
    now = TODAY - timedelta(days=60)
    cid = app.define_campaign(
        DefineCampaign(spec=spec(TODAY.year), actor=TASK_FORCE, now=now)
    ).campaign_id
    app.launch_campaign(LaunchCampaign(campaign_id=cid, actor=TASK_FORCE, now=now))
    tasks = app.campaign(cid).task_ids
    due = date(TODAY.year, 3, 5)
    for tid in tasks:
        app.open_period(tid, PERIOD, due, "test", now + timedelta(days=30))
        app.mark_overdue(tid, PERIOD, due, TODAY - timedelta(days=4))
    settled(reader, app)
    return {"id": cid, "tasks": list(tasks)}


def submit(app: Xiuhua, task_id: UUID, unit: str, value: int) -> None:
    app.submit_report(
        SubmitReport(
            task_id=task_id,
            period=PERIOD,
            actuals={"spaces": Decimal(value)},
            progress="进展",
            problems="",
            next_steps="",
            actor=Actor("u", unit),
            now=TODAY,
        )
    )


def get(client: TestClient, path: str, headers: dict[str, str] = COORDINATOR) -> Any:
    response = client.get(path, headers=headers)
    assert response.status_code == 200, response.text
    return response.json() if "json" in response.headers["content-type"] else response.content


def cells(workbook: bytes) -> set[str]:
    sheets = load_workbook(BytesIO(workbook), read_only=True).worksheets
    return {str(v) for sheet in sheets for row in sheet.iter_rows(values_only=True) for v in row}


def by_number(detail: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {t["number"]: t for t in detail["tasks"]}


def test_every_cached_read_changes_when_a_report_is_stored(
    app: Xiuhua, reader: TestClient, portfolio: dict[str, Any]
) -> None:
    cid, first = portfolio["id"], portfolio["tasks"][0]
    paths = (
        "/api/campaigns",
        f"/api/campaigns/{cid}",
        f"/api/campaigns/{cid}/events",
        "/api/overdue",
        "/api/exports/status.xlsx",
    )
    before = {p: get(reader, p) for p in paths}
    inbox = f"/api/units/{LEAD}/inbox"
    inbox_before = get(reader, inbox, lead())
    assert {p: get(reader, p) for p in paths} == before  # asked again: the same answers
    assert [o["period"] for o in inbox_before["overdue"]] == [PERIOD]

    submit(app, first, LEAD, 30)
    settled(reader, app)

    after = {p: get(reader, p) for p in paths}
    assert after["/api/campaigns"][0]["missing_overdue_reports"] == 2
    assert before["/api/campaigns"][0]["missing_overdue_reports"] == 3
    task = by_number(after[f"/api/campaigns/{cid}"])["1"]
    assert task["latest_actuals"] == {"spaces": 30.0}
    assert task["periods"][0]["state"] == "submitted"
    assert len(after[f"/api/campaigns/{cid}/events"]) == 1 + len(
        before[f"/api/campaigns/{cid}/events"]
    )
    late = [o for o in after["/api/overdue"] if o["task_number"] == "1"]
    assert late[0]["submitted_late"] and not late[0]["still_missing"]
    assert "已报送" not in cells(before["/api/exports/status.xlsx"])
    assert "已报送，待审核（逾期补报）" in cells(after["/api/exports/status.xlsx"])
    assert get(reader, inbox, lead())["overdue"] == []


def test_a_cached_campaign_is_judged_again_on_a_new_day(
    app: Xiuhua, reader: TestClient, portfolio: dict[str, Any], clock: Clock
) -> None:
    path = f"/api/campaigns/{portfolio['id']}"
    today = get(reader, path)
    clock.now = TODAY + timedelta(days=1)
    tomorrow = get(reader, path)
    assert (today["as_of"], tomorrow["as_of"]) == ("2093-03-10", "2093-03-11")
    planned = [by_number(d)["1"]["indicators"][0]["planned"] for d in (today, tomorrow)]
    assert planned[0] < planned[1]


def test_a_units_sight_follows_the_units_registry(
    app: Xiuhua, reader: TestClient, portfolio: dict[str, Any]
) -> None:
    path = f"/api/campaigns/{portfolio['id']}"
    assert by_number(get(reader, path, lead()))["3"]["scope"] == "published"
    app.register_unit(RegisterUnit(name=LEAD, aliases=(ALIAS,), actor=TASK_FORCE, now=TODAY))
    settled(reader, app)
    assert by_number(get(reader, path, lead()))["3"]["scope"] == "full"
    # The registry changed no campaign: the answers before and after share the campaign's key.
    assert by_number(get(reader, path, lead(OTHER)))["3"]["scope"] == "published"


def test_one_units_cached_sight_never_reaches_another_unit(
    app: Xiuhua, reader: TestClient, portfolio: dict[str, Any]
) -> None:
    first, second = portfolio["tasks"][:2]
    submit(app, first, LEAD, 30)
    submit(app, second, OTHER, 40)
    settled(reader, app)
    path = f"/api/campaigns/{portfolio['id']}"
    for _ in range(3):
        mine = by_number(get(reader, path, lead(LEAD)))
        theirs = by_number(get(reader, path, lead(OTHER)))
        everything = by_number(get(reader, path))
        assert (mine["1"]["scope"], mine["2"]["scope"]) == ("full", "published")
        assert (theirs["1"]["scope"], theirs["2"]["scope"]) == ("published", "full")
        # A draft (submitted, not accepted) shows only to its own unit and the task force.
        assert mine["1"]["latest_actuals"] == {"spaces": 30.0} and mine["2"]["latest_actuals"] == {}
        assert theirs["1"]["latest_actuals"] == {} and theirs["2"]["latest_actuals"] == {
            "spaces": 40.0
        }
        assert {n: t["scope"] for n, t in everything.items()} == dict.fromkeys("123", "full")
        overdue = get(reader, "/api/overdue", lead(OTHER))
        assert {o["task_number"] for o in overdue} == {"2"}


def test_reads_say_the_read_model_is_catching_up_until_it_has_caught_up(
    app: Xiuhua, reader: TestClient, portfolio: dict[str, Any]
) -> None:
    svc = services(reader)
    assert svc.read_status is not None
    svc.read_status.max_age = 0  # ask the store's head (in the background) on every request
    response = reader.get("/api/campaigns", headers=COORDINATOR)
    assert response.headers[HEADER].startswith("current; ")
    svc.runner.stop()
    submit(app, portfolio["tasks"][0], LEAD, 30)
    head = app.recorder.max_notification_id()
    behind = f"catching-up; position={head - 1}; head={head}"
    eventually(lambda: reader.get("/api/units", headers=COORDINATOR).headers[HEADER] == behind)
    response = reader.get("/api/campaigns", headers=COORDINATOR)
    assert response.headers[HEADER] == behind
    assert response.json()[0]["missing_overdue_reports"] == 3  # what it knows, said to be partial
    health = reader.get("/api/health").json()
    assert (health["read_model"], health["read_model_position"]) == ("catching-up", head - 1)
    svc.runner.start()
    settled(reader, app)
    response = reader.get("/api/campaigns", headers=COORDINATOR)
    assert response.headers[HEADER] == f"current; position={head}; head={head}"
    assert response.json()[0]["missing_overdue_reports"] == 2
    assert reader.get("/api/health").json()["read_model"] == "current"


def test_no_read_transaction_is_open_while_an_answer_is_computed(
    app: Xiuhua,
    reader: TestClient,
    portfolio: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Each computing step looks at the read transactions its own thread holds open."""
    watch = TransactionWatch(monkeypatch, services(reader).readmodel.backend)
    watch.watch(pieces, "task_out")
    watch.watch(plans, "plan_data")
    for name in ("summary", "overdue_item", "inbox", "build_status", "event_out"):
        watch.watch(reads, name)
    cid = portfolio["id"]
    for path, headers in (
        ("/api/campaigns", COORDINATOR),
        (f"/api/campaigns/{cid}", lead()),
        (f"/api/campaigns/{cid}/events", COORDINATOR),
        ("/api/overdue", COORDINATOR),
        (f"/api/units/{LEAD}/inbox", lead()),
        ("/api/exports/status.xlsx", COORDINATOR),
        (f"/api/campaigns/{cid}/plan.yaml", lead()),
    ):
        get(reader, path, headers)
    assert {name for name, _ in watch.seen} == {
        "task_out", "summary", "overdue_item", "inbox", "build_status", "event_out", "plan_data",
    }  # fmt: skip
    assert [(name, n) for name, n in watch.seen if n] == []


def test_requests_that_miss_the_same_answer_at_once_compute_it_once(
    app: Xiuhua, reader: TestClient, portfolio: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    judged: list[UUID] = []
    task_out = pieces.task_out

    def counted(*args: Any, **kwargs: Any) -> Any:
        judged.append(args[1].id)
        return task_out(*args, **kwargs)

    monkeypatch.setattr(pieces, "task_out", counted)
    svc, user = services(reader), User("c", "专班", "coordinator")
    on = business_day(TODAY)
    start = threading.Barrier(6)

    def ask() -> bytes:
        start.wait()
        return reads.campaign(svc, user, portfolio["id"], on)

    with ThreadPoolExecutor(6) as pool:
        answers = list(pool.map(lambda _: ask(), range(6)))
    assert len(set(answers)) == 1
    assert sorted(judged) == sorted(portfolio["tasks"])  # each task judged once, not six times


def test_a_kept_plan_changes_with_an_amendment_and_an_added_task(
    app: Xiuhua, reader: TestClient, portfolio: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    for form, render in list(plans.RENDERERS.items()):

        def counted(plan: dict[str, Any], form: str = form, render: Any = render) -> Any:
            rendered.append(form)
            return render(plan)

        monkeypatch.setitem(plans.RENDERERS, form, counted)
    cache = services(reader).caches.plans
    cid = portfolio["id"]
    paths = {form: f"/api/campaigns/{cid}/plan.{form}" for form in plans.RENDERERS}

    def downloads(expected_renders: list[str]) -> dict[str, bytes]:
        rendered.clear()
        hits = cache.hits
        got = {form: get(reader, path) for form, path in paths.items()}
        assert get(reader, paths["yaml"], lead(OTHER)) == got["yaml"]  # anyone signed in
        assert rendered == expected_renders
        assert cache.hits - hits == 3 - len(expected_renders)
        return got

    def tasks_of(got: dict[str, bytes]) -> dict[str, Any]:
        (plan,) = yaml.safe_load(got["yaml"])["campaigns"]
        return {t.number: t for t in campaign_spec(plan).tasks}

    first = downloads(["yaml", "xlsx"])
    assert downloads([]) == first  # asked again: kept, not rendered
    task_spec = tasks_of(first)["1"]
    assert task_spec.supporting_units == ()

    amended = replace(task_spec, supporting_units=(OTHER,))
    app.amend_task(
        AmendTask(portfolio["tasks"][0], amended, "分工调整", actor=TASK_FORCE, now=TODAY)
    )
    settled(reader, app)
    after_amending = downloads(["yaml", "xlsx"])
    assert tasks_of(after_amending)["1"].supporting_units == (OTHER,)
    assert OTHER in cells(after_amending["xlsx"]) and after_amending["xlsx"] != first["xlsx"]
    assert downloads([]) == after_amending

    added = TaskSpec("4", "绿化", (LEAD,), indicators=task_spec.indicators)
    app.add_task(AddTask(cid, added, actor=TASK_FORCE, now=TODAY))
    settled(reader, app)
    after_adding = downloads(["yaml", "xlsx"])
    assert list(tasks_of(after_adding)) == ["1", "2", "3", "4"]
    assert "绿化" in cells(after_adding["xlsx"])
    assert downloads([]) == after_adding
