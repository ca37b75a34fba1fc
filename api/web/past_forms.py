"""The GET forms of the pages about the past: what changed between two dates, and the audit
trail. Each field as typed, what it means, and its problem (a key of the page strings), so a
bad field is said beside it and the page stays usable."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from urllib.parse import urlencode
from uuid import UUID

from api.routes.changes import KINDS, Scope
from domain.calendar import local
from domain.values import text_problem
from infra.readmodel.queries import Trail

MAX_DAYS = 366  # a year's changes at most: a longer range is narrowed first
TEXT_MAX = 100
PAGE_SIZE = 100
TYPE_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")


@dataclass
class Fields:
    """Fields as typed and each field's problem."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)

    def day(self, name: str) -> date | None:
        text = self.values.get(name, "").strip()
        if not text:
            return None
        try:
            if len(text) == 10:  # not 20260230, which fromisoformat would take
                return date.fromisoformat(text)
        except ValueError:  # 2026-02-30, full-width digits
            pass
        self.errors[name] = "bad_date"
        return None

    def uuid(self, name: str) -> UUID | None:
        text = self.values.get(name, "").strip()
        if not text:
            return None
        try:
            return UUID(text)
        except ValueError:
            self.errors[name] = "bad_filter"
            return None

    def text(self, name: str) -> str | None:
        text = self.values.get(name, "").strip()
        if len(text) > TEXT_MAX or text_problem(text, False):
            self.errors[name] = "bad_filter"
            return None
        return text or None

    def ordered(self, start: date | None, last: str, end: date | None) -> None:
        """The later of two dates (`last`) may not come before the first."""
        if start is not None and end is not None and end < start:
            self.errors[last] = "not_before_from"

    def query(self, **more: str) -> str:
        """The fields as a query string (for export links and pages), `more` replacing."""
        kept = {k: v for k, v in {**self.values, **more}.items() if v}
        return urlencode(kept)


@dataclass
class ChangesForm:
    fields: Fields
    since: date
    until: date
    scope: Scope = Scope()

    @property
    def window(self) -> tuple[datetime, datetime]:
        """From the start of the first day to the end of the last, in Shanghai."""
        return local(self.since), local(self.until + timedelta(days=1))


def read_changes(values: dict[str, str], today: date) -> ChangesForm:
    """The two dates (a week up to today when neither is given) and the filters."""
    fields = Fields(values)
    since, until = fields.day("from"), fields.day("to")
    if not values.get("from", "").strip() and not values.get("to", "").strip():
        since, until = today - timedelta(days=7), today
        fields.values.update({"from": since.isoformat(), "to": until.isoformat()})
    for name, got in (("from", since), ("to", until)):
        if got is None and name not in fields.errors:
            fields.errors[name] = "required"
    fields.ordered(since, "to", until)
    if since and until and "to" not in fields.errors and (until - since).days >= MAX_DAYS:
        fields.errors["to"] = "range_too_long"
    campaign = fields.uuid("campaign")
    unit = fields.text("unit")
    kind = values.get("kind", "").strip() or None
    if kind is not None and kind not in KINDS:
        fields.errors["kind"] = "bad_filter"
    shown_since = since or today - timedelta(days=7)
    shown_until = until or today
    return ChangesForm(fields, shown_since, shown_until, Scope(campaign, unit, kind))


@dataclass
class AuditForm:
    fields: Fields
    trail_unit: str | None = None
    page: int = 1
    trail: Trail = Trail()


def read_audit(values: dict[str, str], page: str) -> AuditForm:
    fields = Fields(values)
    campaign, task = fields.uuid("campaign"), fields.uuid("task")
    unit, user, text = fields.text("unit"), fields.text("user"), fields.text("text")
    kind = values.get("type", "").strip()
    if kind and (len(kind) > 80 or not set(kind) <= TYPE_CHARS):
        fields.errors["type"] = "bad_filter"
    on_from, on_to = fields.day("on_from"), fields.day("on_to")
    fields.ordered(on_from, "on_to", on_to)
    rec_from, rec_to = fields.day("recorded_from"), fields.day("recorded_to")
    fields.ordered(rec_from, "recorded_to", rec_to)
    number = int(page) if page.isascii() and page.isdigit() and len(page) < 7 else 1
    trail = Trail(
        campaign,
        task,
        None,
        user,
        on_from,
        on_to,
        local(rec_from) if rec_from else None,
        # The end of the last day: the trail's bound is inclusive.
        local(rec_to + timedelta(days=1)) - timedelta(microseconds=1) if rec_to else None,
        kind or None,
        text,
    )
    return AuditForm(fields, unit, max(number, 1), trail)
