"""The Xiuhua application's commands on a real store (SQLite and PostgreSQL): what it writes
and what it refuses, and that a refusal writes nothing."""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any
from uuid import UUID, uuid4

import pytest

from domain.application import Xiuhua
from domain.audit import acting
from domain.calendar import Basis, due_date
from domain.campaign import Phase
from domain.commands import (
    AcceptReport,
    AddTask,
    DefineCampaign,
    LaunchCampaign,
    LoadHolidays,
    ReturnReport,
    SubmitReport,
)
from domain.errors import Conflict, DomainError, InvalidInput, NotFound
from domain.values import MAX_TEXT, Period, ReportState
from infra.holidays import official_calendar
from tests.unit.builders import (
    COORDINATOR,
    LEAD,
    campaign_spec,
    event_names,
    launched,
    report,
    shanghai,
)

NOW = shanghai(date(2026, 3, 10))
PERIOD = "2026-02"


@pytest.fixture
def campaign(app: Xiuhua) -> tuple[UUID, UUID]:
    """A launched 2026 campaign; its id and its first task's id."""
    cid, task_ids = launched(app, campaign_spec(2026), NOW)
    return cid, task_ids[0]


def assert_refused(
    app: Xiuhua, error: type[DomainError], field: str, command: Callable[[], Any]
) -> DomainError:
    before = app.recorder.max_notification_id()
    with pytest.raises(error) as refusal:
        command()
    assert refusal.value.field == field
    assert app.recorder.max_notification_id() == before
    return refusal.value


def test_a_defined_campaign_is_a_draft_with_its_tasks_planned(app: Xiuhua):
    cid = app.define_campaign(
        DefineCampaign(campaign_spec(2026), actor=COORDINATOR, now=NOW)
    ).campaign_id

    campaign = app.campaign(cid)
    assert campaign.phase is Phase.DRAFT
    assert [t.number for t in app.tasks(cid)] == ["1", "2"]
    assert event_names(app, cid) == ["Campaign.Defined"]
    assert app.launched_campaigns() == []


def test_a_launched_campaign_is_running_and_listed(app: Xiuhua):
    cid, _ = launched(app, campaign_spec(2026), NOW)

    assert app.campaign(cid).phase is Phase.RUNNING
    assert app.campaign(cid).launched_on == date(2026, 3, 10)
    assert event_names(app, cid) == ["Campaign.Defined", "Campaign.Launched"]
    assert app.launched_campaigns() == [cid]


def test_a_second_campaign_with_the_same_code_is_a_conflict(app: Xiuhua):
    app.define_campaign(DefineCampaign(campaign_spec(2026), actor=COORDINATOR, now=NOW))

    assert_refused(
        app,
        Conflict,
        "code",
        lambda: app.define_campaign(
            DefineCampaign(campaign_spec(2026), actor=COORDINATOR, now=NOW)
        ),
    )


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        (replace(campaign_spec(2026), start_period="2025-12"), "start_period"),
        (replace(campaign_spec(2026), start_period="2026-13"), "start_period"),
        (campaign_spec(2026, numbers=("1", "1")), "tasks"),
        (campaign_spec(2026, numbers=("1", " 1")), "tasks"),
        (replace(campaign_spec(2026), tasks=()), "tasks"),
        (replace(campaign_spec(2026), name=" "), "name"),
    ],
)
def test_a_malformed_campaign_is_refused_and_nothing_is_stored(app: Xiuhua, spec: Any, field: str):
    assert_refused(
        app,
        InvalidInput,
        field,
        lambda: app.define_campaign(DefineCampaign(spec, actor=COORDINATOR, now=NOW)),
    )


def test_a_report_is_submitted_returned_resubmitted_and_accepted(
    app: Xiuhua, campaign: tuple[UUID, UUID]
):
    _, tid = campaign

    first = app.submit_report(SubmitReport(tid, PERIOD, now=NOW, **report()))
    app.return_report(ReturnReport(tid, PERIOD, "停车位数据缺少佐证", actor=COORDINATOR, now=NOW))
    app.submit_report(
        SubmitReport(tid, PERIOD, now=NOW, **report(actuals={"parking": Decimal("61")}))
    )
    last = app.accept_report(AcceptReport(tid, PERIOD, actor=COORDINATOR, now=NOW))

    assert first.changed and last.changed
    assert last.position == app.recorder.max_notification_id()
    assert event_names(app, tid) == [
        "Task.Planned",
        "Task.ReportSubmitted",
        "Task.ReportReturned",
        "Task.ReportSubmitted",
        "Task.ReportAccepted",
    ]
    record = app.task(tid).record(PERIOD)
    assert record.state is ReportState.ACCEPTED
    assert record.report is not None
    assert (record.report.revision, record.report.actuals) == (2, {"parking": Decimal("61")})
    assert app.task(tid).latest_actuals() == {"parking": Decimal("61")}


