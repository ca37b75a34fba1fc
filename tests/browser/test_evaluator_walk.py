"""The evaluator's year-end walk on the demo, as issue 10 asks of a fresh clone: sign in, move
the battle map to 30 June (as known then, and as now known), export the audit trail, verify the
log from the command line, score the year under both shipped rubrics and record a decision.

The world is the demo `xiuhua up` loads, played to 6 December 2026 (its clock, not the
machine's), served without Temporal: the decision's consequence is what the workflow's
activity then does, run here as the demo loader runs the workflow's other steps.
"""

from __future__ import annotations

import csv
import io
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from domain.campaign import campaign_id
from domain.values import Actor
from infra.launch.demo.loader import load_demo
from infra.passwords import hash_password
from tests.browser.conftest import PASSWORD, Site, served, sign_in, wait_for_read_model
from tests.browser.test_lead_pages import serious

NOW = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)


def _demo(site: Site) -> None:
    load_demo(site.store, NOW)
    root = Actor("root", "系统管理")
    site.store.register_account(
        "evaluator", "评估组", "评估组", "evaluator", hash_password(PASSWORD), root, NOW
    )
    wait_for_read_model(site)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with served(tmp_path_factory.mktemp("demo"), _demo, NOW) as site:
        yield site


def test_an_evaluator_moves_the_battle_map_to_30_june_both_ways(page: Any, site: Site) -> None:
    sign_in(page, "evaluator")
    page.goto("/battle-map")
    page.get_by_label("截至业务日期").fill("2026-06-30")
    page.get_by_role("button", name="筛选").click()
    banner = page.locator("#past-view").inner_text()
    assert "这是过去的视图" in banner and "2026年6月30日" in banner
    as_now_known = page.locator("main").inner_text()

    page.get_by_label("截至业务日期").fill("")
    page.get_by_label("按当日所知").fill("2026-06-30")
    page.get_by_role("button", name="筛选").click()
    assert "不含此后的更正" in page.locator("#past-view").inner_text()
    as_known_then = page.locator("main").inner_text()
    # The May reports that came in during July are missing from what 30 June knew.
    assert as_known_then != as_now_known
    page.get_by_role("link", name="回到今天").click()
    assert page.locator("#past-view").count() == 0


def test_the_log_verifies_from_the_command_line(site: Site, tmp_path: Path) -> None:
    wait_for_read_model(site)  # the follower links every event it applies into the chain
    store_file = site.store.env["SQLITE_DBNAME"]
    env = {
        **os.environ,
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": store_file,
        "XIUHUA_DATA_DIR": str(Path(store_file).parent),
    }
    heads = tmp_path / "heads.json"
    xiuhua = Path(sys.executable).parent / "xiuhua"
    done = subprocess.run(
        [str(xiuhua), "verify", "--heads-out", str(heads)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2026-12-" in done.stdout and heads.exists()


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


def test_an_evaluator_exports_the_audit_trail_of_a_campaign(page: Any, site: Site) -> None:
    sign_in(page, "evaluator")
    page.get_by_role("link", name="审计记录").click()
    chosen = page.locator("#a-campaign option", has_text="PK-2025").first.get_attribute("value")
    page.get_by_label("专项行动", exact=True).select_option(chosen)
    page.get_by_role("button", name="筛选").click()
    assert serious(page) == []
    for link, kind in (("#export-csv", "text/csv"), ("#export-xlsx", "spreadsheetml")):
        answer = page.request.get(page.locator(link).get_attribute("href"))
        assert answer.status == 200 and kind in answer.headers["content-type"], link
    rows = _rows(page.request.get(page.locator("#export-csv").get_attribute("href")).text())
    assert rows and len(rows) == len({tuple(r.values()) for r in rows})
    assert all("PK-2025" in " ".join(r.values()) for r in rows[:20])


def test_an_evaluator_scores_the_year_two_ways_and_decides_last_years_campaign(
    page: Any, site: Site
) -> None:
    sign_in(page, "evaluator")
    page.get_by_role("link", name="年度评分").click()
    orders = []
    for first, second in (("balanced", "results-first"), ("results-first", "balanced")):
        page.get_by_label("年度").fill("2026")
        page.get_by_label("评分细则", exact=True).select_option(first)
        page.get_by_label("对照细则").select_option(second)
        page.get_by_role("button", name="显示").click()
        rows = page.locator('table[data-table="campaigns"] tbody tr')
        orders.append([rows.nth(i).get_attribute("data-campaign") for i in range(rows.count())])
    assert sorted(orders[0]) == sorted(orders[1]) and len(orders[0]) == 11
    assert orders[0] != orders[1]  # the two shipped rubrics rank the demo's year differently
    assert serious(page) == []

    page.get_by_label("年度").fill("2025")
    page.get_by_role("button", name="显示").click()
    report = page.get_by_role("link", name=re.compile("^网页 PK-2025")).first
    opened = page.request.get(report.get_attribute("href"))
    assert opened.status == 200 and "2025年度评估报告" in opened.text()
    page.get_by_role("link", name=re.compile("评估与决定 PK-2025")).click()
    page.get_by_label(re.compile("定性得分")).fill("70")
    page.get_by_label(re.compile("评分理由")).fill("共享车位超额完成，信访化解率未达约束性目标")
    page.get_by_role("button", name="保存定性评分").click()
    page.wait_for_url("**/decision?done=qualitative_done")
    page.get_by_label(re.compile("^新立")).check()
    page.get_by_label(re.compile("决定理由")).fill("化解率未达85%，新立2026年度行动承接")
    page.get_by_label(re.compile("年度评估报告")).check()
    page.get_by_role("button", name="记录决定").click()
    page.wait_for_url("**/decision?done=decision_done")
    assert "等待工作流执行此决定" in page.locator("main").inner_text()

    # What the workflow's apply_decision activity then does, as the demo loader runs it.
    site.store.apply_decision(campaign_id("PK-2025"), 2025, NOW)
    wait_for_read_model(site)
    page.reload()
    assert "PK-2025-2026" in page.locator("[data-draft]").inner_text()
    assert "承接的未完成任务" in page.locator("main").inner_text()
    assert serious(page) == []
