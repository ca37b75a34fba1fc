"""The task force's pages (battle map, task page, review queue, meetings) and the supporting
unit's page in a real browser: each job done through the forms, axe-core on the main pages,
and a wrong unit's or a forged request refused."""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote
from uuid import UUID

import pytest

from tests.browser.conftest import (
    COORDINATOR,
    LEAD,
    LEAD_TOKEN,
    OTHER,
    PASSWORD,
    TODAY,
    Site,
    sign_in,
    wait_for_read_model,
)
from tests.browser.test_lead_pages import serious

SUPPORTER = "区建设管理委"
SUPPORT_TOKEN = {"Authorization": f"Bearer demo-support:{quote(SUPPORTER)}"}


def _indicator() -> dict[str, Any]:
    return {
        "code": "sites",
        "name": "整治点位",
        "unit": "个",
        "baseline": 0,
        "target": 40,
        "attribute": "binding",
        "deadline": "2093-12-31",
    }


@pytest.fixture(scope="module")
def world(site: Site) -> dict[str, str]:
    """A second campaign whose first task the supporting unit helps with; its March opened; the
    task force's and the supporting unit's users."""
    from domain.values import Actor
    from infra.passwords import hash_password

    api = site.api
    assert api is not None
    site.clock.now = datetime(2093, 3, 1, 2, 0, tzinfo=UTC)
    body = {
        "code": "WEB-2",
        "name": "背街小巷环境整治",
        "task_force": "精细化专项行动专班",
        "year": 2093,
        "start_period": "2093-03",
        "tasks": [
            {
                "number": "1",
                "title": "背街小巷立面整治",
                "lead_units": [LEAD],
                "supporting_units": [SUPPORTER],
                "indicators": [_indicator()],
            },
            {"number": "2", "title": "架空线入地", "lead_units": [OTHER], "indicators": []},
        ],
    }
    made = api.post("/api/campaigns", json=body, headers=COORDINATOR)
    assert made.status_code == 201, made.text
    cid = made.json()["id"]
    assert api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR).status_code in (200, 202)
    tasks = {
        t["number"]: t["id"]
        for t in api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["tasks"]
    }
    opened = datetime(2093, 3, 1, 3, 0, tzinfo=UTC)
    for tid in tasks.values():
        site.store.open_period(UUID(tid), "2093-03", date(2093, 4, 6), "weekend_fallback", opened)
    site.clock.now = TODAY
    hashed = hash_password(PASSWORD)
    root = Actor("root", "系统管理")
    for name, unit, role in [
        ("zhou", "精细化专项行动专班", "coordinator"),
        ("sun", SUPPORTER, "supporting_unit"),
        ("qian", "评估组", "evaluator"),
    ]:
        site.store.register_account(name, name, unit, role, hashed, root, TODAY)
    wait_for_read_model(site)
    first = api.get("/api/campaigns", headers=COORDINATOR).json()
    web1 = next(c["id"] for c in first if c["code"] == "WEB-1")
    return {"campaign": cid, "web1": web1, "helped": tasks["1"], "other": tasks["2"]}


def shoot(page: Any, name: str) -> None:
    """A screenshot for the README when XIUHUA_SCREENSHOTS names a directory; else nothing."""
    directory = os.environ.get("XIUHUA_SCREENSHOTS")
    if directory:
        page.screenshot(path=str(Path(directory) / f"{name}.png"))


def _signed_in(page: Any, name: str, home: str) -> None:
    sign_in(page, name)
    page.wait_for_url(f"**{home}")


