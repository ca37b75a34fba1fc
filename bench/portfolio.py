"""The one generator every benchmark stands on: a portfolio of campaigns played through a year
by the application's own commands, each at its own business time, from a seeded `Random`.

Each task's month has a fate drawn once: on time (reminded only if still missing when the
reminder falls), late (marked overdue, maybe escalated, then reported and the supervision
closed), returned (reported, sent back, reported again, accepted) or missing (overdue and
escalated). The calendar facts come from the real schedule (domain.calendar.year_schedule),
written with the same commands the workflow's activities call. Every step is sorted by its
instant, so the store's notification order is the order of a real year.

Sizes: `tiny` (~2.5k events, a smoke test), `district` (~30k), `city` (>=200k: 118 campaigns,
one of 1,000 tasks). The year is 2093 and every `now` is computed, never read from the clock.
"""

from __future__ import annotations

import multiprocessing
import random
import time
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from urllib.parse import quote
from uuid import UUID

from domain.application import Xiuhua
from domain.calendar import Action, WorkCalendar, local, year_schedule
from domain.commands import (
    AcceptReport,
    CampaignSpec,
    DefineCampaign,
    LaunchCampaign,
    RegisterUnit,
    ReturnReport,
    SubmitReport,
    TaskSpec,
)
from domain.values import Actor, Attribute, Indicator, Period

# Bump when what the generator writes changes: cached portfolios of another version are rebuilt.
GENERATOR_VERSION = 1
YEAR = 2093
SEED = 8
# The instant the portfolio stands at: November's reports are overdue or in, December's open.
NOW = local(date(YEAR, 12, 28), 10)
DEFINED = local(date(YEAR - 1, 12, 10), 10)
LAUNCHED = local(date(YEAR - 1, 12, 20), 10)
COORDINATOR = Actor("bench-coordinator", "专班")
UNITS = 40


def unit_name(n: int) -> str:
    return f"街镇{n:02d}"


def lead_token(unit: str) -> str:
    """The dev bearer token of a lead unit (api/auth.py): the name percent-encoded."""
    return f"demo-lead:{quote(unit)}"


@dataclass(frozen=True)
class CampaignPlan:
    code: str
    tasks: int
    start_month: int


def plans(size: str) -> list[CampaignPlan]:
    """The campaigns of a portfolio size: their task counts and first reporting month."""
    rng = random.Random(f"{SEED}:{size}:plans")
    if size == "tiny":
        shape = [(20, 1), (40, 7), (100, 12)]
    elif size == "district":
        shape = [(1000, 10), (100, 1), (10, 1)] + [(rng.randint(16, 36), 1) for _ in range(14)]
    elif size == "city":
        shape = [(1000, 1), (100, 1), (10, 1)] + [(rng.randint(12, 52), 1) for _ in range(115)]
    else:
        raise ValueError(f"unknown portfolio size {size!r} (tiny, district, city)")
    return [CampaignPlan(f"B{size[0].upper()}{n:03d}", t, m) for n, (t, m) in enumerate(shape)]


def shard_plans(size: str, shard: int, shards: int) -> list[CampaignPlan]:
    """The campaigns one of `shards` processes generates: the largest first, each to the shard
    with the fewest tasks so far, so the processes finish together."""
    loads = [0] * shards
    mine = []
    for plan in sorted(plans(size), key=lambda p: (-p.tasks, p.code)):
        lightest = loads.index(min(loads))
        loads[lightest] += plan.tasks
        if lightest == shard:
            mine.append(plan)
    return sorted(mine, key=lambda p: p.code)


def spec_of(plan: CampaignPlan, rng: random.Random) -> CampaignSpec:
    return CampaignSpec(
        code=plan.code,
        name=f"专项行动 {plan.code}",
        task_force="专班",
        year=YEAR,
        start_period=f"{YEAR}-{plan.start_month:02d}",
        tasks=tuple(
            TaskSpec(
                number=str(n + 1),
                title=f"{plan.code} 第{n + 1}项任务：整治点位推进",
                lead_units=(unit_name(rng.randrange(UNITS)),),
                supporting_units=(unit_name(rng.randrange(UNITS)),),
                indicators=(
                    Indicator(
                        "v",
                        "整治点位",
                        "个",
                        Decimal(0),
                        Decimal(120),
                        Attribute.BINDING,
                        date(YEAR, 12, 31),
                    ),
                ),
            )
            for n in range(plan.tasks)
        ),
    )


Step = tuple[datetime, int, Callable[[], object]]


@dataclass
class Generated:
    events: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.events / self.seconds if self.seconds else 0.0


def generate(
    env: dict[str, str], size: str, workers: int = 1, progress: Callable[[str], None] = print
) -> Generated:
    """Write the portfolio of `size` into the empty store that `env` names. With `workers` > 1
    the campaigns are shared among that many processes: each campaign's events are the same,
    only how campaigns interleave in the notification log differs."""
    started = time.perf_counter()
    app = Xiuhua(env={**env, **generator_env()})
    try:
        for n in range(UNITS):
            command = RegisterUnit(unit_name(n), (), actor=COORDINATOR, now=DEFINED)
            app.register_unit(command)
        if workers <= 1:
            _generate_shard(app, size, 0, 1, progress)
        else:
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(workers, mp_context=context) as pool:
                shards = [pool.submit(_shard, env, size, k, workers) for k in range(workers)]
                for shard in shards:
                    shard.result()
        written = app.recorder.max_notification_id() or 0
    finally:
        app.close()
    return Generated(written, time.perf_counter() - started)


