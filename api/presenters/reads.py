"""The read endpoints' answers as JSON bytes: fetch in one short read transaction, close it, then
judge, render and put together, keeping each answer under the database's versions of its rows.

A request first reads only versions (a campaign's `touched`, the read model's position) and the
caller's sight, always before the rows they version, so a key is never newer than its value. An
answer already rendered for them is served as it is; otherwise the request fetches what it
lacks, and the transaction closes before anything is judged or rendered: no read holds the
database while it computes.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Hashable, Sequence
from datetime import date
from typing import Any, TypeVar
from uuid import UUID

from pydantic import BaseModel

from api.auth import User
from api.errors import ApiError
from api.presenters.cache import Cache
from api.presenters.campaigns import campaign_out, status_counts
from api.presenters.monitoring import event_out, inbox, overdue_item
from api.presenters.pieces import Lacking, Piece, look_up, pieces_for, render
from api.presenters.visibility import FULL, PUBLISHED, Sight, events_for
from api.schemas.campaigns import CampaignSummaryOut
from api.services import Services
from domain.units import UnitNames
from domain.values import Period
from domain.views import AssessmentRow, CampaignRow, EventRow, TaskRow
from infra.export.status import Judged, StatusRows, build_status, fetch_status
from infra.export.status_xlsx import status_workbook
from infra.readmodel import Queries
from infra.readmodel.queries import PeriodMark, TaskHead


def json_list(items: Sequence[bytes]) -> bytes:
    return b"[" + b",".join(items) + b"]"


def dump(model: BaseModel) -> bytes:
    return model.model_dump_json().encode()


def sight_of(queries: Queries, user: User) -> tuple[Sight, Hashable]:
    """The caller's sight and its key: everything, or the names the unit answers to by the
    units registry as it stands (a registry change changes the key)."""
    probe = Sight(user, UnitNames())
    if probe.everything:
        return probe, ("all",)
    sight = Sight(user, queries.unit_names())
    return sight, ("unit", sight.answers_to)


def found(queries: Queries, campaign_id: UUID) -> CampaignRow:
    campaign = queries.campaign(campaign_id)
    if campaign is None:
        raise ApiError(404, ["path", "campaign_id"], f"no campaign {campaign_id}", "not_found")
    return campaign


# -- kept answers ------------------------------------------------------------------------------
V = TypeVar("V")
P = TypeVar("P")
F = TypeVar("F")
_STRIPES = [threading.Lock() for _ in range(256)]


def kept(
    svc: Services,
    cache: Cache[V],
    version: Callable[[Queries], tuple[Hashable, P]],
    fetch: Callable[[Queries, P], F],
    compute: Callable[[P, F], tuple[V, int]],
) -> V:
    """The answer under `version`'s key: kept, or fetched and computed (then kept).

    `version` reads the key (and what the rest needs of that first look) before any row it
    versions; `fetch` reads the rows in the same transaction; `compute` runs after it closed and
    gives the answer and its size. Requests that miss the same key at once compute it once: the
    others wait for it (outside any transaction) and take it from the cache."""
    with svc.readmodel.read() as queries:
        key, probe = version(queries)
        if (answer := cache.get(key)) is not None:
            return answer
    with _STRIPES[hash(key) % len(_STRIPES)]:
        if (answer := cache.get(key)) is not None:
            return answer
        with svc.readmodel.read() as queries:
            key, probe = version(queries)  # the rows may have moved while this waited
            if (answer := cache.get(key)) is not None:
                return answer
            fetched = fetch(queries, probe)
        answer, size = compute(probe, fetched)
        return cache.put(key, answer, size)


def _bytes(body: bytes) -> tuple[bytes, int]:
    return body, len(body)


# -- the portfolio ----------------------------------------------------------------------------
# The campaigns, each one's summary as kept (None: to render), the heads of those to render.
Summaries = tuple[list[CampaignRow], dict[UUID, bytes | None], list[TaskHead], Lacking]


def portfolio(svc: Services, on: date) -> bytes:
    """GET /api/campaigns: every campaign with its tasks counted by status on `on`."""

    def version(queries: Queries) -> tuple[Hashable, None]:
        return ("portfolio", queries.position(svc.readmodel.name), on), None

    def fetch(queries: Queries, _: None) -> Summaries:
        campaigns = queries.campaigns()
        kept_ones = {c.id: svc.caches.summaries.get(_summary_key(c, on)) for c in campaigns}
        stale = {c.id: c for c in campaigns if kept_ones[c.id] is None}
        heads: list[TaskHead] = []
        if len(stale) * 4 > len(campaigns):
            heads = [h for h in queries.task_heads() if h.campaign_id in stale]
        else:
            heads = [h for cid in stale for h in queries.task_heads(cid)]
        wanted = [(FULL, h) for h in heads]
        lacking = pieces_for(svc.caches.pieces, queries, stale, wanted, on)
        return campaigns, kept_ones, heads, lacking

    def compute(_: None, fetched: Summaries) -> tuple[bytes, int]:
        campaigns, kept_ones, heads, (pieces, missing) = fetched
        if missing is not None:
            render(svc.caches.pieces, missing, on, pieces)
        by_campaign: dict[UUID, list[TaskHead]] = {}
        for head in heads:
            by_campaign.setdefault(head.campaign_id, []).append(head)
        shown = []
        for campaign in campaigns:
            body = kept_ones[campaign.id]
            if body is None:
                own = by_campaign.get(campaign.id, [])
                body = dump(summary(campaign, own, [pieces[(FULL, h.id)] for h in own]))
                svc.caches.summaries.put(_summary_key(campaign, on), body, len(body))
            shown.append(body)
        return _bytes(json_list(shown))

    return kept(svc, svc.caches.answers, version, fetch, compute)


def _summary_key(campaign: CampaignRow, on: date) -> Hashable:
    return (campaign.id, campaign.touched, on)


def summary(
    campaign: CampaignRow, heads: list[TaskHead], pieces: list[Piece]
) -> CampaignSummaryOut:
    return CampaignSummaryOut(
        id=campaign.id,
        code=campaign.code,
        name=campaign.name,
        task_force=campaign.task_force,
        year=campaign.year,
        phase=campaign.phase.value,
        launched_on=campaign.launched_on,
        tasks=len(heads),
        status_counts=status_counts(p.status for p in pieces),
        missing_overdue_reports=sum(p.missing for p in pieces),
        open_supervisions=sum(1 for h in heads if h.open_supervision),
    )


# -- one campaign -----------------------------------------------------------------------------
_TASKS = b'"tasks":[]'


def campaign(svc: Services, user: User, campaign_id: UUID, on: date) -> bytes:
    """GET /api/campaigns/{id}: each task as the caller may read it, judged on `on`."""

    def version(queries: Queries) -> tuple[Hashable, tuple[CampaignRow, Sight]]:
        row = found(queries, campaign_id)
        sight, seen = sight_of(queries, user)
        return ("campaign", row.id, row.touched, on, seen), (row, sight)

    def fetch(
        queries: Queries, probe: tuple[CampaignRow, Sight]
    ) -> tuple[list[TaskHead], list[str], Lacking, list[AssessmentRow]]:
        row, sight = probe
        heads = queries.task_heads(row.id)
        variants = [FULL if sight.in_full(h) else PUBLISHED for h in heads]
        wanted = [(FULL, h) for h in heads]
        wanted += [(v, h) for v, h in zip(variants, heads, strict=True) if v == PUBLISHED]
        lacking = pieces_for(svc.caches.pieces, queries, {row.id: row}, wanted, on)
        return heads, variants, lacking, queries.assessments(row.id)

    def compute(
        probe: tuple[CampaignRow, Sight],
        fetched: tuple[list[TaskHead], list[str], Lacking, list[AssessmentRow]],
    ) -> tuple[bytes, int]:
        row, _ = probe
        heads, variants, (pieces, missing), assessments = fetched
        if missing is not None:
            render(svc.caches.pieces, missing, on, pieces)
        counts = status_counts(pieces[(FULL, h.id)].status for h in heads)
        head = campaign_out(row, [], {}, [], assessments, on)
        frame = dump(head.model_copy(update={"status_counts": counts}))
        shown = [pieces[(v, h.id)].json for v, h in zip(variants, heads, strict=True)]
        before, tasks, after = frame.partition(_TASKS)
        assert tasks, "CampaignOut renders its tasks as a list"
        return _bytes(before + b'"tasks":' + json_list(shown) + after)

    return kept(svc, svc.caches.answers, version, fetch, compute)


def campaign_events(svc: Services, user: User, campaign_id: UUID) -> bytes:
    """GET /api/campaigns/{id}/events: the campaign's event log as the caller may read it."""

    def version(queries: Queries) -> tuple[Hashable, tuple[CampaignRow, Sight]]:
        row = found(queries, campaign_id)
        sight, seen = sight_of(queries, user)
        return ("events", row.id, row.touched, seen), (row, sight)

    def fetch(
        queries: Queries, probe: tuple[CampaignRow, Sight]
    ) -> tuple[list[EventRow], list[TaskHead]]:
        row, sight = probe
        return queries.events(row.id), [] if sight.everything else queries.task_heads(row.id)

    def compute(
        probe: tuple[CampaignRow, Sight], fetched: tuple[list[EventRow], list[TaskHead]]
    ) -> tuple[bytes, int]:
        shown = events_for(probe[1], *fetched)
        return _bytes(json_list([dump(event_out(e)) for e in shown]))

    return kept(svc, svc.caches.answers, version, fetch, compute)


