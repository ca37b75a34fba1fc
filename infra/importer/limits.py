"""The border's budget: how much a plan file may hold, checked before and while it is read, so
that no small file can cost more than a few seconds and a few hundred MB (issue 7).

Each limit is far above what a task decomposition table needs (tens to hundreds of rows) and
far below what would hurt the server; the README's "Importing plans" lists them.
"""

from __future__ import annotations

from infra.importer.problems import At, column_letter

MAX_BYTES = 10 * 1024 * 1024  # the upload itself
MAX_UNZIPPED = 48 * 1024 * 1024  # an .xlsx's parts once decompressed, all together
MAX_PARTS = 1000  # zip members of one workbook
MAX_ROWS = 5000  # per sheet (or CSV file)
MAX_COLUMNS = 60  # a value further right is refused, not silently dropped
MAX_CELLS = 100_000  # cells holding a value, whole file
MAX_CELL_ELEMENTS = 500_000  # <c> elements, empty styled ones included, whole workbook
MAX_ROW_ELEMENTS = 16_384  # <c> elements in one <row>: Excel's own column count
MAX_SHARED_STRINGS = 200_000
MAX_XML_ELEMENTS = 100_000  # in any other part (styles, workbook, rels, ...)
MAX_MERGED_RANGES = 10_000  # per sheet
MAX_CELL_CHARS = 32_767  # Excel's own limit for one cell
MAX_YAML_NODES = 200_000
MAX_YAML_DEPTH = 32


def cell_name(sheet: str, row: int, column: int) -> str:
    """`sheet!B7` from a 1-based row and a 0-based column."""
    return f"{sheet}!{column_letter(column)}{row}"


class Refused(Exception):
    """The file cannot be read at all; `zh`/`en` say why, `at` where if one place is to blame."""

    def __init__(self, kind: str, zh: str, en: str, at: At | None = None) -> None:
        super().__init__(en)
        self.kind, self.zh, self.en, self.at = kind, zh, en, at


def cell_too_long(sheet: str, row: int, column: int, length: int) -> Refused:
    where = cell_name(sheet, row, column)
    return Refused(
        "cell_too_long",
        f"单元格 {where} 超过 {MAX_CELL_CHARS} 个字符（Excel 单元格上限）",
        f"cell {where} holds more than {MAX_CELL_CHARS} characters (Excel's limit for a cell)"
        + (f": {length}" if length else ""),
        At(sheet, row, column),
    )


def too_many_rows(sheet: str) -> Refused:
    return Refused(
        "too_many_rows",
        f"工作表「{sheet}」超过 {MAX_ROWS} 行",
        f"sheet '{sheet}' has more than {MAX_ROWS} rows",
        At(sheet),
    )


def too_many_cells(sheet: str) -> Refused:
    return Refused(
        "too_many_cells",
        f"文件中有内容的单元格超过 {MAX_CELLS} 个（在工作表「{sheet}」处超出）",
        f"the file holds more than {MAX_CELLS} filled cells (exceeded in sheet '{sheet}')",
        At(sheet),
    )


def too_far_right(sheet: str, row: int, column: int) -> Refused:
    where = cell_name(sheet, row, column)
    return Refused(
        "too_many_columns",
        f"单元格 {where} 超出第 {MAX_COLUMNS} 列；最多读取 {MAX_COLUMNS} 列",
        f"cell {where} is beyond column {MAX_COLUMNS}; at most {MAX_COLUMNS} columns are read",
        At(sheet, row, column),
    )
