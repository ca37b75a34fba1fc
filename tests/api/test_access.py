"""Who may do what: 401 without a known token, 403 for the wrong role or the wrong unit."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.application import Xiuhua
from domain.commands import RegisterUnit
from domain.values import Actor
from infra.settings import Settings
from tests.api.harness import (
    ADMIN,
    COORDINATOR,
    EVALUATOR,
    LEAD,
    OTHER,
    Temporal,
    campaign_body,
    lead,
)


def refusal(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    return response.json()["detail"][0]


def test_a_request_without_a_known_token_is_unauthorized(api: TestClient) -> None:
    error = refusal(api.get("/api/campaigns"), 401)
    assert error["loc"] == ["header", "authorization"]
    assert error["type"] == "unauthorized"
    response = api.get("/api/campaigns", headers={"Authorization": "Bearer nobody"})
    assert refusal(response, 401)["msg"] == "unknown or expired token"
    assert response.headers["www-authenticate"] == "Bearer"
    assert refusal(api.get("/api/overdue", headers={"Authorization": "Basic eDp5"}), 401)


def test_any_known_user_reads_the_portfolio(api: TestClient, campaign: dict[str, Any]) -> None:
    for headers in (COORDINATOR, EVALUATOR, ADMIN, lead(), lead(OTHER)):
        assert len(api.get("/api/campaigns", headers=headers).json()) == 1
        assert api.get("/api/overdue", headers=headers).status_code == 200


def test_a_lead_unit_cannot_define_or_launch_a_campaign(
    api: TestClient, app: Xiuhua, temporal: Temporal, campaign: dict[str, Any]
) -> None:
    before = app.recorder.max_notification_id()
    body = campaign_body(temporal.now(), code="OTHER")
    error = refusal(api.post("/api/campaigns", json=body, headers=lead()), 403)
    assert error["type"] == "forbidden"
    assert "coordinator" in error["msg"]
    refusal(api.post(f"/api/campaigns/{campaign['id']}/launch", headers=lead()), 403)
    refusal(api.post(f"/api/campaigns/{campaign['id']}/launch", headers=EVALUATOR), 403)
    assert app.recorder.max_notification_id() == before


def test_only_the_tasks_lead_unit_submits_its_report(
    api: TestClient, app: Xiuhua, launched: dict[str, Any]
) -> None:
    tid = launched["tasks"]["1"]
    period = api.get(f"/api/campaigns/{launched['id']}", headers=lead()).json()["start_period"]
    body = {"period": period, "actuals": {"spaces": 1}, "progress": "ok"}
    before = app.recorder.max_notification_id()
    wrong_unit = refusal(api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead(OTHER)), 403)
    assert wrong_unit["loc"] == ["path", "task_id"]
    assert OTHER in wrong_unit["msg"]
    refusal(api.post(f"/api/tasks/{tid}/reports", json=body, headers=COORDINATOR), 403)
    assert app.recorder.max_notification_id() == before
    assert api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead()).status_code == 200


def test_a_unit_named_by_an_alias_another_process_just_registered_submits_at_once(
    api: TestClient, app: Xiuhua, store_env: dict[str, str], launched: dict[str, Any]
) -> None:
    """The check reads the task and the registry from the store, so it does not wait for this
    process's read model to apply what another process wrote."""
    tid = launched["tasks"]["1"]
    period = api.get(f"/api/campaigns/{launched['id']}", headers=lead()).json()["start_period"]
    body = {"period": period, "actuals": {"spaces": 1}, "progress": "ok"}
    other = Xiuhua(env=store_env)
    try:
        other.register_unit(
            RegisterUnit(
                LEAD, ("城管执法局",), actor=Actor("admin", "管理员"), now=datetime.now(UTC)
            )
        )
    finally:
        other.close()

    assert api.post(
        f"/api/tasks/{tid}/reports", json=body, headers=lead("城管执法局")
    ).status_code in (
        200,
        202,
    )


def test_only_the_task_force_reviews_reports_and_closes_supervision(
    api: TestClient, launched: dict[str, Any]
) -> None:
    tid = launched["tasks"]["1"]
    base = f"/api/tasks/{tid}"
    refusal(api.post(f"{base}/reports/2026-01/accept", headers=lead()), 403)
    refusal(api.post(f"{base}/reports/2026-01/return", json={"reason": "x"}, headers=lead()), 403)
    refusal(api.post(f"{base}/supervision/close", json={"reason": "x"}, headers=EVALUATOR), 403)
    no_supervision = refusal(
        api.post(f"{base}/supervision/close", json={"reason": "已整改"}, headers=COORDINATOR), 409
    )
    assert no_supervision["loc"] == ["body", "supervision"]