def test_the_battle_map_shows_the_grid_filtered_on_a_wall_and_in_print(
    page: Any, site: Site, world: dict[str, str]
) -> None:
    _signed_in(page, "zhou", "/battle-map")
    assert serious(page) == []
    shoot(page, "battle-map")
    cells = page.locator("#grid li.cell")
    everything = cells.count()
    assert everything == 6  # four tasks of WEB-1, two of WEB-2
    first = cells.first
    assert first.locator(".cell-tag").first.inner_text() in {
        "正常推进",
        "进度滞后风险",
        "滞后",
        "无法判断",
    }
    assert "新增共享停车位：" in first.inner_text() and "目标180 个" in first.inner_text()
    page.get_by_label("单位", exact=True).fill(OTHER)
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"unit="))
    shown = page.locator("#grid li.cell")
    assert shown.count() == 2
    assert all(OTHER in text for text in shown.all_inner_texts())
    status = shown.first.get_attribute("data-status")
    page.get_by_label("状态").select_option(status)
    page.get_by_role("button", name="筛选").click()
    page.wait_for_url(re.compile(r"status="))
    statuses = page.locator("#grid li.cell").evaluate_all("cs => cs.map(c => c.dataset.status)")
    assert statuses and set(statuses) == {status}
    assert page.get_by_label("单位", exact=True).input_value() == OTHER
    page.goto(f"/battle-map?campaign={world['campaign']}&binding=false")
    assert page.locator("#grid li.cell").count() == 1  # 架空线入地 has no indicator at all
    assert "架空线入地" in page.locator("#grid").inner_text()
    page.goto("/battle-map?status=purple&campaign=nope")
    assert page.locator("#err-status").is_visible() and page.locator("#err-campaign").is_visible()
    page.goto("/battle-map?wall=1")
    assert page.locator("header").count() == 0
    refresh = page.locator('meta[http-equiv="refresh"]')
    assert refresh.get_attribute("content") == "60"
    shoot(page, "battle-map-wall")
    assert page.locator("#grid li.cell").count() == everything
    page.goto("/battle-map")
    page.emulate_media(media="print")
    assert not page.locator("form.filters").is_visible()
    assert not page.locator("header").is_visible()
    assert page.locator("#grid li.cell").first.is_visible()
    page.locator("#grid li.cell a").first.click()
    page.wait_for_url(re.compile(r"/tasks/[0-9a-f-]{36}$"))


def test_a_coordinator_returns_a_report_with_a_reason_and_the_lead_reads_it_in_its_inbox(
    page: Any, browser: Any, site: Site, world: dict[str, str]
) -> None:
    api = site.api
    assert api is not None
    task = site.tasks["1"]
    body = {"period": "2093-03", "actuals": {"spaces": 12}, "progress": "完成选址"}
    assert api.post(f"/api/tasks/{task}/reports", json=body, headers=LEAD_TOKEN).is_success
    wait_for_read_model(site)
    _signed_in(page, "zhou", "/battle-map")
    page.get_by_role("link", name="审核").click()
    page.wait_for_url("**/reviews")
    assert serious(page) == []
    row = page.locator(f"#reviews tr[data-task='{task}']")
    assert "新增共享停车位 12 个" in row.inner_text() and "完成选址" in row.inner_text()
    before = site.store.recorder.max_notification_id()
    row.get_by_role("button", name=re.compile("^退回")).click()
    field = page.locator(f"#reviews tr[data-task='{task}']").get_by_label(re.compile("退回原因"))
    assert field.get_attribute("aria-invalid") == "true"
    note = page.locator("#" + field.get_attribute("aria-describedby"))
    assert note.inner_text() == "必填"
    assert site.store.recorder.max_notification_id() == before
    assert serious(page) == []
    field.fill("停车位数量与台账不符，请核实后重报")
    shoot(page, "review-queue")
    page.locator(f"#reviews tr[data-task='{task}']").get_by_role(
        "button", name=re.compile("^退回")
    ).click()
    assert page.get_by_role("status").filter(has_text="已退回").is_visible()
    assert page.locator(f"#reviews tr[data-task='{task}']").count() == 0
    other = browser.new_context(base_url=site.url)
    try:
        lead = other.new_page()
        _signed_in(lead, "li", "/inbox")
        returned = lead.locator("#inbox tbody tr[data-kind=returned]")
        assert "停车位数量与台账不符" in returned.inner_text()
        shoot(lead, "inbox-returned")
    finally:
        other.close()
    page.goto(f"/tasks/{task}")
    history = page.locator("#task-history").inner_text()
    assert "退回专报" in history and "第1版，停车位数量与台账不符" in history