def test_a_report_for_an_unknown_task_is_not_found(app: Xiuhua, campaign: tuple[UUID, UUID]):
    assert_refused(
        app,
        NotFound,
        "task_id",
        lambda: app.submit_report(SubmitReport(uuid4(), PERIOD, now=NOW, **report())),
    )


@pytest.mark.parametrize(
    ("period", "message"),
    [
        ("2025-12", "outside the campaign"),
        ("2027-01", "outside the campaign"),
        ("2026-04", "has not begun"),
        ("March", "YYYY-MM"),
    ],
)
def test_a_report_for_a_period_outside_the_campaign_or_not_begun_is_invalid(
    app: Xiuhua, campaign: tuple[UUID, UUID], period: str, message: str
):
    _, tid = campaign

    refusal = assert_refused(
        app,
        InvalidInput,
        "period",
        lambda: app.submit_report(SubmitReport(tid, period, now=NOW, **report())),
    )

    assert message in refusal.message


def test_a_report_for_the_current_month_is_taken(app: Xiuhua, campaign: tuple[UUID, UUID]):
    _, tid = campaign

    assert app.submit_report(SubmitReport(tid, "2026-03", now=NOW, **report())).changed


def test_a_report_for_an_accepted_period_is_refused(app: Xiuhua, campaign: tuple[UUID, UUID]):
    _, tid = campaign
    app.submit_report(SubmitReport(tid, PERIOD, now=NOW, **report()))
    app.accept_report(AcceptReport(tid, PERIOD, actor=COORDINATOR, now=NOW))

    assert_refused(
        app,
        Conflict,
        "period",
        lambda: app.submit_report(SubmitReport(tid, PERIOD, now=NOW, **report())),
    )


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"actuals": {"parking": Decimal("-3")}}, "actuals.parking"),
        ({"actuals": {"trees": Decimal("3")}}, "actuals.trees"),
        ({"actuals": {"rate": Decimal("101")}}, "actuals.rate"),
        ({"progress": "进" * (MAX_TEXT + 1)}, "progress"),
        ({"problems": "问" * (MAX_TEXT + 1)}, "problems"),
        ({"next_steps": "下" * (MAX_TEXT + 1)}, "next_steps"),
        ({"progress": "  "}, "progress"),
    ],
)
def test_a_malformed_report_is_refused_and_nothing_is_stored(
    app: Xiuhua, campaign: tuple[UUID, UUID], overrides: dict[str, Any], field: str
):
    _, tid = campaign

    assert_refused(
        app,
        InvalidInput,
        field,
        lambda: app.submit_report(SubmitReport(tid, PERIOD, now=NOW, **report(**overrides))),
    )
    assert app.task(tid).record(PERIOD).state is None


def test_a_text_of_exactly_2000_characters_is_taken(app: Xiuhua, campaign: tuple[UUID, UUID]):
    _, tid = campaign

    app.submit_report(SubmitReport(tid, PERIOD, now=NOW, **report(progress="进" * MAX_TEXT)))

    report_ = app.task(tid).record(PERIOD).report
    assert report_ is not None and len(report_.progress) == MAX_TEXT


def test_a_draft_campaign_refuses_reports(app: Xiuhua):
    cid = app.define_campaign(
        DefineCampaign(campaign_spec(2026), actor=COORDINATOR, now=NOW)
    ).campaign_id
    tid = app.campaign(cid).task_ids[0]

    refusal = assert_refused(
        app,
        Conflict,
        "campaign",
        lambda: app.submit_report(SubmitReport(tid, PERIOD, now=NOW, **report())),
    )

    assert "not been launched" in refusal.message