def test_only_an_evaluator_records_an_assessment(api: TestClient, launched: dict[str, Any]) -> None:
    body = {"year": 2026, "score": 90, "rating": "优秀", "decision": "continue", "rationale": "好"}
    url = f"/api/campaigns/{launched['id']}/assessments"
    refusal(api.post(url, json=body, headers=COORDINATOR), 403)
    refusal(api.post(url, json=body, headers=lead()), 403)
    not_open = refusal(api.post(url, json=body, headers=EVALUATOR), 409)
    assert not_open["loc"] == ["body", "year"]


def test_a_lead_unit_reads_its_own_inbox_only(api: TestClient, launched: dict[str, Any]) -> None:
    error = refusal(api.get(f"/api/units/{OTHER}/inbox", headers=lead()), 403)
    assert error["loc"] == ["path", "unit"]
    mine = api.get(f"/api/units/{LEAD}/inbox", headers=lead())
    assert mine.status_code == 200
    assert [d["task_number"] for d in mine.json()["due"]] == ["1"]
    other = api.get(f"/api/units/{OTHER}/inbox", headers=COORDINATOR).json()
    assert [d["task_number"] for d in other["due"]] == ["2"]


def test_a_milestone_is_completed_by_the_task_force_or_the_tasks_lead_unit(
    api: TestClient, launched: dict[str, Any]
) -> None:
    url = f"/api/tasks/{launched['tasks']['1']}/milestones"
    refusal(api.post(f"{url}/plan/complete", json={}, headers=lead(OTHER)), 403)
    refusal(api.post(f"{url}/plan/complete", json={}, headers=EVALUATOR), 403)
    unknown = refusal(api.post(f"{url}/nope/complete", json={}, headers=lead()), 422)
    assert unknown["loc"] == ["path", "code"]
    done = api.post(f"{url}/plan/complete", json={"note": "已印发"}, headers=lead())
    assert done.status_code == 200, done.text
    refusal(api.post(f"{url}/plan/complete", json={}, headers=COORDINATOR), 409)
    detail = api.get(f"/api/campaigns/{launched['id']}", headers=lead()).json()
    assert detail["tasks"][0]["milestones"][0]["completed_on"] is not None


@pytest.fixture
def users_file(tmp_path: Path) -> Path:
    path = tmp_path / "users.json"
    users = [
        {"token": "s3cret-coord", "user": "zhang.wei", "unit": "专班", "role": "coordinator"},
        {"token": "s3cret-lead", "user": "li.na", "unit": LEAD, "role": "lead_unit"},
    ]
    path.write_text(json.dumps({"users": users}, ensure_ascii=False), encoding="utf-8")
    return path


def test_outside_dev_only_the_users_file_grants_access(
    app: Xiuhua,
    temporal: Temporal,
    settings: Settings,
    users_file: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    production = dataclasses.replace(settings, environment="production")
    with pytest.raises(ValueError, match="XIUHUA_USERS_FILE"):
        create_app(production, store=app, temporal=temporal.client)
    monkeypatch.setenv("XIUHUA_USERS_FILE", str(users_file))
    with TestClient(create_app(production, store=app, temporal=temporal.client)) as api:
        refusal(api.get("/api/campaigns", headers=COORDINATOR), 401)
        refusal(api.get("/api/campaigns", headers=lead()), 401)
        token = {"Authorization": "Bearer s3cret-coord"}
        created = api.post("/api/campaigns", json=campaign_body(temporal.now()), headers=token)
        assert created.status_code == 201, created.text
        events = api.get(f"/api/campaigns/{created.json()['id']}/events", headers=token).json()
        assert (events[0]["actor_user"], events[0]["actor_unit"]) == ("zhang.wei", "专班")
        lead_token = {"Authorization": "Bearer s3cret-lead"}
        refusal(api.get(f"/api/units/{OTHER}/inbox", headers=lead_token), 403)
        assert api.get(f"/api/units/{LEAD}/inbox", headers=lead_token).status_code == 200
        index = api.get("/api")  # public, so outside dev it names no campaign
        assert index.status_code == 200 and index.json()["campaigns"] == []
        assert "demo-" not in index.json()["auth"]


def test_a_refusal_says_who_may_do_it_in_chinese_and_english_and_stores_nothing(
    api: TestClient, app: Xiuhua, launched: dict[str, Any]
) -> None:
    before = app.recorder.max_notification_id()
    role = refusal(api.post(f"/api/campaigns/{launched['id']}/launch", headers=lead()), 403)
    assert role["msg"].startswith("此操作仅限专班 / only a coordinator may do this")
    assert f"you are lead_unit of {LEAD}" in role["msg"]
    url = f"/api/tasks/{launched['tasks']['2']}/milestones/plan/complete"
    unit = refusal(api.post(url, json={}, headers=lead()), 403)
    assert unit["loc"] == ["path", "task_id"]
    assert unit["msg"] == f"{LEAD}不是任务2的牵头单位 / {LEAD} is not a lead unit of task 2"
    missing = "/api/tasks/00000000-0000-0000-0000-000000000000/reports"
    assert refusal(api.post(missing, json={}, headers=lead()), 404)["loc"] == ["path", "task_id"]
    assert app.recorder.max_notification_id() == before
