"""Loads the demo portfolio and plays its past months through the same commands the workflow
and the users would have issued, each at its own business time, so every page has a history.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, datetime, timedelta
from decimal import Decimal
from importlib import resources
from typing import Any
from uuid import UUID

from domain.application import Xiuhua
from domain.calendar import local, year_schedule
from domain.campaign import campaign_id
from domain.task import Task
from domain.values import Actor, Indicator, Period
from infra.holidays import official_calendar
from infra.planfile import campaign_spec
from workflows.activities import CampaignActivities
from workflows.messages import RunActionsInput, ScheduledAction

Step = tuple[datetime, int, Callable[[], object]]
WHOLE_UNITS = {"个", "台", "次", "件", "条", "村"}


def portfolio() -> dict[str, Any]:
    text = resources.files("infra.demo").joinpath("portfolio.json").read_text(encoding="utf-8")
    return json.loads(text)


def load_demo(app: Xiuhua, now: datetime) -> list[str]:
    """Define, launch and simulate every demo campaign not yet in the store; returns codes."""
    loaded = []
    for data in portfolio()["campaigns"]:
        if campaign_id(data["code"]) in app.repository:
            continue
        _simulate(app, data, now)
        loaded.append(data["code"])
    return loaded


def _at(day: str | date, hour: int = 10) -> datetime:
    return local(date.fromisoformat(day) if isinstance(day, str) else day, hour)


def _simulate(app: Xiuhua, data: dict[str, Any], now: datetime) -> None:
    demo = data["demo"]
    coordinator = Actor("coordinator", data["task_force"])
    cid = app.define_campaign(campaign_spec(data), coordinator, _at(demo["defined"]))
    app.launch(cid, coordinator, _at(demo["launched"]))
    campaign = app.campaign(cid)
    official = official_calendar()
    calendar = app.work_calendar(official)
    activities = CampaignActivities(app, official)
    steps: list[Step] = []
    for action in year_schedule(campaign.year_periods(campaign.year), campaign.policy, calendar):
        scheduled = ScheduledAction(
            action.at, action.kind.value, action.period, action.due_on.isoformat()
        )
        run = RunActionsInput(str(cid), [scheduled], action.at, campaign.policy.escalate_after_days)
        steps.append((action.at, 0, lambda run=run: activities.run_actions(run)))
        if action.kind.value == "overdue":
            for task in app.tasks(cid):
                behaviour = demo["tasks"].get(task.number, {})
                steps += _report_steps(
                    app,
                    task,
                    action.period,
                    action.due_on,
                    behaviour,
                    coordinator,
                    campaign.start_period,
                )
    for task in app.tasks(cid):
        for code, day in demo["tasks"].get(task.number, {}).get("milestones", {}).items():
            lead = Actor("liaison", task.lead_units[0])
            steps.append(
                (
                    _at(day),
                    1,
                    lambda t=task.id, c=code, a=lead, d=day: app.complete_milestone(
                        t, c, "demo", a, _at(d)
                    ),
                )
            )
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
                task.id, period, actuals, text, problems, "下月继续推进。", lead, _at(on)
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
                lambda: app.return_report(task.id, period, reason, coordinator, _at(submit_on, 15)),
            )
        )
        submit_on = submit_on + timedelta(days=1)
        steps.append((_at(submit_on, 11), 1, submit(submit_on)))
    accept_on = submit_on + timedelta(days=2)
    steps.append(
        (
            _at(accept_on, 16),
            1,
            lambda: app.accept_report(task.id, period, coordinator, _at(accept_on, 16)),
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
    return [campaign_id(c["code"]) for c in portfolio()["campaigns"]]


__all__ = ["demo_campaign_ids", "load_demo", "portfolio"]
