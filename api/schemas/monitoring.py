"""What the calendar produced: inboxes, overdue reports, event history, the workflow's plan."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.meetings import FollowUpOut


class TaskRef(BaseModel):
    campaign_id: UUID
    campaign_code: str
    campaign_name: str
    task_id: UUID
    task_number: str
    task_title: str


class DueItem(TaskRef):
    period: str
    due_on: date | None
    due_basis: str = Field(
        description="official: China's announced holiday calendar; weekend_fallback: that "
        "year is not announced yet, so only weekends were skipped and the date may move"
    )
    returned: bool
    return_reason: str


class ReminderItem(TaskRef):
    period: str
    due_on: date
    units: list[str]
    sent_on: date
    still_due: bool


class OverdueItem(TaskRef):
    period: str
    due_on: date | None
    due_basis: str = Field(
        description="official: China's announced holiday calendar; weekend_fallback: that "
        "year is not announced yet, so only weekends were skipped and the date may move"
    )
    overdue_on: date
    lead_units: list[str]
    submitted_late: bool
    submitted_on: date | None
    still_missing: bool


class ReviewItem(TaskRef):
    """A report waiting for the task force to accept it or return it (审核)."""

    period: str
    revision: int
    submitted_on: date
    submitted_by: str
    late: bool
    waiting_days: int = Field(description="calendar days since it was submitted")
    actuals: dict[str, float | None]
    progress: str
    problems: str
    next_steps: str
    evidence: int = Field(description="how many evidence files it points to")
    returned_before: bool = Field(description="an earlier revision was returned")


class SilentItem(TaskRef):
    """A period for which supporting units of the task have contributed nothing."""

    period: str
    due_on: date | None
    silent: list[str]


class SupervisionItem(TaskRef):
    supervision_id: str
    periods: list[str]
    reason: str
    opened_on: date


class InboxOut(BaseModel):
    unit: str
    due: list[DueItem]
    reminded: list[ReminderItem]
    overdue: list[OverdueItem]
    supervision: list[SupervisionItem]
    follow_ups: list[FollowUpOut] = Field(
        [], description="meetings' follow-up actions the unit owes, not yet done; overdue first"
    )


class EventOut(BaseModel):
    position: int
    recorded_at: datetime
    on: date
    type: str
    actor_user: str
    actor_unit: str
    task_id: UUID | None
    task_number: str | None
    period: str | None
    summary: str


class NextActionOut(BaseModel):
    at: datetime
    kind: str
    period: str
    due_on: date


class PendingOut(BaseModel):
    campaign_id: UUID
    year: int
    stage: str
    next_action: NextActionOut | None
    actions_left: int
    reviews_done: int
    queued_reports: int
