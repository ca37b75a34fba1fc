"""The status summary page's table in the page's language.

The status workbook (infra/export/status.py) writes its cells in Chinese, for the report sent
upward; the page shows the same rows, each cell in the reader's language: on a Chinese page the
workbook's own words (the judgement's bilingual reasons reduced to their Chinese half), on an
English page the same facts in English. What people typed (names, titles, units, problems, next
steps, a return's reason) is shown as typed, in either language.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from api.web.i18n import bilingual_half, day
from domain.campaign import Phase
from domain.judgement import by_task
from domain.values import ReportState, Status
from domain.views import PeriodRow, TaskRow
from infra.export.status import (
    TITLE,
    UNREADABLE,
    StatusRows,
    by_campaign,
    fetch_status,
    task_row,
)
from infra.export.status_xlsx import StatusRow
from infra.readmodel import Queries

TITLE_EN = "Status summary of the city management campaigns"
UNREADABLE_EN = "(value cannot be read)"
JOIN = {"zh": "、", "en": ", "}


@dataclass(frozen=True)
class Line:
    """One task's row as the page shows it: its cells in the page's language."""

    campaign_code: str
    status: Status
    cells: tuple[str, ...]  # the workbook's eleven columns; the status's own is the page's


@dataclass(frozen=True)
class Summary:
    title: str
    period: str
    as_of: date
    rows: tuple[Line, ...]


def reasons(text: str, lang: str) -> str:
    """The judgement's reasons ("中文 / English", several joined by "; "), in `lang` only."""
    return "; ".join(bilingual_half(part, lang) for part in text.split("; ") if part)


def submission_en(record: PeriodRow | None, supervised: bool) -> str:
    """The workbook's 报送情况 (infra/export/status.py `submission`) in English."""
    text = _submission_en(record)
    return f"{text}; under supervision" if supervised else text


def _submission_en(record: PeriodRow | None) -> str:
    if record is None:
        return "not opened"
    late = " (reported late)" if record.late else ""
    if record.state is ReportState.ACCEPTED:
        return f"accepted{late}"
    if record.state is ReportState.SUBMITTED:
        return f"submitted, awaiting review{late}"
    overdue = ", overdue" if record.overdue_on else ""
    if record.state is ReportState.RETURNED:
        return f"returned: {record.return_reason}{overdue}"
    if record.overdue_on:
        return "overdue, not reported"
    return f"due by {day(record.due_on, 'en')}" if record.due_on else "due"


def line(row: StatusRow, task: TaskRow, record: PeriodRow | None, lang: str) -> Line:
    """The workbook's row `row` of `task` (its report for the period: `record`) in `lang`."""
    cells = list(row.cells())
    cells[8] = "\n".join(p for p in (reasons(row.status_reason, lang), row.problems) if p)
    if lang == "en":
        cells[3] = JOIN["en"].join(task.lead_units)
        cells[4] = JOIN["en"].join(task.supporting_units)
        cells[5] = row.targets.replace(UNREADABLE, UNREADABLE_EN)
        cells[6] = row.actuals.replace(UNREADABLE, UNREADABLE_EN)
        cells[10] = submission_en(record, bool(task.open_supervision))
    return Line(row.campaign_code, row.status, tuple(cells))


def lines(rows: StatusRows, as_of: date, lang: str) -> list[Line]:
    """Every launched campaign's tasks, in the workbook's order (`build_status`)."""
    periods = by_task(rows.periods)
    tasks = by_campaign(rows.tasks)
    found: list[Line] = []
    for campaign in rows.campaigns:
        if campaign.phase is Phase.DRAFT:
            continue
        for task in tasks.get(campaign.id, ()):
            own = periods[task.id]
            judged = rows.judged.get(task.id)
            row = task_row(campaign, task, own, rows.period, as_of, judged)
            record = next((p for p in own if p.period == rows.period), None)
            found.append(line(row, task, record, lang))
    return found


def summary(queries: Queries, as_of: date, period: str | None, lang: str) -> Summary:
    """The summary of `period` (default: the latest due by `as_of`) in `lang`."""
    rows = fetch_status(queries, as_of, period)
    title = TITLE if lang == "zh" else TITLE_EN
    return Summary(title, rows.period, as_of, tuple(lines(rows, as_of, lang)))
