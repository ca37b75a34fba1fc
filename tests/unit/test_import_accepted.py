"""Indicators accepted on the import page go into the plan before the one save; one aimed at a
task that has indicators of its own, or at no task, is an error of the report."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.values import Attribute, Indicator, Shape
from infra.importer.accepted import with_indicators
from infra.importer.reader import read_plan
from tests.unit.plan_tables import options, registry

TABLE = (
    "序号,目标任务,牵头单位,指标名称,单位,目标值\n"
    "1,新增180个共享停车位,区交通委,新增共享停车位,个,180\n"
    "2,深化“美丽家园”建设,城建中心,,,\n"
)
RATE = Indicator("s1", "整改率", "%", Decimal(0), Decimal(100), Attribute.EXPECTED,
                 date(2026, 6, 30), shape=Shape.RATE)  # fmt: skip


def test_a_chosen_indicator_goes_to_its_task_and_is_counted() -> None:
    report = read_plan(TABLE.encode(), options("plan.csv"), registry())
    code = report.campaigns[0].code
    given = with_indicators(report, {(code, "2"): (RATE,)})
    assert given.ok and given.counts.indicators == 2
    assert given.campaigns[0].tasks[1].indicators == (RATE,)


def test_a_task_with_indicators_or_no_such_task_is_an_error() -> None:
    report = read_plan(TABLE.encode(), options("plan.csv"), registry())
    code = report.campaigns[0].code
    given = with_indicators(report, {(code, "1"): (RATE,), (code, "9"): (RATE,)})
    assert [p.kind for p in given.errors] == ["has_indicators", "no_such_task"]
    assert given.campaigns[0].tasks[0].indicators[0].name == "新增共享停车位"
