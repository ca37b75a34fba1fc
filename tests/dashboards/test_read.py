"""The dashboards read from a real read model (SQLite and PostgreSQL) of a portfolio built by
the application's commands (tests/dashboards/world.py), and show the numbers that were built."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest

from dashboards import punctuality, read
from dashboards.export import Panel
from domain.application import Xiuhua
from domain.errors import NotFound
from infra.readmodel import ProjectionRunner, ReadModel
from tests.dashboards.world import CUT, A, B, World, build


@pytest.fixture
def built(app: Xiuhua) -> Iterator[tuple[ReadModel, World]]:
    world = build(app)
    model = ReadModel.for_app(app)
    ProjectionRunner(app, model).catch_up()
    yield model, world
    model.close()


def decoded(panel: Panel) -> dict[str, Any]:
    return json.loads(panel.to_json())


def test_the_league_table_counts_each_units_reports_as_they_came_in(built: Any) -> None:
    model, world = built
    panel = read.timeliness_panel(model, world.campaign_id, CUT, "zh")
    assert panel.table == [
        {"unit": A, "due": 8, "on_time": 5, "late": 2, "missing": 1, "rate": 62.5},
        {"unit": B, "due": 8, "on_time": 4, "late": 2, "missing": 2, "rate": 50.0},
    ]
    bars = {t["name"]: t for t in decoded(panel)["figure"]["data"]}
    assert bars["按时"]["y"] == [A, B]
    assert bars["按时"]["x"] == [62.5, 50.0]
    assert bars["按时"]["text"] == ["62.5%（5/8）", "50%（4/8）"]
    assert bars["未报"]["x"] == [12.5, 25.0]
    assert bars["未报"]["marker"]["pattern"]["shape"] == "x"  # not by colour alone
    assert "截至2026年11月10日" in panel.figure.layout.title.text


def test_a_cut_off_counts_only_what_had_come_in_by_then(built: Any) -> None:
    model, world = built
    # On 6 Oct September's report (due 5 Oct) of task 1 had not come in: missing, not late.
    panel = read.timeliness_panel(model, None, date(2026, 10, 6), "en")
    rows = {r["unit"]: r for r in panel.table}
    assert rows[A] == {"unit": A, "due": 6, "on_time": 4, "late": 1, "missing": 1, "rate": 66.7}
    assert rows[B]["missing"] == 2  # August never came; September returned, resubmitted 7 Oct
    assert panel.figure.layout.xaxis.title.text == "share of the reports due (%)"
    nothing = read.timeliness_panel(model, None, date(2026, 8, 5), "en")
    assert nothing.table == [] and nothing.figure.layout.annotations


def test_a_lead_unit_gets_only_its_own_row(built: Any) -> None:
    model, world = built
    panel = read.timeliness_panel(model, world.campaign_id, CUT, "zh", unit=B)
    assert [r["unit"] for r in panel.table] == [B]
    grid = read.delays_panel(model, None, CUT, "zh", unit=B)
    assert {r["unit"] for r in grid.table} == {B}
    timeline = read.milestones_panel(model, world.campaign_id, CUT, "zh", unit=B)
    assert [r["code"] for r in timeline.table] == ["survey"]


@pytest.mark.parametrize("until", [date(2026, 8, 5), date(2026, 10, 6), CUT])
def test_judging_from_heads_and_marks_equals_judging_from_whole_rows(
    built: Any, until: date
) -> None:
    model, world = built
    with model.read() as queries:
        tasks, periods = queries.tasks(), queries.periods()
        heads, marks = queries.task_heads(), queries.period_marks()
        own = queries.period_marks(world.campaign_id)
    assert len(marks) == len(periods) == len(own)
    for mark, row in zip(marks, periods, strict=True):
        assert (mark.task_id, mark.period, mark.awaiting) == (row.task_id, row.period, row.awaiting)
        assert punctuality.judged(mark, until) == punctuality.judged(row, until)
    assert punctuality.league(heads, marks, until) == punctuality.league(tasks, periods, until)
    assert punctuality.delays(heads, marks, until) == punctuality.delays(tasks, periods, until)


def test_the_heatmap_counts_late_or_missing_reports_by_unit_and_month(built: Any) -> None:
    model, world = built
    panel = read.delays_panel(model, world.campaign_id, CUT, "zh")
    heat = decoded(panel)["figure"]["data"][0]
    assert heat["y"] == [B, A]  # the most delays first
    assert heat["x"] == ["2026年7月", "2026年8月", "2026年9月", "2026年10月"]
    assert heat["z"] == [[1, 1, 1, 1], [1, 0, 1, 1]]
    assert heat["text"] == [["1", "1", "1", "1"], ["1", "0", "1", "1"]]  # numbers in the cells
    assert panel.figure.layout.title.text.startswith("逾期或未报的月度专报（份）")


def test_the_burnup_shows_reports_plan_forecast_target_and_deadline(built: Any) -> None:
    model, world = built
    panel = read.burnup_panel(model, world.tasks["1"], "spaces", date(2026, 10, 5), "zh")
    series = {t["name"]: t for t in decoded(panel)["figure"]["data"]}
    actual = series["实际完成（月度专报）"]
    assert actual["x"] == ["2026-07-31", "2026-08-31", "2026-09-30"]
    assert actual["y"] == [30, 60, 90]
    plan = series["计划进度"]
    assert (plan["x"][0], plan["y"][0]) == ("2026-07-01", 0)
    assert (plan["x"][-1], plan["y"][-1]) == ("2026-12-31", 180)
    # A straight line over the campaign's 183 days: 91 days in on 30 Sep, 180 x 91 / 183.
    assert plan["y"][plan["x"].index("2026-09-30")] == pytest.approx(89.508, abs=0.001)
    (forecast,) = [t for n, t in series.items() if n.startswith("预测（最小二乘）")]
    assert forecast["y"][-1] == pytest.approx(180.32, abs=0.01)  # as the campaign view says
    assert "180.32 个" in forecast["name"]
    assert series["目标值 180 个"]["y"] == [180, 180]
    shapes = panel.figure.layout.shapes
    assert [s.x0 for s in shapes] == ["2026-12-31"]
    assert any("完成时限 2026年12月31日" in a.text for a in panel.figure.layout.annotations)
    assert "状态：正常" in panel.figure.layout.title.text
    assert panel.figure.layout.yaxis.title.text == "新增共享停车位（个）"


def test_the_burnup_refuses_an_indicator_the_task_does_not_have(built: Any) -> None:
    model, world = built
    with pytest.raises(NotFound) as refused:
        read.burnup_panel(model, world.tasks["1"], "nope", CUT, "en")
    assert refused.value.field == "indicator" and "spaces" in refused.value.message


def test_the_timeline_shows_planned_and_done_dates(built: Any) -> None:
    model, world = built
    panel = read.milestones_panel(model, world.campaign_id, CUT, "zh")
    states = {r["code"]: (r["due"], r["done"], r["state"], r["days_late"]) for r in panel.table}
    assert states == {
        "plan": ("2026-08-31", "2026-08-20", "done_on_time", 0),
        "build": ("2026-09-30", "2026-10-10", "done_late", 10),
        "survey": ("2026-10-15", None, "overdue", 0),
        "accept": ("2026-12-15", None, "to_come", 0),
    }
    names = {t.name for t in panel.figure.data}
    assert names == {"计划日期", "按期完成", "逾期完成", "逾期未完成", "未到期"}
    symbols = {t.name: t.marker.symbol[1] for t in panel.figure.data if t.name != "计划日期"}
    assert len(set(symbols.values())) == 4  # each state has a shape of its own
