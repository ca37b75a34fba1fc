"""Every route x every role, from the routes' own declarations: a request is refused (401, 403 or
404) exactly when its route's rule says so, and a refused request stores nothing.

Path parameters come from a real launched campaign; a route with a parameter this file has no
sample for fails the test, so a new route cannot slip past it. Commands are sent a body no
endpoint accepts (`[]`), so an allowed caller gets 409/422 and the matrix itself stores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.access import Rule, Scope, routes_of, rules_of
from api.auth import Role
from domain.application import Xiuhua, business_day
from domain.units import normalize_unit
from tests.api.harness import (
    ADMIN,
    COORDINATOR,
    EVALUATOR,
    LEAD,
    OTHER,
    STRANGER,
    SUPPORT,
    Temporal,
    campaign_body,
    eventually,
    lead,
    support,
)

REFUSED = {401, 403, 404}
COMMANDS = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Persona:
    name: str
    role: Role | None
    unit: str
    headers: dict[str, str]


PERSONAS = (
    Persona("coordinator", Role.COORDINATOR, "专班", COORDINATOR),
    Persona("lead unit of the task", Role.LEAD_UNIT, LEAD, lead(LEAD)),
    Persona("lead unit of another task", Role.LEAD_UNIT, OTHER, lead(OTHER)),
    Persona("lead unit of no task", Role.LEAD_UNIT, STRANGER, lead(STRANGER)),
    Persona("supporting unit of the task", Role.SUPPORTING_UNIT, SUPPORT, support(SUPPORT)),
    Persona("evaluator", Role.EVALUATOR, "评估组", EVALUATOR),
    Persona("leader", Role.LEADER, "区政府", {"Authorization": "Bearer demo-leader"}),
    Persona("admin", Role.ADMIN, "系统管理", ADMIN),
    Persona("no token", None, "", {}),
)


@pytest.fixture
def world(api: TestClient, temporal: Temporal) -> dict[str, str]:
    """A launched campaign whose task 1 is led by LEAD and supported by OTHER and SUPPORT, and
    whose task 2 is led by OTHER; the sample value of every path parameter."""
    body = campaign_body(temporal.now())
    body["tasks"][0]["supporting_units"] = [OTHER, SUPPORT]
    cid = api.post("/api/campaigns", json=body, headers=COORDINATOR).json()["id"]
    assert api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR).status_code == 200

    def opened() -> dict[str, Any] | None:
        detail = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
        return detail if all(t["periods"] for t in detail["tasks"]) else None

    detail = eventually(opened)
    task = detail["tasks"][0]
    assert task["lead_units"] == [LEAD]
    today = business_day(temporal.now())
    meeting = {
        "kind": "quarterly",
        "held_on": today.isoformat(),
        "title": "第一季度推进会",
        "attendees": [LEAD, OTHER],
        "follow_ups": [
            {"code": "plan", "action": "报送方案", "unit": LEAD, "due_on": "2093-12-01"}
        ],
    }
    held = api.post(f"/api/campaigns/{cid}/meetings", json=meeting, headers=COORDINATOR)
    assert held.status_code == 201, held.text
    photo = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
    kept = api.post(f"/api/tasks/{task['id']}/evidence", content=photo, headers=lead(LEAD))
    assert kept.status_code == 201, kept.text
    report = {
        "period": detail["start_period"],
        "progress": "按计划推进",
        "evidence": [{"hash": kept.json()["hash"], "name": "现场.png"}],
    }
    submitted = api.post(f"/api/tasks/{task['id']}/reports", json=report, headers=lead(LEAD))
    assert submitted.status_code == 200, submitted.text
    frozen = api.post("/api/packs", json={"title": "一季度推进会"}, headers=COORDINATOR)
    assert frozen.status_code == 201, frozen.text
    return {
        "pack_id": frozen.json()["id"],
        "hash": kept.json()["hash"],
        "meeting_id": held.json()["id"],
        "campaign_id": cid,
        "task_id": task["id"],
        "period": detail["start_period"],
        "code": "plan",
        "unit": LEAD,
        "name": LEAD,
        "token_id": "0000",
        "kind": "timeliness",
        "upload": "0" * 64,  # an import page's kept file (none kept: the rule is checked first)
    }


def signin_first(path: str, response: Any) -> bool:
    """A page's refusal of a caller with no session or token: off to the sign-in form."""
    location = response.headers.get("location", "")
    return not path.startswith("/api") and location.startswith("/signin?next=")


def related(rule: Rule, persona: Persona) -> bool:
    """What the test knows of the world: how the persona's unit stands to the samples."""
    scope = rule.scope_for(persona.role) if persona.role else None
    if scope is Scope.TASK_LEAD:
        return persona.unit == LEAD
    if scope is Scope.TASK_SUPPORT:
        return persona.unit in (OTHER, SUPPORT)
    if scope is Scope.TASK_UNIT:
        return persona.unit in (LEAD, OTHER, SUPPORT)
    if scope is Scope.FOLLOW_UP_UNIT:
        return persona.unit == LEAD
    if scope is Scope.INBOX_UNIT:
        return normalize_unit(persona.unit) == normalize_unit(LEAD)
    return False


def test_each_route_refuses_exactly_whom_its_rule_refuses_and_stores_nothing_then(
    api: TestClient, app: Xiuhua, world: dict[str, str]
) -> None:
    wrong: list[str] = []
    checked = 0
    for route in routes_of(api.app):  # type: ignore[arg-type]
        (rule,) = rules_of(route)
        params = set(getattr(route, "param_convertors", {}))
        missing = params - set(world)
        assert not missing, f"{route.path}: no sample for {missing}; add one to `world`"
        path = route.path.format(**{p: world[p] for p in params})
        for method in sorted(route.methods or {"GET"}):
            if method == "HEAD":
                continue
            for persona in PERSONAS:
                allowed = rule.allows(persona.role, related(rule, persona))
                before = app.recorder.max_notification_id()
                body = {"json": []} if method in COMMANDS else {}
                response = api.request(
                    method, path, headers=persona.headers, follow_redirects=False, **body
                )
                checked += 1
                refused = response.status_code in REFUSED or signin_first(route.path, response)
                case = f"{method} {route.path} as {persona.name}: {response.status_code}"
                if refused == allowed:
                    wrong.append(f"{case}, but the rule ({rule.name}) says {allowed=}")
                if (
                    persona.role is None
                    and not allowed
                    and response.status_code != 401
                    and not signin_first(route.path, response)
                ):
                    wrong.append(f"{case}, not 401")
                if refused and app.recorder.max_notification_id() != before:
                    wrong.append(f"{case}, and something was stored")
    assert not wrong, "\n".join(wrong)
    assert checked >= 25 * len(PERSONAS)
