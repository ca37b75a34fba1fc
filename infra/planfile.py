"""A campaign plan written as plain data (JSON or YAML-shaped dicts) into domain specs, and
back (`campaign_data`), so a plan can be written out and read again unchanged."""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from domain.application import CampaignSpec, TaskSpec
from domain.errors import InvalidInput
from domain.values import (
    Attribute,
    Direction,
    Indicator,
    Milestone,
    Period,
    PlanPoint,
    ReportingPolicy,
    Shape,
)


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


def _plan_point(data: dict[str, Any], where: str) -> PlanPoint:
    period = Period.parse(str(data["period"]), f"{where}.period")
    return PlanPoint(str(period), _number(data["value"], f"{where}.value"))


def indicator(data: dict[str, Any], where: str) -> Indicator:
    try:
        attribute = Attribute(data.get("attribute", Attribute.EXPECTED.value))
        direction = Direction(data.get("direction", Direction.UP.value))
        shape = Shape(data.get("shape", Shape.COUNT.value))
    except ValueError as error:
        raise InvalidInput(where, str(error)) from None
    case_load = data.get("case_load")
    return Indicator(
        code=str(data["code"]),
        name=str(data["name"]),
        unit=str(data.get("unit", "")),
        baseline=_number(data.get("baseline", 0), f"{where}.baseline"),
        target=_number(data["target"], f"{where}.target"),
        attribute=attribute,
        deadline=_date(data["deadline"], f"{where}.deadline"),
        direction=direction,
        shape=shape,
        case_load=None if case_load is None else _number(case_load, f"{where}.case_load"),
        method=str(data.get("method") or ""),
        plan=tuple(
            _plan_point(p, f"{where}.plan[{n}]") for n, p in enumerate(data.get("plan") or ())
        ),
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


def _plain(number: Decimal) -> int | float | str:
    """A Decimal as YAML/JSON writes it best: an int, a float that reads back the same, or text."""
    if number == number.to_integral_value():
        return int(number)
    return float(number) if Decimal(str(float(number))) == number else str(number)


def indicator_data(item: Indicator) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": item.code,
        "name": item.name,
        "unit": item.unit,
        "baseline": _plain(item.baseline),
        "target": _plain(item.target),
        "attribute": item.attribute.value,
        "deadline": item.deadline.isoformat(),
        "direction": item.direction.value,
        "shape": item.shape.value,
        "method": item.method,
        "plan": [{"period": p.period, "value": _plain(p.value)} for p in item.plan],
    }
    if item.case_load is not None:
        data["case_load"] = _plain(item.case_load)
    return data


def campaign_data(spec: CampaignSpec) -> dict[str, Any]:
    """The plain-data form of `spec`, which `campaign_spec` reads back to an equal spec."""
    policy = spec.policy
    return {
        "code": spec.code,
        "name": spec.name,
        "task_force": spec.task_force,
        "year": spec.year,
        "start_period": spec.start_period,
        "policy": {
            "due_day": policy.due_day,
            "reminder_days": list(policy.reminder_days),
            "escalate_after_days": policy.escalate_after_days,
            "escalate_after_overdue": policy.escalate_after_overdue,
        },
        "tasks": [
            {
                "number": t.number,
                "title": t.title,
                "lead_units": list(t.lead_units),
                "supporting_units": list(t.supporting_units),
                "indicators": [indicator_data(i) for i in t.indicators],
                "milestones": [
                    {"code": m.code, "name": m.name, "due": m.due.isoformat()} for m in t.milestones
                ],
            }
            for t in spec.tasks
        ],
    }
