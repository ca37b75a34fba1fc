"""The audit trail through the API: every event with who, unit, both dates and the reason,
narrowed by any filter, and exported as CSV and .xlsx that no spreadsheet runs as a formula."""

from __future__ import annotations

import csv
import io
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.api.harness import COORDINATOR, EVALUATOR, LEAD, lead

REASON = '=HYPERLINK("http://evil.example","口径不一致")'


def returned_once(api: TestClient, launched: dict[str, Any]) -> str:
    tid = launched["tasks"]["1"]
    period = api.get(f"/api/campaigns/{launched['id']}", headers=COORDINATOR).json()["start_period"]
    body = {"period": period, "actuals": {"spaces": 40}, "progress": "新增40个"}
    assert api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead()).status_code == 200
    url = f"/api/tasks/{tid}/reports/{period}/return"
    assert api.post(url, json={"reason": REASON}, headers=COORDINATOR).status_code == 200
    return tid


def test_the_trail_narrows_by_every_filter(api: TestClient, launched: dict[str, Any]) -> None:
    tid = returned_once(api, launched)
    every = api.get("/api/audit", params={"campaign": launched["id"]}, headers=EVALUATOR).json()
    assert [e["position"] for e in every] == sorted(e["position"] for e in every)
    assert {"Campaign.Launched", "Task.ReportSubmitted", "Task.ReportReturned"} <= {
        e["type"] for e in every
    }
    [returned] = api.get(
        "/api/audit", params={"type": "ReportReturned"}, headers=COORDINATOR
    ).json()
    assert returned["task_id"] == tid and "口径不一致" in returned["summary"]
    assert returned["actor_unit"] == "专班" and returned["on"] and returned["recorded_at"]
    by_lead = api.get("/api/audit", params={"unit": LEAD}, headers=COORDINATOR).json()
    assert by_lead and all(e["task_id"] == tid or e["actor_unit"] == LEAD for e in by_lead)
    submitted_by = next(e for e in every if e["type"] == "Task.ReportSubmitted")["actor_user"]
    mine = api.get("/api/audit", params={"user": submitted_by}, headers=COORDINATOR).json()
    assert {e["type"] for e in mine} == {"Task.ReportSubmitted"}
    assert api.get("/api/audit", params={"text": "口径"}, headers=COORDINATOR).json() == [returned]
    later = {"on_from": "2099-01-01"}
    assert api.get("/api/audit", params=later, headers=COORDINATOR).json() == []
    recorded = {"recorded_from": returned["recorded_at"]}
    since = api.get("/api/audit", params=recorded, headers=COORDINATOR).json()
    assert returned in since


def test_the_trail_exports_as_csv_and_xlsx_without_formulas(
    api: TestClient, launched: dict[str, Any]
) -> None:
    returned_once(api, launched)
    query = {"campaign": launched["id"], "type": "ReportReturned"}
    got = api.get("/api/audit", params={**query, "format": "csv"}, headers=COORDINATOR)
    assert got.status_code == 200 and got.headers["content-type"].startswith("text/csv")
    assert got.content.startswith("\ufeff".encode())
    header, row = list(csv.reader(io.StringIO(got.content.decode("utf-8-sig"))))
    assert header[0].startswith("序号") and row[1] == "PARK-1" and row[3] == "Task.ReportReturned"
    assert row[-1].startswith("revision 1 returned: =HYPERLINK")  # not at the start: harmless
    sheet = api.get("/api/audit", params={**query, "format": "xlsx"}, headers=COORDINATOR)
    cells = [
        c for r in load_workbook(io.BytesIO(sheet.content)).active.iter_rows() for c in r if c.value
    ]
    assert not [c for c in cells if c.data_type == "f"]
    assert any("口径不一致" in str(c.value) for c in cells)


def test_the_trail_is_the_task_forces_and_refuses_bad_filters_by_name(
    api: TestClient, launched: dict[str, Any]
) -> None:
    assert api.get("/api/audit", headers=lead()).status_code == 403
    for name, value in (
        ("recorded_from", "2093-03-01T00:00:00"),
        ("on_from", "２０９３-03-01"),
        ("type", "Report'; DROP TABLE rm_events;--"),
        ("format", "pdf"),
        ("campaign", "PARK-1"),
    ):
        refused = api.get("/api/audit", params={name: value}, headers=COORDINATOR)
        assert refused.status_code == 422, (name, refused.text)
        assert refused.json()["detail"][0]["loc"] == ["query", name]
    odd = {"text": "%_!'\"\\"}
    assert api.get("/api/audit", params=odd, headers=COORDINATOR).json() == []
