"""A year's facts read from the read model, as a rubric scores them (domain/rubric.py): the
indicators at year end (judged as the campaign view judges them), reports on time, supervision
episodes, meeting follow-ups closed by their due date, the evaluator's qualitative score."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date

from domain.judgement import by_task, judge
from domain.rubric import Attained, YearFacts
from domain.units import normalize_unit
from domain.values import Attribute, ReportState
from domain.views import CampaignRow, PeriodRow, TaskRow
from infra.readmodel import Queries


def _on_time(row: PeriodRow) -> bool:
    standing = row.state is not None and row.state is not ReportState.RETURNED
    return standing and not row.late and row.overdue_on is None


def year_facts(
    queries: Queries, campaign: CampaignRow, year: int, units: Collection[str] | None = None
) -> YearFacts:
    """The campaign's `year`; with `units` (every name a unit answers to), only the tasks
    that unit leads and the follow-ups it owes, and no qualitative score (it is the campaign's)."""
    names = {normalize_unit(u) for u in units} if units is not None else None
    tasks = [t for t in queries.tasks(campaign.id) if _leads(t, names)]
    periods = by_task(queries.periods(campaign.id))
    end = date(year, 12, 31)
    attained = [
        Attained(
            task.number,
            j.indicator.code,
            j.indicator.attribute is Attribute.BINDING,
            j.standing.progress if j.standing else None,
            bool(j.standing and j.standing.reached),
        )
        for task in tasks
        for j in judge(campaign, task, periods.get(task.id, []), end).indicators
    ]
    due = [
        p
        for task in tasks
        for p in periods.get(task.id, [])
        if p.period.startswith(f"{year:04d}-") and p.due_on is not None and p.due_on <= end
    ]
    ids = {t.id for t in tasks}
    episodes = [
        s
        for s in queries.supervisions(campaign.id)
        if s.task_id in ids and s.opened_on.year == year
    ]
    follow_ups = [
        f
        for f in queries.follow_ups(campaign.id)
        if f.due_on.year == year and (names is None or f.unit_key in names)
    ]
    qualitative = queries.qualitative(campaign.id, year) if names is None else None
    return YearFacts(
        indicators=attained,
        reports_due=len(due),
        reports_on_time=sum(1 for p in due if _on_time(p)),
        supervisions=len(episodes),
        follow_ups_due=len(follow_ups),
        follow_ups_closed=sum(1 for f in follow_ups if f.done_on and f.done_on <= f.due_on),
        qualitative=qualitative.score if qualitative else None,
        qualitative_reason=qualitative.reason if qualitative else "",
    )


def _leads(task: TaskRow, names: set[str] | None) -> bool:
    return names is None or any(normalize_unit(u) in names for u in task.lead_units)
