"""How the figures lay out, checked on plotly's figure objects (not pixels): the legend at the
figure's foot below the x-axis title, the league table's legend in reading order, and the
milestone timeline's axis in whole months, or no axis at all when there is no milestone."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from dashboards import delays, milestones, timeliness
from dashboards.milestones import MilestoneLine, State
from dashboards.punctuality import DelayGrid, UnitRecord
from dashboards.style import LEGEND_FOOT, Lang

ON = date(2093, 3, 10)
RECORDS = [UnitRecord("区城管执法局", 6, 1, 2, 3), UnitRecord("区交通委", 2, 0, 0, 2)]
GRID = DelayGrid(("区交通委",), ("2093-01", "2093-02"), {("区交通委", "2093-01"): 1},
                 {("区交通委", "2093-01"): 1, ("区交通委", "2093-02"): 1})  # fmt: skip


def line(due: date, done: date | None = None, state: State = State.TO_COME) -> MilestoneLine:
    return MilestoneLine("3", "公共停车场错时开放", f"m{due}", "方案印发", due, done, state)


def as_drawn(fig: Any) -> dict[str, Any]:
    """The figure as plotly.js receives it (what the page and the offline file hold)."""
    return json.loads(fig.to_json())["layout"]


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_legend_sits_at_the_foot_below_the_axis_title(lang: Lang) -> None:
    for fig in (
        timeliness.figure(RECORDS, "停车", ON, lang),
        delays.figure(GRID, "停车", ON, lang),
        milestones.figure([line(date(2093, 6, 30))], "停车", ON, lang),
    ):
        layout = as_drawn(fig)
        legend = layout["legend"]
        # In the figure's own pixels, not a fraction of the plot: a short plot or a legend
        # that wraps on a narrow page or on A4 no longer lands on the x-axis title.
        assert (legend["yref"], legend["yanchor"], legend["y"]) == ("container", "bottom", 0)
        assert (legend["orientation"], legend["xanchor"], legend["x"]) == ("h", "left", 0)
        assert layout["margin"]["b"] == LEGEND_FOOT >= 60 + 30  # ticks and title, one row
        assert layout["xaxis"]["title"]["text"]


def test_the_league_tables_legend_reads_on_time_late_missing_in_both_languages() -> None:
    for lang, words in (
        ("zh", ["按时", "逾期报送", "未报"]),
        ("en", ["on time", "late", "missing"]),
    ):
        fig = timeliness.figure(RECORDS, "停车", ON, lang)  # type: ignore[arg-type]
        assert fig.layout.legend.traceorder == "normal"  # a stacked bar's legend is reversed
        assert [bar.name for bar in fig.data] == words
    english = timeliness.figure(RECORDS, "停车", ON, "en")
    assert english.data[0].text == ("16.7% (1/6)", "0% (0/2)")  # no full-width brackets
    assert timeliness.figure(RECORDS, "停车", ON, "zh").data[0].text[0] == "16.7%（1/6）"


NONE = [("zh", "该专项行动没有时间节点"), ("en", "this campaign has no milestones")]


@pytest.mark.parametrize(("lang", "words"), NONE)
def test_a_timeline_without_milestones_says_so_and_draws_no_axis(lang: Lang, words: str) -> None:
    layout = as_drawn(milestones.figure([], "无节点行动", ON, lang))
    assert layout["xaxis"]["visible"] is False and layout["yaxis"]["visible"] is False
    assert layout["showlegend"] is False
    assert [a["text"] for a in layout["annotations"]] == [words]  # no "today" over nothing
    assert "shapes" not in layout  # nor its dotted line
    assert milestones.figure([], "无节点行动", ON, lang).data == ()


def test_the_timeline_axis_runs_in_whole_months_each_labelled_once() -> None:
    # A milestone due today: plotly's own ticks span a few days, each labelled "Mar 2093".
    today = as_drawn(milestones.figure([line(ON)], "停车", ON, "en"))["xaxis"]
    assert today["range"] == ["2093-03-01", "2093-04-01"]
    assert (today["tick0"], today["dtick"], today["tickformat"]) == ("2093-03-01", "M1", "%b %Y")
    zh = as_drawn(milestones.figure([line(ON)], "停车", ON, "zh"))["xaxis"]
    assert zh["tickformat"] == "%Y年%-m月" and zh["dtick"] == "M1"

    # A milestone on the 2nd: the month before is shown too, so its marker is not on the edge.
    early = milestones.month_axis([line(date(2093, 5, 2))], date(2093, 3, 3))
    assert early["range"] == ["2093-02-01", "2093-06-01"] and early["dtick"] == "M1"

    late = line(date(2093, 1, 31), date(2093, 2, 20), State.DONE_LATE)
    span = milestones.month_axis([late, line(date(2095, 12, 1))], ON)
    assert span["range"] == ["2093-01-01", "2096-01-01"]
    assert span["dtick"] == "M3"  # 36 months: twelve ticks, not thirty-six


def test_the_timeline_axis_reaches_the_calendars_edges_without_overflow() -> None:
    edge = milestones.month_axis([line(date(9999, 12, 31)), line(date(1, 1, 1))], ON)
    assert edge["range"] == ["0001-01-01", "9999-12-31"]
    assert edge["dtick"] == "M1200"
    json.dumps(as_drawn(milestones.figure([line(date(9999, 12, 31))], "停车", ON, "en")))
