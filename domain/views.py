"""The read side's rows and the `View` interface through which the projection changes them.

Rows are plain frozen dataclasses of the query tables: infra/readmodel/schema.py declares each
table from its row type, so a new column is a new field here (and its value in the projection).
Period rows answer domain/reporting.py's rules exactly as the Task aggregate's records do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from typing import Protocol
from uuid import UUID

from domain import reporting
from domain.campaign import Phase
from domain.reporting import latest_actuals, missing_overdue  # the rows' rules, read here too
from domain.status import StatusInput
from domain.trajectory import Observation, period_end
from domain.values import (
    Contribution,
    Evidence,
    Indicator,
    Milestone,
    Period,
    ReportingPolicy,
    ReportState,
)


@dataclass(frozen=True, slots=True)
class CampaignRow:
    id: UUID
    code: str
    name: str
    task_force: str
    year: int
    start_period: str
    policy: ReportingPolicy
    defined_on: date
    phase: Phase = Phase.DRAFT
    launched_on: date | None = None
    concluded_on: date | None = None
    # The position of the last event that changed the campaign, one of its tasks or their
    # periods: a reader keeps what it computed from them until this moves.
    touched: int = 0

    def ran_in(self, year: int) -> bool:
        """Launched, and `year` is one of its runs: from its first period's year to its own."""
        return self.launched_on is not None and int(self.start_period[:4]) <= year <= self.year


@dataclass(frozen=True, slots=True)
class TaskRow:
    id: UUID
    campaign_id: UUID
    number: str
    seq: int
    title: str
    lead_units: tuple[str, ...]
    supporting_units: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    milestones: tuple[Milestone, ...] = ()
    milestones_done: Mapping[str, date] = field(default_factory=dict)
    open_supervision: str | None = None
    touched: int = 0  # the last event that changed the task or its periods (as on CampaignRow)


@dataclass(frozen=True, slots=True)
class PeriodRow:
    task_id: UUID
    campaign_id: UUID
    period: str
    due_on: date | None = None
    opened_on: date | None = None
    basis: str = ""
    overdue_on: date | None = None
    state: ReportState | None = None
    revision: int = 0
    late: bool = False
    submitted_on: date | None = None
    submitted_by: str = ""
    actuals: Mapping[str, Decimal] = field(default_factory=dict)
    progress: str = ""
    problems: str = ""
    next_steps: str = ""
    return_reason: str = ""
    reviewed_on: date | None = None
    # The supporting units' contributions for the period, the latest of each unit, by unit.
    contributions: tuple[Contribution, ...] = ()
    evidence: tuple[Evidence, ...] = ()  # the files the standing report points to

    @property
    def awaiting(self) -> bool:
        """No report stands for the period: none yet, or the last one was returned."""
        return reporting.awaiting(self)


@dataclass(frozen=True, slots=True)
class ReminderRow:
    position: int
    task_id: UUID
    campaign_id: UUID
    period: str
    due_on: date
    units: tuple[str, ...]
    sent_on: date


@dataclass(frozen=True, slots=True)
class SupervisionRow:
    task_id: UUID
    campaign_id: UUID
    supervision_id: str
    periods: tuple[str, ...]
    reason: str
    opened_on: date
    opened_by: str
    closed_on: date | None = None
    close_reason: str = ""


@dataclass(frozen=True, slots=True)
class AssessmentRow:
    campaign_id: UUID
    year: int
    score: Decimal
    rating: str
    decision: str
    rationale: str
    on: date
    evaluator: str


@dataclass(frozen=True, slots=True)
class QualitativeRow:
    """The evaluator's qualitative score of a campaign's year, the latest given."""

    campaign_id: UUID
    year: int
    score: Decimal
    reason: str
    on: date
    evaluator: str


@dataclass(frozen=True, slots=True)
class PackRow:
    """A frozen pack: its title and the instant it was frozen at (domain/packs.py)."""

    id: UUID
    title: str
    campaign_id: UUID | None
    cut: datetime
    made_on: date
    made_by: str


@dataclass(frozen=True, slots=True)
class EventRow:
    position: int
    campaign_id: UUID
    task_id: UUID | None
    task_number: str | None
    recorded_at: datetime
    on: date
    type: str
    actor_user: str
    actor_unit: str
    period: str | None
    summary: str


