"""The facts the workflow writes through the application are written once: a second call with
the same input (a retried activity, a replayed timer) stores nothing and says so."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from domain.application import Xiuhua
from domain.campaign import Phase, campaign_id
from domain.commands import RecordAssessment, SubmitReport
from domain.errors import Conflict
from domain.values import Decision, ReportingPolicy
from tests.unit.builders import (
    COORDINATOR,
    EVALUATOR,
    campaign_spec,
    event_names,
    launched,
    report,
    shanghai,
)

DUE = date(2026, 3, 5)


@pytest.fixture
def tid(app: Xiuhua) -> UUID:
    _, task_ids = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 1), 0))
    return task_ids[0]


def twice(command: Callable[..., object], *args: object) -> tuple[object, object]:
    """The command's answers to the same call made twice, as a retried activity makes it."""
    return command(*args), command(*args)


def test_opening_a_period_twice_leaves_one_event(app: Xiuhua, tid: UUID):
    now = shanghai(date(2026, 2, 1), 0)

    assert twice(app.open_period, tid, "2026-02", DUE, "official", now) == (True, False)
    assert event_names(app, tid) == ["Task.Planned", "Task.PeriodOpened"]


def test_reminding_twice_on_one_day_leaves_one_event(app: Xiuhua, tid: UUID):
    now = shanghai(date(2026, 3, 4), 9)

    assert twice(app.remind, tid, "2026-02", DUE, now) == (True, False)
    assert event_names(app, tid) == ["Task.Planned", "Task.ReminderSent"]


def test_marking_overdue_twice_leaves_one_event(app: Xiuhua, tid: UUID):
    now = shanghai(date(2026, 3, 6), 0)

    assert twice(app.mark_overdue, tid, "2026-02", DUE, now) == (True, False)
    assert event_names(app, tid) == ["Task.Planned", "Task.ReportOverdue"]


def test_a_report_that_came_in_is_neither_reminded_nor_marked_overdue(app: Xiuhua, tid: UUID):
    app.submit_report(SubmitReport(tid, "2026-02", now=shanghai(date(2026, 3, 3)), **report()))

    assert not app.remind(tid, "2026-02", DUE, shanghai(date(2026, 3, 4), 9))
    assert not app.mark_overdue(tid, "2026-02", DUE, shanghai(date(2026, 3, 6), 0))
    assert event_names(app, tid) == ["Task.Planned", "Task.ReportSubmitted"]


def test_escalating_a_missing_report_twice_opens_one_supervision(app: Xiuhua, tid: UUID):
    app.mark_overdue(tid, "2026-02", DUE, shanghai(date(2026, 3, 6), 0))
    now = shanghai(date(2026, 3, 16), 0)

    assert twice(app.escalate_if_missing, tid, "2026-02", 10, now) == (True, False)
    assert event_names(app, tid) == [
        "Task.Planned",
        "Task.ReportOverdue",
        "Task.SupervisionOpened",
    ]
    assert app.task(tid).open_supervision == "2026-02:late"


def test_a_report_not_yet_overdue_is_not_escalated(app: Xiuhua, tid: UUID):
    assert not app.escalate_if_missing(tid, "2026-02", 10, shanghai(date(2026, 3, 16), 0))
    assert event_names(app, tid) == ["Task.Planned"]


def test_the_second_overdue_report_of_a_year_opens_supervision_with_the_mark(
    app: Xiuhua, tid: UUID
):
    app.mark_overdue(tid, "2026-01", date(2026, 2, 5), shanghai(date(2026, 2, 6), 0))
    app.mark_overdue(tid, "2026-02", DUE, shanghai(date(2026, 3, 6), 0))

    assert event_names(app, tid)[-3:] == [
        "Task.ReportOverdue",
        "Task.ReportOverdue",
        "Task.SupervisionOpened",
    ]
    [opened] = [e for e in app.repository.event_store.get(tid) if "Supervision" in str(type(e))]
    assert opened.supervision_id == "2026-02:repeated"  # type: ignore[attr-defined]
    assert list(opened.periods) == ["2026-01", "2026-02"]  # type: ignore[attr-defined]


def test_the_repeated_overdue_threshold_comes_from_the_campaign_policy(app: Xiuhua):
    spec = campaign_spec(2026, code="strict", policy=ReportingPolicy(escalate_after_overdue=1))
    _, (tid, _) = launched(app, spec, shanghai(date(2026, 1, 1), 0))

    app.mark_overdue(tid, "2026-01", date(2026, 2, 5), shanghai(date(2026, 2, 6), 0))

    assert app.task(tid).open_supervision == "2026-01:repeated"


