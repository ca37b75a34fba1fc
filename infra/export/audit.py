"""The audit trail as a file: CSV (UTF-8 with BOM, so Excel reads the Chinese) or .xlsx."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from uuid import UUID

from openpyxl import Workbook

from domain.views import CampaignRow, EventRow
from infra.export.sheets import workbook_bytes, write_table

HEADERS = (
    "序号 position", "专项行动 campaign", "任务 task", "事件 event", "经办人 who", "单位 unit",
    "业务日期 business date", "记录时间 recorded (UTC)", "报告期 period",
    "摘要及原因 summary and reason",
)  # fmt: skip
WIDTHS = (10, 16, 8, 22, 18, 18, 14, 24, 10, 60)
# A cell a spreadsheet would read as a formula starts with one of these (CSV has no types).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def rows(events: Sequence[EventRow], campaigns: dict[UUID, CampaignRow]) -> list[list[object]]:
    return [
        [
            e.position,
            campaigns[e.campaign_id].code if e.campaign_id in campaigns else str(e.campaign_id),
            e.task_number or "",
            e.type,
            e.actor_user,
            e.actor_unit,
            e.on.isoformat(),
            e.recorded_at.isoformat(),
            e.period or "",
            e.summary,
        ]
        for e in events
    ]


def as_csv(table: list[list[object]]) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADERS)
    for row in table:
        writer.writerow([csv_text(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def csv_text(value: object) -> object:
    """A cell as a spreadsheet may read it: text that would start a formula, shown instead."""
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value  # shown with a leading apostrophe rather than run
    return value


def as_xlsx(table: list[list[object]], title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "审计 audit"
    write_table(ws, (title,), HEADERS, WIDTHS, table)
    return workbook_bytes(wb)
