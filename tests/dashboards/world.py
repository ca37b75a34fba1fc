"""A small portfolio played through the application's own commands, with every report's fate
chosen, so the dashboards' numbers can be checked against what was built.

Campaign PK-2026 starts in July 2026; each month's report is due on the 5th of the next month
(the test writes the calendar facts itself, as the workflow's activities would). The cut-off of
the tests is 10 November 2026, after October's report fell due.

    task 1, led by A:        Jul on time, Aug on time, Sep late, Oct missing
    task 2, led by B:        Jul on time, Aug missing, Sep returned and resubmitted late,
                             Oct returned and not resubmitted (missing)
    task 3, led by A and B:  Jul late, Aug, Sep, Oct on time

So on 10 Nov: A has 8 due, 5 on time, 2 late, 1 missing (62.5%); B 8 due, 4 on time, 2 late,
2 missing (50.0%). Task 1 reports 30, 60, 90 spaces of 180 for July to September.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from uuid import UUID

from domain.application import CampaignSpec, TaskSpec, Xiuhua
from domain.calendar import local
from domain.commands import (
    CompleteMilestone,
    DefineCampaign,
    LaunchCampaign,
    ReturnReport,
    SubmitReport,
)
from domain.values import Actor, Attribute, Indicator, Milestone

A = "区城管执法局"
B = "区交通委"
CUT = date(2026, 11, 10)
COORDINATOR = Actor("zhang.wei", "专班")
PERIODS = ("2026-07", "2026-08", "2026-09", "2026-10")
SPACES = Indicator(
    "spaces", "新增共享停车位", "个", Decimal(0), Decimal(180), Attribute.BINDING,
    date(2026, 12, 31),
)  # fmt: skip
TASKS = (
    TaskSpec("1", "新增共享停车位", (A,), indicators=(SPACES,), milestones=(
        Milestone("plan", "方案印发", date(2026, 8, 31)),
        Milestone("build", "建设完成", date(2026, 9, 30)),
        Milestone("accept", "竣工验收", date(2026, 12, 15)),
    )),
    TaskSpec("2", "违法建筑专项治理", (B,), milestones=(
        Milestone("survey", "存量摸排", date(2026, 10, 15)),
    )),
    TaskSpec("3", "联合执法检查", (A, B)),
)  # fmt: skip


def due(period: str) -> date:
    year, month = int(period[:4]), int(period[5:])
    return date(year + month // 12, month % 12 + 1, 5)


def at(day: date) -> datetime:
    return local(day, 10)


@dataclass(frozen=True)
class World:
    campaign_id: UUID
    tasks: dict[str, UUID]


def build(app: Xiuhua, code: str = "PK-2026") -> World:
    spec = CampaignSpec(code, "共享停车资源优化", "精细化专项行动专班", 2026, "2026-07", TASKS)
    now = local(date(2026, 6, 20), 10)
    cid = app.define_campaign(DefineCampaign(spec, actor=COORDINATOR, now=now)).campaign_id
    assert cid is not None
    app.launch_campaign(LaunchCampaign(cid, actor=COORDINATOR, now=now))
    tasks = {t.number: t.id for t in app.tasks(cid)}
    for period in PERIODS:
        first = date(int(period[:4]), int(period[5:]), 1)
        for tid in tasks.values():
            app.open_period(tid, period, due(period), "test", local(first, 9))

    def submit(number: str, period: str, day: date, value: int | None = None) -> None:
        unit = A if number != "2" else B
        actuals = {"spaces": Decimal(value)} if value is not None else {}
        app.submit_report(SubmitReport(
            tasks[number], period, actuals, f"{period} 进展", "", "",
            actor=Actor("liaison", unit), now=local(day, 11),
        ))  # fmt: skip

    def overdue(number: str, period: str) -> None:
        d = due(period)
        app.mark_overdue(tasks[number], period, d, local(date(d.year, d.month, d.day + 1), 0))

    def give_back(number: str, period: str, day: date) -> None:
        command = ReturnReport(
            tasks[number], period, "数据有误", actor=COORDINATOR, now=local(day, 15)
        )
        app.return_report(command)

    # task 1 (A)
    submit("1", "2026-07", date(2026, 8, 3), 30)
    submit("1", "2026-08", date(2026, 9, 2), 60)
    overdue("1", "2026-09")
    submit("1", "2026-09", date(2026, 10, 9), 90)
    overdue("1", "2026-10")
    # task 2 (B)
    submit("2", "2026-07", date(2026, 8, 4))
    overdue("2", "2026-08")
    submit("2", "2026-09", date(2026, 10, 2))
    give_back("2", "2026-09", date(2026, 10, 3))
    overdue("2", "2026-09")
    submit("2", "2026-09", date(2026, 10, 7))
    submit("2", "2026-10", date(2026, 11, 3))
    give_back("2", "2026-10", date(2026, 11, 4))
    overdue("2", "2026-10")
    # task 3 (A and B)
    overdue("3", "2026-07")
    submit("3", "2026-07", date(2026, 8, 10))
    submit("3", "2026-08", date(2026, 9, 1))
    submit("3", "2026-09", date(2026, 10, 2))
    submit("3", "2026-10", date(2026, 11, 2))
    # milestones: task 1's plan on time, build late; task 2's survey not done (overdue on CUT)
    for code, day in (("plan", date(2026, 8, 20)), ("build", date(2026, 10, 10))):
        command = CompleteMilestone(tasks["1"], code, "", actor=Actor("liaison", A), now=at(day))
        app.complete_milestone(command)
    return World(cid, tasks)
