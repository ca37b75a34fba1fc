"""The battle map page's grid and its counts as HTML, rendered once per version of what they show
and kept (the page around them is rendered per request: header, menu, filter form, banner).

A district's grid is 6,000 cells and a megabyte of HTML: judging, joining, parsing and rendering
it took a fifth of a second a request. The parts are kept in the read caches under the JSON
battle map's own key (the read model's position, the day, the caller's sight, the filters)
together with everything else the templates read: the language, the wall mode and the user's
role and unit (which links a cell offers). Two users share a kept grid only when they would be
shown the same one, so nobody is served a grid drawn for someone who may see more.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from functools import partial

from markupsafe import Markup

from api.auth import User
from api.presenters.battlemap import Filters, battle_map, battle_map_version
from api.presenters.cache import Cache
from api.schemas.battlemap import BattleMapOut
from api.services import Services
from api.web import i18n
from api.web.render import ENV
from domain.values import Status

STATUSES = [s.value for s in Status]
# Not the presenters' locks: a miss here computes the JSON battle map, which takes those.
_STRIPES = [threading.Lock() for _ in range(64)]


@dataclass(frozen=True)
class GridParts:
    counts: Markup  # the cells shown, counted by status
    grid: Markup  # the table of campaigns by tasks


def grid_parts(
    svc: Services, user: User, filters: Filters, on: date, lang: str, wall: bool
) -> GridParts:
    """The grid `user` may see on `on`, as HTML: kept, or rendered (then kept)."""
    cache: Cache[GridParts] = svc.caches.pages
    viewer = User("", user.unit, user.role)  # all the templates may read of the user

    def key_now() -> Hashable:
        # A short read of versions only: the key is never newer than what is rendered under it.
        with svc.readmodel.read() as queries:
            shown, _ = battle_map_version(svc, queries, user, filters, on)
        return ("battle-map page", shown, lang, wall, viewer.role, viewer.unit)

    key = key_now()
    if (parts := cache.get(key)) is not None:
        return parts
    with _STRIPES[hash(key) % len(_STRIPES)]:  # many at once for one key: rendered once
        if (parts := cache.get(key)) is not None:
            return parts
        key = key_now()  # the rows may have moved while this waited
        if (parts := cache.get(key)) is not None:
            return parts
        # No transaction is open while the grid is rendered: battle_map closes its own.
        parts = render_parts(BattleMapOut.model_validate_json(battle_map(svc, user, filters, on)),
                             viewer, lang, wall)  # fmt: skip
        return cache.put(key, parts, sys.getsizeof(parts.counts) + sys.getsizeof(parts.grid))


def render_parts(grid: BattleMapOut, user: User, lang: str, wall: bool) -> GridParts:
    """The grid's HTML from the templates, with only what the key holds."""
    context = {
        "grid": grid,
        "user": user,
        "wall": wall,
        "statuses": STATUSES,
        "t": partial(i18n.translate, lang=lang),
        "period": partial(i18n.period, lang=lang),
        "figure": i18n.figure,
    }
    return GridParts(
        Markup(ENV.get_template("battlemap_counts.html").render(context)),
        Markup(ENV.get_template("battlemap_grid.html").render(context)),
    )
