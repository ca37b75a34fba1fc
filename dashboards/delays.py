"""The delay heatmap: lead units by reporting month, each cell the number of that unit's
reports for the month that came in late or not at all, written in the cell as well as coloured.

The scale is cividis (made to read the same with colour-vision deficiencies), from white for
none; a cell where nothing was due stays empty, unlike a 0 where everything came on time.
"""

from __future__ import annotations

from datetime import date

import plotly.graph_objects as go

from dashboards.punctuality import DelayGrid
from dashboards.style import Lang, day_label, empty_note, layout, month_label, say

# Cividis from white: 0 is plainly "nothing late", and the darkest cells carry white text.
SCALE = [
    [0.0, "#FFFFFF"],
    [0.001, "#FDEA45"],
    [0.35, "#A69D75"],
    [0.7, "#575C6D"],
    [1.0, "#00224E"],
]


def title(scope: str, until: date, lang: Lang) -> str:
    cut = day_label(until, lang)
    return say(
        lang,
        f"逾期或未报的月度专报（份）· {scope} · 截至{cut}",
        f"Monthly reports late or missing (reports) · {scope} · before {cut}",
    )


def figure(grid: DelayGrid, scope: str, until: date, lang: Lang) -> go.Figure:
    months = [month_label(p, lang) for p in grid.periods]
    z: list[list[int | None]] = []
    text: list[list[str]] = []
    for unit in grid.units:
        row: list[int | None] = []
        words: list[str] = []
        for period in grid.periods:
            due = grid.due.get((unit, period), 0)
            row.append(grid.cell(unit, period) if due else None)
            words.append(str(grid.cell(unit, period)) if due else "")
        z.append(row)
        text.append(words)
    high = max((grid.cell(u, p) for u in grid.units for p in grid.periods), default=0)
    customdata = [[grid.due.get((u, p), 0) for p in grid.periods] for u in grid.units]
    fig = go.Figure(
        go.Heatmap(
            z=z,
            x=months,
            y=list(grid.units),
            text=text,
            texttemplate="%{text}",
            customdata=customdata,
            colorscale=SCALE,
            zmin=0,
            zmax=max(high, 1),
            xgap=2,
            ygap=2,
            hoverongaps=False,
            colorbar={"title": {"text": say(lang, "份", "reports")}, "dtick": 1},
            hovertemplate=say(
                lang,
                "%{y} · %{x}<br>逾期或未报 %{z} 份 / 应报 %{customdata} 份<extra></extra>",
                "%{y} · %{x}<br>%{z} late or missing of %{customdata} due<extra></extra>",
            ),
        )
    )
    height = max(360, 140 + 30 * len(grid.units))
    layout(fig, title(scope, until, lang), lang, height)
    fig.update_xaxes(title=say(lang, "报告期（月份）", "reporting month"), showgrid=False)
    fig.update_yaxes(title=say(lang, "牵头单位", "lead unit"), autorange="reversed", showgrid=False)
    if not grid.units:
        empty_note(fig, lang, "截至该日尚无到期的月度专报", "no monthly report was due yet")
    return fig


def table(grid: DelayGrid) -> list[dict[str, object]]:
    """One row per unit and month with a report due: late or missing, and due."""
    return [
        {"unit": u, "period": p, "late_or_missing": grid.cell(u, p), "due": grid.due[u, p]}
        for u in grid.units
        for p in grid.periods
        if (u, p) in grid.due
    ]
