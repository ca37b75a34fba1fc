"""The year-end report of a campaign (or a unit's part of it): one offline HTML page with the
score part by part and the year's charts, or an .xlsx workbook of the same numbers."""

from __future__ import annotations

import io
from typing import Any

from fastapi.testclient import TestClient
from openpyxl import load_workbook

from tests.api.harness import COORDINATOR, EVALUATOR, LEAD, lead


def test_the_year_end_report_opens_offline_and_exports_its_numbers(
    api: TestClient, launched: dict[str, Any]
) -> None:
    cid = launched["id"]
    year = int(api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["start_period"][:4])
    params = {"campaign": cid, "year": year}
    report = api.get("/api/reports/year-end", params=params, headers=EVALUATOR)
    assert report.status_code == 200, report.text
    text = report.text
    assert report.headers["content-type"].startswith("text/html")
    assert f"共享停车资源优化 {year}年度评估报告" in text and "Plotly.newPlot" in text
    assert '<script src="http' not in text  # plotly.js inline, nothing fetched
    assert "attainment" in text and "按时报送率" in text

    book = api.get("/api/reports/year-end", params={**params, "format": "xlsx"}, headers=EVALUATOR)
    sheets = load_workbook(io.BytesIO(book.content)).sheetnames
    assert sheets[0] == "score" and len(sheets) == 4

    unit = api.get("/api/reports/year-end", params={**params, "unit": LEAD}, headers=COORDINATOR)
    assert unit.status_code == 200 and f"（{LEAD}）" in unit.text
    assert api.get("/api/reports/year-end", params=params, headers=lead()).status_code == 403
    odd = api.get("/api/reports/year-end", params={**params, "rubric": "x"}, headers=EVALUATOR)
    assert odd.status_code == 404
