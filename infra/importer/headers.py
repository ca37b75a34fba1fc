"""Column headers as plans write them, in Chinese or English, and the row that holds them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum

from infra.importer.grid import Grid
from infra.importer.numerals import fold

SEARCH_ROWS = 30  # the header row is looked for among the first rows (title rows above it)


class Role(StrEnum):
    CAMPAIGN = "campaign"
    NUMBER = "number"
    TASK = "task"
    LEAD = "lead_units"
    SUPPORT = "supporting_units"
    INDICATOR = "indicator"
    UNIT = "unit"
    BASELINE = "baseline"
    TARGET = "target"
    ATTRIBUTE = "attribute"
    DEADLINE = "deadline"
    SHAPE = "shape"
    METHOD = "method"
    CASE_LOAD = "case_load"
    IGNORED = "ignored"  # 备注 and the like: known, not imported, not warned about


NAMES = {
    Role.CAMPAIGN: "专项行动/campaign",
    Role.NUMBER: "序号/no",
    Role.TASK: "目标任务/task",
    Role.LEAD: "牵头单位/lead units",
    Role.SUPPORT: "配合单位/supporting units",
    Role.INDICATOR: "指标名称/indicator",
    Role.UNIT: "单位/unit",
    Role.BASELINE: "基准值/baseline",
    Role.TARGET: "目标值/target",
    Role.ATTRIBUTE: "属性/attribute",
    Role.DEADLINE: "完成时限/deadline",
    Role.SHAPE: "指标类型/shape",
    Role.METHOD: "统计方法/method",
    Role.CASE_LOAD: "基数/case load",
}

# Exact spellings, after folding (no spaces, lower case, a trailing "(2020年)" removed).
_EXACT: dict[str, Role] = {}
for _role, _words in {
    Role.CAMPAIGN: "专项行动 专项行动名称 行动名称 专项名称 专项 类别 领域 板块 campaign campaigns"
    " campaignname category",
    Role.NUMBER: "序号 编号 任务编号 任务序号 序 no no. number # seq tasknumber",
    Role.TASK: "目标任务 任务 工作任务 任务内容 重点任务 主要任务 具体任务 任务名称 工作内容"
    " 主要内容 工作目标 task tasks tasktext targettask title",
    Role.LEAD: "牵头单位 牵头部门 责任单位 责任部门 主责单位 主责部门 牵头 leadunit leadunits lead"
    " responsibleunit",
    Role.SUPPORT: "配合单位 配合部门 协同单位 协同部门 协助单位 参与单位 配合 supportingunit"
    " supportingunits support supportunits",
    Role.INDICATOR: "指标名称 指标 考核指标 主要指标 指标内容 indicator indicatorname indicators",
    Role.UNIT: "单位 计量单位 指标单位 unit",
    Role.BASELINE: "基准值 基准 现状值 基期值 baseline",
    Role.TARGET: "目标值 目标 指标值 target targetvalue",
    Role.ATTRIBUTE: "属性 指标属性 性质 attribute",
    Role.DEADLINE: "完成时限 完成时间 时间节点 时限 截止时间 完成期限 时间要求 deadline due"
    " duedate",
    Role.SHAPE: "类型 指标类型 shape type",
    Role.METHOD: "统计方法 计算方法 统计口径 计算口径 测算方法 评价方法 method",
    Role.CASE_LOAD: "基数 案件数 案件总数 清单总数 caseload",
    Role.IGNORED: "备注 说明 remarks note notes",
}.items():
    for _word in _words.split():
        _EXACT[_word] = _role

# Headers matched by pattern, in this order ("2025年目标任务", "牵头单位（部门）").
_PATTERNS = [
    (Role.LEAD, re.compile(r"牵头|主责|^责任")),
    (Role.SUPPORT, re.compile(r"配合|协同|协助|参与")),
    (Role.NUMBER, re.compile(r"序号|编号")),
    (Role.SHAPE, re.compile(r"指标类型")),
    (Role.INDICATOR, re.compile(r"指标(名称|内容)?$")),
    (Role.BASELINE, re.compile(r"^(基准|现状|基期)")),
    (Role.TARGET, re.compile(r"^目标值|目标值$")),
    (Role.DEADLINE, re.compile(r"时限|期限|完成时间|时间节点")),
    (Role.METHOD, re.compile(r"(统计|计算|测算)(方法|口径)")),
    (Role.TASK, re.compile(r"任务(内容|名称|清单)?$|工作内容$")),
    (Role.CAMPAIGN, re.compile(r"专项行动")),
]
_PAREN = re.compile(r"\(([^()]*)\)$")
_YEAR = re.compile(r"(\d{4})\s*年?")


def recognise(text: str) -> tuple[Role | None, int | None]:
    """The role of a header cell and the year it names, if any: "目标值 (2025年)" ->
    (TARGET, 2025), "2025年目标任务" -> (TASK, 2025); (None, None) when unknown."""
    folded = re.sub(r"\s+", "", fold(text)).lower().replace("(s)", "s")
    year = None
    paren = _PAREN.search(folded)
    if paren and paren.start() > 0:
        found = _YEAR.search(paren.group(1))
        year = int(found.group(1)) if found else None
        folded = folded[: paren.start()]
    lead_year = re.match(r"^(\d{4})年", folded)
    if lead_year:
        year = year or int(lead_year.group(1))
        folded = folded[lead_year.end() :]
    if not folded:
        return None, None
    if folded in _EXACT:
        return _EXACT[folded], year
    for role, pattern in _PATTERNS:
        if pattern.search(folded):
            return role, year
    return None, None


@dataclass
class Header:
    row: int  # 0-based row index of the header row
    columns: dict[Role, int]  # the first column of each role
    years: dict[Role, int] = field(default_factory=dict)  # "目标值 (2025年)" -> {TARGET: 2025}
    unused: list[tuple[int, str]] = field(default_factory=list)  # columns not imported
    # Columns under the same merged header cell as a role's first: 专项行动 over A:B holds the
    # campaign's number in A and its name in B.
    spans: dict[Role, list[int]] = field(default_factory=dict)

    def has(self, role: Role) -> bool:
        return role in self.columns


def find_header(grid: Grid) -> Header | None:
    """The first row naming at least two roles, one of them a task, an indicator or a lead unit."""
    for r in range(min(SEARCH_ROWS, len(grid.rows))):
        header = read_header(grid, r)
        roles = set(header.columns) - {Role.IGNORED}
        if len(roles) >= 2 and roles & {Role.TASK, Role.INDICATOR, Role.LEAD}:
            return header
    return None


def read_header(grid: Grid, r: int) -> Header:
    header = Header(r, {})
    for c in range(len(grid.rows[r])):
        text = grid.text(r, c)
        if not text:
            continue
        role, year = recognise(text)
        if role is not None and _under_same_cell(grid, r, c, header.columns.get(role)):
            header.spans.setdefault(role, []).append(c)
            continue
        if role is None or role in header.columns:
            header.unused.append((c, text))
            continue
        header.columns[role] = c
        if year:
            header.years[role] = year
    return header


def _under_same_cell(grid: Grid, r: int, c: int, first: int | None) -> bool:
    """Column `c` of the header row is part of the merged cell that began at column `first`."""
    origin = grid.origin(r, c)
    return first is not None and origin is not None and origin == grid.origin(r, first)
