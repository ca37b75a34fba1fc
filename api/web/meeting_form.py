"""The meeting form: its fields as typed, checked field by field, and the RecordMeeting command
they make; follow-up rows left empty are skipped (the form offers a few, without JavaScript)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from api.web.forms import note_problem, too_long
from domain.commands import RecordMeeting
from domain.meetings import MAX_ITEMS, FollowUp, MeetingKind
from domain.values import MAX_TEXT, Actor

ROWS = 3  # empty follow-up rows offered
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
SHORT = 200


@dataclass
class MeetingForm:
    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    rows: list[int] = field(default_factory=list)  # the form row of each follow-up kept
    command: RecordMeeting | None = None


def _date(text: str) -> date | None:
    text = text.strip()
    if not _DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _lines(text: str) -> tuple[str, ...]:
    return tuple(line.strip() for line in text.splitlines() if line.strip())


def _short(form: MeetingForm, name: str, required: bool) -> str:
    text = form.values.get(name, "")
    if problem := note_problem(text, required, multiline=False, limit=SHORT):
        form.errors[name] = problem
    return text.strip()


def read_meeting(
    campaign_id: UUID, values: dict[str, str], actor: Actor, now: datetime
) -> MeetingForm:
    form = MeetingForm(values)
    kind = values.get("kind", "")
    if kind not in set(MeetingKind):
        form.errors["kind"] = "required"
    held_on = _date(values.get("held_on", ""))
    if held_on is None:
        form.errors["held_on"] = "not_a_date"
    title = _short(form, "title", True)
    for name, limit in (("attendees", SHORT), ("decisions", MAX_TEXT)):
        text = values.get(name, "")
        longest = max((len(line) for line in _lines(text)), default=0)
        if problem := note_problem(text, name == "attendees", limit=MAX_ITEMS * limit):
            form.errors[name] = problem
        elif longest > limit:
            form.errors[name] = too_long(limit)
    follow_ups = []
    for n in range(1, ROWS + 1):
        names = [f"fu-{n}-{part}" for part in ("action", "unit", "due")]
        if not any(values.get(k, "").strip() for k in names):
            continue
        action = _short(form, names[0], True)
        unit = _short(form, names[1], True)
        due = _date(values.get(names[2], ""))
        if due is None:
            form.errors[names[2]] = "not_a_date"
            continue
        form.rows.append(n)
        follow_ups.append(FollowUp(str(len(follow_ups) + 1), action, unit, due))
    if form.errors or held_on is None:
        return form
    form.command = RecordMeeting(
        campaign_id, MeetingKind(kind), held_on, title,
        _lines(values.get("attendees", "")), _lines(values.get("decisions", "")),
        tuple(follow_ups), actor=actor, now=now,
    )  # fmt: skip
    return form


def field_of(form: MeetingForm, domain_field: str) -> str | None:
    """The form field a domain refusal names: follow_ups.0.due_on is the first kept row's date."""
    head, _, rest = domain_field.partition(".")
    if head in ("held_on", "title", "kind", "attendees", "decisions"):
        return head
    if head == "follow_ups" and rest:
        index, _, part = rest.partition(".")
        if index.isdigit() and int(index) < len(form.rows):
            suffix = {"due_on": "due", "unit": "unit"}.get(part, "action")
            return f"fu-{form.rows[int(index)]}-{suffix}"
    return None
