"""The administrator's page in a real browser, and a wrong role's attempt at it."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import Site, sign_in
from tests.browser.test_lead_pages import serious


def test_an_admin_creates_a_user_who_signs_in_with_the_password_shown_once(
    page: Any, browser: Any, site: Site
) -> None:
    sign_in(page, "admin")
    page.wait_for_url("**/admin/users")
    assert serious(page) == []
    page.get_by_label("用户名").fill("Chen.Jing")
    page.get_by_label("姓名").fill("陈静")
    page.get_by_label("单位", exact=True).first.fill("区交通委")
    page.get_by_label("角色", exact=True).first.select_option("lead_unit")
    page.get_by_role("button", name="创建").click()
    password = page.locator("#shown-password").inner_text()
    assert len(password) >= 12
    page.goto("/admin/users")
    assert page.locator("#shown-password").count() == 0
    other = browser.new_context(base_url=site.url)
    try:
        newcomer = other.new_page()
        sign_in(newcomer, "chen.jing", password)
        newcomer.wait_for_url("**/inbox")
        assert "陈静 · 区交通委 · 牵头单位" in newcomer.locator("header").inner_text()
    finally:
        other.close()
    kinds = [type(e).__name__ for e in site.store.events.get(site.store.account("chen.jing").id)]
    assert kinds == ["Registered", "SignedIn"]


def test_a_lead_unit_is_refused_the_admin_page_in_chinese(page: Any) -> None:
    sign_in(page, "wang")
    page.wait_for_url("**/inbox")
    answer = page.goto("/admin/users")
    assert answer is not None and answer.status == 403
    assert "此操作仅限管理员" in page.locator("main").inner_text()
