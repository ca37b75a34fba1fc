"""What every exported sheet shares: a title block, a bold frozen header row, column widths,
wrapped text, and the workbook as bytes."""

from __future__ import annotations

import io
import re
from collections.abc import Iterable, Sequence
from copy import copy
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_FILL = PatternFill("solid", fgColor="D9E1F2")
THIN = Side(style="thin", color="A6A6A6")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
WRAP = Alignment(wrap_text=True, vertical="top")
_NOT_IN_SHEET_NAME = re.compile(r"[\[\]:*?/\\]")


def decimal_text(value: Decimal) -> str:
    """180, 40.5, 0.25: a plain figure, never an exponent or trailing zeros."""
    return format(value.normalize(), "f")


def sheet_title(text: str, taken: Iterable[str] = ()) -> str:
    """A valid, unused sheet name: at most 31 characters, none of []:*?/\\."""
    base = _NOT_IN_SHEET_NAME.sub("_", text).strip("'") or "Sheet"
    name, n, used = base[:31], 1, {t.lower() for t in taken}
    while name.lower() in used:
        n += 1
        suffix = f" ({n})"
        name = base[: 31 - len(suffix)] + suffix
    return name


def write_table(
    ws: Worksheet,
    title_lines: Sequence[str],
    headers: Sequence[str],
    widths: Sequence[float],
    rows: Iterable[Sequence[Any]],
) -> int:
    """Title lines on top, a blank row, then the table; freezes the header. Returns its row."""
    for n, line in enumerate(title_lines, start=1):
        title = text_cell(ws.cell(row=n, column=1, value=line))
        title.font = Font(bold=n == 1, size=14 if n == 1 else 11)
        ws.merge_cells(start_row=n, start_column=1, end_row=n, end_column=len(headers))
    header_row = len(title_lines) + 2 if title_lines else 1
    for column, (name, width) in enumerate(zip(headers, widths, strict=True), start=1):
        cell = ws.cell(row=header_row, column=column, value=name)
        cell.font, cell.fill, cell.border = Font(bold=True), HEADER_FILL, GRID
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(column)].width = width
    body = CellStyle(alignment=WRAP, border=GRID)
    for r, values in enumerate(rows, start=header_row + 1):
        for column, value in enumerate(values, start=1):
            body.apply(text_cell(ws.cell(row=r, column=column, value=value)))
    ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
    return header_row


def text_cell(cell: Any) -> Any:
    """What a person typed stays text: openpyxl writes a string starting with "=" as a formula,
    which the spreadsheet would run when the task force opens the file (formula injection)."""
    if cell.data_type == "f":
        cell.data_type = "s"
    return cell


class CellStyle:
    """One style for many cells of a workbook. Setting a style attribute hashes the style object
    to find it in the workbook's list (most of the time a large sheet took); the first cell is
    styled that way, the rest take a copy of its style indices (openpyxl's `_style`)."""

    def __init__(self, **styles: Any) -> None:
        self.styles = styles
        self._indices: Any = None

    def apply(self, cell: Any) -> None:
        if self._indices is None:
            for name, value in self.styles.items():
                setattr(cell, name, value)
            self._indices = copy(cell._style)
        else:
            cell._style = copy(self._indices)


def workbook_bytes(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
