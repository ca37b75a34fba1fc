"""Downloads: the status workbook read back with openpyxl, plans back in the import formats,
and who may download what."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any
from urllib.parse import unquote

import pytest
import yaml
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from domain.calendar import local
from infra.export.sheets import XLSX
from infra.planfile import campaign_spec
from tests.api.harness import (
    COORDINATOR,
    EVALUATOR,
    LEAD,
    OTHER,
    Temporal,
    campaign_body,
    eventually,
    lead,
)

LABELS = {"on_track": "正常", "at_risk": "有风险", "late": "滞后"}
STATUS_URL = "/api/exports/status.xlsx"
REPORTED = "修建立体停车库"  # the third task, led by LEAD, whose report is returned


def body_with_three_tasks(temporal: Temporal) -> dict[str, Any]:
    body = campaign_body(temporal.now())
    body["tasks"].append({"number": "3", "title": REPORTED, "lead_units": [LEAD]})
    return body


def define_and_launch(api: TestClient, body: dict[str, Any]) -> dict[str, Any]:
    cid = api.post("/api/campaigns", json=body, headers=COORDINATOR).json()["id"]
    assert api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR).status_code == 200

    def opened() -> dict[str, Any] | None:
        detail = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
        return detail if all(t["periods"] for t in detail["tasks"]) else None

    return eventually(opened)


def skip_to(temporal: Temporal, day: date) -> None:
    temporal.sleep((local(day, 12) - temporal.now()) / timedelta(days=1))


def report(period: str, **fields: Any) -> dict[str, Any]:
    return {
        "period": period,
        "actuals": {},
        "progress": "按计划推进",
        "problems": "部分小区协调难",
        "next_steps": "推进错峰共享",
        **fields,
    }


def table(ws: Worksheet) -> tuple[list[str], list[dict[str, Any]]]:
    """The sheet's title lines and its rows as dicts keyed by the header row."""
    values = list(ws.iter_rows(values_only=True))
    at = next(n for n, row in enumerate(values) if row[1] == "序号")
    titles = [row[0] for row in values[:at] if row[0]]
    return titles, [dict(zip(values[at], row, strict=True)) for row in values[at + 1 :]]


def workbook(response: Any) -> Any:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == XLSX
    return load_workbook(io.BytesIO(response.content))


def filename(response: Any) -> str:
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment; filename=")
    return unquote(disposition.split("filename*=UTF-8''")[1])


@pytest.fixture
def reported(api: TestClient, temporal: Temporal) -> dict[str, Any]:
    """Task 1 reported on time and accepted, task 2 never reported and now overdue, task 3
    reported on time and returned after the due date."""
    detail = define_and_launch(api, body_with_three_tasks(temporal))
    period = detail["start_period"]
    ids = {t["number"]: t["id"] for t in detail["tasks"]}
    first = report(period, actuals={"spaces": 180})
    assert api.post(f"/api/tasks/{ids['1']}/reports", json=first, headers=lead()).is_success
    accept = f"/api/tasks/{ids['1']}/reports/{period}/accept"
    assert api.post(accept, headers=COORDINATOR).is_success
    third = report(period, problems="资金未到位")
    assert api.post(f"/api/tasks/{ids['3']}/reports", json=third, headers=lead()).is_success
    due = date.fromisoformat(detail["tasks"][1]["periods"][0]["due_on"])
    skip_to(temporal, due + timedelta(days=1))

    def overdue() -> bool:
        return bool(api.get("/api/overdue", headers=COORDINATOR).json())

    eventually(overdue)
    reason = {"reason": "数据口径不一致"}
    url = f"/api/tasks/{ids['3']}/reports/{period}/return"
    assert api.post(url, json=reason, headers=COORDINATOR).is_success
    return {"id": detail["id"], "period": period, "name": detail["name"]}


def test_the_status_workbook_shows_each_task_as_the_api_judges_it(
    api: TestClient, reported: dict[str, Any]
) -> None:
    response = api.get(STATUS_URL, headers=COORDINATOR)
    wb = workbook(response)
    period = reported["period"]
    assert filename(response) == f"专项行动推进情况_{period}.xlsx"
    assert f'filename="status_{period}.xlsx"' in response.headers["content-disposition"]
    assert wb.sheetnames == ["汇总", "PARK-1"]
    summary = wb["汇总"]
    titles, rows = table(summary)
    assert titles[0] == "城市管理精细化专项行动推进情况汇总表"
    assert titles[1].startswith(f"报送期：{period}　　截至：")
    assert summary.freeze_panes == "A5"
    assert summary["C5"].alignment.wrap_text
    assert summary.column_dimensions["C"].width == 30

    by_number = {r["序号"]: r for r in rows}
    assert set(by_number) == {"1", "2", "3"}
    one, two, three = by_number["1"], by_number["2"], by_number["3"]
    assert one["专项行动"] == reported["name"]
    assert (one["目标任务"], one["牵头单位"], one["配合单位"]) == ("新增共享停车位", LEAD, OTHER)
    assert one["目标"] == "新增共享停车位 180 个"
    assert one["本月实际"] == "新增共享停车位 180 个"
    assert (one["存在问题"], one["下步计划"]) == ("部分小区协调难", "推进错峰共享")
    assert one["报送情况"] == "已通过"
    assert (two["报送情况"], two["本月实际"], two["存在问题"]) == ("逾期未报", None, None)
    assert three["报送情况"] == "已退回：数据口径不一致"
    assert three["存在问题"] is None  # a returned report does not stand

    api_tasks = api.get(f"/api/campaigns/{reported['id']}", headers=COORDINATOR).json()["tasks"]
    assert {t["number"]: LABELS[t["status"]] for t in api_tasks} == {
        "1": "正常",
        "2": "滞后",
        "3": "有风险",
    }
    assert {n: r["状态"] for n, r in by_number.items()} == {
        t["number"]: LABELS[t["status"]] for t in api_tasks
    }
    _, campaign_rows = table(wb["PARK-1"])
    assert campaign_rows == rows