def test_a_coordinator_accepts_a_report_from_the_queue(
    page: Any, site: Site, world: dict[str, str]
) -> None:
    api = site.api
    assert api is not None
    task = site.tasks["3"]
    body = {"period": "2093-02", "actuals": {"spaces": 20}, "progress": "二月进展"}
    assert api.post(f"/api/tasks/{task}/reports", json=body, headers=LEAD_TOKEN).is_success
    wait_for_read_model(site)
    _signed_in(page, "zhou", "/battle-map")
    page.goto("/reviews")
    page.locator(f"#reviews tr[data-task='{task}']").get_by_role(
        "button", name=re.compile("^采纳")
    ).click()
    assert page.get_by_role("status").filter(has_text="已采纳").is_visible()
    page.goto(f"/tasks/{task}")
    assert "采纳专报" in page.locator("#task-history").inner_text()
    assert "已采纳" in page.locator("#periods tr[data-period='2093-02']").inner_text()


def test_the_task_page_shows_history_and_supervision_opened_and_closed_by_hand(
    page: Any, site: Site, world: dict[str, str]
) -> None:
    task = site.tasks["2"]
    _signed_in(page, "zhou", "/battle-map")
    page.goto(f"/tasks/{task}")
    assert serious(page) == []
    history = page.locator("#task-history").inner_text()
    assert "逾期未报" in history and "应于2093年2月5日报送" in history
    assert "开始报送期" in history
    assert "发起督导" in history  # by the second overdue report, as the workflow escalates
    assert "2 overdue reports" in page.locator("#supervision").inner_text()
    page.goto(f"/tasks/{world['other']}")
    page.get_by_role("button", name="发起督导").click()
    assert page.get_by_label(re.compile("督导原因")).get_attribute("aria-invalid") == "true"
    assert page.locator("#err-reason").inner_text() == "必填"
    assert serious(page) == []
    page.get_by_label(re.compile("督导原因")).fill("连续两月逾期，约谈分管负责人")
    page.get_by_role("button", name="发起督导").click()
    page.wait_for_url(re.compile(r"done=open_supervision"))
    assert "连续两月逾期" in page.locator("#supervision").inner_text()
    page.get_by_label(re.compile("办结说明")).fill("已约谈，两期专报已补报")
    page.get_by_role("button", name="结束督导").click()
    page.wait_for_url(re.compile(r"done=close_supervision"))
    assert page.locator("#supervision").inner_text() == "目前没有督导。"
    assert page.get_by_role("button", name="发起督导").is_visible()
    history = page.locator("#task-history").inner_text()
    shoot(page, "task-page")
    assert "发起督导" in history and "结束督导" in history and "已约谈，两期专报已补报" in history
    page.goto(f"/tasks/{world['other']}?lang=en")
    assert "supervision closed" in page.locator("#task-history").inner_text()
    assert "Supervision" in page.locator("h2").all_inner_texts()


