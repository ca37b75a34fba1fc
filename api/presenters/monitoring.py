"""A unit's inbox, the overdue list and the event history."""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from api.presenters.meetings import owed_first
from api.schemas.monitoring import (
    DueItem,
    EventOut,
    InboxOut,
    OverdueItem,
    ReminderItem,
    SupervisionItem,
    TaskRef,
)
from domain.views import (
    CampaignRow,
    EventRow,
    FollowUpRow,
    PeriodRow,
    ReminderRow,
    SupervisionRow,
    TaskRow,
)
from infra.readmodel.queries import PeriodMark, TaskHead

# What an item needs of its task: the whole row or only its head.
AnyTask = TaskRow | TaskHead


def task_ref(campaign: CampaignRow, task: AnyTask) -> dict[str, object]:
    """The fields of `TaskRef`, to spread into an item model."""
    return TaskRef(
        campaign_id=campaign.id,
        campaign_code=campaign.code,
        campaign_name=campaign.name,
        task_id=task.id,
        task_number=task.number,
        task_title=task.title,
    ).model_dump()


def overdue_item(campaign: CampaignRow, task: AnyTask, row: PeriodRow | PeriodMark) -> OverdueItem:
    assert row.overdue_on is not None
    return OverdueItem(
        **task_ref(campaign, task),
        period=row.period,
        due_on=row.due_on,
        due_basis=row.basis,
        overdue_on=row.overdue_on,
        lead_units=list(task.lead_units),
        submitted_late=row.late,
        submitted_on=row.submitted_on if row.late else None,
        still_missing=row.awaiting,
    )


def inbox(
    unit: str,
    campaigns: dict[UUID, CampaignRow],
    tasks: Sequence[AnyTask],
    periods: list[PeriodRow],
    reminders: list[ReminderRow],
    supervisions: list[SupervisionRow],
    follow_ups: Sequence[FollowUpRow] = (),
) -> InboxOut:
    """What the unit must do: open periods without a standing report, reminders, delays, and
    the meetings' follow-ups it owes (overdue first)."""
    by_id = {t.id: t for t in tasks}

    def ref(task_id: UUID) -> dict[str, object]:
        task = by_id[task_id]
        return task_ref(campaigns[task.campaign_id], task)

    awaiting = {(p.task_id, p.period) for p in periods if p.awaiting}
    return InboxOut(
        unit=unit,
        due=[
            DueItem(
                **ref(p.task_id),
                period=p.period,
                due_on=p.due_on,
                due_basis=p.basis,
                returned=p.state is not None,
                return_reason=p.return_reason,
            )
            for p in periods
            if p.opened_on and p.awaiting and p.overdue_on is None
        ],
        reminded=[
            ReminderItem(
                **ref(r.task_id),
                period=r.period,
                due_on=r.due_on,
                units=list(r.units),
                sent_on=r.sent_on,
                still_due=(r.task_id, r.period) in awaiting,
            )
            for r in reminders
        ],
        overdue=[
            overdue_item(campaigns[by_id[p.task_id].campaign_id], by_id[p.task_id], p)
            for p in periods
            if p.overdue_on and p.awaiting
        ],
        supervision=[
            SupervisionItem(
                **ref(s.task_id),
                supervision_id=s.supervision_id,
                periods=list(s.periods),
                reason=s.reason,
                opened_on=s.opened_on,
            )
            for s in supervisions
            if s.task_id in by_id
        ],
        follow_ups=owed_first(follow_ups),
    )


def event_out(row: EventRow) -> EventOut:
    return EventOut(
        position=row.position,
        recorded_at=row.recorded_at,
        on=row.on,
        type=row.type,
        actor_user=row.actor_user,
        actor_unit=row.actor_unit,
        task_id=row.task_id,
        task_number=row.task_number,
        period=row.period,
        summary=row.summary,
    )
