"""Each indicator's standing as the API shows it: shape, plan by now, actual, progress, forecast
at the deadline and whether it will be met; read from the read model on both backends."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.presenters.campaigns import by_task, campaign_out
from api.schemas.campaigns import CampaignOut
from domain.application import CampaignSpec, TaskSpec, Xiuhua
from domain.commands import CompleteMilestone, DefineCampaign, LaunchCampaign, SubmitReport
from domain.values import Actor, Attribute, Indicator, Milestone, Shape
from infra.readmodel import ProjectionRunner, ReadModel
from tests.api.harness import COORDINATOR, LEAD, Temporal, campaign_body, lead
from tests.unit.builders import shanghai

TASK_FORCE = Actor("zhang.wei", "专班")
UNIT = Actor("li.na", LEAD)
DEADLINE = date(2026, 12, 31)


def shaped(code: str, shape: Shape, target: int, attribute: Attribute, **kw: Any) -> Indicator:
    return Indicator(
        code, kw.pop("name", code), kw.pop("unit", "个"), Decimal(kw.pop("baseline", 0)),
        Decimal(target), attribute, DEADLINE, shape=shape, **kw,
    )  # fmt: skip


B, E = Attribute.BINDING, Attribute.EXPECTED
TASKS = (
    TaskSpec("1", "共享停车与信访化解", (LEAD,), indicators=(
        shaped("spaces", Shape.COUNT, 180, B, name="新增共享停车位"),
        shaped("resolved", Shape.RATE, 90, B, unit="%", case_load=Decimal(619)),
    )),
    TaskSpec("2", "联合检查与隐患销项", (LEAD,), indicators=(
        shaped("checks", Shape.RECURRING, 8, E, unit="次"),
        shaped("hazards", Shape.CHECKLIST, 100, E, unit="%", case_load=Decimal(684)),
    )),
    TaskSpec("3", "存量违建削减与平台3.0", (LEAD,), indicators=(
        shaped("stock", Shape.REDUCE, 30, B, unit="万平方米", baseline=40),
        shaped("platform", Shape.MILESTONES, 1, B, unit="项"),
    ), milestones=(
        Milestone("needs", "需求确认", date(2026, 8, 31)),
        Milestone("build", "开发完成", date(2026, 9, 30)),
        Milestone("accept", "验收", date(2026, 12, 15)),
    )),
)  # fmt: skip
REPORTS = {  # task -> indicator -> July, August, September, reported on the 3rd of the next month
    "1": {"spaces": (30, 60, 90), "resolved": (15, 30, 45)},
    "2": {"checks": (1, 2, 3), "hazards": (100, 200, 300)},
    "3": {"stock": (39, 38, 37)},
}


@pytest.fixture
def played(app: Xiuhua) -> Iterator[tuple[Xiuhua, ReadModel, UUID]]:
    """A campaign from July 2026 with July–September reported, and its read model."""
    spec = CampaignSpec("PK-2026", "停车资源优化", "专班", 2026, "2026-07", TASKS)
    cid = app.define_campaign(
        DefineCampaign(spec, actor=TASK_FORCE, now=shanghai(date(2026, 7, 1)))
    ).campaign_id
    app.launch_campaign(LaunchCampaign(cid, actor=TASK_FORCE, now=shanghai(date(2026, 7, 1))))
    tasks = {t.number: t.id for t in app.tasks(cid)}
    for number, series in REPORTS.items():
        for n, month in enumerate((7, 8, 9)):
            values = {code: Decimal(v[n]) for code, v in series.items()}
            on = shanghai(date(2026, month + 1, 3))
            app.submit_report(
                SubmitReport(
                    tasks[number], f"2026-{month:02d}", values, "进展", "", "", actor=UNIT, now=on
                )
            )
    app.complete_milestone(
        CompleteMilestone(tasks["3"], "needs", "", actor=UNIT, now=shanghai(date(2026, 8, 20)))
    )
    model = ReadModel.for_app(app)
    ProjectionRunner(app, model).catch_up()
    yield app, model, cid
    model.close()


def view(model: ReadModel, cid: UUID, on: date) -> CampaignOut:
    with model.read() as q:
        campaign = q.campaign(cid)
        assert campaign is not None
        periods = by_task(q.periods(cid))
        return campaign_out(campaign, q.tasks(cid), periods, [], [], on)


def indicators(out: CampaignOut) -> dict[str, dict[str, Any]]:
    return {i.code: i.model_dump() for t in out.tasks for i in t.indicators}


def test_each_indicator_shows_its_plan_progress_and_forecast(played: Any) -> None:
    _, model, cid = played
    out = view(model, cid, date(2026, 10, 5))  # 96 of the campaign's 183 days
    shown = indicators(out)

    def fields(code: str, *names: str) -> tuple[Any, ...]:
        return tuple(shown[code][n] for n in names)

    cols = ("shape", "planned", "actual", "progress_pct", "forecast", "will_meet", "remaining")
    assert fields("spaces", *cols) == ("count", 94.43, 90, 50.0, 180.32, True, 90)
    assert fields("resolved", *cols) == ("rate", 47.21, 45, 50.0, 90.16, True, 279)
    assert fields("checks", *cols) == ("recurring", 4, 3, 37.5, 6.01, False, 5)
    assert fields("hazards", *cols) == ("checklist", 358.82, 300, 43.9, 601.06, False, 384)
    assert fields("stock", *cols) == ("reduce", 34.75, 37, 30.0, 33.99, False, 7)
    assert fields("platform", *cols) == ("milestones", 2, 1, 33.3, None, None, 2)
    assert shown["resolved"]["case_load"] == 619 and shown["resolved"]["attribute"] == "binding"
    statuses = {code: shown[code]["status"] for code in shown}
    assert statuses == {
        "spaces": "on_track",
        "resolved": "on_track",
        "checks": "at_risk",  # 3 of 4 due, and the trend misses an expected minimum
        "hazards": "at_risk",
        "stock": "late",  # 57% of planned progress, and the trend misses a binding target
        "platform": "late",  # 1 of 2 milestones due
    }
    assert [t.status for t in out.tasks] == ["on_track", "at_risk", "late"]


def test_after_the_deadline_the_plan_is_the_target_and_the_forecast_what_stands(
    played: Any,
) -> None:
    _, model, cid = played
    shown = indicators(view(model, cid, date(2027, 1, 10)))

    assert (shown["spaces"]["planned"], shown["spaces"]["forecast"]) == (180, 90)
    assert shown["spaces"]["will_meet"] is False
    assert shown["checks"]["planned"] == 8


def test_a_lead_unit_reports_resolved_cases_and_sees_the_rate_and_the_cases_to_go(
    api: TestClient, launched: dict[str, Any]
) -> None:
    tid = launched["tasks"]["1"]
    petitions = {
        "code": "resolved", "name": "信访投诉化解率", "unit": "%", "target": 90,
        "attribute": "expected", "deadline": "2026-12-31", "shape": "rate", "case_load": 619,
        "method": "已化解件数 ÷ 619 件",
    }  # fmt: skip
    detail = api.get(f"/api/campaigns/{launched['id']}", headers=COORDINATOR).json()
    task = detail["tasks"][0]
    amended = {
        "number": "1", "title": task["title"], "lead_units": [LEAD], "reason": "补充信访指标",
        "indicators": [*task["indicators"], petitions],
    }  # fmt: skip
    assert api.put(f"/api/tasks/{tid}", json=amended, headers=COORDINATOR).status_code == 200

    period = detail["start_period"]
    both = {"period": period, "progress": "化解", "actuals": {"resolved": 80}}
    both["resolved"] = {"resolved": 557}
    error = api.post(f"/api/tasks/{tid}/reports", json=both, headers=lead()).json()["detail"][0]
    assert error["loc"] == ["body", "resolved", "resolved"]
    wrong = {"period": period, "progress": "化解", "resolved": {"spaces": 5}}
    error = api.post(f"/api/tasks/{tid}/reports", json=wrong, headers=lead()).json()["detail"][0]
    assert (error["loc"], error["type"]) == (["body", "resolved", "spaces"], "value_error")

    body = {"period": period, "progress": "化解557件", "resolved": {"resolved": 557}}
    response = api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead())
    assert response.status_code == 200, response.text
    detail = api.get(f"/api/campaigns/{launched['id']}", headers=COORDINATOR).json()
    shown = {i["code"]: i for i in detail["tasks"][0]["indicators"]}
    assert (shown["resolved"]["actual"], shown["resolved"]["remaining"]) == (89.9838, 1)
    assert shown["resolved"]["method"] == "已化解件数 ÷ 619 件"
    assert (shown["spaces"]["shape"], shown["spaces"]["actual"]) == ("count", None)


def test_a_plan_out_of_month_order_is_refused_naming_the_point(
    api: TestClient, temporal: Temporal
) -> None:
    body = campaign_body(temporal.now(), code="PLAN-1")
    body["tasks"][0]["indicators"][0]["plan"] = [
        {"period": "2026-09", "value": 140},
        {"period": "2026-06", "value": 80},
    ]
    response = api.post("/api/campaigns", json=body, headers=COORDINATOR)
    assert response.status_code == 422, response.text
    error = response.json()["detail"][0]
    assert error["loc"] == ["body", "tasks", 0, "indicators", 0, "plan", 1, "period"]

    body["tasks"][0]["indicators"][0]["plan"].reverse()
    body["tasks"][0]["indicators"][0]["shape"] = "count"
    created = api.post("/api/campaigns", json=body, headers=COORDINATOR)
    assert created.status_code == 201, created.text
    shown = api.get(f"/api/campaigns/{created.json()['id']}", headers=COORDINATOR).json()
    plan = shown["tasks"][0]["indicators"][0]["plan"]
    assert plan == [{"period": "2026-06", "value": 80}, {"period": "2026-09", "value": 140}]
