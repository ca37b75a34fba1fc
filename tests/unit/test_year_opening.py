"""No report is overdue before it could be made: periods due before the campaign's year was
launched or continued are opened but never marked overdue or escalated."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from domain.application import Xiuhua
from domain.commands import RecordAssessment, SubmitReport
from domain.errors import Conflict, InvalidInput
from domain.values import Decision
from tests.unit.builders import EVALUATOR, campaign_spec, launched, report, shanghai


def test_a_period_due_before_the_launch_is_never_marked_overdue(app: Xiuhua) -> None:
    cid, (task, _) = launched(
        app, campaign_spec(2026, start_period="2026-07"), shanghai(date(2026, 9, 20))
    )
    before = app.recorder.max_notification_id()
    assert not app.mark_overdue(task, "2026-07", date(2026, 8, 5), shanghai(date(2026, 9, 21)))
    assert not app.escalate_if_missing(task, "2026-07", 10, shanghai(date(2026, 9, 21)))
    assert app.recorder.max_notification_id() == before
    assert app.mark_overdue(task, "2026-09", date(2026, 10, 8), shanghai(date(2026, 10, 9)))


def test_a_year_continued_late_does_not_make_its_early_months_overdue(app: Xiuhua) -> None:
    cid, (task, _) = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 2)))
    app.open_assessment(cid, 2026, shanghai(date(2027, 1, 20)))
    app.record_assessment(
        RecordAssessment(
            cid,
            2026,
            Decimal(88),
            "良好",
            Decision.CONTINUE,
            "成效明显，延续",
            actor=EVALUATOR,
            now=shanghai(date(2027, 3, 20)),
        )
    )
    app.apply_decision(cid, 2026, shanghai(date(2027, 3, 20)))
    late_start = shanghai(date(2027, 3, 20))
    assert not app.mark_overdue(task, "2027-01", date(2027, 2, 5), late_start)
    assert not app.mark_overdue(task, "2027-02", date(2027, 3, 5), late_start)
    assert app.mark_overdue(task, "2027-03", date(2027, 4, 5), shanghai(date(2027, 4, 6)))
    assert app.campaign(cid).year_opened_on == {2026: date(2026, 1, 2), 2027: date(2027, 3, 20)}


def test_while_a_year_is_assessed_units_go_on_reporting_the_next_one(app: Xiuhua) -> None:
    cid, (task, _) = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 2)))
    early = shanghai(date(2027, 2, 3))
    with pytest.raises(InvalidInput) as refused:
        app.submit_report(SubmitReport(task, "2027-01", now=early, **report()))
    assert refused.value.field == "period"
    app.open_assessment(cid, 2026, shanghai(date(2027, 1, 20)))
    app.submit_report(SubmitReport(task, "2027-01", now=early, **report()))
    assert app.task(task).record("2027-01").report is not None


def test_a_concluded_campaign_takes_no_more_reports(app: Xiuhua) -> None:
    cid, (task, _) = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 2)))
    app.open_assessment(cid, 2026, shanghai(date(2027, 1, 20)))
    app.record_assessment(
        RecordAssessment(
            cid,
            2026,
            Decimal(60),
            "一般",
            Decision.CONCLUDE,
            "目标基本完成，结束",
            actor=EVALUATOR,
            now=shanghai(date(2027, 1, 25)),
        )
    )
    app.apply_decision(cid, 2026, shanghai(date(2027, 1, 25)))
    before = app.recorder.max_notification_id()
    with pytest.raises(Conflict):
        app.submit_report(
            SubmitReport(task, "2026-12", now=shanghai(date(2027, 1, 26)), **report())
        )
    assert app.recorder.max_notification_id() == before
