"""The dashboards page (看板) in a real browser: plotly.js from the app draws each figure, axe-core
finds no serious problem, and the dashboards page, the status summary and the battle map print
to PDF (checked in the PDF's own bytes: no PDF library is installed)."""

from __future__ import annotations

import re
from typing import Any

from tests.browser.conftest import Site, sign_in
from tests.browser.test_lead_pages import serious

FIGURES = ("burnup", "timeliness", "delays", "milestones")


def pdf_pages(pdf: bytes) -> int:
    """The number of page objects in a PDF (/Type /Page, not /Pages), found in its bytes."""
    assert pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF")
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf))


def pdf_title(pdf: bytes) -> str:
    """The document title chromium writes in the PDF's information dictionary."""
    found = re.search(rb"/Title\s*(<[0-9A-Fa-f]+>|\((?:\\.|[^\\)])*\))", pdf)
    assert found, "the PDF has no title"
    raw = found.group(1)
    if raw.startswith(b"<"):
        data = bytes.fromhex(raw[1:-1].decode())
    else:
        data = re.sub(
            rb"\\([0-7]{1,3}|.)",
            lambda m: bytes([int(m.group(1), 8)]) if m.group(1)[:1].isdigit() else m.group(1),
            raw[1:-1],
        )
    return data[2:].decode("utf-16-be") if data.startswith(b"\xfe\xff") else data.decode("latin-1")


def printed(page: Any) -> bytes:
    """The page as the browser prints it to PDF, on the paper its print CSS asks for."""
    pdf = page.pdf(prefer_css_page_size=True, print_background=True)
    assert len(pdf) > 20_000 and pdf_pages(pdf) >= 1
    assert set(re.findall(rb"/MediaBox\s*\[([^\]]*)\]", pdf)) == {b"0 0 841.91998 594.95996"}
    return pdf


def test_the_dashboards_draw_pass_axe_and_print_with_the_summary_and_battle_map(
    page: Any, site: Site
) -> None:
    problems: list[str] = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(page, "admin")
    page.get_by_role("link", name="看板").click()
    page.get_by_label("目标任务").select_option(label="3 公共停车场错时开放")
    page.get_by_role("button", name="显示").click()
    page.get_by_label("指标", exact=True).select_option(label="信访投诉化解率")
    page.get_by_role("button", name="显示").click()
    for kind in FIGURES:
        page.wait_for_selector(f"#plot-{kind}[data-drawn=true] svg.main-svg", timeout=20_000)
    assert problems == []  # plotly.js drew every figure under the page's CSP
    assert "任务3「信访投诉化解率」" in page.locator("#burnup").inner_text()
    assert "方案印发" in page.locator("#table-milestones").inner_text()
    assert page.get_by_role("heading", name="按时报送率（晾晒）").is_visible()
    assert serious(page) == []

    link = page.locator("#timeliness a[download]")
    offline = page.request.get(link.get_attribute("href"))
    assert offline.status == 200 and "attachment" in offline.headers["content-disposition"]
    text = offline.text()
    assert "Plotly.newPlot" in text and not re.search(r"<script[^>]+src=", text)

    pdf = printed(page)
    assert pdf_title(pdf).startswith("看板")
    assert pdf_pages(pdf) >= 2  # four figures and their tables do not fit on one sheet

    page.goto("/battle-map")
    page.get_by_role("link", name="推进情况汇总表（可打印）").click()
    page.wait_for_url("**/status-summary")
    assert page.locator("#summary tbody tr").count() == len(site.tasks)
    assert serious(page) == []
    assert pdf_title(printed(page)).startswith("推进情况汇总表")

    page.goto("/battle-map?lang=en")
    assert pdf_title(printed(page)).startswith("Battle map")