# -- across the portfolio -----------------------------------------------------------------------
# A task's overdue items: (due on, campaign id, the item's JSON), kept per task `touched`.
Items = list[tuple[str, str, bytes]]
Overdue = tuple[list[TaskHead], dict[UUID, Items], list[PeriodMark], dict[UUID, CampaignRow]]


def overdue(svc: Services, user: User) -> bytes:
    """GET /api/overdue: every report marked overdue, of the caller's own tasks if a unit."""

    def version(queries: Queries) -> tuple[Hashable, Sight]:
        sight, seen = sight_of(queries, user)
        return ("overdue", queries.position(svc.readmodel.name), seen), sight

    def fetch(queries: Queries, _: Sight) -> Overdue:
        campaigns = {c.id: c for c in queries.campaigns()}
        heads = queries.task_heads()
        known: dict[UUID, Items] = {}
        for head in heads:
            items = svc.caches.overdue.get(_items_key(campaigns[head.campaign_id], head))
            if items is not None:
                known[head.id] = items
        lacking = [h.id for h in heads if h.id not in known]
        if len(lacking) * 2 > len(heads):
            periods = queries.overdue()
        else:
            periods = queries.overdue_of_tasks(lacking)
        return heads, known, periods, campaigns

    def compute(sight: Sight, fetched: Overdue) -> tuple[bytes, int]:
        heads, known, periods, campaigns = fetched
        rendered: dict[UUID, Items] = {h.id: [] for h in heads if h.id not in known}
        by_id = {h.id: h for h in heads}
        for p in periods:
            if p.task_id in rendered and p.overdue_on is not None:
                item = dump(overdue_item(campaigns[p.campaign_id], by_id[p.task_id], p))
                rendered[p.task_id].append((str(p.due_on), str(p.campaign_id), item))
        for task_id, items in rendered.items():
            head = by_id[task_id]
            size = sum(len(i[2]) + 100 for i in items)
            svc.caches.overdue.put(_items_key(campaigns[head.campaign_id], head), items, size)
        every = {**known, **rendered}
        shown = [item for head in sight.own(heads) for item in every[head.id]]
        shown.sort(key=lambda item: item[:2])  # by due date, then campaign: the delay list's order
        return _bytes(json_list([item[2] for item in shown]))

    return kept(svc, svc.caches.answers, version, fetch, compute)


