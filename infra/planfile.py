"""A campaign plan written as plain data (JSON or YAML-shaped dicts) into domain specs."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.application import CampaignSpec, TaskSpec
from domain.errors import InvalidInput
from domain.values import Attribute, Direction, Indicator, Milestone, ReportingPolicy


def _number(value: Any, where: str) -> Decimal:
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise InvalidInput(where, f"'{value}' is not a number") from None
    if not number.is_finite():
        raise InvalidInput(where, f"'{value}' is not a number")
    return number


def _date(value: Any, where: str) -> date:
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise InvalidInput(where, f"'{value}' is not a date written YYYY-MM-DD") from None


def indicator(data: dict[str, Any], where: str) -> Indicator:
    try:
        attribute = Attribute(data.get("attribute", Attribute.EXPECTED.value))
        direction = Direction(data.get("direction", Direction.UP.value))
    except ValueError as error:
        raise InvalidInput(where, str(error)) from None
    return Indicator(
        code=str(data["code"]),
        name=str(data["name"]),
        unit=str(data.get("unit", "")),
        baseline=_number(data.get("baseline", 0), f"{where}.baseline"),
        target=_number(data["target"], f"{where}.target"),
        attribute=attribute,
        deadline=_date(data["deadline"], f"{where}.deadline"),
        direction=direction,
    )


def task_spec(data: dict[str, Any], where: str) -> TaskSpec:
    return TaskSpec(
        number=str(data["number"]),
        title=str(data["title"]),
        lead_units=tuple(data.get("lead_units", ())),
        supporting_units=tuple(data.get("supporting_units", ())),
        indicators=tuple(
            indicator(i, f"{where}.indicators[{n}]")
            for n, i in enumerate(data.get("indicators", ()))
        ),
        milestones=tuple(
            Milestone(str(m["code"]), str(m["name"]), _date(m["due"], f"{where}.milestones[{n}]"))
            for n, m in enumerate(data.get("milestones", ()))
        ),
    )


def campaign_spec(data: dict[str, Any]) -> CampaignSpec:
    policy = data.get("policy") or {}
    return CampaignSpec(
        code=str(data["code"]),
        name=str(data["name"]),
        task_force=str(data.get("task_force", "")),
        year=int(data["year"]),
        start_period=str(data["start_period"]),
        tasks=tuple(task_spec(t, f"tasks[{n}]") for n, t in enumerate(data.get("tasks", ()))),
        policy=ReportingPolicy(
            due_day=int(policy.get("due_day", 5)),
            reminder_days=tuple(int(d) for d in policy.get("reminder_days", (3, 1))),
            escalate_after_days=int(policy.get("escalate_after_days", 10)),
            escalate_after_overdue=int(policy.get("escalate_after_overdue", 2)),
        ),
    )