def test_evidence_files_are_served_to_the_tasks_readers_by_session(
    page: Any, site: Site, world: dict[str, str]
) -> None:
    api = site.api
    assert api is not None
    task = site.tasks["4"]
    pdf = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    headers = {**LEAD_TOKEN, "Content-Type": "application/octet-stream"}
    uploaded = api.post(f"/api/tasks/{task}/evidence", content=pdf, headers=headers)
    assert uploaded.status_code == 201, uploaded.text
    digest = uploaded.json()["hash"]
    body = {
        "period": "2093-01",
        "actuals": {"spaces": 5},
        "progress": "一月补报",
        "evidence": [{"hash": digest, "name": "台账.pdf"}],
    }
    answer = api.post(f"/api/tasks/{task}/reports", json=body, headers=LEAD_TOKEN)
    assert answer.is_success, answer.text
    wait_for_read_model(site)
    _signed_in(page, "zhou", "/battle-map")
    page.goto(f"/tasks/{task}")
    link = page.get_by_role("link", name="台账.pdf")
    served = page.request.get(link.get_attribute("href"))
    assert served.status == 200 and served.body() == pdf
    missing = page.request.get(f"/tasks/{task}/evidence/{'0' * 64}")
    assert missing.status == 404


def test_a_coordinator_records_a_meeting_whose_follow_up_the_unit_marks_done(
    page: Any, browser: Any, site: Site, world: dict[str, str]
) -> None:
    _signed_in(page, "zhou", "/battle-map")
    page.goto(f"/battle-map?campaign={world['web1']}")
    page.get_by_role("link", name=re.compile("会议督办")).first.click()
    page.wait_for_url(f"**/campaigns/{world['web1']}/meetings")
    assert serious(page) == []
    page.get_by_label("会议类型").select_option("quarterly")
    page.get_by_label(re.compile("会议日期")).fill("2093-03-09")
    page.get_by_label(re.compile("参会单位或人员")).fill(f"{LEAD}\n{OTHER}")
    page.get_by_label(re.compile("会议决定")).fill("加快共享车位签约")
    page.locator("#fu-1-action").fill("报送共享车位签约清单")
    page.locator("#fu-1-unit").fill(LEAD)
    page.locator("#fu-1-due").fill("2093-03-08")
    before = site.store.recorder.max_notification_id()
    page.get_by_role("button", name="记录会议").click()
    assert page.get_by_label(re.compile("会议名称")).get_attribute("aria-invalid") == "true"
    assert page.locator("#err-title").inner_text() == "必填"
    page.get_by_label(re.compile("会议名称")).fill("一季度推进会")
    page.get_by_role("button", name="记录会议").click()
    assert page.locator("#err-fu-1-due").inner_text() == "须晚于会议召开日期"  # in Chinese
    assert site.store.recorder.max_notification_id() == before
    page.locator("#fu-1-due").fill("2093-03-20")
    page.get_by_role("button", name="记录会议").click()
    page.wait_for_url(re.compile(r"done=1"))
    meeting = page.locator("section.meeting").first
    shoot(page, "meetings")
    assert "一季度推进会" in meeting.inner_text() and "2093年3月20日" in meeting.inner_text()
    assert meeting.locator("tr[data-state=open]").count() == 1
    other = browser.new_context(base_url=site.url)
    try:
        lead = other.new_page()
        _signed_in(lead, "zhao", "/inbox")
        owed = lead.locator("#follow-ups tbody tr")
        assert "报送共享车位签约清单" in owed.inner_text()
        assert serious(lead) == []
        owed.get_by_role("button", name=re.compile("办结")).click()
        assert lead.locator("#err-note").inner_text() == "必填"
        lead.get_by_label(re.compile("办理情况")).fill("清单已报专班")
        lead.get_by_role("button", name="办结").click()
        lead.wait_for_url(re.compile(r"/inbox\?done=follow_up_done"))
        assert lead.locator("#follow-ups").count() == 0
    finally:
        other.close()
    page.reload()
    done = page.locator("section.meeting").first.locator("tr[data-state=done]")
    assert "清单已报专班" in done.inner_text()


