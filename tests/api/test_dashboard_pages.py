"""The dashboards page (看板) over HTTP, on SQLite and PostgreSQL: the four figures of a
campaign with their tables, each one's offline file, a lead unit's share, and refusals."""

from __future__ import annotations

import re
import uuid

import pytest
from fastapi.testclient import TestClient

from domain.application import Xiuhua
from tests.api.harness import COORDINATOR, EVALUATOR, eventually, lead, support
from tests.dashboards.world import A, B, World, build

PAGE = "/dashboards"


@pytest.fixture
def world(app: Xiuhua) -> World:
    """Built before the API starts (list it before `api`), so its runner catches up on it."""
    return build(app)


@pytest.fixture
def api(world: World, api: TestClient) -> TestClient:
    """The API once its read model has applied the world built before it started (a page asked
    sooner answers from part of it, with the catching-up banner: 404 for the campaign)."""

    def caught_up() -> bool:
        health = api.get("/api/health").json()
        return bool(health["read_model_position"] >= (health["store_position"] or 0))

    eventually(caught_up)
    return api


def shown(api: TestClient, headers: dict[str, str], **params: str) -> str:
    def ready() -> str | None:
        answer = api.get(PAGE, params=params, headers=headers)
        assert answer.status_code == 200, answer.text
        return answer.text if 'id="table-timeliness"' in answer.text else None

    return eventually(ready)


