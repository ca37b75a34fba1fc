"""Excel workbooks (.xlsx), read streaming (openpyxl read-only) with merged ranges filled in,
once `xlsxscan` has found every part within the limits."""

from __future__ import annotations

import zipfile
from decimal import Decimal
from io import BytesIO
from typing import IO
from xml.etree.ElementTree import ParseError, iterparse

from openpyxl import load_workbook
from openpyxl.utils import range_boundaries
from openpyxl.utils.exceptions import InvalidFileException
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from infra.importer.grid import Grid, Value
from infra.importer.limits import (
    MAX_CELL_CHARS,
    MAX_COLUMNS,
    MAX_ROWS,
    Refused,
    cell_too_long,
    too_many_rows,
)
from infra.importer.xlsxscan import check_workbook

MAX_BLANK_RUN = 10_000


def read_xlsx(data: bytes) -> list[Grid]:
    """Every worksheet of the workbook, in order."""
    check_workbook(data)
    try:
        workbook = load_workbook(BytesIO(data), read_only=True, data_only=True)
    except _MALFORMED as error:
        raise _unreadable(error) from None
    try:
        return [_grid(sheet) for sheet in workbook.worksheets]
    except _MALFORMED as error:  # a sheet is read only now, as its rows are asked for
        raise _unreadable(error) from None
    finally:
        workbook.close()


# What openpyxl raises on a malformed workbook: a part that is not XML (ParseError is a
# SyntaxError), a missing part, a value of the wrong type.
_MALFORMED = (
    zipfile.BadZipFile,
    InvalidFileException,
    KeyError,
    OSError,
    ValueError,
    TypeError,
    AttributeError,
    IndexError,
    ParseError,
)


def _unreadable(error: Exception) -> Refused:
    return Refused(
        "unreadable_workbook",
        f"无法打开 Excel 工作簿（{error}）",
        f"the Excel workbook cannot be opened ({error})",
    )


def _grid(sheet: ReadOnlyWorksheet) -> Grid:
    rows: list[list[Value]] = []
    blank = 0  # blank rows not yet kept: kept only when a filled row follows
    sheet.reset_dimensions()  # some writers record a wrong <dimension>; read what is there
    for cells in sheet.iter_rows(min_row=1, min_col=1, max_col=MAX_COLUMNS):
        row = [_value(cell) for cell in cells]
        _check_lengths(sheet.title, len(rows) + blank + 1, row)
        while row and row[-1] in (None, ""):
            row.pop()
        if not row:
            blank += 1
            if blank > MAX_BLANK_RUN:  # formatting down to row 1,048,576: nothing more to read
                break
            continue
        rows.extend([] for _ in range(blank))
        blank = 0
        rows.append(row)
        if len(rows) > MAX_ROWS:
            raise too_many_rows(sheet.title)
    grid = Grid(sheet.title, rows)
    grid.fill_merged(_merged_ranges(sheet))
    return grid


def _check_lengths(sheet: str, row: int, values: list[Value]) -> None:
    """The scan has checked every cell's text already; this holds should a part escape it."""
    for column, value in enumerate(values):
        if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
            raise cell_too_long(sheet, row, column, len(value))


def _value(cell: object) -> Value:
    value = getattr(cell, "value", None)
    number_format = str(getattr(cell, "number_format", "") or "")
    if isinstance(value, int | float) and not isinstance(value, bool) and "%" in number_format:
        return Decimal(str(value)) * 100  # a cell formatted 95% holds 0.95
    return value


def _merged_ranges(sheet: ReadOnlyWorksheet) -> list[tuple[int, int, int, int]]:
    """Merged ranges, 0-based (min_row, min_col, max_row, max_col). Read-only worksheets do not
    parse them, so the sheet's XML is streamed for its <mergeCell ref="A3:A7"/> elements."""
    source: IO[bytes] = sheet._get_source()
    try:
        refs = _merge_refs(source)
    finally:
        source.close()
    ranges = []
    for ref in refs:
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        if min_col and min_row and max_col and max_row:
            ranges.append((min_row - 1, min_col - 1, max_row - 1, max_col - 1))
    return ranges


def _merge_refs(source: IO[bytes]) -> list[str]:
    refs = []
    try:
        for _, element in iterparse(source):
            if element.tag.endswith("}mergeCell") or element.tag == "mergeCell":
                refs.append(element.get("ref", ""))
            element.clear()
    except ParseError:
        return refs
    return [r for r in refs if r]