def test_supervision_closes_once_every_overdue_report_has_come_in(app: Xiuhua, tid: UUID):
    app.mark_overdue(tid, "2026-01", date(2026, 2, 5), shanghai(date(2026, 2, 6), 0))
    app.mark_overdue(tid, "2026-02", DUE, shanghai(date(2026, 3, 6), 0))
    app.submit_report(SubmitReport(tid, "2026-01", now=shanghai(date(2026, 3, 7)), **report()))
    now = shanghai(date(2026, 3, 8))

    assert not app.close_supervision_if_resolved(tid, now)
    app.submit_report(SubmitReport(tid, "2026-02", now=now, **report()))
    assert twice(app.close_supervision_if_resolved, tid, now) == (True, False)
    assert event_names(app, tid)[-2:] == ["Task.ReportSubmitted", "Task.SupervisionClosed"]


def test_opening_the_assessment_twice_leaves_one_event(app: Xiuhua):
    cid, _ = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 1), 0))
    now = shanghai(date(2027, 1, 16), 0)

    assert twice(app.open_assessment, cid, 2026, now) == (True, False)
    assert not app.open_assessment(cid, 2025, now)
    assert event_names(app, cid) == [
        "Campaign.Defined",
        "Campaign.Launched",
        "Campaign.AssessmentOpened",
    ]


@pytest.mark.parametrize(
    ("decision", "fact"), [(Decision.CONTINUE, "Continued"), (Decision.CONCLUDE, "Concluded")]
)
def test_applying_a_decision_twice_leaves_one_event(app: Xiuhua, decision: Decision, fact: str):
    cid, _ = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 1), 0))
    now = shanghai(date(2027, 1, 20))
    app.open_assessment(cid, 2026, now)
    app.record_assessment(
        RecordAssessment(
            cid, 2026, Decimal(90), "优秀", decision, "成效明显", actor=EVALUATOR, now=now
        )
    )

    assert twice(app.apply_decision, cid, 2026, now) == (decision, decision)
    assert event_names(app, cid)[-2:] == ["Campaign.YearAssessed", f"Campaign.{fact}"]


def test_a_decision_cannot_be_applied_before_the_year_is_assessed(app: Xiuhua):
    cid, _ = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 1), 0))
    app.open_assessment(cid, 2026, shanghai(date(2027, 1, 16), 0))

    with pytest.raises(Conflict):
        app.apply_decision(cid, 2026, shanghai(date(2027, 1, 20)))
    assert 2026 not in app.campaign(cid).assessments


def test_a_year_is_assessed_once(app: Xiuhua):
    cid, _ = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 1), 0))
    now = shanghai(date(2027, 1, 20))
    app.open_assessment(cid, 2026, now)
    app.record_assessment(
        RecordAssessment(
            cid, 2026, Decimal(90), "优秀", Decision.CONCLUDE, "完成", actor=EVALUATOR, now=now
        )
    )

    with pytest.raises(Conflict):
        app.record_assessment(
            RecordAssessment(
                cid, 2026, Decimal(50), "差", Decision.CONTINUE, "重评", actor=COORDINATOR, now=now
            )
        )
    assert app.campaign(cid).assessments[2026].decision is Decision.CONCLUDE


def test_a_proposal_ends_the_campaign_and_drafts_next_year_with_the_unfinished_tasks(
    app: Xiuhua,
):
    cid, tasks = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 1), 0))
    # Task 2 reaches every target by December (the stock, a reduction, down to 0); task 1 not.
    reached = {"parking": Decimal(180), "rate": Decimal(90), "stock": Decimal(0)}
    app.submit_report(
        SubmitReport(tasks[1], "2026-12", now=shanghai(date(2026, 12, 20)),
                     **report(actuals=reached))
    )  # fmt: skip
    now = shanghai(date(2027, 1, 20))
    app.open_assessment(cid, 2026, now)
    app.record_assessment(
        RecordAssessment(
            cid, 2026, Decimal(55), "不合格", Decision.PROPOSE, "目标未完成，另立专项",
            actor=EVALUATOR, now=now,
        )
    )  # fmt: skip

    assert twice(app.apply_decision, cid, 2026, now) == (Decision.PROPOSE, Decision.PROPOSE)
    assert app.campaign(cid).phase is Phase.CONCLUDED
    proposed = app.campaign(campaign_id("parking-2026-2027"))
    assert (proposed.phase, proposed.year, proposed.start_period) == (Phase.DRAFT, 2027, "2027-01")
    carried = [app.task(t) for t in proposed.task_ids]
    # Only the task that fell short carries over, its deadlines moved into 2027.
    assert [t.number for t in carried] == ["1"]
    assert {i.deadline for t in carried for i in t.indicators} == {date(2027, 12, 31)}
    assert "（2027年新立）" in proposed.name
