"""The league table (晾晒) of on-time monthly reports by lead unit, as a sorted bar chart.

Each unit's bar is its reports due split into on time, late and missing, as shares of 100%;
the three parts differ by colour, by fill pattern and by the words in the legend and on the bar.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

import plotly.graph_objects as go

from dashboards.punctuality import UnitRecord
from dashboards.style import (
    BLUE,
    ORANGE,
    VERMILLION,
    Lang,
    day_label,
    empty_note,
    layout,
    number,
    say,
)

_PARTS = (
    ("on_time", "按时", "on time", BLUE, ""),
    ("late", "逾期报送", "late", ORANGE, "/"),
    ("missing", "未报", "missing", VERMILLION, "x"),
)


def title(scope: str, until: date, lang: Lang) -> str:
    cut = day_label(until, lang)
    return say(
        lang,
        f"月度专报按时报送率（晾晒）· {scope} · 截至{cut}",
        f"On-time monthly reports by lead unit · {scope} · before {cut}",
    )


def figure(records: Sequence[UnitRecord], scope: str, until: date, lang: Lang) -> go.Figure:
    """Best first, from the top; the on-time part is labelled with the rate and its counts."""
    fig = go.Figure()
    units = [r.unit for r in records]
    for field, zh, en, colour, pattern in _PARTS:
        counts = [getattr(r, field) for r in records]
        shares = [100 * n / r.due if r.due else 0 for n, r in zip(counts, records, strict=True)]
        if field == "on_time":
            text = [
                say(lang, "{}%（{}/{}）", "{}% ({}/{})").format(number(r.rate, 1), r.on_time, r.due)
                for r in records
            ]
        else:
            text = [say(lang, f"{n}份", f"{n}") if n else "" for n in counts]
        fig.add_trace(
            go.Bar(
                name=say(lang, zh, en),
                y=units,
                x=shares,
                orientation="h",
                marker={
                    "color": colour,
                    "pattern": {"shape": pattern, "fgcolor": "white"},
                    "line": {"color": "white", "width": 1},
                },
                text=text,
                textposition="inside",
                insidetextanchor="start",
                customdata=[[n, r.due] for n, r in zip(counts, records, strict=True)],
                hovertemplate=say(
                    lang,
                    f"%{{y}}<br>{zh}：%{{customdata[0]}} 份 / 应报 %{{customdata[1]}} 份"
                    "（%{x:.1f}%）<extra></extra>",
                    f"%{{y}}<br>{en}: %{{customdata[0]}} of %{{customdata[1]}} reports due"
                    " (%{x:.1f}%)<extra></extra>",
                ),
            )
        )
    fig.update_layout(barmode="stack", bargap=0.25)
    height = max(360, 120 + 34 * len(records))
    layout(fig, title(scope, until, lang), lang, height)
    fig.update_xaxes(
        title=say(lang, "占应报份数的比例（%）", "share of the reports due (%)"),
        range=[0, 100],
        ticksuffix="%",
    )
    fig.update_yaxes(
        title=say(lang, "牵头单位", "lead unit"), autorange="reversed", type="category"
    )
    if not records:
        empty_note(fig, lang, "截至该日尚无到期的月度专报", "no monthly report was due yet")
    return fig


def table(records: Sequence[UnitRecord]) -> list[dict[str, object]]:
    """The table beside the chart, in its order: unit, due, on time, late, missing, rate (%)."""
    return [r.as_dict() for r in records]
