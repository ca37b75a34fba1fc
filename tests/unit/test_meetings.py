"""Meetings of a campaign and their follow-up actions: recorded with their numbers, refused by
field when they cannot be right, chased once per reminder and once when overdue, done once."""

from __future__ import annotations

from datetime import date
from uuid import UUID

import pytest

from domain.application import Xiuhua
from domain.calendar import ActionKind, WorkCalendar, local
from domain.commands import CompleteFollowUp, RecordMeeting
from domain.errors import Conflict, InvalidInput
from domain.meetings import FollowUp, MeetingKind, chase_schedule, parse_subject
from domain.values import ReportingPolicy
from infra.holidays import official_calendar
from tests.unit.builders import COORDINATOR, LEAD, LEAD_UNIT, campaign_spec, event_names, launched

HELD = date(2026, 3, 10)
NOW = local(HELD, 15)
DUE = date(2026, 3, 24)  # a Tuesday: reminders on Thursday the 19th and Monday the 23rd
CALENDAR = WorkCalendar({2026: official_calendar().years[2026]})


@pytest.fixture
def cid(app: Xiuhua) -> UUID:
    return launched(app, campaign_spec(2026), local(date(2026, 1, 1)))[0]


def meeting(cid: UUID, *follow_ups: FollowUp, **changes: object) -> RecordMeeting:
    given: dict[str, object] = {
        "kind": MeetingKind.QUARTERLY,
        "held_on": HELD,
        "title": "一季度推进会",
        "attendees": ("区城管执法局", "区住房城乡建设管理委"),
        "decisions": ("三月底前完成方案",),
        "follow_ups": follow_ups or (FollowUp("1", "报送整改方案", LEAD_UNIT, DUE),),
    }
    given.update(changes)
    return RecordMeeting(cid, actor=COORDINATOR, now=NOW, **given)  # type: ignore[arg-type]


def test_meetings_are_numbered_in_the_order_recorded(app: Xiuhua, cid: UUID):
    first = app.record_meeting(meeting(cid)).meeting_id
    second = app.record_meeting(meeting(cid, kind=MeetingKind.AD_HOC, title="专题会")).meeting_id

    assert [(m.id, m.number, m.kind) for m in app.meetings_of(cid)] == [
        (first, 1, MeetingKind.QUARTERLY),
        (second, 2, MeetingKind.AD_HOC),
    ]


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"held_on": date(2026, 3, 11)}, "held_on"),
        ({"attendees": ()}, "attendees"),
        ({"attendees": ("区城管执法局", " ")}, "attendees.1"),
        ({"title": ""}, "title"),
        ({"decisions": ("坏\x07字",)}, "decisions.0"),
        ({"follow_ups": (FollowUp("1", "方案", LEAD_UNIT, HELD),)}, "follow_ups.0.due_on"),
        ({"follow_ups": (FollowUp("1", "", LEAD_UNIT, DUE),)}, "follow_ups.0.action"),
        ({"follow_ups": (FollowUp("1", "方案", "", DUE),)}, "follow_ups.0.unit"),
        (
            {"follow_ups": (FollowUp("1", "a", LEAD_UNIT, DUE), FollowUp("1", "b", "x", DUE))},
            "follow_ups.1.code",
        ),
        ({"attendees": tuple(f"单位{n}" for n in range(201))}, "attendees"),
    ],
)
def test_a_meeting_that_cannot_be_right_is_refused_by_field(
    app: Xiuhua, cid: UUID, changes: dict[str, object], field: str
):
    with pytest.raises(InvalidInput) as refused:
        app.record_meeting(meeting(cid, **changes))
    assert refused.value.field == field
    assert app.meetings_of(cid) == []


def test_the_chase_reminds_on_working_days_before_the_due_date_and_marks_it_after(
    app: Xiuhua, cid: UUID
):
    app.record_meeting(meeting(cid))
    [held] = app.meetings_of(cid)
    actions = chase_schedule([held], ReportingPolicy(reminder_days=(3, 1)), CALENDAR)

    assert [(a.kind, a.at) for a in actions] == [
        (ActionKind.FOLLOW_UP_REMIND, local(date(2026, 3, 19), 9)),
        (ActionKind.FOLLOW_UP_REMIND, local(date(2026, 3, 23), 9)),
        (ActionKind.FOLLOW_UP_OVERDUE, local(date(2026, 3, 25))),
    ]
    assert {parse_subject(a.subject) for a in actions} == {(held.id, "1")}


def test_a_follow_up_is_reminded_and_marked_overdue_once_and_done_once(app: Xiuhua, cid: UUID):
    mid = app.record_meeting(meeting(cid)).meeting_id
    assert mid is not None
    [held] = app.meetings_of(cid)
    actions = chase_schedule([held], ReportingPolicy(reminder_days=(1,)), CALENDAR)
    campaign = app.campaign(cid)

    for action in actions:
        assert app.chase_follow_ups(campaign, [action], action.at) == 1
        assert app.chase_follow_ups(campaign, [action], action.at) == 0
    done = CompleteFollowUp(mid, "1", "方案已报送", actor=LEAD, now=local(date(2026, 3, 26)))
    app.complete_follow_up(done)
    with pytest.raises(Conflict):
        app.complete_follow_up(done)

    assert event_names(app, mid) == [
        "Meeting.Recorded",
        "Meeting.FollowUpReminded",
        "Meeting.FollowUpOverdue",
        "Meeting.FollowUpDone",
    ]
    assert app.meeting(mid).done == {"1": date(2026, 3, 26)}
    assert chase_schedule([app.meeting(mid)], ReportingPolicy(), CALENDAR) == []


def test_a_follow_up_done_before_its_due_date_is_never_marked_overdue(app: Xiuhua, cid: UUID):
    mid = app.record_meeting(meeting(cid)).meeting_id
    assert mid is not None
    app.complete_follow_up(CompleteFollowUp(mid, "1", "已完成", actor=LEAD, now=NOW))
    overdue = chase_schedule(app.meetings_of(cid), ReportingPolicy(), CALENDAR)
    assert overdue == []
    [held] = app.meetings_of(cid)
    assert not held.mark_overdue("1", COORDINATOR, date(2026, 3, 30))
    with pytest.raises(InvalidInput):
        app.complete_follow_up(CompleteFollowUp(mid, "9", "无此事项", actor=LEAD, now=NOW))


def test_a_stored_meeting_comes_back_as_its_own_types(
    app: Xiuhua, cid: UUID, store_env: dict[str, str]
):
    mid = app.record_meeting(meeting(cid)).meeting_id
    assert mid is not None
    reopened = Xiuhua(env=store_env)
    try:
        held = reopened.meeting(mid)
    finally:
        reopened.close()
    assert held.kind is MeetingKind.QUARTERLY
    assert held.follow_ups == (FollowUp("1", "报送整改方案", LEAD_UNIT, DUE),)
    assert isinstance(held.follow_ups[0].due_on, date) and isinstance(held.attendees, tuple)
