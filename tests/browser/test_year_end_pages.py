"""The evaluator's year-end pages in a real browser: the year scored under both shipped rubrics
(two rankings), the qualitative score and the decision recorded through the forms, then carried
out as the workflow would and shown; a pack frozen and shown; axe-core on each page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID

import pytest

from tests.browser.conftest import (
    COORDINATOR,
    LEAD_TOKEN,
    OTHER,
    PASSWORD,
    TODAY,
    Site,
    sign_in,
    wait_for_read_model,
)
from tests.browser.test_lead_pages import serious

EVALUATOR = {"Authorization": "Bearer demo-evaluator"}


def _body(code: str, attribute: str) -> dict[str, Any]:
    indicator = {
        "code": "spaces", "name": "新增共享停车位", "unit": "个", "baseline": 0, "target": 180,
        "attribute": attribute, "deadline": "2093-12-31",
    }  # fmt: skip
    return {
        "code": code,
        "name": f"年终评估{code}",
        "task_force": "精细化专项行动专班",
        "year": 2093,
        "start_period": "2093-03",
        "tasks": [
            {"number": "1", "title": "新增共享停车位", "lead_units": ["区城管执法局"],
             "indicators": [indicator]},
            {"number": "2", "title": "违建存量削减", "lead_units": [OTHER]},
        ],
    }  # fmt: skip


@pytest.fixture(scope="module")
def year(site: Site) -> dict[str, str]:
    """Two campaigns of 2093: A reached its binding target but was supervised twice and let a
    meeting follow-up lapse; B got half-way on an expected target, ran a clean year and was
    given the full qualitative score."""
    from domain.values import Actor
    from infra.passwords import hash_password

    api = site.api
    assert api is not None
    site.clock.now = datetime(2093, 3, 1, 2, 0, tzinfo=UTC)
    ids: dict[str, str] = {}
    for code, attribute, spaces in (("YE-A", "binding", 180), ("YE-B", "expected", 90)):
        made = api.post("/api/campaigns", json=_body(code, attribute), headers=COORDINATOR)
        assert made.status_code == 201, made.text
        cid = ids[code] = made.json()["id"]
        assert api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR).is_success
        tasks = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["tasks"]
        for t in tasks:
            site.store.open_period(
                UUID(t["id"]), "2093-03", date(2093, 4, 6), "weekend_fallback", site.clock.now
            )
        ids[f"{code}-task"] = tasks[0]["id"]
        site.clock.now = TODAY
        wait_for_read_model(site)
        body = {"period": "2093-03", "actuals": {"spaces": spaces}, "progress": "推进"}
        sent = api.post(f"/api/tasks/{tasks[0]['id']}/reports", json=body, headers=LEAD_TOKEN)
        assert sent.is_success, sent.text
    task = ids["YE-A-task"]
    for _ in range(2):
        for step in ("open", "close"):
            url = f"/api/tasks/{task}/supervision/{step}"
            assert api.post(url, json={"reason": "进度"}, headers=COORDINATOR).is_success
    meeting = {
        "kind": "quarterly", "held_on": "2093-03-10", "title": "推进会", "attendees": [OTHER],
        "decisions": [], "follow_ups": [
            {"action": "报送方案", "unit": "区城管执法局", "due_on": "2093-03-20"}],
    }  # fmt: skip
    held = api.post(f"/api/campaigns/{ids['YE-A']}/meetings", json=meeting, headers=COORDINATOR)
    assert held.status_code in (201, 202), held.text
    qualitative = {"year": 2093, "score": 100, "reason": "过程规范"}
    url = f"/api/campaigns/{ids['YE-B']}/qualitative"
    assert api.post(url, json=qualitative, headers=EVALUATOR).is_success
    hashed = hash_password(PASSWORD)
    site.store.register_account("ping", "评估员", "评估组", "evaluator", hashed,
                                Actor("root", "系统管理"), TODAY)  # fmt: skip
    wait_for_read_model(site)
    return ids


def _order(page: Any, table: str) -> list[str]:
    rows = page.locator(f'table[data-table="{table}"] tbody tr')
    return [rows.nth(i).get_attribute("data-campaign") for i in range(rows.count())]


def test_an_evaluator_scores_the_year_two_ways_and_records_the_decision(
    page: Any, site: Site, year: dict[str, str]
) -> None:
    sign_in(page, "ping")
    page.wait_for_url("**/battle-map")
    page.get_by_role("link", name="年度评分").click()
    page.get_by_label("年度").fill("2093")
    page.get_by_label("评分细则", exact=True).select_option("balanced")
    page.get_by_label("对照细则").select_option("results-first")
    page.get_by_role("button", name="显示").click()
    ours = [c for c in _order(page, "campaigns") if c and c.startswith("YE-")]
    assert ours == ["YE-B", "YE-A"]
    moved = page.locator('table[data-table="campaigns"] tr[data-campaign="YE-A"]').inner_text()
    assert "排名由" in moved and "督导：9/15 → 0/5" in moved
    assert serious(page) == []
    page.get_by_label("评分细则", exact=True).select_option("results-first")
    page.get_by_label("对照细则").select_option("balanced")
    page.get_by_role("button", name="显示").click()
    ours = [c for c in _order(page, "campaigns") if c and c.startswith("YE-")]
    assert ours == ["YE-A", "YE-B"]

    # The year ends for A (as the workflow opens the assessment), and the evaluator decides.
    site.store.open_assessment(UUID(year["YE-A"]), 2093, TODAY)
    wait_for_read_model(site)
    page.get_by_role("link", name=re.compile("评估与决定 YE-A")).click()
    page.get_by_label(re.compile("定性得分")).fill("１００")
    page.get_by_label(re.compile("评分理由")).fill("目标完成，过程欠规范")
    page.get_by_role("button", name="保存定性评分").click()
    assert "半角阿拉伯数字" in page.locator("#err-q_score").inner_text()
    assert serious(page) == []
    page.get_by_label(re.compile("定性得分")).fill("60")
    page.get_by_role("button", name="保存定性评分").click()
    page.wait_for_url("**/decision?done=qualitative_done")
    assert "当前定性评分：60分" in page.locator("main").inner_text()

    page.get_by_role("button", name="记录决定").click()  # nothing chosen: refused by field
    assert page.locator("#err-decision").count() == 1 and page.locator("#err-rationale").count()
    page.get_by_label(re.compile("^延续")).check()
    page.get_by_label("记录的总分与等次按此细则计算").select_option("results-first")
    page.get_by_label(re.compile("决定理由")).fill("存量仍大，延续一年")
    page.get_by_label("新增共享停车位").check()
    page.get_by_label(re.compile("其他链接")).fill(f"/api/changes?campaign={year['YE-A']}")
    page.get_by_role("button", name="记录决定").click()
    page.wait_for_url("**/decision?done=decision_done")
    text = page.locator("main").inner_text()
    assert "决定已记录" in text and "等待工作流执行此决定" in text
    assert "2093年度已作出决定" in text
    assert page.get_by_role("link", name=f"/tasks/{year['YE-A-task']}").count() == 1

    # The workflow carries it out; the page then links next year's run.
    site.store.apply_decision(UUID(year["YE-A"]), 2093, TODAY)
    wait_for_read_model(site)
    page.reload()
    assert "已延续至2094年度" in page.locator("main").inner_text()
    assert page.get_by_role("link", name="2094年度挂图作战").count() == 1
    assert serious(page) == []


def test_a_pack_is_frozen_and_shown_as_frozen(page: Any, site: Site, year: dict[str, str]) -> None:
    sign_in(page, "ping")
    page.wait_for_url("**/battle-map")
    page.get_by_role("link", name="会议材料").click()
    page.get_by_label(re.compile("材料名称")).fill("年终评估会材料")
    page.get_by_label("截止日期（2026-11-05）").fill("2093-03-10")
    page.get_by_label(re.compile("截止时刻")).fill("25:61")
    page.get_by_role("button", name="冻结").click()
    assert "不是有效的时刻" in page.locator("#err-cut_date").inner_text()
    assert serious(page) == []
    page.get_by_label(re.compile("截止时刻")).fill("")
    page.get_by_role("button", name="冻结").click()
    page.wait_for_url(re.compile(r"/packs/[0-9a-f-]+\?done=1"))
    text = page.locator("main").inner_text()
    assert "材料已冻结" in text and "冻结时的任务状态" in text and "YE-A" in text
    assert serious(page) == []
    page.goto("/packs")
    assert page.get_by_role("link", name="年终评估会材料").count() == 1
