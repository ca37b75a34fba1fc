"""A task decomposition table (任务分解表) read row by row into draft campaigns and tasks.

A row is a task, or a campaign's own row (一、… alone on its row, or in the number column), or
one more indicator of the task above (its number and task cells blank or merged with the row
above). A blank campaign cell carries the campaign above; a blank lead-unit cell carries the
lead units of the task above in the same campaign.
"""

from __future__ import annotations

from domain.values import MAX_TEXT
from infra.importer.drafts import DraftCampaign, DraftTask, Reading
from infra.importer.grid import Grid
from infra.importer.headers import NAMES, Header, Role, find_header, recognise
from infra.importer.indicatorrow import has_indicator, read_indicator, read_milestone
from infra.importer.layout import (
    campaign_cell,
    campaign_row,
    carried_only,
    default_campaign,
    only_campaign,
    repeats_header,
)
from infra.importer.numerals import chinese_numeral, task_number
from infra.importer.problems import At
from infra.importer.unitcells import split_units


def read_table(grid: Grid, reading: Reading) -> bool:
    """Read one sheet into `reading`; False when it holds no table (blank, or no header row)."""
    header = find_header(grid)
    if header is None:
        return False
    at = At(grid.sheet, header.row + 1)
    if not _check_header(header, at, reading):
        return True
    default = default_campaign(grid, header, reading)
    campaign: DraftCampaign | None = None
    before = sum(len(c.tasks) for c in reading.campaigns)
    errors = len(reading.problems.errors)
    for r in range(header.row + 1, len(grid.rows)):
        if carried_only(grid, r) or repeats_header(grid, r, header):
            continue  # blank, or only merged cells from above, or the header again
        section = campaign_row(grid, r, header)
        if section is not None:
            campaign = reading.campaign(*section, At(grid.sheet, r + 1))
            continue
        campaign = _campaign_of_row(grid, r, header, reading, campaign) or campaign
        if campaign is None:
            campaign = reading.campaign(None, default, At(grid.sheet, header.row + 1))
        if only_campaign(grid, r, header):
            continue
        _read_row(grid, r, header, campaign, reading)
    tasks = sum(len(c.tasks) for c in reading.campaigns)
    if tasks == before and len(reading.problems.errors) == errors:
        reading.problems.error(
            "no_tasks",
            f"工作表「{grid.sheet}」的表头下没有任务",
            f"sheet '{grid.sheet}' has no tasks below its header row",
            at,
        )
    return True


def _check_header(header: Header, at: At, reading: Reading) -> bool:
    ok = True
    needed = [(Role.LEAD, "牵头单位（或牵头部门、责任单位）", "lead unit (牵头单位)")]
    if not header.has(Role.TASK) and not header.has(Role.INDICATOR):
        needed.insert(0, (Role.TASK, "目标任务（或工作任务、任务内容）", "task (目标任务)"))
    if header.has(Role.INDICATOR) and not header.has(Role.TARGET):
        needed.append((Role.TARGET, "目标值", "target (目标值)"))
    for role, zh, en in needed:
        if not header.has(role):
            reading.problems.error(
                "missing_header",
                f"第 {at.row} 行的表头缺少「{zh}」列",
                f"the header row {at.row} has no {en} column",
                at,
            )
            ok = False
    for column, text in header.unused:
        role, _ = recognise(text)
        if role is not Role.IGNORED:
            also = f"（重复的「{NAMES[role]}」列）" if role else ""
            reading.problems.warn(
                "unused_column",
                f"「{text}」列未导入{also}",
                f"the column '{text}' is not imported" + (" (a second one)" if role else ""),
                at.col(column),
            )
    return ok


def _campaign_of_row(
    grid: Grid, r: int, header: Header, reading: Reading, current: DraftCampaign | None
) -> DraftCampaign | None:
    number, name = campaign_cell(grid, r, header)
    if not name:
        return current
    if number is None:
        number = chinese_numeral(grid.text(r, header.columns.get(Role.NUMBER)))
    return reading.campaign(number, name, At(grid.sheet, r + 1))


