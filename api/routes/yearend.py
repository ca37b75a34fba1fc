"""The year-end report (年度评估报告) of a campaign, or of a unit's part in it: its score under a
rubric part by part, with the on-time league table, the delay heatmap and the milestones, as one
HTML page that opens offline and prints to PDF from the browser, or as an .xlsx workbook."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Annotated
from urllib.parse import quote
from uuid import UUID

import plotly.graph_objects as go
from fastapi import APIRouter, Query, Response
from openpyxl import Workbook

from api.access import TASK_FORCE_READERS, allow
from api.deps import ServicesDep
from api.presenters.reads import found
from api.presenters.scores import year_facts
from api.schemas.common import REFUSALS
from dashboards.export import Panel, page
from dashboards.read import delays_panel, milestones_panel, timeliness_panel
from dashboards.style import Lang, say
from domain.rubric import Score, score
from infra import rubrics
from infra.export.sheets import XLSX, sheet_title, workbook_bytes, write_table

router = APIRouter(tags=["assessments"], responses=REFUSALS)


class Format(StrEnum):
    HTML = "html"
    XLSX = "xlsx"


def score_panel(found_score: Score, title: str, lang: Lang) -> Panel:
    parts = found_score.parts
    figure = go.Figure(
        [
            go.Bar(name=say(lang, "得分", "points"), x=[p.name for p in parts],
                   y=[float(p.points) for p in parts], text=[str(p.points) for p in parts]),
            go.Bar(name=say(lang, "满分", "of"), x=[p.name for p in parts],
                   y=[float(p.of) for p in parts], opacity=0.35),
        ],
        layout={"title": {"text": title}, "barmode": "overlay"},
    )  # fmt: skip
    table = [
        {"part": p.name, "points": str(p.points), "of": str(p.of), "reason": p.reason}
        for p in parts
    ]
    total = {"part": say(lang, "总分", "total"), "points": str(found_score.total), "of": "100",
             "reason": f"{found_score.rating} {found_score.gate}".strip()}  # fmt: skip
    return Panel("score", figure, [*table, total])


@router.get(
    "/reports/year-end",
    responses={200: {"content": {"text/html": {}, XLSX: {}}}},
    dependencies=[allow(TASK_FORCE_READERS)],
)
def year_end_report(
    svc: ServicesDep,
    campaign: UUID,
    year: Annotated[int, Query(ge=2000, le=2100)],
    unit: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    rubric: Annotated[str, Query(pattern=r"^[a-z0-9-]{1,40}$")] = "balanced",
    format: Format = Format.HTML,
    lang: Lang = "zh",
) -> Response:
    """The year's report: score by the rubric and the year's charts with their numbers."""
    chosen = rubrics.shipped(rubric)
    with svc.readmodel.read() as queries:
        row = found(queries, campaign)
        names = queries.unit_names().names_for(unit) if unit else None
        facts = year_facts(queries, row, year, names)
    scored = score(facts, chosen)
    whose = f"{row.name}（{unit}）" if unit else row.name
    title = say(lang, f"{whose} {year}年度评估报告", f"{whose}: the {year} year-end report")
    end = date(year, 12, 31)
    panels = [
        score_panel(scored, say(lang, f"得分（{chosen.title}）", f"Score ({chosen.title})"), lang),
        timeliness_panel(svc.readmodel, campaign, end, lang, unit),
        delays_panel(svc.readmodel, campaign, end, lang, unit),
        milestones_panel(svc.readmodel, campaign, end, lang, unit),
    ]
    filename = quote(f"{row.code}-{year}{'-' + unit if unit else ''}")
    if format is Format.HTML:
        return Response(
            page(panels, title, lang),
            media_type="text/html; charset=utf-8",
            headers={"Content-Disposition": f"inline; filename*=UTF-8''{filename}.html"},
        )
    return Response(
        _workbook(panels, title),
        media_type=XLSX,
        headers={"Content-Disposition": f"attachment; filename*=UTF-8''{filename}.xlsx"},
    )


def _workbook(panels: list[Panel], title: str) -> bytes:
    wb = Workbook()
    first = wb.active
    assert first is not None
    wb.remove(first)
    for panel in panels:
        rows = list(panel.table)
        ws = wb.create_sheet(sheet_title(panel.name, wb.sheetnames))
        headers = list(rows[0]) if rows else ["—"]
        write_table(
            ws, (title, panel.name), headers, [18] * len(headers),
            [[str(r.get(h, "")) for h in headers] for r in rows],
        )  # fmt: skip
    return workbook_bytes(wb)
