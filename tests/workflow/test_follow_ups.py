"""A meeting's follow-up actions are chased by the campaign workflow like reports: once the
workflow hears of the meeting it reminds the unit before the due date and marks the follow-up
overdue after it, unless the unit said it was done first."""

from __future__ import annotations

import asyncio
from datetime import date
from uuid import UUID

from domain.application import Xiuhua
from domain.commands import CompleteFollowUp, RecordMeeting
from domain.meetings import FollowUp, MeetingKind
from tests.unit.builders import COORDINATOR, LEAD, LEAD_UNIT, SUPPORT_UNIT, event_names, shanghai
from tests.workflow.stack import running
from tests.workflow.year_script import launch
from workflows.starter import signal_plan_amended

HELD = date(2093, 3, 10)
DUE = date(2093, 3, 24)  # 2093 has 2026's calendar: a Tuesday


def test_the_workflow_reminds_and_marks_overdue_what_a_meeting_assigned(app: Xiuhua):
    async def scenario() -> str:
        async with running(app) as stack:
            campaign = await launch(stack)
            await stack.advance_to(shanghai(HELD, 15))
            follow_ups = (
                FollowUp("1", "报送整改方案", LEAD_UNIT, DUE),
                FollowUp("2", "开放夜间车位", SUPPORT_UNIT, DUE),
            )
            recorded = app.record_meeting(
                RecordMeeting(
                    campaign.id, MeetingKind.QUARTERLY, HELD, "一季度推进会", (LEAD_UNIT,),
                    ("三月底前报送方案",), follow_ups, actor=COORDINATOR, now=await stack.now(),
                )
            )  # fmt: skip
            assert recorded.meeting_id is not None
            await signal_plan_amended(stack.client, campaign.id, "meeting recorded")
            await stack.advance_to(shanghai(date(2093, 3, 20), 12))
            done = CompleteFollowUp(
                recorded.meeting_id, "2", "已开放", actor=LEAD, now=await stack.now()
            )
            app.complete_follow_up(done)
            await stack.advance_to(shanghai(date(2093, 3, 27), 12))
            return str(recorded.meeting_id)

    mid = asyncio.run(scenario())
    meeting = app.meeting(UUID(mid))
    assert meeting.reminded == {
        "1": [date(2093, 3, 19), date(2093, 3, 23)],
        "2": [date(2093, 3, 19)],
    }
    assert meeting.overdue == {"1": date(2093, 3, 25)}
    assert meeting.done == {"2": date(2093, 3, 20)}
    assert event_names(app, meeting.id).count("Meeting.FollowUpOverdue") == 1
