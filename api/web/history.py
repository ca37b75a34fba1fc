"""A task's history for its page: the campaign's event log as the caller may read it (the same
kept answer as GET /api/campaigns/{id}/events), narrowed to the task, each event named in the
page's language and its details taken from the recorded summary."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from uuid import UUID

from pydantic import TypeAdapter

from api.auth import User
from api.presenters.reads import campaign_events
from api.schemas.monitoring import EventOut
from api.services import Services
from api.web import i18n

_EVENTS = TypeAdapter(list[EventOut])
# The summaries domain/projection.py records, read back into the page's language.
_DETAILS: dict[str, re.Pattern[str]] = {
    "Task.ReportSubmitted": re.compile(
        r"report submitted \(revision (?P<n>\d+)(?P<late>, late)?\)"
    ),
    "Task.ReportReturned": re.compile(r"revision (?P<n>\d+) returned: (?P<text>.*)", re.S),
    "Task.ReportAccepted": re.compile(r"revision (?P<n>\d+) accepted"),
    "Task.EvidenceAttached": re.compile(r"evidence attached to revision (?P<n>\d+): (?P<text>.*)"),
    "Task.PeriodOpened": re.compile(r"period opened, report due (?P<on>\d{4}-\d{2}-\d{2})"),
    "Task.ReportOverdue": re.compile(r"report overdue \(was due (?P<was>\d{4}-\d{2}-\d{2})\)"),
    "Task.ReminderSent": re.compile(
        r"reminded (?P<units>.*): report due (?P<on>\d{4}-\d{2}-\d{2})"
    ),
    "Task.SupervisionOpened": re.compile(r"supervision opened: (?P<text>.*)", re.S),
    "Task.SupervisionClosed": re.compile(r"supervision closed: (?P<text>.*)", re.S),
    "Task.ContributionAdded": re.compile(r"contribution from (?P<text>.*)"),
    "Task.MilestoneCompleted": re.compile(
        r"milestone (?P<text>.*) completed(: (?P<note>.*))?", re.S
    ),
    "Task.Amended": re.compile(r"plan amended: (?P<text>.*)", re.S),
    "Task.Planned": re.compile(r"planned: (?P<text>.*)", re.S),
}


@dataclass(frozen=True)
class HistoryRow:
    on: date
    kind: str  # the event's type, Task.ReportReturned
    label: str
    by: str
    period: str | None
    detail: str


def task_history(svc: Services, user: User, task_id: UUID, lang: str) -> list[HistoryRow]:
    """Every event of the task the caller may read, the latest first."""
    with svc.readmodel.read() as queries:
        task = queries.task(task_id)
    if task is None:
        return []
    campaign_id = task.campaign_id
    events = _EVENTS.validate_json(campaign_events(svc, user, campaign_id))
    own = [e for e in events if e.task_id == task_id]
    own.sort(key=lambda e: e.position, reverse=True)
    return [_row(e, lang) for e in own]


def _row(event: EventOut, lang: str) -> HistoryRow:
    key = f"ev.{event.type}"
    label = i18n.translate(key, lang) if key in i18n.STRINGS else event.type
    by = f"{event.actor_user}（{event.actor_unit}）" if event.actor_unit else event.actor_user
    return HistoryRow(event.on, event.type, label, by, event.period, _detail(event, lang))


def _detail(event: EventOut, lang: str) -> str:
    pattern = _DETAILS.get(event.type)
    found = pattern.fullmatch(event.summary) if pattern else None
    if found is None:
        return event.summary
    parts = found.groupdict()
    said = []
    if parts.get("n"):
        said.append(i18n.translate("revision_n", lang, n=parts["n"]))
    if parts.get("late"):
        said.append(i18n.translate("late_report", lang))
    if parts.get("units"):
        on = i18n.day(date.fromisoformat(parts["on"]), lang)
        said.append(i18n.translate("reminded_units", lang, units=parts["units"], on=on))
    elif parts.get("on"):
        on = i18n.day(date.fromisoformat(parts["on"]), lang)
        said.append(i18n.translate("due_date_is", lang, on=on))
    if parts.get("was"):
        was = i18n.day(date.fromisoformat(parts["was"]), lang)
        said.append(i18n.translate("was_due", lang, on=was))
    if parts.get("text"):
        said.append(parts["text"])
    if parts.get("note"):
        said.append(parts["note"])
    return ("，" if lang == "zh" else "; ").join(said)
