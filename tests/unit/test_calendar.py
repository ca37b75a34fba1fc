"""The reporting calendar: due dates by China's official calendar, reminders, the schedule."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain.calendar import (
    Action,
    ActionKind,
    Basis,
    DueDate,
    WorkCalendar,
    YearArrangement,
    due_date,
    local,
    period_schedule,
    year_schedule,
)
from domain.values import Period, ReportingPolicy
from infra.holidays import official_calendar

OFFICIAL = official_calendar()
DEFAULT = ReportingPolicy()


def test_the_september_2026_report_due_in_national_day_holidays_moves_to_the_first_workday_after():
    due = due_date(Period(2026, 9), DEFAULT, OFFICIAL)

    assert due.day == date(2026, 10, 8)
    assert due.basis is Basis.OFFICIAL


def test_a_due_date_on_an_ordinary_saturday_moves_to_monday():
    assert due_date(Period(2026, 8), DEFAULT, OFFICIAL).day == date(2026, 9, 7)


def test_a_due_date_on_a_workday_stays():
    assert due_date(Period(2026, 10), DEFAULT, OFFICIAL).day == date(2026, 11, 5)


@pytest.mark.parametrize(
    ("period", "due_day", "expected"),
    [(Period(2026, 9), 10, date(2026, 10, 10)), (Period(2026, 4), 9, date(2026, 5, 9))],
)
def test_a_make_up_working_saturday_counts_as_a_working_day(
    period: Period, due_day: int, expected: date
):
    assert expected.weekday() == 5
    assert due_date(period, ReportingPolicy(due_day=due_day), OFFICIAL).day == expected


def test_a_year_without_an_official_arrangement_falls_back_to_weekends_and_says_so():
    assert 2027 not in OFFICIAL.years
    saturday = due_date(Period(2027, 5), DEFAULT, OFFICIAL)
    weekday = due_date(Period(2027, 3), DEFAULT, OFFICIAL)

    assert saturday == DueDate(date(2027, 6, 7), Basis.WEEKEND_FALLBACK)
    assert weekday.day == date(2027, 4, 5)
    assert weekday.basis is Basis.WEEKEND_FALLBACK


def test_the_basis_follows_the_year_of_the_due_date_not_of_the_period():
    assert due_date(Period(2026, 11), DEFAULT, OFFICIAL).basis is Basis.OFFICIAL
    assert due_date(Period(2026, 12), DEFAULT, OFFICIAL).basis is Basis.WEEKEND_FALLBACK


def test_an_administrator_loaded_arrangement_sets_a_missing_year():
    qingming = YearArrangement(2027, frozenset({date(2027, 4, 5)}), frozenset())
    calendar = OFFICIAL.with_year(qingming)

    due = due_date(Period(2027, 3), DEFAULT, calendar)

    assert due.day == date(2027, 4, 6)
    assert due.basis is Basis.OFFICIAL
    assert 2027 not in OFFICIAL.years


def test_an_administrator_loaded_arrangement_replaces_the_official_one():
    no_holidays = YearArrangement(2026, frozenset(), frozenset())

    due = due_date(Period(2026, 9), DEFAULT, OFFICIAL.with_year(no_holidays))

    assert due.day == date(2026, 10, 5)
    assert due_date(Period(2026, 9), DEFAULT, OFFICIAL).day == date(2026, 10, 8)


def test_a_loaded_make_up_workday_on_a_sunday_is_a_working_day():
    sunday = date(2027, 2, 7)
    calendar = WorkCalendar().with_year(YearArrangement(2027, frozenset(), frozenset({sunday})))

    assert calendar.is_workday(sunday)
    assert not WorkCalendar().is_workday(sunday)


def test_reminders_count_working_days_back_over_the_holidays():
    due = date(2026, 10, 8)

    assert OFFICIAL.workdays_before(due, 1) == date(2026, 9, 30)
    assert OFFICIAL.workdays_before(due, 3) == date(2026, 9, 28)


def test_a_make_up_saturday_can_carry_a_reminder():
    assert OFFICIAL.workdays_before(date(2026, 10, 12), 1) == date(2026, 10, 10)


def test_shanghai_hours_are_utc_plus_eight():
    assert local(date(2026, 10, 8), 9) == datetime(2026, 10, 8, 1, 0, tzinfo=UTC)
    assert local(date(2026, 9, 1)) == datetime(2026, 8, 31, 16, 0, tzinfo=UTC)


def test_a_period_opens_is_reminded_falls_overdue_and_escalates_in_that_order():
    due = date(2026, 10, 8)

    actions = period_schedule(Period(2026, 9), DEFAULT, OFFICIAL)

    assert actions == [
        Action(datetime(2026, 8, 31, 16, tzinfo=UTC), ActionKind.OPEN, "2026-09", due),
        Action(datetime(2026, 9, 28, 1, tzinfo=UTC), ActionKind.REMIND, "2026-09", due),
        Action(datetime(2026, 9, 30, 1, tzinfo=UTC), ActionKind.REMIND, "2026-09", due),
        Action(datetime(2026, 10, 8, 16, tzinfo=UTC), ActionKind.OVERDUE, "2026-09", due),
        Action(datetime(2026, 10, 18, 16, tzinfo=UTC), ActionKind.ESCALATE, "2026-09", due),
    ]


def test_a_reminder_day_named_twice_sends_one_reminder():
    policy = ReportingPolicy(reminder_days=(1, 3, 1))

    kinds = [a.kind for a in period_schedule(Period(2026, 9), policy, OFFICIAL)]

    assert kinds.count(ActionKind.REMIND) == 2


def test_the_year_schedule_interleaves_periods_in_time_order():
    actions = year_schedule([Period(2026, 8), Period(2026, 9)], DEFAULT, OFFICIAL)

    assert [(a.kind, a.period) for a in actions] == [
        (ActionKind.OPEN, "2026-08"),
        (ActionKind.OPEN, "2026-09"),
        (ActionKind.REMIND, "2026-08"),
        (ActionKind.REMIND, "2026-08"),
        (ActionKind.OVERDUE, "2026-08"),
        (ActionKind.ESCALATE, "2026-08"),
        (ActionKind.REMIND, "2026-09"),
        (ActionKind.REMIND, "2026-09"),
        (ActionKind.OVERDUE, "2026-09"),
        (ActionKind.ESCALATE, "2026-09"),
    ]
    assert [a.at for a in actions] == sorted(a.at for a in actions)


def test_actions_at_the_same_instant_keep_period_order():
    # Due 2026-10-20; escalation 12 days later falls on 1 November, when 2026-11 opens.
    policy = ReportingPolicy(due_day=20, escalate_after_days=11)
    periods = [Period(2026, 9), Period(2026, 10), Period(2026, 11)]

    actions = year_schedule(periods, policy, OFFICIAL)

    at_midnight = [(a.kind, a.period) for a in actions if a.at == local(date(2026, 11, 1))]
    assert at_midnight == [(ActionKind.ESCALATE, "2026-09"), (ActionKind.OPEN, "2026-11")]


def test_an_action_key_names_its_kind_period_and_instant():
    action = period_schedule(Period(2026, 9), DEFAULT, OFFICIAL)[1]

    assert action.key == "remind:2026-09:2026-09-28T01:00:00+00:00"
