"""What the lead unit's pages show, read from the read model and its kept answers (never a
replay): the inbox in the order a unit works it, a task with its periods, working days left,
and the report form's figures parsed and checked field by field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from uuid import UUID

from api.errors import ApiError
from api.presenters import reads
from api.presenters.campaigns import task_out
from api.schemas.campaigns import IndicatorOut, TaskOut
from api.schemas.monitoring import InboxOut
from api.services import Services
from domain.calendar import WorkCalendar
from domain.errors import InvalidInput
from domain.indicators import rate_from_resolved
from domain.task import Task
from domain.values import Shape, number_problem, text_problem
from domain.views import PeriodRow

REPLACED = "\ufffd"
# ASCII digits only: a full-width １２ or an Arabic-Indic digit is refused, never folded.
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?", re.ASCII)


def workdays_left(calendar: WorkCalendar, today: date, due: date | None) -> int | None:
    """Working days from today to the due date: 0 when due today, negative once past it."""
    if due is None:
        return None
    step = 1 if due >= today else -1
    count, day = 0, today
    while day != due:
        day += timedelta(days=step)
        if calendar.is_workday(day):
            count += step
    return count


def workday_of_month(calendar: WorkCalendar, today: date) -> int:
    """第N个工作日: today's place among the month's working days (0 before the first)."""
    days = (today.replace(day=d) for d in range(1, today.day + 1))
    return sum(1 for d in days if calendar.is_workday(d))


@dataclass(frozen=True)
class InboxRow:
    kind: str  # overdue, returned, due
    task_id: UUID
    campaign: str
    task: str
    period: str
    due_on: date | None
    left: int | None
    reason: str = ""


def inbox_rows(
    svc: Services, unit: str, calendar: WorkCalendar, today: date
) -> tuple[list[InboxRow], InboxOut]:
    """Overdue first, then returned reports (with the reason), then the rest; soonest due first
    within each."""
    inbox = InboxOut.model_validate_json(reads.unit_inbox(svc, unit))
    rows = [
        InboxRow(
            "overdue",
            o.task_id,
            o.campaign_name,
            f"{o.task_number} {o.task_title}",
            o.period,
            o.due_on,
            workdays_left(calendar, today, o.due_on),
        )
        for o in inbox.overdue
    ]
    rows += [
        InboxRow(
            "returned" if d.returned else "due",
            d.task_id,
            d.campaign_name,
            f"{d.task_number} {d.task_title}",
            d.period,
            d.due_on,
            workdays_left(calendar, today, d.due_on),
            d.return_reason,
        )
        for d in inbox.due
    ]
    order = {"overdue": 0, "returned": 1, "due": 2}
    rows.sort(key=lambda r: (order[r.kind], r.due_on or date.max, r.period, r.task))
    return rows, inbox


@dataclass(frozen=True)
class TaskView:
    out: TaskOut
    campaign: str
    periods: list[PeriodRow]

    @property
    def open_periods(self) -> list[PeriodRow]:
        return [p for p in self.periods if p.opened_on and p.awaiting]


def task_view(svc: Services, task_id: UUID, on: date) -> TaskView:
    with svc.readmodel.read() as queries:
        task = queries.task(task_id)
        campaign = queries.campaign(task.campaign_id) if task else None
        periods = queries.periods_of_tasks([task_id]) if task else []
        supervisions = queries.open_supervisions_of_tasks([task_id]) if task else []
    if task is None or campaign is None:
        raise ApiError(404, ["path", "task_id"], "没有这个任务 / no such task", "not_found")
    out = task_out(campaign, task, periods, supervisions[0] if supervisions else None, on)
    periods.sort(key=lambda p: p.period)
    return TaskView(out, campaign.name, periods)


@dataclass
class ReportForm:
    """The submitted fields as typed, and each field's problem (by form field name)."""

    values: dict[str, str]
    errors: dict[str, str] = field(default_factory=dict)
    actuals: dict[str, Decimal] = field(default_factory=dict)


def field_name(indicator: IndicatorOut) -> str:
    prefix = "resolved" if takes_resolved(indicator) else "actuals"
    return f"{prefix}.{indicator.code}"


def takes_resolved(indicator: IndicatorOut) -> bool:
    return indicator.shape == Shape.RATE.value and bool(indicator.case_load)


def parse_figure(text: str) -> tuple[Decimal | None, str | None]:
    """(value, problem): None and None for an empty field."""
    text = text.strip()
    if not text:
        return None, None
    if not _NUMBER.fullmatch(text):
        return None, "not_number"
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None, "not_number"
    return value, number_problem(value)


def read_form(task: Task, indicators: list[IndicatorOut], values: dict[str, str]) -> ReportForm:
    """Check every field of the report form; the figures as the domain takes them."""
    form = ReportForm(values)
    for indicator in indicators:
        if indicator.shape == Shape.MILESTONES.value:
            continue
        name = field_name(indicator)
        value, problem = parse_figure(values.get(name, ""))
        if problem:
            form.errors[name] = problem
        elif value is not None and takes_resolved(indicator):
            domain_indicator = task.indicator(indicator.code)
            try:
                assert domain_indicator is not None
                form.actuals[indicator.code] = rate_from_resolved(domain_indicator, value, name)
            except InvalidInput as error:
                form.errors[name] = error.message
        elif value is not None:
            form.actuals[indicator.code] = value
    for name in ("progress", "problems", "next_steps"):
        text = values.get(name, "")
        problem = text_problem(text, True)
        if REPLACED in text:
            # The form parser turns bytes that are not UTF-8 (a lone surrogate) into U+FFFD:
            # refused, not stored as a character nobody wrote.
            form.errors[name] = "not_utf8"
        elif problem:
            form.errors[name] = problem
        elif name == "progress" and not text.strip():
            form.errors[name] = "required"
    return form


def error_field(error: InvalidInput, indicators: list[IndicatorOut]) -> str:
    """The form field a domain refusal names: actuals.<code> may be a resolved.<code> field."""
    if error.field.startswith("actuals."):
        code = error.field.removeprefix("actuals.")
        for indicator in indicators:
            if indicator.code == code:
                return field_name(indicator)
    return error.field