def test_a_supporting_unit_adds_a_contribution_the_lead_sees_beside_its_form(
    page: Any, browser: Any, site: Site, world: dict[str, str]
) -> None:
    task = world["helped"]
    coordinator = browser.new_context(base_url=site.url)
    try:
        zhou = coordinator.new_page()
        _signed_in(zhou, "zhou", "/battle-map")
        zhou.goto("/reviews")
        assert SUPPORTER in zhou.locator("#silent").inner_text()  # silent so far this period
    finally:
        coordinator.close()
    _signed_in(page, "sun", "/support")
    assert serious(page) == []
    section = page.locator(f"section[data-task='{task}']")
    assert "背街小巷立面整治" in section.inner_text()
    assert page.locator(f"section[data-task='{world['other']}']").count() == 0
    before = site.store.recorder.max_notification_id()
    section.get_by_label(re.compile("本期工作情况")).fill("完成12处立面的施工协调")
    section.get_by_label(re.compile("整治点位")).fill("１２")
    section.get_by_role("button", name=re.compile("报送本期工作情况")).click()
    section = page.locator(f"section[data-task='{task}']")
    field = section.get_by_label(re.compile("整治点位"))
    assert field.get_attribute("aria-invalid") == "true"
    assert (
        "半角阿拉伯数字" in page.locator("#" + field.get_attribute("aria-describedby")).inner_text()
    )
    assert site.store.recorder.max_notification_id() == before
    assert serious(page) == []
    field.fill("12")
    section.get_by_role("button", name=re.compile("报送本期工作情况")).click()
    page.wait_for_url(re.compile(r"done=contribution_saved"))
    shoot(page, "supporting-unit")
    assert "完成12处立面的施工协调" in page.locator(f"section[data-task='{task}']").inner_text()
    other = browser.new_context(base_url=site.url)
    try:
        lead = other.new_page()
        _signed_in(lead, "wang", "/inbox")
        lead.goto(f"/tasks/{task}/report?period=2093-03")
        beside = lead.locator("#contributions").inner_text()
        shoot(lead, "report-form-contributions")
        assert (
            SUPPORTER in beside
            and "完成12处立面的施工协调" in beside
            and "整治点位 12 个" in beside
        )
        lead.goto(f"/tasks/{task}")
        assert "配合单位报送工作情况" in lead.locator("#task-history").inner_text()
    finally:
        other.close()
    coordinator = browser.new_context(base_url=site.url)
    try:
        zhou = coordinator.new_page()
        _signed_in(zhou, "zhou", "/battle-map")
        zhou.goto("/reviews")
        silent = zhou.locator("#silent")
        assert silent.count() == 0 or "背街小巷立面整治" not in silent.inner_text()
    finally:
        coordinator.close()


def test_a_unit_cannot_open_the_task_forces_pages_or_another_units_task(
    page: Any, site: Site, world: dict[str, str]
) -> None:
    _signed_in(page, "wang", "/inbox")
    for path in ["/reviews", f"/campaigns/{world['web1']}/meetings"]:
        answer = page.goto(path)
        assert answer is not None and answer.status == 403, path
        assert page.get_by_role("heading", name="无权访问").is_visible()
        assert "此操作仅限专班、评估组、分管领导或管理员" in page.locator("main").inner_text()
    answer = page.goto(f"/tasks/{site.tasks['2']}")
    assert answer is not None and answer.status == 403
    assert "区城管执法局不是任务2的牵头或配合单位" in page.locator("main").inner_text()
    page.goto("/inbox")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    before = site.store.recorder.max_notification_id()
    for path, data in [
        (f"/reviews/{site.tasks['1']}/2093-03/accept", f"csrf_token={token}"),
        (f"/tasks/{site.tasks['1']}/supervision/open", f"csrf_token={token}&reason=x"),
        (f"/campaigns/{world['web1']}/meetings", f"csrf_token={token}&title=x"),
        (f"/tasks/{world['other']}/contribution", f"csrf_token={token}&text=x"),
    ]:
        answer = page.request.post(path, data=data, headers=form, max_redirects=0)
        assert answer.status == 403, (path, answer.status)
    assert site.store.recorder.max_notification_id() == before
    # The battle map is every unit's: another unit's task as published (not linked), no
    # meetings link.
    assert page.goto("/battle-map").status == 200
    assert page.get_by_role("link", name=re.compile("会议督办")).count() == 0
    assert page.locator(f"li[data-task='{site.tasks['2']}'] a").count() == 0
    assert page.locator(f"li[data-task='{site.tasks['1']}'] a.cell-link").count() == 1
    assert "外单位任务" in page.locator(f"li[data-task='{site.tasks['2']}']").inner_text()


