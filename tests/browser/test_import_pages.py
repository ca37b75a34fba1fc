"""The task force's import in a real browser: a table uploaded through the form, its dry run
read, a suggested indicator edited (a bad value first, named beside its field), one dropped,
the drafts stored and launched; axe-core on each new page."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.browser.conftest import PASSWORD, TODAY, Site, sign_in, wait_for_read_model
from tests.browser.test_lead_pages import serious
from tests.unit.test_import_suggestions import TABLE


@pytest.fixture(scope="module")
def world(site: Site) -> None:
    from domain.values import Actor
    from infra.passwords import hash_password

    root = Actor("root", "系统管理")
    hashed = hash_password(PASSWORD)
    unit = "精细化专项行动专班"
    site.store.register_account("wu", "吴", unit, "coordinator", hashed, root, TODAY)
    wait_for_read_model(site)


def _suggestion(page: Any, source: str) -> str:
    """The field-name prefix of the suggestion read from `source`."""
    box = page.locator("fieldset.suggestion").filter(has_text=source).first
    return (box.get_attribute("id") or "").replace("suggestion-", "ind-") + "-"


def test_a_coordinator_imports_a_table_edits_its_suggestions_and_launches_the_draft(
    page: Any, site: Site, world: None
) -> None:
    sign_in(page, "wu")
    page.wait_for_url("**/battle-map")
    page.get_by_role("link", name="导入").click()
    page.wait_for_url("**/imports")
    assert serious(page) == []
    assert page.get_by_label("年度").input_value() == "2093"
    page.get_by_label("专班名称").fill("精细化专项行动专班")
    page.get_by_label("任务分解表文件").set_input_files(
        {"name": "停车.csv", "mimeType": "text/csv", "buffer": TABLE.encode()}
    )
    page.get_by_role("button", name="上传并检查").click()
    page.wait_for_url(re.compile(r"/imports/[0-9a-f]{64}\?"))
    assert "仅为检查，尚未保存任何内容" in page.get_by_role("status").inner_text()
    assert serious(page) == []
    spaces = _suggestion(page, "180个")
    assert page.locator(f"#{spaces}target").input_value() == "180"
    assert page.locator(f"#{spaces}deadline").input_value() == "2093-06-30"
    petitions = _suggestion(page, "619件信访投诉化解率")
    assert page.locator(f"#{petitions}case_load").input_value() == "619"
    assert page.locator(f"#{petitions}shape").input_value() == "rate"
    checks = _suggestion(page, "每月开展一次联合检查")

    before = site.store.recorder.max_notification_id()
    page.locator(f"#{spaces}target").fill("１８０")
    page.get_by_role("button", name="保存为草稿").click()
    field = page.locator(f"#{spaces}target")
    assert field.get_attribute("aria-invalid") == "true"
    note = page.locator("#" + (field.get_attribute("aria-describedby") or ""))
    assert "半角阿拉伯数字" in note.inner_text()
    assert site.store.recorder.max_notification_id() == before
    assert serious(page) == []

    field.fill("200")
    page.locator(f"fieldset#suggestion-{checks[4:-1]}").get_by_label("不采用").check()
    page.get_by_role("button", name="保存为草稿").click()
    page.wait_for_url("**/imports/drafts?done=imp_stored_done")
    assert serious(page) == []
    draft = page.locator("section.draft").filter(has_text="停车资源优化")
    assert "共享停车位 200 个" in draft.inner_text()
    assert "信访投诉化解率 90%（基数 619）" in draft.inner_text()
    kept = draft.locator("tr[data-task='4'] td").last.inner_text()
    assert kept == "整改率 100% · 比率 · 2093年12月31日前"  # the checks dropped
    draft.get_by_role("button", name=re.compile("^启动")).click()
    page.wait_for_url("**/imports/drafts?done=imp_launched_done")
    assert page.get_by_role("status").inner_text() == "已启动。"
    assert page.locator("section.draft").filter(has_text="停车资源优化").count() == 0
    page.goto("/imports/drafts?lang=en")
    assert page.get_by_role("heading", name="Draft campaigns").is_visible()
    page.goto("/imports?lang=zh")
