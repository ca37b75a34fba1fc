"""Sign-in over HTTP, on SQLite and PostgreSQL: sessions expire, forms need their CSRF token, a
cookie never authenticates /api, and administrators' tokens reach /api until revoked."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.application import Xiuhua
from domain.values import Actor
from infra.passwords import hash_password
from infra.settings import Settings
from tests.api.harness import Clock

START = datetime(2093, 3, 10, 4, 0, tzinfo=UTC)
PASSWORD = "long-enough-pass"


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def web(app: Xiuhua, settings: Settings, clock: Clock) -> Iterator[TestClient]:
    hashed = hash_password(PASSWORD)
    root = Actor("root", "系统管理")
    app.register_account("admin", "管理员", "系统管理", "admin", hashed, root, START)
    app.register_account("wang", "王丽", "区城管执法局", "lead_unit", hashed, root, START)
    # No Temporal here: a port nothing listens on, never another run's server.
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        nowhere = replace(settings, temporal_address=f"127.0.0.1:{free.getsockname()[1]}")
    application = create_app(nowhere, store=app, temporal=None)
    application.state.clock = clock
    with TestClient(application) as client:
        yield client


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def sign_in(web: TestClient, name: str, password: str = PASSWORD) -> object:
    token = csrf(web.get("/signin").text)
    form = {"name": name, "password": password, "csrf_token": token}
    return web.post("/signin", data=form, follow_redirects=False)


def test_a_session_ends_after_its_idle_timeout_and_at_its_absolute_expiry(
    web: TestClient, clock: Clock
) -> None:
    assert sign_in(web, "admin").status_code == 303  # type: ignore[attr-defined]
    for _ in range(30):  # busy all day, never idle for long
        clock.now += timedelta(minutes=25)
        if clock.now >= START + timedelta(hours=12):
            break
        assert web.get("/admin/users", follow_redirects=False).status_code == 200
    clock.now = START + timedelta(hours=12)
    assert web.get("/admin/users", follow_redirects=False).status_code == 303
    assert sign_in(web, "admin").status_code == 303  # type: ignore[attr-defined]
    clock.now += timedelta(minutes=31)
    answer = web.get("/admin/users", follow_redirects=False)
    assert answer.status_code == 303
    assert answer.headers["location"] == "/signin?next=/admin/users"


def test_the_session_cookie_is_http_only_and_same_site_lax(web: TestClient) -> None:
    answer = sign_in(web, "admin")
    cookie = answer.headers["set-cookie"]  # type: ignore[attr-defined]
    assert "HttpOnly" in cookie and "SameSite=lax" in cookie and "xh_session=" in cookie


def test_a_form_without_the_sessions_csrf_token_is_refused_and_stores_nothing(
    web: TestClient, app: Xiuhua
) -> None:
    sign_in(web, "admin")
    before = app.recorder.max_notification_id()
    for token in ("", "forged", csrf(web.get("/signin").text)):
        answer = web.post(
            "/admin/users", data={"name": "mallory", "role": "admin", "csrf_token": token}
        )
        assert answer.status_code == 403 and "表单已失效" in answer.text
    assert app.recorder.max_notification_id() == before
    assert app.account("mallory") is None


def test_a_cookie_alone_never_authenticates_the_json_api(web: TestClient) -> None:
    sign_in(web, "admin")
    assert web.get("/api/units").status_code == 401
    assert web.post("/api/units", json={"name": "区新单位"}).status_code == 401


def test_a_sign_in_form_without_its_token_is_refused(web: TestClient, app: Xiuhua) -> None:
    answer = web.post("/signin", data={"name": "admin", "password": PASSWORD})
    assert answer.status_code == 400
    assert "xh_session" not in answer.headers.get("set-cookie", "")


def test_sign_in_goes_back_only_to_a_page_of_this_site(web: TestClient) -> None:
    for target, expected in [("/inbox", "/inbox"), ("//evil.example", "/"), ("https://x", "/")]:
        web.cookies.clear()
        token = csrf(web.get("/signin").text)
        form = {"name": "wang", "password": PASSWORD, "csrf_token": token, "next": target}
        answer = web.post("/signin", data=form, follow_redirects=False)
        assert answer.headers["location"] == expected


def test_an_admins_token_reaches_the_api_as_its_user_until_revoked(web: TestClient) -> None:
    sign_in(web, "admin")
    page = web.get("/admin/users").text
    issued = web.post(
        "/admin/users/wang/tokens", data={"label": "报表机", "csrf_token": csrf(page)}
    )
    token = re.search(r'shown-token">([^<]+)', issued.text)
    assert token, issued.text
    headers = {"Authorization": f"Bearer {token.group(1)}"}
    assert web.get("/api/units/区城管执法局/inbox", headers=headers).status_code == 200
    assert web.get("/api/units/区交通委/inbox", headers=headers).status_code == 403
    token_id = token.group(1).split("_")[2]
    assert token.group(1) not in web.get("/admin/users").text  # shown once only
    web.post(f"/admin/users/wang/tokens/{token_id}/revoke", data={"csrf_token": csrf(page)})
    assert web.get("/api/units", headers=headers).status_code == 401
    forged = token.group(1)[:-4] + "AAAA"
    assert web.get("/api/units", headers={"Authorization": f"Bearer {forged}"}).status_code == 401


def test_hostile_sign_in_names_are_a_wrong_sign_in_not_an_error(web: TestClient) -> None:
    for name in ["Ｗａｎｇ\u0000", "x" * 900, "王丽", "' OR 1=1 --"]:
        answer = sign_in(web, name)
        assert answer.status_code == 401, name  # type: ignore[attr-defined]
        assert "用户名或密码不正确" in answer.text  # type: ignore[attr-defined]


def test_an_admin_creates_a_user_who_then_signs_in_with_the_password_shown_once(
    web: TestClient, app: Xiuhua
) -> None:
    sign_in(web, "admin")
    form = {"name": "Li.Na", "display_name": "李娜", "unit": "区交通委", "role": "lead_unit"}
    created = web.post("/admin/users", data={**form, "csrf_token": csrf(web.get("/").text)})
    password = re.search(r'shown-password">([^<]+)', created.text)
    assert password, created.text
    refused = web.post(
        "/admin/users",
        data={"name": "x", "role": "lead_unit", "csrf_token": csrf(created.text)},
    )
    assert refused.status_code == 422 and "单位角色须填写单位" in refused.text
    web.cookies.clear()
    assert sign_in(web, "li.na", password.group(1)).headers["location"] == "/"  # type: ignore[attr-defined]
    assert web.get("/").url.path == "/inbox"


def test_the_pages_assets_are_served_by_the_app_itself(web: TestClient) -> None:
    plotly = web.get("/static/plotly.min.js")
    assert plotly.status_code == 200 and plotly.headers["content-type"].startswith(
        "text/javascript"
    )
    assert len(plotly.content) > 1_000_000 and b"plotly" in plotly.content[:2000].lower()
    style = web.get("/static/style.css")
    assert style.status_code == 200 and b":focus-visible" in style.content
    signin = web.get("/signin").text
    assert "http://" not in signin and "https://" not in signin  # no CDN, no outside font


def test_a_new_sign_in_ends_the_session_the_browser_had(web: TestClient, app: Xiuhua) -> None:
    sign_in(web, "wang")
    old = web.cookies.get("xh_session")
    assert old
    sign_in(web, "admin")
    assert web.cookies.get("xh_session") != old
    web.cookies.set("xh_session", old)
    assert web.get("/inbox", follow_redirects=False).status_code == 303


def test_a_leader_reads_every_inbox_and_is_refused_every_command(web: TestClient) -> None:
    leader = {"Authorization": "Bearer demo-leader"}
    assert web.get("/api/units/区城管执法局/inbox", headers=leader).status_code == 200
    assert web.get("/api/overdue", headers=leader).status_code == 200
    refused = web.post("/api/units", json={"name": "区新单位"}, headers=leader)
    assert refused.status_code == 403


def test_a_form_field_past_its_limit_is_refused_on_a_page_not_in_json(web: TestClient) -> None:
    sign_in(web, "admin")
    token = csrf(web.get("/admin/users").text)
    answer = web.post("/admin/users", data={"name": "x" * 300, "csrf_token": token})
    assert answer.status_code == 422
    assert answer.headers["content-type"].startswith("text/html") and "name" in answer.text
