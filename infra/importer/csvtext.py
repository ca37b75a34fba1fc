"""CSV (and tab-separated text, as Excel's "Unicode text" saves it) in UTF-8, with or without a
BOM, UTF-16 with a BOM, or GB18030 (what Excel on a Chinese Windows writes)."""

from __future__ import annotations

import csv
import io

from infra.importer.grid import Grid, Value
from infra.importer.sources import Refused, decode
from infra.importer.xlsx import MAX_ROWS

DELIMITERS = ",\t;"


def read_csv(data: bytes, sheet: str) -> tuple[Grid, str]:
    """The file as one sheet named `sheet`, and the encoding it was read in."""
    text, encoding = decode(data)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
    rows: list[list[Value]] = []
    try:
        for row in reader:
            rows.append([cell.strip() or None for cell in row])
            if len(rows) > MAX_ROWS:
                raise Refused(
                    "too_many_rows",
                    f"文件超过 {MAX_ROWS} 行",
                    f"the file has more than {MAX_ROWS} rows",
                )
    except csv.Error as error:
        raise Refused(
            "unreadable_csv",
            f"CSV 第 {reader.line_num} 行无法读取（{error}）",
            f"CSV line {reader.line_num} cannot be read ({error})",
        ) from None
    return Grid(sheet, rows), encoding


def _delimiter(text: str) -> str:
    """The separator found on the most of the first lines (full-width ，is no separator)."""
    lines = [line for line in text.splitlines()[:20] if line.strip()]
    counts = {d: sum(d in line for line in lines) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","
