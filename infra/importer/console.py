"""The import report as the CLI prints it: counts, the campaigns and their tasks, new units and
groups, then the problems, each with its sheet!cell, in Chinese and English."""

from __future__ import annotations

from decimal import Decimal

from domain.values import Indicator
from infra.importer.problems import Problem
from infra.importer.report import ImportReport


def render(report: ImportReport, dry_run: bool) -> str:
    c = report.counts
    lines = [
        f"{report.source} ({report.format or '?'}): "
        f"{c.campaigns} campaigns 专项行动, {c.tasks} tasks 目标任务, "
        f"{c.units} units 单位, {c.indicators} indicators 指标",
        "",
    ]
    for spec in report.campaigns:
        lines.append(f"[{spec.code}] {spec.name}  ({spec.year}, from {spec.start_period})")
        for task in spec.tasks:
            lead = "、".join(task.lead_units)
            lines.append(f"  {task.number:>4}  {task.title}  — 牵头 lead: {lead}")
            lines += [f"        · {_indicator(i)}" for i in task.indicators]
            lines += [f"        · {m.name} → {m.due}" for m in task.milestones]
    if report.new_units:
        lines += [
            "",
            "new units 新单位 (registered on import):",
            "  " + "、".join(report.new_units),
        ]
    if report.groups_to_fill:
        lines += [
            "",
            "unit groups to fill in 待补充成员的单位组:",
            "  " + "、".join(report.groups_to_fill),
        ]
    for title, problems in (("errors 错误", report.errors), ("warnings 提示", report.warnings)):
        if problems:
            lines += ["", f"{title} ({len(problems)}):", *(_problem(p) for p in problems)]
    lines += ["", _outcome(report, dry_run)]
    return "\n".join(lines)


def _indicator(i: Indicator) -> str:
    arrow = "↓" if i.direction.value == "down" else "→"
    return (
        f"{i.name}: {_n(i.baseline)} {arrow} {_n(i.target)} {i.unit} by {i.deadline} "
        f"({i.attribute.value}, {i.shape.value})"
    )


def _n(number: Decimal) -> str:
    return format(number.normalize(), "f")


def _problem(p: Problem) -> str:
    return f"  {p.cell}  {p.zh}\n      {p.en}"


def _outcome(report: ImportReport, dry_run: bool) -> str:
    if not report.ok:
        return "refused: nothing stored 有错误，未保存任何内容"
    if dry_run:
        return "dry run: nothing stored 试导入，未保存"
    ids = ", ".join(str(i) for i in report.campaign_ids)
    return f"stored {len(report.campaign_ids)} draft campaigns (not launched) 已保存草稿: {ids}"
