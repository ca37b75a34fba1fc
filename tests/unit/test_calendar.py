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
# The State Council's 2026 arrangement and no other year, whatever the installed package knows.
ONLY_2026 = WorkCalendar({2026: OFFICIAL.years[2026]})
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
    saturday = due_date(Period(2099, 8), DEFAULT, ONLY_2026)
    weekday = due_date(Period(2099, 5), DEFAULT, ONLY_2026)

    assert saturday == DueDate(date(2099, 9, 7), Basis.WEEKEND_FALLBACK)
    assert weekday == DueDate(date(2099, 6, 5), Basis.WEEKEND_FALLBACK)


def test_the_installed_package_knows_no_arrangement_for_a_year_far_beyond_any_release():
    assert due_date(Period(2099, 8), DEFAULT, OFFICIAL).basis is Basis.WEEKEND_FALLBACK


def test_the_basis_follows_the_year_of_the_due_date_not_of_the_period():
    assert due_date(Period(2026, 11), DEFAULT, ONLY_2026).basis is Basis.OFFICIAL
    assert due_date(Period(2026, 12), DEFAULT, ONLY_2026) == DueDate(
        date(2027, 1, 5), Basis.WEEKEND_FALLBACK
    )


def test_an_administrator_loaded_arrangement_sets_a_missing_year():
    # 2099-04-05 is a Sunday; a loaded Monday holiday after it moves the due date to Tuesday.
    qingming = YearArrangement(2099, frozenset({date(2099, 4, 6)}), frozenset())
    calendar = ONLY_2026.with_year(qingming)

    due = due_date(Period(2099, 3), DEFAULT, calendar)

    assert due == DueDate(date(2099, 4, 7), Basis.OFFICIAL)
    assert due_date(Period(2099, 3), DEFAULT, ONLY_2026).day == date(2099, 4, 6)


@pytest.mark.parametrize(
    ("period", "due_day", "expected", "why"),
    [
        (Period(2025, 9), 5, date(2025, 10, 9), "10/5 inside National Day 10/1-10/8"),
        (Period(2025, 4), 5, date(2025, 5, 6), "5/5 inside Labour Day 5/1-5/5"),
        (Period(2025, 3), 4, date(2025, 4, 7), "4/4 Qingming, then a weekend"),
        (Period(2025, 8), 28, date(2025, 9, 28), "make-up working Sunday before National Day"),
        (Period(2025, 9), 11, date(2025, 10, 11), "make-up working Saturday after it"),
        (Period(2025, 3), 27, date(2025, 4, 27), "make-up working Sunday before Labour Day"),
    ],
)
def test_the_official_2025_arrangement_moves_and_keeps_due_dates(
    period: Period, due_day: int, expected: date, why: str
):
    assert due_date(period, ReportingPolicy(due_day=due_day), OFFICIAL) == DueDate(
        expected, Basis.OFFICIAL
    ), why


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
