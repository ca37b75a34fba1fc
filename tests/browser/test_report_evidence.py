"""The report form's draft and evidence in a real browser: a unit saves a half-done report,
attaches a site photo, sees it back as a thumbnail, submits; the task force returns it and the
form shows the photo again, attached, so the unit resubmits without uploading it; the task page
shows it. Next month a cumulative figure typed below the last one is stored only once the unit
ticks its confirmation. axe-core on the form with a draft and a file, with a figure to confirm,
and on the task page."""

from __future__ import annotations

import base64
import re
from typing import Any

from tests.browser.conftest import COORDINATOR, Site, sign_in, wait_for_read_model
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

    # Returned: the form starts with the photo the returned version carried, still a photo.
    assert site.api is not None
    back = site.api.post(
        f"/api/tasks/{task}/reports/2093-02/return", json={"reason": "请补充说明"},
        headers=COORDINATOR,
    )  # fmt: skip
    assert back.status_code == 200, back.text
    wait_for_read_model(site)
    page.goto(f"/tasks/{task}/report?period=2093-02")
    assert page.locator("#from-return").is_visible()
    again = page.get_by_role("img", name="现场照片.png")
    assert again.evaluate("img => img.complete && img.naturalWidth") == 1
    page.get_by_label(re.compile("新增共享停车位")).fill("12")
    page.get_by_label(re.compile("信访投诉化解率")).fill("300")
    page.get_by_label(re.compile("工作进展")).fill("已签订共享协议，补充说明")
    page.get_by_role("button", name=re.compile("报送")).click()
    assert page.get_by_role("status").filter(has_text="已报送").is_visible()
    wait_for_read_model(site)

    page.goto(f"/tasks/{task}")
    shown = page.locator("#periods tr[data-period='2093-02']").get_by_role(
        "img", name="现场照片.png"
    )
    assert shown.is_visible()
    assert shown.evaluate("img => img.complete && img.naturalWidth") == 1
    assert serious(page) == []

    # March: 3 spaces after February's 12 is below a cumulative count's last value.
    page.goto(f"/tasks/{task}/report?period=2093-03")
    page.get_by_label(re.compile("新增共享停车位")).fill("3")
    page.get_by_label(re.compile("工作进展")).fill("三月进展")
    page.get_by_role("button", name=re.compile("报送")).click()
    warning = page.locator("#doubt-actuals-spaces")
    assert "低于2093年2月报送的12 个" in warning.inner_text()
    assert page.get_by_label(re.compile("新增共享停车位")).input_value() == "3"
    assert serious(page) == []
    page.get_by_label("已核对，数值无误，按所填报送").check()
    page.get_by_role("button", name=re.compile("报送")).click()
    assert page.get_by_role("status").filter(has_text="已报送").is_visible()
