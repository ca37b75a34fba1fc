"""Imports against a real store (SQLite and PostgreSQL): a good file becomes draft campaigns,
units and groups in one write; a file with any mistake stores nothing at all."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from domain.application import Xiuhua
from domain.campaign import Phase
from domain.commands import DefineCampaign, DefineCampaigns, RegisterUnit
from domain.errors import Conflict, InvalidInput
from domain.units import Kind
from infra.importer import MAX_BYTES, ImportReport, run_import
from tests.unit.builders import COORDINATOR, shanghai
from tests.unit.plan_tables import options, workbook, zhongshan

NOW = shanghai(date(2026, 1, 12))
HEADER = ("序号", "目标任务", "牵头单位", "指标名称", "目标值", "属性")


def load(app: Xiuhua, path: Path, dry_run: bool = False) -> ImportReport:
    size = path.stat().st_size
    data = path.read_bytes()[: MAX_BYTES + 1]
    return run_import(app, data, options(path.name), COORDINATOR, NOW, dry_run, size)


def test_an_imported_table_is_stored_as_draft_campaigns_with_its_units_and_groups(
    app: Xiuhua, tmp_path: Path
) -> None:
    app.register_unit(RegisterUnit("城建中心", ("区城建中心", "城建"), actor=COORDINATOR, now=NOW))
    report = load(app, zhongshan(tmp_path / "zs.xlsx"))
    assert report.ok and report.stored
    assert report.position == app.recorder.max_notification_id()
    campaigns = [app.campaign(cid) for cid in report.campaign_ids]
    assert [(c.code, c.phase, len(c.task_ids)) for c in campaigns] == [
        ("zs-1", Phase.DRAFT, 4),
        ("zs-2", Phase.DRAFT, 3),
        ("zs-10", Phase.DRAFT, 2),
    ]
    first = app.tasks(campaigns[0].id)[0]
    assert first.lead_units == ("城建中心", "自治办", "管理办")
    assert first.supporting_units == ("各镇、街道",)
    registry = app.unit_registry()
    assert "城建中心" not in report.new_units
    assert all(registry.resolve(u).kind is Kind.UNIT for u in report.new_units)
    assert registry.resolve("各街镇").kind is Kind.UNKNOWN
    assert registry.resolve("各镇、街道").kind is Kind.GROUP
    assert registry.members("各镇、街道") == ()


def test_a_dry_run_reports_the_same_and_stores_nothing(app: Xiuhua, tmp_path: Path) -> None:
    before = app.recorder.max_notification_id()
    report = load(app, zhongshan(tmp_path / "zs.xlsx"), dry_run=True)
    assert report.ok and not report.stored and report.campaign_ids == ()
    assert report.counts.tasks == 9
    assert app.recorder.max_notification_id() == before


def test_the_same_file_imported_twice_is_refused_the_second_time(
    app: Xiuhua, tmp_path: Path
) -> None:
    path = zhongshan(tmp_path / "zs.xlsx")
    assert load(app, path).stored
    before = app.recorder.max_notification_id()
    again = load(app, path)
    assert not again.stored
    assert [p.kind for p in again.errors] == ["code_exists"] * 3
    assert "zs-1" in again.errors[0].en and "已存在" in again.errors[0].zh
    assert app.recorder.max_notification_id() == before


def missing_header(tmp_path: Path) -> Path:
    return workbook(
        tmp_path / "plan.xlsx", [("序号", "目标任务", "配合单位"), (1, "清淤", "区水务局")]
    )


def no_lead_unit(tmp_path: Path) -> Path:
    rows = [
        HEADER,
        (1, "清淤", None, "清淤河道", 10, "约束性"),
        (2, "截污", "区水务局", "截污", 3, None),
    ]
    return workbook(tmp_path / "plan.xlsx", rows)


def not_a_number(tmp_path: Path) -> Path:
    return workbook(
        tmp_path / "plan.xlsx", [HEADER, (1, "清淤", "区水务局", "清淤河道", "完成清淤", None)]
    )


def duplicate_number(tmp_path: Path) -> Path:
    rows = [
        HEADER,
        (1, "清淤", "区水务局", None, None, None),
        (1, "截污", "区水务局", None, None, None),
    ]
    return workbook(tmp_path / "plan.xlsx", rows)


def bad_attribute(tmp_path: Path) -> Path:
    return workbook(
        tmp_path / "plan.xlsx", [HEADER, (1, "清淤", "区水务局", "清淤河道", 10, "重要")]
    )


def empty_sheet(tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    book = Workbook()
    assert book.active is not None
    book.active.title = "任务分解表"
    book.save(path)
    return path


def twenty_megabytes(tmp_path: Path) -> Path:
    path = workbook(tmp_path / "plan.xlsx", [HEADER, (1, "清淤", "区水务局", "清淤河道", 10, None)])
    with path.open("ab") as file:
        file.write(b"\0" * (20 * 1024 * 1024))
    return path


def text_named_xlsx(tmp_path: Path) -> Path:
    path = tmp_path / "plan.xlsx"
    path.write_text("序号,目标任务,牵头单位\n1,清淤,区水务局\n", encoding="utf-8")
    return path


MISTAKES: list[tuple[Callable[[Path], Path], str, str, str]] = [
    (missing_header, "missing_header", "任务分解表!1", "lead unit"),
    (no_lead_unit, "no_lead_unit", "任务分解表!C2", "no lead unit"),
    (not_a_number, "not_a_number", "任务分解表!E2", "is not a number"),
    (duplicate_number, "duplicate_number", "任务分解表!A3", "appears twice"),
    (bad_attribute, "bad_attribute", "任务分解表!F2", "约束性 (binding) or 预期性"),
    (empty_sheet, "empty_sheet", "任务分解表", "is empty"),
    (twenty_megabytes, "too_large", "plan.xlsx", "the limit is 10 MB"),
    (text_named_xlsx, "not_a_spreadsheet", "plan.xlsx", "is not an Excel workbook"),
]


@pytest.mark.parametrize(("make", "kind", "cell", "says"), MISTAKES, ids=[m[1] for m in MISTAKES])
def test_a_file_with_a_mistake_is_refused_at_its_cell_and_stores_nothing(
    app: Xiuhua, tmp_path: Path, make: Callable[[Path], Path], kind: str, cell: str, says: str
) -> None:
    before = app.recorder.max_notification_id()
    report = load(app, make(tmp_path))
    assert [(p.kind, p.cell) for p in report.errors] == [(kind, cell)]
    assert says in report.errors[0].en
    assert report.errors[0].zh
    assert not report.stored
    assert app.recorder.max_notification_id() == before


def test_every_mistake_in_a_table_is_reported_at_once_and_good_rows_are_not_stored(
    app: Xiuhua, tmp_path: Path
) -> None:
    rows = [
        ("2026年河道整治任务分解表",),
        HEADER,
        (1, "清淤", "区水务局", "清淤河道", 10, "约束性"),
        (2, "截污", "区水务局", "截污纳管", "待定", None),
        (2, "控源", "区水务局", None, None, None),
        (3, "", "区水务局", None, None, None),
        (4, "巡河", "区水务局", "巡河", 12, "重要"),
    ]
    before = app.recorder.max_notification_id()
    report = load(app, workbook(tmp_path / "river.xlsx", rows))
    assert [(p.kind, p.cell) for p in report.errors] == [
        ("not_a_number", "任务分解表!E4"),
        ("duplicate_number", "任务分解表!A5"),
        ("no_task_text", "任务分解表!B6"),
        ("bad_attribute", "任务分解表!F7"),
    ]
    assert app.recorder.max_notification_id() == before
    assert app.unit_registry().resolve("区水务局").kind is Kind.UNKNOWN


def test_define_campaigns_stores_all_or_nothing(app: Xiuhua, tmp_path: Path) -> None:
    report = load(app, zhongshan(tmp_path / "zs.xlsx"), dry_run=True)
    specs, units, groups = report.campaigns, report.new_units, report.new_groups
    before = app.recorder.max_notification_id()
    with pytest.raises(InvalidInput) as refusal:
        app.define_campaigns(DefineCampaigns(specs, units[1:], groups, actor=COORDINATOR, now=NOW))
    assert refusal.value.field == "campaigns[0].tasks[0].lead_units"
    app.define_campaign(DefineCampaign(specs[2], actor=COORDINATOR, now=NOW))
    before = app.recorder.max_notification_id()
    with pytest.raises(Conflict) as conflict:
        app.define_campaigns(DefineCampaigns(specs, units, groups, actor=COORDINATOR, now=NOW))
    assert conflict.value.field == "campaigns[2].code"
    assert app.recorder.max_notification_id() == before
    ids = app.define_campaigns(
        DefineCampaigns(specs[:2], units, groups, actor=COORDINATOR, now=NOW)
    ).campaign_ids
    assert [app.campaign(i).code for i in ids] == ["zs-1", "zs-2"]
