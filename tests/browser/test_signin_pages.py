"""Signing in and out in a real browser: the messages a person reads, the lock-out, CSRF."""

from __future__ import annotations

from typing import Any

from tests.browser.conftest import PASSWORD, Site, sign_in


def test_signing_in_as_a_lead_unit_opens_its_inbox(page: Any) -> None:
    sign_in(page, "wang")
    page.wait_for_url("**/inbox")
    header = page.locator("header").inner_text()
    assert "wang" in header and "区城管执法局" in header and "牵头单位" in header


def test_a_wrong_password_is_told_in_chinese_and_lets_no_one_in(page: Any) -> None:
    sign_in(page, "wang", "not-the-password")
    assert page.locator("#signin-error").inner_text() == "用户名或密码不正确。"
    page.goto("/inbox")
    assert "/signin" in page.url


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one(
    page: Any, site: Site
) -> None:
    for _ in range(5):
        sign_in(page, "locky", "wrong-password")
    assert "账户已锁定15分钟" in page.locator("#signin-error").inner_text()
    sign_in(page, "locky", PASSWORD)
    assert "账户已锁定15分钟" in page.locator("#signin-error").inner_text()
    kinds = [type(e).__name__ for e in site.store.events.get(site.store.account("locky").id)]
    assert kinds.count("LockedOut") == 1 and "SignedIn" not in kinds


def test_signing_out_ends_the_session(page: Any) -> None:
    sign_in(page, "li")
    page.wait_for_url("**/inbox")
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/signin")
    page.goto("/inbox")
    assert "/signin?next=/inbox" in page.url


def test_a_forged_post_without_the_forms_token_is_refused_and_stores_nothing(
    page: Any, site: Site
) -> None:
    sign_in(page, "zhao")
    page.wait_for_url("**/inbox")
    before = site.store.recorder.max_notification_id()
    forged = page.request.post(
        f"/tasks/{site.tasks['3']}/report",
        form={"period": "2093-02", "progress": "伪造的报送", "actuals.spaces": "5"},
        max_redirects=0,
    )
    assert forged.status == 403
    assert "表单已失效" in forged.text()
    assert site.store.recorder.max_notification_id() == before


def test_the_english_switch_turns_the_page_and_stays(page: Any) -> None:
    page.goto("/signin")
    page.get_by_role("link", name="English").click()
    assert page.get_by_role("heading", name="Sign in").is_visible()
    page.goto("/signin")
    assert page.locator("html").get_attribute("lang") == "en"
    page.get_by_role("link", name="中文").click()
    assert page.get_by_role("heading", name="登录").is_visible()
