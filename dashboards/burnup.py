"""An indicator's burn-up: what was reported month by month against the plan line the domain
draws (domain/trajectory.py, through domain.indicators.evaluate), the least-squares forecast at
the deadline, the target and the deadline. Pure: rows in, figure out.

Values are in the unit the indicator's reports use (a rate in %, a check list in items closed,
a recurring action in times done, milestones in milestones completed), the scale on which the
domain judges it, so the figure and the status it names never disagree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal

import plotly.graph_objects as go

from dashboards.style import (
    BLUE,
    GREEN,
    GREY,
    ORANGE,
    Lang,
    day_label,
    empty_note,
    layout,
    say,
    with_unit,
)
from domain.errors import NotFound
from domain.indicators import evaluate
from domain.judgement import judge
from domain.trajectory import period_end
from domain.values import Indicator, Period, Shape, Status, is_readable
from domain.views import CampaignRow, PeriodRow, TaskRow, history

STATUS_WORDS = {
    Status.ON_TRACK: ("正常", "on track"),
    Status.AT_RISK: ("有风险", "at risk"),
    Status.LATE: ("滞后", "late"),
    Status.NOT_COMPUTABLE: ("无法计算", "not computable"),
}
Point = tuple[date, Decimal]


@dataclass(frozen=True)
class Burnup:
    """What the figure draws, computed from the read model's rows on the day `on`."""

    task_number: str
    task_title: str
    indicator: Indicator
    unit: tuple[str, str]  # the reports' unit, zh and en
    on: date
    plan: tuple[Point, ...]  # the start, then each month-end up to the deadline
    actual: tuple[Point, ...]  # each standing report's value on its period's last day
    forecast: Decimal | None  # the domain's least-squares value at the deadline
    goal: Decimal | None  # the target on the same scale; None: not computable
    status: Status
    problem: str = ""


def report_unit(indicator: Indicator) -> tuple[str, str]:
    if indicator.shape is Shape.MILESTONES:
        return "个节点", "milestones"
    if indicator.shape is Shape.CHECKLIST and indicator.case_load:
        return "项", "items"
    if indicator.shape is Shape.RATE:
        return "%", "%"
    return indicator.unit, indicator.unit


MAX_POINTS = 120  # a line of ten years by month; a longer one is thinned, never unbounded


