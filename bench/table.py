"""One row per measure: its value, the baseline measured in the same run, their ratio and the
goal the ratio (or the value) is held to; printed as one table, plain or as Markdown."""

from __future__ import annotations

import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    measure: str
    value: float
    unit: str
    baseline: float | None = None
    baseline_label: str = ""
    goal: str = ""
    passed: bool | None = None
    note: str = ""

    @property
    def ratio(self) -> float | None:
        if self.baseline is None or self.baseline == 0:
            return None
        return self.value / self.baseline


def vs(
    measure: str,
    value: float,
    unit: str,
    baseline: float,
    label: str,
    *,
    at_most: float | None = None,
    at_least: float | None = None,
    note: str = "",
) -> Row:
    """A measure against its baseline; the goal bounds their ratio (value / baseline)."""
    ratio = value / baseline if baseline else None
    goal, passed = "", None
    if at_most is not None:
        goal = f"<= {at_most:g}x"
        passed = ratio is not None and ratio <= at_most
    elif at_least is not None:
        goal = f">= {at_least:g}x"
        passed = ratio is not None and ratio >= at_least
    return Row(measure, value, unit, baseline, label, goal, passed, note)


def within(
    measure: str,
    value: float,
    unit: str,
    limit: float,
    *,
    baseline: float | None = None,
    label: str = "",
    note: str = "",
) -> Row:
    """A measure held to an absolute limit (e.g. under a second); the baseline is for reference."""
    return Row(measure, value, unit, baseline, label, f"< {limit:g} {unit}", value < limit, note)


def info(measure: str, value: float, unit: str, note: str = "") -> Row:
    return Row(measure, value, unit, note=note)


def not_built(measure: str, why: str) -> Row:
    return Row(measure, float("nan"), "", note=f"not built yet: {why}")


def percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1)))]


def p50(values: Sequence[float]) -> float:
    return statistics.median(values)


def _number(value: float | None) -> str:
    if value is None or value != value:
        return "-"
    if float(value).is_integer():
        return f"{value:,.0f}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _verdict(row: Row) -> str:
    return "-" if row.passed is None else ("pass" if row.passed else "FAIL")


def _cells(row: Row) -> list[str]:
    value = f"{_number(row.value)} {row.unit}".strip() if row.value == row.value else "-"
    baseline = (
        f"{_number(row.baseline)} {row.unit} ({row.baseline_label})"
        if row.baseline is not None
        else row.baseline_label or "-"
    )
    ratio = f"{row.ratio:.3g}x" if row.ratio is not None else "-"
    return [row.measure, value, baseline, ratio, row.goal or "-", _verdict(row), row.note]


HEADER = ["measure", "value", "baseline", "ratio", "goal", "result", "note"]


def render(rows: Sequence[Row]) -> str:
    table = [HEADER, *(_cells(r) for r in rows)]
    widths = [max(len(line[i]) for line in table) for i in range(len(HEADER))]
    lines = ["  ".join(c.ljust(w) for c, w in zip(line, widths, strict=True)) for line in table]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def markdown(rows: Sequence[Row]) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    for row in rows:
        lines.append("| " + " | ".join(c.replace("|", "/") for c in _cells(row)) + " |")
    return "\n".join(lines)