def _items_key(campaign: CampaignRow, head: TaskHead) -> Hashable:
    return ("overdue", head.id, head.touched, campaign.code, campaign.name)


def unit_inbox(svc: Services, unit: str) -> bytes:
    """GET /api/units/{unit}/inbox: what the tasks the unit leads wait for."""

    def version(queries: Queries) -> tuple[Hashable, frozenset[str]]:
        answers_to = queries.unit_names().names_for(unit)
        return ("inbox", queries.position(svc.readmodel.name), unit, answers_to), answers_to

    def fetch(queries: Queries, answers_to: frozenset[str]) -> tuple[Any, ...]:
        heads = queries.task_heads_led_by(answers_to)
        return (
            {c.id: c for c in queries.campaigns()},
            heads,
            queries.periods_led_by(answers_to),
            queries.reminders_led_by(answers_to),
            queries.open_supervisions_of_tasks([h.id for h in heads]),
            queries.follow_ups_owed_by(answers_to),
        )

    def compute(_: frozenset[str], fetched: tuple[Any, ...]) -> tuple[bytes, int]:
        campaigns, heads, periods, reminders, supervisions, follow_ups = fetched
        supervisions.sort(key=lambda s: (s.opened_on, str(s.task_id)))
        shown = inbox(unit, campaigns, heads, periods, reminders, supervisions, follow_ups)
        return _bytes(dump(shown))

    return kept(svc, svc.caches.answers, version, fetch, compute)


# -- the status workbook ------------------------------------------------------------------------


def status_workbook_of(
    svc: Services, unit: str | None, on: date, period: str | None
) -> tuple[bytes, str]:
    """The status workbook (.xlsx bytes) and the period it reports: the whole portfolio, or the
    tasks `unit` leads."""
    if period is not None:
        period = str(Period.parse(period))

    def version(queries: Queries) -> tuple[Hashable, None]:
        names = queries.unit_names().names_for(unit) if unit else None
        return ("status", queries.position(svc.readmodel.name), on, period, unit, names), None

    def known(campaigns: list[CampaignRow], tasks: list[TaskRow]) -> dict[UUID, Judged]:
        found: dict[tuple[str, UUID], Piece] = {}
        by_id = {c.id: c for c in campaigns}
        look_up(svc.caches.pieces, by_id, [(FULL, t) for t in tasks], on, found)
        return {tid: (p.status, p.problem) for (_, tid), p in found.items()}

    def fetch(queries: Queries, _: None) -> StatusRows:
        return fetch_status(queries, on, period, unit, known)

    def compute(_: None, rows: StatusRows) -> tuple[tuple[bytes, str], int]:
        report = build_status(rows, on, unit)
        content = status_workbook(report)
        return (content, report.period), len(content)

    return kept(svc, svc.caches.exports, version, fetch, compute)