def test_returning_a_report_nobody_submitted_is_a_conflict(
    app: Xiuhua, campaign: tuple[UUID, UUID]
):
    _, tid = campaign

    assert_refused(
        app,
        Conflict,
        "period",
        lambda: app.return_report(ReturnReport(tid, PERIOD, "重报", actor=COORDINATOR, now=NOW)),
    )
    assert_refused(
        app,
        Conflict,
        "period",
        lambda: app.accept_report(AcceptReport(tid, PERIOD, actor=COORDINATOR, now=NOW)),
    )


def test_a_return_without_a_reason_is_refused(app: Xiuhua, campaign: tuple[UUID, UUID]):
    _, tid = campaign
    app.submit_report(SubmitReport(tid, PERIOD, now=NOW, **report()))

    assert_refused(
        app,
        InvalidInput,
        "reason",
        lambda: app.return_report(ReturnReport(tid, PERIOD, " ", actor=COORDINATOR, now=NOW)),
    )


def test_a_launch_of_an_unknown_campaign_is_not_found(app: Xiuhua):
    assert_refused(
        app,
        NotFound,
        "campaign_id",
        lambda: app.launch_campaign(LaunchCampaign(uuid4(), actor=COORDINATOR, now=NOW)),
    )


def test_a_second_launch_is_a_conflict(app: Xiuhua, campaign: tuple[UUID, UUID]):
    cid, _ = campaign

    assert_refused(
        app,
        Conflict,
        "campaign",
        lambda: app.launch_campaign(LaunchCampaign(cid, actor=COORDINATOR, now=NOW)),
    )


def test_a_task_added_later_joins_the_campaign(app: Xiuhua, campaign: tuple[UUID, UUID]):
    cid, _ = campaign
    spec = campaign_spec(2026, numbers=("3",)).tasks[0]

    tid = app.add_task(AddTask(cid, spec, actor=COORDINATOR, now=NOW)).task_id

    assert app.campaign(cid).task_ids[-1] == tid
    assert app.task(tid).number == "3"
    assert_refused(
        app,
        Conflict,
        "number",
        lambda: app.add_task(AddTask(cid, spec, actor=COORDINATOR, now=NOW)),
    )


def test_loaded_holidays_override_the_official_calendar(app: Xiuhua):
    official = official_calendar()
    app.load_holidays(
        LoadHolidays(
            2027,
            (date(2027, 4, 5),),
            (),
            "国务院办公厅关于2027年部分节假日安排的通知",
            actor=COORDINATOR,
            now=NOW,
        )
    )

    calendar = app.work_calendar(official)

    due = due_date(Period(2027, 3), campaign_spec(2027).policy, calendar)
    assert (due.day, due.basis) == (date(2027, 4, 6), Basis.OFFICIAL)
    assert calendar.years[2026] == official.years[2026]


def test_holidays_outside_their_year_are_refused(app: Xiuhua):
    assert_refused(
        app,
        InvalidInput,
        "holidays",
        lambda: app.load_holidays(
            LoadHolidays(2027, (date(2026, 4, 5),), (), "通知", actor=LEAD, now=NOW)
        ),
    )


@pytest.mark.parametrize(
    "units", [(), (" ",), ("", "\u3000")], ids=["none", "a-space", "blank-and-full-width-space"]
)
def test_a_task_needs_a_lead_unit_that_is_not_blank(app: Xiuhua, units: tuple[str, ...]):
    spec = campaign_spec(2026)
    tasks = (spec.tasks[0], replace(spec.tasks[1], lead_units=units))
    refusal = assert_refused(
        app,
        InvalidInput,
        "tasks[1].lead_units",
        lambda: app.define_campaign(
            DefineCampaign(replace(spec, tasks=tasks), actor=COORDINATOR, now=NOW)
        ),
    )
    assert "lead unit" in refusal.message


@pytest.mark.parametrize(
    ("actuals", "field"),
    [
        ({"parking": Decimal("1E+999999")}, "actuals.parking"),
        ({"parking": Decimal("9" * 400)}, "actuals.parking"),
        ({"parking": Decimal("NaN")}, "actuals.parking"),
        ({"parking": Decimal("Infinity")}, "actuals.parking"),
        ({"parking": Decimal("1.5")}, "actuals.parking"),
        ({"parking": Decimal("-3")}, "actuals.parking"),
        ({"rate": Decimal("101")}, "actuals.rate"),
        ({"rate": Decimal("55.12345")}, "actuals.rate"),
    ],
)
def test_the_application_refuses_what_the_border_refuses(
    app: Xiuhua, campaign: tuple[UUID, UUID], actuals: dict[str, Decimal], field: str
):
    """The workflow, the importer and the CLI call the application beneath the API."""
    _, tid = campaign
    assert_refused(
        app,
        InvalidInput,
        field,
        lambda: app.submit_report(SubmitReport(tid, PERIOD, now=NOW, **report(actuals=actuals))),
    )