def test_a_forged_post_without_the_csrf_token_is_refused(
    page: Any, site: Site, world: dict[str, str]
) -> None:
    _signed_in(page, "zhou", "/battle-map")
    before = site.store.recorder.max_notification_id()
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    for path, data in [
        (f"/tasks/{site.tasks['3']}/supervision/open", "reason=forged"),
        (f"/campaigns/{world['web1']}/meetings", "title=forged&kind=ad_hoc"),
        (f"/tasks/{site.tasks['3']}/supervision/open", "csrf_token=wrong&reason=forged"),
    ]:
        answer = page.request.post(path, data=data, headers=form, max_redirects=0)
        assert answer.status == 403, (path, answer.status)
        assert "表单已失效" in answer.text()
    assert site.store.recorder.max_notification_id() == before


def test_every_role_is_sent_to_its_own_start_page(
    page: Any, browser: Any, site: Site, world: dict[str, str]
) -> None:
    api = site.api
    assert api is not None
    body = {"period": "2093-03", "actuals": {"spaces": 9}, "progress": "三月"}
    assert api.post(
        f"/api/tasks/{site.tasks['4']}/reports", json=body, headers=LEAD_TOKEN
    ).is_success
    wait_for_read_model(site)
    _signed_in(page, "qian", "/battle-map")
    header = page.locator("header").inner_text()
    assert "挂图作战" in header and "审核" in header
    page.goto("/reviews")
    assert page.locator("#reviews button").count() == 0  # an evaluator reads, never signs
    assert page.locator("#reviews th").all_inner_texts() == ["目标任务", "报送期", "填报"]
    assert header.count("评估组") == 1  # name, unit and role said once each


def _post(page: Any, path: str, data: str) -> Any:
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    return page.request.post(path, data=data, headers=form, max_redirects=0)


