"""Plans as the task decomposition table (任务分解表) they are written in, read back by
infra/importer: a title row, a blank row, the header row, then one row per indicator (a task
without indicators takes one row). As in the plans, a task's 序号, 目标任务 and unit cells are
merged down over its indicator rows and 专项行动 over its campaign's rows, so continuation rows
are blank where the importer looks for a new task.

When an indicator has a shape other than a count, a case load or a measurement method, the
columns 指标类型, 基数 and 统计方法 follow; a downward target that is not a 削减 shape is
written "≤0". What the table has no column for (indicator codes, monthly plans, milestones,
the campaign's code, year, task force and reporting policy) only the YAML export carries.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from infra.export.sheets import workbook_bytes, write_table

HEADERS = (
    "专项行动",
    "序号",
    "目标任务",
    "牵头单位",
    "配合单位",
    "指标名称",
    "单位",
    "基准值",
    "目标值",
    "属性",
    "完成时限",
)
WIDTHS = (24, 6, 34, 20, 20, 28, 8, 10, 10, 8, 12)
EXTRA_HEADERS = ("指标类型", "基数", "统计方法")
EXTRA_WIDTHS = (10, 10, 30)
TASK_COLUMNS = 5  # 专项行动 … 配合单位
ATTRIBUTES = {"binding": "约束性", "expected": "预期性"}
SHAPES = {
    "count": "数量",
    "rate": "比率",
    "checklist": "销项",
    "recurring": "次数",
    "reduce": "削减",
    "milestones": "里程碑",
}
TITLE = "专项行动任务分解表"
SHEET = "任务分解表"
JOIN_UNITS = "、"


@dataclass
class Table:
    rows: list[tuple[Any, ...]] = field(default_factory=list)
    # (first row, last row, first column, last column), 0-based within `rows`
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)


def _number(text: str) -> int | str:
    """A task number as Excel would hold it: 3 as a number, 3.1 or (二) as text."""
    return int(text) if text.isdigit() and str(int(text)) == text else text


def _indicator_cells(i: dict[str, Any], extras: bool) -> tuple[Any, ...]:
    deadline = i["deadline"]
    down = i["direction"] == "down" and i.get("shape") != "reduce"
    cells: tuple[Any, ...] = (
        i["name"],
        i["unit"],
        i["baseline"],
        f"≤{i['target']}" if down else i["target"],
        ATTRIBUTES[i["attribute"]],
        deadline.isoformat() if isinstance(deadline, date) else str(deadline),
    )
    if extras:
        shape = SHAPES[i.get("shape", "count")]
        cells += (shape, i.get("case_load"), i.get("method") or None)
    return cells


def build_table(plans: Sequence[dict[str, Any]], extras: bool) -> Table:
    """Rows and merged ranges from plans in the planfile shape (infra.planfile.campaign_data)."""
    table = Table()
    blank = (None,) * (len(HEADERS) - TASK_COLUMNS + (len(EXTRA_HEADERS) if extras else 0))
    for plan in plans:
        first_of_campaign = len(table.rows)
        for task in plan["tasks"]:
            head = (
                plan["name"],
                _number(task["number"]),
                task["title"],
                JOIN_UNITS.join(task["lead_units"]),
                JOIN_UNITS.join(task["supporting_units"]),
            )
            lines = [_indicator_cells(i, extras) for i in task["indicators"]] or [blank]
            first = len(table.rows)
            table.rows.append(head + lines[0])
            table.rows.extend((None,) * TASK_COLUMNS + line for line in lines[1:])
            if len(lines) > 1:
                table.merges.append((first, len(table.rows) - 1, 1, TASK_COLUMNS - 1))
        if len(table.rows) - first_of_campaign > 1:
            table.merges.append((first_of_campaign, len(table.rows) - 1, 0, 0))
    return table


def _has_extras(plans: Sequence[dict[str, Any]]) -> bool:
    return any(
        i.get("shape", "count") != "count" or i.get("case_load") is not None or i.get("method")
        for plan in plans
        for task in plan["tasks"]
        for i in task["indicators"]
    )


def _merge(ws: Worksheet, table: Table, header_row: int) -> None:
    for first, last, first_column, last_column in table.merges:
        for column in range(first_column, last_column + 1):
            ws.merge_cells(
                start_row=header_row + 1 + first,
                end_row=header_row + 1 + last,
                start_column=column + 1,
                end_column=column + 1,
            )


def plan_workbook(plans: Sequence[dict[str, Any]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    title = plans[0]["name"] + TITLE if len(plans) == 1 else TITLE
    extras = _has_extras(plans)
    table = build_table(plans, extras)
    headers = HEADERS + EXTRA_HEADERS if extras else HEADERS
    widths = WIDTHS + EXTRA_WIDTHS if extras else WIDTHS
    header_row = write_table(ws, (title,), headers, widths, table.rows)
    _merge(ws, table, header_row)
    return workbook_bytes(wb)
