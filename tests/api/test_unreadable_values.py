"""Reads that survive one bad value: a report stored before the border refused it (issue 7's
1E+999999, a NaN put in beneath the API) makes its task `not_computable` with the reason, and the
portfolio, the campaign, the unit inbox, the events and the status exports still answer. The
coordinator returns that report and the unit corrects it."""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from domain.application import Xiuhua, business_day
from domain.audit import acting
from domain.values import Actor
from tests.api.harness import COORDINATOR, LEAD, OTHER, Temporal, eventually, lead

BAD_VALUES = ["1E+999999", "NaN", "-Infinity", "9" * 400]


def store_beneath_the_border(
    app: Xiuhua, task_id: str, period: str, value: Decimal, temporal: Temporal
) -> None:
    """A report submitted and accepted by the aggregate's own event methods, as an old version
    of the API let it be stored."""
    task = app.task(UUID(task_id))
    on = business_day(temporal.now())
    with acting(Actor("li.na", LEAD), on):
        task._submit(period, {"spaces": value}, "进展", "", "", 1, False)
    with acting(Actor("zhang.wei", "专班"), on):
        task._accept(period, 1)
    app.save(task)


def task_view(api: TestClient, campaign_id: str, number: str) -> dict[str, Any]:
    response = api.get(f"/api/campaigns/{campaign_id}", headers=COORDINATOR)
    assert response.status_code == 200, response.text
    return next(t for t in response.json()["tasks"] if t["number"] == number)


@pytest.mark.parametrize("bad", BAD_VALUES, ids=["1E+999999", "NaN", "-Infinity", "400-nines"])
def test_one_unreadable_report_leaves_every_read_standing_and_can_be_corrected(
    api: TestClient, app: Xiuhua, temporal: Temporal, launched: dict[str, Any], bad: str
) -> None:
    cid, tid = launched["id"], launched["tasks"]["1"]
    today = business_day(temporal.now())
    period = f"{today.year}-{today.month:02d}"
    store_beneath_the_border(app, tid, period, Decimal(bad), temporal)

    shown = eventually(lambda: (t := task_view(api, cid, "1"))["status"] == "not_computable" and t)
    assert "cannot be read" in shown["status_reason"] and "无法读取" in shown["status_reason"]
    (spaces,) = shown["indicators"]
    assert spaces["status"] == "not_computable" and spaces["actual"] is None
    assert spaces["problem"] and spaces["planned"] is not None
    assert "spaces" not in shown["latest_actuals"]
    assert task_view(api, cid, "2")["status"] == "on_track"

    portfolio = api.get("/api/campaigns", headers=COORDINATOR)
    assert portfolio.status_code == 200, portfolio.text
    (summary,) = portfolio.json()
    assert summary["status_counts"]["not_computable"] == 1
    assert summary["status_counts"]["on_track"] == 1
    for url, headers in [
        (f"/api/campaigns/{cid}", lead()),
        (f"/api/campaigns/{cid}/events", COORDINATOR),
        (f"/api/units/{LEAD}/inbox", lead()),
        (f"/api/units/{OTHER}/inbox", lead(OTHER)),
        ("/api/overdue", COORDINATOR),
        (f"/api/campaigns/{cid}/plan.yaml", COORDINATOR),
        ("/api", COORDINATOR),
    ]:
        response = api.get(url, headers=headers)
        assert response.status_code == 200, (url, response.text)
    for headers in (COORDINATOR, lead()):
        export = api.get(f"/api/exports/status.xlsx?period={period}", headers=headers)
        assert export.status_code == 200, export.text
        cells = [
            str(c.value or "")
            for row in load_workbook(BytesIO(export.content)).active.iter_rows()
            for c in row
        ]
        assert "无法计算" in cells
        assert any("数值无法读取" in c for c in cells)

    reports = f"/api/tasks/{tid}/reports"
    returned = api.post(
        f"{reports}/{period}/return", json={"reason": "数值有误，请更正"}, headers=COORDINATOR
    )
    assert returned.status_code == 200, returned.text
    body = {"period": period, "actuals": {"spaces": 30}, "progress": "更正后的进展"}
    corrected = api.post(reports, json=body, headers=lead())
    assert corrected.status_code in (200, 202), corrected.text
    fixed = task_view(api, cid, "1")
    assert fixed["status"] != "not_computable" and fixed["status_reason"] is None
    assert fixed["latest_actuals"] == {"spaces": 30.0}
    assert [p["revision"] for p in fixed["periods"] if p["period"] == period] == [2]