def _month_ends(start: date, last: date) -> list[date]:
    """Each month's last day from `start`'s month while before `last`, then `last` itself;
    thinned to at most MAX_POINTS (a deadline in year 9999 costs no more than one in 2026)."""
    months = max(0, (last.year - start.year) * 12 + last.month - start.month)
    step = -(-months // MAX_POINTS) or 1
    days, period = [], Period.of(start)
    for k in range(0, months, step):
        month = period.month - 1 + k
        end = period_end(str(Period(period.year + month // 12, month % 12 + 1)))
        if end < last:
            days.append(end)
    return [*days, last]


def _readable(rows: Sequence[PeriodRow]) -> list[PeriodRow]:
    return [
        replace(p, actuals={c: v for c, v in p.actuals.items() if is_readable(v)}) for p in rows
    ]


def burnup(
    campaign: CampaignRow, task: TaskRow, periods: Sequence[PeriodRow], code: str, on: date
) -> Burnup:
    """The burn-up of indicator `code` of `task` (its first indicator when `code` is empty)."""
    indicator = next((i for i in task.indicators if i.code == code or not code), None)
    if indicator is None:
        known = ", ".join(i.code for i in task.indicators) or "none"
        raise NotFound(
            "indicator",
            f"任务{task.number}没有指标「{code}」 / task {task.number} "
            f"has no indicator '{code}' (it has: {known})",
        )
    judged = next(
        j
        for j in judge(campaign, task, periods, on).indicators
        if j.indicator.code == indicator.code
    )
    base = Burnup(
        task.number,
        task.title,
        indicator,
        report_unit(indicator),
        on,
        (),
        (),
        None,
        None,
        judged.status,
        judged.problem,
    )
    if judged.standing is None:
        return base
    start = Period.parse(campaign.start_period).first_day()
    ms, done = task.milestones, task.milestones_done

    def at(day: date) -> Decimal:
        return evaluate(indicator, start, day, None, (), ms, done).planned

    plan = [(start, judged.standing.start)] + [
        (d, at(d)) for d in _month_ends(start, indicator.deadline)
    ]
    if indicator.shape is Shape.MILESTONES:
        # Nothing changes after the last milestone done, so the line stops there (or today).
        last = min(on, max(indicator.deadline, *done.values()) if done else indicator.deadline)
        days = [d for d in _month_ends(start, last) if d <= on] if last >= start else []
        actual = [(d, evaluate(indicator, start, d, None, (), ms, done).actual) for d in days]
        points = [(d, v) for d, v in actual if v is not None]
    else:
        observed = history(_readable(periods)).get(indicator.code, [])
        points = [(o.on, o.value) for o in observed]
    return replace(
        base,
        plan=tuple(plan),
        actual=tuple(points),
        forecast=judged.standing.forecast,
        goal=judged.standing.goal,
    )


def title(data: Burnup, lang: Lang) -> str:
    zh, en = STATUS_WORDS[data.status]
    i = data.indicator
    return say(
        lang,
        f"任务{data.task_number}「{i.name}」进度：实际、计划与预测 · 状态：{zh}",
        f"Task {data.task_number} '{i.name}' burn-up: actual, plan and forecast · status: {en}",
    )


def figure(data: Burnup, lang: Lang) -> go.Figure:
    unit = say(lang, *data.unit)
    i = data.indicator
    fig = go.Figure()
    hover = f"%{{x|%Y-%m-%d}}<br>%{{y:,.2f}} {unit}<extra>%{{fullData.name}}</extra>"
    if data.plan:
        fig.add_trace(
            go.Scatter(
                name=say(lang, "计划进度", "plan"),
                x=[d for d, _ in data.plan],
                y=[float(v) for _, v in data.plan],
                mode="lines",
                line={"color": GREY, "width": 2, "dash": "dash"},
                hovertemplate=hover,
            )
        )
    if data.goal is not None and data.plan:
        start = data.plan[0][0]
        fig.add_trace(
            go.Scatter(
                name=say(
                    lang,
                    f"目标值 {with_unit(data.goal, unit)}",
                    f"target {with_unit(data.goal, unit)}",
                ),
                x=[start, i.deadline],
                y=[float(data.goal)] * 2,
                mode="lines",
                line={"color": GREEN, "width": 2, "dash": "dashdot"},
                hovertemplate=hover,
            )
        )
    if data.actual:
        fig.add_trace(
            go.Scatter(
                name=say(lang, "实际完成（月度专报）", "actual (monthly reports)"),
                x=[d for d, _ in data.actual],
                y=[float(v) for _, v in data.actual],
                mode="lines+markers+text",
                text=[with_unit(v, unit) for _, v in data.actual],
                textposition="top left",
                line={"color": BLUE, "width": 3},
                marker={"symbol": "circle", "size": 9},
                hovertemplate=hover,
            )
        )
    if data.forecast is not None and data.actual:
        last_day, last = data.actual[-1]
        fig.add_trace(
            go.Scatter(
                name=say(
                    lang,
                    f"预测（最小二乘）：{with_unit(data.forecast, unit)}",
                    f"forecast (least squares): {with_unit(data.forecast, unit)}",
                ),
                x=[last_day, i.deadline],
                y=[float(last), float(data.forecast)],
                mode="lines+markers",
                line={"color": ORANGE, "width": 2, "dash": "dot"},
                marker={"symbol": ["circle-open", "diamond"], "size": [1, 12]},
                hovertemplate=hover,
            )
        )
    _deadline(fig, i.deadline, lang)
    layout(fig, title(data, lang), lang)
    fig.update_xaxes(
        title=say(lang, "日期（报告期末）", "date (end of the reporting period)"),
        type="date",
        tickformat=say(lang, "%Y年%-m月", "%b %Y"),
    )
    fig.update_yaxes(title=f"{i.name}（{unit}）" if lang == "zh" else f"{i.name} ({unit})")
    if data.problem:
        empty_note(fig, lang, f"无法计算：{data.problem}", f"cannot be computed: {data.problem}")
    elif not data.actual:
        fig.add_annotation(
            text=say(lang, "尚无报告数值", "no value reported yet"),
            xref="paper",
            yref="paper",
            x=0.02,
            y=0.95,
            showarrow=False,
        )
    return fig


def _deadline(fig: go.Figure, deadline: date, lang: Lang) -> None:
    """A vertical rule at the deadline, named in words (a shape has no legend entry)."""
    x = deadline.isoformat()
    fig.add_shape(
        type="line",
        x0=x,
        x1=x,
        xref="x",
        y0=0,
        y1=1,
        yref="paper",
        line={"color": "black", "width": 1.5, "dash": "longdash"},
    )
    fig.add_annotation(
        x=x,
        xref="x",
        y=1,
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text=say(
            lang, f"完成时限 {day_label(deadline, lang)}", f"deadline {day_label(deadline, lang)}"
        ),
    )


def table(data: Burnup) -> list[dict[str, object]]:
    """Every point drawn, by series: plan, actual, forecast, target."""

    def rows(series: str, points: Sequence[Point]) -> list[dict[str, object]]:
        return [{"series": series, "on": d.isoformat(), "value": float(v)} for d, v in points]

    found = rows("plan", data.plan) + rows("actual", data.actual)
    if data.forecast is not None:
        found += rows("forecast", [(data.indicator.deadline, data.forecast)])
    if data.goal is not None:
        found += rows("target", [(data.indicator.deadline, data.goal)])
    return found
