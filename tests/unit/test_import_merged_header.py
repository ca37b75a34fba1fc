"""The district's own task table (issue 7, item 10): the header 专项行动 merged over two
columns, the campaign's numeral in one cell and its name in the next; on the campaign's own row,
or merged down over its tasks. Campaigns import with their names, coded by their numerals."""

from __future__ import annotations

from pathlib import Path

from infra.importer import ImportReport, read_plan
from tests.unit.plan_tables import Row, options, registry, workbook

HEADER: Row = ("专项行动", None, "序号", "目标任务", "牵头单位", "配合单位")
OVERHEAD = "架空线入地和杆箱整治专项行动"
BUILDINGS = "违法建筑专项治理行动"


def read(path: Path) -> ImportReport:
    return read_plan(path.read_bytes(), options(path.name), registry())


def campaigns(report: ImportReport) -> list[tuple[str, str, list[str]]]:
    return [(c.code, c.name, [t.number for t in c.tasks]) for c in report.campaigns]


def test_a_campaign_numbered_in_one_cell_and_named_in_the_next_imports_with_its_name(
    tmp_path: Path,
) -> None:
    rows: list[Row] = [
        HEADER,
        ("一", OVERHEAD),
        (None, None, 1, "完成架空线入地 10 公里", "区建管委", "区供电公司"),
        (None, None, 2, "整治杆箱 200 处", "区建管委、各街镇", None),
        ("二", BUILDINGS),
        (None, None, 1, "拆除存量违法建筑", "区拆违办", "各街镇"),
    ]
    report = read(workbook(tmp_path / "区任务表.xlsx", rows, ("A1:B1",)))
    assert report.errors == () and report.warnings == ()
    assert campaigns(report) == [
        ("区任务表-1", OVERHEAD, ["1", "2"]),
        ("区任务表-2", BUILDINGS, ["1"]),
    ]
    assert report.campaigns[0].tasks[1].lead_units == ("区建管委", "各镇、街道")


def test_campaign_cells_merged_down_over_their_tasks_import_with_names_and_numbers(
    tmp_path: Path,
) -> None:
    rows: list[Row] = [
        ("2026年专项行动任务分解表",),
        HEADER,
        ("一", OVERHEAD, 1, "完成架空线入地 10 公里", "区建管委", "区供电公司"),
        (None, None, 2, "整治杆箱 200 处", "区建管委", None),
        (None, None, 3, "消除架空线乱象", "区供电公司", "区建管委"),
        ("三", BUILDINGS, 1, "拆除存量违法建筑", "区拆违办", "各街镇"),
        (None, None, 2, "新增违建零增长", "区拆违办", None),
    ]
    merges = ("A1:F1", "A2:B2", "A3:A5", "B3:B5", "A6:A7", "B6:B7")
    report = read(workbook(tmp_path / "区任务表.xlsx", rows, merges))
    assert report.errors == () and report.warnings == ()
    assert campaigns(report) == [
        ("区任务表-1", OVERHEAD, ["1", "2", "3"]),
        ("区任务表-3", BUILDINGS, ["1", "2"]),
    ]


def test_under_a_merged_header_a_name_written_with_its_numeral_in_one_cell_still_reads(
    tmp_path: Path,
) -> None:
    rows: list[Row] = [
        HEADER,
        ("（一）" + OVERHEAD, None, 1, "完成架空线入地 10 公里", "区建管委", None),
        ("二、" + BUILDINGS, None, 1, "拆除存量违法建筑", "区拆违办", None),
        ("四", None, 1, "清理河道", "区水务局", None),  # a numeral with no name: named by it
    ]
    report = read(workbook(tmp_path / "t.xlsx", rows, ("A1:B1", "A2:B2", "A3:B3")))
    assert report.errors == ()
    assert campaigns(report) == [
        ("t-1", OVERHEAD, ["1"]),
        ("t-2", BUILDINGS, ["1"]),
        ("t-4", "四", ["1"]),
    ]