@pytest.mark.parametrize("period", ["２０２６-０２", "٢٠٢٦-٠٢", "2026-2", " 2026-02"])
def test_a_period_not_written_in_ascii_digits_is_refused_by_every_command(
    app: Xiuhua, campaign: tuple[UUID, UUID], period: str
):
    _, tid = campaign
    commands = [
        lambda: app.submit_report(SubmitReport(tid, period, now=NOW, **report())),
        lambda: app.task(tid).submit_report(period, {}, "进展", "", "", LEAD, NOW.date()),
        lambda: app.return_report(
            ReturnReport(tid, period, "口径不对", actor=COORDINATOR, now=NOW)
        ),
        lambda: app.accept_report(AcceptReport(tid, period, actor=COORDINATOR, now=NOW)),
    ]
    for command in commands:
        assert "ASCII" in assert_refused(app, InvalidInput, "period", command).message


@pytest.mark.parametrize(
    ("progress", "taken"),
    [("进展\n\t下月继续", True), ("e\u0301", True), ("进展\x00", False), ("\u202e进展", False)],
)
def test_report_text_is_stored_nfc_with_line_breaks_and_without_control_characters(
    app: Xiuhua, campaign: tuple[UUID, UUID], progress: str, taken: bool
):
    _, tid = campaign
    if not taken:
        assert_refused(
            app,
            InvalidInput,
            "progress",
            lambda: app.submit_report(
                SubmitReport(tid, PERIOD, now=NOW, **report(progress=progress))
            ),
        )
        return
    app.submit_report(SubmitReport(tid, PERIOD, now=NOW, **report(progress=progress)))
    stored = app.task(tid).record(PERIOD).report
    assert stored is not None
    assert stored.progress == unicodedata.normalize("NFC", progress).strip()


def test_an_accepted_report_with_an_unreadable_value_is_returned_and_corrected(
    app: Xiuhua, campaign: tuple[UUID, UUID]
):
    """Stored before the border refused such values: beneath the command, by the event."""
    _, tid = campaign
    task = app.task(tid)
    bad = {"parking": Decimal("1E+999999")}
    with acting(LEAD, NOW.date()):
        task._submit(PERIOD, bad, "进展", "", "", 1, False)
    with acting(COORDINATOR, NOW.date()):
        task._accept(PERIOD, 1)
    app.save(task)

    app.return_report(ReturnReport(tid, PERIOD, "数值有误，请更正", actor=COORDINATOR, now=NOW))
    app.submit_report(
        SubmitReport(tid, PERIOD, now=NOW, **report(actuals={"parking": Decimal("60")}))
    )
    app.accept_report(AcceptReport(tid, PERIOD, actor=COORDINATOR, now=NOW))

    record = app.task(tid).record(PERIOD)
    assert record.state is ReportState.ACCEPTED and record.report is not None
    assert (record.report.revision, record.report.actuals) == (2, {"parking": Decimal("60")})
    assert event_names(app, tid)[-4:] == [
        "Task.ReportAccepted",
        "Task.ReportReturned",
        "Task.ReportSubmitted",
        "Task.ReportAccepted",
    ]


def test_a_submitted_report_with_an_unreadable_value_cannot_be_accepted(
    app: Xiuhua, campaign: tuple[UUID, UUID]
):
    _, tid = campaign
    task = app.task(tid)
    with acting(LEAD, NOW.date()):
        task._submit(PERIOD, {"parking": Decimal("NaN")}, "进展", "", "", 1, False)
    app.save(task)
    assert_refused(
        app,
        InvalidInput,
        "period",
        lambda: app.accept_report(AcceptReport(tid, PERIOD, actor=COORDINATOR, now=NOW)),
    )
    app.return_report(ReturnReport(tid, PERIOD, "数值有误", actor=COORDINATOR, now=NOW))
    assert app.task(tid).record(PERIOD).state is ReportState.RETURNED
