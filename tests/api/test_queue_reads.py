"""The task force's queues as kept answers: the silent supporting units and the review queue say
what the rows say (the same as reading every row afresh), move when a contribution or a report
is stored or a day passes, render again only the task that changed, and compute nothing while a
read transaction is open."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.presenters import queues
from api.services import Services
from domain.application import CampaignSpec, TaskSpec, Xiuhua
from domain.commands import (
    AcceptReport,
    AddContribution,
    DefineCampaign,
    LaunchCampaign,
    SubmitReport,
)
from domain.values import Actor, Attribute, Indicator
from domain.views import silent_supporters
from tests.api.harness import (
    COORDINATOR,
    EVALUATOR,
    LEAD,
    OTHER,
    TODAY,
    Clock,
    TransactionWatch,
    lead,
    services,
    settled,
)

TASK_FORCE = Actor("coordinator", "专班")
THIRD = "区绿化市容局"
FEB, MAR = "2093-02", "2093-03"


def target() -> Indicator:
    return Indicator(
        "spaces", "新增车位", "个", Decimal(0), Decimal(120), Attribute.BINDING, date(2093, 12, 31)
    )


def define(app: Xiuhua, code: str, tasks: tuple[TaskSpec, ...]) -> tuple[UUID, list[UUID]]:
    now = TODAY - timedelta(days=60)
    spec = CampaignSpec(code, f"队列{code}", "专班", 2093, "2093-01", tasks)
    cid = app.define_campaign(DefineCampaign(spec=spec, actor=TASK_FORCE, now=now)).campaign_id
    app.launch_campaign(LaunchCampaign(campaign_id=cid, actor=TASK_FORCE, now=now))
    return cid, list(app.campaign(cid).task_ids)


@pytest.fixture
def world(app: Xiuhua, reader: TestClient) -> dict[str, Any]:
    """Two campaigns. February is opened for every task, March for three of them; 区绿化市容局
    has already said what it did for the first task in February."""
    goal = (target(),)
    first, (a1, a2, a3, a4) = define(
        app,
        "Q-1",
        (
            TaskSpec("1", "车位", (LEAD,), (OTHER, THIRD), goal),
            TaskSpec("2", "道路", (OTHER,), (LEAD,), goal),
            TaskSpec("3", "市容", (LEAD,), (), goal),
            # A lead also listed as supporting is never chased as a supporter.
            TaskSpec("4", "绿化", (LEAD,), (LEAD, OTHER), goal),
        ),
    )
    second, (b1,) = define(app, "Q-2", (TaskSpec("1", "停车", (OTHER,), (THIRD,), goal),))
    opened = TODAY - timedelta(days=35)
    for tid in (a1, a2, a3, a4, b1):
        app.open_period(tid, FEB, date(2093, 3, 5), "test", opened)
    for tid in (a1, a2, b1):
        app.open_period(tid, MAR, date(2093, 4, 5), "test", TODAY - timedelta(days=5))
    contribute(app, a1, FEB, THIRD)
    settled(reader, app)
    return {
        "campaigns": {"Q-1": first, "Q-2": second},
        "tasks": {"A1": a1, "A2": a2, "A3": a3, "A4": a4, "B1": b1},
    }


def contribute(app: Xiuhua, task_id: UUID, period: str, unit: str) -> None:
    command = AddContribution(task_id, period, "配合", {}, actor=Actor("u", unit), now=TODAY)
    app.add_contribution(command)


def submit(app: Xiuhua, task_id: UUID, period: str, unit: str, on: datetime) -> None:
    app.submit_report(
        SubmitReport(
            task_id=task_id,
            period=period,
            actuals={"spaces": Decimal(30)},
            progress="进展",
            problems="难点",
            next_steps="下一步",
            actor=Actor("u", unit),
            now=on,
        )
    )


def get(client: TestClient, path: str, **params: str) -> Any:
    response = client.get(path, params=params, headers=COORDINATOR)
    assert response.status_code == 200, response.text
    return response.json()


def silent(client: TestClient, **params: str) -> list[tuple[str, str, str, list[str]]]:
    shown = get(client, "/api/contributions/silent", **params)
    return [(s["campaign_code"], s["task_number"], s["period"], s["silent"]) for s in shown]


def read_afresh(svc: Services, period: str, campaign: UUID | None = None) -> list[Any]:
    """The silent list from every row of the period and every task's whole row, as the route
    computed it before it kept its answers."""
    with svc.readmodel.read() as queries:
        rows = [p for p in queries.periods_called(period) if campaign in (None, p.campaign_id)]
        tasks = {t.id: t for t in queries.tasks_with_ids(sorted({p.task_id for p in rows}))}
        campaigns = {c.id: c for c in queries.campaigns()}
    found = []
    for row in sorted(rows, key=lambda r: (str(r.campaign_id), r.task_id)):
        task = tasks[row.task_id]
        if units := silent_supporters(task, row):
            found.append(
                {
                    "campaign_id": str(row.campaign_id),
                    "campaign_code": campaigns[row.campaign_id].code,
                    "campaign_name": campaigns[row.campaign_id].name,
                    "task_id": str(task.id),
                    "task_number": task.number,
                    "task_title": task.title,
                    "period": row.period,
                    "due_on": row.due_on.isoformat() if row.due_on else None,
                    "silent": units,
                }
            )
    return found


def in_campaign_order(world: dict[str, Any], items: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(campaign code, task number) pairs in the answer's order: by campaign id, then task id."""
    ids = {code: str(cid) for code, cid in world["campaigns"].items()}
    tasks = world["tasks"]
    return sorted(items, key=lambda i: (ids[i[0]], tasks[("A" if i[0] == "Q-1" else "B") + i[1]]))


