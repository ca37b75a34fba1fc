"""Each task's status as the read side shows it: judged from its read-model rows on a day.

The portfolio, the campaign view and the status export all call `judge`, so they never
disagree. A value stored before the border refused it (an actual of 1E+999999, a NaN, a period
in full-width digits) is not allowed to take the reads down: the indicator it belongs to, and
so its task, is judged `not_computable` with the reason, and every other task reads on.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, DecimalException
from uuid import UUID

from domain.errors import DomainError
from domain.indicators import Standing, evaluate
from domain.status import indicator_status, task_status
from domain.values import Indicator, Status, is_readable
from domain.views import CampaignRow, PeriodRow, TaskRow, status_input

# What arithmetic on an unreadable stored value can raise; anything else is a bug to surface.
UNREADABLE = (DecimalException, ArithmeticError, DomainError, ValueError)


@dataclass(frozen=True)
class IndicatorJudgement:
    indicator: Indicator
    standing: Standing | None  # None: not even the plan can be computed
    status: Status
    problem: str = ""  # why it is not computable


@dataclass(frozen=True)
class TaskJudgement:
    status: Status
    indicators: tuple[IndicatorJudgement, ...]
    latest_actuals: dict[str, Decimal]  # readable ones only
    problem: str = ""  # why the task is not computable


def by_task(periods: Iterable[PeriodRow]) -> dict[UUID, list[PeriodRow]]:
    grouped: dict[UUID, list[PeriodRow]] = defaultdict(list)
    for row in periods:
        grouped[row.task_id].append(row)
    return grouped


def _shown(value: object) -> str:
    text = str(value)
    return text if len(text) <= 40 else text[:37] + "..."


def unreadable_values(rows: Sequence[PeriodRow]) -> dict[str, str]:
    """Indicator code -> why a stored report value of it cannot be read."""
    found: dict[str, str] = {}
    for row in rows:
        for code, value in row.actuals.items():
            if not is_readable(value) and code not in found:
                found[code] = (
                    f"{row.period} 报告的数值无法读取：{_shown(value)} / "
                    f"the value reported for {row.period} cannot be read: {_shown(value)}"
                )
    return found


def definition_problem(indicator: Indicator) -> str:
    figures = [indicator.baseline, indicator.target, *(p.value for p in indicator.plan)]
    if indicator.case_load is not None:
        figures.append(indicator.case_load)
    bad = next((f for f in figures if not is_readable(f)), None)
    if bad is None:
        return ""
    return f"指标定义含有无法读取的数值：{_shown(bad)} / the definition holds {_shown(bad)}"


def _readable_only(row: PeriodRow) -> PeriodRow:
    if all(is_readable(v) for v in row.actuals.values()):
        return row
    return replace(row, actuals={c: v for c, v in row.actuals.items() if is_readable(v)})


def _not_computable(task: TaskRow, problem: str) -> TaskJudgement:
    indicators = tuple(
        IndicatorJudgement(i, None, Status.NOT_COMPUTABLE, problem) for i in task.indicators
    )
    return TaskJudgement(Status.NOT_COMPUTABLE, indicators, {}, problem)


def judge(
    campaign: CampaignRow, task: TaskRow, periods: Sequence[PeriodRow], on: date
) -> TaskJudgement:
    """The task's status on `on`, each indicator's standing, and why not, where it cannot be
    computed."""
    bad_values = unreadable_values(periods)
    clean = [_readable_only(p) for p in periods]
    try:
        facts = status_input(campaign, task, clean, on)
    except UNREADABLE as error:
        return _not_computable(task, f"无法计算 / cannot be computed: {error}")
    judged: list[IndicatorJudgement] = []
    for indicator in task.indicators:
        problem = definition_problem(indicator)
        standing = None
        if not problem:
            # An indicator with an unreadable report still shows what the plan asks by now.
            unreadable = bad_values.get(indicator.code, "")
            try:
                standing = evaluate(
                    indicator,
                    facts.start,
                    facts.as_of,
                    None if unreadable else facts.latest_actuals.get(indicator.code),
                    () if unreadable else facts.history.get(indicator.code, ()),
                    facts.milestones,
                    facts.milestones_done,
                )
                status = Status.NOT_COMPUTABLE if unreadable else indicator_status(standing)
                problem = unreadable
            except UNREADABLE as error:
                standing, problem = None, f"无法计算 / cannot be computed: {error}"
        if standing is None:
            status = Status.NOT_COMPUTABLE
        judged.append(IndicatorJudgement(indicator, standing, status, problem))
    problems = [j.problem for j in judged if j.problem]
    if problems:
        status = Status.NOT_COMPUTABLE
    else:
        status = task_status(facts, [j.standing for j in judged if j.standing is not None])
    # Readable values only: an unreadable one is named in `problem`, never shown as a figure.
    return TaskJudgement(status, tuple(judged), dict(facts.latest_actuals), "; ".join(problems))


def status_of(
    campaign: CampaignRow, task: TaskRow, periods: Sequence[PeriodRow], on: date
) -> Status:
    return judge(campaign, task, periods, on).status
