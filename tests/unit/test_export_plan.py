"""Plans back to the import formats, from a real store (SQLite and PostgreSQL): the YAML reads
back through infra.planfile to the same CampaignSpec, amendments applied; the task
decomposition table has the headers and rows a task force writes; the CLI writes both."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from openpyxl import load_workbook

from domain.application import CampaignSpec, TaskSpec, Xiuhua
from domain.commands import AddTask, AmendTask, DefineCampaign, LaunchCampaign, RecordAssessment
from domain.errors import NotFound
from domain.values import (
    Attribute,
    Decision,
    Direction,
    Indicator,
    Milestone,
    PlanPoint,
    ReportingPolicy,
    Shape,
)
from infra.export.plan import campaign_plans, plans_yaml
from infra.export.plan_table import HEADERS, plan_workbook
from infra.importer.drafts import Options
from infra.importer.reader import read_plan
from infra.launch.cli import main
from infra.planfile import campaign_spec
from tests.unit.builders import COORDINATOR, EVALUATOR, shanghai

NOW = shanghai(date(2026, 3, 10))
END = date(2026, 12, 31)
LEAD = "区城管执法局"


def measure(code: str, name: str, unit: str, baseline: str, target: str, **more: Any) -> Indicator:
    return Indicator(
        code, name, unit, Decimal(baseline), Decimal(target), Attribute.EXPECTED, END, **more
    )


INDICATORS = (
    replace(measure("spaces", "新增共享停车位", "个", "0", "180"), attribute=Attribute.BINDING),
    measure(
        "petitions",
        "信访投诉化解率",
        "%",
        "40.5",
        "90",
        shape=Shape.RATE,
        case_load=Decimal("619"),
        method="已化解件数 ÷ 受理件数",
    ),
    measure(
        "facades",
        "外墙高坠隐患销项",
        "%",
        "0",
        "100",
        shape=Shape.CHECKLIST,
        case_load=Decimal("57"),
    ),
    measure(
        "inspections",
        "联合检查",
        "次",
        "0",
        "12",
        shape=Shape.RECURRING,
        plan=(PlanPoint("2026-06", Decimal("6")), PlanPoint("2026-09", Decimal("9.5"))),
    ),
    measure("stock", "存量违建", "处", "619", "0", shape=Shape.REDUCE, direction=Direction.DOWN),
    measure("meters", "燃气计量表智能化改造", "万个", "0.6", "2.40"),
)


def spec(code: str = "JS-2026-AQ") -> CampaignSpec:
    return CampaignSpec(
        code=code,
        name="金山区安全智慧专项行动",
        task_force="区城市管理精细化专项行动专班",
        year=2026,
        start_period="2026-03",
        policy=ReportingPolicy(due_day=10, reminder_days=(5, 2), escalate_after_overdue=3),
        tasks=(
            TaskSpec("1", "停车与信访", (LEAD, "区交通委"), ("各镇、街道",), INDICATORS[:2]),
            TaskSpec("2", "隐患销项与违建削减", (LEAD,), (), INDICATORS[2:]),
            TaskSpec(
                "3",
                "城运平台3.0建设",
                ("区城运中心",),
                indicators=(
                    measure("platform", "平台3.0建设", "项", "0", "1", shape=Shape.MILESTONES),
                ),
                milestones=(
                    Milestone("design", "方案设计", date(2026, 6, 30)),
                    Milestone("online", "上线运行", END),
                ),
            ),
            TaskSpec("4", "开展宣传", ("区融媒体中心",)),
        ),
    )


def read_back(text: str) -> list[CampaignSpec]:
    return [campaign_spec(c) for c in yaml.safe_load(text)["campaigns"]]


def test_an_exported_plan_reads_back_as_the_same_spec(app: Xiuhua) -> None:
    app.define_campaign(DefineCampaign(spec(), actor=COORDINATOR, now=NOW))
    text = plans_yaml(campaign_plans(app, ["JS-2026-AQ"]))
    assert read_back(text) == [spec()]
    assert "金山区安全智慧专项行动" in text and "\\u" not in text
    (indicator,) = [
        i
        for c in yaml.safe_load(text)["campaigns"]
        for t in c["tasks"]
        for i in t["indicators"]
        if i["code"] == "inspections"
    ]
    assert indicator["plan"] == [
        {"period": "2026-06", "value": 6},
        {"period": "2026-09", "value": 9.5},
    ]
    assert "case_load" not in indicator


def test_the_export_carries_the_plan_as_amended(app: Xiuhua) -> None:
    cid = app.define_campaign(DefineCampaign(spec(), actor=COORDINATOR, now=NOW)).campaign_id
    amended = replace(spec().tasks[3], title="开展宣传报道", supporting_units=("区文旅局",))
    app.amend_task(
        AmendTask(
            app.campaign(cid).task_ids[3], amended, "补充配合单位", actor=COORDINATOR, now=NOW
        )
    )
    added = TaskSpec("5", "新增任务", (LEAD,), indicators=INDICATORS[:1])
    app.add_task(AddTask(cid, added, actor=COORDINATOR, now=NOW))
    expected = replace(spec(), tasks=(*spec().tasks[:3], amended, added))
    assert read_back(plans_yaml(campaign_plans(app, ["JS-2026-AQ"]))) == [expected]


def test_every_campaign_is_exported_by_code_and_an_unknown_code_is_not_found(
    app: Xiuhua,
) -> None:
    for code in ("ZS-2026", "JS-2026-AQ"):
        app.define_campaign(DefineCampaign(spec(code), actor=COORDINATOR, now=NOW))
    assert read_back(plans_yaml(campaign_plans(app))) == [spec("JS-2026-AQ"), spec("ZS-2026")]
    with pytest.raises(NotFound):
        campaign_plans(app, ["JS-2026-AQ", "NOPE"])


def test_a_continued_campaign_is_exported_as_its_current_years_plan(app: Xiuhua) -> None:
    cid = app.define_campaign(DefineCampaign(spec(), actor=COORDINATOR, now=NOW)).campaign_id
    app.launch_campaign(LaunchCampaign(cid, actor=COORDINATOR, now=NOW))
    year_end = shanghai(date(2027, 1, 20))
    app.open_assessment(cid, 2026, year_end)
    app.record_assessment(
        RecordAssessment(
            cid,
            2026,
            Decimal("88"),
            "良好",
            Decision.CONTINUE,
            "延续一年",
            actor=EVALUATOR,
            now=year_end,
        )
    )
    app.apply_decision(cid, 2026, year_end)
    (exported,) = read_back(plans_yaml(campaign_plans(app, ["JS-2026-AQ"])))
    assert exported == replace(spec(), year=2027, start_period="2027-01")
    assert app.define_campaign(
        DefineCampaign(replace(exported, code="JS-2027-AQ"), actor=COORDINATOR, now=year_end)
    ).campaign_id


def test_the_plan_table_has_a_row_per_indicator_under_its_merged_task(app: Xiuhua) -> None:
    app.define_campaign(DefineCampaign(spec(), actor=COORDINATOR, now=NOW))
    ws = load_workbook(io.BytesIO(plan_workbook(campaign_plans(app)))).active
    assert ws.title == "任务分解表"
    assert ws["A1"].value == "金山区安全智慧专项行动专项行动任务分解表"
    assert ws.freeze_panes == "A4"
    rows = list(ws.iter_rows(min_row=3, values_only=True))
    assert rows[0] == HEADERS + ("指标类型", "基数", "统计方法")
    name, lead = "金山区安全智慧专项行动", f"{LEAD}、区交通委"
    assert rows[1:4] == [
        (name, 1, "停车与信访", lead, "各镇、街道", "新增共享停车位", "个", 0, 180)
        + ("约束性", "2026-12-31", "数量", None, None),
        (None, None, None, None, None, "信访投诉化解率", "%", 40.5, 90)
        + ("预期性", "2026-12-31", "比率", 619, "已化解件数 ÷ 受理件数"),
        (None, 2, "隐患销项与违建削减", LEAD, None, "外墙高坠隐患销项", "%", 0, 100)
        + ("预期性", "2026-12-31", "销项", 57, None),
    ]
    assert [(r[1], r[5], r[8], r[11]) for r in rows[4:]] == [
        (None, "联合检查", 12, "次数"),
        (None, "存量违建", 0, "削减"),
        (None, "燃气计量表智能化改造", 2.4, "数量"),
        (3, "平台3.0建设", 1, "里程碑"),
        (4, None, None, None),
    ]
    merged = {str(r) for r in ws.merged_cells.ranges}
    assert {"A4:A11", "B4:B5", "C4:C5", "D4:D5", "E4:E5", "B6:B9", "E6:E9"} <= merged


def test_a_plan_of_counts_has_just_the_eleven_columns_and_marks_a_ceiling(app: Xiuhua) -> None:
    fewer = measure("complaints", "投诉量", "件", "300", "200", direction=Direction.DOWN)
    task = TaskSpec("1", "停车", (LEAD,), (), (INDICATORS[0], fewer))
    app.define_campaign(DefineCampaign(replace(spec(), tasks=(task,)), actor=COORDINATOR, now=NOW))
    ws = load_workbook(io.BytesIO(plan_workbook(campaign_plans(app)))).active
    assert [c.value for c in ws[3]] == list(HEADERS)
    assert [(r[5], r[8]) for r in ws.iter_rows(min_row=4, values_only=True)] == [
        ("新增共享停车位", 180),
        ("投诉量", "≤200"),
    ]


def table_view(plan: CampaignSpec) -> CampaignSpec:
    """What a task decomposition table carries of a plan: no campaign code, reporting policy,
    milestones or monthly plans, and indicator codes numbered i1, i2, … within each task."""
    return replace(
        plan,
        code="",
        policy=ReportingPolicy(),
        tasks=tuple(
            replace(
                t,
                milestones=(),
                indicators=tuple(
                    replace(i, code=f"i{n}", plan=()) for n, i in enumerate(t.indicators, 1)
                ),
            )
            for t in plan.tasks
        ),
    )


def test_the_importer_reads_both_exports_back_without_a_problem(app: Xiuhua) -> None:
    fewer = measure("complaints", "投诉量", "件", "300", "200", direction=Direction.DOWN)
    plan = replace(spec(), tasks=(*spec().tasks, TaskSpec("5", "减少投诉", (LEAD,), (), (fewer,))))
    app.define_campaign(DefineCampaign(plan, actor=COORDINATOR, now=NOW))
    plans = campaign_plans(app)
    options = Options(2026, "2026-03", plan.task_force, "plan.yaml")
    from_yaml = read_plan(plans_yaml(plans).encode(), options, app.unit_registry())
    assert (from_yaml.errors, from_yaml.warnings, from_yaml.campaigns) == ((), (), (plan,))
    options = replace(options, filename="plan.xlsx")
    from_table = read_plan(plan_workbook(plans), options, app.unit_registry())
    assert (from_table.errors, from_table.warnings) == ((), ())
    assert [table_view(c) for c in from_table.campaigns] == [table_view(plan)]


def test_the_cli_writes_the_plan_as_yaml_or_as_the_table(
    store_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in store_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("XIUHUA_DATA_DIR", str(tmp_path))
    store = Xiuhua(env=store_env)
    try:
        store.define_campaign(DefineCampaign(spec(), actor=COORDINATOR, now=NOW))
    finally:
        store.close()
    out = tmp_path / "plan.yaml"
    assert main(["export", "plan", "--campaign", "JS-2026-AQ", str(out)]) == 0
    assert read_back(out.read_text(encoding="utf-8")) == [spec()]
    table = tmp_path / "plan.xlsx"
    assert main(["export", "plan", str(table)]) == 0
    assert load_workbook(table).active["A1"].value.endswith("任务分解表")
    with pytest.raises(SystemExit) as refused:
        main(["export", "plan", str(tmp_path / "plan.txt")])
    assert refused.value.code == 2
