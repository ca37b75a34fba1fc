"""The border's budget (issue 7): every hostile file is refused with a problem that names the
limit, and the sheet and cell where there is one, in Chinese and English; against a real store
nothing is written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest

from domain.application import Xiuhua
from infra.importer import ImportReport, read_plan, run_import
from infra.importer.limits import MAX_CELL_CHARS, MAX_COLUMNS, MAX_ROWS, MAX_UNZIPPED
from infra.importer.problems import Problem
from tests.unit import attack_files as attack
from tests.unit.builders import COORDINATOR, shanghai
from tests.unit.plan_tables import options, registry


def read(data: bytes, filename: str = "plan.xlsx") -> ImportReport:
    return read_plan(data, options(filename), registry())


def refusal(data: bytes, filename: str = "plan.xlsx") -> Problem:
    report = read(data, filename)
    assert report.campaigns == ()
    (problem,) = report.errors
    return problem


@pytest.fixture(scope="module")
def gigabyte_cell() -> Iterator[bytes]:
    yield attack.huge_cell_xlsx()


def test_a_one_megabyte_xlsx_whose_cell_unzips_to_a_gigabyte_is_refused_from_its_directory(
    gigabyte_cell: bytes,
) -> None:
    assert len(gigabyte_cell) < 1_100_000
    problem = refusal(gigabyte_cell)
    assert problem.kind == "too_large_unzipped"
    assert "1024 MB" in problem.en and "xl/sharedStrings.xml" in problem.en
    assert f"{MAX_UNZIPPED // 1024 // 1024} MB" in problem.zh and "解压" in problem.zh


@pytest.mark.parametrize("shared", [True, False], ids=["shared-string", "inline-string"])
def test_a_gigabyte_cell_behind_a_directory_that_lies_is_refused_while_it_unzips(
    shared: bool,
) -> None:
    data = attack.huge_cell_xlsx(shared=shared, declared=4096)
    problem = refusal(data)
    assert problem.kind == "unreadable_workbook"
    assert "does not unzip to what the zip's directory says" in problem.en
    assert "压缩包目录" in problem.zh


def test_a_directory_that_lies_within_the_limit_is_held_to_the_limit_while_it_unzips() -> None:
    data = attack.huge_cell_xlsx(64 * attack.MB, declared=MAX_UNZIPPED - 10_000)
    problem = refusal(data)
    assert problem.kind in ("too_large_unzipped", "unreadable_workbook")
    assert "reached" in problem.en or "does not unzip" in problem.en


def test_a_hundred_thousand_rows_of_tiny_cells_are_refused_by_the_row_limit() -> None:
    problem = refusal(attack.many_rows_xlsx(100_000))
    assert (problem.kind, problem.cell) == ("too_many_rows", "任务分解表")
    assert f"more than {MAX_ROWS} rows" in problem.en and f"超过 {MAX_ROWS} 行" in problem.zh


def test_a_cell_of_exactly_32767_characters_is_read() -> None:
    report = read(attack.one_cell_xlsx(MAX_CELL_CHARS))
    assert report.errors == ()
    assert [t.title for t in report.campaigns[0].tasks] == ["清理河道"]


def test_a_cell_of_32768_characters_is_refused_naming_the_cell() -> None:
    problem = refusal(attack.one_cell_xlsx(MAX_CELL_CHARS + 1))
    assert (problem.kind, problem.cell, problem.row, problem.column) == (
        "cell_too_long",
        "任务分解表!D2",
        2,
        "D",
    )
    assert "32767" in problem.zh and "任务分解表!D2" in problem.en


def test_a_too_long_shared_string_is_refused_at_the_cell_that_uses_it() -> None:
    problem = refusal(attack.huge_cell_xlsx(attack.MB))
    assert (problem.kind, problem.cell) == ("cell_too_long", "任务分解表!B2")


def test_a_value_beyond_the_sixtieth_column_is_refused_not_dropped() -> None:
    far = attack.inline("BI2", "备注")  # column 61
    problem = refusal(
        attack.sheet_xlsx(attack.HEADER_ROW + attack.task_row(2)[:-6] + far + "</row>")
    )
    assert (problem.kind, problem.cell) == ("too_many_columns", "任务分解表!BI2")
    assert f"column {MAX_COLUMNS}" in problem.en


def test_a_zip_that_is_not_a_workbook_is_refused_as_such() -> None:
    problem = refusal(attack.zip_not_xlsx())
    assert problem.kind == "not_a_workbook"
    assert "not an Excel workbook" in problem.en and "不是 Excel 工作簿" in problem.zh


def test_an_entity_bomb_in_a_sheet_is_refused_for_its_dtd() -> None:
    problem = refusal(attack.entity_bomb_xlsx())
    assert problem.kind == "unreadable_workbook" and "DTD" in problem.en


def test_overlapping_merged_ranges_that_would_fill_millions_of_cells_are_refused() -> None:
    merges = "".join('<mergeCell ref="A1:BH5000"/>' for _ in range(200))
    rows = attack.HEADER_ROW + attack.task_row(2) + '<row r="5000"><c r="A5000"><v>9</v></c></row>'
    after = f'<mergeCells count="200">{merges}</mergeCells>'
    problem = refusal(attack.sheet_xlsx(rows, after))
    assert problem.kind == "too_many_cells" and "merges more than" in problem.en


def test_the_alias_bomb_yaml_is_refused_at_its_first_anchor() -> None:
    data = attack.YAML_BOMB.encode()
    assert len(data) <= 433
    problem = refusal(data, "plan.yaml")
    assert (problem.kind, problem.cell) == ("yaml_alias", "plan.yaml!1")
    assert "anchor or an alias" in problem.en and "锚点或别名" in problem.zh


def test_a_yaml_plan_with_a_single_anchor_and_alias_is_refused_too() -> None:
    text = (
        "campaigns:\n"
        "  - name: 河道整治\n"
        "    tasks:\n"
        "      - {number: '1', title: 清淤, lead_units: &water [区水务局]}\n"
        "      - {number: '2', title: 截污, lead_units: *water}\n"
    )
    problem = refusal(text.encode(), "plan.yaml")
    assert (problem.kind, problem.row) == ("yaml_alias", 4)


def test_a_deeply_nested_yaml_is_refused_before_it_is_built() -> None:
    problem = refusal(("campaigns: " + "[" * 40 + "]" * 40).encode(), "plan.yaml")
    assert (problem.kind, problem.row) == ("too_deep", 1)
    # libyaml's own bound (1,000 levels) is a YAML error, said as one
    assert refusal(("[" * 10_000 + "]" * 10_000).encode(), "plan.yaml").kind == "unreadable_yaml"


def test_a_yaml_number_of_ten_thousand_digits_is_an_error_not_a_crash() -> None:
    problem = refusal(f"campaigns: [{'9' * 10_000}]".encode(), "plan.yaml")
    assert problem.kind == "unreadable_yaml"


def test_a_csv_with_a_ten_megabyte_cell_is_refused_naming_its_row() -> None:
    data = attack.big_cell_csv()
    assert len(data) > 10_000_000
    problem = refusal(data, "plan.csv")
    assert (problem.kind, problem.cell) == ("cell_too_long", "plan.csv!2")
    assert "32767" in problem.en


def test_a_csv_cell_just_over_the_limit_is_refused_naming_the_cell() -> None:
    problem = refusal(attack.big_cell_csv(MAX_CELL_CHARS + 1), "plan.csv")
    assert (problem.kind, problem.cell) == ("cell_too_long", "plan.csv!B2")


def test_a_csv_of_more_rows_or_columns_than_a_sheet_may_hold_is_refused() -> None:
    rows = "序号,目标任务,牵头单位\n" + "1,清淤,区水务局\n" * (MAX_ROWS + 1)
    assert refusal(rows.encode(), "plan.csv").kind == "too_many_rows"
    wide = "序号,目标任务,牵头单位" + ",x" * MAX_COLUMNS + "\n1,清淤,区水务局\n"
    problem = refusal(wide.encode(), "plan.csv")
    assert (problem.kind, problem.row) == ("too_many_columns", 1)


def test_a_refused_attack_stores_nothing(app: Xiuhua, gigabyte_cell: bytes) -> None:
    before = app.recorder.max_notification_id()
    now = shanghai(date(2026, 1, 12))
    for data, name in ((gigabyte_cell, "plan.xlsx"), (attack.YAML_BOMB.encode(), "plan.yaml")):
        report = run_import(app, data, options(name), COORDINATOR, now, False)
        assert not report.ok and not report.stored
    assert app.recorder.max_notification_id() == before


def test_a_workbook_whose_sheet_is_not_xml_is_refused_not_a_crash() -> None:
    sheet = attack.member("xl/worksheets/sheet1.xml", "garbage, not xml")
    problem = refusal(attack.zip_by_hand(attack.workbook_parts(sheet)))
    assert problem.kind == "unreadable_workbook" and "cannot be opened" in problem.en


def test_a_csv_line_of_ten_million_commas_is_refused_before_it_becomes_cells() -> None:
    problem = refusal(b"a,b,c\n" + b"," * (10 * attack.MB - 100), "plan.csv")
    assert (problem.kind, problem.cell) == ("too_many_columns", "plan.csv!2")
    assert "16384" in problem.en


def test_a_sheet_behind_a_megabyte_of_blanks_is_still_scanned() -> None:
    rows = attack.HEADER_ROW + "".join(attack.task_row(r) for r in range(2, 6002))
    sheet = attack.member("xl/worksheets/sheet1.xml", " " * attack.MB + attack.sheet_xml(rows))
    problem = refusal(attack.zip_by_hand(attack.workbook_parts(sheet)))
    assert (problem.kind, problem.cell) == ("too_many_rows", "任务分解表")
