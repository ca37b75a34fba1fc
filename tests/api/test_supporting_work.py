"""Through the API: a supporting unit's contribution beside the lead unit's report, the units
that contributed nothing, and supervision opened by the task force by hand."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient

from tests.api.harness import COORDINATOR, LEAD, OTHER, STRANGER, lead, support


def task_one(api: TestClient, cid: str, headers: dict[str, str]) -> dict[str, Any]:
    detail = api.get(f"/api/campaigns/{cid}", headers=headers).json()
    return next(t for t in detail["tasks"] if t["number"] == "1")


def test_a_supporting_unit_contributes_and_the_lead_unit_sees_it(
    api: TestClient, launched: dict[str, Any]
) -> None:
    cid, tid = launched["id"], launched["tasks"]["1"]
    [period] = task_one(api, cid, COORDINATOR)["periods"]
    assert period["silent_supporters"] == [OTHER]  # 区交通委 supports task 1
    url = f"/api/tasks/{tid}/contributions"
    body = {"period": period["period"], "text": "协调公交场站夜间开放", "figures": {"spaces": 12}}

    # 区交通委 leads task 2 and supports task 1: with either role's token it may contribute.
    first = api.post(url, json=body, headers=lead(OTHER))
    assert first.status_code == 200, first.text
    second = api.post(url, json={**body, "text": "又开放2处"}, headers=support(OTHER))
    assert second.status_code == 200, second.text

    for reader in (COORDINATOR, lead()):
        [shown] = task_one(api, cid, reader)["periods"]
        assert shown["silent_supporters"] == []
        [given] = shown["contributions"]
        assert (given["unit"], given["text"], given["figures"]) == (
            OTHER,
            "又开放2处",
            {"spaces": 12},
        )
    # A unit with no part in the task sees what the battle map publishes: no contributions.
    [published] = task_one(api, cid, lead(STRANGER))["periods"]
    assert published["contributions"] == [] and published["silent_supporters"] == []
    events = api.get(f"/api/campaigns/{cid}/events", headers=COORDINATOR).json()
    assert sum("contribution from" in e["summary"] for e in events) == 2


def test_only_the_tasks_supporting_units_contribute_and_bad_input_is_named(
    api: TestClient, launched: dict[str, Any]
) -> None:
    cid, tid = launched["id"], launched["tasks"]["1"]
    [period] = task_one(api, cid, COORDINATOR)["periods"]
    url = f"/api/tasks/{tid}/contributions"
    body = {"period": period["period"], "text": "配合巡查"}

    for who in (lead(), lead(STRANGER), COORDINATOR):
        refused = api.post(url, json=body, headers=who)
        assert refused.status_code == 403, refused.text
    assert "配合单位" in api.post(url, json=body, headers=lead()).json()["detail"][0]["msg"]
    bad = [
        ({**body, "figures": {"nope": 1}}, ["body", "figures", "nope"]),
        ({**body, "text": ""}, ["body", "text"]),
        ({**body, "period": "２０９３-03"}, ["body", "period"]),
        ({**body, "figures": {"spaces": "NaN"}}, ["body", "figures", "spaces"]),
    ]
    for given, loc in bad:
        answer = api.post(url, json=given, headers=lead(OTHER))
        assert answer.status_code == 422, (given, answer.text)
        assert answer.json()["detail"][0]["loc"][-len(loc) :] == loc, answer.text
    [period] = task_one(api, cid, COORDINATOR)["periods"]
    assert period["contributions"] == [] and period["silent_supporters"] == [OTHER]


def test_the_task_force_opens_supervision_by_hand_and_closes_it(
    api: TestClient, launched: dict[str, Any]
) -> None:
    cid, tid = launched["id"], launched["tasks"]["2"]
    url = f"/api/tasks/{tid}/supervision"
    assert api.post(f"{url}/open", json={"reason": "约谈"}, headers=lead(OTHER)).status_code == 403
    opened = api.post(
        f"{url}/open", json={"reason": "存量违建削减缓慢，专班督导"}, headers=COORDINATOR
    )
    assert opened.status_code == 200, opened.text
    again = api.post(f"{url}/open", json={"reason": "再次"}, headers=COORDINATOR)
    assert again.status_code == 409

    detail = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
    task = next(t for t in detail["tasks"] if t["id"] == tid)
    assert task["open_supervision"]["reason"] == "存量违建削减缓慢，专班督导"
    assert task["open_supervision"]["supervision_id"].startswith("manual:")
    closed = api.post(f"{url}/close", json={"reason": "已整改"}, headers=COORDINATOR)
    assert closed.status_code == 200, closed.text
    assert LEAD  # the lead of task 1 is untouched by task 2's supervision
