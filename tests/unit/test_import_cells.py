"""Reading single cells as plans write them: numbers, deadlines, numerals, headers, unit cells."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest

from infra.importer.deadlines import deadline
from infra.importer.headers import Role, recognise
from infra.importer.numbers import NotANumber, amount
from infra.importer.numerals import numbered, task_number
from infra.importer.unitcells import split_units
from tests.unit.plan_tables import registry


@pytest.mark.parametrize(
    ("cell", "unit", "value", "hint"),
    [
        ("≥90%", "", "90", "%"),
        ("不少于8次", "", "8", "次"),
        ("180个", "", "180", "个"),
        ("1.2万", "", "12000", ""),
        ("1.2万", "万户", "1.2", "万"),
        ("1,200", "", "1200", ""),
        ("９６．８１", "", "96.81", ""),
        (96.81, "", "96.81", ""),
        (34, "", "34", ""),
    ],
)
def test_a_number_is_read_however_the_plan_writes_it(
    cell: object, unit: str, value: str, hint: str
) -> None:
    found = amount(cell, unit)  # type: ignore[arg-type]
    assert found is not None
    assert (found.value, found.unit_hint) == (Decimal(value), hint)


@pytest.mark.parametrize("cell", ["/", "—", "——", "无", None, ""])
def test_a_slash_or_dash_means_no_number(cell: str | None) -> None:
    assert amount(cell) is None


@pytest.mark.parametrize("cell", ["完成平台3.0建设", "8-10", "较上年提升", "30至40"])
def test_text_that_is_not_one_number_is_refused(cell: str) -> None:
    with pytest.raises(NotANumber):
        amount(cell)


def test_a_ceiling_is_marked_so_the_indicator_comes_down() -> None:
    assert amount("≤5") is not None and amount("≤5").at_most  # type: ignore[union-attr]
    assert amount("不超过 5 起").at_most  # type: ignore[union-attr]
    assert not amount("≥5").at_most  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("cell", "due"),
    [
        ("2026年6月底前", date(2026, 6, 30)),
        ("6月底前", date(2026, 6, 30)),
        ("六月底", date(2026, 6, 30)),
        ("2026年底", date(2026, 12, 31)),
        ("2027年底前", date(2027, 12, 31)),
        ("2026-09-30", date(2026, 9, 30)),
        ("2026.2", date(2026, 2, 28)),
        ("2026年12月31日", date(2026, 12, 31)),
        ("上半年", date(2026, 6, 30)),
        ("三季度末", date(2026, 9, 30)),
        ("年底前", date(2026, 12, 31)),
        (datetime(2026, 3, 31, 0, 0), date(2026, 3, 31)),
    ],
)
def test_a_deadline_is_read_as_a_date_and_a_month_as_its_last_day(cell: object, due: date) -> None:
    assert deadline(cell, 2026) == due  # type: ignore[arg-type]


@pytest.mark.parametrize("cell", ["长期坚持", "每月", "持续推进", "2026-02-30"])
def test_a_deadline_that_names_no_date_is_none(cell: str) -> None:
    assert deadline(cell, 2026) is None


@pytest.mark.parametrize(
    ("cell", "number", "name"),
    [
        ("一、建筑垃圾领域专项整治", 1, "建筑垃圾领域专项整治"),
        ("（二）停车资源优化", 2, "停车资源优化"),
        ("十、违法建筑专项治理", 10, "违法建筑专项治理"),
        ("十一、河道整治", 11, "河道整治"),
        ("二十三. 外墙", 23, "外墙"),
        ("第三项 外墙高坠隐患排查整治", 3, "外墙高坠隐患排查整治"),
        ("十大中山之美评选", None, "十大中山之美评选"),
        ("一网统管", None, "一网统管"),
        ("（一）", 1, ""),
    ],
)
def test_a_campaign_number_in_chinese_numerals_is_read(
    cell: str, number: int | None, name: str
) -> None:
    assert numbered(cell) == (number, name)


@pytest.mark.parametrize(("cell", "number"), [("（1）", "1"), ("1、", "1"), ("2.1", "2.1")])
def test_a_task_number_is_kept_as_written_without_its_brackets(cell: str, number: str) -> None:
    assert task_number(cell) == number


@pytest.mark.parametrize(
    ("header", "role", "year"),
    [
        ("专项行动", Role.CAMPAIGN, None),
        ("序号", Role.NUMBER, None),
        ("目标任务", Role.TASK, None),
        ("2025年目标任务", Role.TASK, 2025),
        ("工作任务", Role.TASK, None),
        ("任务内容", Role.TASK, None),
        ("牵头单位", Role.LEAD, None),
        ("牵头部门", Role.LEAD, None),
        ("责任单位", Role.LEAD, None),
        ("牵头单位（部门）", Role.LEAD, None),
        ("配合单位", Role.SUPPORT, None),
        ("配合部门", Role.SUPPORT, None),
        ("指标名称", Role.INDICATOR, None),
        ("单位", Role.UNIT, None),
        ("基准值 (2020年)", Role.BASELINE, 2020),
        ("目标值（2025年）", Role.TARGET, 2025),
        ("属性", Role.ATTRIBUTE, None),
        ("完成时限", Role.DEADLINE, None),
        ("指标类型", Role.SHAPE, None),
        ("统计方法", Role.METHOD, None),
        ("Lead unit(s)", Role.LEAD, None),
        ("Supporting units", Role.SUPPORT, None),
        ("No", Role.NUMBER, None),
        ("Deadline", Role.DEADLINE, None),
        ("附件：重点任务分解表", None, None),
    ],
)
def test_headers_are_recognised_as_plans_write_them(
    header: str, role: Role | None, year: int | None
) -> None:
    assert recognise(header) == (role, year)


@pytest.mark.parametrize(
    ("cell", "units"),
    [
        ("城建中心、自治办、管理办", ["城建中心", "自治办", "管理办"]),
        ("发展办，服务办；绿容所", ["发展办", "服务办", "绿容所"]),
        ("区交通委/区建管委\n区水务局", ["区交通委", "区建管委", "区水务局"]),
        ("党群中心（文体）、城运（应急）中心", ["党群中心(文体)", "城运(应急)中心"]),
        ("各镇、街道", ["各镇、街道"]),
        ("区城管执法局、各镇、街道", ["区城管执法局", "各镇、街道"]),
        ("绿容所、总工会、妇联等", ["绿容所", "总工会", "妇联"]),
        ("ＡＢＣ办、 ABC办", ["ABC办"]),
        ("/", []),
    ],
)
def test_a_unit_cell_is_split_into_its_units_but_not_a_group(cell: str, units: list[str]) -> None:
    assert split_units(cell, registry()) == units
