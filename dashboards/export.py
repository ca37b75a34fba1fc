"""Dashboards as files: one self-contained HTML page per figure, or a page of several, that
opens offline. plotly.js is written into the page (`include_plotlyjs=True`, never "cdn"), once
per page; no script, style or font is fetched from anywhere.

Each figure is followed by its numbers as a plain table, so what the chart shows can be read
without it (by a screen reader, or when printed in black and white).
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import plotly.graph_objects as go

from dashboards.style import FONT, Lang, say

CONFIG = {"displaylogo": False, "responsive": True}
# The tables' column names in each language (the JSON keeps the keys).
HEADERS = {
    "unit": ("牵头单位", "lead unit"),
    "due": ("应报（份）", "due (reports)"),
    "on_time": ("按时（份）", "on time (reports)"),
    "late": ("逾期报送（份）", "late (reports)"),
    "missing": ("未报（份）", "missing (reports)"),
    "rate": ("按时报送率（%）", "on-time rate (%)"),
    "period": ("报告期", "reporting month"),
    "late_or_missing": ("逾期或未报（份）", "late or missing (reports)"),
    "series": ("序列", "series"),
    "on": ("日期", "date"),
    "value": ("数值", "value"),
    "task": ("任务", "task"),
    "task_title": ("任务名称", "task title"),
    "code": ("编号", "code"),
    "name": ("时间节点", "milestone"),
    "state": ("状态", "state"),
    "days_late": ("逾期天数（天）", "days late"),
}


@dataclass(frozen=True)
class Panel:
    """One dashboard: its figure, the numbers behind it (one dict per row) and a file name."""

    name: str
    figure: go.Figure
    table: Sequence[Mapping[str, object]] = field(default_factory=list)

    def to_json(self) -> bytes:
        """{"figure": plotly's JSON of the figure, "table": the rows}, for the API."""
        rows = json.dumps(list(self.table), ensure_ascii=False, default=str)
        return b'{"figure":' + self.figure.to_json().encode() + b',"table":' + rows.encode() + b"}"


def _cell(value: object) -> str:
    return "—" if value is None else html.escape(str(value))


def _table(rows: Sequence[Mapping[str, object]], caption: str, lang: Lang) -> str:
    if not rows:
        return ""
    heads = list(rows[0])
    names = [say(lang, *HEADERS[h]) if h in HEADERS else h for h in heads]
    head = "".join(f'<th scope="col">{html.escape(n)}</th>' for n in names)
    body = "".join(
        "<tr>" + "".join(f"<td>{_cell(r.get(h))}</td>" for h in heads) + "</tr>" for r in rows
    )
    return (
        f"<table><caption>{html.escape(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{body}</tbody></table>"
    )


def page(panels: Sequence[Panel], title: str, lang: Lang) -> str:
    """The whole page as text: plotly.js inline once, then each figure and its table."""
    parts = []
    for n, panel in enumerate(panels):
        div = panel.figure.to_html(
            full_html=False, include_plotlyjs=(n == 0), config=CONFIG, default_width="100%"
        )
        caption = say(lang, "图中数据", "the figures' data")
        parts.append(f"<section>{div}{_table(panel.table, caption, lang)}</section>")
    return (
        f'<!DOCTYPE html>\n<html lang="{say(lang, "zh-CN", "en")}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{html.escape(title)}</title><style>"
        f"body{{font-family:{FONT};margin:1.5rem;color:#000;background:#fff}}"
        "section{margin-bottom:2.5rem}table{border-collapse:collapse;margin-top:.5rem}"
        "th,td{border:1px solid #767676;padding:.2rem .5rem;text-align:left}"
        "caption{text-align:left;font-weight:bold}"
        # Printed (or saved as PDF from the browser): no plotly toolbar, a chart and its table
        # kept on one page where they fit, a long table's head repeated on each page.
        "@media print{body{margin:0}.modebar-container{display:none!important}"
        "section{break-inside:avoid-page}tr{break-inside:avoid}thead{display:table-header-group}}"
        f"</style></head><body><h1>{html.escape(title)}</h1>{''.join(parts)}</body></html>\n"
    )


def write_html(path: Path, panels: Sequence[Panel], title: str, lang: Lang) -> Path:
    """Write the page of `panels` to `path` (UTF-8) and return it."""
    path.write_text(page(panels, title, lang), encoding="utf-8")
    return path


def write_each(directory: Path, panels: Sequence[Panel], lang: Lang) -> list[Path]:
    """One file per panel, named for it, each opening on its own."""
    return [
        write_html(directory / f"{p.name}.html", [p], p.figure.layout.title.text or p.name, lang)
        for p in panels
    ]
