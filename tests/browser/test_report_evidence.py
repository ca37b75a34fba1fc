"""The report form's draft and evidence in a real browser: a unit saves a half-done report,
attaches a site photo, sees it back as a thumbnail, submits, and the task page shows it; axe-core
on the form with a draft and a file, and on the task page."""

from __future__ import annotations

import base64
import re
from typing import Any

from tests.browser.conftest import Site, sign_in
from tests.browser.test_lead_pages import serious

PHOTO = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def test_a_unit_saves_a_draft_attaches_a_photo_and_submits_it(page: Any, site: Site) -> None:
    task = site.tasks["4"]
    sign_in(page, "wang")
    page.wait_for_url("**/inbox")
    page.goto(f"/tasks/{task}/report?period=2093-02")
    page.get_by_label(re.compile("新增共享停车位")).fill("2")
    page.get_by_label(re.compile("工作进展")).fill("已摸排两个小区，")
    page.get_by_role("button", name="保存草稿").click()
    note = page.locator("#draft-note")
    assert "草稿已保存于2093年3月10日" in note.inner_text()
    assert page.get_by_label(re.compile("工作进展")).input_value() == "已摸排两个小区，"

    page.get_by_label("附佐证材料").set_input_files(
        {"name": "现场照片.png", "mimeType": "image/png", "buffer": PHOTO}
    )
    page.get_by_role("button", name="保存草稿").click()
    thumb = page.get_by_role("img", name="现场照片.png")
    assert thumb.is_visible()
    assert thumb.evaluate("img => img.complete && img.naturalWidth") == 1  # served, and a photo
    assert page.get_by_label(re.compile("新增共享停车位")).input_value() == "2"
    assert serious(page) == []

    page.get_by_label(re.compile("新增共享停车位")).fill("12")
    page.get_by_label(re.compile("信访投诉化解率")).fill("300")
    page.get_by_label(re.compile("工作进展")).fill("已摸排两个小区，签订共享协议")
    page.get_by_role("button", name=re.compile("报送")).click()
    assert page.get_by_role("status").filter(has_text="已报送").is_visible()
    assert page.locator("#draft-note").count() == 0

    page.goto(f"/tasks/{task}")
    shown = page.locator("#periods tr[data-period='2093-02']").get_by_role(
        "img", name="现场照片.png"
    )
    assert shown.is_visible()
    assert shown.evaluate("img => img.complete && img.naturalWidth") == 1
    assert serious(page) == []
