"""CSV (and tab-separated text, as Excel's "Unicode text" saves it) in UTF-8, with or without a
BOM, UTF-16 with a BOM, or GB18030 (what Excel on a Chinese Windows writes); bounded like a
sheet: rows, columns, filled cells and the length of each cell."""

from __future__ import annotations

import csv
import io
import re

from infra.importer.grid import Grid, Value
from infra.importer.limits import (
    MAX_CELL_CHARS,
    MAX_CELLS,
    MAX_COLUMNS,
    MAX_ROW_ELEMENTS,
    MAX_ROWS,
    Refused,
    cell_too_long,
    too_far_right,
    too_many_cells,
    too_many_rows,
)
from infra.importer.problems import At
from infra.importer.sources import decode

DELIMITERS = ",\t;"
_SNIFF_CHARS = 64 * 1024  # the delimiter is told from the first lines only


def read_csv(data: bytes, sheet: str) -> tuple[Grid, str]:
    """The file as one sheet named `sheet`, and the encoding it was read in."""
    text, encoding = decode(data)
    del data
    delimiter = _delimiter(text)
    _check_widths(text, delimiter, sheet)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[Value]] = []
    cells = 0
    try:
        for row in reader:
            rows.append(_row(sheet, len(rows) + 1, row))
            cells += sum(v is not None for v in rows[-1])
            if len(rows) > MAX_ROWS:
                raise too_many_rows(sheet)
            if cells > MAX_CELLS:
                raise too_many_cells(sheet)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise _long_field(sheet, len(rows) + 1) from None
        raise Refused(
            "unreadable_csv",
            f"CSV 第 {reader.line_num} 行无法读取（{error}）",
            f"CSV line {reader.line_num} cannot be read ({error})",
        ) from None
    return Grid(sheet, rows), encoding


def _row(sheet: str, number: int, row: list[str]) -> list[Value]:
    cells: list[Value] = []
    for column, cell in enumerate(row):
        if len(cell) > MAX_CELL_CHARS:
            raise cell_too_long(sheet, number, column, len(cell))
        cells.append(cell.strip() or None)
    while cells and cells[-1] is None:
        cells.pop()
    if len(cells) > MAX_COLUMNS:
        raise too_far_right(sheet, number, len(cells) - 1)
    return cells


def _check_widths(text: str, delimiter: str, sheet: str) -> None:
    """Refuse a line of more separators than Excel has columns before the csv module makes a
    list of them: a 10 MB line of commas is ten million cells, and a list of ten million."""
    d = re.escape(delimiter)
    wide = re.search(rf"(?m)^(?:[^\r\n{d}]*{d}){{{MAX_ROW_ELEMENTS}}}", text)
    if wide is not None:
        line = text.count("\n", 0, wide.start()) + 1
        raise Refused(
            "too_many_columns",
            f"第 {line} 行超过 {MAX_ROW_ELEMENTS} 列；最多读取 {MAX_COLUMNS} 列",
            f"line {line} has more than {MAX_ROW_ELEMENTS} columns; at most {MAX_COLUMNS} are read",
            At(sheet, line),
        )


def _long_field(sheet: str, row: int) -> Refused:
    """The csv module's own bound (131,072 characters) met before ours could name the column."""
    return Refused(
        "cell_too_long",
        f"第 {row} 行有单元格超过 {MAX_CELL_CHARS} 个字符（Excel 单元格上限）",
        f"row {row} has a cell of more than {MAX_CELL_CHARS} characters (Excel's limit for a cell)",
        At(sheet, row),
    )


def _delimiter(text: str) -> str:
    """The separator found on the most of the first lines (full-width ，is no separator)."""
    lines = [line for line in text[:_SNIFF_CHARS].splitlines()[:20] if line.strip()]
    counts = {d: sum(d in line for line in lines) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","
