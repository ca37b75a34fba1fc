"""The printable status summary (推进情况汇总表) page over HTTP, on SQLite and PostgreSQL: the
status workbook's rows for the task force's readers, a bad month refused beside its field."""

from __future__ import annotations

import re
from html import unescape
from uuid import uuid4

import pytest
from fastapi.testclient import TestClient

from api.web.i18n import translate
from api.web.summary import line
from domain.application import Xiuhua
from domain.values import Status
from domain.views import TaskRow
from infra.export.status import UNREADABLE
from infra.export.status_xlsx import StatusRow
from tests.api.harness import COORDINATOR, EVALUATOR, eventually, lead
from tests.dashboards.world import A, B, World, build

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


def table_rows(html: str) -> list[list[str]]:
    """Each task's cells as the reader sees them (tags dropped, entities read)."""
    rows = re.findall(r"<tr data-status=[^>]*>(.*?)</tr>", html, re.S)
    return [
        [unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in re.findall(CELL, row, re.S)]
        for row in rows
    ]


CELL = r"<t[dh][^>]*>(.*?)</t[dh]>"
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")


def test_every_cell_follows_the_pages_language(world: World, api: TestClient) -> None:
    def ready(lang: str) -> str | None:
        answer = api.get(PAGE, params={"period": "2026-10", "lang": lang}, headers=COORDINATOR)
        assert answer.status_code == 200, answer.text
        return answer.text if answer.text.count("<tr data-status=") == 3 else None

    chinese, english = eventually(lambda: ready("zh")), eventually(lambda: ready("en"))
    zh, en = table_rows(chinese), table_rows(english)
    # Tasks 1 and 2 missed October's report: the workflow opened a supervision of each.
    assert [r[10] for r in zh] == [
        "逾期未报；督导中",
        "已退回：数据有误，已逾期；督导中",
        "已报送，待审核",
    ]
    assert [r[10] for r in en] == [
        "overdue, not reported; under supervision",
        "returned: 数据有误, overdue; under supervision",  # the coordinator's reason, as typed
        "submitted, awaiting review",
    ]
    assert zh[2][3] == f"{A}、{B}" and en[2][3] == f"{A}, {B}"
    statuses = {translate(f"status.{s.value}", "en") for s in Status}
    assert all(r[7] in statuses for r in en)
    assert "<caption>Status summary of the city management campaigns</caption>" in english
    assert "<caption>城市管理精细化专项行动推进情况汇总表</caption>" in chinese

    # Whatever people typed stays as typed; every other word of every cell is English.
    detail = api.get(f"/api/campaigns/{world.campaign_id}", headers=COORDINATOR).json()
    typed = {detail["name"], "数据有误", "2026-10 进展", "2026-09 进展"}
    for t in detail["tasks"]:
        typed |= {t["title"], *t["lead_units"], *t.get("supporting_units", [])}
        typed |= {part for i in t.get("indicators", []) for part in (i["name"], i["unit"])}
    for row in en:
        for cell in row:
            rest = cell
            for text in sorted(typed, key=len, reverse=True):
                rest = rest.replace(text, "")
            assert not CJK.search(rest), (cell, row)


def test_the_reasons_a_status_cannot_be_computed_are_in_the_pages_language() -> None:
    row = StatusRow(
        "PK", "停车", "1", "新增车位", A, "", f"车位 {UNREADABLE} 个", f"车位 {UNREADABLE} 个",
        Status.NOT_COMPUTABLE, "口径待核", "", "未开放",
        "指标定义含有无法读取的数值：NaN / the definition holds NaN; "
        "2026-09 报告的数值无法读取：Infinity / the value reported for 2026-09 cannot be read: "
        "Infinity",
    )  # fmt: skip
    task = TaskRow(uuid4(), uuid4(), "1", 1, "新增车位", (A,), open_supervision="S-1")
    zh, en = line(row, task, None, "zh").cells, line(row, task, None, "en").cells
    assert zh[8] == (
        "指标定义含有无法读取的数值：NaN; 2026-09 报告的数值无法读取：Infinity\n口径待核"
    )
    assert en[8] == (
        "the definition holds NaN; the value reported for 2026-09 cannot be read: Infinity"
        "\n口径待核"
    )
    assert en[5] == en[6] == "车位 (value cannot be read) 个"
    assert en[10] == "not opened; under supervision" and zh[10] == "未开放"
