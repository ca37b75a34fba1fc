"""A report draft (草稿) is the lead unit's own until it submits: saved, read back and replaced
by that unit alone, refused by field like a report, gone once the report is submitted."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.harness import COORDINATOR, OTHER, lead


def test_a_draft_is_kept_for_its_unit_until_the_report_is_submitted(
    api: TestClient, launched: dict[str, Any]
) -> None:
    tid = launched["tasks"]["1"]
    period = api.get(f"/api/campaigns/{launched['id']}", headers=COORDINATOR).json()["start_period"]
    url = f"/api/tasks/{tid}/reports/{period}/draft"
    assert api.get(url, headers=lead()).json()["saved_at"] is None

    saved = api.put(url, json={"actuals": {"spaces": 12}, "progress": "已完成12个"}, headers=lead())
    assert saved.status_code == 200, saved.text
    again = api.put(url, json={"actuals": {"spaces": 15}}, headers=lead())
    assert again.status_code == 200, again.text
    kept = api.get(url, headers=lead()).json()
    assert (kept["actuals"], kept["progress"], kept["period"]) == ({"spaces": 15}, "", period)
    for stranger in (lead(OTHER), COORDINATOR):
        assert api.get(url, headers=stranger).status_code == 403
        assert api.put(url, json={}, headers=stranger).status_code == 403

    body = {"period": period, "actuals": {"spaces": 15}, "progress": "已完成15个"}
    submitted = api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead())
    assert submitted.status_code == 200, submitted.text
    assert api.get(url, headers=lead()).json()["saved_at"] is None


def test_a_bad_draft_is_refused_by_field_and_keeps_the_last_one(
    api: TestClient, launched: dict[str, Any]
) -> None:
    tid = launched["tasks"]["1"]
    period = api.get(f"/api/campaigns/{launched['id']}", headers=COORDINATOR).json()["start_period"]
    url = f"/api/tasks/{tid}/reports/{period}/draft"
    assert api.put(url, json={"progress": "初稿"}, headers=lead()).status_code == 200

    for body, loc in (
        ({"actuals": {"spaces": "1E+999999"}}, ["body", "actuals", "spaces"]),
        ({"actuals": {"spaces": "NaN"}}, ["body", "actuals", "spaces"]),
        ({"progress": "坏\u0000字"}, ["body", "progress"]),
    ):
        refused = api.put(url, json=body, headers=lead())
        assert refused.status_code == 422, refused.text
        assert refused.json()["detail"][0]["loc"] == loc
    wrong = api.put(f"/api/tasks/{tid}/reports/２０９３-03/draft", json={}, headers=lead())
    assert wrong.status_code == 422 and wrong.json()["detail"][0]["loc"] == ["path", "period"]
    assert api.get(url, headers=lead()).json()["progress"] == "初稿"
    assert api.delete(url, headers=lead()).status_code == 204
    assert api.get(url, headers=lead()).json()["progress"] == ""
