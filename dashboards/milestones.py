"""The milestone timeline (时间节点) of a campaign's tasks: each milestone's planned date and
the day it was done, judged on a day. Pure: rows in, figure out.

A milestone is done on time, done late, overdue (not done, its date passed) or to come. Each
state has its own marker shape and legend words as well as its colour; a line joins a late
milestone's planned date to the day it was done.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

import plotly.graph_objects as go

from dashboards.style import (
    BLUE,
    GREY,
    ORANGE,
    VERMILLION,
    Lang,
    day_label,
    empty_note,
    layout,
    say,
)
from domain.views import TaskRow


class State(StrEnum):
    DONE_ON_TIME = "done_on_time"
    DONE_LATE = "done_late"
    OVERDUE = "overdue"
    TO_COME = "to_come"


# state -> zh, en, colour, marker of the done (or today's) point
_LOOK = {
    State.DONE_ON_TIME: ("按期完成", "done on time", BLUE, "circle"),
    State.DONE_LATE: ("逾期完成", "done late", ORANGE, "triangle-up"),
    State.OVERDUE: ("逾期未完成", "overdue, not done", VERMILLION, "x"),
    State.TO_COME: ("未到期", "not due yet", GREY, "circle-open"),
}


@dataclass(frozen=True)
class MilestoneLine:
    task_number: str
    task_title: str
    code: str
    name: str
    due: date
    done: date | None
    state: State

    @property
    def days_late(self) -> int:
        return max(((self.done or self.due) - self.due).days, 0)

    def as_dict(self) -> dict[str, object]:
        return {
            "task": self.task_number,
            "task_title": self.task_title,
            "code": self.code,
            "name": self.name,
            "due": self.due.isoformat(),
            "done": self.done.isoformat() if self.done else None,
            "state": self.state.value,
            "days_late": self.days_late,
        }


def state_of(due: date, done: date | None, on: date) -> State:
    if done is not None and done <= on:
        return State.DONE_ON_TIME if done <= due else State.DONE_LATE
    return State.OVERDUE if due < on else State.TO_COME


def lines(tasks: Sequence[TaskRow], on: date) -> list[MilestoneLine]:
    """Every milestone of `tasks`, by planned date, then task order (a completion recorded after
    `on` does not count yet)."""
    found = [
        MilestoneLine(
            t.number,
            t.title,
            m.code,
            m.name,
            m.due,
            t.milestones_done.get(m.code),
            state_of(m.due, t.milestones_done.get(m.code), on),
        )
        for t in tasks
        for m in t.milestones
    ]
    order = {t.number: k for k, t in enumerate(tasks)}
    return sorted(found, key=lambda m: (m.due, order[m.task_number], m.code))


def _label(m: MilestoneLine, lang: Lang) -> str:
    return say(lang, f"任务{m.task_number} · {m.name}", f"Task {m.task_number} · {m.name}")


def title(scope: str, on: date, lang: Lang) -> str:
    day = day_label(on, lang)
    return say(
        lang,
        f"时间节点：计划与完成 · {scope} · {day}",
        f"Milestones: planned and done · {scope} · on {day}",
    )


def _moved(day: date, days: int) -> date:
    try:
        return day + timedelta(days=days)
    except OverflowError:  # by year 1 or 9999: the calendar's own edge
        return day


def month_axis(items: Sequence[MilestoneLine], on: date) -> dict[str, object]:
    """Whole months from a week before the first date shown (today included) to the month
    after a week past the last, a tick a month (every few months on a long span): each month
    labelled once, where plotly's own ticks on a span of days repeated the month's label."""
    days = [on, *(m.due for m in items), *(m.done for m in items if m.done is not None)]
    first, last = _moved(min(days), -7), _moved(max(days), 7)
    start = date(first.year, first.month, 1)
    end = (
        date.max
        if last.year == date.max.year and last.month == 12
        else date(last.year + last.month // 12, last.month % 12 + 1, 1)
    )
    months = (end.year - start.year) * 12 + end.month - start.month
    step = next((s for s in (1, 2, 3, 6, 12, 24, 60, 120, 600) if months <= 12 * s), 1200)
    return {
        "range": [start.isoformat(), end.isoformat()],
        "tick0": start.isoformat(),
        "dtick": f"M{step}",
    }


def _nothing(fig: go.Figure, scope: str, on: date, lang: Lang) -> go.Figure:
    """No milestone: the words say so in an empty frame, with no axis to mislabel."""
    layout(fig, title(scope, on, lang), lang, 360)
    fig.update_layout(showlegend=False)
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return empty_note(fig, lang, "该专项行动没有时间节点", "this campaign has no milestones")


def figure(items: Sequence[MilestoneLine], scope: str, on: date, lang: Lang) -> go.Figure:
    fig = go.Figure()
    if not items:
        return _nothing(fig, scope, on, lang)
    labels = [_label(m, lang) for m in items]
    fig.add_trace(
        go.Scatter(
            name=say(lang, "计划日期", "planned date"),
            x=[m.due for m in items],
            y=labels,
            mode="markers",
            marker={"symbol": "diamond-open", "size": 13, "color": "black", "line": {"width": 2}},
            hovertemplate=say(
                lang,
                "%{y}<br>计划 %{x|%Y-%m-%d}<extra></extra>",
                "%{y}<br>planned %{x|%Y-%m-%d}<extra></extra>",
            ),
        )
    )
    for state, (zh, en, colour, symbol) in _LOOK.items():
        chosen = [m for m in items if m.state is state]
        if not chosen:
            continue
        xs: list[date | None] = []
        ys: list[str | None] = []
        for m in chosen:  # a segment from the planned date to the day done (or today)
            end = m.done if m.done is not None and m.state is not State.OVERDUE else on
            if state is State.TO_COME:
                end = m.due
            xs += [m.due, end, None]
            ys += [_label(m, lang), _label(m, lang), None]
        fig.add_trace(
            go.Scatter(
                name=say(lang, zh, en),
                x=xs,
                y=ys,
                mode="lines+markers",
                legendgroup=state.value,
                line={"color": colour, "width": 3},
                marker={
                    "symbol": ["circle-open", symbol, "circle"] * len(chosen),
                    "color": colour,
                    "size": [1, 14, 1] * len(chosen),
                    "line": {"width": 2, "color": colour},
                },
                customdata=[[say(lang, zh, en), m.days_late] for m in chosen for _ in range(3)],
                hovertemplate=say(
                    lang,
                    "%{y}<br>%{customdata[0]} %{x|%Y-%m-%d}（逾期 %{customdata[1]} 天）"
                    "<extra></extra>",
                    "%{y}<br>%{customdata[0]} %{x|%Y-%m-%d} (%{customdata[1]} days late)"
                    "<extra></extra>",
                ),
            )
        )
    today = on.isoformat()
    fig.add_shape(
        type="line",
        x0=today,
        x1=today,
        y0=0,
        y1=1,
        yref="paper",
        line={"color": GREY, "width": 1, "dash": "dot"},
    )
    day = day_label(on, lang)
    fig.add_annotation(
        x=today,
        y=1,
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        text=say(lang, f"今天 {day}", f"today {day}"),
    )
    layout(fig, title(scope, on, lang), lang, max(360, 140 + 32 * len(items)))
    fig.update_xaxes(
        title=say(lang, "日期", "date"),
        type="date",
        tickformat=say(lang, "%Y年%-m月", "%b %Y"),
        **month_axis(items, on),
    )
    fig.update_yaxes(
        title=say(lang, "时间节点", "milestone"),
        autorange="reversed",
        type="category",
        categoryorder="array",
        categoryarray=labels,
    )
    return fig


def table(items: Sequence[MilestoneLine]) -> list[dict[str, object]]:
    return [m.as_dict() for m in items]
