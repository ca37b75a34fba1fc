"""What an import found wrong: each problem points at its sheet, row and column, and is said
in Chinese and in English."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from openpyxl.utils import get_column_letter


class Level(StrEnum):
    ERROR = "error"  # the file is refused; nothing is stored
    WARNING = "warning"  # the file imports; the coordinator should look


@dataclass(frozen=True)
class At:
    """A place in the file: a sheet, a row (1-based), a column (0-based); or a YAML path."""

    sheet: str = ""
    row: int | None = None
    column: int | None = None
    field: str = ""

    def col(self, column: int | None) -> At:
        return At(self.sheet, self.row, column, self.field)


@dataclass(frozen=True)
class Problem:
    level: Level
    kind: str  # a stable machine name: missing_header, no_lead_unit, not_a_number, ...
    zh: str
    en: str
    sheet: str = ""
    row: int | None = None  # 1-based, as Excel shows it
    column: str | None = None  # Excel letter: A, B, ..., AA
    field: str = ""  # YAML plans: the path, e.g. campaigns[0].tasks[1].lead_units

    @property
    def cell(self) -> str:
        """Where, as a spreadsheet writes it: `Sheet1!D7`, `Sheet1!7` (a row), `Sheet1`."""
        if self.field:
            return f"{self.sheet}:{self.field}" if self.sheet else self.field
        where = f"{self.column or ''}{self.row or ''}"
        return f"{self.sheet}!{where}" if where else self.sheet


def column_letter(index: int) -> str:
    """0-based column index -> Excel letter."""
    return get_column_letter(index + 1)


@dataclass
class Problems:
    """Collects problems as a file is read; errors and warnings are kept apart."""

    items: list[Problem] = field(default_factory=list)

    def add(self, level: Level, kind: str, zh: str, en: str, at: At) -> None:
        letter = column_letter(at.column) if at.column is not None else None
        self.items.append(Problem(level, kind, zh, en, at.sheet, at.row, letter, at.field))

    def error(self, kind: str, zh: str, en: str, at: At | None = None) -> None:
        self.add(Level.ERROR, kind, zh, en, at or At())

    def warn(self, kind: str, zh: str, en: str, at: At | None = None) -> None:
        self.add(Level.WARNING, kind, zh, en, at or At())

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.level is Level.ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if p.level is Level.WARNING]
