"""Meetings (季度推进会, 专题会) of a campaign, and their follow-up actions (督办事项), which the
campaign workflow chases like reports until the unit that owes one says it is done."""

from __future__ import annotations

from uuid import UUID

from fastapi import APIRouter, Response

from api.access import COORDINATOR, COORDINATOR_OR_FOLLOW_UP_UNIT, TASK_FORCE_READERS, allow
from api.commands import finish, in_thread
from api.deps import CurrentUser, Now, ServicesDep
from api.presenters.meetings import meetings_out
from api.presenters.reads import found
from api.schemas.common import ACCEPTED, REFUSALS, CommandOut
from api.schemas.meetings import MeetingCreatedOut, MeetingIn, MeetingOut, NoteIn
from domain.commands import CompleteFollowUp, RecordMeeting
from domain.meetings import FollowUp
from workflows.starter import Notice, NoticeKind

router = APIRouter(tags=["meetings"], responses=REFUSALS)


@router.post(
    "/campaigns/{campaign_id}/meetings",
    status_code=201,
    responses=ACCEPTED,
    dependencies=[allow(COORDINATOR)],
)
async def record_meeting(
    campaign_id: UUID,
    body: MeetingIn,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    response: Response,
) -> MeetingCreatedOut:
    """Record a meeting held: who attended, what it decided, and the follow-up actions it
    assigned to units with due dates (they appear in those units' inboxes and are chased)."""
    follow_ups = tuple(
        FollowUp(f.code or str(n + 1), f.action, f.unit, f.due_on)
        for n, f in enumerate(body.follow_ups)
    )
    command = RecordMeeting(
        campaign_id, body.kind, body.held_on, body.title, tuple(body.attendees),
        tuple(body.decisions), follow_ups, actor=user.actor, now=now,
    )  # fmt: skip
    outcome = await in_thread(svc.store.record_meeting, command)
    # The workflow reads the meetings again with the year's timetable: the chase is planned.
    reason = f"meeting recorded: {body.title}"
    notice = Notice(NoticeKind.PLAN_AMENDED, str(campaign_id), reason=reason)
    done = await finish(svc, response, outcome.position, notice=notice)
    assert outcome.meeting_id is not None
    number = (await in_thread(svc.store.meeting, outcome.meeting_id, read_only=True)).number
    return MeetingCreatedOut(id=outcome.meeting_id, number=number, **done.model_dump())


@router.get(
    "/campaigns/{campaign_id}/meetings",
    response_model=list[MeetingOut],
    dependencies=[allow(TASK_FORCE_READERS)],
)
def list_meetings(campaign_id: UUID, svc: ServicesDep) -> list[MeetingOut]:
    """The campaign's meetings in the order held, each with its follow-ups and how they stand."""
    with svc.readmodel.read() as queries:
        found(queries, campaign_id)
        meetings, follow_ups = queries.meetings(campaign_id), queries.follow_ups(campaign_id)
    return meetings_out(meetings, follow_ups)


@router.post(
    "/meetings/{meeting_id}/follow-ups/{code}/done",
    dependencies=[allow(COORDINATOR_OR_FOLLOW_UP_UNIT)],
)
async def complete_follow_up(
    meeting_id: UUID,
    code: str,
    body: NoteIn,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    response: Response,
) -> CommandOut:
    """Say a follow-up is done (办结) and how; by the unit that owes it or the task force."""
    command = CompleteFollowUp(meeting_id, code, body.note, actor=user.actor, now=now)
    outcome = await in_thread(svc.store.complete_follow_up, command)
    return await finish(svc, response, outcome.position)
