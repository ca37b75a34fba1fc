"""The battle map (挂图作战) through the API: the grid, its filters and what each unit sees."""

from __future__ import annotations

import uuid
from typing import Any

from fastapi.testclient import TestClient

from tests.api.harness import COORDINATOR, LEAD, OTHER, STRANGER, lead

URL = "/api/battle-map"


def grid(api: TestClient, headers: dict[str, str], **filters: str) -> dict[str, Any]:
    response = api.get(URL, params=filters, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()


def cells(answer: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {c["number"]: c for row in answer["campaigns"] for c in row["cells"]}


def test_the_grid_shows_each_task_against_its_target_and_moves_with_a_report(
    api: TestClient, launched: dict[str, Any]
) -> None:
    before = grid(api, COORDINATOR)
    [row] = before["campaigns"]
    assert (row["id"], row["code"]) == (launched["id"], "PARK-1")
    shown = cells(before)
    assert list(shown) == ["1", "2"]
    parking = shown["1"]
    assert parking["binding"] is True and shown["2"]["binding"] is False
    assert parking["lead_units"] == [LEAD] and parking["scope"] == "full"
    [spaces] = parking["indicators"]
    assert (spaces["code"], spaces["unit"], spaces["target"], spaces["actual"]) == (
        "spaces", "个", 180, None,
    )  # fmt: skip
    assert spaces["attribute"] == "binding" and spaces["planned"] is not None
    assert sum(before["status_counts"].values()) == 2

    period = api.get(f"/api/campaigns/{launched['id']}", headers=COORDINATOR).json()
    body = {"period": period["start_period"], "actuals": {"spaces": 40}, "progress": "新增40个"}
    submitted = api.post(f"/api/tasks/{launched['tasks']['1']}/reports", json=body, headers=lead())
    assert submitted.status_code == 200, submitted.text

    assert cells(grid(api, COORDINATOR))["1"]["indicators"][0]["actual"] == 40
    assert cells(grid(api, lead()))["1"]["indicators"][0]["actual"] == 40
    # Another unit sees the task as the map publishes it: the report is not accepted yet.
    other = cells(grid(api, lead(STRANGER)))["1"]
    assert other["scope"] == "published" and other["indicators"][0]["actual"] is None
    assert other["supervised"] is False


def test_the_grid_narrows_by_unit_binding_status_and_campaign(
    api: TestClient, launched: dict[str, Any]
) -> None:
    assert list(cells(grid(api, COORDINATOR, binding="true"))) == ["1"]
    assert list(cells(grid(api, COORDINATOR, binding="false"))) == ["2"]
    # 区交通委 leads task 2 and supports task 1.
    assert list(cells(grid(api, COORDINATOR, unit=OTHER))) == ["1", "2"]
    assert list(cells(grid(api, COORDINATOR, unit=LEAD))) == ["1"]
    nobody = grid(api, COORDINATOR, unit=STRANGER)
    assert nobody["campaigns"] == [] and nobody["filters"] == {"unit": STRANGER}
    statuses = {c["status"] for c in cells(grid(api, COORDINATOR)).values()}
    for status in statuses:
        narrowed = cells(grid(api, COORDINATOR, status=status))
        assert narrowed and {c["status"] for c in narrowed.values()} == {status}
    one = grid(api, COORDINATOR, campaign=launched["id"])
    assert [r["id"] for r in one["campaigns"]] == [launched["id"]]


def test_a_bad_filter_is_refused_by_name(api: TestClient, launched: dict[str, Any]) -> None:
    unknown = api.get(URL, params={"campaign": str(uuid.uuid4())}, headers=COORDINATOR)
    assert unknown.status_code == 404
    assert unknown.json()["detail"][0]["loc"] == ["query", "campaign"]
    for name, value in (("status", "green"), ("binding", "maybe"), ("campaign", "PARK-1")):
        refused = api.get(URL, params={name: value}, headers=COORDINATOR)
        assert refused.status_code == 422, (name, refused.text)
        assert refused.json()["detail"][0]["loc"] == ["query", name]
    assert api.get(URL, params={"unit": "x" * 101}, headers=COORDINATOR).status_code == 422
    assert api.get(URL).status_code == 401
    # Bytes that are no text, a NUL, full-width letters: no unit by that name, never a 500.
    for raw in ("%ED%A0%80", "%00", "%EF%BC%A1%EF%BC%A2", "%FF%FE"):
        answer = api.get(f"{URL}?unit={raw}", headers=COORDINATOR)
        assert answer.status_code in (200, 422), (raw, answer.text)
        if answer.status_code == 200:
            assert answer.json()["campaigns"] == []
