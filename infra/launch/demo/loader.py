"""Loads the demo portfolio and plays its past months through the same commands the workflow
and the users would have issued, each at its own business time, so every page has a history.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from importlib import resources
from typing import Any
from uuid import UUID

import yaml

from domain.application import Xiuhua
from domain.calendar import local, year_schedule
from domain.campaign import campaign_id
from domain.commands import (
    AcceptReport,
    CompleteMilestone,
    LaunchCampaign,
    ReturnReport,
    SubmitReport,
)
from domain.task import Task
from domain.units import UnitRegistry
from domain.values import SYSTEM, Actor, Indicator, Period
from infra.holidays import official_calendar
from infra.importer.drafts import Options
from infra.importer.reader import read_plan
from infra.importer.service import run_import
from workflows.activities import CampaignActivities
from workflows.messages import RunActionsInput, ScheduledAction

Step = tuple[datetime, int, Callable[[], object]]
WHOLE_UNITS = {"个", "台", "次", "件", "条", "村"}


def manifest() -> dict[str, Any]:
    files = resources.files("infra.launch.demo")
    text = files.joinpath("portfolio.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def _plan_bytes(name: str) -> bytes:
    return resources.files("infra.launch.demo").joinpath("plans", name).read_bytes()


def _options(plan: dict[str, Any]) -> Options:
    return Options(int(plan["year"]), str(plan["start_period"]), plan["task_force"], plan["file"])


def demo_codes() -> list[str]:
    """Every campaign code the demo plans define, as the importer names them."""
    codes = []
    for plan in manifest()["plans"]:
        report = read_plan(
            _plan_bytes(plan["file"]), _options(plan), UnitRegistry(SYSTEM, date.min)
        )
        codes.extend(spec.code for spec in report.campaigns)
    return codes


def load_demo(app: Xiuhua, now: datetime) -> list[str]:
    """Import, launch and play through every demo plan not yet in the store; returns codes."""
    loaded = []
    for plan in manifest()["plans"]:
        coordinator = Actor("coordinator", plan["task_force"])
        data = _plan_bytes(plan["file"])
        parsed = read_plan(data, _options(plan), app.unit_registry())
        if all(campaign_id(s.code) in app.repository for s in parsed.campaigns):
            continue
        report = run_import(
            app, data, _options(plan), coordinator, _at(str(plan["defined"])), dry_run=False
        )
        if not report.stored:
            problems = "; ".join(f"{p.cell}: {p.en}" for p in report.errors)
            raise RuntimeError(f"demo plan {plan['file']} did not import: {problems}")
        for cid in report.campaign_ids:
            app.launch_campaign(
                LaunchCampaign(cid, actor=coordinator, now=_at(str(plan["launched"])))
            )
            behaviour = plan["tasks"].get(app.campaign(cid).code, {})
            _simulate(app, cid, behaviour, coordinator, now)
            loaded.append(app.campaign(cid).code)
    return loaded


def _at(day: str | date, hour: int = 10) -> datetime:
    return local(date.fromisoformat(day) if isinstance(day, str) else day, hour)


def _simulate(
    app: Xiuhua,
    cid: UUID,
    behaviours: dict[str, dict[str, Any]],
    coordinator: Actor,
    now: datetime,
) -> None:
    """Play the campaign's calendar and its units' reports, each at its own time, up to `now`."""
    campaign = app.campaign(cid)
    official = official_calendar()
    calendar = app.work_calendar(official)
    activities = CampaignActivities(app, official)
    steps: list[Step] = []
    schedule = year_schedule(campaign.year_periods(campaign.year), campaign.policy, calendar)
    for action in schedule:
        scheduled = ScheduledAction(
            action.at, action.kind.value, action.period, action.due_on.isoformat()
        )
        run = RunActionsInput(str(cid), [scheduled], action.at, campaign.policy.escalate_after_days)
        steps.append((action.at, 0, lambda run=run: activities.run_actions(run)))
        if action.kind.value == "overdue":
            for task in app.tasks(cid):
                steps += _report_steps(
                    app,
                    task,
                    action.period,
                    action.due_on,
                    behaviours.get(task.number, {}),
                    coordinator,
                    campaign.start_period,
                )
    for task in app.tasks(cid):
        day = behaviours.get(task.number, {}).get("milestone")
        if day and task.milestones:
            lead = Actor("liaison", task.lead_units[0])
            code = task.milestones[0].code
            steps.append(
                (
                    _at(str(day)),
                    1,
                    lambda t=task.id, c=code, a=lead, d=str(day): app.complete_milestone(
                        CompleteMilestone(t, c, "demo", actor=a, now=_at(d))
                    ),
                )
            )
    # After the year's last action the workflow opens the assessment, as it does here.
    year_end = max(action.at for action in schedule)
    steps.append((year_end, 2, lambda: app.open_assessment(cid, campaign.year, year_end)))
    for at, _, step in sorted(steps, key=lambda s: (s[0], s[1])):
        if at <= now:
            step()


def _report_steps(
    app: Xiuhua,
    task: Task,
    period: str,
    due_on: date,
    behaviour: dict[str, Any],
    coordinator: Actor,
    start_period: str,
) -> list[Step]:
    if period in behaviour.get("missing", ()):
        return []
    lead = Actor("liaison", task.lead_units[0])
    pace = Decimal(str(behaviour.get("pace", 1)))
    actuals = {i.code: _actual(i, period, pace, start_period) for i in task.indicators}
    late_days = behaviour.get("late", {}).get(period)
    submit_on = due_on + timedelta(days=late_days) if late_days else due_on - timedelta(days=2)
    text = f"{period} 按计划推进{task.title}。"
    problems = "部分点位协调难度大。" if pace < 1 else ""

    def submit(on: date) -> Callable[[], object]:
        def step() -> None:
            app.submit_report(
                SubmitReport(
                    task.id,
                    period,
                    actuals,
                    text,
                    problems,
                    "下月继续推进。",
                    actor=lead,
                    now=_at(on),
                )
            )
            # What the workflow's review_submission activity does when told of a report.
            app.close_supervision_if_resolved(task.id, _at(on))

        return step

    steps: list[Step] = [(_at(submit_on), 1, submit(submit_on))]
    reason = behaviour.get("returned", {}).get(period)
    if reason:
        steps.append(
            (
                _at(submit_on, 15),
                1,
                lambda: app.return_report(
                    ReturnReport(task.id, period, reason, actor=coordinator, now=_at(submit_on, 15))
                ),
            )
        )
        submit_on = submit_on + timedelta(days=1)
        steps.append((_at(submit_on, 11), 1, submit(submit_on)))
    accept_on = submit_on + timedelta(days=2)
    steps.append(
        (
            _at(accept_on, 16),
            1,
            lambda: app.accept_report(
                AcceptReport(task.id, period, actor=coordinator, now=_at(accept_on, 16))
            ),
        )
    )
    return steps


def _actual(indicator: Indicator, period: str, pace: Decimal, start_period: str) -> Decimal:
    """Where a unit working at `pace` times the straight-line plan stands at the period's end."""
    start = Period.parse(start_period).first_day()
    end = Period.parse(period).next().first_day() - timedelta(days=1)
    span = (indicator.deadline - start).days or 1
    fraction = min(Decimal(1), Decimal((end - start).days) / Decimal(span)) * pace
    value = indicator.baseline + (indicator.target - indicator.baseline) * fraction
    if indicator.unit in WHOLE_UNITS:
        return value.quantize(Decimal(1))
    return value.quantize(Decimal("0.01"))


def demo_campaign_ids() -> list[UUID]:
    return [campaign_id(code) for code in demo_codes()]


__all__ = ["demo_campaign_ids", "demo_codes", "load_demo", "manifest"]
