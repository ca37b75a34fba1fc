"""The read endpoints' answers as JSON bytes: fetch in one short read transaction, close it, then
judge, render and put together, keeping each answer under the database's versions of its rows.

A request first reads only versions (a campaign's `touched`, the read model's position) and the
caller's sight, always before the rows they version, so a key is never newer than its value. An
answer already rendered for them is served as it is; otherwise the request fetches what it
lacks, and the transaction closes before anything is judged or rendered: no read holds the
database while it computes.
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from datetime import date
from uuid import UUID

from pydantic import BaseModel

from api.auth import User
from api.errors import ApiError
from api.presenters.campaigns import campaign_out, status_counts
from api.presenters.monitoring import event_out, inbox, overdue_item
from api.presenters.pieces import FULL, PUBLISHED, Piece, look_up, pieces_for, render
from api.presenters.visibility import Sight, events_for
from api.schemas.campaigns import CampaignSummaryOut
from api.services import Services
from domain.units import UnitNames
from domain.values import Period
from domain.views import CampaignRow
from infra.export.status import build_status, fetch_status
from infra.export.status_xlsx import status_workbook
from infra.readmodel import Queries
from infra.readmodel.queries import TaskHead


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
    names = queries.unit_names()
    return Sight(user, names), ("unit", names.names_for(user.unit))


def found(queries: Queries, campaign_id: UUID) -> CampaignRow:
    campaign = queries.campaign(campaign_id)
    if campaign is None:
        raise ApiError(404, ["path", "campaign_id"], f"no campaign {campaign_id}", "not_found")
    return campaign


# -- the portfolio ----------------------------------------------------------------------------
def portfolio(svc: Services, on: date) -> bytes:
    """GET /api/campaigns: every campaign with its tasks counted by status on `on`."""
    with svc.readmodel.read() as queries:
        answer_key = ("portfolio", queries.position(svc.readmodel.name), on)
        if (answer := svc.caches.answers.get(answer_key)) is not None:
            return answer
        campaigns = queries.campaigns()
        summaries = {c.id: svc.caches.summaries.get((c.id, c.touched, on)) for c in campaigns}
        stale = {c.id: c for c in campaigns if summaries[c.id] is None}
        heads: list[TaskHead] = []
        if stale:
            if len(stale) * 4 > len(campaigns):
                heads = [h for h in queries.task_heads() if h.campaign_id in stale]
            else:
                heads = [h for cid in stale for h in queries.task_heads(cid)]
            wanted = [(FULL, h) for h in heads]
            pieces, missing = pieces_for(svc.caches.pieces, queries, stale, wanted, on)
    if stale:
        if missing is not None:
            render(svc.caches.pieces, missing, on, pieces)
        for campaign in stale.values():
            own = [h for h in heads if h.campaign_id == campaign.id]
            body = dump(summary(campaign, own, [pieces[(FULL, h.id)] for h in own]))
            kept = (campaign.id, campaign.touched, on)
            summaries[campaign.id] = svc.caches.summaries.put(kept, body, len(body))
    body = json_list([summaries[c.id] or b"" for c in campaigns])
    return svc.caches.answers.put(answer_key, body, len(body))


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
    with svc.readmodel.read() as queries:
        row = found(queries, campaign_id)
        sight, seen = sight_of(queries, user)
        answer_key = ("campaign", row.id, row.touched, on, seen)
        if (answer := svc.caches.answers.get(answer_key)) is not None:
            return answer
        heads = queries.task_heads(row.id)
        variants = [FULL if sight.in_full(h) else PUBLISHED for h in heads]
        wanted = [(FULL, h) for h in heads]
        wanted += [(v, h) for v, h in zip(variants, heads, strict=True) if v == PUBLISHED]
        pieces, missing = pieces_for(svc.caches.pieces, queries, {row.id: row}, wanted, on)
        assessments = queries.assessments(row.id)
    if missing is not None:
        render(svc.caches.pieces, missing, on, pieces)
    counts = status_counts(pieces[(FULL, h.id)].status for h in heads)
    head = campaign_out(row, [], {}, [], assessments, on)
    frame = dump(head.model_copy(update={"status_counts": counts}))
    shown = [pieces[(v, h.id)].json for v, h in zip(variants, heads, strict=True)]
    before, tasks, after = frame.partition(_TASKS)
    assert tasks, "CampaignOut renders its tasks as a list"
    body = before + b'"tasks":' + json_list(shown) + after
    return svc.caches.answers.put(answer_key, body, len(body))


def campaign_events(svc: Services, user: User, campaign_id: UUID) -> bytes:
    """GET /api/campaigns/{id}/events: the campaign's event log as the caller may read it."""
    with svc.readmodel.read() as queries:
        row = found(queries, campaign_id)
        sight, seen = sight_of(queries, user)
        answer_key = ("events", row.id, row.touched, seen)
        if (answer := svc.caches.answers.get(answer_key)) is not None:
            return answer
        events = queries.events(row.id)
        heads = [] if sight.everything else queries.task_heads(row.id)
    shown = events_for(sight, events, heads)
    body = json_list([dump(event_out(e)) for e in shown])
    return svc.caches.answers.put(answer_key, body, len(body))


