"""The lead unit's inbox and report form in a real browser, and axe-core on the main pages."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.conftest import COORDINATOR, LEAD_TOKEN, Site, sign_in, wait_for_read_model


def test_the_inbox_lists_overdue_reports_first_with_due_dates_and_working_days(
    page: Any,
) -> None:
    sign_in(page, "wang")
    page.wait_for_url("**/inbox")
    kinds = page.locator("#inbox tbody tr").evaluate_all("rows => rows.map(r => r.dataset.kind)")
    assert kinds and kinds[0] == "overdue"
    rank = {"overdue": 0, "returned": 1, "due": 2}
    assert [rank[k] for k in kinds] == sorted(rank[k] for k in kinds)
    first = page.locator("#inbox tbody tr").first.inner_text()
    assert "2093年2月5日" in first and "已逾期" in first and "工作日" in first
    assert "2093年3月10日 · 本月第7个工作日" in page.locator("main").inner_text()


def test_a_lead_unit_cannot_open_another_units_task_form(page: Any, site: Site) -> None:
    sign_in(page, "wang")
    page.wait_for_url("**/inbox")
    answer = page.goto(f"/tasks/{site.tasks['2']}/report")
    assert answer is not None and answer.status == 403
    assert page.get_by_role("heading", name="无权访问").is_visible()
    assert "区城管执法局不是任务2的牵头单位" in page.locator("main").inner_text()


def test_a_bad_number_is_refused_next_to_its_field_and_nothing_is_stored(
    page: Any, site: Site
) -> None:
    sign_in(page, "wang")
    page.wait_for_url("**/inbox")
    page.goto(f"/tasks/{site.tasks['1']}/report")
    before = site.store.recorder.max_notification_id()
    for typed, said in [
        ("1E+999999", "数值超出范围"),
        ("１２", "半角阿拉伯数字"),
        ("NaN", "半角阿拉伯数字"),
        ("12.5", "须为整数（单位：个）"),
    ]:
        page.get_by_label(re.compile("新增共享停车位")).fill(typed)
        page.get_by_label(re.compile("工作进展")).fill("本月推进顺利")
        page.get_by_role("button", name=re.compile("报送")).click()
        field = page.get_by_label(re.compile("新增共享停车位"))
        assert field.get_attribute("aria-invalid") == "true"
        error_id = field.get_attribute("aria-describedby").split()[0]
        note = page.locator(f"#{error_id}")
        assert said in note.inner_text(), (typed, note.inner_text())
    page.get_by_label(re.compile("信访投诉化解率")).fill("700")
    page.get_by_label(re.compile("新增共享停车位")).fill("")
    page.get_by_role("button", name=re.compile("报送")).click()
    assert "619" in page.locator("#err-resolved-petitions").inner_text()
    assert site.store.recorder.max_notification_id() == before


def test_a_report_submitted_through_the_form_is_in_the_units_history(page: Any, site: Site) -> None:
    sign_in(page, "wang")
    page.wait_for_url("**/inbox")
    page.goto(f"/tasks/{site.tasks['3']}/report?period=2093-01")
    page.get_by_label(re.compile("新增共享停车位")).fill("24")
    page.get_by_label(re.compile("信访投诉化解率")).fill("310")
    page.get_by_label(re.compile("工作进展")).fill("完成错时开放协议签订")
    page.get_by_label(re.compile("存在问题")).fill("部分单位顾虑安全")
    page.get_by_label(re.compile("方案印发")).check()
    page.get_by_role("button", name=re.compile("报送")).click()
    assert page.get_by_role("status").filter(has_text="已报送").is_visible()
    assert (
        "方案印发（计划2093年6月30日）· 已于2093年3月10日完成" in page.locator("main").inner_text()
    )
    history = page.locator("#history").inner_text()
    assert "2093年1月" in history and "24 个" in history and "完成错时开放协议签订" in history
    assert "50.0808%" in history  # 310 of 619 cases, stored as the rate


def test_a_returned_report_shows_its_reason_on_top_and_is_resubmitted(
    page: Any, site: Site
) -> None:
    api = site.api
    assert api is not None
    task = site.tasks["4"]
    body = {"period": "2093-03", "actuals": {"spaces": 30}, "progress": "初稿"}
    assert api.post(f"/api/tasks/{task}/reports", json=body, headers=LEAD_TOKEN).is_success
    reason = {"reason": "数据口径不一致，请按统计方法重报"}
    returned = api.post(
        f"/api/tasks/{task}/reports/2093-03/return", json=reason, headers=COORDINATOR
    )
    assert returned.is_success, returned.text
    wait_for_read_model(site)
    sign_in(page, "wang")
    page.wait_for_url("**/inbox")
    row = page.locator("#inbox tbody tr[data-kind=returned]")
    assert "数据口径不一致" in row.inner_text()
    row.get_by_role("link", name=re.compile("重新报送")).click()
    assert "数据口径不一致" in page.locator(".reason").first.inner_text()
    page.get_by_label(re.compile("新增共享停车位")).fill("32")
    page.get_by_label(re.compile("工作进展")).fill("按统计方法重新核定")
    page.get_by_role("button", name="重新报送").click()
    history = page.locator("#history tbody tr").first.inner_text()
    assert "已报送" in history and "32 个" in history and "\t2\t" in f"\t{history}\t"


def serious(page: Any) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']}: {v['help']}"
        for v in results.response["violations"]
        if v.get("impact") in ("serious", "critical")
    ]


def test_axe_finds_no_serious_or_critical_problem_on_the_main_pages(page: Any, site: Site) -> None:
    page.goto("/signin")
    assert serious(page) == []
    sign_in(page, "wang")
    page.wait_for_url("**/inbox")
    assert serious(page) == []
    page.goto(f"/tasks/{site.tasks['1']}/report")
    assert serious(page) == []
    page.get_by_label(re.compile("新增共享停车位")).fill("１２")
    page.get_by_role("button", name=re.compile("报送")).click()
    assert serious(page) == []


def test_hostile_text_in_the_form_is_refused_by_field_and_stores_nothing(
    page: Any, site: Site
) -> None:
    sign_in(page, "wang")
    page.wait_for_url("**/inbox")
    page.goto(f"/tasks/{site.tasks['1']}/report")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    before = site.store.recorder.max_notification_id()
    for progress in ["%ED%A0%80", "%00", "a%1Bb"]:  # a lone surrogate, NUL, ESC
        body = f"csrf_token={token}&period=2093-01&progress={progress}&actuals.spaces=3"
        answer = page.request.post(
            f"/tasks/{site.tasks['1']}/report",
            data=body,
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            max_redirects=0,
        )
        assert answer.status == 422, (progress, answer.status)
        assert 'id="err-progress"' in answer.text()
    forged = f"csrf_token={token}&period=2093-01&progress=ok&milestone=not-one-of-its"
    answer = page.request.post(
        f"/tasks/{site.tasks['1']}/report",
        data=forged,
        headers={"Content-Type": "application/x-www-form-urlencoded"},
        max_redirects=0,
    )
    assert answer.status == 422 and "不是本任务的时间节点" in answer.text()
    assert site.store.recorder.max_notification_id() == before
