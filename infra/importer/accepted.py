"""Indicators the coordinator accepted (as suggested or edited) put into the plan before the
one save: a task the table gave no indicator takes them; anything else is an error of the
report, so a half-applied import cannot exist."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace

from domain.values import Indicator
from infra.importer.problems import Level, Problem
from infra.importer.report import Counts, ImportReport

# (campaign code, task number) -> the indicators to give that task
Chosen = Mapping[tuple[str, str], tuple[Indicator, ...]]


def with_indicators(report: ImportReport, chosen: Chosen) -> ImportReport:
    """The report with each chosen task's indicators in its spec (and counted)."""
    left = dict(chosen)
    problems: list[Problem] = []
    campaigns = []
    for spec in report.campaigns:
        tasks = []
        for task in spec.tasks:
            given = left.pop((spec.code, task.number), ())
            if given and task.indicators:
                problems.append(_problem(spec.code, task.number, "has_indicators"))
            tasks.append(replace(task, indicators=task.indicators or given))
        campaigns.append(replace(spec, tasks=tuple(tasks)))
    problems += [_problem(code, number, "no_such_task") for code, number in left]
    counts = Counts(
        report.counts.campaigns,
        report.counts.tasks,
        report.counts.units,
        sum(len(t.indicators) for s in campaigns for t in s.tasks),
    )
    return replace(
        report, campaigns=tuple(campaigns), counts=counts, errors=report.errors + tuple(problems)
    )


def _problem(code: str, number: str, kind: str) -> Problem:
    if kind == "has_indicators":
        zh = f"专项行动 {code} 任务 {number} 已有指标，不再采用建议指标"
        en = f"task {number} of {code} has indicators of its own; no suggestion is taken"
    else:
        zh = f"专项行动 {code} 中没有任务 {number}"
        en = f"campaign {code} has no task {number}"
    return Problem(Level.ERROR, kind, zh, en, field=f"{code}/{number}")