def _shard(env: dict[str, str], size: str, shard: int, shards: int) -> None:
    app = Xiuhua(env={**env, **generator_env()})
    try:
        _generate_shard(app, size, shard, shards, lambda line: print(f"[{shard}] {line}"))
    finally:
        app.close()


def _generate_shard(
    app: Xiuhua, size: str, shard: int, shards: int, progress: Callable[[str], None]
) -> None:
    """Define, launch and play the campaigns whose index falls to this shard."""
    started = time.perf_counter()
    steps: list[Step] = []
    calendar = WorkCalendar()  # 2093 has no official arrangement: weekends only, as in prod
    for plan in shard_plans(size, shard, shards):
        rng = random.Random(f"{SEED}:{plan.code}")
        spec = spec_of(plan, rng)
        cid = app.define_campaign(DefineCampaign(spec, actor=COORDINATOR, now=DEFINED)).campaign_id
        assert cid is not None
        app.launch_campaign(LaunchCampaign(cid, actor=COORDINATOR, now=LAUNCHED))
        steps += _campaign_steps(app, cid, spec, calendar, rng)
    steps.sort(key=lambda s: (s[0], s[1]))
    for n, (at, _, step) in enumerate(steps, 1):
        if at <= NOW:
            step()
        if n % 5_000 == 0:
            elapsed = time.perf_counter() - started
            progress(f"  {n} of {len(steps)} steps in {elapsed:.0f} s")


def _campaign_steps(
    app: Xiuhua, cid: UUID, spec: CampaignSpec, calendar: WorkCalendar, rng: random.Random
) -> list[Step]:
    task_ids = app.campaign(cid).task_ids
    leads = {tid: t.lead_units[0] for tid, t in zip(task_ids, spec.tasks, strict=True)}
    periods = Period.parse(spec.start_period).range_to(Period(YEAR, 12))
    steps: list[Step] = []
    order = 0

    def add(at: datetime, step: Callable[[], object]) -> None:
        nonlocal order
        steps.append((at, order, step))
        order += 1

    for action in year_schedule(periods, spec.policy, calendar):
        add(action.at, _calendar_step(app, task_ids, action, calendar))
    for period in periods:
        due = next(a.due_on for a in year_schedule([period], spec.policy, calendar))
        for tid in task_ids:
            for at, step in _report_steps(app, tid, leads[tid], period, due, rng):
                add(at, step)
    return steps


def _calendar_step(
    app: Xiuhua, task_ids: list[UUID], action: Action, calendar: WorkCalendar
) -> Callable[[], object]:
    """One scheduled action over every task, as the workflow's run_actions activity does."""
    kind, period, due, at = action.kind.value, action.period, action.due_on, action.at

    def step() -> None:
        for tid in task_ids:
            if kind == "open":
                app.open_period(tid, period, due, calendar.basis(due).value, at)
            elif kind == "remind":
                app.remind(tid, period, due, at)
            elif kind == "overdue":
                app.mark_overdue(tid, period, due, at)
            else:
                app.escalate_if_missing(tid, period, 10, at)
        for tid in task_ids:
            app.close_supervision_if_resolved(tid, at)

    return step


def _report_steps(
    app: Xiuhua, tid: UUID, unit: str, period: Period, due: date, rng: random.Random
) -> list[tuple[datetime, Callable[[], object]]]:
    fate = rng.choices(["on_time", "late", "returned", "missing"], [72, 12, 8, 8])[0]
    if fate == "missing":
        return []
    lead = Actor(f"liaison@{unit}", unit)
    value = Decimal(max(0, min(120, period.month * 10 + rng.randint(-4, 3))))
    first_day = period.first_day()
    if fate == "late":
        submit_on = due + timedelta(days=rng.randint(2, 20))
    else:
        earliest = first_day + timedelta(days=24)
        submit_on = earliest + timedelta(days=rng.randint(0, max(0, (due - earliest).days - 1)))
    submitted = local(submit_on, rng.randint(9, 17))
    p = str(period)

    def submit(at: datetime) -> Callable[[], object]:
        def step() -> None:
            report = SubmitReport(
                tid, p, {"v": value}, f"{p} 完成整治点位{value}个。", "", "下月继续推进。",
                actor=lead, now=at,
            )  # fmt: skip
            app.submit_report(report)
            # What the workflow's review_submission activity does when told of a report.
            app.close_supervision_if_resolved(tid, at)

        return step

    steps = [(submitted, submit(submitted))]
    if fate == "returned":
        returned = submitted + timedelta(hours=20)
        reason = "数据与台账不一致，请核实后重报。"
        command = ReturnReport(tid, p, reason, actor=COORDINATOR, now=returned)
        steps.append((returned, lambda: app.return_report(command)))
        submitted = returned + timedelta(days=1)
        steps.append((submitted, submit(submitted)))
    accepted = submitted + timedelta(days=rng.randint(1, 3), hours=2)
    accept = AcceptReport(tid, p, actor=COORDINATOR, now=accepted)
    steps.append((accepted, lambda: app.accept_report(accept)))
    return steps


def generator_env() -> dict[str, str]:
    """Every aggregate of the portfolio stays in the application's cache between commands
    (fast-forwarded as always: domain/service/cache.py), so no task's history is replayed."""
    return {"AGGREGATE_CACHE_MAXSIZE": "100000"}