@dataclass(frozen=True, slots=True)
class UnitRow:
    """A registered unit (domain/units.py) and its aliases, all normalized."""

    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class GroupRow:
    """A registered unit group such as 各镇、街道 and its member units."""

    name: str
    members: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class MeetingRow:
    """A meeting of a campaign (domain/meetings.py) as held and recorded."""

    id: UUID
    campaign_id: UUID
    number: int
    kind: str
    held_on: date
    title: str
    attendees: tuple[str, ...]
    decisions: tuple[str, ...]
    recorded_by: str
    recorded_on: date


@dataclass(frozen=True, slots=True)
class FollowUpRow:
    """A follow-up action a meeting assigned to a unit, and how it stands."""

    meeting_id: UUID
    code: str
    campaign_id: UUID
    meeting_number: int
    action: str
    unit: str
    unit_key: str  # the unit's name normalized (domain/units.py), to find a unit's own
    due_on: date
    reminded_on: date | None = None  # the last reminder
    overdue_on: date | None = None
    done_on: date | None = None
    done_note: str = ""
    done_by: str = ""
    late: bool = False


class Staffed(Protocol):
    """What `silent_supporters` reads of a task: a whole row, or a reader's head of it."""

    @property
    def lead_units(self) -> tuple[str, ...]: ...
    @property
    def supporting_units(self) -> tuple[str, ...]: ...


def silent_supporters(task: Staffed, period: PeriodRow) -> list[str]:
    """The task's supporting units (other than its leads) with no contribution for an opened
    period: what the task force chases them for."""
    if period.opened_on is None:
        return []
    given = {c.unit for c in period.contributions}
    return [u for u in task.supporting_units if u not in task.lead_units and u not in given]


class View(Protocol):
    """The query tables as the projection sees them: keyed reads and whole-row writes."""

    def campaign(self, campaign_id: UUID) -> CampaignRow | None: ...
    def put_campaign(self, row: CampaignRow) -> None: ...
    def task(self, task_id: UUID) -> TaskRow | None: ...
    def put_task(self, row: TaskRow) -> None: ...
    def period(self, task_id: UUID, period: str) -> PeriodRow | None: ...
    def put_period(self, row: PeriodRow) -> None: ...
    def supervision(self, task_id: UUID, supervision_id: str) -> SupervisionRow | None: ...
    def put_supervision(self, row: SupervisionRow) -> None: ...
    def add_reminder(self, row: ReminderRow) -> None: ...
    def put_meeting(self, row: MeetingRow) -> None: ...
    def follow_up(self, meeting_id: UUID, code: str) -> FollowUpRow | None: ...
    def put_follow_up(self, row: FollowUpRow) -> None: ...
    def put_assessment(self, row: AssessmentRow) -> None: ...
    def put_qualitative(self, row: QualitativeRow) -> None: ...
    def put_pack(self, row: PackRow) -> None: ...
    def add_event(self, row: EventRow) -> None: ...
    def put_unit(self, row: UnitRow) -> None: ...
    def put_group(self, row: GroupRow) -> None: ...
    def touch(self, campaign_id: UUID, task_id: UUID | None, position: int) -> None:
        """The event at `position` changed this campaign (and task): their `touched` moves."""


def history(periods: Iterable[PeriodRow]) -> dict[str, list[Observation]]:
    """Every reported value of each indicator, from reports not returned, on its period's end."""
    found: dict[str, list[Observation]] = {}
    for row in reporting.standing(periods):
        for code, value in row.actuals.items():
            found.setdefault(code, []).append(Observation(period_end(row.period), value))
    return found


def status_input(
    campaign: CampaignRow, task: TaskRow, periods: Iterable[PeriodRow], as_of: date
) -> StatusInput:
    """The facts `domain.status.task_status` judges, as the read model knows them on `as_of`."""
    rows = list(periods)
    return StatusInput(
        indicators=task.indicators,
        latest_actuals=latest_actuals(rows),
        missing_overdue_reports=len(missing_overdue(rows)),
        returned_reports=sum(1 for p in rows if p.state is ReportState.RETURNED),
        start=Period.parse(campaign.start_period).first_day(),
        as_of=as_of,
        history=history(rows),
        milestones=task.milestones,
        milestones_done=task.milestones_done,
    )
