"""The figures from rows built by hand (pure, no database): the edges of the punctuality rule,
English labels, values the rules cannot read, and dates no one plans for."""

from __future__ import annotations

import json
import time
from datetime import date
from decimal import Decimal
from uuid import uuid4

from dashboards import burnup, delays, milestones, timeliness
from dashboards.punctuality import Punctuality, judged, league
from dashboards.punctuality import delays as delay_grid
from domain.campaign import Phase
from domain.values import (
    Attribute,
    Indicator,
    Milestone,
    ReportingPolicy,
    ReportState,
    Shape,
    Status,
)
from domain.views import CampaignRow, PeriodRow, TaskRow

CID = uuid4()
CAMPAIGN = CampaignRow(CID, "PK", "停车", "专班", 2026, "2026-07", ReportingPolicy(),
                       date(2026, 6, 1), Phase.RUNNING)  # fmt: skip
DUE = date(2026, 8, 5)


def task(
    *indicators: Indicator,
    milestones: tuple[Milestone, ...] = (),
    lead_units: tuple[str, ...] = ("区交通委",),
    milestones_done: dict[str, date] | None = None,
) -> TaskRow:
    return TaskRow(uuid4(), CID, "1", 1, "任务", lead_units, indicators=indicators,
                   milestones=milestones, milestones_done=milestones_done or {})  # fmt: skip


def period(tid: object, p: str = "2026-07", **kw: object) -> PeriodRow:
    return PeriodRow(tid, CID, p, **{"due_on": DUE, **kw})  # type: ignore[arg-type]


def test_the_punctuality_rule_at_its_edges() -> None:
    t = task()
    on_due_day = period(t.id, state=ReportState.SUBMITTED, submitted_on=DUE)
    assert judged(on_due_day, DUE) is None  # due on the cut-off day: not due yet
    assert judged(on_due_day, date(2026, 8, 6)) is Punctuality.ON_TIME
    marked = period(t.id, state=ReportState.ACCEPTED, submitted_on=DUE, late=True)
    assert judged(marked, date(2026, 9, 1)) is Punctuality.LATE
    after = period(t.id, state=ReportState.SUBMITTED, submitted_on=date(2026, 8, 7))
    assert judged(after, date(2026, 8, 6)) is Punctuality.MISSING  # not in by the cut-off
    assert judged(after, date(2026, 8, 8)) is Punctuality.LATE
    returned = period(t.id, state=ReportState.RETURNED, submitted_on=date(2026, 8, 1))
    assert judged(returned, date(2026, 9, 1)) is Punctuality.MISSING
    assert judged(period(t.id, due_on=None), date(2026, 9, 1)) is None  # not opened


def test_a_unit_with_nothing_due_is_no_row_and_ties_go_by_reports_then_name() -> None:
    a, b, c = task(), task(lead_units=("区城管执法局",)), task(lead_units=("区水务局",))
    on_time = {"state": ReportState.ACCEPTED, "submitted_on": date(2026, 8, 1)}
    august = {**on_time, "due_on": date(2026, 9, 7)}
    rows = [period(a.id, **on_time), period(b.id, **on_time), period(b.id, "2026-08", **august)]
    ranked = league([a, b, c], rows, date(2026, 10, 1))
    assert [(r.unit, r.due, float(r.rate)) for r in ranked] == [
        ("区城管执法局", 2, 100.0), ("区交通委", 1, 100.0),
    ]  # fmt: skip


def test_english_labels_and_numbers_with_units() -> None:
    t = task()
    rows = [period(t.id, state=ReportState.SUBMITTED, submitted_on=date(2026, 8, 20), late=True)]
    fig = timeliness.figure(league([t], rows, date(2026, 9, 1)), "all", date(2026, 9, 1), "en")
    assert fig.layout.title.text == "On-time monthly reports by lead unit · all · before 1 Sep 2026"
    assert [d.name for d in fig.data] == ["on time", "late", "missing"]
    assert fig.data[1].text == ("1",) and fig.layout.xaxis.ticksuffix == "%"
    grid = delay_grid([t], rows, date(2026, 9, 1))
    heat = delays.figure(grid, "all", date(2026, 9, 1), "en")
    assert heat.data[0].x == ("Jul 2026",) and [list(r) for r in heat.data[0].z] == [[1]]
    assert heat.layout.xaxis.title.text == "reporting month"


def test_a_value_the_rules_cannot_read_is_named_not_drawn() -> None:
    spaces = Indicator("spaces", "新增共享停车位", "个", Decimal(0), Decimal(180),
                       Attribute.BINDING, date(2026, 12, 31))  # fmt: skip
    t = task(spaces)
    rows = [
        period(t.id, state=ReportState.ACCEPTED, submitted_on=date(2026, 8, 1),
               actuals={"spaces": Decimal("1E+999999")}),
        period(t.id, "2026-08", state=ReportState.ACCEPTED, submitted_on=date(2026, 9, 1),
               actuals={"spaces": Decimal(60)}),
    ]  # fmt: skip
    data = burnup.burnup(CAMPAIGN, t, rows, "spaces", date(2026, 9, 10))
    assert data.status is Status.NOT_COMPUTABLE and "1E+999999" in data.problem
    fig = burnup.figure(data, "en")
    assert "cannot be computed" in fig.layout.annotations[-1].text
    json.loads(fig.to_json())  # no NaN or infinity in the JSON


def test_a_deadline_in_year_9999_costs_no_more_than_one_this_year() -> None:
    far = date(9999, 12, 31)
    platform = Indicator("platform", "平台建设", "项", Decimal(0), Decimal(1), Attribute.BINDING,
                         far, shape=Shape.MILESTONES)  # fmt: skip
    steps = (Milestone("a", "需求", date(2026, 8, 31)), Milestone("b", "验收", far))
    t = task(platform, milestones=steps, milestones_done={"a": date(2026, 8, 20)})
    started = time.perf_counter()
    data = burnup.burnup(CAMPAIGN, t, [], "platform", far)
    fig = burnup.figure(data, "zh")
    assert time.perf_counter() - started < 2
    assert len(data.plan) <= burnup.MAX_POINTS + 2
    assert data.actual[-1][1] == 1 and data.plan[-1] == (far, Decimal(2))
    assert fig.layout.yaxis.title.text == "平台建设（个节点）"


def test_the_timeline_judges_each_milestone_on_the_day() -> None:
    steps = (Milestone("a", "方案", date(2026, 8, 31)), Milestone("b", "验收", date(2026, 9, 30)))
    t = task(milestones=steps, milestones_done={"a": date(2026, 9, 3)})
    lines = milestones.lines([t], date(2026, 9, 1))
    assert [(m.code, m.state.value) for m in lines] == [("a", "overdue"), ("b", "to_come")]
    later = milestones.lines([t], date(2026, 10, 2))
    assert [(m.code, m.state.value, m.days_late) for m in later] == [
        ("a", "done_late", 3), ("b", "overdue", 0),
    ]  # fmt: skip
    fig = milestones.figure(later, "停车", date(2026, 10, 2), "en")
    assert {d.name for d in fig.data} == {"planned date", "done late", "overdue, not done"}
