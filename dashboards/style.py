"""What every figure shares: the two languages' words, a colour-blind-safe palette, dates and
numbers written with their units.

The palette is Okabe and Ito's (readable with any common colour-vision deficiency); where a
figure shows a status it also shows it by pattern or marker shape and by text, never by colour
alone. No web font is named that the browser would fetch: the fonts are the machine's own.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Literal

import plotly.graph_objects as go

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")

BLUE = "#0072B2"
SKY = "#56B4E9"
GREEN = "#009E73"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
PURPLE = "#CC79A7"
GREY = "#767676"  # 4.5:1 on white
BLACK = "#000000"
# The bottom margin: the x-axis's tick labels and title (about 60px), then one row of legend.
LEGEND_FOOT = 100
FONT = "Noto Sans CJK SC, Noto Sans SC, Source Han Sans SC, Microsoft YaHei, sans-serif"


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise ValueError(f"lang must be one of {LANGS}, not {lang!r}")
    return lang  # type: ignore[return-value]


def say(lang: Lang, zh: str, en: str) -> str:
    return zh if lang == "zh" else en


_MONTHS_EN = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def month_label(period: str, lang: Lang) -> str:
    """2026-07 -> 2026年7月 / Jul 2026."""
    year, month = int(period[:4]), int(period[5:7])
    return f"{year}年{month}月" if lang == "zh" else f"{_MONTHS_EN[month - 1]} {year}"


def day_label(day: date, lang: Lang) -> str:
    """2026年11月5日 / 5 Nov 2026."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS_EN[day.month - 1]} {day.year}"


def number(value: Decimal | float | int, places: int = 2) -> str:
    """A figure as people write it: no trailing zeros, thousands grouped (12,000; 90.5)."""
    text = f"{Decimal(str(value)):,.{places}f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def with_unit(value: Decimal | float | int, unit: str, places: int = 2) -> str:
    """180 个 / 90%: a percent sign sticks to the figure, any other unit stands apart."""
    shown = number(value, places)
    if not unit:
        return shown
    return f"{shown}{unit}" if unit in ("%", "％") else f"{shown} {unit}"


def layout(fig: go.Figure, title: str, lang: Lang, height: int = 480) -> go.Figure:
    """The layout every figure shares: title, font, white background, legend below.

    The legend sits at the foot of the figure (`yref="container"`), not at a fraction of the
    plot's height below it: plotly.js then makes room for it under the x-axis title at any
    width, where a fraction put it on that title once the plot was short or the legend wrapped.
    """
    fig.update_layout(
        title={"text": title, "x": 0.01, "xanchor": "left"},
        font={"family": FONT, "size": 14, "color": BLACK},
        paper_bgcolor="white",
        plot_bgcolor="white",
        height=height,
        margin={"l": 80, "r": 30, "t": 70, "b": LEGEND_FOOT},
        legend={
            "orientation": "h",
            "yref": "container",
            "yanchor": "bottom",
            "y": 0,
            "xanchor": "left",
            "x": 0,
            "traceorder": "normal",  # as drawn and as the table reads (stacked bars reverse it)
        },
        hoverlabel={"font": {"family": FONT}},
        separators=".,",
        meta={"lang": lang},
    )
    grid = {"showgrid": True, "gridcolor": "#D9D9D9", "linecolor": GREY, "zeroline": False}
    fig.update_xaxes(**grid)
    fig.update_yaxes(**grid)
    return fig


def empty_note(fig: go.Figure, lang: Lang, zh: str, en: str) -> go.Figure:
    """Say in the plot that there is nothing to show, rather than draw an empty frame."""
    fig.add_annotation(
        text=say(lang, zh, en),
        xref="paper",
        yref="paper",
        x=0.5,
        y=0.5,
        showarrow=False,
        font={"size": 16, "color": GREY},
    )
    return fig
