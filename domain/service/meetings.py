"""Meetings of a campaign and the follow-up actions they assign (domain/meetings.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from uuid import UUID

from eventsourcing.persistence import IntegrityError

from domain.audit import recording
from domain.calendar import Action, ActionKind
from domain.campaign import Campaign, Phase
from domain.commands import CompleteFollowUp, FreezePack, RecordMeeting
from domain.errors import Conflict, NotFound
from domain.meetings import Meeting, check_meeting, meeting_id, parse_subject
from domain.packs import Pack, check_pack
from domain.service.base import Outcome, Store, business_day, retry_on_conflict
from domain.values import SYSTEM, check_text

# A campaign holds meetings numbered 1, 2, …; more than this many is not a campaign's life.
MAX_MEETINGS = 1000


class MeetingCommands(Store):
    def meeting(self, mid: UUID, *, read_only: bool = False) -> Meeting:
        found = self.existing(mid, read_only=read_only)
        if not isinstance(found, Meeting):
            raise NotFound("meeting_id", f"no meeting {mid}")
        return found

    def meetings_of(self, cid: UUID) -> list[Meeting]:
        """Every meeting of the campaign, in the order recorded (to read only)."""
        found: list[Meeting] = []
        for number in range(1, MAX_MEETINGS + 1):
            meeting = self.existing(meeting_id(cid, number), read_only=True)
            if not isinstance(meeting, Meeting):
                break
            found.append(meeting)
        return found

    @retry_on_conflict
    def record_meeting(self, command: RecordMeeting) -> Outcome:
        """Record a held meeting; its number is the campaign's next (a second coordinator
        recording at the same moment collides on it, and this is decided again)."""
        campaign = self.campaign(command.campaign_id, read_only=True)
        if campaign.phase in (Phase.DRAFT, Phase.CONCLUDED):
            raise Conflict("campaign", f"the campaign is {campaign.phase.value}: no meetings")
        on = business_day(command.now)
        title = check_text("title", command.title, required=True)
        attendees = tuple(check_text(f"attendees.{n}", a) for n, a in enumerate(command.attendees))
        decisions = tuple(check_text(f"decisions.{n}", d) for n, d in enumerate(command.decisions))
        follow_ups = tuple(
            type(f)(
                check_text(f"follow_ups.{n}.code", f.code, required=True),
                check_text(f"follow_ups.{n}.action", f.action),
                check_text(f"follow_ups.{n}.unit", f.unit),
                f.due_on,
            )
            for n, f in enumerate(command.follow_ups)
        )
        check_meeting(command.held_on, attendees, decisions, follow_ups, on)
        number = len(self.meetings_of(campaign.id)) + 1
        meeting = Meeting(
            campaign.id, number, command.kind, command.held_on, title, attendees, decisions,
            follow_ups, actor=command.actor, on=on,
        )  # fmt: skip
        return self._commit(meeting, campaign_id=campaign.id, meeting_id=meeting.id)

    @retry_on_conflict
    def complete_follow_up(self, command: CompleteFollowUp) -> Outcome:
        meeting = self.meeting(command.meeting_id)
        note = check_text("note", command.note, required=True)
        meeting.complete(command.code, note, command.actor, business_day(command.now))
        return self._commit(meeting, campaign_id=meeting.campaign_id)

    # -- frozen packs ------------------------------------------------------------------------
    @retry_on_conflict
    def freeze_pack(self, command: FreezePack) -> Outcome:
        title = check_text("title", command.title, required=True)
        check_pack(title, command.cut, command.now)
        if command.campaign_id is not None:
            self.campaign(command.campaign_id, read_only=True)
        pack = Pack(
            command.key, title, command.campaign_id, command.cut,
            actor=command.actor, on=business_day(command.now),
        )  # fmt: skip
        return self._commit(pack)

    # -- written by the campaign workflow ---------------------------------------------------
    def chase_follow_ups(self, campaign: Campaign, actions: Sequence[Action], now: datetime) -> int:
        """Remind or mark overdue the follow-ups the actions name (each of `campaign`); returns
        how many facts were written. Each meeting is read before it is written, so an action
        run twice writes nothing the second time."""
        written = 0
        on = business_day(now)
        with recording(now):
            written = self._chase(campaign, actions, on)
        return written

    def _chase(self, campaign: Campaign, actions: Sequence[Action], on: date) -> int:
        written = 0
        for action in actions:
            mid, code = parse_subject(action.subject)
            for _ in range(3):
                meeting = self.existing(mid)
                if not isinstance(meeting, Meeting) or meeting.campaign_id != campaign.id:
                    break
                if action.kind is ActionKind.FOLLOW_UP_REMIND:
                    changed = meeting.remind(code, SYSTEM, on)
                else:
                    changed = meeting.mark_overdue(code, SYSTEM, on)
                try:
                    written += bool(changed and self._commit(meeting).changed)
                    break
                except IntegrityError:  # done at this moment by its unit: decide again
                    continue
        return written
