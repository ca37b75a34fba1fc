"""A frozen pack shows again exactly what was shown at its cut, and beside it what corrections
entered later changed about the same dates."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.harness import COORDINATOR, EVALUATOR, Temporal, lead


def test_a_pack_shows_its_moment_again_and_marks_what_was_corrected_since(
    api: TestClient, temporal: Temporal, launched: dict[str, Any]
) -> None:
    tid, cid = launched["tasks"]["1"], launched["id"]
    period = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["start_period"]
    body = {"period": period, "actuals": {"spaces": 40}, "progress": "新增40个"}
    assert api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead()).status_code == 200
    shown = api.get("/api/battle-map", params={"campaign": cid}, headers=COORDINATOR).json()
    frozen = api.post(
        "/api/packs", json={"title": "三月推进会", "campaign": cid}, headers=EVALUATOR
    )
    assert frozen.status_code == 201, frozen.text
    pack = frozen.json()["id"]
    temporal.sleep(1 / 24)
    url = f"/api/tasks/{tid}/reports/{period}"
    assert api.post(f"{url}/return", json={"reason": "口径"}, headers=COORDINATOR).is_success
    fixed = {**body, "actuals": {"spaces": 55}}
    assert api.post(f"/api/tasks/{tid}/reports", json=fixed, headers=lead()).is_success

    again = api.get(f"/api/packs/{pack}", headers=COORDINATOR).json()
    assert again["battle_map"] == shown and again["title"] == "三月推进会"
    [corrected] = again["corrected_since"]
    assert (corrected["task_number"], corrected["figures_then"], corrected["figures_now"]) == (
        "1", {"spaces": 40.0}, {"spaces": 55.0},
    )  # fmt: skip
    assert [p["id"] for p in api.get("/api/packs", headers=EVALUATOR).json()] == [pack]
    assert api.post("/api/packs", json={"title": "x"}, headers=lead()).status_code == 403
    later = {"title": "未来", "cut": "2999-01-01T00:00:00+08:00"}
    refused = api.post("/api/packs", json=later, headers=COORDINATOR)
    assert refused.status_code == 422 and refused.json()["detail"][0]["loc"][-1] == "cut"
