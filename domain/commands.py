"""The user's commands, one frozen dataclass each, named for what they ask: what the caller
sends the application, with who asks (`actor`) and when (`now`, the caller's clock). They only
carry; the aggregates and domain/service/ check and decide."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from domain.meetings import FollowUp, MeetingKind
from domain.values import Actor, Decision, Evidence, Indicator, Milestone, ReportingPolicy


@dataclass(frozen=True)
class TaskSpec:
    number: str
    title: str
    lead_units: tuple[str, ...]
    supporting_units: tuple[str, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    milestones: tuple[Milestone, ...] = ()


@dataclass(frozen=True)
class CampaignSpec:
    code: str
    name: str
    task_force: str
    year: int
    start_period: str
    tasks: tuple[TaskSpec, ...]
    policy: ReportingPolicy = field(default_factory=ReportingPolicy)


@dataclass(frozen=True, kw_only=True)
class Command:
    """Who asks and at what instant; keyword-only so each command's own fields come first."""

    actor: Actor
    now: datetime


# -- plan ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class DefineCampaign(Command):
    spec: CampaignSpec


@dataclass(frozen=True)
class DefineCampaigns(Command):
    """Draft campaigns from an import, with the units and (empty) groups it names as new."""

    specs: tuple[CampaignSpec, ...]
    new_units: tuple[str, ...] = ()
    new_groups: tuple[str, ...] = ()


@dataclass(frozen=True)
class LaunchCampaign(Command):
    campaign_id: UUID


@dataclass(frozen=True)
class AmendTask(Command):
    task_id: UUID
    spec: TaskSpec
    reason: str


@dataclass(frozen=True)
class AddTask(Command):
    campaign_id: UUID
    spec: TaskSpec


# -- reports ------------------------------------------------------------------------------
@dataclass(frozen=True)
class SubmitReport(Command):
    task_id: UUID
    period: str
    actuals: dict[str, Decimal]
    progress: str
    problems: str
    next_steps: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True)
class ReturnReport(Command):
    task_id: UUID
    period: str
    reason: str


@dataclass(frozen=True)
class AcceptReport(Command):
    task_id: UUID
    period: str


@dataclass(frozen=True)
class CompleteMilestone(Command):
    task_id: UUID
    code: str
    note: str


@dataclass(frozen=True)
class CloseSupervision(Command):
    task_id: UUID
    reason: str


@dataclass(frozen=True)
class OpenSupervision(Command):
    """Supervision (督导) opened by the task force by hand, not by the workflow's escalation."""

    task_id: UUID
    reason: str


@dataclass(frozen=True)
class AddContribution(Command):
    """A supporting unit's contribution to a task for a period (the actor's unit)."""

    task_id: UUID
    period: str
    text: str
    figures: dict[str, Decimal]


# -- year end -----------------------------------------------------------------------------
@dataclass(frozen=True)
class RecordAssessment(Command):
    campaign_id: UUID
    year: int
    score: Decimal
    rating: str
    decision: Decision
    rationale: str


# -- units and holidays -------------------------------------------------------------------
@dataclass(frozen=True)
class RegisterUnit(Command):
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class SetUnitAliases(Command):
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class DefineUnitGroup(Command):
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class SetGroupMembers(Command):
    name: str
    members: tuple[str, ...]


@dataclass(frozen=True)
class LoadHolidays(Command):
    """One year's official arrangement: its holidays and its make-up working days."""

    year: int
    holidays: tuple[date, ...]
    workdays: tuple[date, ...]
    source: str


@dataclass(frozen=True)
class ScoreQualitatively(Command):
    campaign_id: UUID
    year: int
    score: Decimal
    reason: str


# -- meetings -----------------------------------------------------------------------------
@dataclass(frozen=True)
class RecordMeeting(Command):
    campaign_id: UUID
    kind: MeetingKind
    held_on: date
    title: str
    attendees: tuple[str, ...]
    decisions: tuple[str, ...]
    follow_ups: tuple[FollowUp, ...]


@dataclass(frozen=True)
class CompleteFollowUp(Command):
    meeting_id: UUID
    code: str
    note: str


@dataclass(frozen=True)
class FreezePack(Command):
    key: str  # the caller's unique name for it (the API makes one)
    title: str
    campaign_id: UUID | None
    cut: datetime
