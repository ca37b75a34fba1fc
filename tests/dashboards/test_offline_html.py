"""A dashboard page written to a file opens offline in a real browser (Debian's chromium, driven
by Playwright, which downloads nothing): plotly.js is inside the file, nothing is fetched, and
every figure is drawn. Under CI=true a missing browser fails the test instead of skipping it."""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from dashboards import read
from dashboards.export import write_each, write_html
from domain.application import Xiuhua
from infra.readmodel import ProjectionRunner, ReadModel
from tests.dashboards.world import CUT, build

CHROMIUM = Path(os.environ.get("XIUHUA_CHROMIUM", "/usr/bin/chromium"))
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip
REMOTE_SCRIPT = re.compile(r"<script[^>]+src=[\"']?(https?:)?//", re.IGNORECASE)


def need_browser() -> None:
    """Skip without a browser or its driver; under CI=true fail instead."""
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing (apt-get install -y chromium)"
    elif importlib.util.find_spec("playwright") is None:
        problem = "the playwright package is missing (pip install -e '.[test]')"
    if problem is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"the browser tests need a browser under CI: {problem}")
    pytest.skip(problem)


@pytest.fixture
def panels(app: Xiuhua) -> Iterator[list[Any]]:
    world = build(app)
    model = ReadModel.for_app(app)
    ProjectionRunner(app, model).catch_up()
    yield [
        read.burnup_panel(model, world.tasks["1"], "spaces", CUT, "zh"),
        read.timeliness_panel(model, world.campaign_id, CUT, "zh"),
        read.delays_panel(model, world.campaign_id, CUT, "zh"),
        read.milestones_panel(model, world.campaign_id, CUT, "zh"),
    ]
    model.close()


def test_the_page_holds_plotly_and_fetches_nothing(panels: list[Any], tmp_path: Path) -> None:
    page = write_html(tmp_path / "dashboards.html", panels, "专项行动看板", "zh")
    text = page.read_text(encoding="utf-8")
    assert "plotly.js v" in text or "Plotly" in text[:2_000_000]
    assert text.count("Plotly.newPlot") == 4
    assert not REMOTE_SCRIPT.search(text), "a script is loaded from the network"
    assert 'src="https://cdn' not in text and "fonts.googleapis" not in text
    assert '<html lang="zh-CN">' in text and "<caption>图中数据</caption>" in text
    singles = write_each(tmp_path, panels, "zh")
    assert [p.name.split("_")[0] for p in singles] == [
        "burnup", "timeliness", "delays", "milestones",
    ]  # fmt: skip
    for single in singles:
        own = single.read_text(encoding="utf-8")
        assert own.count("Plotly.newPlot") == 1 and not REMOTE_SCRIPT.search(own)


def test_the_page_draws_every_figure_in_chromium_offline(panels: list[Any], tmp_path: Path) -> None:
    need_browser()
    from playwright.sync_api import sync_playwright

    page_file = write_html(tmp_path / "dashboards.html", panels, "专项行动看板", "zh")
    fetched: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            context = browser.new_context(offline=True)
            page = context.new_page()
            page.on("request", lambda r: fetched.append(r.url))
            errors: list[str] = []
            page.on("pageerror", lambda e: errors.append(str(e)))
            page.goto(page_file.as_uri(), wait_until="load", timeout=60_000)
            page.wait_for_function("document.querySelectorAll('.main-svg').length >= 4")
            drawn = page.evaluate(
                "Array.from(document.querySelectorAll('.js-plotly-plot'))"
                ".map(d => d.querySelectorAll('.main-svg').length)"
            )
            bars = page.locator(".js-plotly-plot").nth(1).locator("g.point").count()
            title = page.locator(".js-plotly-plot").nth(1).locator(".gtitle").text_content()
        finally:
            browser.close()
    assert len(drawn) == 4 and all(n >= 1 for n in drawn), drawn
    assert bars == 6  # two units x on time, late, missing
    assert title is not None and "晾晒" in title
    assert not errors, errors
    assert [u for u in fetched if not u.startswith(("file:", "data:", "blob:"))] == []
