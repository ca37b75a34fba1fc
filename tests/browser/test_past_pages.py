"""The pages about the past in a real browser: the battle map's past view leads to what changed
since, the changes page filtered and exported, a bad date said beside its field, the audit trail
filtered, paged and exported, and the task page as known on a day before a correction; axe-core
on each new page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from typing import Any

import pytest

from tests.browser.conftest import COORDINATOR, LEAD_TOKEN, PASSWORD, Site, sign_in
from tests.browser.conftest import wait_for_read_model as settled
from tests.browser.test_lead_pages import serious

REPORTED = datetime(2093, 3, 10, 4, 0, tzinfo=UTC)
CORRECTED = datetime(2093, 4, 20, 3, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def world(site: Site) -> dict[str, str]:
    """Task 1 reported 12 in March; on 20 April returned (口径不符) and corrected to 30; the
    pages are read on 20 April by a coordinator."""
    from domain.values import Actor
    from infra.passwords import hash_password

    api = site.api
    assert api is not None
    task = site.tasks["1"]
    site.clock.now = REPORTED
    body = {"period": "2093-03", "actuals": {"spaces": 12}, "progress": "三月进展"}
    assert api.post(f"/api/tasks/{task}/reports", json=body, headers=LEAD_TOKEN).is_success
    site.clock.now = CORRECTED
    url = f"/api/tasks/{task}/reports/2093-03/return"
    assert api.post(url, json={"reason": "口径不符"}, headers=COORDINATOR).is_success
    again = {**body, "actuals": {"spaces": 30}}
    assert api.post(f"/api/tasks/{task}/reports", json=again, headers=LEAD_TOKEN).is_success
    root = Actor("root", "系统管理")
    site.store.register_account(
        "zhou",
        "zhou",
        "精细化专项行动专班",
        "coordinator",
        hash_password(PASSWORD),
        root,
        CORRECTED,
    )
    settled(site)
    return {"task": task}


def test_the_task_force_reads_the_past_changes_audit_trail_and_task_as_known_then(
    page: Any, site: Site, world: dict[str, str]
) -> None:
    sign_in(page, "zhou")
    page.wait_for_url("**/battle-map")
    # The battle map as known on the day of the first report leads to what changed since.
    page.get_by_label("按当日所知").fill("2093-03-10")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"known_on=2093-03-10"))
    page.get_by_role("link", name="查看此日至今的变化").click()
    page.wait_for_url(re.compile(r"/changes\?from=2093-03-10&to=2093-04-20"))
    assert serious(page) == []
    facts = page.locator("table.changes tr[data-kind]")
    kinds = set(facts.evaluate_all("rows => rows.map(r => r.dataset.kind)"))
    assert {"submitted", "returned", "corrected"} <= kinds
    assert page.locator('table.changes[data-day="2093-04-20"]').count() == 1
    page.get_by_label("类别").select_option(label="退回")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"kind=returned"))
    assert page.locator("table.changes tr[data-kind]").count() == 1
    assert "口径不符" in page.locator("table.changes").inner_text()
    exported = page.request.get(page.locator("#export-csv").get_attribute("href"))
    lines = exported.body().decode("utf-8-sig").splitlines()
    assert exported.ok and len(lines) == 2 and "口径不符" in lines[1]

    # A date that is none is said beside its field; the form still works.
    page.goto("/changes?from=2093-02-30&to=2093-04-20")
    assert page.locator("#err-from").inner_text() == "不是有效的日期（年-月-日）"
    assert page.get_by_label("起始日期").get_attribute("aria-invalid") == "true"
    assert serious(page) == []
    page.get_by_label("起始日期").fill("2093-04-19")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"from=2093-04-19"))
    assert page.locator("#err-from").count() == 0

    # The audit trail, from the navigation: filtered by task and event, exported the same.
    page.get_by_role("link", name="审计记录").click()
    page.wait_for_url("**/audit")
    assert serious(page) == []
    assert re.search(r"共\d+条", page.locator("#audit-count").inner_text())
    page.get_by_label("目标任务").select_option(value=world["task"])
    page.get_by_label("事件类型").fill("ReportSubmitted")
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"type=ReportSubmitted"))
    rows = page.locator("#audit-trail tbody tr")
    assert rows.count() == 2 and page.locator("#audit-count").inner_text() == "共2条"
    assert "2093年3月10日" in rows.first.inner_text()
    sheet = page.request.get(page.locator("#export-xlsx").get_attribute("href"))
    assert sheet.ok and sheet.body()[:2] == b"PK"  # a zip: the .xlsx
    assert serious(page) == []

    # The task page as known on 10 March: the first figure, no forms, said plainly.
    page.goto(f"/tasks/{world['task']}")
    assert page.locator(".task-forms form").count() == 1  # a supervision form today
    page.get_by_label("按当日所知").fill("2093-03-10")
    page.get_by_role("button", name="查看过去").click()
    page.wait_for_url(re.compile(r"known_on=2093-03-10"))
    banner = page.locator("#past-view")
    assert "这是过去的视图" in banner.inner_text() and "不含此后的更正" in banner.inner_text()
    assert "新增共享停车位 12 个" in page.locator("#periods").inner_text()
    assert page.locator("main form[method=post]").count() == 0  # no command form
    assert serious(page) == []
    page.get_by_label("按当日所知").fill("")
    page.get_by_label("截至业务日期").fill(date(2093, 3, 31).isoformat())
    page.get_by_role("button", name="查看过去").click()
    page.wait_for_url(re.compile(r"as_of=2093-03-31"))
    assert "新增共享停车位 30 个" in page.locator("#periods").inner_text()
