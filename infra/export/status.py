"""Gathers the status workbook's rows from the read model, judging each task's status with the
very function GET /api/campaigns/{id} uses (`domain.judgement.judge`)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from uuid import UUID

from domain.campaign import Phase
from domain.judgement import by_task, judge
from domain.values import Direction, Indicator, Period, ReportState, Status, is_readable
from domain.views import CampaignRow, PeriodRow, TaskRow
from infra.export.sheets import decimal_text
from infra.export.status_xlsx import StatusReport, StatusRow
from infra.readmodel import Queries

TITLE = "城市管理精细化专项行动推进情况汇总表"
JOIN_UNITS = "、"
STANDING = (ReportState.SUBMITTED, ReportState.ACCEPTED)
UNREADABLE = "（数值无法读取）"
Judged = tuple[Status, str]  # a task's status and why it is not computable


def default_period(periods: Iterable[PeriodRow], as_of: date) -> str:
    """The latest period whose report has fallen due by `as_of`; else the latest opened; else
    the month of `as_of`."""
    rows = list(periods)
    due = [p.period for p in rows if p.due_on is not None and p.due_on <= as_of]
    opened = [p.period for p in rows if p.opened_on is not None]
    return chosen_period(max(due, default=None), max(opened, default=None), as_of)


def chosen_period(latest_due: str | None, latest_opened: str | None, as_of: date) -> str:
    return latest_due or latest_opened or str(Period.of(as_of))


def _figures(indicators: Sequence[Indicator], values: dict[str, str]) -> str:
    return "\n".join(
        f"{i.name} {values[i.code]} {i.unit}".strip() for i in indicators if i.code in values
    )


def figure(value: Decimal) -> str:
    """A figure as the table writes it; one stored before the border refused it is named as
    such instead of spelled out (1E+999999 would be a million digits)."""
    return decimal_text(value) if is_readable(value) else UNREADABLE


def _target(indicator: Indicator) -> str:
    """180; ≤8000 for a value to bring down."""
    ceiling = "≤" if indicator.direction is Direction.DOWN else ""
    return ceiling + figure(indicator.target)


def submission(record: PeriodRow | None) -> str:
    """submitted / accepted / returned / overdue / still due, for the chosen period."""
    if record is None:
        return "未开放"
    late = "（逾期补报）" if record.late else ""
    if record.state is ReportState.ACCEPTED:
        return f"已通过{late}"
    if record.state is ReportState.SUBMITTED:
        return f"已报送，待审核{late}"
    overdue = "，已逾期" if record.overdue_on else ""
    if record.state is ReportState.RETURNED:
        return f"已退回：{record.return_reason}{overdue}"
    if record.overdue_on:
        return "逾期未报"
    return f"待报送（{record.due_on.isoformat()}截止）" if record.due_on else "待报送"


def task_row(
    campaign: CampaignRow,
    task: TaskRow,
    periods: list[PeriodRow],
    period: str,
    as_of: date,
    judged: Judged | None = None,
) -> StatusRow:
    record = next((p for p in periods if p.period == period), None)
    report = record if record is not None and record.state in STANDING else None
    actuals = {c: figure(v) for c, v in report.actuals.items()} if report else {}
    targets = {i.code: _target(i) for i in task.indicators}
    supervised = "；督导中" if task.open_supervision else ""
    if judged is None:
        judgement = judge(campaign, task, periods, as_of)
        judged = judgement.status, judgement.problem
    return StatusRow(
        campaign_code=campaign.code,
        campaign=campaign.name,
        number=task.number,
        task=task.title,
        lead_units=JOIN_UNITS.join(task.lead_units),
        supporting_units=JOIN_UNITS.join(task.supporting_units),
        targets=_figures(task.indicators, targets),
        actuals=_figures(task.indicators, actuals),
        status=judged[0],
        status_reason=judged[1],
        problems=report.problems if report else "",
        next_steps=report.next_steps if report else "",
        submission=submission(record) + supervised,
    )


@dataclass(frozen=True)
class StatusRows:
    """What the workbook is written from, fetched in one read transaction."""

    campaigns: list[CampaignRow]
    tasks: list[TaskRow]
    period: str  # the period reported on
    periods: list[PeriodRow]  # every task's row of `period`; all rows of a task to judge
    judged: Mapping[UUID, Judged]  # tasks judged already


Known = Callable[[list[CampaignRow], list[TaskRow]], Mapping[UUID, Judged]]


def fetch_status(
    queries: Queries,
    as_of: date,
    period: str | None = None,
    unit: str | None = None,
    known: Known | None = None,
) -> StatusRows:
    """Every campaign, the tasks (only those `unit` leads, when given) and their rows of the
    period (default: the latest due by `as_of`, as `default_period`). A task `known` has judged
    already needs no more; the others' every row is fetched to judge them."""
    # A unit answers for tasks led under its name, an alias of it, or a group it belongs to.
    names = queries.unit_names().names_for(unit) if unit else None
    campaigns = queries.campaigns()
    tasks = queries.tasks_led_by(names) if names else queries.tasks()
    judged = known(campaigns, tasks) if known else {}
    chosen = period or chosen_period(*queries.latest_periods(as_of, names), as_of)
    to_judge = [t.id for t in tasks if t.id not in judged]
    if len(to_judge) == len(tasks):
        periods = queries.periods_led_by(names) if names else queries.periods()
    else:
        periods = queries.periods_called(chosen, names)
        periods += [p for p in queries.periods_of_tasks(to_judge) if p.period != chosen]
        periods.sort(key=lambda p: p.period)  # as the rules read a task's rows: in order
    return StatusRows(campaigns, tasks, chosen, periods, judged)


def build_status(rows: StatusRows, as_of: date, unit: str | None = None) -> StatusReport:
    """Every launched campaign's tasks, their status on `as_of` (as judged already, else judged
    here) and their reports for the period."""
    periods = by_task(rows.periods)
    tasks = by_campaign(rows.tasks)
    table = [
        task_row(campaign, task, periods[task.id], rows.period, as_of, rows.judged.get(task.id))
        for campaign in rows.campaigns
        if campaign.phase is not Phase.DRAFT
        for task in tasks.get(campaign.id, ())
    ]
    return StatusReport(TITLE, rows.period, as_of, tuple(table), scope=unit or "")


def by_campaign(tasks: Iterable[TaskRow]) -> dict[UUID, list[TaskRow]]:
    grouped: dict[UUID, list[TaskRow]] = defaultdict(list)
    for task in tasks:
        grouped[task.campaign_id].append(task)
    return grouped


def gather_status(
    queries: Queries, as_of: date, period: str | None = None, unit: str | None = None
) -> StatusReport:
    """Every launched campaign's tasks (only those `unit` leads, when given), their status on
    `as_of` and their reports for `period` (default: `default_period`)."""
    if period is not None:
        period = str(Period.parse(period))  # refused before anything is fetched
    return build_status(fetch_status(queries, as_of, period, unit), as_of, unit)
