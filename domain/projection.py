"""The read side's logic: how each domain event changes the query tables.

Pure: `project(event, position, view)` reads and writes rows (domain/views.py) through the
`View` interface and nothing else, so the SQLite and PostgreSQL read models (infra/readmodel)
share it, and so does any catch-up path (polling or subscription). Every campaign and task
event also becomes one row of the campaign's event log. Rows are built by field name: a field
added to a row type (its column follows by itself) needs a value here only if it has no default.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any
from uuid import UUID

from domain.campaign import Campaign, Phase
from domain.meetings import Meeting, MeetingKind
from domain.packs import Pack
from domain.task import Task
from domain.units import UnitRegistry, normalize_unit
from domain.values import Contribution, Evidence, ReportState
from domain.views import (
    AssessmentRow,
    CampaignRow,
    EventRow,
    FollowUpRow,
    GroupRow,
    MeetingRow,
    PackRow,
    PeriodRow,
    QualitativeRow,
    ReminderRow,
    SupervisionRow,
    TaskRow,
    UnitRow,
    View,
)


@dataclass(frozen=True)
class _Note:
    """What a handler tells the event log about the event it applied."""

    campaign_id: UUID
    summary: str
    task: TaskRow | None = None
    period: str | None = None


Handler = Callable[[Any, int, View], _Note | None]
_HANDLERS: dict[type, Handler] = {}


def _on(event_class: type) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        _HANDLERS[event_class] = handler
        return handler

    return register


def project(event: Any, position: int, view: View) -> None:
    """Apply one stored event (at notification `position`) to the view; others are ignored."""
    handler = _HANDLERS.get(type(event))
    note = handler(event, position, view) if handler else None
    if note is None:
        return
    view.touch(note.campaign_id, note.task.id if note.task else None, position)
    view.add_event(
        EventRow(
            position=position,
            campaign_id=note.campaign_id,
            task_id=note.task.id if note.task else None,
            task_number=note.task.number if note.task else None,
            recorded_at=event.timestamp,
            on=event.on,
            type=type(event).__qualname__,
            actor_user=event.actor.user,
            actor_unit=event.actor.unit,
            period=note.period,
            summary=note.summary,
        )
    )


# -- campaign events ----------------------------------------------------------------------
def _campaign(view: View, event: Any) -> CampaignRow:
    row = view.campaign(event.originator_id)
    if row is None:
        raise LookupError(f"campaign {event.originator_id} was never defined")
    return row


@_on(Campaign.Defined)
def _defined(e: Any, position: int, view: View) -> _Note:
    view.put_campaign(
        CampaignRow(
            id=e.originator_id,
            code=e.code,
            name=e.name,
            task_force=e.task_force,
            year=e.year,
            start_period=e.start_period,
            policy=e.policy,
            defined_on=e.on,
        )
    )
    return _Note(e.originator_id, f"defined {e.code} {e.name} with {len(e.task_ids)} tasks")


@_on(Campaign.TaskAdded)
def _task_added(e: Any, position: int, view: View) -> _Note:
    return _Note(e.originator_id, "added a task")


@_on(Campaign.Launched)
def _launched(e: Any, position: int, view: View) -> _Note:
    view.put_campaign(replace(_campaign(view, e), phase=Phase.RUNNING, launched_on=e.on))
    return _Note(e.originator_id, "launched")


@_on(Campaign.AssessmentOpened)
def _assessment_opened(e: Any, position: int, view: View) -> _Note:
    view.put_campaign(replace(_campaign(view, e), phase=Phase.ASSESSING))
    return _Note(e.originator_id, f"assessment of {e.year} opened")


@_on(Campaign.YearAssessed)
def _assessed(e: Any, position: int, view: View) -> _Note:
    decision = str(e.decision)
    view.put_assessment(
        AssessmentRow(
            campaign_id=e.originator_id,
            year=e.year,
            score=e.score,
            rating=e.rating,
            decision=decision,
            rationale=e.rationale,
            on=e.on,
            evaluator=e.actor.user,
        )
    )
    summary = f"{e.year}: score {e.score}, {e.rating}, {decision}: {e.rationale}"
    return _Note(e.originator_id, summary)


@_on(Campaign.Continued)
def _continued(e: Any, position: int, view: View) -> _Note:
    view.put_campaign(replace(_campaign(view, e), phase=Phase.RUNNING, year=e.into_year))
    return _Note(e.originator_id, f"continued from {e.from_year} into {e.into_year}")


@_on(Campaign.Concluded)
def _concluded(e: Any, position: int, view: View) -> _Note:
    view.put_campaign(replace(_campaign(view, e), phase=Phase.CONCLUDED, concluded_on=e.on))
    return _Note(e.originator_id, f"concluded after {e.year}: {e.reason}")


# -- task events --------------------------------------------------------------------------
def _task(view: View, event: Any) -> TaskRow:
    row = view.task(event.originator_id)
    if row is None:
        raise LookupError(f"task {event.originator_id} was never planned")
    return row


def _period(view: View, task: TaskRow, period: str) -> PeriodRow:
    return view.period(task.id, period) or PeriodRow(
        task_id=task.id, campaign_id=task.campaign_id, period=period
    )


def _note(task: TaskRow, summary: str, period: str | None = None) -> _Note:
    return _Note(task.campaign_id, summary, task, period)


@_on(Task.Planned)
def _planned(e: Any, position: int, view: View) -> _Note:
    task = TaskRow(
        id=e.originator_id,
        campaign_id=e.campaign_id,
        number=e.number,
        seq=position,
        title=e.title,
        lead_units=tuple(e.lead_units),
        supporting_units=tuple(e.supporting_units),
        indicators=tuple(e.indicators),
        milestones=tuple(e.milestones),
    )
    view.put_task(task)
    return _note(task, f"planned: {e.title}")


@_on(Task.Amended)
def _amended(e: Any, position: int, view: View) -> _Note:
    task = replace(
        _task(view, e),
        title=e.title,
        lead_units=tuple(e.lead_units),
        supporting_units=tuple(e.supporting_units),
        indicators=tuple(e.indicators),
        milestones=tuple(e.milestones),
    )
    view.put_task(task)
    return _note(task, f"plan amended: {e.reason}")


@_on(Task.PeriodOpened)
def _period_opened(e: Any, position: int, view: View) -> _Note:
    task = _task(view, e)
    row = _period(view, task, e.period)
    view.put_period(replace(row, opened_on=e.on, due_on=e.due_on, basis=e.basis))
    return _note(task, f"period opened, report due {e.due_on}", e.period)


@_on(Task.ReminderSent)
def _reminded(e: Any, position: int, view: View) -> _Note:
    task = _task(view, e)
    units = tuple(e.units)
    view.add_reminder(
        ReminderRow(
            position=position,
            task_id=task.id,
            campaign_id=task.campaign_id,
            period=e.period,
            due_on=e.due_on,
            units=units,
            sent_on=e.on,
        )
    )
    return _note(task, f"reminded {', '.join(units)}: report due {e.due_on}", e.period)


@_on(Task.ReportOverdue)
def _overdue(e: Any, position: int, view: View) -> _Note:
    task = _task(view, e)
    view.put_period(replace(_period(view, task, e.period), overdue_on=e.on, due_on=e.due_on))
    return _note(task, f"report overdue (was due {e.due_on})", e.period)


@_on(Task.ReportSubmitted)
def _submitted(e: Any, position: int, view: View) -> _Note:
    task = _task(view, e)
    row = replace(
        _period(view, task, e.period),
        state=ReportState.SUBMITTED,
        revision=e.revision,
        late=e.late,
        submitted_on=e.on,
        submitted_by=f"{e.actor.user} ({e.actor.unit})",
        actuals=dict(e.actuals),
        progress=e.progress,
        problems=e.problems,
        next_steps=e.next_steps,
        return_reason="",
        reviewed_on=None,
        evidence=(),
    )
    view.put_period(row)
    late = ", late" if e.late else ""
    return _note(task, f"report submitted (revision {e.revision}{late})", e.period)


@_on(Task.EvidenceAttached)
def _evidence(e: Any, position: int, view: View) -> _Note:
    task = _task(view, e)
    row = _period(view, task, e.period)
    item = Evidence(e.hash, e.name, e.content_type, e.size)
    view.put_period(replace(row, evidence=(*row.evidence, item)))
    return _note(task, f"evidence attached to revision {e.revision}: {e.name}", e.period)


@_on(Task.ReportReturned)
def _returned(e: Any, position: int, view: View) -> _Note:
    task = _task(view, e)
    row = _period(view, task, e.period)
    view.put_period(
        replace(row, state=ReportState.RETURNED, return_reason=e.reason, reviewed_on=e.on)
    )
    return _note(task, f"revision {e.revision} returned: {e.reason}", e.period)


@_on(Task.ReportAccepted)
def _accepted(e: Any, position: int, view: View) -> _Note:
    task = _task(view, e)
    row = _period(view, task, e.period)
    view.put_period(replace(row, state=ReportState.ACCEPTED, reviewed_on=e.on))
    return _note(task, f"revision {e.revision} accepted", e.period)


@_on(Task.SupervisionOpened)
def _supervision_opened(e: Any, position: int, view: View) -> _Note:
    task = replace(_task(view, e), open_supervision=e.supervision_id)
    view.put_task(task)
    opened_by = f"{e.actor.user} ({e.actor.unit})"
    view.put_supervision(
        SupervisionRow(
            task_id=task.id,
            campaign_id=task.campaign_id,
            supervision_id=e.supervision_id,
            periods=tuple(e.periods),
            reason=e.reason,
            opened_on=e.on,
            opened_by=opened_by,
        )
    )
    return _note(task, f"supervision opened: {e.reason}")


@_on(Task.SupervisionClosed)
def _supervision_closed(e: Any, position: int, view: View) -> _Note:
    task = replace(_task(view, e), open_supervision=None)
    view.put_task(task)
    row = view.supervision(task.id, e.supervision_id)
    if row is not None:
        view.put_supervision(replace(row, closed_on=e.on, close_reason=e.reason))
    return _note(task, f"supervision closed: {e.reason}")


@_on(Task.ContributionAdded)
def _contributed(e: Any, position: int, view: View) -> _Note:
    task = _task(view, e)
    row = _period(view, task, e.period)
    given = Contribution(e.unit, e.text, dict(e.figures), e.on, f"{e.actor.user} ({e.actor.unit})")
    others = [c for c in row.contributions if c.unit != e.unit]
    contributions = tuple(sorted([*others, given], key=lambda c: c.unit))
    view.put_period(replace(row, contributions=contributions))
    return _note(task, f"contribution from {e.unit}", e.period)


@_on(Task.MilestoneCompleted)
def _milestone(e: Any, position: int, view: View) -> _Note:
    task = _task(view, e)
    task = replace(task, milestones_done={**task.milestones_done, e.code: e.on})
    view.put_task(task)
    note = f": {e.note}" if e.note else ""
    return _note(task, f"milestone {e.code} completed{note}")


@_on(Campaign.QualitativeScored)
def _qualitative(e: Any, position: int, view: View) -> _Note:
    view.put_qualitative(
        QualitativeRow(
            campaign_id=e.originator_id,
            year=e.year,
            score=e.score,
            reason=e.reason,
            on=e.on,
            evaluator=f"{e.actor.user} ({e.actor.unit})",
        )
    )
    return _Note(e.originator_id, f"qualitative score for {e.year}: {e.score}/100, {e.reason}")


@_on(Pack.Frozen)
def _pack(e: Any, position: int, view: View) -> _Note | None:
    view.put_pack(
        PackRow(
            id=e.originator_id,
            title=e.title,
            campaign_id=e.campaign_id,
            cut=e.cut,
            made_on=e.on,
            made_by=f"{e.actor.user} ({e.actor.unit})",
        )
    )
    if e.campaign_id is None:
        return None  # a pack of the whole portfolio: in no campaign's log
    return _Note(e.campaign_id, f"pack frozen at {e.cut.isoformat()}: {e.title}")


# -- meetings -------------------------------------------------------------------------------
@_on(Meeting.Recorded)
def _meeting(e: Any, position: int, view: View) -> _Note:
    view.put_meeting(
        MeetingRow(
            id=e.originator_id,
            campaign_id=e.campaign_id,
            number=e.number,
            kind=str(MeetingKind(e.kind).value),
            held_on=e.held_on,
            title=e.title,
            attendees=tuple(e.attendees),
            decisions=tuple(e.decisions),
            recorded_by=f"{e.actor.user} ({e.actor.unit})",
            recorded_on=e.on,
        )
    )
    for item in e.follow_ups:
        view.put_follow_up(
            FollowUpRow(
                meeting_id=e.originator_id,
                code=item.code,
                campaign_id=e.campaign_id,
                meeting_number=e.number,
                action=item.action,
                unit=item.unit,
                unit_key=normalize_unit(item.unit),
                due_on=item.due_on,
            )
        )
    follow_ups = f", {len(e.follow_ups)} follow-ups" if e.follow_ups else ""
    return _Note(e.campaign_id, f"meeting {e.number} held on {e.held_on}: {e.title}{follow_ups}")


def _follow_up(view: View, e: Any) -> FollowUpRow:
    row = view.follow_up(e.originator_id, e.code)
    if row is None:
        raise LookupError(f"meeting {e.originator_id} has no follow-up {e.code}")
    return row


@_on(Meeting.FollowUpReminded)
def _follow_up_reminded(e: Any, position: int, view: View) -> _Note:
    row = _follow_up(view, e)
    view.put_follow_up(replace(row, reminded_on=e.on))
    return _Note(row.campaign_id, f"follow-up {_label(row)} reminded: due {row.due_on}")


@_on(Meeting.FollowUpOverdue)
def _follow_up_overdue(e: Any, position: int, view: View) -> _Note:
    row = _follow_up(view, e)
    view.put_follow_up(replace(row, overdue_on=e.on))
    return _Note(row.campaign_id, f"follow-up {_label(row)} overdue (was due {row.due_on})")


@_on(Meeting.FollowUpDone)
def _follow_up_done(e: Any, position: int, view: View) -> _Note:
    row = _follow_up(view, e)
    by = f"{e.actor.user} ({e.actor.unit})"
    view.put_follow_up(replace(row, done_on=e.on, done_note=e.note, done_by=by, late=e.late))
    late = ", late" if e.late else ""
    return _Note(row.campaign_id, f"follow-up {_label(row)} done{late}: {e.note}")


def _label(row: FollowUpRow) -> str:
    return f"{row.meeting_number}.{row.code} ({row.unit})"


# -- units registry (not in any campaign's event log) --------------------------------------
@_on(UnitRegistry.UnitRegistered)
@_on(UnitRegistry.AliasesSet)
def _unit(e: Any, position: int, view: View) -> None:
    view.put_unit(UnitRow(name=e.name, aliases=tuple(e.aliases)))


@_on(UnitRegistry.GroupDefined)
@_on(UnitRegistry.GroupMembersSet)
def _group(e: Any, position: int, view: View) -> None:
    view.put_group(GroupRow(name=e.name, members=tuple(e.members)))
