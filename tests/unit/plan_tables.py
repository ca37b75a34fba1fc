"""Plan tables written at test time the way the seed plans write them (openpyxl, csv), for the
import tests: the Zhongshan sub-district task table (seed 003) and Jinshan's indicator table
(seed 000)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from domain.units import UnitRegistry
from domain.values import SYSTEM
from infra.importer import Options

Row = Sequence[Any]
TITLE = "附件：2024-2026 中山街道城市管理精细化提升行动计划重点任务分解表"
HEADER = ("专项行动", "序号", "2025年目标任务", "牵头部门", "配合部门", "完成时限")
# Three campaigns, ten tasks: merged campaign cells, Chinese numerals, 、-separated units,
# a 各镇、街道 cell, blank campaign cells carrying the one above, a spacer row.
ZHONGSHAN: list[Row] = [
    (
        "（一）全面建设“五宜”中山",
        1,
        "深化“美丽家园”建设",
        "城建中心、自治办、管理办",
        "各镇、街道",
        "2026年底",
    ),
    (None, 2, "持续推进“两旧一村”改造工作", "发展办", "城建中心", "2026年6月底前"),
    (None, 3, "优化适老适幼化设施建设", "发展办，服务办；绿容所", None, "6月底前"),
    (None, 4, "持续推进园区、街区与社区有机融合", "党群中心（文体）", "总工会/团工委", None),
    (None, None, None, None, None, None),
    (
        "二、塑造整洁有序的人居环境",
        1,
        "持续推进区域环境综合整治",
        "管理办、拆违办\n城运中心",
        "各街镇",
        "2026-09-30",
    ),
    (None, 2, "持续开展花桥新村人居环境综合整治", "发展办", None, None),
    (None, 3, "提升桥下空间品质", "城建中心", "", "三季度末"),
    (
        "十、打造安全韧性城市",
        "1",
        "健全安全管理体系建设",
        "管理办、发展办、防汛办",
        "各镇、街道、市场所",
        None,
    ),
    (None, "2", "开展城市体检", "发展办", None, "2026年底"),
]
ZHONGSHAN_MERGES = ("A4:A7", "A9:A11")  # the first two campaigns' cells, merged down

JINSHAN_HEADER = ("序号", "类别", "指标名称", "属性", "单位", "基准值 (2020年)", "目标值 (2025年)")
JINSHAN: list[Row] = [
    (1, "安全智慧", "电瓶车集中充电设施建造完成小区", "预期性", "个/年", 205, 34),
    (2, None, "15年以上老旧住宅电梯安全风险评估", "预期性", "台", 93, 723),
    (3, None, "燃气计量表智能化改造数", "预期性", "万个", 0.6, 2.4),
    (4, "整洁有序", "架空线入地和合杆整治", "预期性", "公里", "/", 10),
    (5, None, "生态清洁小流域建设", "预期性", "个", 1, 1),
    (6, None, "骨干河湖综合整治", "预期性", "公里", 41, 10.8),
    (7, None, "环卫公厕服务优良率", "预期性", "%", 90, 95),
    (8, None, "城镇污水处理率", "约束性", "%", 96.81, 99),
    (9, "便捷温馨", "公园数量", "预期性", "个", 14, 10),
    (10, None, "精品示范路建设", "预期性", "条", 5, 15),
    (11, None, "新增加装电梯数", "预期性", "台", "/", 80),
    (12, None, "以卫生设施改造为主的旧住房综合改造", "预期性", "万平方米", 30.9, 10.7),
    (13, "综合管理", "深耕示范类“美丽街区”(市管任务)", "约束性", "个", "/", 1),
    (14, None, "“美丽街区”(市管任务)", "约束性", "个", 11, 16),
    (15, None, "市级“美丽家园”", "预期性", "个", "/", 2),
    (16, None, "农村人居环境优化工程", "预期性", "村", 124, 124),
    JINSHAN_HEADER,  # the table goes on over a page: its header again
    (17, None, "市级海绵城市建设试点区", "预期性", "平方公里", 2.5, 6.36),
]
JINSHAN_LEADS = {
    1: "区建管委",
    4: "区建管委、区供电公司",
    5: "区水务局",
    9: "区绿化市容局",
    13: "区绿化市容局、各街镇",
}


def registry(aliases: dict[str, tuple[str, ...]] | None = None) -> UnitRegistry:
    """A registry (never saved) that knows `aliases`: name -> its aliases."""
    book = UnitRegistry(actor=SYSTEM, on=date(2026, 1, 1))
    for name, names in (aliases or {}).items():
        book.register_unit(name, names, SYSTEM, date(2026, 1, 1))
    return book


def options(filename: str, year: int = 2026) -> Options:
    return Options(year, f"{year}-01", "精细化专项行动专班", filename)


def workbook(
    path: Path, rows: Sequence[Row], merges: Sequence[str] = (), title: str = "任务分解表"
) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(list(row))
    for merge in merges:
        sheet.merge_cells(merge)
    book.save(path)
    return path


def zhongshan(path: Path) -> Path:
    """Seed 003's appendix: a title row merged across, a blank row, the header, the tasks."""
    rows = [(TITLE,), (), HEADER, *ZHONGSHAN]
    return workbook(path, rows, ("A1:F1", *ZHONGSHAN_MERGES))


def jinshan(path: Path, with_leads: bool = True) -> Path:
    """Seed 000's 主要指标表 (title row, the header repeated before row 17), with the lead-unit
    column a task force adds when it decomposes the plan (blank cells carry the one above)."""
    header = (*JINSHAN_HEADER, "牵头单位") if with_leads else JINSHAN_HEADER
    rows: list[Row] = [("主要指标表",), header]
    for row in JINSHAN:
        if not with_leads:
            rows.append(row)
        elif row == JINSHAN_HEADER:
            rows.append(header)
        else:
            rows.append((*row, JINSHAN_LEADS.get(row[0])))
    return workbook(path, rows, title="主要指标")
