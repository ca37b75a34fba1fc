"""The dashboards over HTTP (SQLite and PostgreSQL): the numbers built, each caller's share of
them, the offline HTML download, and refusals that name the field."""

from __future__ import annotations

import re
from datetime import date

import pytest
from fastapi.testclient import TestClient

from domain.application import Xiuhua
from domain.calendar import local
from domain.commands import SubmitReport
from domain.values import Actor
from tests.api.harness import COORDINATOR, EVALUATOR, eventually, lead, support
from tests.dashboards.world import CUT, A, B, World, build

URL = "/api/dashboards"


@pytest.fixture
def world(app: Xiuhua) -> World:
    """Built before the API starts (list it before `api`), so its runner catches up on it."""
    return build(app)


def caught_up(api: TestClient, world: World) -> None:
    def ready() -> bool:
        answer = api.get(
            f"{URL}/timeliness", params={"until": CUT.isoformat()}, headers=COORDINATOR
        )
        return answer.status_code == 200 and len(answer.json()["table"]) == 2

    eventually(ready)


def test_the_league_table_over_http_has_the_numbers_built(world: World, api: TestClient) -> None:
    caught_up(api, world)
    params = {"campaign": str(world.campaign_id), "until": CUT.isoformat(), "lang": "en"}
    body = api.get(f"{URL}/timeliness", params=params, headers=EVALUATOR).json()
    assert [
        (r["unit"], r["on_time"], r["late"], r["missing"], r["rate"]) for r in body["table"]
    ] == [
        (A, 5, 2, 1, 62.5),
        (B, 4, 2, 2, 50.0),
    ]
    names = [t["name"] for t in body["figure"]["data"]]
    assert names == ["on time", "late", "missing"]
    assert body["figure"]["layout"]["title"]["text"].startswith("On-time monthly reports")


def test_a_lead_unit_sees_its_own_rows_and_a_supporting_unit_none(
    world: World, api: TestClient
) -> None:
    caught_up(api, world)
    params = {"until": CUT.isoformat()}
    mine = api.get(f"{URL}/timeliness", params=params, headers=lead(B)).json()["table"]
    assert [r["unit"] for r in mine] == [B]
    cells = api.get(f"{URL}/delays", params=params, headers=lead(A)).json()["table"]
    assert {c["unit"] for c in cells} == {A}
    assert sum(c["late_or_missing"] for c in cells) == 3
    refused = api.get(f"{URL}/timeliness", params=params, headers=support(B))
    assert refused.status_code == 403
    assert api.get(f"{URL}/delays", params=params).status_code == 401


def test_the_burnup_is_for_readers_and_the_tasks_own_lead_unit(
    world: World, api: TestClient
) -> None:
    caught_up(api, world)
    path = f"{URL}/tasks/{world.tasks['1']}/burnup"
    params = {"indicator": "spaces", "on": "2026-10-05"}
    body = api.get(path, params=params, headers=lead(A)).json()
    actual = next(t for t in body["figure"]["data"] if t["name"] == "实际完成（月度专报）")
    assert actual["y"] == [30, 60, 90]
    assert {"series": "forecast", "on": "2026-12-31", "value": pytest.approx(180.32, abs=0.01)} in (
        body["table"]
    )
    assert api.get(path, params=params, headers=COORDINATOR).status_code == 200
    other = api.get(path, params=params, headers=lead(B))
    assert other.status_code == 403 and "区交通委" in other.json()["detail"][0]["msg"]


def test_each_dashboard_downloads_as_an_offline_html_file(world: World, api: TestClient) -> None:
    caught_up(api, world)
    answer = api.get(
        f"{URL}/milestones",
        params={"campaign": str(world.campaign_id), "on": CUT.isoformat(), "format": "html"},
        headers=COORDINATOR,
    )
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("text/html")
    assert "attachment" in answer.headers["content-disposition"]
    text = answer.text
    assert text.count("Plotly.newPlot") == 1 and len(text) > 1_000_000  # plotly.js inside
    assert not re.search(r"<script[^>]+src=[\"']?(https?:)?//", text)
    assert "<td>竣工验收</td><td>2026-12-15</td><td>—</td>" in text
    assert '<th scope="col">逾期天数（天）</th>' in text


@pytest.mark.parametrize(
    ("path", "params", "loc"),
    [
        ("timeliness", {"until": "２０２６-１１-１０"}, ["query", "until"]),
        ("timeliness", {"until": "2026-13-01"}, ["query", "until"]),
        ("delays", {"lang": "fr"}, ["query", "lang"]),
        ("delays", {"campaign": "PK-2026"}, ["query", "campaign"]),
        ("delays", {"format": "pdf"}, ["query", "format"]),
        ("milestones", {}, ["query", "campaign"]),
    ],
)
def test_bad_parameters_are_refused_naming_the_field(
    world: World, api: TestClient, path: str, params: dict[str, str], loc: list[str]
) -> None:
    answer = api.get(f"{URL}/{path}", params=params, headers=COORDINATOR)
    assert answer.status_code == 422, answer.text
    assert answer.json()["detail"][0]["loc"] == loc


def test_what_does_not_exist_is_a_404_naming_it(world: World, api: TestClient) -> None:
    caught_up(api, world)
    unknown = "00000000-0000-0000-0000-000000000000"
    answer = api.get(f"{URL}/milestones", params={"campaign": unknown}, headers=COORDINATOR)
    assert answer.status_code == 404 and "campaign" in answer.text
    path = f"{URL}/tasks/{world.tasks['1']}/burnup"
    # A lone surrogate, as its (invalid) UTF-8 bytes: refused, not a crash.
    answer = api.get(f"{path}?indicator=%ED%B3%BF", headers=COORDINATOR)
    assert answer.status_code in (404, 422), answer.text
    answer = api.get(path, params={"indicator": "x" * 65}, headers=COORDINATOR)
    assert answer.status_code == 422 and answer.json()["detail"][0]["loc"][-1] == "indicator"
    answer = api.get(path, params={"indicator": "nope"}, headers=COORDINATOR)
    assert answer.status_code == 404
    assert answer.json()["detail"][0]["loc"][-1] == "indicator"


def test_far_dates_answer_and_say_nothing_was_due(world: World, api: TestClient) -> None:
    caught_up(api, world)
    for until in ("0001-01-01", "9999-12-31"):
        answer = api.get(f"{URL}/timeliness", params={"until": until}, headers=COORDINATOR)
        assert answer.status_code == 200, answer.text
    assert (
        api.get(f"{URL}/timeliness", params={"until": "0001-01-01"}, headers=COORDINATOR).json()[
            "table"
        ]
        == []
    )


def test_a_kept_answer_gives_way_to_a_new_report(
    world: World, app: Xiuhua, api: TestClient
) -> None:
    caught_up(api, world)
    params = {"campaign": str(world.campaign_id), "until": CUT.isoformat()}

    def b_row() -> dict[str, object]:
        table = api.get(f"{URL}/timeliness", params=params, headers=COORDINATOR).json()["table"]
        return next(r for r in table if r["unit"] == B)

    assert (b_row()["late"], b_row()["missing"]) == (2, 2)  # asked twice: the second is kept
    resubmitted = SubmitReport(
        world.tasks["2"], "2026-10", {}, "已更正", "", "", actor=Actor("liaison", B),
        now=local(date(2026, 11, 6), 11),
    )  # fmt: skip
    app.submit_report(resubmitted)
    eventually(lambda: (b_row()["late"], b_row()["missing"]) == (3, 1))
