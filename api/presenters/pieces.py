"""Each task judged and rendered once per change: the pieces the portfolio, campaign and
battle-map views are put together from.

A piece is one task's `TaskOut` and its battle-map cell as JSON bytes with its status, kept
under (variant, task id, task `touched`, the campaign's start, the day): `full` as its own units
and the task force read it, `published` as the battle map shows it to every other unit
(api/presenters/visibility.py). A report stored moves the task's `touched`, a new day changes
the key, so a piece is never served stale; between the two, a request only joins bytes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import UUID

from api.presenters.cache import Cache
from api.presenters.campaigns import task_out
from api.presenters.cells import binding, cell_of
from api.presenters.visibility import PUBLISHED, accepted_only, published
from api.schemas.campaigns import TaskOut
from domain.values import Status
from domain.views import CampaignRow, PeriodRow, SupervisionRow, TaskRow, missing_overdue
from infra.readmodel.queries import Queries, TaskHead


@dataclass(frozen=True)
class Piece:
    status: Status
    problem: str  # why the task is not computable
    missing: int  # overdue reports still missing
    json: bytes  # the task's TaskOut
    cell: bytes  # the task's battle-map cell (CellOut)
    binding: bool  # the task has a binding (约束性) indicator


@dataclass
class Missing:
    """What a request must fetch (inside its read transaction) to render the pieces it lacks."""

    campaigns: dict[UUID, CampaignRow]
    wanted: list[tuple[str, TaskHead]]
    tasks: dict[UUID, TaskRow]
    periods: dict[UUID, list[PeriodRow]]
    supervisions: dict[UUID, SupervisionRow]


def key(variant: str, campaign: CampaignRow, head: TaskHead | TaskRow, on: date) -> Hashable:
    return (variant, head.id, head.touched, campaign.start_period, on)


def look_up(
    cache: Cache[Piece],
    campaigns: dict[UUID, CampaignRow],
    wanted: Iterable[tuple[str, TaskHead | TaskRow]],
    on: date,
    found: dict[tuple[str, UUID], Piece],
) -> list[tuple[str, TaskHead]]:
    """Fill `found` from the cache; return the (variant, task) pairs it lacks."""
    lacking: list[tuple[str, Any]] = []
    for variant, head in wanted:
        piece = cache.get(key(variant, campaigns[head.campaign_id], head, on))
        if piece is None:
            lacking.append((variant, head))
        else:
            found[(variant, head.id)] = piece
    return lacking


def fetch(
    queries: Queries, campaigns: dict[UUID, CampaignRow], lacking: list[tuple[str, TaskHead]]
) -> Missing:
    """The rows the lacking pieces are computed from, in the caller's read transaction."""
    ids = sorted({head.id for _, head in lacking})
    periods: dict[UUID, list[PeriodRow]] = {i: [] for i in ids}
    for row in queries.periods_of_tasks(ids) if ids else ():
        periods[row.task_id].append(row)
    return Missing(
        campaigns,
        lacking,
        {t.id: t for t in queries.tasks_with_ids(ids)} if ids else {},
        periods,
        {s.task_id: s for s in queries.open_supervisions_of_tasks(ids)} if ids else {},
    )


def render(
    cache: Cache[Piece], missing: Missing, on: date, found: dict[tuple[str, UUID], Piece]
) -> None:
    """Judge and render the lacking pieces (outside any transaction), keep them and add them to
    `found`."""
    fulls: dict[UUID, TaskOut] = {}
    # A task's rows and judgement are let go after its last piece, so a portfolio's worth of
    # them is never held at once (the allocator keeps the high-water mark).
    uses = Counter(head.id for _, head in missing.wanted)
    for variant, head in missing.wanted:
        task = missing.tasks[head.id]
        campaign = missing.campaigns[task.campaign_id]
        periods = missing.periods[task.id]
        uses[head.id] -= 1
        if not uses[head.id]:
            del missing.tasks[head.id], missing.periods[head.id]
        full = fulls.get(task.id)
        if full is None:
            full = task_out(campaign, task, periods, missing.supervisions.get(task.id), on)
            fulls[task.id] = full
        shown = full
        if variant == PUBLISHED:
            accepted = accepted_only(periods)
            same = accepted == periods
            view = full if same else task_out(campaign, task, accepted, None, on)
            shown = published(full, view)
        body = shown.model_dump_json().encode()
        cell = cell_of(shown).model_dump_json().encode()
        piece = Piece(
            Status(full.status),
            full.status_reason or "",
            len(missing_overdue(periods)),
            body,
            cell,
            binding(full),
        )
        # Keyed by the head, read before the rows: never newer than what was judged.
        kept = key(variant, campaign, head, on)
        found[(variant, task.id)] = cache.put(kept, piece, len(body) + len(cell) + 64)
        if not uses[head.id]:
            fulls.pop(task.id, None)


# What a request found kept, and what it must render (None: nothing).
Lacking = tuple[dict[tuple[str, UUID], Piece], Missing | None]


def pieces_for(
    cache: Cache[Piece],
    queries: Queries,
    campaigns: dict[UUID, CampaignRow],
    wanted: Sequence[tuple[str, TaskHead]],
    on: date,
) -> Lacking:
    """The cached pieces, and what to fetch for the rest (None: nothing lacks)."""
    found: dict[tuple[str, UUID], Piece] = {}
    lacking = look_up(cache, campaigns, wanted, on, found)
    return found, fetch(queries, campaigns, lacking) if lacking else None
