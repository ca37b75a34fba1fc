"""Task decomposition tables read as the plans write them (no store): campaigns, tasks, units,
indicators and milestones from .xlsx files written at test time."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from domain.values import Attribute, Direction, Shape
from infra.importer import ImportReport, read_plan
from tests.unit.plan_tables import jinshan, options, registry, workbook, zhongshan


def read(
    path: Path, year: int = 2026, known: dict[str, tuple[str, ...]] | None = None
) -> ImportReport:
    return read_plan(path.read_bytes(), options(path.name, year), registry(known))


def test_a_table_written_like_the_zhongshan_appendix_imports_as_three_campaigns(
    tmp_path: Path,
) -> None:
    report = read(zhongshan(tmp_path / "中山街道 任务分解表.xlsx"))
    assert report.errors == ()
    assert (report.counts.campaigns, report.counts.tasks) == (3, 9)
    names = [(c.code, c.name, len(c.tasks)) for c in report.campaigns]
    assert names == [
        ("中山街道-任务分解表-1", "全面建设“五宜”中山", 4),
        ("中山街道-任务分解表-2", "塑造整洁有序的人居环境", 3),
        ("中山街道-任务分解表-10", "打造安全韧性城市", 2),
    ]
    first, second, safety = report.campaigns
    assert first.year == 2026 and first.start_period == "2026-01"
    assert first.task_force == "精细化专项行动专班"
    assert first.tasks[0].lead_units == ("城建中心", "自治办", "管理办")
    assert first.tasks[2].lead_units == ("发展办", "服务办", "绿容所")
    assert first.tasks[3].lead_units == ("党群中心(文体)",)
    assert first.tasks[3].supporting_units == ("总工会", "团工委")
    assert second.tasks[0].lead_units == ("管理办", "拆违办", "城运中心")
    assert safety.tasks[0].supporting_units == ("各镇、街道", "市场所")


def test_every_town_and_sub_district_is_one_unit_group_however_it_is_spelled(
    tmp_path: Path,
) -> None:
    report = read(zhongshan(tmp_path / "zs.xlsx"))
    first, second, _ = report.campaigns
    assert first.tasks[0].supporting_units == ("各镇、街道",)
    assert second.tasks[0].supporting_units == ("各镇、街道",)  # written 各街镇
    assert report.new_groups == ("各镇、街道",)
    assert report.groups_to_fill == ("各镇、街道",)
    assert "各镇" not in report.new_units and "街道" not in report.new_units
    assert report.counts.units == len(report.new_units) == 13


def test_a_task_deadline_without_an_indicator_becomes_a_milestone_at_a_month_end(
    tmp_path: Path,
) -> None:
    first, second, _ = read(zhongshan(tmp_path / "zs.xlsx")).campaigns
    due = [[m.due for m in t.milestones] for t in first.tasks]
    assert due == [[date(2026, 12, 31)], [date(2026, 6, 30)], [date(2026, 6, 30)], []]
    assert [m.due for m in second.tasks[2].milestones] == [date(2026, 9, 30)]  # 三季度末
    assert first.tasks[1].milestones[0].name == "完成时限：2026年6月底前"


def test_the_jinshan_indicator_table_imports_with_its_baselines_and_targets(
    tmp_path: Path,
) -> None:
    report = read(jinshan(tmp_path / "金山区主要指标表.xlsx"), year=2025)
    assert report.errors == ()
    assert [c.name for c in report.campaigns] == ["安全智慧", "整洁有序", "便捷温馨", "综合管理"]
    assert (report.counts.tasks, report.counts.indicators) == (17, 17)
    tasks = {t.number: t for c in report.campaigns for t in c.tasks}
    assert sorted(tasks, key=int) == [str(n) for n in range(1, 18)]
    charging = tasks["1"].indicators[0]
    assert (charging.name, charging.unit) == ("电瓶车集中充电设施建造完成小区", "个/年")
    assert (charging.baseline, charging.target) == (Decimal(205), Decimal(34))
    assert charging.attribute is Attribute.EXPECTED
    assert charging.deadline == date(2025, 12, 31)  # 目标值 (2025年)
    assert tasks["4"].indicators[0].baseline == 0  # "/": no baseline
    assert tasks["8"].indicators[0].attribute is Attribute.BINDING
    assert tasks["8"].indicators[0].baseline == Decimal("96.81")
    assert tasks["17"].indicators[0].target == Decimal("6.36")  # after the repeated header
    assert tasks["3"].lead_units == ("区建管委",)  # carried down from row 3
    assert tasks["13"].lead_units == ("区绿化市容局", "各镇、街道")


def test_a_blank_lead_unit_cell_carries_the_one_above_and_says_so(tmp_path: Path) -> None:
    report = read(jinshan(tmp_path / "js.xlsx"), year=2025)
    carried = [p for p in report.warnings if p.kind == "lead_carried_down"]
    assert carried[0].cell == "主要指标!H4"
    assert "第 4 行牵头单位为空" in carried[0].zh
    assert "row 4 names no lead unit" in carried[0].en


def test_the_jinshan_table_as_printed_has_no_lead_unit_column_and_is_refused_at_its_header(
    tmp_path: Path,
) -> None:
    report = read(jinshan(tmp_path / "js.xlsx", with_leads=False), year=2025)
    assert [(p.kind, p.cell) for p in report.errors] == [("missing_header", "主要指标!2")]
    assert "牵头单位" in report.errors[0].zh and "lead unit" in report.errors[0].en
    assert report.campaigns == ()


def test_a_unit_written_by_its_alias_is_named_as_registered(tmp_path: Path) -> None:
    path = workbook(
        tmp_path / "t.xlsx",
        [
            ("序号", "工作任务", "责任单位", "配合单位"),
            (1, "违建整治", "区城管局、区 水务局", "区城管执法局"),
        ],
    )
    report = read(path, known={"区城管执法局": ("区城管局",), "区水务局": ()})
    task = report.campaigns[0].tasks[0]
    assert task.lead_units == ("区城管执法局", "区水务局")
    assert task.supporting_units == ("区城管执法局",)
    assert report.new_units == ()
    assert report.counts.units == 2


def test_english_headers_and_indicator_columns_are_read(tmp_path: Path) -> None:
    header = ("Campaign", "No.", "Task", "Lead units", "Supporting units", "Indicator", "Unit")
    header += ("Baseline", "Target", "Attribute", "Deadline", "Shape", "Method")
    row = (
        "Shared parking",
        1,
        "Add shared parking",
        "区交通委; 区建管委",
        "各街镇",
        "新增共享停车位",
    )
    row += ("个", 0, "180个", "binding", "2026-09-30", "count", "按月统计新增泊位")
    rate = ("Shared parking", 2, "Resolve petitions", "区信访办", None, "化解率", None, "/")
    rate += ("≥90%", "预期性", "2026年底", "比率", None)
    report = read(workbook(tmp_path / "parking.xlsx", [header, row, rate]))
    assert report.errors == ()
    (campaign,) = report.campaigns
    assert campaign.name == "Shared parking"
    parking = campaign.tasks[0].indicators[0]
    assert (parking.target, parking.unit, parking.attribute) == (180, "个", Attribute.BINDING)
    assert parking.deadline == date(2026, 9, 30) and parking.method == "按月统计新增泊位"
    petitions = campaign.tasks[1].indicators[0]
    assert (petitions.target, petitions.unit, petitions.shape) == (90, "%", Shape.RATE)
    assert campaign.tasks[0].lead_units == ("区交通委", "区建管委")


def test_indicator_rows_merged_under_one_task_are_that_tasks_indicators(tmp_path: Path) -> None:
    header = ("序号", "目标任务", "牵头单位", "指标名称", "单位", "基准值", "目标值", "类型")
    rows = [
        header,
        (1, "违法建筑专项治理", "区城管执法局", "存量违建", "处", 619, "0", "削减"),
        (None, None, None, "新增违建", "处", "/", "≤5", None),
        (2, "共享停车", "区交通委", "新增共享停车位", "个", 0, "1.2万", None),
    ]
    path = workbook(tmp_path / "t.xlsx", rows, ("A2:A3", "B2:B3", "C2:C3"))
    report = read(path)
    assert report.errors == ()
    first, second = report.campaigns[0].tasks
    assert [i.code for i in first.indicators] == ["i1", "i2"]
    stock, new = first.indicators
    assert (stock.shape, stock.direction) == (Shape.REDUCE, Direction.DOWN)
    assert (new.baseline, new.target, new.direction) == (0, 5, Direction.DOWN)
    assert second.indicators[0].target == 12000


def test_campaign_rows_name_the_campaigns_of_a_table_without_a_campaign_column(
    tmp_path: Path,
) -> None:
    rows = [
        ("序号", "任务内容", "牵头单位"),
        ("一、建筑垃圾领域专项整治",),
        (1, "源头管控", "区绿化市容局"),
        (2, "运输整治", "区城管执法局"),
        ("二", "停车资源优化", None),
        (1, "新增共享泊位", "区交通委"),
    ]
    report = read(workbook(tmp_path / "sections.xlsx", rows, ("A2:C2",)))
    assert report.errors == ()
    assert [(c.code, c.name, len(c.tasks)) for c in report.campaigns] == [
        ("sections-1", "建筑垃圾领域专项整治", 2),
        ("sections-2", "停车资源优化", 1),
    ]


def test_a_sheet_without_a_campaign_takes_its_title_row_as_the_campaign_name(
    tmp_path: Path,
) -> None:
    rows = [
        ("2026年河道水体清澈度提升工作任务分解表",),
        ("序号", "工作任务", "牵头部门"),
        (1, "清淤", "区水务局"),
    ]
    report = read(workbook(tmp_path / "river.xlsx", rows))
    assert [c.name for c in report.campaigns] == ["2026年河道水体清澈度提升工作任务分解表"]
    assert report.campaigns[0].code == "river-1"


def test_a_lead_unit_cell_merged_over_several_tasks_leads_each_and_no_more(
    tmp_path: Path,
) -> None:
    rows = [
        ("序号", "目标任务", "牵头单位"),
        (1, "源头管控", "区绿化市容局、区城管执法局"),
        (2, "运输整治", None),
        (None, None, None),  # inside the merged cell, below the last task
        (3, "末端处置", "区生态环境局"),
    ]
    report = read(workbook(tmp_path / "waste.xlsx", rows, ("C2:C4",)))
    assert (report.errors, report.warnings) == ((), ())
    leads = [t.lead_units for t in report.campaigns[0].tasks]
    both = ("区绿化市容局", "区城管执法局")
    assert leads == [both, both, ("区生态环境局",)]


def test_an_indicator_breaking_a_shape_rule_is_refused_at_its_cell(tmp_path: Path) -> None:
    header = ("序号", "目标任务", "牵头单位", "指标名称", "目标值", "类型", "基数")
    rows = [
        header,
        (1, "信访化解", "区信访办", "化解率", 619, "比率", 619),
        (2, "隐患销项", "区应急局", "销项率", 100, "销项", 0),
        (3, "违建", "区城管执法局", "新增违建", -5, None, None),
    ]
    report = read(workbook(tmp_path / "rules.xlsx", rows))
    assert [(p.kind, p.cell) for p in report.errors] == [
        ("bad_indicator", "任务分解表!E2"),
        ("bad_indicator", "任务分解表!G3"),
        ("bad_indicator", "任务分解表!E4"),
    ]
    assert report.errors[0].zh == "指标「化解率」：比率或销项指标的目标值不能超过 100%"
    assert (
        report.errors[1].en == "the indicator '销项率': must be a positive number of cases or items"
    )


def test_a_chinese_numeral_in_the_number_column_beside_a_campaign_numbers_the_campaign(
    tmp_path: Path,
) -> None:
    path = workbook(
        tmp_path / "嘉定区任务清单.xlsx",
        [
            ["嘉定区2026年城市管理精细化专项行动任务清单"],
            ["序号", "专项行动", "工作任务", "责任单位", "配合部门", "完成时限"],
            [
                "一",
                "违法建筑专项治理",
                "完成存量违建拆除",
                "区城管执法局",
                "各街镇",
                "2026年12月底前",
            ],
            [None, None, "新增违建零增长", "区城管执法局、区规划资源局", None, None],
            [],
            ["二", "河道水体清澈度提升", "完成 30 条河道清澈度提升", "区水务局", None, "10月底前"],
        ],
    )
    report = read(path)
    assert report.errors == ()
    codes = [(c.code, [t.number for t in c.tasks]) for c in report.campaigns]
    assert codes == [("嘉定区任务清单-1", ["1", "2"]), ("嘉定区任务清单-2", ["1"])]
