"""Rows of domain/views.py to and from table columns (ISO dates, JSON text)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from domain.campaign import Phase
from domain.values import (
    Attribute,
    Direction,
    Indicator,
    Milestone,
    PlanPoint,
    ReportingPolicy,
    ReportState,
    Shape,
)
from domain.views import (
    AssessmentRow,
    CampaignRow,
    EventRow,
    GroupRow,
    PeriodRow,
    ReminderRow,
    SupervisionRow,
    TaskRow,
    UnitRow,
)

Row = Mapping[str, Any]


def _day(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _indicator(i: Indicator) -> dict[str, Any]:
    return {
        "code": i.code,
        "name": i.name,
        "unit": i.unit,
        "baseline": str(i.baseline),
        "target": str(i.target),
        "attribute": i.attribute.value,
        "deadline": i.deadline.isoformat(),
        "direction": i.direction.value,
        "shape": i.shape.value,
        "case_load": str(i.case_load) if i.case_load is not None else None,
        "method": i.method,
        "plan": [[p.period, str(p.value)] for p in i.plan],
    }


def _load_indicator(d: dict[str, Any]) -> Indicator:
    return Indicator(
        d["code"],
        d["name"],
        d["unit"],
        Decimal(d["baseline"]),
        Decimal(d["target"]),
        Attribute(d["attribute"]),
        date.fromisoformat(d["deadline"]),
        Direction(d["direction"]),
        Shape(d["shape"]),
        Decimal(d["case_load"]) if d["case_load"] is not None else None,
        d["method"],
        tuple(PlanPoint(period, Decimal(value)) for period, value in d["plan"]),
    )


def campaign_params(r: CampaignRow) -> tuple[Any, ...]:
    policy = {
        "due_day": r.policy.due_day,
        "reminder_days": list(r.policy.reminder_days),
        "escalate_after_days": r.policy.escalate_after_days,
        "escalate_after_overdue": r.policy.escalate_after_overdue,
    }
    return (
        str(r.id), r.code, r.name, r.task_force, r.year, r.start_period, _dump(policy),
        _day(r.defined_on), r.phase.value, _day(r.launched_on), _day(r.concluded_on),
    )  # fmt: skip


def campaign(row: Row) -> CampaignRow:
    policy = json.loads(row["policy"])
    policy["reminder_days"] = tuple(policy["reminder_days"])
    return CampaignRow(
        id=UUID(row["id"]),
        code=row["code"],
        name=row["name"],
        task_force=row["task_force"],
        year=row["year"],
        start_period=row["start_period"],
        policy=ReportingPolicy(**policy),
        defined_on=date.fromisoformat(row["defined_on"]),
        phase=Phase(row["phase"]),
        launched_on=_date(row["launched_on"]),
        concluded_on=_date(row["concluded_on"]),
    )


def task_params(r: TaskRow) -> tuple[Any, ...]:
    milestones = [{"code": m.code, "name": m.name, "due": m.due.isoformat()} for m in r.milestones]
    done = {code: on.isoformat() for code, on in r.milestones_done.items()}
    return (
        str(r.id), str(r.campaign_id), r.number, r.seq, r.title, _dump(list(r.lead_units)),
        _dump(list(r.supporting_units)), _dump([_indicator(i) for i in r.indicators]),
        _dump(milestones), _dump(done), r.open_supervision,
    )  # fmt: skip


def task(row: Row) -> TaskRow:
    milestones = json.loads(row["milestones"])
    return TaskRow(
        id=UUID(row["id"]),
        campaign_id=UUID(row["campaign_id"]),
        number=row["number"],
        seq=row["seq"],
        title=row["title"],
        lead_units=tuple(json.loads(row["lead_units"])),
        supporting_units=tuple(json.loads(row["supporting_units"])),
        indicators=tuple(_load_indicator(d) for d in json.loads(row["indicators"])),
        milestones=tuple(
            Milestone(m["code"], m["name"], date.fromisoformat(m["due"])) for m in milestones
        ),
        milestones_done={
            c: date.fromisoformat(d) for c, d in json.loads(row["milestones_done"]).items()
        },
        open_supervision=row["open_supervision"],
    )


def period_params(r: PeriodRow) -> tuple[Any, ...]:
    actuals = {code: str(value) for code, value in r.actuals.items()}
    return (
        str(r.task_id), r.period, str(r.campaign_id), _day(r.due_on), _day(r.opened_on),
        r.basis, _day(r.overdue_on), r.state.value if r.state else None, r.revision,
        int(r.late), _day(r.submitted_on), r.submitted_by, _dump(actuals), r.progress,
        r.problems, r.next_steps, r.return_reason, _day(r.reviewed_on),
    )  # fmt: skip


def period(row: Row) -> PeriodRow:
    return PeriodRow(
        task_id=UUID(row["task_id"]),
        campaign_id=UUID(row["campaign_id"]),
        period=row["period"],
        due_on=_date(row["due_on"]),
        opened_on=_date(row["opened_on"]),
        basis=row["basis"],
        overdue_on=_date(row["overdue_on"]),
        state=ReportState(row["state"]) if row["state"] else None,
        revision=row["revision"],
        late=bool(row["late"]),
        submitted_on=_date(row["submitted_on"]),
        submitted_by=row["submitted_by"],
        actuals={c: Decimal(v) for c, v in json.loads(row["actuals"]).items()},
        progress=row["progress"],
        problems=row["problems"],
        next_steps=row["next_steps"],
        return_reason=row["return_reason"],
        reviewed_on=_date(row["reviewed_on"]),
    )


def reminder_params(r: ReminderRow) -> tuple[Any, ...]:
    return (
        r.position, str(r.task_id), str(r.campaign_id), r.period, _day(r.due_on),
        _dump(list(r.units)), _day(r.sent_on),
    )  # fmt: skip


def reminder(row: Row) -> ReminderRow:
    return ReminderRow(
        position=row["position"],
        task_id=UUID(row["task_id"]),
        campaign_id=UUID(row["campaign_id"]),
        period=row["period"],
        due_on=date.fromisoformat(row["due_on"]),
        units=tuple(json.loads(row["units"])),
        sent_on=date.fromisoformat(row["sent_on"]),
    )


def supervision_params(r: SupervisionRow) -> tuple[Any, ...]:
    return (
        str(r.task_id), r.supervision_id, str(r.campaign_id), _dump(list(r.periods)), r.reason,
        _day(r.opened_on), r.opened_by, _day(r.closed_on), r.close_reason,
    )  # fmt: skip


def supervision(row: Row) -> SupervisionRow:
    return SupervisionRow(
        task_id=UUID(row["task_id"]),
        campaign_id=UUID(row["campaign_id"]),
        supervision_id=row["supervision_id"],
        periods=tuple(json.loads(row["periods"])),
        reason=row["reason"],
        opened_on=date.fromisoformat(row["opened_on"]),
        opened_by=row["opened_by"],
        closed_on=_date(row["closed_on"]),
        close_reason=row["close_reason"],
    )


def assessment_params(r: AssessmentRow) -> tuple[Any, ...]:
    return (
        str(r.campaign_id), r.year, str(r.score), r.rating, r.decision, r.rationale,
        _day(r.on), r.evaluator,
    )  # fmt: skip


def assessment(row: Row) -> AssessmentRow:
    return AssessmentRow(
        campaign_id=UUID(row["campaign_id"]),
        year=row["year"],
        score=Decimal(row["score"]),
        rating=row["rating"],
        decision=row["decision"],
        rationale=row["rationale"],
        on=date.fromisoformat(row["assessed_on"]),
        evaluator=row["evaluator"],
    )


def event_params(r: EventRow) -> tuple[Any, ...]:
    return (
        r.position, str(r.campaign_id), str(r.task_id) if r.task_id else None, r.task_number,
        r.recorded_at.isoformat(), _day(r.on), r.type, r.actor_user, r.actor_unit, r.period,
        r.summary,
    )  # fmt: skip


def event(row: Row) -> EventRow:
    return EventRow(
        position=row["position"],
        campaign_id=UUID(row["campaign_id"]),
        task_id=UUID(row["task_id"]) if row["task_id"] else None,
        task_number=row["task_number"],
        recorded_at=datetime.fromisoformat(row["recorded_at"]),
        on=date.fromisoformat(row["business_on"]),
        type=row["type"],
        actor_user=row["actor_user"],
        actor_unit=row["actor_unit"],
        period=row["period"],
        summary=row["summary"],
    )


def unit_params(r: UnitRow) -> tuple[Any, ...]:
    return (r.name, _dump(list(r.aliases)))


def unit(row: Row) -> UnitRow:
    return UnitRow(name=row["name"], aliases=tuple(json.loads(row["aliases"])))


def group_params(r: GroupRow) -> tuple[Any, ...]:
    return (r.name, _dump(list(r.members)))


def group(row: Row) -> GroupRow:
    return GroupRow(name=row["name"], members=tuple(json.loads(row["members"])))
