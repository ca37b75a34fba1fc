"""Every payload that crosses the Temporal border: one dataclass per workflow, activity,
signal and query, so fields can be added later without breaking recorded histories.

Dates travel as ISO strings (the default converter knows datetime, not date).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class ScheduledAction:
    at: datetime
    kind: str
    period: str
    due_on: str
    subject: str = ""  # a meeting's follow-up: "<meeting id>/<code>"; else every task


@dataclass
class ReportSignal:
    task_id: str
    period: str


@dataclass
class CampaignRun:
    """Workflow input, and the whole state carried across continue-as-new."""

    campaign_id: str
    year: int
    done_through: datetime | None = None
    reviews_done: int = 0
    queued_reports: list[ReportSignal] = field(default_factory=list)


@dataclass
class CampaignResult:
    campaign_id: str
    final_year: int
    decision: str


@dataclass
class PlanYearInput:
    campaign_id: str
    year: int


@dataclass
class YearPlan:
    phase: str
    actions: list[ScheduledAction] = field(default_factory=list)
    escalate_after_days: int = 10
    weekend_fallback: bool = False


@dataclass
class RunActionsInput:
    campaign_id: str
    actions: list[ScheduledAction]
    now: datetime
    escalate_after_days: int = 10


@dataclass
class ActionsDone:
    written: int
    skipped: int


@dataclass
class ReviewInput:
    campaign_id: str
    task_id: str
    period: str
    now: datetime


@dataclass
class ReviewDone:
    supervision_closed: bool


@dataclass
class YearInput:
    campaign_id: str
    year: int
    now: datetime


@dataclass
class DecisionOutcome:
    decision: str | None


@dataclass
class PlanAmended:
    reason: str = ""


@dataclass
class AssessmentDecided:
    year: int


@dataclass
class PendingView:
    """The answer to the `pending` query: what the campaign's calendar waits for next."""

    campaign_id: str
    year: int
    stage: str
    next_action: ScheduledAction | None
    actions_left: int
    reviews_done: int
    queued_reports: int
