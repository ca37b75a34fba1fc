"""The Xiuhua application: every command and query on campaigns, tasks and reports, on
SQLite or PostgreSQL alike. The commands live in domain/service/, one module per concern."""

from __future__ import annotations

from domain.commands import CampaignSpec, TaskSpec
from domain.service.accounts import AccountCommands
from domain.service.base import RETRIES, Outcome, business_day, retry_on_conflict
from domain.service.calendar import CalendarCommands
from domain.service.meetings import MeetingCommands
from domain.service.plans import PlanCommands
from domain.service.registry import UnitCommands
from domain.service.reports import ReportCommands
from domain.task import task_id


class Xiuhua(
    PlanCommands, ReportCommands, CalendarCommands, MeetingCommands, UnitCommands, AccountCommands
):
    name = "xiuhua"


__all__ = [
    "RETRIES",
    "CampaignSpec",
    "Outcome",
    "TaskSpec",
    "Xiuhua",
    "business_day",
    "retry_on_conflict",
    "task_id",
]
