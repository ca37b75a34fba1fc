"""The real app served by uvicorn on a free port (SQLite store in a temporary directory, no
Temporal: the pages allow `temporal=None`), driven by Debian's chromium through Playwright.

One world per module: a launched campaign whose periods were opened and marked overdue at their
own dates, through the same commands the workflow uses, and one user per need. Tests share it
but each works on its own task or user, so none depends on another's order.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from domain.application import Xiuhua
from domain.values import Actor
from infra.passwords import hash_password
from infra.settings import Settings

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TODAY = datetime(2093, 3, 10, 4, 0, tzinfo=UTC)  # 2093 has 2026's calendar; never the machine's
PASSWORD = "browser-test-pass"
LEAD = "区城管执法局"
OTHER = "区交通委"
COORDINATOR = {"Authorization": "Bearer demo-coordinator"}
LEAD_TOKEN = {
    "Authorization": "Bearer demo-lead:%E5%8C%BA%E5%9F%8E%E7%AE%A1%E6%89%A7%E6%B3%95%E5%B1%80"
}
# Period, its due date, and whether it is overdue on TODAY.
PERIODS = [
    ("2093-01", date(2093, 2, 5)),
    ("2093-02", date(2093, 3, 5)),
    ("2093-03", date(2093, 4, 6)),
]


class Clock:
    def __init__(self, now: datetime) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Site:
    url: str
    store: Xiuhua
    clock: Clock
    tasks: dict[str, str] = field(default_factory=dict)  # number -> task id
    api: httpx.Client | None = None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _indicators() -> list[dict[str, Any]]:
    return [
        {
            "code": "spaces",
            "name": "新增共享停车位",
            "unit": "个",
            "baseline": 0,
            "target": 180,
            "attribute": "binding",
            "deadline": "2093-12-31",
        },
        {
            "code": "petitions",
            "name": "信访投诉化解率",
            "unit": "%",
            "baseline": 0,
            "target": 90,
            "attribute": "binding",
            "deadline": "2093-12-31",
            "shape": "rate",
            "case_load": 619,
        },
    ]


def _campaign() -> dict[str, Any]:
    def task(number: str, lead: str, title: str) -> dict[str, Any]:
        milestones = [{"code": "plan", "name": "方案印发", "due": "2093-06-30"}]
        return {
            "number": number,
            "title": title,
            "lead_units": [lead],
            "indicators": _indicators(),
            "milestones": milestones if number == "3" else [],
        }

    return {
        "code": "WEB-1",
        "name": "共享停车资源优化",
        "task_force": "精细化专项行动专班",
        "year": 2093,
        "start_period": "2093-01",
        "tasks": [
            task("1", LEAD, "新增共享停车位（校验）"),
            task("2", OTHER, "违建存量削减"),
            task("3", LEAD, "公共停车场错时开放"),
            task("4", LEAD, "住宅小区共享车位"),
        ],
    }


def _build_world(site: Site) -> None:
    api = site.api
    assert api is not None
    site.clock.now = datetime(2093, 1, 2, 2, 0, tzinfo=UTC)
    made = api.post("/api/campaigns", json=_campaign(), headers=COORDINATOR)
    assert made.status_code == 201, made.text
    cid = made.json()["id"]
    assert api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR).status_code in (200, 202)
    detail = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
    site.tasks = {t["number"]: t["id"] for t in detail["tasks"]}
    from uuid import UUID

    for period, due in PERIODS:
        opened = datetime(int(period[:4]), int(period[5:]), 1, 2, 0, tzinfo=UTC)
        for tid in site.tasks.values():
            site.store.open_period(UUID(tid), period, due, "weekend_fallback", opened)
    for period, due in PERIODS[:2]:
        after = datetime(due.year, due.month, due.day + 1, 2, 0, tzinfo=UTC)
        for tid in site.tasks.values():
            site.store.mark_overdue(UUID(tid), period, due, after)
    site.clock.now = TODAY
    hashed = hash_password(PASSWORD)
    root = Actor("root", "系统管理")
    for name, unit, role in [
        ("wang", LEAD, "lead_unit"),
        ("li", LEAD, "lead_unit"),
        ("zhao", LEAD, "lead_unit"),
        ("locky", LEAD, "lead_unit"),
        ("admin", "系统管理", "admin"),
    ]:
        site.store.register_account(name, name, unit, role, hashed, root, TODAY)
    wait_for_read_model(site)


def wait_for_read_model(site: Site) -> None:
    """Until the read model has applied every stored event (it follows the store by polling)."""
    assert site.api is not None
    deadline = time.monotonic() + 30
    while True:
        health = site.api.get("/api/health").json()
        if health["read_model"] == "current":
            return
        assert time.monotonic() < deadline, health
        time.sleep(0.1)


@contextmanager
def served(directory: Path, build: Callable[[Site], None], now: datetime) -> Iterator[Site]:
    """The app on a SQLite store in `directory`, on a free port, its clock at `now`, with the
    world `build` makes."""
    env = {"PERSISTENCE_MODULE": "eventsourcing.sqlite", "SQLITE_DBNAME": f"{directory}/e.db"}
    os.environ.pop("XIUHUA_USERS_FILE", None)
    store = Xiuhua(env=env)
    # No Temporal: a port nothing listens on, so no notice ever reaches another run's server
    # (the notices wait in the outbox, as they would with Temporal away).
    settings = Settings(
        data_dir=directory,
        persistence_module=env["PERSISTENCE_MODULE"],
        store_env=env,
        environment="dev",
        temporal_address=f"127.0.0.1:{_free_port()}",
    )
    clock = Clock(now)
    app = create_app(settings, store=store, temporal=None)
    app.state.clock = clock
    port = _free_port()
    server = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the app did not start"
        time.sleep(0.05)
    site = Site(url, store, clock, api=httpx.Client(base_url=url, timeout=30))
    try:
        build(site)
        yield site
    finally:
        assert site.api is not None
        site.api.close()
        server.should_exit = True
        thread.join(15)
        store.close()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with served(tmp_path_factory.mktemp("site"), _build_world, TODAY) as site:
        yield site


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Playwright's sync API runs an event loop in this thread while it is open: per module,
    so it is closed before any later test that starts a loop of its own (asyncio.run)."""
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium (never playwright install)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser: Any, site: Site) -> Iterator[Any]:
    """A fresh browser context (no cookies) whose requests may reach only the site itself."""
    context = browser.new_context(base_url=site.url, locale="zh-CN")
    outside: list[str] = []

    def only_the_site(route: Any) -> None:
        if route.request.url.startswith(site.url):
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", only_the_site)
    page = context.new_page()
    yield page
    context.close()
    assert outside == [], f"the page tried to fetch from outside: {outside}"


def sign_in(page: Any, name: str, password: str = PASSWORD) -> None:
    page.goto("/signin")
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
