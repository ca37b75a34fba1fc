"""The battle map page keeps its rendered grid (api/web/battle_grid.py): what it serves from the
cache is the page rendered afresh, after a report moves a cell too, and one user's kept grid is
never served to a user who would be shown another."""

from __future__ import annotations

import re
from typing import Any

from fastapi.testclient import TestClient

from tests.api.harness import COORDINATOR, LEAD, OTHER, STRANGER, lead

URL = "/battle-map"


def page(api: TestClient, headers: dict[str, str], **params: str) -> str:
    answer = api.get(URL, params=params, headers=headers)
    assert answer.status_code == 200, answer.text
    return answer.text


def afresh(api: TestClient, headers: dict[str, str], **params: str) -> str:
    """The page with nothing kept: every read cache of the app emptied first."""
    caches = api.app.state.services.caches  # type: ignore[attr-defined]
    for cache in vars(caches).values():
        cache.clear()
    return page(api, headers, **params)


def cell(html: str, task: str) -> str:
    found = re.search(rf'<li class="cell [^"]*"[^>]* data-task="{task}">(.*?)</li>', html, re.S)
    assert found, f"no cell for task {task}"
    return found.group(1)


def report(api: TestClient, launched: dict[str, Any], spaces: int) -> None:
    """The lead unit reports task 1 (not yet accepted: other units do not see the value)."""
    detail = api.get(f"/api/campaigns/{launched['id']}", headers=COORDINATOR).json()
    body = {"period": detail["start_period"], "actuals": {"spaces": spaces}, "progress": "新增"}
    sent = api.post(f"/api/tasks/{launched['tasks']['1']}/reports", json=body, headers=lead())
    assert sent.status_code == 200, sent.text


def test_the_kept_grid_is_the_page_rendered_afresh_before_and_after_a_report_moves_a_cell(
    api: TestClient, launched: dict[str, Any]
) -> None:
    task = launched["tasks"]["1"]
    before = page(api, COORDINATOR)
    assert page(api, COORDINATOR) == before == afresh(api, COORDINATOR)
    assert "新增共享停车位：— / 目标180 个" in cell(before, task)
    english = page(api, COORDINATOR, lang="en")
    assert english != before and english == afresh(api, COORDINATOR, lang="en")
    api.cookies.clear()  # the language chosen is kept in a cookie

    page(api, COORDINATOR)  # kept again, then the report moves the cell
    report(api, launched, 40)
    after = page(api, COORDINATOR)
    assert "新增共享停车位：40 个 / 目标180 个" in cell(after, task)
    assert after == afresh(api, COORDINATOR)
    narrowed = {"status": "on_track", "unit": LEAD}
    assert page(api, COORDINATOR, **narrowed) == afresh(api, COORDINATOR, **narrowed)


def test_users_who_see_differently_never_share_a_kept_grid(
    api: TestClient, launched: dict[str, Any]
) -> None:
    task = launched["tasks"]["1"]
    report(api, launched, 40)  # the lead's own figure, a draft to every other unit
    viewers = {
        "coordinator": COORDINATOR,
        "lead": lead(LEAD),  # leads task 1: its figure and its burn-up link
        "supporter": lead(OTHER),  # supports task 1 (in full), leads task 2
        "stranger": lead(STRANGER),  # neither: both tasks as the map publishes them
    }
    fresh = {
        (name, wall): afresh(api, headers, wall=wall)
        for name, headers in viewers.items()
        for wall in ("0", "1")
    }
    assert len({html for (_, wall), html in fresh.items() if wall == "0"}) == len(viewers)
    for (name, wall), expected in fresh.items():
        for other in viewers.values():  # every other one's grid kept just before
            page(api, other, wall=wall)
        assert page(api, viewers[name], wall=wall) == expected, (name, wall)
    stranger, lead_sees = cell(fresh["stranger", "0"], task), cell(fresh["lead", "0"], task)
    assert "新增共享停车位：40 个" in lead_sees and "40 个 /" not in stranger
    assert "进度图" in lead_sees and "进度图" not in cell(fresh["supporter", "0"], task)
    assert f'href="/tasks/{task}"' not in stranger
    assert "会议督办" in fresh["coordinator", "0"] and "会议督办" not in fresh["lead", "0"]
    assert "会议督办" not in fresh["coordinator", "1"]
