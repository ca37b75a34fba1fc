"""Workflow steps linear in a campaign's size: the `run_actions` activity, called as the method
it is, for one overdue action over a campaign of 20 tasks and one of 1,000, on the run's copy of
the portfolio. Each run marks a different month overdue (a second run of the same one writes
nothing), so every task is written once per run. The ratio of the time per task is the measure:
1 means linear."""

from __future__ import annotations

import random
import time
import uuid
from datetime import date, timedelta
from uuid import UUID

from bench.portfolio import COORDINATOR, DEFINED, LAUNCHED, YEAR, CampaignPlan, plans, spec_of
from bench.table import Row, p50, vs
from domain.application import Xiuhua
from domain.calendar import local
from domain.campaign import campaign_id
from domain.commands import DefineCampaign, LaunchCampaign
from infra.holidays import official_calendar
from workflows.activities import CampaignActivities
from workflows.messages import RunActionsInput, ScheduledAction

SMALL, LARGE = 20, 1000
RUNS = 3
LINEAR = 1.25  # per-task time of the large campaign at most this many times the small one's


def _campaign(store: Xiuhua, tasks: int) -> UUID:
    plan = CampaignPlan(f"BENCH-STEPS-{tasks}-{uuid.uuid4().hex[:6]}", tasks, 1)
    spec = spec_of(plan, random.Random(tasks))
    cid = store.define_campaign(DefineCampaign(spec, actor=COORDINATOR, now=DEFINED)).campaign_id
    assert cid is not None
    store.launch_campaign(LaunchCampaign(cid, actor=COORDINATOR, now=LAUNCHED))
    return cid


def _overdue(activities: CampaignActivities, cid: UUID, month: int) -> float:
    due_on = date(YEAR, month + 1, 5) if month < 12 else date(YEAR + 1, 1, 5)
    at = local(due_on + timedelta(days=1))
    action = ScheduledAction(at, "overdue", f"{YEAR}-{month:02d}", due_on.isoformat())
    started = time.perf_counter()
    done = activities.run_actions(RunActionsInput(str(cid), [action], at))
    elapsed = time.perf_counter() - started
    if done.written == 0:
        raise RuntimeError(f"the overdue action over {cid} wrote nothing")
    return elapsed


def measure(store: Xiuhua, large_tasks: int = LARGE) -> list[Row]:
    activities = CampaignActivities(store, official_calendar())
    _overdue(activities, _campaign(store, SMALL), 1)  # warm-up, on a campaign of its own
    small, large = _campaign(store, SMALL), _campaign(store, large_tasks)
    small_times = [_overdue(activities, small, m) for m in range(1, 1 + RUNS)]
    large_times = [_overdue(activities, large, m) for m in range(1, 1 + RUNS)]
    per_small, per_large = p50(small_times) / SMALL, p50(large_times) / large_tasks
    return [
        Row(f"overdue action, {SMALL} tasks", p50(small_times) * 1000, "ms",
            note=f"{per_small * 1000:.2f} ms per task"),
        Row(f"overdue action, {large_tasks} tasks", p50(large_times) * 1000, "ms",
            note=f"{per_large * 1000:.2f} ms per task"),
        vs(f"overdue action per task, {large_tasks} vs {SMALL} tasks", per_large * 1000, "ms/task",
           per_small * 1000, f"{SMALL}-task campaign", at_most=LINEAR,
           note=f"linear is 1x; {RUNS} runs each"),
    ]  # fmt: skip


def portfolio_pair(size: str) -> tuple[CampaignPlan, CampaignPlan, str]:
    """The portfolio's largest campaign and the one nearest 20 tasks, one that started reporting
    in the same month if there is one; and what histories their tasks carry. The write
    benchmarks leave these two alone, so December is still awaited in them here."""
    largest = max(plans(size), key=lambda p: p.tasks)
    others = [p for p in plans(size) if p != largest]
    peers = [p for p in others if p.start_month == largest.start_month] or others
    small = min(peers, key=lambda p: (abs(p.tasks - SMALL), p.code))
    history = (
        "a year of history"
        if small.start_month == largest.start_month
        else f"histories from month {largest.start_month} and {small.start_month}"
    )
    return small, largest, history


def on_the_portfolio(store: Xiuhua, size: str) -> list[Row]:
    """The same action over the portfolio's own campaigns, whose tasks carry their months of
    history: December marked overdue over the two of `portfolio_pair` (one run each: a second
    run writes nothing)."""
    small, largest, history = portfolio_pair(size)
    activities = CampaignActivities(store, official_calendar())
    times = {p.tasks: _overdue(activities, campaign_id(p.code), 12) for p in (small, largest)}
    per_small, per_large = times[small.tasks] / small.tasks, times[largest.tasks] / largest.tasks
    return [
        vs(f"overdue action per task, portfolio's {largest.tasks} vs {small.tasks} tasks",
           per_large * 1000, "ms/task", per_small * 1000, f"its {small.tasks}-task campaign",
           at_most=LINEAR, note=f"{history}; {times[largest.tasks]:.1f} s in all"),
    ]  # fmt: skip
