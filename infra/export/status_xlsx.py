"""The portfolio's status as the workbook a task force sends upward: rows in, .xlsx bytes out.

One summary sheet with every task, then one sheet per campaign; each opens with the title, the
reporting period and the as-of date, and freezes its header row.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from openpyxl import Workbook
from openpyxl.styles import PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from domain.values import Status
from infra.export.sheets import CellStyle, sheet_title, workbook_bytes, write_table

HEADERS = (
    "专项行动",
    "序号",
    "目标任务",
    "牵头单位",
    "配合单位",
    "目标",
    "本月实际",
    "状态",
    "存在问题",
    "下步计划",
    "报送情况",
)
WIDTHS = (22, 6, 30, 18, 18, 30, 26, 8, 30, 30, 18)
STATUS_LABELS = {
    Status.ON_TRACK: "正常",
    Status.AT_RISK: "有风险",
    Status.LATE: "滞后",
    Status.NOT_COMPUTABLE: "无法计算",
}
STATUS_FILLS = {
    Status.ON_TRACK: PatternFill("solid", fgColor="C6EFCE"),
    Status.AT_RISK: PatternFill("solid", fgColor="FFEB9C"),
    Status.LATE: PatternFill("solid", fgColor="FFC7CE"),
    Status.NOT_COMPUTABLE: PatternFill("solid", fgColor="D9D9D9"),
}
SUMMARY_SHEET = "汇总"
_STATUS_COLUMN = HEADERS.index("状态") + 1


@dataclass(frozen=True)
class StatusRow:
    """One task as the table shows it; every text already written for the reader."""

    campaign_code: str
    campaign: str
    number: str
    task: str
    lead_units: str
    supporting_units: str
    targets: str
    actuals: str
    status: Status
    problems: str
    next_steps: str
    submission: str
    status_reason: str = ""  # why the status cannot be computed

    def cells(self) -> tuple[str, ...]:
        problems = "\n".join(p for p in (self.status_reason, self.problems) if p)
        return (
            self.campaign,
            self.number,
            self.task,
            self.lead_units,
            self.supporting_units,
            self.targets,
            self.actuals,
            STATUS_LABELS[self.status],
            problems,
            self.next_steps,
            self.submission,
        )


@dataclass(frozen=True)
class StatusReport:
    title: str
    period: str
    as_of: date
    rows: tuple[StatusRow, ...]
    scope: str = ""  # whose tasks, when not the whole portfolio


def _sheet(ws: Worksheet, report: StatusReport, title: str, rows: Sequence[StatusRow]) -> None:
    line = f"报送期：{report.period}　　截至：{report.as_of.isoformat()}"
    if report.scope:
        line += f"　　范围：{report.scope}"
    header = write_table(ws, (title, line), HEADERS, WIDTHS, (r.cells() for r in rows))
    # The fill joins the body's wrap and grid (the cell's other styles stay as they are).
    fills: dict[Status, CellStyle] = {}
    for offset, row in enumerate(rows, start=1):
        style = fills.setdefault(row.status, CellStyle(fill=STATUS_FILLS[row.status]))
        style.apply(ws.cell(row=header + offset, column=_STATUS_COLUMN))
    ws.print_title_rows = f"{header}:{header}"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True


def status_workbook(report: StatusReport) -> bytes:
    wb = Workbook()
    summary = wb.active
    assert summary is not None
    summary.title = SUMMARY_SHEET
    _sheet(summary, report, report.title, report.rows)
    campaigns: dict[str, list[StatusRow]] = {}
    for row in report.rows:
        campaigns.setdefault(row.campaign_code, []).append(row)
    for code, rows in campaigns.items():
        ws = wb.create_sheet(sheet_title(code, wb.sheetnames))
        _sheet(ws, report, f"{rows[0].campaign}（{code}）", rows)
    return workbook_bytes(wb)
