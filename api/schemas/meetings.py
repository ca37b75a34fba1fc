"""Meetings of a campaign (季度推进会 and 专题会) and the follow-up actions they assign."""

from __future__ import annotations

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field

from api.schemas.common import CreatedOut, Short, Text
from domain.meetings import MAX_ITEMS, MeetingKind


class FollowUpIn(BaseModel):
    code: Short | None = Field(None, description="defaults to its place in the list: 1, 2, …")
    action: Text = Field(description="what is to be done (督办事项)")
    unit: Short = Field(description="the unit that owes it")
    due_on: date


class MeetingIn(BaseModel):
    kind: MeetingKind
    held_on: date
    title: Short
    attendees: list[Short] = Field(max_length=MAX_ITEMS)
    decisions: list[Text] = Field([], max_length=MAX_ITEMS)
    follow_ups: list[FollowUpIn] = Field([], max_length=MAX_ITEMS)


class NoteIn(BaseModel):
    note: Text = Field(description="what was done (办理情况)")


class FollowUpOut(BaseModel):
    meeting_id: UUID
    meeting_number: int
    code: str
    action: str
    unit: str
    due_on: date
    reminded_on: date | None
    overdue_on: date | None
    done_on: date | None
    done_note: str
    done_by: str
    late: bool


class MeetingOut(BaseModel):
    id: UUID
    number: int
    kind: str
    held_on: date
    title: str
    attendees: list[str]
    decisions: list[str]
    recorded_by: str
    recorded_on: date
    follow_ups: list[FollowUpOut]


class MeetingCreatedOut(CreatedOut):
    number: int
