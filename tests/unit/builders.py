"""Small builders shared by the domain and workflow tests: actors, instants, a campaign plan."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.application import CampaignSpec, TaskSpec, Xiuhua
from domain.calendar import local
from domain.commands import DefineCampaign, LaunchCampaign
from domain.values import Actor, Attribute, Direction, Indicator, ReportingPolicy

COORDINATOR = Actor(user="wang.fang", unit="区城管精细化专班")
LEAD = Actor(user="li.qiang", unit="区城管执法局")
LEAD_UNIT = LEAD.unit
SUPPORT_UNIT = "区住房城乡建设管理委"
EVALUATOR = Actor(user="zhao.min", unit="区评估组")


def shanghai(day: date, hour: int = 10) -> datetime:
    """The UTC instant of `hour` o'clock on `day` in Shanghai."""
    return local(day, hour)


def parking(deadline: date) -> Indicator:
    return Indicator(
        code="parking",
        name="新增共享停车位",
        unit="个",
        baseline=Decimal("0"),
        target=Decimal("180"),
        attribute=Attribute.BINDING,
        deadline=deadline,
    )


def resolution_rate(deadline: date) -> Indicator:
    return Indicator(
        code="rate",
        name="违建化解率",
        unit="%",
        baseline=Decimal("40.5"),
        target=Decimal("90"),
        attribute=Attribute.EXPECTED,
        deadline=deadline,
    )


def stock(deadline: date) -> Indicator:
    return Indicator(
        code="stock",
        name="存量违建",
        unit="处",
        baseline=Decimal("619"),
        target=Decimal("0"),
        attribute=Attribute.BINDING,
        deadline=deadline,
        direction=Direction.DOWN,
    )


def campaign_spec(
    year: int,
    code: str = "parking-2026",
    start_period: str | None = None,
    policy: ReportingPolicy | None = None,
    numbers: tuple[str, ...] = ("1", "2"),
) -> CampaignSpec:
    deadline = date(year, 12, 31)
    tasks = tuple(
        TaskSpec(
            number=number,
            title=f"任务{number}: 新增共享停车位并化解存量违建",
            lead_units=(LEAD_UNIT,),
            supporting_units=(SUPPORT_UNIT,),
            indicators=(parking(deadline), resolution_rate(deadline), stock(deadline)),
        )
        for number in numbers
    )
    return CampaignSpec(
        code=code,
        name="停车资源优化专项行动",
        task_force="精细化专项行动专班",
        year=year,
        start_period=start_period or f"{year}-01",
        tasks=tasks,
        policy=policy or ReportingPolicy(),
    )


def launched(app: Xiuhua, spec: CampaignSpec, now: datetime) -> tuple[UUID, list[UUID]]:
    """Define and launch `spec`; the campaign id and its task ids in plan order."""
    cid = app.define_campaign(DefineCampaign(spec, actor=COORDINATOR, now=now)).campaign_id
    app.launch_campaign(LaunchCampaign(cid, actor=COORDINATOR, now=now))
    return cid, list(app.campaign(cid).task_ids)


def report(**overrides: Any) -> dict[str, Any]:
    """Keyword arguments of a valid monthly report, with `overrides` applied."""
    values: dict[str, Any] = {
        "actuals": {"parking": Decimal("60"), "rate": Decimal("55.5")},
        "progress": "本月新增共享停车位60个",
        "problems": "部分小区业委会意见不一",
        "next_steps": "下月推进两处商业综合体错峰共享",
        "actor": LEAD,
    }
    values.update(overrides)
    return values


def event_names(app: Xiuhua, originator_id: UUID) -> list[str]:
    return [type(e).__qualname__ for e in app.repository.event_store.get(originator_id)]