# -- across the portfolio -----------------------------------------------------------------------
def overdue(svc: Services, user: User) -> bytes:
    """GET /api/overdue: every report marked overdue, of the caller's own tasks if a unit."""
    with svc.readmodel.read() as queries:
        sight, seen = sight_of(queries, user)
        answer_key = ("overdue", queries.position(svc.readmodel.name), seen)
        if (answer := svc.caches.answers.get(answer_key)) is not None:
            return answer
        campaigns = {c.id: c for c in queries.campaigns()}
        heads = queries.task_heads()
        periods = queries.overdue()
    tasks = {h.id: h for h in sight.own(heads)}
    body = json_list(
        [
            dump(overdue_item(campaigns[p.campaign_id], tasks[p.task_id], p))
            for p in periods
            if p.task_id in tasks
        ]
    )
    return svc.caches.answers.put(answer_key, body, len(body))


def unit_inbox(svc: Services, unit: str) -> bytes:
    """GET /api/units/{unit}/inbox: what the tasks the unit leads wait for."""
    with svc.readmodel.read() as queries:
        answers_to = queries.unit_names().names_for(unit)
        answer_key = ("inbox", queries.position(svc.readmodel.name), unit, answers_to)
        if (answer := svc.caches.answers.get(answer_key)) is not None:
            return answer
        campaigns = {c.id: c for c in queries.campaigns()}
        heads = queries.task_heads_led_by(answers_to)
        periods = queries.periods_led_by(answers_to)
        reminders = queries.reminders_led_by(answers_to)
        supervisions = queries.open_supervisions_of_tasks([h.id for h in heads])
    supervisions.sort(key=lambda s: (s.opened_on, str(s.task_id)))
    body = dump(inbox(unit, campaigns, heads, periods, reminders, supervisions))
    return svc.caches.answers.put(answer_key, body, len(body))


# -- the status workbook ------------------------------------------------------------------------


def status_workbook_of(
    svc: Services, unit: str | None, on: date, period: str | None
) -> tuple[bytes, str]:
    """The status workbook (.xlsx bytes) and the period it reports: the whole portfolio, or the
    tasks `unit` leads."""
    if period is not None:
        period = str(Period.parse(period))
    with svc.readmodel.read() as queries:
        names = queries.unit_names().names_for(unit) if unit else None
        answer_key = ("status", queries.position(svc.readmodel.name), on, period, unit, names)
        if (answer := svc.caches.exports.get(answer_key)) is not None:
            return answer
        rows = fetch_status(queries, unit)
    campaigns = {c.id: c for c in rows.campaigns}
    known: dict[tuple[str, UUID], Piece] = {}
    look_up(svc.caches.pieces, campaigns, [(FULL, t) for t in rows.tasks], on, known)
    judged = {tid: (p.status, p.problem) for (_, tid), p in known.items()}
    report = build_status(rows, on, period, unit, judged)
    content = status_workbook(report)
    return svc.caches.exports.put(answer_key, (content, report.period), len(content))
