"""The header's menu (api/web/nav.py) over HTTP: each role sees exactly the pages its access rules
let it open, in the day's group and the year end's, labelled when there is more than one group;
every link it is shown opens for it, and the page it is on is marked as current."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.access import routes_of, rules_of
from api.app import create_app
from api.auth import Role
from api.web.nav import MENU, menu
from domain.application import Xiuhua
from infra.settings import Settings
from tests.api.harness import ADMIN, COORDINATOR, EVALUATOR, lead, support
from tests.conftest import sqlite_env

TOKENS = {
    Role.COORDINATOR: COORDINATOR,
    Role.EVALUATOR: EVALUATOR,
    Role.LEADER: {"Authorization": "Bearer demo-leader"},
    Role.ADMIN: ADMIN,
    Role.LEAD_UNIT: lead(),
    Role.SUPPORTING_UNIT: support(),
}
MENU_HTML = re.compile(r'<nav class="menu[^"]*" aria-label="[^"]+">(.*?)</nav>', re.S)


@pytest.fixture(scope="module")
def api(tmp_path_factory: pytest.TempPathFactory, monkeypatch_module: None) -> Iterator[TestClient]:
    """The pages on an empty SQLite store, without Temporal: the menu reads no data."""
    env = sqlite_env(Path(tmp_path_factory.mktemp("nav")))
    store = Xiuhua(env=env)
    settings = Settings(
        persistence_module=env["PERSISTENCE_MODULE"], store_env=env, environment="dev"
    )
    with TestClient(create_app(settings, store=store, temporal=None)) as client:
        yield client
    store.close()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("XIUHUA_USERS_FILE", raising=False)
        yield


def shown(html: str) -> tuple[list[str], list[list[str]]]:
    """The menu's group labels and each group's links (href), as the page writes them."""
    found = MENU_HTML.search(html)
    assert found, "no menu on the page"
    body = found.group(1)
    labels = re.findall(r'<span class="menu-label" id="[^"]+">([^<]+)</span>', body)
    groups = [re.findall(r'<a href="([^"]+)"', ul) for ul in re.findall(r"<ul.*?</ul>", body, re.S)]
    return labels, groups


def test_each_link_carries_the_access_rule_of_the_page_it_opens(api: TestClient) -> None:
    pages = {
        route.path: rules_of(route)
        for route in routes_of(api.app)
        if "GET" in (getattr(route, "methods", None) or ())
    }
    for group in MENU:
        for link in group.links:
            assert pages.get(link.href) == [link.rule], link.href


def test_the_task_force_reads_its_day_and_its_year_end_in_two_labelled_rows(
    api: TestClient,
) -> None:
    labels, groups = shown(api.get("/battle-map", headers=COORDINATOR).text)
    assert labels == ["日常", "年终与记录"]
    assert groups == [
        ["/battle-map", "/reviews", "/dashboards", "/status-summary", "/imports"],
        ["/scores", "/packs", "/changes", "/audit"],
    ]
    english = api.get("/battle-map", params={"lang": "en"}, headers=COORDINATOR).text
    assert shown(english)[0] == ["Daily work", "Year end and records"]
    assert re.search(r'<ul aria-labelledby="menu-nav_daily">', english)
    assert '<a href="/battle-map" aria-current="page">Battle map</a>' in english
    packs = api.get("/packs", headers=COORDINATOR).text
    assert '<a href="/packs" aria-current="page">' in packs
    assert packs.count('aria-current="page"') == 1


@pytest.mark.parametrize("role", list(TOKENS))
def test_each_role_is_shown_the_pages_it_may_open_and_each_opens(
    api: TestClient, role: Role
) -> None:
    labels, groups = shown(api.get("/battle-map", headers=TOKENS[role]).text)
    expected = [[link.href for link in g.links] for g in menu(role)]
    assert groups == expected
    assert len(labels) == (len(groups) if len(groups) > 1 else 0)  # one group needs no label
    everywhere = {link.href for g in MENU for link in g.links}
    for href in everywhere:
        answer = api.get(href, headers=TOKENS[role], follow_redirects=False)
        if any(href in g for g in groups):
            assert answer.status_code == 200, (role, href, answer.text[:300])
        else:
            assert answer.status_code == 403, (role, href)


def test_the_unit_roles_see_a_short_menu_without_the_task_forces_pages() -> None:
    assert [[k.href for k in g.links] for g in menu(Role.LEAD_UNIT)] == [
        ["/inbox", "/support", "/battle-map", "/dashboards"]
    ]
    assert [[k.href for k in g.links] for g in menu(Role.SUPPORTING_UNIT)] == [
        ["/support", "/battle-map"]
    ]
    assert [g.key for g in menu(Role.ADMIN)] == ["nav_daily", "nav_year", "nav_admin"]
    assert [g.key for g in menu(Role.LEADER)] == ["nav_daily", "nav_year"]
