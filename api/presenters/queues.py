"""The task force's queues as JSON bytes: the reports waiting for review (审核), and the supporting
units silent for a period.

Both are kept whole under the read model's position (and the business day, which the waiting
days count from), as the overdue list is: the task force's readers all see the whole portfolio
(api/access.py TASK_FORCE_READERS; the routes refuse anyone else), so no sight enters the key.
A miss fetches the rows the answer is made of and the tasks' heads (never their plans), and
renders after the transaction closed. Each task's silent item is also kept under the task's
`touched`, so a new contribution renders again the one task it changed, not the period's
thousands.
"""

from __future__ import annotations

from collections.abc import Hashable
from datetime import date
from decimal import Decimal
from uuid import UUID

from api.presenters.monitoring import task_ref
from api.presenters.reads import dump, json_list, kept
from api.schemas.monitoring import ReviewItem, SilentItem
from api.services import Services
from domain.views import CampaignRow, PeriodRow, silent_supporters
from infra.readmodel import Queries
from infra.readmodel.queries import TaskHead, TaskVersion

# -- the review queue ------------------------------------------------------------------------
Waiting = tuple[list[PeriodRow], dict[UUID, TaskHead], dict[UUID, CampaignRow]]


def review_queue(svc: Services, today: date) -> bytes:
    """GET /api/reviews: every report awaiting acceptance or return, the longest waiting first."""

    def version(queries: Queries) -> tuple[Hashable, None]:
        return ("reviews", queries.position(svc.readmodel.name), today), None

    def fetch(queries: Queries, _: None) -> Waiting:
        waiting = queries.awaiting_review()
        heads = queries.task_heads_with_ids(sorted({p.task_id for p in waiting}))
        return waiting, {h.id: h for h in heads}, {c.id: c for c in queries.campaigns()}

    def compute(_: None, fetched: Waiting) -> tuple[bytes, int]:
        waiting, heads, campaigns = fetched
        body = json_list(
            [
                dump(review_item(campaigns[p.campaign_id], heads[p.task_id], p, today))
                for p in waiting
                if p.task_id in heads and p.submitted_on is not None
            ]
        )
        return body, len(body)

    return kept(svc, svc.caches.answers, version, fetch, compute)


def review_item(campaign: CampaignRow, task: TaskHead, row: PeriodRow, today: date) -> ReviewItem:
    assert row.submitted_on is not None
    return ReviewItem(
        **task_ref(campaign, task),
        period=row.period,
        revision=row.revision,
        submitted_on=row.submitted_on,
        submitted_by=row.submitted_by,
        late=row.late,
        waiting_days=max(0, (today - row.submitted_on).days),
        actuals={code: _figure(v) for code, v in row.actuals.items()},
        progress=row.progress,
        problems=row.problems,
        next_steps=row.next_steps,
        evidence=len(row.evidence),
        returned_before=row.revision > 1,
    )


def _figure(value: Decimal) -> float | None:
    return float(value) if value.is_finite() and abs(value) < 10**15 else None


# -- the silent supporting units -------------------------------------------------------------
# The period asked; the campaigns; the version of every task the period is opened for; each
# one's item as kept (b"": none); the heads of the tasks not kept, and their rows of the period.
Called = tuple[
    str,
    dict[UUID, CampaignRow],
    list[TaskVersion],
    dict[UUID, bytes],
    dict[UUID, TaskHead],
    list[PeriodRow],
]


def silent(svc: Services, on: date, period: str | None, campaign: UUID | None) -> bytes:
    """GET /api/contributions/silent: for one period (default: the latest opened), each task
    whose supporting units have not all said what they did, and which of them have not, by
    campaign then task id. `period`, when given, is a valid YYYY-MM (the route checks it)."""

    def version(queries: Queries) -> tuple[Hashable, None]:
        return ("silent", queries.position(svc.readmodel.name), period, campaign), None

    def fetch(queries: Queries, _: None) -> Called | None:
        called = period if period is not None else queries.latest_periods(on)[1]
        if called is None:
            return None
        campaigns = {c.id: c for c in queries.campaigns()}
        tasks = queries.task_versions_opened(called, campaign)
        known: dict[UUID, bytes] = {}
        for task in tasks:
            item = svc.caches.silent.get(_silent_key(campaigns[task.campaign_id], task, called))
            if item is not None:
                known[task.id] = item
        lacking = [t.id for t in tasks if t.id not in known]
        heads = queries.task_heads_with_ids(lacking) if lacking else []
        rows: list[PeriodRow] = []
        if len(lacking) * 2 > len(tasks):  # most of them: one pass over the period's rows
            rows = queries.period_called_of(called, campaign)
        elif lacking:
            rows = queries.period_called_of(called, tasks=lacking)
        return called, campaigns, tasks, known, {h.id: h for h in heads}, rows

    def compute(_: None, fetched: Called | None) -> tuple[bytes, int]:
        if fetched is None:
            return b"[]", 2
        called, campaigns, tasks, known, heads, rows = fetched
        by_task = {r.task_id: r for r in rows}
        shown: list[bytes] = []
        for task in sorted(tasks, key=lambda t: (str(t.campaign_id), t.id.int)):
            item = known.get(task.id)
            if item is None:
                head = heads[task.id]
                item = _silent_item(campaigns[head.campaign_id], head, by_task.get(head.id))
                key = _silent_key(campaigns[head.campaign_id], head, called)
                svc.caches.silent.put(key, item, len(item))
            if item:
                shown.append(item)
        body = json_list(shown)
        return body, len(body)

    return kept(svc, svc.caches.answers, version, fetch, compute)


def _silent_key(campaign: CampaignRow, task: TaskVersion | TaskHead, period: str) -> Hashable:
    # `touched` moves with every change of the task and of its periods' rows (a contribution,
    # a period opened), so the item moves with them; the campaign's names are in the item too.
    return ("silent", task.id, task.touched, period, campaign.code, campaign.name)


def _silent_item(campaign: CampaignRow, head: TaskHead, row: PeriodRow | None) -> bytes:
    """The task's item for the period as JSON, or b"" when it has none (no row of the period,
    not opened, or every supporting unit has contributed)."""
    if row is None or not (units := silent_supporters(head, row)):
        return b""
    return dump(
        SilentItem(**task_ref(campaign, head), period=row.period, due_on=row.due_on, silent=units)
    )
