"""The read model's tables (prefix rm_), one DDL for SQLite and PostgreSQL.

Dates are ISO text, lists and mappings JSON text, booleans 0/1. A change to the tables or to
domain/projection.py or domain/views.py bumps VERSION: a read model built by another version
is emptied and rebuilt from the start of the notification log.
"""

from __future__ import annotations

VERSION = 2  # 2: indicator shapes in rm_tasks, the units registry, normalized task units
TRACKING = "rm_tracking"

TABLES: dict[str, str] = {
    TRACKING: """
        name TEXT PRIMARY KEY,
        position BIGINT NOT NULL,
        version INTEGER NOT NULL""",
    "rm_campaigns": """
        id TEXT PRIMARY KEY,
        code TEXT NOT NULL,
        name TEXT NOT NULL,
        task_force TEXT NOT NULL,
        year INTEGER NOT NULL,
        start_period TEXT NOT NULL,
        policy TEXT NOT NULL,
        defined_on TEXT NOT NULL,
        phase TEXT NOT NULL,
        launched_on TEXT,
        concluded_on TEXT""",
    "rm_tasks": """
        id TEXT PRIMARY KEY,
        campaign_id TEXT NOT NULL,
        number TEXT NOT NULL,
        seq BIGINT NOT NULL,
        title TEXT NOT NULL,
        lead_units TEXT NOT NULL,
        supporting_units TEXT NOT NULL,
        indicators TEXT NOT NULL,
        milestones TEXT NOT NULL,
        milestones_done TEXT NOT NULL,
        open_supervision TEXT""",
    "rm_task_units": """
        task_id TEXT NOT NULL,
        unit TEXT NOT NULL,
        role TEXT NOT NULL,
        PRIMARY KEY (unit, role, task_id)""",
    "rm_periods": """
        task_id TEXT NOT NULL,
        period TEXT NOT NULL,
        campaign_id TEXT NOT NULL,
        due_on TEXT,
        opened_on TEXT,
        basis TEXT NOT NULL,
        overdue_on TEXT,
        state TEXT,
        revision INTEGER NOT NULL,
        late INTEGER NOT NULL,
        submitted_on TEXT,
        submitted_by TEXT NOT NULL,
        actuals TEXT NOT NULL,
        progress TEXT NOT NULL,
        problems TEXT NOT NULL,
        next_steps TEXT NOT NULL,
        return_reason TEXT NOT NULL,
        reviewed_on TEXT,
        PRIMARY KEY (task_id, period)""",
    "rm_reminders": """
        position BIGINT PRIMARY KEY,
        task_id TEXT NOT NULL,
        campaign_id TEXT NOT NULL,
        period TEXT NOT NULL,
        due_on TEXT NOT NULL,
        units TEXT NOT NULL,
        sent_on TEXT NOT NULL""",
    "rm_supervisions": """
        task_id TEXT NOT NULL,
        supervision_id TEXT NOT NULL,
        campaign_id TEXT NOT NULL,
        periods TEXT NOT NULL,
        reason TEXT NOT NULL,
        opened_on TEXT NOT NULL,
        opened_by TEXT NOT NULL,
        closed_on TEXT,
        close_reason TEXT NOT NULL,
        PRIMARY KEY (task_id, supervision_id)""",
    "rm_assessments": """
        campaign_id TEXT NOT NULL,
        year INTEGER NOT NULL,
        score TEXT NOT NULL,
        rating TEXT NOT NULL,
        decision TEXT NOT NULL,
        rationale TEXT NOT NULL,
        assessed_on TEXT NOT NULL,
        evaluator TEXT NOT NULL,
        PRIMARY KEY (campaign_id, year)""",
    "rm_events": """
        position BIGINT PRIMARY KEY,
        campaign_id TEXT NOT NULL,
        task_id TEXT,
        task_number TEXT,
        recorded_at TEXT NOT NULL,
        business_on TEXT NOT NULL,
        type TEXT NOT NULL,
        actor_user TEXT NOT NULL,
        actor_unit TEXT NOT NULL,
        period TEXT,
        summary TEXT NOT NULL""",
    # Events the projection could not apply (unreadable, or a bug): recorded and passed over, so
    # one bad event does not stop the read side; an operator sees them at /api/health.
    "rm_unprojected": """
        position BIGINT PRIMARY KEY,
        originator_id TEXT NOT NULL,
        originator_version BIGINT NOT NULL,
        topic TEXT NOT NULL,
        error TEXT NOT NULL""",
    "rm_units": """
        name TEXT PRIMARY KEY,
        aliases TEXT NOT NULL""",
    "rm_unit_groups": """
        name TEXT PRIMARY KEY,
        members TEXT NOT NULL""",
}

INDEXES = (
    "CREATE INDEX IF NOT EXISTS rm_tasks_campaign ON rm_tasks (campaign_id, seq)",
    "CREATE INDEX IF NOT EXISTS rm_periods_campaign ON rm_periods (campaign_id)",
    "CREATE INDEX IF NOT EXISTS rm_reminders_task ON rm_reminders (task_id)",
    "CREATE INDEX IF NOT EXISTS rm_events_campaign ON rm_events (campaign_id, position)",
)


def create_statements() -> list[str]:
    tables = [f"CREATE TABLE IF NOT EXISTS {name} ({cols}\n)" for name, cols in TABLES.items()]
    return [*tables, *INDEXES]
