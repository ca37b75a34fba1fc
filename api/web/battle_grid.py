"""The battle map page's grid and its counts as HTML, rendered once per version of what they show
and kept (the page around them is rendered per request: header, menu, filter form, banner).

A district's grid is 6,000 cells and a megabyte of HTML: parsing the JSON battle map and
rendering it took a fifth of a second a request. Now the parts are kept in the read caches
under the JSON battle map's own key (the read model's position, the day, the caller's sight,
the filters) together with everything else the templates read: the language, the wall mode and
the user's role and unit (which links are offered). Two users share kept parts only when they
would be shown the same ones, so nobody is served a grid drawn for someone who may see more.

When the read model moves, the grid is put together again from the battle map's pieces (the
model, not its JSON), each cell's HTML kept by the cell's own JSON bytes: what a cell shows is
exactly what those bytes say, so only the cells that changed are rendered again.
"""

from __future__ import annotations

import sys
import threading
from collections import Counter
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import Any
from uuid import UUID

from markupsafe import Markup

from api.auth import Role, User
from api.presenters.battlemap import (
    Filters,
    Rows,
    battle_map_fetch,
    battle_map_rows,
    battle_map_version,
)
from api.presenters.cache import Cache
from api.schemas.battlemap import CellOut
from api.services import Services
from api.web import i18n
from api.web.render import ENV
from domain.values import Status

STATUSES = [s.value for s in Status]
# Who is offered every task's burn-up link; a lead unit is offered its own tasks' only.
EVERY_BURNUP = frozenset({Role.COORDINATOR, Role.EVALUATOR, Role.LEADER, Role.ADMIN})
MARK = "<!--burn-up-->"  # only a template writes it: a user's text would be escaped
# Locks of its own: the JSON answers need not wait behind a page being put together.
_STRIPES = [threading.Lock() for _ in range(64)]


@dataclass(frozen=True)
class GridParts:
    counts: Markup  # the cells shown, counted by status
    grid: Markup  # the table of campaigns by tasks


@dataclass(frozen=True)
class CellHtml:
    """One cell as HTML: the burn-up link (empty when the cell has none) between the rest."""

    head: str
    link: str
    tail: str
    lead_units: frozenset[str]


@dataclass(frozen=True)
class Row:
    id: UUID
    code: str
    name: str
    count: int
    cells: Markup


def grid_parts(
    svc: Services, user: User, filters: Filters, on: date, lang: str, wall: bool
) -> GridParts:
    """The grid `user` may see on `on`, as HTML: kept, or put together (then kept)."""
    cache: Cache[Any] = svc.caches.pages
    viewer = User("", user.unit, user.role)  # all the templates may read of the user

    def key_of(shown: Hashable) -> Hashable:
        return ("battle-map page", shown, lang, wall, viewer.role, viewer.unit)

    with svc.readmodel.read() as queries:  # a short read of versions only
        shown, _ = battle_map_version(svc, queries, user, filters, on)
    if (parts := cache.get(key_of(shown))) is not None:
        return parts
    with _STRIPES[hash(key_of(shown)) % len(_STRIPES)]:  # many at once for one key: once
        with svc.readmodel.read() as queries:
            shown, probe = battle_map_version(svc, queries, user, filters, on)  # it may move
            if (parts := cache.get(key_of(shown))) is not None:
                return parts
            fetched = battle_map_fetch(svc, queries, filters, on, probe)
        # The transaction is closed: nothing below holds the database.
        rows = battle_map_rows(svc, filters, on, fetched)
        parts = render_parts(svc.caches.cells, rows, viewer, lang, wall)
        size = sys.getsizeof(parts.counts) + sys.getsizeof(parts.grid)
        return cache.put(key_of(shown), parts, size)


def render_parts(cells: Cache[Any], rows: Rows, viewer: User, lang: str, wall: bool) -> GridParts:
    t = partial(i18n.translate, lang=lang)
    counted = Counter(p.status.value for _, pieces in rows for p in pieces)
    every = viewer.role in EVERY_BURNUP
    own = viewer.unit if viewer.role is Role.LEAD_UNIT else None
    shown = []
    for campaign, pieces in rows:
        html = []
        for piece in pieces:
            cell = cell_html(cells, piece.cell, campaign.id, lang)
            offered = not wall and (every or own in cell.lead_units)
            html.append(cell.head + cell.link + cell.tail if offered else cell.head + cell.tail)
        joined = Markup("".join(html))
        shown.append(Row(campaign.id, campaign.code, campaign.name, len(pieces), joined))
    context = {"user": viewer, "wall": wall, "statuses": STATUSES, "t": t}
    counts = ENV.get_template("battlemap_counts.html").render(context, counts=counted)
    grid = ENV.get_template("battlemap_grid.html").render(context, shown=shown)
    return GridParts(Markup(counts), Markup(grid))


def cell_html(cells: Cache[Any], cell: bytes, campaign: UUID, lang: str) -> CellHtml:
    """The cell whose battle-map JSON is `cell` as HTML in `lang`: kept, or rendered."""
    key = (cell, campaign, lang)
    if (found := cells.get(key)) is not None:
        return found
    shown = CellOut.model_validate_json(cell)
    html = ENV.get_template("battlemap_cell.html").render(
        c=shown,
        campaign=campaign,
        mark=Markup(MARK),
        t=partial(i18n.translate, lang=lang),
        period=partial(i18n.period, lang=lang),
        figure=i18n.figure,
    )
    head, _, rest = (html + "\n").partition(MARK)  # without a link: all of it is the head
    link, _, tail = rest.partition(MARK)
    found = CellHtml(head, link, tail, frozenset(shown.lead_units))
    size = len(cell) + sum(sys.getsizeof(part) for part in (head, link, tail)) + 300
    return cells.put(key, found, size)
