"""The read model's tables (prefix rm_), one DDL for SQLite and PostgreSQL.

Each table of rows is declared once here, from its row type in domain/views.py
(infra/readmodel/table.py derives its columns, statements and codecs); the few tables that have
no row type keep their DDL written out. A change to the tables (a new field of a row type
included) or to domain/projection.py or domain/views.py bumps VERSION: a read model built by
another version is dropped and rebuilt from the start of the notification log.
"""

from __future__ import annotations

from domain.views import (
    AssessmentRow,
    CampaignRow,
    EventRow,
    FollowUpRow,
    GroupRow,
    MeetingRow,
    PackRow,
    PeriodRow,
    QualitativeRow,
    ReminderRow,
    SupervisionRow,
    TaskRow,
    UnitRow,
)
from infra.readmodel.table import Table

# 3: tables declared from their row types (every int column BIGINT, primary keys NOT NULL)
# 4: campaigns and tasks carry `touched`, the last event that changed them
# 5: periods carry the supporting units' contributions
# 6: meetings and their follow-up actions; the evidence files of each period's report
# 7: the evaluator's qualitative scores
# 8: frozen packs
VERSION = 8
TRACKING = "rm_tracking"

CAMPAIGNS = Table("rm_campaigns", CampaignRow, key=("id",))
TASKS = Table("rm_tasks", TaskRow, key=("id",), indexes={"campaign": ("campaign_id", "seq")})
PERIODS = Table(
    "rm_periods", PeriodRow, key=("task_id", "period"), indexes={"campaign": ("campaign_id",)}
)
REMINDERS = Table("rm_reminders", ReminderRow, key=("position",), indexes={"task": ("task_id",)})
SUPERVISIONS = Table("rm_supervisions", SupervisionRow, key=("task_id", "supervision_id"))
# ON is an SQL keyword: the rows' business date `on` takes a column name of its own.
ASSESSMENTS = Table(
    "rm_assessments", AssessmentRow, key=("campaign_id", "year"), column_names={"on": "assessed_on"}
)
QUALITATIVE = Table(
    "rm_qualitative", QualitativeRow, key=("campaign_id", "year"), column_names={"on": "scored_on"}
)
PACKS = Table("rm_packs", PackRow, key=("id",))
EVENTS = Table(
    "rm_events",
    EventRow,
    key=("position",),
    column_names={"on": "business_on"},
    indexes={"campaign": ("campaign_id", "position")},
)
MEETINGS = Table(
    "rm_meetings", MeetingRow, key=("id",), indexes={"campaign": ("campaign_id", "number")}
)
FOLLOW_UPS = Table(
    "rm_follow_ups",
    FollowUpRow,
    key=("meeting_id", "code"),
    indexes={"unit": ("unit_key", "due_on"), "campaign": ("campaign_id",)},
)
UNITS = Table("rm_units", UnitRow, key=("name",))
GROUPS = Table("rm_unit_groups", GroupRow, key=("name",))
ROW_TABLES: tuple[Table, ...] = (
    CAMPAIGNS, TASKS, PERIODS, REMINDERS, SUPERVISIONS, ASSESSMENTS, EVENTS, UNITS, GROUPS,
    MEETINGS, FOLLOW_UPS, QUALITATIVE, PACKS,
)  # fmt: skip

# Every table's columns (CREATE TABLE's body), by table name.
TABLES: dict[str, str] = {
    TRACKING: """
        name TEXT PRIMARY KEY,
        position BIGINT NOT NULL,
        version INTEGER NOT NULL""",
    **{table.name: table.columns_sql for table in ROW_TABLES},
    "rm_task_units": """
        task_id TEXT NOT NULL,
        unit TEXT NOT NULL,
        role TEXT NOT NULL,
        PRIMARY KEY (unit, role, task_id)""",
    # Events the projection could not apply (unreadable, or a bug): recorded and passed over, so
    # one bad event does not stop the read side; an operator sees them at /api/health.
    "rm_unprojected": """
        position BIGINT PRIMARY KEY,
        originator_id TEXT NOT NULL,
        originator_version BIGINT NOT NULL,
        topic TEXT NOT NULL,
        error TEXT NOT NULL""",
}


def create_statements() -> list[str]:
    tables = [f"CREATE TABLE IF NOT EXISTS {name} ({cols}\n)" for name, cols in TABLES.items()]
    return [*tables, *(index for table in ROW_TABLES for index in table.index_sql)]
