"""One indicator (指标) from a table row: name, unit, baseline, target, attribute, deadline,
shape, method; each cell that cannot be read is a problem pointing at it. A row without an
indicator but with a deadline (完成时限) gives its task a milestone (时间节点) instead."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from domain.errors import InvalidInput
from domain.indicators import check_definition
from domain.values import MAX_TEXT, Attribute, Direction, Indicator, Milestone, Shape
from infra.importer import vocab
from infra.importer.deadlines import deadline
from infra.importer.grid import Grid
from infra.importer.headers import Header, Role
from infra.importer.numbers import Amount, NotANumber, amount
from infra.importer.problems import At, Problems

INDICATOR_ROLES = (Role.INDICATOR, Role.TARGET, Role.BASELINE)
_RULES_ZH = {
    "a rate cannot exceed 100%": "比率或销项指标的目标值不能超过 100%",
    "must be a positive number of cases or items": "基数须为正数",
    "baseline and target must not be negative": "基准值和目标值不能为负数",
}


def has_indicator(grid: Grid, r: int, header: Header) -> bool:
    return any(grid.text(r, header.columns.get(role)) for role in INDICATOR_ROLES)


def read_indicator(
    grid: Grid, r: int, header: Header, code: str, fallback_name: str, year: int, out: Problems
) -> Indicator | None:
    """The row's indicator, or None (with the problems said) when a cell cannot be read."""
    at = At(grid.sheet, r + 1)
    cols = header.columns
    name = grid.text(r, cols.get(Role.INDICATOR)) or fallback_name
    unit = grid.text(r, cols.get(Role.UNIT))
    shape = _shape(grid, r, header, at, out)
    target_ok, target = _amount(grid, r, header, Role.TARGET, unit, at, out)
    baseline_ok, baseline = _amount(grid, r, header, Role.BASELINE, unit, at, out)
    load_ok, case_load = _amount(grid, r, header, Role.CASE_LOAD, unit, at, out)
    attribute = _attribute(grid, r, header, at, out)
    if not (target_ok and baseline_ok and load_ok) or attribute is None:
        return None
    if target is None and shape is Shape.MILESTONES:
        target = Amount(Decimal(1))  # a deliverable: done once
    if target is None:
        out.error(
            "no_target",
            f"第 {r + 1} 行的指标「{name}」没有目标值",
            f"the indicator '{name}' in row {r + 1} has no target value",
            at.col(cols.get(Role.TARGET)),
        )
        return None
    if len(name) > MAX_TEXT:
        out.error(
            "too_long",
            f"指标名称超过 {MAX_TEXT} 字",
            f"the indicator name is longer than {MAX_TEXT} characters",
            at.col(cols.get(Role.INDICATOR)),
        )
        return None
    down = shape is Shape.REDUCE or target.at_most
    built = Indicator(
        code=code,
        name=name,
        unit=unit or target.unit_hint,
        baseline=baseline.value if baseline else Decimal(0),
        target=target.value,
        attribute=attribute,
        deadline=_deadline(grid, r, header, year, at, out),
        direction=Direction.DOWN if down else Direction.UP,
        shape=shape or Shape.COUNT,
        case_load=case_load.value if case_load else None,
        method=grid.text(r, cols.get(Role.METHOD)),
    )
    return built if _follows_rules(built, header, at, out) else None


def _follows_rules(indicator: Indicator, header: Header, at: At, out: Problems) -> bool:
    """The domain's rules for an indicator, said at the cell they are about."""
    try:
        if indicator.baseline < 0 or indicator.target < 0:
            raise InvalidInput("indicator.target", "baseline and target must not be negative")
        check_definition(indicator, "indicator")
    except InvalidInput as error:
        role = Role.CASE_LOAD if error.field.endswith("case_load") else Role.TARGET
        zh = _RULES_ZH.get(error.message, f"指标定义不符合规则（{error.message}）")
        out.error(
            "bad_indicator",
            f"指标「{indicator.name}」：{zh}",
            f"the indicator '{indicator.name}': {error.message}",
            at.col(header.columns.get(role)),
        )
        return False
    return True


def _amount(
    grid: Grid, r: int, header: Header, role: Role, unit: str, at: At, out: Problems
) -> tuple[bool, Amount | None]:
    """(True, the number in the role's cell or None if blank or "/"); (False, None) when the
    cell holds no number, which is said."""
    column = header.columns.get(role)
    try:
        return True, amount(grid.value(r, column), unit)
    except NotANumber:
        label = {Role.TARGET: ("目标值", "target"), Role.BASELINE: ("基准值", "baseline")}.get(
            role, ("基数", "case load")
        )
        text = grid.text(r, column)
        out.error(
            "not_a_number",
            f"{label[0]}「{text}」不是数字（可写 180、≥90%、1.2万，无基准值写 /）",
            f"the {label[1]} '{text}' is not a number (write 180, ≥90%, 1.2万; / for none)",
            at.col(column),
        )
        return False, None


def _attribute(grid: Grid, r: int, header: Header, at: At, out: Problems) -> Attribute | None:
    column = header.columns.get(Role.ATTRIBUTE)
    text = grid.text(r, column)
    if not text:
        return Attribute.EXPECTED
    found = vocab.attribute(text)
    if found is None:
        out.error(
            "bad_attribute",
            f"属性「{text}」应为「约束性」或「预期性」",
            f"the attribute '{text}' must be 约束性 (binding) or 预期性 (expected)",
            at.col(column),
        )
    return found


def _shape(grid: Grid, r: int, header: Header, at: At, out: Problems) -> Shape | None:
    column = header.columns.get(Role.SHAPE)
    text = grid.text(r, column)
    if not text:
        return None
    found = vocab.shape(text)
    if found is None:
        out.warn(
            "unknown_shape",
            f"指标类型「{text}」无法识别，按「数量」导入（可用：数量、比率、销项、次数、削减、里程碑）",
            f"the shape '{text}' is not known; imported as a count "
            "(count, rate, checklist, recurring, reduce, milestones)",
            at.col(column),
        )
    return found


def _deadline(grid: Grid, r: int, header: Header, year: int, at: At, out: Problems) -> date:
    """The deadline cell's date; without one, the end of the year the target header names
    ("目标值 (2025年)") or else of the campaign year."""
    column = header.columns.get(Role.DEADLINE)
    fallback = date(header.years.get(Role.TARGET, year), 12, 31)
    value = grid.value(r, column)
    if not grid.text(r, column):
        return fallback
    found = deadline(value, year)
    if found is None:
        text = grid.text(r, column)
        out.warn(
            "unknown_deadline",
            f"完成时限「{text}」不是日期，按 {fallback.isoformat()} 导入",
            f"the deadline '{text}' is not a date; {fallback.isoformat()} is used",
            at.col(column),
        )
        return fallback
    return found


def read_milestone(
    grid: Grid, r: int, header: Header, year: int, out: Problems
) -> Milestone | None:
    """The task's deadline as a milestone "完成时限：2026年6月底前"; None without a readable one."""
    column = header.columns.get(Role.DEADLINE)
    text = grid.text(r, column)
    if not text:
        return None
    due = deadline(grid.value(r, column), year)
    if due is None:
        out.warn(
            "unknown_deadline",
            f"完成时限「{text}」不是日期，未设时间节点",
            f"the deadline '{text}' is not a date; no milestone is set",
            At(grid.sheet, r + 1, column),
        )
        return None
    return Milestone("m1", f"完成时限：{text}", due)
