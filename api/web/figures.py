"""What the dashboards page shows: the campaign, task and indicator chosen (checked field by
field), and each figure as the dashboards API builds it from the read model (dashboards/read.py,
never a replay), with its numbers as a table the page writes in the user's language.

A lead unit sees what the API lets it see: the campaigns and tasks it leads, its own rows of the
league table, heatmap and timeline, and the burn-up of a task it leads only.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from api.auth import UNIT_ROLES, User
from api.services import Services
from api.web import i18n
from dashboards import read
from dashboards.export import HEADERS, Panel
from dashboards.style import Lang, number
from domain.views import CampaignRow, TaskRow

KINDS = ("burnup", "timeliness", "delays", "milestones")
# Columns whose names in the figures' shared HEADERS mean something else in one figure.
_OWN_HEADERS = {("milestones", "due"): "col.planned_on", ("milestones", "done"): "col.done_on"}
_DATES = {"on", "due", "done"}
_WORDS = {"series": "series.", "state": "milestone."}


class Refused(Exception):  # noqa: N818 - a refusal the page shows, not a failure
    """A lead unit asked for a task it does not lead: the page answers 403 with `message`."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def unit_of(user: User) -> str | None:
    return user.unit if user.role in UNIT_ROLES else None


@dataclass
class Choice:
    """The form as typed, what it chose, each field's problem and the answer's status."""

    values: dict[str, str]
    campaigns: list[CampaignRow] = field(default_factory=list)
    tasks: list[TaskRow] = field(default_factory=list)
    campaign: CampaignRow | None = None
    task: TaskRow | None = None
    indicator: str = ""
    errors: dict[str, str] = field(default_factory=dict)
    status: int = 200

    def problem(self, name: str, key: str, status: int) -> None:
        self.errors[name] = key
        self.status = status


def _uuid(text: str) -> UUID | None:
    try:
        return UUID(text.strip())
    except ValueError:
        return None


def choose(
    svc: Services, user: User, campaign: str, task: str, indicator: str, listed_for: str = ""
) -> Choice:
    """The campaign (default: the first launched one the user may see), the task of the burn-up
    (default: the campaign's first) and its indicator (default: the task's first). The form
    lists the indicators of the task shown (`listed_for`): when another task is chosen on it,
    the indicator chosen with them is the new task's first."""
    if listed_for.strip() and listed_for.strip() != task.strip():
        indicator = ""
    choice = Choice({"campaign": campaign, "task": task, "indicator": indicator})
    unit = unit_of(user)
    with svc.readmodel.read() as queries:
        everything = queries.campaigns()
        if unit is None:
            mine = queries.tasks()
        else:
            mine = queries.tasks_led_by(queries.unit_names().names_for(unit))
        wanted_task = _uuid(task) if task.strip() else None
        asked = queries.task(wanted_task) if wanted_task else None
    seen = {t.campaign_id for t in mine}
    choice.campaigns = [c for c in everything if unit is None or c.id in seen]
    if campaign.strip():
        wanted = _uuid(campaign)
        if wanted is None:
            choice.problem("campaign", "dash_bad_id", 422)
            return choice
        choice.campaign = next((c for c in everything if c.id == wanted), None)
        if choice.campaign is None:
            choice.problem("campaign", "dash_no_such_campaign", 404)
            return choice
    else:
        launched = [c for c in choice.campaigns if c.launched_on is not None]
        choice.campaign = next(iter(launched or choice.campaigns), None)
    if choice.campaign is None:
        return choice
    choice.tasks = [t for t in mine if t.campaign_id == choice.campaign.id]
    if task.strip():
        if wanted_task is None:
            choice.problem("task", "dash_bad_id", 422)
            return choice
        if asked is None:
            choice.problem("task", "dash_no_such_task", 404)
            return choice
        if asked.campaign_id == choice.campaign.id:
            if all(t.id != asked.id for t in choice.tasks):
                said = {"unit": user.unit, "number": asked.number}
                zh = i18n.translate("dash_not_your_task", "zh", **said)
                raise Refused(f"{zh} / {i18n.translate('dash_not_your_task', 'en', **said)}")
            choice.task = asked
        # A task of another campaign: the campaign was changed on the form; its first task.
    if choice.task is None:
        choice.task = next(iter(choice.tasks), None)
        indicator = indicator if choice.task and choice.task.id == wanted_task else ""
    if choice.task is not None:
        codes = [i.code for i in choice.task.indicators]
        if indicator and indicator not in codes:
            choice.problem("indicator", "dash_no_such_indicator", 404)
            return choice
        choice.indicator = indicator or next(iter(codes), "")
    return choice


def panel(svc: Services, user: User, kind: str, choice: Choice, on: date, lang: Lang) -> Panel:
    """One figure as the dashboards API builds it, narrowed to a lead unit's own rows; with no
    campaign to choose from, the league table and the heatmap are the portfolio's (the user's
    own rows: none), as the API's are."""
    unit, cid = unit_of(user), choice.campaign.id if choice.campaign else None
    if kind == "burnup":
        assert choice.task is not None
        return read.burnup_panel(svc.readmodel, choice.task.id, choice.indicator, on, lang)
    if kind == "timeliness":
        return read.timeliness_panel(svc.readmodel, cid, on, lang, unit)
    if kind == "delays":
        return read.delays_panel(svc.readmodel, cid, on, lang, unit)
    assert cid is not None
    return read.milestones_panel(svc.readmodel, cid, on, lang, unit)


@dataclass(frozen=True)
class Shown:
    """A figure as the page draws it: its JSON for plotly.js and its numbers as a table."""

    kind: str
    title: str
    data: str  # plotly's figure JSON, safe inside <script type="application/json">
    heads: list[str]
    rows: list[list[str]]


def _cell(kind: str, key: str, value: object, lang: str) -> str:
    if value is None:
        return "—"
    if key in _WORDS and f"{_WORDS[key]}{value}" in i18n.STRINGS:
        return i18n.translate(f"{_WORDS[key]}{value}", lang)
    if key in _DATES and isinstance(value, str) and len(value) == 10:
        return i18n.day(date.fromisoformat(value), lang)
    if key == "period" and isinstance(value, str):
        return i18n.period(value, lang)
    if isinstance(value, float):
        return number(value, 2)
    return str(value)


def _head(kind: str, key: str, lang: str) -> str:
    own = _OWN_HEADERS.get((kind, key))
    if own:
        return i18n.translate(own, lang)
    zh, en = HEADERS.get(key, (key, key))
    return en if lang == "en" else zh


def _safe_json(text: str) -> str:
    # Inside a script element only "</" could end it early; JSON allows these escapes.
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def shown(kind: str, built: Panel, lang: str) -> Shown:
    table: Sequence[Mapping[str, object]] = built.table
    keys = list(table[0]) if table else []
    return Shown(
        kind,
        str(built.figure.layout.title.text or built.name),
        _safe_json(built.figure.to_json()),
        [_head(kind, k, lang) for k in keys],
        [[_cell(kind, k, row.get(k), lang) for k in keys] for row in table],
    )
