"""The units registry through the API, and access scoped by it: a lead unit known by an alias,
or a member of a lead group, reports for the task and sees it in its inbox."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.application import Xiuhua
from tests.api.harness import (
    ADMIN,
    COORDINATOR,
    EVALUATOR,
    LEAD,
    OTHER,
    Temporal,
    campaign_body,
    eventually,
    lead,
)

EVERY_TOWN = "各镇、街道"
SHIHUA, ZHUJING = "石化街道", "朱泾镇"
SHORT = "城管执法局"  # the alias a token may carry for 区城管执法局 (LEAD)


def refusal(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return response.json()["detail"][0]


def ok(response: Any, status: int = 200) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return response.json()


def register(api: TestClient, name: str, *aliases: str) -> None:
    ok(api.post("/api/units", json={"name": name, "aliases": list(aliases)}, headers=ADMIN), 201)


@pytest.fixture
def towns(api: TestClient, temporal: Temporal) -> dict[str, Any]:
    """A launched campaign with a third task led by the group 各镇、街道; the group has 石化街道."""
    body = campaign_body(temporal.now(), code="TOWNS-1")
    task = {"number": "3", "title": "各镇、街道停车秩序联合检查", "lead_units": [EVERY_TOWN]}
    body["tasks"].append(task)
    cid = ok(api.post("/api/campaigns", json=body, headers=COORDINATOR), 201)["id"]
    ok(api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR))

    def opened() -> dict[str, Any] | None:
        detail = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
        return detail if all(t["periods"] for t in detail["tasks"]) else None

    detail = eventually(opened)
    for unit in (SHIHUA, ZHUJING):
        register(api, unit)
    group = {"name": EVERY_TOWN, "members": [SHIHUA]}
    ok(api.post("/api/unit-groups", json=group, headers=COORDINATOR), 201)
    return {
        "id": cid,
        "period": detail["start_period"],
        "tasks": {t["number"]: t["id"] for t in detail["tasks"]},
    }


def submit(api: TestClient, towns: dict[str, Any], number: str, unit: str) -> Any:
    body = {"period": towns["period"], "progress": "已开展联合检查"}
    return api.post(f"/api/tasks/{towns['tasks'][number]}/reports", json=body, headers=lead(unit))


def due_numbers(api: TestClient, unit: str, headers: dict[str, str] | None = None) -> list[str]:
    inbox = ok(api.get(f"/api/units/{unit}/inbox", headers=headers or lead(unit)))
    return sorted(d["task_number"] for d in inbox["due"])


def test_any_user_reads_the_registry_and_admins_or_coordinators_change_it(
    api: TestClient, app: Xiuhua
) -> None:
    before = app.recorder.max_notification_id()
    unit = {"name": LEAD, "aliases": [SHORT]}
    for headers in (lead(), EVALUATOR):
        error = refusal(api.post("/api/units", json=unit, headers=headers), 403)
        assert error["loc"] == ["header", "authorization"]
        refusal(api.post("/api/unit-groups", json={"name": EVERY_TOWN}, headers=headers), 403)
        refusal(api.put(f"/api/units/{LEAD}/aliases", json={"aliases": []}, headers=headers), 403)
        refusal(
            api.put(
                f"/api/unit-groups/{EVERY_TOWN}/members", json={"members": []}, headers=headers
            ),
            403,
        )
    assert app.recorder.max_notification_id() == before

    ok(api.post("/api/units", json=unit, headers=ADMIN), 201)
    ok(api.post("/api/units", json={"name": f" {SHIHUA} "}, headers=COORDINATOR), 201)
    group = {"name": EVERY_TOWN, "members": [SHIHUA]}
    ok(api.post("/api/unit-groups", json=group, headers=COORDINATOR), 201)
    ok(api.put(f"/api/units/{SHORT}/aliases", json={"aliases": [SHORT, "区城管局"]}, headers=ADMIN))
    members = {"members": [SHIHUA, "区城管局"]}
    ok(api.put(f"/api/unit-groups/{EVERY_TOWN}/members", json=members, headers=COORDINATOR))

    for headers in (lead(OTHER), EVALUATOR):
        assert ok(api.get("/api/units", headers=headers)) == {
            "units": [
                {"name": LEAD, "aliases": [SHORT, "区城管局"]},
                {"name": SHIHUA, "aliases": []},
            ],
            "groups": [{"name": EVERY_TOWN, "members": [SHIHUA, LEAD]}],
        }
    refusal(api.get("/api/units"), 401)


def test_refusals_name_the_field_and_store_nothing(api: TestClient, app: Xiuhua) -> None:
    register(api, LEAD, SHORT)
    before = app.recorder.max_notification_id()

    taken = refusal(api.post("/api/units", json={"name": SHORT}, headers=ADMIN), 409)
    assert taken["loc"] == ["body", "name"]
    alias = refusal(
        api.post("/api/units", json={"name": OTHER, "aliases": [SHORT]}, headers=ADMIN), 409
    )
    assert (alias["loc"], alias["type"]) == (["body", "aliases"], "conflict")
    assert refusal(api.post("/api/units", json={"name": " "}, headers=ADMIN), 422)["loc"] == [
        "body",
        "name",
    ]
    unknown = refusal(
        api.put(f"/api/units/{OTHER}/aliases", json={"aliases": []}, headers=ADMIN), 422
    )
    assert unknown["loc"] == ["path", "name"]
    assert OTHER in unknown["msg"]
    member = refusal(
        api.post("/api/unit-groups", json={"name": EVERY_TOWN, "members": [OTHER]}, headers=ADMIN),
        422,
    )
    assert member["loc"] == ["body", "members"]
    no_group = refusal(
        api.put(f"/api/unit-groups/{EVERY_TOWN}/members", json={"members": []}, headers=ADMIN), 422
    )
    assert no_group["loc"] == ["path", "name"]
    assert refusal(api.post("/api/units", json={"aliases": []}, headers=ADMIN), 422)["loc"] == [
        "body",
        "name",
    ]
    assert app.recorder.max_notification_id() == before


def test_a_lead_unit_known_by_an_alias_reports_for_its_task_and_sees_it_in_its_inbox(
    api: TestClient, launched: dict[str, Any], app: Xiuhua
) -> None:
    tid = launched["tasks"]["1"]  # led by 区城管执法局
    period = ok(api.get(f"/api/campaigns/{launched['id']}", headers=COORDINATOR))["start_period"]
    body = {"period": period, "actuals": {"spaces": 12}, "progress": "新增12个"}

    before = app.recorder.max_notification_id()
    error = refusal(api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead(SHORT)), 403)
    assert error["loc"] == ["path", "task_id"]
    assert due_numbers(api, SHORT) == []
    refusal(api.get(f"/api/units/{LEAD}/inbox", headers=lead(SHORT)), 403)
    assert app.recorder.max_notification_id() == before

    register(api, LEAD, SHORT)
    assert due_numbers(api, SHORT) == ["1"]
    assert due_numbers(api, LEAD, lead(SHORT)) == ["1"]  # its own inbox, by its full name
    ok(api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead(SHORT)))
    assert due_numbers(api, SHORT) == []
    url = f"/api/tasks/{tid}/milestones/plan/complete"
    ok(api.post(url, json={"note": "方案已印发"}, headers=lead(SHORT)))
    refusal(
        api.post(f"/api/tasks/{launched['tasks']['2']}/reports", json=body, headers=lead(SHORT)),
        403,
    )


def test_a_member_of_a_lead_group_reports_for_the_groups_task(
    api: TestClient, towns: dict[str, Any]
) -> None:
    assert due_numbers(api, SHIHUA) == ["3"]
    assert due_numbers(api, ZHUJING) == []
    refusal(submit(api, towns, "3", ZHUJING), 403)
    refusal(submit(api, towns, "1", SHIHUA), 403)

    ok(submit(api, towns, "3", SHIHUA))
    members = {"members": [SHIHUA, ZHUJING]}
    ok(api.put(f"/api/unit-groups/{EVERY_TOWN}/members", json=members, headers=COORDINATOR))
    assert due_numbers(api, ZHUJING) == []  # 石化街道 reported for the group: nothing is due
    waiting = refusal(submit(api, towns, "3", ZHUJING), 409)  # let in, but already reported
    assert "waiting for review" in waiting["msg"]


def test_a_group_member_reads_its_own_inbox_not_the_groups(
    api: TestClient, towns: dict[str, Any]
) -> None:
    error = refusal(api.get(f"/api/units/{EVERY_TOWN}/inbox", headers=lead(SHIHUA)), 403)
    assert error["loc"] == ["path", "unit"]
    assert due_numbers(api, EVERY_TOWN, COORDINATOR) == ["3"]
    assert due_numbers(api, LEAD, COORDINATOR) == ["1"]