def test_hostile_text_dates_and_figures_are_refused_by_field_and_store_nothing(
    page: Any, browser: Any, site: Site, world: dict[str, str]
) -> None:
    api = site.api
    assert api is not None
    task = site.tasks["4"]
    body = {"period": "2093-02", "actuals": {"spaces": 8}, "progress": "二月"}
    assert api.post(f"/api/tasks/{task}/reports", json=body, headers=LEAD_TOKEN).is_success
    meeting = {
        "kind": "ad_hoc",
        "held_on": "2093-03-05",
        "title": "立面整治专题会",
        "attendees": [SUPPORTER],
        "follow_ups": [{"action": "提供施工许可清单", "unit": SUPPORTER, "due_on": "2093-03-31"}],
    }
    made = api.post(
        f"/api/campaigns/{world['campaign']}/meetings", json=meeting, headers=COORDINATOR
    )
    assert made.status_code in (201, 202), made.text
    wait_for_read_model(site)
    _signed_in(page, "zhou", "/battle-map")
    page.goto("/reviews")
    token = page.locator("input[name=csrf_token]").first.get_attribute("value")
    before = site.store.recorder.max_notification_id()
    reason_id = f"err-reason-{task}-2093-02"
    for reason, said in [("%ED%A0%80", "UTF-8"), ("%00", "U+0000"), ("a%E2%80%AEb", "U+202E")]:
        answer = _post(
            page, f"/reviews/{task}/2093-02/return", f"csrf_token={token}&reason={reason}"
        )
        assert answer.status == 422 and f'id="{reason_id}"' in answer.text(), reason
        assert said in answer.text(), (reason, said)
    answer = _post(page, f"/reviews/{task}/2099-13/accept", f"csrf_token={token}")
    assert answer.status == 422
    answer = _post(
        page, f"/tasks/{world['other']}/supervision/open", f"csrf_token={token}&reason=%1B"
    )
    assert answer.status == 422 and 'id="err-reason"' in answer.text()
    # Task 4 is under supervision: its page shows the closing form, and the problem above it.
    answer = _post(page, f"/tasks/{task}/supervision/open", f"csrf_token={token}&reason=%1B")
    assert answer.status == 422 and "U+001B" in answer.text()
    answer = _post(page, f"/tasks/{task}/supervision/open", f"csrf_token={token}&reason=again")
    assert answer.status == 422 and "督导：该任务已在督导中" in answer.text()
    meetings = f"/campaigns/{world['campaign']}/meetings"
    for fields, where in [
        ("kind=quarterly&held_on=%EF%BC%92093-03-01&title=t&attendees=a", "err-held_on"),
        ("kind=quarterly&held_on=2093-02-30&title=t&attendees=a", "err-held_on"),
        ("kind=annual&held_on=2093-03-01&title=t&attendees=a", "err-kind"),
        (f"kind=quarterly&held_on=2093-03-01&title={'长' * 201}&attendees=a", "err-title"),
        ("kind=quarterly&held_on=2093-03-01&title=t&attendees=", "err-attendees"),
        ("kind=quarterly&held_on=2093-03-01&title=t&attendees=a&fu-2-action=x", "err-fu-2-unit"),
        ("kind=quarterly&held_on=2093-03-01&title=t&attendees=a&fu-1-unit=u", "err-fu-1-due"),
        ("kind=quarterly&held_on=2093-04-01&title=t&attendees=a", "err-held_on"),
    ]:
        answer = _post(page, meetings, f"csrf_token={token}&{fields}")
        assert answer.status == 422 and f'id="{where}"' in answer.text(), (
            fields,
            answer.text()[-800:],
        )
    assert site.store.recorder.max_notification_id() == before
    other = browser.new_context(base_url=site.url)
    try:
        sun = other.new_page()
        _signed_in(sun, "sun", "/support")
        assert "提供施工许可清单" in sun.locator("#follow-ups").inner_text()
        mine = sun.locator("input[name=csrf_token]").first.get_attribute("value")
        before = site.store.recorder.max_notification_id()  # signing in is a fact too
        helped = world["helped"]
        key = f"c-{helped}"
        for fields, where, said in [
            ("period=2093-03&text=ok&fig.sites=1E%2B999999", f"{key}-fig-sites", "数值超出范围"),
            ("period=2093-03&text=ok&fig.sites=NaN", f"{key}-fig-sites", "半角阿拉伯数字"),
            ("period=2093-03&text=ok&fig.sites=2.5", f"{key}-fig-sites", ""),
            (f"period=2093-03&text={'x' * 2001}", f"{key}-text", "超过2000个字符"),
            ("period=2093-03&text=%ED%A0%80", f"{key}-text", "UTF-8"),
            ("period=2093-01&text=ok", f"{key}-period", "没有可报送的期"),
        ]:
            answer = _post(sun, f"/tasks/{helped}/contribution", f"csrf_token={mine}&{fields}")
            assert answer.status == 422 and f'id="err-{where}"' in answer.text(), fields
            assert said in answer.text(), (fields, said)
        fu = sun.locator("#follow-ups form").first.get_attribute("action")
        answer = _post(sun, fu, f"csrf_token={mine}&note=%ED%A0%80")
        assert answer.status == 422 and 'id="err-note"' in answer.text()
        sun.goto("/support")
        assert serious(sun) == []
    finally:
        other.close()
    assert site.store.recorder.max_notification_id() == before
