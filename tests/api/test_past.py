"""Reads of the past: what the battle map and a campaign showed at an instant is shown again
exactly, later, after a correction; as of a business date before a fact, the fact is absent."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from fastapi.testclient import TestClient

from domain.application import business_day
from tests.api.harness import COORDINATOR, Temporal, lead


def test_what_was_shown_then_is_shown_again_after_a_correction(
    api: TestClient, temporal: Temporal, launched: dict[str, Any]
) -> None:
    tid, cid = launched["tasks"]["1"], launched["id"]
    today = business_day(temporal.now())
    period = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["start_period"]
    body = {"period": period, "actuals": {"spaces": 40}, "progress": "新增40个"}
    assert api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead()).status_code == 200
    shown_map = api.get("/api/battle-map", headers=COORDINATOR).json()
    shown_campaign = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
    known_on = temporal.now()  # events are recorded at their command's instant: this clock
    temporal.sleep(1 / 24)  # an hour later, the report is returned and corrected
    url = f"/api/tasks/{tid}/reports/{period}"
    assert (
        api.post(f"{url}/return", json={"reason": "口径"}, headers=COORDINATOR).status_code == 200
    )
    corrected = {**body, "actuals": {"spaces": 60}}
    assert api.post(f"/api/tasks/{tid}/reports", json=corrected, headers=lead()).status_code == 200
    now_map = api.get("/api/battle-map", headers=COORDINATOR).json()
    assert now_map != shown_map

    cut = {"as_of": today.isoformat(), "known_on": known_on.isoformat()}
    then = api.get("/api/past/battle-map", params=cut, headers=COORDINATOR)
    assert then.status_code == 200, then.text
    assert then.json() == shown_map
    assert then.headers["x-xiuhua-view"].startswith("past; as-of=")
    campaign = api.get(f"/api/past/campaigns/{cid}", params=cut, headers=COORDINATOR).json()
    assert campaign == shown_campaign
    as_of_today = api.get("/api/past/battle-map", params={"as_of": str(today)}, headers=COORDINATOR)
    assert as_of_today.json() == now_map  # every fact is dated today: as of today is now

    before = {"as_of": (today - timedelta(days=1)).isoformat()}
    assert api.get("/api/past/campaigns", params=before, headers=COORDINATOR).json() == []


def test_a_view_of_the_past_needs_a_cut_with_its_zone(
    api: TestClient, launched: dict[str, Any]
) -> None:
    for params, loc in (
        ({}, ["query", "as_of"]),
        ({"known_on": "2093-03-10T12:00:00"}, ["query", "known_on"]),
        ({"as_of": "２０９３-03-10"}, ["query", "as_of"]),
    ):
        refused = api.get("/api/past/battle-map", params=params, headers=COORDINATOR)
        assert refused.status_code == 422, (params, refused.text)
        assert refused.json()["detail"][0]["loc"] == loc
    assert api.get("/api/past/battle-map", params={"as_of": "2093-03-10"}).status_code == 401


def test_a_correction_entered_later_counts_as_of_its_period_but_not_as_known_then(
    api: TestClient, temporal: Temporal, launched: dict[str, Any]
) -> None:
    tid, cid = launched["tasks"]["1"], launched["id"]
    period = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["start_period"]
    body = {"period": period, "actuals": {"spaces": 40}, "progress": "新增40个"}
    assert api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead()).status_code == 200
    month_end = business_day(temporal.now()).replace(day=31)  # March
    seen_then = temporal.now()
    temporal.sleep(40)  # late April: the report is found wrong and corrected
    url = f"/api/tasks/{tid}/reports/{period}"
    returned = api.post(f"{url}/return", json={"reason": "口径"}, headers=COORDINATOR)
    assert returned.status_code == 200
    corrected = {**body, "actuals": {"spaces": 60}}
    assert api.post(f"/api/tasks/{tid}/reports", json=corrected, headers=lead()).status_code == 200

    def spaces(params: dict[str, str]) -> Any:
        grid = api.get("/api/past/battle-map", params=params, headers=COORDINATOR).json()
        cells = {c["number"]: c for row in grid["campaigns"] for c in row["cells"]}
        return cells["1"]["indicators"][0]["actual"]

    assert spaces({"as_of": str(month_end)}) == 60  # about March, as now known
    assert spaces({"known_on": seen_then.isoformat()}) == 40  # what March's readers saw

    # The battle map page's date control says plainly that it shows the past.
    then = api.get("/battle-map", params={"known_on": str(seen_then.date())}, headers=COORDINATOR)
    assert then.status_code == 200 and 'id="past-view"' in then.text
    assert "不含此后的更正" in then.text and "新增共享停车位：40 个" in then.text
    as_of = api.get("/battle-map", params={"as_of": str(month_end)}, headers=COORDINATOR)
    assert "含此后的更正" in as_of.text and "新增共享停车位：60 个" in as_of.text
    wide = api.get("/battle-map", params={"as_of": "２０９３-03-31"}, headers=COORDINATOR)
    assert wide.status_code == 422 and 'id="err-as_of"' in wide.text
    assert "不是有效的日期" in wide.text and 'id="past-view"' not in wide.text  # today's, said so


def test_a_view_known_on_a_moment_not_yet_past_takes_in_what_is_recorded_until_then(
    api: TestClient, temporal: Temporal, launched: dict[str, Any]
) -> None:
    """'As known on' the end of today, asked twice with a report between: the second answer has
    it (a view kept from the first ask would not)."""
    tid, cid = launched["tasks"]["1"], launched["id"]
    end_of_day = (temporal.now() + timedelta(hours=1)).isoformat()
    cut = {"known_on": end_of_day}

    def reported() -> int:
        past = api.get(f"/api/past/campaigns/{cid}", params=cut, headers=COORDINATOR).json()
        task = next(t for t in past["tasks"] if t["id"] == tid)
        return sum(1 for p in task["periods"] if p.get("submitted_on"))

    assert reported() == 0
    period = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["start_period"]
    body = {"period": period, "actuals": {"spaces": 40}, "progress": "新增40个"}
    assert api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead()).status_code == 200
    assert reported() == 1
