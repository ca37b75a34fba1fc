"""How a table lays its campaigns out around the tasks: a title row above the header, a
header repeated below (a table continued over a page), a campaign's own row (一、… alone, or a
Chinese numeral in the number column), a row holding only a campaign cell."""

from __future__ import annotations

import re

from infra.importer.drafts import Reading
from infra.importer.grid import Grid
from infra.importer.headers import Header, Role, read_header
from infra.importer.numerals import fold, numbered

_DEFAULT_SHEET = re.compile(r"^(sheet|工作表)\s*\d*$", re.IGNORECASE)
_TITLE_NOISE = re.compile(r"^附件\s*\d*\s*[:：]?\s*")


def default_campaign(grid: Grid, header: Header, reading: Reading) -> str:
    """The campaign of rows that name none: the title above the header, else the sheet's
    name, else the file's name."""
    for r in range(header.row):
        texts = [grid.text(r, c) for c in range(len(grid.rows[r])) if grid.text(r, c)]
        if texts:
            return _TITLE_NOISE.sub("", fold(texts[0])) or texts[0]
    if not _DEFAULT_SHEET.match(grid.sheet):
        return grid.sheet
    return reading.options.filename.rsplit(".", 1)[0] or reading.options.filename


def carried_only(grid: Grid, r: int) -> bool:
    """Every filled cell of the row is a merged cell begun above it: nothing new is said."""
    filled = [c for c in range(len(grid.rows[r])) if grid.text(r, c)]
    return all((origin := grid.origin(r, c)) is not None and origin[0] < r for c in filled)


def repeats_header(grid: Grid, r: int, header: Header) -> bool:
    """A header row repeated below (a table continued on the next page)."""
    again = read_header(grid, r).columns
    return len(again) >= 2 and all(header.columns.get(role) == c for role, c in again.items())


def _texts(grid: Grid, r: int) -> list[str]:
    return [t for t in (grid.text(r, c) for c in range(len(grid.rows[r]))) if t]


def campaign_row(grid: Grid, r: int, header: Header) -> tuple[int | None, str] | None:
    """A campaign's own row: one text alone ("一、建筑垃圾整治", or merged across the row),
    or a Chinese numeral in the number column with a title and no lead unit."""
    texts = _texts(grid, r)
    if len(set(texts)) == 1:
        number, name = numbered(texts[0])
        origins = {grid.origin(r, c) for c in range(len(grid.rows[r])) if grid.text(r, c)}
        spans = len(texts) > 1 and len(origins) == 1 and None not in origins
        if number is not None and name or spans:
            return (number, name) if number is not None else (None, fold(texts[0]))
        return None
    if header.has(Role.CAMPAIGN) or grid.text(r, header.columns.get(Role.LEAD)):
        return None
    cell = fold(grid.text(r, header.columns.get(Role.NUMBER)))
    number, rest = numbered(cell)
    if number is None or rest or cell.isdigit():
        return None
    title = grid.text(r, header.columns.get(Role.TASK, header.columns.get(Role.INDICATOR)))
    return (number, fold(title)) if title else None


def campaign_columns(header: Header) -> list[int]:
    """The campaign column, and those its merged header spans (number, then name)."""
    first = header.columns.get(Role.CAMPAIGN)
    return [] if first is None else [first, *header.spans.get(Role.CAMPAIGN, ())]


def campaign_cell(grid: Grid, r: int, header: Header) -> tuple[int | None, str]:
    """The campaign a row names in its campaign column(s): "一、整治" in one cell, or "一" in
    one and "整治" in the next under a header merged over both; (None, "") when it names none.
    A numeral alone, with no name beside it, is the campaign's name as well as its number."""
    columns = campaign_columns(header)
    if not columns:
        return None, ""
    first, origin = grid.text(r, columns[0]), grid.origin(r, columns[0])
    beside = [
        grid.text(r, c)
        for c in columns[1:]
        if grid.text(r, c) and (origin is None or grid.origin(r, c) != origin)
    ]
    number, name = numbered(first) if first else (None, "")
    name = name or " ".join(fold(t) for t in beside) or fold(first)
    return number, name


def only_campaign(grid: Grid, r: int, header: Header) -> bool:
    columns = campaign_columns(header)
    return bool(columns) and all(
        c in columns or not grid.text(r, c) for c in range(len(grid.rows[r]))
    )
