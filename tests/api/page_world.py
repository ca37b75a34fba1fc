"""A campaign and a signed-in browser (TestClient) per role, for the page tests: the report
form's drafts and evidence, and the domain's refusals shown in Chinese."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.application import Xiuhua
from domain.values import Actor
from infra.passwords import hash_password
from tests.api.harness import (
    COORDINATOR,
    LEAD,
    OTHER,
    STRANGER,
    Temporal,
    campaign_body,
    eventually,
)

PASSWORD = "long-enough-pass"


@pytest.fixture(name="world")
def world_fixture(api: TestClient, temporal: Temporal, app: Xiuhua) -> dict[str, Any]:
    """A launched campaign whose task 1 two units lead (区城管执法局 and 区房管局), and page
    accounts: each lead unit, a unit that leads only task 2, and the task force."""
    body = campaign_body(temporal.now(), code="FORM-1")
    body["tasks"][0]["lead_units"] = [LEAD, STRANGER]
    made = api.post("/api/campaigns", json=body, headers=COORDINATOR)
    assert made.status_code == 201, made.text
    cid = made.json()["id"]
    assert api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR).status_code == 200

    def opened() -> list[dict[str, Any]] | None:
        tasks = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["tasks"]
        return tasks if all(t["periods"] for t in tasks) else None

    tasks = eventually(opened)
    hashed, root = hash_password(PASSWORD), Actor("root", "系统管理")
    at = temporal.now()
    for name, unit, role in (
        ("wang", LEAD, "lead_unit"),
        ("zhao", STRANGER, "lead_unit"),
        ("li", OTHER, "lead_unit"),
        ("chen", "精细化专项行动专班", "coordinator"),
        ("root", "系统管理", "admin"),
    ):
        app.register_account(name, name, unit, role, hashed, root, at)
    task = next(t for t in tasks if t["number"] == "1")
    return {"task": task["id"], "period": task["periods"][0]["period"], "cid": cid}


@pytest.fixture(name="browsers")
def browsers_fixture(api: TestClient) -> Iterator[dict[str, TestClient]]:
    clients = {name: TestClient(api.app) for name in ("wang", "zhao", "li", "chen", "root")}
    for name, client in clients.items():
        token = csrf(client.get("/signin").text)
        form = {"name": name, "password": PASSWORD, "csrf_token": token}
        assert client.post("/signin", data=form, follow_redirects=False).status_code == 303
    yield clients
    for client in clients.values():
        client.close()


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def form_of(web: TestClient, url: str, **fields: Any) -> dict[str, Any]:
    return {"csrf_token": csrf(web.get(url).text), "period": fields.pop("period"), **fields}


def value_of(html: str, name: str) -> str | None:
    found = re.search(rf'name="{re.escape(name)}"[^>]*value="([^"]*)"', html, re.S)
    return found.group(1) if found else None
