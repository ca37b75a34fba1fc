"""The printable status summary (推进情况汇总表) page over HTTP, on SQLite and PostgreSQL: the
status workbook's rows for the task force's readers, a bad month refused beside its field."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from domain.application import Xiuhua
from tests.api.harness import COORDINATOR, EVALUATOR, eventually, lead
from tests.dashboards.world import A, World, build

PAGE = "/status-summary"


@pytest.fixture
def world(app: Xiuhua) -> World:
    return build(app)


def test_the_summary_lists_every_task_with_its_status_and_prints(
    world: World, api: TestClient
) -> None:
    def ready() -> str | None:
        answer = api.get(PAGE, params={"period": "2026-09"}, headers=COORDINATOR)
        assert answer.status_code == 200, answer.text
        return answer.text if answer.text.count("<tr data-status=") == 3 else None

    html = eventually(ready)
    assert "报送期：2026年9月" in html
    assert '<table id="summary" class="data summary">' in html
    assert "<caption>城市管理精细化专项行动推进情况汇总表</caption>" in html
    assert re.search(r"<th scope=\"row\">新增共享停车位</th>\s*<td>" + A, html)
    assert "新增共享停车位 90 个" in html  # task 1's September actual
    english = api.get(PAGE, params={"period": "2026-09", "lang": "en"}, headers=EVALUATOR)
    assert english.status_code == 200 and '<th scope="col">Lead units</th>' in english.text
    battle = api.get("/battle-map", params={"lang": "zh"}, headers=COORDINATOR).text
    assert '<a href="/status-summary">推进情况汇总表（可打印）</a>' in battle
    assert (
        f'href="/dashboards?campaign={world.campaign_id}&amp;task={world.tasks["1"]}#burnup"'
        in battle
    )


@pytest.mark.parametrize("period", ["2026-13", "２０２６-０９", "2026-9", "<b>"])
def test_a_bad_month_is_refused_beside_its_field(
    world: World, api: TestClient, period: str
) -> None:
    answer = api.get(PAGE, params={"period": period}, headers=COORDINATOR)
    assert answer.status_code == 422
    assert '<p class="error" id="err-period">不是有效的月份（年-月，如2026-07）</p>' in answer.text
    assert 'id="summary"' not in answer.text and "<b>" not in answer.text


def test_only_the_task_forces_readers_see_the_summary(world: World, api: TestClient) -> None:
    assert api.get(PAGE, headers=lead(A)).status_code == 403
    assert "/status-summary" not in api.get("/battle-map", headers=lead(A)).text
    assert api.get(PAGE, follow_redirects=False).status_code == 303
