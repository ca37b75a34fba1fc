"""CSV task tables in the encodings Excel writes: UTF-8 with or without a BOM, GB18030, and
tab-separated UTF-16 ("Unicode text")."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from infra.importer import ImportReport, read_plan
from tests.unit.plan_tables import HEADER, ZHONGSHAN, options, registry


def csv_text(delimiter: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter)
    writer.writerow(HEADER)
    writer.writerows(["" if v is None else v for v in row] for row in ZHONGSHAN)
    return out.getvalue()


def read(path: Path) -> ImportReport:
    return read_plan(path.read_bytes(), options(path.name), registry())


@pytest.mark.parametrize(
    ("encoding", "seen"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8 (BOM)"), ("gb18030", "gb18030")],
)
def test_a_csv_task_table_reads_the_same_in_each_encoding(
    tmp_path: Path, encoding: str, seen: str
) -> None:
    path = tmp_path / "任务分解表.csv"
    path.write_bytes(csv_text().encode(encoding))
    report = read(path)
    assert report.format == f"csv ({seen})"
    assert report.errors == ()
    assert (report.counts.campaigns, report.counts.tasks) == (3, 9)
    first = report.campaigns[0]
    assert first.name == "全面建设“五宜”中山"
    assert first.tasks[3].lead_units == ("党群中心(文体)",)
    assert report.campaigns[1].tasks[0].lead_units == ("管理办", "拆违办", "城运中心")


def test_tab_separated_unicode_text_from_excel_reads_too(tmp_path: Path) -> None:
    path = tmp_path / "任务分解表.txt"
    path.write_bytes(csv_text("\t").encode("utf-16"))
    report = read(path)
    assert report.errors == ()
    assert report.counts.tasks == 9


def test_a_problem_in_a_csv_points_at_the_file_row_and_column(tmp_path: Path) -> None:
    path = tmp_path / "plan.csv"
    path.write_text("序号,目标任务,牵头单位\n1,清淤,区水务局\n2,截污,\n", encoding="gb18030")
    report = read(path)
    assert [(p.kind, p.cell) for p in report.warnings] == [("lead_carried_down", "plan.csv!C3")]
    path.write_text("序号,目标任务,牵头单位\n1,清淤,\n", encoding="gb18030")
    assert [(p.kind, p.cell) for p in read(path).errors] == [("no_lead_unit", "plan.csv!C2")]