def rows(html: str, table: str) -> list[list[str]]:
    body = re.search(rf'<table class="data" id="table-{table}">.*?<tbody>(.*?)</tbody>', html, re.S)
    assert body, table
    found = re.findall(r"<tr>(.*?)</tr>", body.group(1))
    return [re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", r) for r in found]


def test_a_campaign_shows_its_four_figures_each_with_its_table_and_file(
    world: World, api: TestClient
) -> None:
    html = shown(api, COORDINATOR, campaign=str(world.campaign_id), task=str(world.tasks["1"]))
    for kind in ("burnup", "timeliness", "delays", "milestones"):
        assert f'<div class="plot" id="plot-{kind}"></div>' in html, kind
        assert f'data-target="plot-{kind}">{{"data":' in html, kind
        assert f'href="/dashboards/file/{kind}?campaign={world.campaign_id}' in html, kind
    assert '<script src="/static/plotly.min.js" defer></script>' in html
    assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", html)
    # The league table (晾晒) as a table, best first: 5 of 8 on time, then 4 of 8.
    league = rows(html, "timeliness")
    assert [(r[0], r[1], r[2], r[5]) for r in league] == [
        (A, "8", "5", "62.5"),
        (B, "8", "4", "50"),
    ]
    assert '<th scope="col">按时报送率（%）</th>' in html
    burnup = rows(html, "burnup")
    assert ["实际完成", "2026年9月30日", "90"] in burnup
    assert any(r[0] == "预测" for r in burnup)
    timeline = {r[3]: r for r in rows(html, "milestones")}
    assert timeline["建设完成"][4:7] == ["2026年9月30日", "2026年10月10日", "逾期完成"]
    assert timeline["存量摸排"][6] == "逾期未完成"
    assert {r[0] for r in rows(html, "delays")} == {A, B}
    assert "月度专报按时报送率（晾晒）" in html


def test_english_titles_axes_and_tables_with_lang_en(world: World, api: TestClient) -> None:
    html = shown(api, EVALUATOR, lang="en", campaign=str(world.campaign_id))
    assert '<html lang="en">' in html
    assert "On-time monthly reports by lead unit" in html
    assert '"title":{"text":"lead unit"}' in html
    assert '<th scope="row">plan</th><td>30 Jun 2026</td>' not in html  # the start is July
    assert '<th scope="col">on-time rate (%)</th>' in html
    assert "done late" in html and "30 Sep 2026" in html


def test_a_lead_unit_sees_its_own_tasks_and_not_another_units_burnup(
    world: World, api: TestClient
) -> None:
    html = shown(api, lead(B), campaign=str(world.campaign_id))
    assert [r[0] for r in rows(html, "timeliness")] == [B]
    tasks = re.search(r'<select id="d-task" name="task">(.*?)</select>', html, re.S)
    assert tasks and "违法建筑专项治理" in tasks.group(1) and "新增共享停车位" not in tasks.group(1)
    # B's own task 2 has milestones but no indicator: no burn-up, said in words.
    assert "该任务没有指标，因此没有进度图。" in html and 'id="plot-burnup"' not in html
    params = {"campaign": str(world.campaign_id), "task": str(world.tasks["1"])}
    refused = api.get(PAGE, params=params, headers=lead(B))
    assert refused.status_code == 403
    assert "区交通委不是任务1的牵头单位" in refused.text
    file = api.get(f"{PAGE}/file/burnup", params=params, headers=lead(B))
    assert file.status_code == 403 and "attachment" not in file.headers.get(
        "content-disposition", ""
    )
    assert api.get(PAGE, headers=support(A)).status_code == 403
    assert api.get(f"{PAGE}/file/delays", headers=support(A)).status_code == 403
    signed_out = api.get(PAGE, follow_redirects=False)
    assert signed_out.status_code == 303 and signed_out.headers["location"].startswith("/signin")


@pytest.mark.parametrize(
    ("params", "status", "field", "said"),
    [
        ({"campaign": "PK-2026"}, 422, "campaign", "不是有效的编号"),
        ({"campaign": str(uuid.uuid4())}, 404, "campaign", "没有这个专项行动"),
        ({"task": "1"}, 422, "task", "不是有效的编号"),
        ({"task": str(uuid.uuid4())}, 404, "task", "没有这个任务"),
        ({"indicator": "<script>"}, 404, "indicator", "该任务没有这个指标"),
    ],
)
def test_a_bad_choice_is_refused_beside_its_field(
    world: World,
    api: TestClient,
    params: dict[str, str],
    status: int,
    field: str,
    said: str,
) -> None:
    if field == "indicator":
        params = {**params, "task": str(world.tasks["1"])}
    answer = api.get(PAGE, params=params, headers=COORDINATOR)
    assert answer.status_code == status, answer.text
    assert f'<p class="error" id="err-{field}">{said}</p>' in answer.text
    assert f'aria-describedby="err-{field}"' in answer.text
    assert 'class="plot"' not in answer.text and "<script>" not in answer.text.split("<main")[1]
    file = api.get(f"{PAGE}/file/timeliness", params=params, headers=COORDINATOR)
    assert file.status_code == status


def test_a_task_of_another_campaign_falls_back_to_the_chosen_campaigns_first(
    world: World, app: Xiuhua, api: TestClient
) -> None:
    other = build(app, "PK-2027")
    params = {"campaign": str(other.campaign_id), "task": str(world.tasks["2"]), "indicator": "x"}

    def ready() -> str | None:
        answer = api.get(PAGE, params=params, headers=COORDINATOR)
        return answer.text if answer.status_code == 200 and "PK-2027" in answer.text else None

    html = eventually(ready)
    assert f'<option value="{other.tasks["1"]}" selected>' in html


def test_each_figure_downloads_as_one_html_file_that_opens_offline(
    world: World, api: TestClient
) -> None:
    shown(api, COORDINATOR)
    params = {"campaign": str(world.campaign_id), "task": str(world.tasks["1"]), "lang": "en"}
    for kind in ("burnup", "timeliness", "delays", "milestones"):
        answer = api.get(f"{PAGE}/file/{kind}", params=params, headers=COORDINATOR)
        assert answer.status_code == 200, (kind, answer.text[:300])
        assert answer.headers["content-disposition"].startswith("attachment;")
        text = answer.text
        assert text.count("Plotly.newPlot") == 1 and len(text) > 1_000_000, kind
        assert not re.search(r"<script[^>]+src=", text), kind
        assert not re.search(r"""<link[^>]+href=["']?(https?:)?//""", text), kind
        assert '<html lang="en">' in text
    assert api.get(f"{PAGE}/file/gantt", params=params, headers=COORDINATOR).status_code == 422


def test_choosing_another_task_on_the_form_shows_its_first_indicator(
    world: World, api: TestClient
) -> None:
    shown(api, COORDINATOR)
    # The form listed task 1's indicators; task 3 was chosen with one of them: its own first.
    params = {
        "task": str(world.tasks["3"]),
        "indicator": "spaces",
        "listed_for": str(world.tasks["1"]),
    }
    answer = api.get(PAGE, params=params, headers=COORDINATOR)
    assert answer.status_code == 200, answer.text
    assert 'id="err-indicator"' not in answer.text
    assert f'name="listed_for" value="{world.tasks["3"]}"' in answer.text
