"""GET /api/battle-map: every campaign's tasks in one grid, filtered, as JSON bytes.

Put together from the same pieces as the campaign views (api/presenters/pieces.py): each task is
judged once per change of its row or of the day, and a request for a grid it has not seen joins
cells. A unit sees its own tasks in full and every other task as the battle map publishes it.
"""

from __future__ import annotations

from collections.abc import Hashable
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from api.auth import User
from api.errors import ApiError
from api.presenters.campaigns import status_counts
from api.presenters.pieces import Lacking, Piece, pieces_for, render
from api.presenters.reads import dump, json_list, kept, sight_of
from api.presenters.visibility import FULL, PUBLISHED, Sight
from api.schemas.battlemap import BattleMapOut, BattleRowOut
from api.services import Services
from domain.units import normalize_unit
from domain.values import Status
from domain.views import CampaignRow
from infra.readmodel import Queries
from infra.readmodel.queries import TaskHead

_CELLS = b'"cells":[]'
_CAMPAIGNS = b'"campaigns":[]'


@dataclass(frozen=True)
class Filters:
    """What the grid is narrowed to; None: not narrowed."""

    campaign: UUID | None = None
    unit: str | None = None
    status: Status | None = None
    binding: bool | None = None

    def shown(self) -> dict[str, str]:
        given = {
            "campaign": self.campaign,
            "unit": self.unit,
            "status": self.status,
            "binding": None if self.binding is None else str(self.binding).lower(),
        }
        return {name: str(value) for name, value in given.items() if value is not None}

    def keeps(self, piece: Piece) -> bool:
        return (self.status is None or piece.status is self.status) and (
            self.binding is None or piece.binding is self.binding
        )


Probe = tuple[Sight, frozenset[str] | None]
Fetched = tuple[list[CampaignRow], list[tuple[str, TaskHead]], Lacking]


def battle_map_version(
    svc: Services, queries: Queries, user: User, filters: Filters, on: date
) -> tuple[Hashable, Probe]:
    """The key of the grid `user` may see (read before any row it versions), and the caller's
    sight with the names the unit filter stands for."""
    sight, seen = sight_of(queries, user)
    names = queries.unit_names().names_for(filters.unit) if filters.unit else None
    position = queries.position(svc.readmodel.name)
    return ("battle-map", position, on, seen, filters, names), (sight, names)


def battle_map_fetch(
    svc: Services, queries: Queries, filters: Filters, on: date, probe: Probe
) -> Fetched:
    """The campaigns and tasks the grid shows and their pieces (kept, or the rows to render the
    rest from), in the caller's read transaction."""
    sight, names = probe
    if filters.campaign is None:
        campaigns = queries.campaigns()
    elif (one := queries.campaign(filters.campaign)) is not None:
        campaigns = [one]
    else:
        raise ApiError(
            404, ["query", "campaign"], f"没有该专项行动 / no campaign {filters.campaign}",
            "not_found",
        )  # fmt: skip
    heads = queries.task_heads(filters.campaign)
    if names is not None:
        heads = [h for h in heads if _involves(h, names)]
    wanted = [(FULL if sight.in_full(h) else PUBLISHED, h) for h in heads]
    lacking = pieces_for(svc.caches.pieces, queries, {c.id: c for c in campaigns}, wanted, on)
    return campaigns, wanted, lacking


Rows = list[tuple[CampaignRow, list[Piece]]]


def battle_map_rows(svc: Services, filters: Filters, on: date, fetched: Fetched) -> Rows:
    """Each campaign with a cell shown and its cells' pieces, in the grid's order (the lacking
    pieces judged and rendered here, after the transaction closed)."""
    campaigns, wanted, (pieces, missing) = fetched
    if missing is not None:
        render(svc.caches.pieces, missing, on, pieces)
    by_campaign: dict[UUID, list[Piece]] = {}
    for variant, head in wanted:
        piece = pieces[(variant, head.id)]
        if filters.keeps(piece):
            by_campaign.setdefault(head.campaign_id, []).append(piece)
    return [(c, by_campaign[c.id]) for c in campaigns if c.id in by_campaign]


def battle_map(svc: Services, user: User, filters: Filters, on: date) -> bytes:
    """The grid as `user` may see it, judged on `on`."""

    def version(queries: Queries) -> tuple[Hashable, Probe]:
        return battle_map_version(svc, queries, user, filters, on)

    def fetch(queries: Queries, probe: Probe) -> Fetched:
        return battle_map_fetch(svc, queries, filters, on, probe)

    def compute(_: Probe, fetched: Fetched) -> tuple[bytes, int]:
        rows = battle_map_rows(svc, filters, on, fetched)
        frame = dump(
            BattleMapOut(
                on=on,
                filters=filters.shown(),
                status_counts=status_counts(p.status for _, found in rows for p in found),
                campaigns=[],
            )
        )
        before, empty, after = frame.partition(_CAMPAIGNS)
        assert empty, "BattleMapOut renders its campaigns as a list"
        body = before + b'"campaigns":' + json_list([_row(c, found) for c, found in rows]) + after
        return body, len(body)

    return kept(svc, svc.caches.answers, version, fetch, compute)


def _involves(head: TaskHead, names: frozenset[str]) -> bool:
    return any(normalize_unit(u) in names for u in (*head.lead_units, *head.supporting_units))


def _row(campaign: CampaignRow, pieces: list[Piece]) -> bytes:
    frame = dump(
        BattleRowOut(
            id=campaign.id,
            code=campaign.code,
            name=campaign.name,
            phase=campaign.phase.value,
            status_counts=status_counts(p.status for p in pieces),
            cells=[],
        )
    )
    before, empty, after = frame.partition(_CELLS)
    assert empty, "BattleRowOut renders its cells as a list"
    return before + b'"cells":' + json_list([p.cell for p in pieces]) + after
