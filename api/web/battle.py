"""What the battle map page's form holds: the filters as typed and checked field by field, the
date control, and the lists to choose from (the grid itself: api/web/battle_grid.py, from the
battle map's own presenter, as GET /api/battle-map is)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from uuid import UUID

from api.past import Cut
from api.presenters.battlemap import Filters
from api.services import Services
from domain.calendar import SHANGHAI, local
from domain.values import Status, text_problem

UNIT_MAX = 100
BINDING = {"": None, "true": True, "false": False}


@dataclass
class FilterForm:
    """The GET form's fields as typed, the filters they make, and each field's problem."""

    values: dict[str, str]
    filters: Filters = Filters()
    errors: dict[str, str] = field(default_factory=dict)


def read_filters(campaign: str, unit: str, status: str, binding: str) -> FilterForm:
    values = {"campaign": campaign, "unit": unit, "status": status, "binding": binding}
    form = FilterForm(values)
    chosen: UUID | None = None
    if campaign.strip():
        try:
            chosen = UUID(campaign.strip())
        except ValueError:
            form.errors["campaign"] = "bad_filter"
    unit = unit.strip()
    if len(unit) > UNIT_MAX or text_problem(unit, False):
        form.errors["unit"] = "bad_filter"
    state = Status(status) if status in set(Status) else None
    if status and state is None:
        form.errors["status"] = "bad_filter"
    if binding not in BINDING:
        form.errors["binding"] = "bad_filter"
    if not form.errors:
        form.filters = Filters(chosen, unit or None, state, BINDING[binding])
    return form


@dataclass(frozen=True)
class PastForm:
    """The date control: a business date, or a day whose end is what was known (or an instant,
    `known_on=2026-06-30T18:00` in Shanghai time, as a link to a captured moment gives it), or
    neither."""

    as_of: date | None = None
    known_on: date | None = None
    errors: dict[str, str] = field(default_factory=dict)
    known_at: datetime | None = None  # the instant, when one was given rather than a day

    @property
    def cut(self) -> Cut | None:
        """None for today's view: no date given, or one that is not a date (then the page says
        so beside it rather than show a past the user did not ask for)."""
        if self.errors or (self.as_of is None and self.known_on is None):
            return None
        known = self.known_at
        if known is None and self.known_on is not None:  # the end of that day in Shanghai
            known = local(self.known_on + timedelta(days=1)) - timedelta(microseconds=1)
        return Cut(self.as_of, known)

    @property
    def known_at_text(self) -> str:
        """The instant's time of day in Shanghai, for the banner: 18:00."""
        return self.known_at.astimezone(SHANGHAI).strftime("%H:%M") if self.known_at else ""


def _instant(text: str) -> datetime:
    """2026-06-30T18:00 in Shanghai time, or with its own offset; a ValueError otherwise."""
    if not text.isascii() or len(text) < len("2026-06-30T18:00"):
        raise ValueError(text)
    found = datetime.fromisoformat(text)
    return found.replace(tzinfo=SHANGHAI) if found.tzinfo is None else found


def read_past(as_of: str, known_on: str) -> PastForm:
    days: dict[str, date | None] = {}
    errors: dict[str, str] = {}
    known_at = None
    for name, text in (("as_of", as_of.strip()), ("known_on", known_on.strip())):
        try:
            if name == "known_on" and "T" in text:
                known_at = _instant(text)
                days[name] = known_at.astimezone(SHANGHAI).date()
            else:
                days[name] = date.fromisoformat(text) if text else None
        except ValueError:  # full-width digits, 2026-02-30: not a date
            days[name], errors[name] = None, "bad_date"
    return PastForm(days["as_of"], days["known_on"], errors, known_at)


@dataclass(frozen=True)
class Choices:
    campaigns: list[tuple[UUID, str]]
    units: list[str]


def choices(svc: Services) -> Choices:
    """The campaigns and the units named on tasks, for the filter form's lists: kept under the
    read model's position (every task's units are read to list them)."""
    with svc.readmodel.read() as queries:
        key = ("battle-map choices", queries.position(svc.readmodel.name))
        if (kept := svc.caches.pages.get(key)) is not None:
            return kept
        campaigns = [(c.id, f"{c.code} {c.name}") for c in queries.campaigns()]
        heads = queries.task_heads()
    units = sorted({u for h in heads for u in (*h.lead_units, *h.supporting_units)})
    size = sum(100 + 4 * len(name) for _, name in campaigns) + sum(60 + 4 * len(u) for u in units)
    return svc.caches.pages.put(key, Choices(campaigns, units), size)
