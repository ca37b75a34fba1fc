"""A sheet as the readers hand it over: cell values by row, merged cells already filled in."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from infra.importer.limits import MAX_COLUMNS, MAX_ROWS, Refused
from infra.importer.problems import At

Value = str | int | float | Decimal | date | datetime | bool | None
Cell = tuple[int, int]  # (row index, column index), both 0-based


def cell_text(value: Value) -> str:
    """A cell as the reader sees it: numbers without a trailing .0, dates ISO, text stripped."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


@dataclass
class Grid:
    """Row index 0 is Excel row 1. A cell inside a merged range holds the range's value and
    remembers the range's top-left cell (`origin`), so carried values can be told from repeats."""

    sheet: str
    rows: list[list[Value]]
    merged: dict[Cell, Cell] = field(default_factory=dict)

    def value(self, row: int, column: int | None) -> Value:
        if column is None or row >= len(self.rows) or column >= len(self.rows[row]):
            return None
        return self.rows[row][column]

    def text(self, row: int, column: int | None) -> str:
        return cell_text(self.value(row, column))

    def origin(self, row: int, column: int | None) -> Cell | None:
        """The top-left cell of the merged range holding (row, column); None if not merged."""
        return None if column is None else self.merged.get((row, column))

    def is_blank_row(self, row: int) -> bool:
        return not any(cell_text(v) for v in self.rows[row])

    def is_empty(self) -> bool:
        return all(self.is_blank_row(r) for r in range(len(self.rows)))

    def fill_merged(self, ranges: list[tuple[int, int, int, int]]) -> None:
        """Copy each range's (min_row, min_col, max_row, max_col; 0-based) top-left value into
        its cells, clipped to the rows and columns the sheet has; ranges that overlap are
        refused before they add up to more cells than the sheet can hold."""
        width = max((len(r) for r in self.rows), default=0)
        filled = 0
        for min_row, min_col, max_row, max_col in ranges:
            if min_row >= len(self.rows):
                continue
            rows = min(max_row, len(self.rows) - 1) + 1 - min_row
            filled += max(rows, 0) * max(min(max_col, width - 1) + 1 - min_col, 0)
            if filled > MAX_ROWS * MAX_COLUMNS:
                raise Refused(
                    "too_many_cells",
                    f"工作表「{self.sheet}」的合并单元格合计超过 {MAX_ROWS * MAX_COLUMNS} 格",
                    f"sheet '{self.sheet}' merges more than {MAX_ROWS * MAX_COLUMNS} cells in all",
                    At(self.sheet),
                )
            top = self.value(min_row, min_col)
            for r in range(min_row, min(max_row, len(self.rows) - 1) + 1):
                row = self.rows[r]
                for c in range(min_col, min(max_col, width - 1) + 1):
                    row.extend([None] * (c + 1 - len(row)))
                    row[c] = top
                    self.merged[(r, c)] = (min_row, min_col)