def test_the_silent_units_are_what_every_row_says(
    reader: TestClient, world: dict[str, Any]
) -> None:
    svc = services(reader)
    march = [
        ("Q-1", "1", MAR, [OTHER, THIRD]),
        ("Q-1", "2", MAR, [LEAD]),
        ("Q-2", "1", MAR, [THIRD]),
    ]
    order = in_campaign_order(world, [(c, n) for c, n, _, _ in march])
    for _ in range(2):  # computed, then kept
        shown = silent(reader)
        assert sorted(shown) == sorted(march) and [(c, n) for c, n, _, _ in shown] == order
        assert get(reader, "/api/contributions/silent") == read_afresh(svc, MAR)
    february = silent(reader, period=FEB)
    assert sorted(february) == sorted(
        [
            ("Q-1", "1", FEB, [OTHER]),  # 区绿化市容局 has said what it did
            ("Q-1", "2", FEB, [LEAD]),
            ("Q-1", "4", FEB, [OTHER]),
            ("Q-2", "1", FEB, [THIRD]),
        ]
    )
    assert get(reader, "/api/contributions/silent", period=FEB) == read_afresh(svc, FEB)
    second = world["campaigns"]["Q-2"]
    assert silent(reader, period=FEB, campaign=str(second)) == [("Q-2", "1", FEB, [THIRD])]
    assert get(reader, "/api/contributions/silent", campaign=str(second)) == read_afresh(
        svc, MAR, second
    )
    assert silent(reader, period="2093-07") == []
    assert silent(reader, campaign="00000000-0000-0000-0000-000000000000") == []


def test_a_contribution_moves_the_kept_answer_and_renders_only_its_task(
    app: Xiuhua, reader: TestClient, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    rendered: list[str] = []
    item = queues._silent_item

    def counted(campaign: Any, head: Any, row: Any) -> bytes:
        rendered.append(f"{campaign.code}/{head.number}")
        return item(campaign, head, row)

    monkeypatch.setattr(queues, "_silent_item", counted)
    answers = services(reader).caches.answers
    before = silent(reader)
    assert sorted(rendered) == ["Q-1/1", "Q-1/2", "Q-2/1"]  # the tasks March is opened for
    rendered.clear()
    hits = answers.hits
    assert silent(reader) == before and rendered == [] and answers.hits > hits

    contribute(app, world["tasks"]["A1"], MAR, OTHER)
    settled(reader, app)
    after = silent(reader)
    assert ("Q-1", "1", MAR, [THIRD]) in after and ("Q-1", "1", MAR, [OTHER, THIRD]) in before
    assert rendered == ["Q-1/1"]  # the other tasks' items were kept under their `touched`
    assert get(reader, "/api/contributions/silent") == read_afresh(services(reader), MAR)

    contribute(app, world["tasks"]["A1"], MAR, THIRD)
    contribute(app, world["tasks"]["B1"], MAR, THIRD)
    settled(reader, app)
    assert silent(reader) == [("Q-1", "2", MAR, [LEAD])]

    rendered.clear()
    app.open_period(world["tasks"]["A4"], MAR, date(2093, 4, 5), "test", TODAY)
    settled(reader, app)
    assert sorted(silent(reader)) == [("Q-1", "2", MAR, [LEAD]), ("Q-1", "4", MAR, [OTHER])]
    assert rendered == ["Q-1/4"]


def test_the_review_queue_moves_with_reports_and_days(
    app: Xiuhua, reader: TestClient, world: dict[str, Any], clock: Clock
) -> None:
    tasks = world["tasks"]
    assert get(reader, "/api/reviews") == []
    submit(app, tasks["B1"], MAR, OTHER, TODAY - timedelta(days=3))
    submit(app, tasks["A1"], MAR, LEAD, TODAY - timedelta(days=1))
    settled(reader, app)
    waiting = get(reader, "/api/reviews")
    shown = [
        (w["campaign_code"], w["task_number"], w["period"], w["waiting_days"]) for w in waiting
    ]
    assert shown == [("Q-2", "1", MAR, 3), ("Q-1", "1", MAR, 1)]  # the longest waiting first
    first = waiting[0]
    assert first["task_id"] == str(tasks["B1"]) and first["campaign_name"] == "队列Q-2"
    assert (first["task_title"], first["submitted_by"], first["late"]) == (
        "停车",
        f"u ({OTHER})",
        False,
    )
    assert (first["actuals"], first["progress"], first["problems"]) == (
        {"spaces": 30.0},
        "进展",
        "难点",
    )
    assert (first["next_steps"], first["evidence"], first["returned_before"]) == (
        "下一步",
        0,
        False,
    )
    assert reader.get("/api/reviews", headers=EVALUATOR).json() == waiting
    assert reader.get("/api/reviews", headers=lead()).status_code == 403

    clock.now = TODAY + timedelta(days=1)  # a new business day: the kept answer is not served
    assert [w["waiting_days"] for w in get(reader, "/api/reviews")] == [4, 2]

    app.accept_report(AcceptReport(tasks["B1"], MAR, actor=TASK_FORCE, now=clock.now))
    settled(reader, app)
    assert [w["task_id"] for w in get(reader, "/api/reviews")] == [str(tasks["A1"])]


def test_the_queues_compute_with_no_read_transaction_open(
    app: Xiuhua, reader: TestClient, world: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    watch = TransactionWatch(monkeypatch, services(reader).readmodel.backend)
    for name in ("_silent_item", "review_item"):
        watch.watch(queues, name)
    submit(app, world["tasks"]["A2"], MAR, OTHER, TODAY)
    settled(reader, app)
    get(reader, "/api/reviews")
    get(reader, "/api/contributions/silent")
    assert {name for name, _ in watch.seen} == {"_silent_item", "review_item"}
    assert [(name, n) for name, n in watch.seen if n] == []