def test_the_status_workbook_for_a_chosen_period_shows_that_periods_reports(
    api: TestClient, reported: dict[str, Any]
) -> None:
    year, month = (int(p) for p in reported["period"].split("-"))
    later = f"{year + month // 12}-{month % 12 + 1:02d}"
    titles, rows = table(
        workbook(api.get(STATUS_URL, params={"period": later}, headers=EVALUATOR))["汇总"]
    )
    assert titles[1].startswith(f"报送期：{later}")
    assert all(r["报送情况"].startswith(("待报送", "未开放")) for r in rows)
    assert all(r["本月实际"] is None for r in rows)

    bad = api.get(STATUS_URL, params={"period": f"{year}-13"}, headers=COORDINATOR)
    assert bad.status_code == 422
    assert bad.json()["detail"][0]["loc"] == ["query", "period"]


def test_a_lead_unit_downloads_the_status_of_its_own_tasks_only(
    api: TestClient, reported: dict[str, Any]
) -> None:
    response = api.get(STATUS_URL, headers=lead())
    titles, rows = table(workbook(response)["汇总"])
    assert sorted(r["序号"] for r in rows) == ["1", "3"]
    assert titles[1].endswith(f"范围：{LEAD}")
    assert filename(response) == f"专项行动推进情况_{LEAD}_{reported['period']}.xlsx"
    _, others = table(workbook(api.get(STATUS_URL, headers=lead(OTHER)))["汇总"])
    assert [(r["序号"], r["状态"]) for r in others] == [("2", "滞后")]
    _, nobody = table(workbook(api.get(STATUS_URL, headers=lead("区绿化市容局")))["汇总"])
    assert nobody == []


def test_downloads_need_a_known_token(api: TestClient, campaign: dict[str, Any]) -> None:
    for url in (
        STATUS_URL,
        f"/api/campaigns/{campaign['id']}/plan.yaml",
        f"/api/campaigns/{campaign['id']}/plan.xlsx",
    ):
        for headers in ({}, {"Authorization": "Bearer nobody"}):
            response = api.get(url, headers=headers)
            assert response.status_code == 401, url
            assert response.json()["detail"][0]["type"] == "unauthorized"


def test_the_plan_comes_back_as_the_import_file_with_amendments_applied(
    api: TestClient, temporal: Temporal, launched: dict[str, Any]
) -> None:
    body = campaign_body(temporal.now())
    amendment = {**body["tasks"][1], "supporting_units": [LEAD], "reason": "增加配合单位"}
    tid = launched["tasks"]["2"]
    assert api.put(f"/api/tasks/{tid}", json=amendment, headers=COORDINATOR).is_success
    body["tasks"][1]["supporting_units"] = [LEAD]

    response = api.get(f"/api/campaigns/{launched['id']}/plan.yaml", headers=lead())
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/yaml; charset=utf-8"
    assert filename(response) == "PARK-1_共享停车资源优化.yaml"
    assert "共享停车资源优化" in response.text  # written as is, not escaped
    (plan,) = yaml.safe_load(response.text)["campaigns"]
    assert campaign_spec(plan) == campaign_spec(body)


def test_the_plan_comes_back_as_the_task_decomposition_table(
    api: TestClient, temporal: Temporal, campaign: dict[str, Any]
) -> None:
    response = api.get(f"/api/campaigns/{campaign['id']}/plan.xlsx", headers=COORDINATOR)
    assert filename(response) == "PARK-1_共享停车资源优化_任务分解表.xlsx"
    titles, rows = table(workbook(response).active)
    assert titles == ["共享停车资源优化专项行动任务分解表"]
    deadline = f"{campaign_body(temporal.now())['year']}-12-31"
    name = "共享停车资源优化"
    first = (name, 1, "新增共享停车位", LEAD, OTHER, "新增共享停车位", "个", 0, 180)
    assert [tuple(r.values()) for r in rows] == [
        (*first, "约束性", deadline),
        (None, 2, "违建存量削减", OTHER, None, None, None, None, None, None, None),
    ]


def test_a_plan_of_an_unknown_campaign_is_not_found(api: TestClient) -> None:
    url = "/api/campaigns/00000000-0000-0000-0000-000000000001/plan.yaml"
    response = api.get(url, headers=COORDINATOR)
    assert response.status_code == 404
    assert response.json()["detail"][0]["loc"] == ["path", "campaign_id"]


def test_a_lead_unit_signed_in_under_an_alias_downloads_the_same_tasks(
    api: TestClient, reported: dict[str, Any]
) -> None:
    registered = api.post(
        "/api/units", json={"name": LEAD, "aliases": ["城管执法局"]}, headers=COORDINATOR
    )
    assert registered.status_code in (200, 201), registered.text
    _, rows = table(workbook(api.get(STATUS_URL, headers=lead("城管执法局")))["汇总"])
    assert sorted(r["序号"] for r in rows) == ["1", "3"]
