"""The YAML plan format: the JSON campaign shape, written out and read back unchanged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from domain.application import CampaignSpec, TaskSpec
from domain.values import (
    Attribute,
    Direction,
    Indicator,
    Milestone,
    PlanPoint,
    ReportingPolicy,
    Shape,
)
from infra.importer import read_plan
from infra.importer.yamlplan import dump_yaml
from tests.unit.plan_tables import jinshan, options, registry, zhongshan

PETITIONS = CampaignSpec(
    code="petitions-2026",
    name="信访矛盾化解专项行动",
    task_force="精细化专项行动专班",
    year=2026,
    start_period="2026-03",
    policy=ReportingPolicy(due_day=10, reminder_days=(5, 2), escalate_after_days=15),
    tasks=(
        TaskSpec(
            number="1",
            title="619 件信访投诉化解",
            lead_units=("区信访办",),
            supporting_units=("各镇、街道",),
            indicators=(
                Indicator(
                    code="rate",
                    name="化解率",
                    unit="%",
                    baseline=Decimal("40.5"),
                    target=Decimal(90),
                    attribute=Attribute.BINDING,
                    deadline=date(2026, 12, 31),
                    shape=Shape.RATE,
                    case_load=Decimal(619),
                    method="已化解件数 / 619",
                    plan=(PlanPoint("2026-06", Decimal(60)), PlanPoint("2026-09", Decimal(75))),
                ),
                Indicator(
                    code="stock",
                    name="存量违建",
                    unit="处",
                    baseline=Decimal(619),
                    target=Decimal(0),
                    attribute=Attribute.EXPECTED,
                    deadline=date(2026, 11, 30),
                    direction=Direction.DOWN,
                    shape=Shape.REDUCE,
                ),
            ),
            milestones=(Milestone("m1", "完成台账梳理", date(2026, 4, 30)),),
        ),
    ),
)


def test_a_plan_written_as_yaml_reads_back_to_the_same_campaigns(tmp_path: Path) -> None:
    path = tmp_path / "petitions.yaml"
    path.write_text(dump_yaml([PETITIONS]), encoding="utf-8")
    report = read_plan(path.read_bytes(), options(path.name), registry())
    assert report.errors == ()
    assert report.campaigns == (PETITIONS,)
    assert report.new_units == ("区信访办",)
    assert report.new_groups == ("各镇、街道",)


def test_tables_read_from_spreadsheets_survive_the_yaml_round_trip(tmp_path: Path) -> None:
    for path, year in (
        (zhongshan(tmp_path / "zs.xlsx"), 2026),
        (jinshan(tmp_path / "js.xlsx"), 2025),
    ):
        first = read_plan(path.read_bytes(), options(path.name, year), registry())
        text = dump_yaml(list(first.campaigns))
        again = read_plan(text.encode(), options("plan.yaml", year), registry())
        assert again.errors == ()
        assert again.campaigns == first.campaigns


def test_a_yaml_plan_leaves_out_what_the_command_line_gives() -> None:
    text = """
campaigns:
  - name: 共享停车
    tasks:
      - number: 1
        title: 新增共享泊位
        lead_units: 区交通委、区建管委
        indicators:
          - {code: i1, name: 新增共享停车位, unit: 个, target: 180, attribute: 约束性,
             deadline: 2026-09-30}
"""
    report = read_plan(text.encode(), options("停车.yaml"), registry())
    assert report.errors == ()
    (spec,) = report.campaigns
    assert (spec.code, spec.year, spec.start_period) == ("停车-1", 2026, "2026-01")
    assert spec.task_force == "精细化专项行动专班"
    assert spec.tasks[0].lead_units == ("区交通委", "区建管委")
    assert spec.tasks[0].indicators[0].attribute is Attribute.BINDING
    assert spec.tasks[0].indicators[0].shape is Shape.COUNT


def test_a_mistake_in_a_yaml_plan_is_pointed_at_by_its_path() -> None:
    text = """
campaigns:
  - name: 共享停车
    tasks:
      - {number: 1, title: 新增共享泊位, lead_units: []}
      - {number: 2, title: 错峰共享, lead_units: [区交通委],
         indicators: [{code: i1, name: 泊位, target: 很多, deadline: 2026-09-30}]}
"""
    report = read_plan(text.encode(), options("停车.yaml"), registry())
    cells = [p.cell for p in report.errors]
    assert cells == ["停车.yaml:campaigns[0].tasks[1].indicators[0].target"]
    text = text.replace("target: 很多", "target: 5")
    report = read_plan(text.encode(), options("停车.yaml"), registry())
    assert [p.cell for p in report.errors] == ["停车.yaml:campaigns[0].tasks[0].lead_units"]
