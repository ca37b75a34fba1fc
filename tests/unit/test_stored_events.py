"""Stored events round-trip through the transcoder: a new application instance on the same
store reads back dates, Decimals, our value objects and enums as the types they were."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import pytest

from domain.application import Xiuhua
from domain.campaign import Campaign, Phase
from domain.commands import AcceptReport, LoadHolidays, RecordAssessment, SubmitReport
from domain.holidays import HOLIDAY_BOOK_ID
from domain.task import Task
from domain.values import (
    SYSTEM,
    Actor,
    Attribute,
    Decision,
    Direction,
    Indicator,
    ReportingPolicy,
    ReportState,
    Shape,
)
from tests.unit.builders import COORDINATOR, EVALUATOR, LEAD, campaign_spec, launched, shanghai

POLICY = ReportingPolicy(due_day=10, reminder_days=(5, 2), escalate_after_days=7)
NOW = shanghai(date(2026, 3, 10))


@pytest.fixture
def reopened(app: Xiuhua, store_env: dict[str, str]) -> Iterator[Xiuhua]:
    """A second application instance on the store `app` writes to."""
    other = Xiuhua(env=store_env)
    yield other
    other.close()


def exact_types(value: Any) -> Any:
    """`value` with every leaf replaced by its exact type, for comparing shapes."""
    if isinstance(value, dict):
        return {k: exact_types(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(exact_types(v) for v in value)
    return type(value)


def test_a_task_plan_and_its_report_come_back_as_their_own_types(app: Xiuhua, reopened: Xiuhua):
    cid, (tid, _) = launched(app, campaign_spec(2026, policy=POLICY), NOW)
    app.open_period(tid, "2026-02", date(2026, 3, 10), "official", NOW)
    app.submit_report(
        SubmitReport(
            tid,
            "2026-02",
            {"parking": Decimal("60"), "stock": Decimal("580")},
            "进展",
            "",
            "",
            actor=LEAD,
            now=NOW,
        )
    )
    app.accept_report(AcceptReport(tid, "2026-02", actor=COORDINATOR, now=NOW))

    task: Task = reopened.task(tid)

    written: Task = app.task(tid)
    assert task.indicators == written.indicators
    stock = task.indicator("stock")
    assert stock is not None
    assert exact_types(vars(stock)) == {
        "code": str,
        "name": str,
        "unit": str,
        "baseline": Decimal,
        "target": Decimal,
        "attribute": Attribute,
        "deadline": date,
        "direction": Direction,
        "shape": Shape,
        "case_load": type(None),
        "method": str,
        "plan": (),
    }
    assert stock.direction is Direction.DOWN and stock.attribute is Attribute.BINDING
    assert type(task.indicators) is tuple and type(task.lead_units) is tuple
    record = task.record("2026-02")
    assert record.state is ReportState.ACCEPTED
    assert type(record.due_on) is date and record.due_on == date(2026, 3, 10)
    assert record.report is not None
    assert record.report.actuals == {"parking": Decimal("60"), "stock": Decimal("580")}
    assert exact_types(record.report.actuals) == {"parking": Decimal, "stock": Decimal}
    assert type(record.report.submitted_on) is date
    assert record.report.actor == LEAD and type(record.report.actor) is Actor


def test_stored_events_carry_actor_and_business_date_as_typed_values(app: Xiuhua, reopened: Xiuhua):
    _, (tid, _) = launched(app, campaign_spec(2026), NOW)
    app.remind(tid, "2026-02", date(2026, 3, 5), NOW)

    planned, reminded = list(reopened.repository.event_store.get(tid))

    assert isinstance(planned, Task.Planned) and isinstance(reminded, Task.ReminderSent)
    assert planned.actor == COORDINATOR and type(planned.actor) is Actor
    assert reminded.actor == SYSTEM
    assert type(planned.on) is date and planned.on == date(2026, 3, 10)
    assert type(reminded.due_on) is date
    assert all(type(i) is Indicator for i in planned.indicators)
    assert type(planned.timestamp) is datetime


def test_a_campaign_policy_and_assessment_come_back_as_their_own_types(
    app: Xiuhua, reopened: Xiuhua
):
    cid, _ = launched(app, campaign_spec(2026, policy=POLICY), NOW)
    app.open_assessment(cid, 2026, NOW)
    app.record_assessment(
        RecordAssessment(
            cid,
            2026,
            Decimal("87.5"),
            "良好",
            Decision.CONTINUE,
            "需巩固成效",
            actor=EVALUATOR,
            now=NOW,
        )
    )
    app.apply_decision(cid, 2026, NOW)

    campaign: Campaign = reopened.campaign(cid)

    assert campaign.policy == POLICY and type(campaign.policy) is ReportingPolicy
    assert type(campaign.policy.reminder_days) is tuple
    assert (campaign.phase, campaign.year) == (Phase.RUNNING, 2027)
    assessment = campaign.assessments[2026]
    assert assessment.decision is Decision.CONTINUE
    assert assessment.score == Decimal("87.5") and type(assessment.score) is Decimal
    assert type(campaign.launched_on) is date
    assessed = [
        e for e in reopened.repository.event_store.get(cid) if "Assessed" in type(e).__name__
    ]
    assert [e.decision for e in assessed] == [Decision.CONTINUE]  # type: ignore[attr-defined]


def test_loaded_holidays_come_back_as_dates(app: Xiuhua, reopened: Xiuhua):
    app.load_holidays(
        LoadHolidays(
            2027, (date(2027, 4, 5),), (date(2027, 2, 7),), "通知", actor=COORDINATOR, now=NOW
        )
    )

    book = reopened.repository.get(HOLIDAY_BOOK_ID)

    arrangement = book.years[2027]
    assert arrangement.holidays == frozenset({date(2027, 4, 5)})
    assert arrangement.workdays == frozenset({date(2027, 2, 7)})
    assert all(type(d) is date for d in arrangement.holidays | arrangement.workdays)


def test_an_indicator_stored_before_shapes_existed_reads_with_the_defaults(app: Xiuhua) -> None:
    """Version 0.1 stored indicators without shape, case_load, method and plan."""
    old = (
        b'{"_type_":"Indicator","_data_":{"code":"stock","name":"\xe5\xad\x98\xe9\x87\x8f",'
        b'"unit":"\xe5\xa4\x84","baseline":{"_type_":"decimal_str","_data_":"600"},'
        b'"target":{"_type_":"decimal_str","_data_":"400"},"attribute":"binding",'
        b'"deadline":{"_type_":"date_iso","_data_":"2026-12-31"},"direction":"down"}}'
    )
    indicator = app.mapper.transcoder.decode(old)
    assert isinstance(indicator, Indicator)
    assert indicator.shape is Shape.COUNT and indicator.case_load is None
    assert indicator.plan == () and indicator.method == ""
    assert indicator.direction is Direction.DOWN and indicator.target == Decimal(400)
