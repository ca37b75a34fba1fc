"""The status workbook's parts: which period it shows by default, how a report's standing reads,
and `xiuhua export status` on a real store (SQLite and PostgreSQL) through the read model."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
from openpyxl import load_workbook

from domain.application import Xiuhua
from domain.commands import AcceptReport, ReturnReport, SubmitReport
from domain.values import ReportState
from domain.views import PeriodRow
from infra.export.sheets import sheet_title
from infra.export.status import default_period, submission
from infra.export.status_xlsx import STATUS_LABELS
from infra.launch.cli import main
from tests.unit.builders import COORDINATOR, LEAD, campaign_spec, launched, report, shanghai

TASK, CAMPAIGN = uuid4(), uuid4()


def row(period: str, **fields: Any) -> PeriodRow:
    return PeriodRow(task_id=TASK, campaign_id=CAMPAIGN, period=period, **fields)


def test_the_default_period_is_the_latest_whose_report_has_fallen_due() -> None:
    rows = [
        row("2026-06", opened_on=date(2026, 6, 1), due_on=date(2026, 7, 6)),
        row("2026-07", opened_on=date(2026, 7, 1), due_on=date(2026, 8, 5)),
        row("2026-08", opened_on=date(2026, 8, 1), due_on=date(2026, 9, 7)),
    ]
    assert default_period(rows, date(2026, 8, 5)) == "2026-07"
    assert default_period(rows, date(2026, 8, 4)) == "2026-06"
    assert default_period(rows[2:], date(2026, 8, 20)) == "2026-08"  # none due yet: opened
    assert default_period([], date(2026, 8, 20)) == "2026-08"


@pytest.mark.parametrize(
    ("record", "reads"),
    [
        (None, "未开放"),
        (row("2026-07", due_on=date(2026, 8, 5)), "待报送（2026-08-05截止）"),
        (row("2026-07", overdue_on=date(2026, 8, 6)), "逾期未报"),
        (row("2026-07", state=ReportState.SUBMITTED), "已报送，待审核"),
        (row("2026-07", state=ReportState.SUBMITTED, late=True), "已报送，待审核（逾期补报）"),
        (row("2026-07", state=ReportState.ACCEPTED), "已通过"),
        (row("2026-07", state=ReportState.RETURNED, return_reason="口径不一"), "已退回：口径不一"),
        (
            row(
                "2026-07", state=ReportState.RETURNED, return_reason="口径不一", overdue_on=date.max
            ),
            "已退回：口径不一，已逾期",
        ),
    ],
)
def test_a_reports_standing_reads_as_the_task_force_writes_it(
    record: PeriodRow | None, reads: str
) -> None:
    assert submission(record) == reads


def test_a_sheet_name_is_valid_and_unused() -> None:
    assert sheet_title("JS/2026:AQ?") == "JS_2026_AQ_"
    assert sheet_title("PARK", ["park"]) == "PARK (2)"
    assert len(sheet_title("长" * 40, ["长" * 31])) == 31


def test_the_cli_writes_the_status_workbook_from_the_store(
    store_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for key, value in store_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("XIUHUA_DATA_DIR", str(tmp_path))
    now = shanghai(date(2026, 3, 10))
    store = Xiuhua(env=store_env)
    try:
        cid, (first, second) = launched(store, campaign_spec(2026, start_period="2026-03"), now)
        for tid in (first, second):
            store.open_period(tid, "2026-03", date(2026, 4, 7), "official", now)
        actuals = {"parking": Decimal("60"), "rate": Decimal("55.50")}
        store.submit_report(SubmitReport(first, "2026-03", now=now, **report(actuals=actuals)))
        store.return_report(ReturnReport(first, "2026-03", "口径不一", actor=COORDINATOR, now=now))
        store.submit_report(SubmitReport(first, "2026-03", now=now, **report(actor=LEAD)))
        store.accept_report(AcceptReport(first, "2026-03", actor=COORDINATOR, now=now))
    finally:
        store.close()
    out = tmp_path / "status.xlsx"
    assert main(["export", "status", str(out)]) == 0
    ws = load_workbook(out)["汇总"]
    assert ws["A2"].value.startswith("报送期：2026-03")
    rows = [r for r in ws.iter_rows(min_row=5, values_only=True)]
    assert [(r[1], r[10]) for r in rows] == [("1", "已通过"), ("2", "待报送（2026-04-07截止）")]
    assert rows[0][5] == "新增共享停车位 180 个\n违建化解率 90 %\n存量违建 ≤0 处"
    assert rows[0][6] == "新增共享停车位 60 个\n违建化解率 55.5 %"
    assert rows[0][8] == "部分小区业委会意见不一"
    assert {r[7] for r in rows} <= set(STATUS_LABELS.values())
    with pytest.raises(SystemExit):
        main(["export", "status", "--period", "2026-13", str(out)])