def _read_row(
    grid: Grid, r: int, header: Header, campaign: DraftCampaign, reading: Reading
) -> None:
    cols, out, at = header.columns, reading.problems, At(grid.sheet, r + 1)
    title_col = cols.get(Role.TASK, cols.get(Role.INDICATOR))
    number_col = cols.get(Role.NUMBER)
    previous = campaign.tasks[-1] if campaign.tasks else None
    if previous and has_indicator(grid, r, header) and _continues(grid, r, previous, header):
        _add_indicator(grid, r, header, previous, reading)
        return
    title = grid.text(r, title_col)
    number = task_number(grid.text(r, number_col))
    if chinese_numeral(number) is not None and grid.text(r, cols.get(Role.CAMPAIGN)):
        number = str(len(campaign.tasks) + 1)  # the 序号 cell numbers the campaign on its row
    if not title:
        out.error(
            "no_task_text",
            f"第 {r + 1} 行没有任务内容",
            f"row {r + 1} has no task text",
            at.col(title_col),
        )
        return
    if len(title) > MAX_TEXT:
        out.error(
            "too_long",
            f"任务内容超过 {MAX_TEXT} 字",
            f"the task is over {MAX_TEXT} characters",
            at.col(title_col),
        )
        return
    if not number:
        number = str(len(campaign.tasks) + 1)
        out.warn(
            "no_number",
            f"第 {r + 1} 行没有序号，编为 {number}",
            f"row {r + 1} has no number; numbered {number}",
            at.col(number_col),
        )
    first = campaign.task_numbered(number)
    if first is not None:
        out.error(
            "duplicate_number",
            f"序号 {number} 在专项行动「{campaign.name}」中重复（第 {first.at.row} 行已用）",
            f"task number {number} appears twice in campaign '{campaign.name}' "
            f"(first in row {first.at.row})",
            at.col(number_col),
        )
        return
    task = DraftTask(
        number=number,
        title=title,
        lead_units=_lead_units(grid, r, header, previous, reading),
        supporting_units=_units(grid, r, cols.get(Role.SUPPORT), reading),
        at=at,
        origins={"number": grid.origin(r, number_col), "title": grid.origin(r, title_col)},
    )
    campaign.tasks.append(task)
    if has_indicator(grid, r, header):
        _add_indicator(grid, r, header, task, reading)
        return
    milestone = read_milestone(grid, r, header, reading.options.year, reading.problems)
    if milestone is not None:
        task.milestones.append(milestone)


def _continues(grid: Grid, r: int, previous: DraftTask, header: Header) -> bool:
    """Number and task cells blank, or merged with the task above: one more indicator of it."""
    cols = header.columns
    for key, column in (("number", cols.get(Role.NUMBER)), ("title", cols.get(Role.TASK))):
        if column is None or not grid.text(r, column):
            continue
        origin = grid.origin(r, column)
        if origin is None or origin != previous.origins.get(key):
            return False
    return header.has(Role.TASK) or not grid.text(r, cols.get(Role.INDICATOR))


def _add_indicator(grid: Grid, r: int, header: Header, task: DraftTask, reading: Reading) -> None:
    code = f"i{len(task.indicators) + 1}"
    found = read_indicator(
        grid, r, header, code, task.title, reading.options.year, reading.problems
    )
    if found is not None:
        task.indicators.append(found)


def _units(grid: Grid, r: int, column: int | None, reading: Reading) -> list[str]:
    names = split_units(grid.text(r, column), reading.units.registry)
    return list(dict.fromkeys(reading.units.name(n) for n in names))


def _lead_units(
    grid: Grid, r: int, header: Header, previous: DraftTask | None, reading: Reading
) -> list[str]:
    column = header.columns.get(Role.LEAD)
    at = At(grid.sheet, r + 1, column)
    units = _units(grid, r, column, reading)
    if units:
        return units
    if previous is not None and previous.lead_units:
        reading.problems.warn(
            "lead_carried_down",
            f"第 {r + 1} 行牵头单位为空，沿用上一行（第 {previous.at.row} 行）的牵头单位",
            f"row {r + 1} names no lead unit; those of row {previous.at.row} above are used",
            at,
        )
        return list(previous.lead_units)
    reading.problems.error(
        "no_lead_unit",
        f"第 {r + 1} 行的任务没有牵头单位（本专项行动中上方也没有可沿用的）",
        f"the task in row {r + 1} has no lead unit (and none above it in its campaign)",
        at,
    )
    return []
