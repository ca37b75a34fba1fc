"""Each read-model table is declared once from its row type: every row comes back from SQLite
and PostgreSQL as it went in, a new field is a new column with nothing else to touch, and the
stored text keeps the shape earlier versions wrote."""

from __future__ import annotations

import time
import uuid
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from eventsourcing.persistence import PersistenceError

from domain.campaign import Phase
from domain.values import (
    Attribute,
    Contribution,
    Direction,
    Evidence,
    Indicator,
    Milestone,
    PlanPoint,
    ReportingPolicy,
    ReportState,
    Shape,
)
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
from infra.readmodel import schema
from infra.readmodel.backends import STREAMED, Backend, PostgresBackend, SqliteBackend
from infra.readmodel.table import Narrow, Shared, Table
from tests.conftest import postgres_env

CAMPAIGN, TASK = UUID(int=2), UUID(int=1)
MEETING, MEETING2 = UUID(int=3), UUID(int=4)
RATE = Indicator(
    "rate", "信访化解率", "%", Decimal("40.5"), Decimal("90"), Attribute.EXPECTED,
    date(2026, 12, 31), Direction.UP, Shape.RATE, Decimal("619"), "按月统计",
    (PlanPoint("2026-06", Decimal("60")), PlanPoint("2026-12", Decimal("90"))),
)  # fmt: skip
STOCK = Indicator(
    "stock", "存量违建", "处", Decimal(619), Decimal(0), Attribute.BINDING, date(2026, 11, 30),
    Direction.DOWN, Shape.REDUCE,
)  # fmt: skip
PLAN = Milestone("plan", "方案印发", date(2026, 6, 30))

# Every row type twice: each field set (Chinese text, fractions, a time zone), and bare.
SAMPLES: dict[str, list[Any]] = {
    "rm_campaigns": [
        CampaignRow(
            CAMPAIGN, "PK-2026", "共享停车", "专班", 2026, "2026-01",
            ReportingPolicy(7, (5, 2, 1), 15, 3), date(2026, 1, 2), Phase.CONCLUDED,
            date(2026, 1, 3), date(2026, 12, 31),
        ),
        CampaignRow(
            UUID(int=3), "B", "b", "t", 2027, "2027-03", ReportingPolicy(), date(2027, 3, 1)
        ),
    ],
    "rm_tasks": [
        TaskRow(
            TASK, CAMPAIGN, "（二）3", 2**40, "化解信访", ("区信访办", "区司法局"), ("各镇、街道",),
            (RATE, STOCK), (PLAN,), {"plan": date(2026, 6, 20)}, "sup-2026-05",
        ),
        TaskRow(UUID(int=4), CAMPAIGN, "4", 0, "t", ("区水务局",)),
    ],
    "rm_periods": [
        PeriodRow(
            TASK, CAMPAIGN, "2026-05", date(2026, 6, 5), date(2026, 5, 1), "weekend_fallback",
            date(2026, 6, 6), ReportState.RETURNED, 3, True, date(2026, 6, 9), "li.na (区信访办)",
            {"rate": Decimal("61.25"), "stock": Decimal("-0")}, "进展", "问题", "下步", "口径不对",
            date(2026, 6, 10),
            (Contribution("区交通委", "巡查", {"rate": Decimal("0.5")}, date(2026, 6, 3), "wu"),),
            (Evidence("ab" * 32, "照片.png", "image/png", 2**31 + 5),),
        ),
        PeriodRow(TASK, CAMPAIGN, "2026-06"),
    ],
    "rm_packs": [
        PackRow(MEETING, "二季度推进会", CAMPAIGN, datetime(2026, 6, 30, 10, 0, 0, 1, tzinfo=UTC),
                date(2026, 6, 30), "wang (专班)"),
        PackRow(MEETING2, "", None, datetime(2026, 12, 31, tzinfo=UTC), date(2026, 12, 31), ""),
    ],
    "rm_qualitative": [
        QualitativeRow(CAMPAIGN, 2026, Decimal("87.5"), "推进有力", date(2026, 12, 31), "zhao"),
        QualitativeRow(CAMPAIGN, 2027, Decimal(0), "", date(2027, 12, 31), ""),
    ],
    "rm_meetings": [
        MeetingRow(
            MEETING, CAMPAIGN, 1, "quarterly", date(2026, 4, 8), "一季度推进会",
            ("区城管执法局", "区交通委"), ("四月底前报送方案",), "wang (专班)", date(2026, 4, 9),
        ),
        MeetingRow(
            MEETING2, CAMPAIGN, 2**31 + 1, "ad_hoc", date(2026, 5, 1), "", (), (), "",
            date(2026, 5, 1),
        ),
    ],
    "rm_follow_ups": [
        FollowUpRow(
            MEETING, "1", CAMPAIGN, 1, "报送方案", "区 城管执法局", "区城管执法局",
            date(2026, 4, 30), date(2026, 4, 28), date(2026, 5, 1), date(2026, 5, 3), "已报送",
            "li (区城管执法局)", True,
        ),
        FollowUpRow(MEETING, "2", CAMPAIGN, 1, "", "", "", date(2026, 4, 30)),
    ],
    "rm_reminders": [
        ReminderRow(
            2**33, TASK, CAMPAIGN, "2026-05", date(2026, 6, 5), ("区信访办",), date(2026, 6, 2)
        ),
        ReminderRow(1, TASK, CAMPAIGN, "2026-06", date(2026, 7, 6), (), date(2026, 7, 1)),
    ],
    "rm_supervisions": [
        SupervisionRow(
            TASK, CAMPAIGN, "sup-1", ("2026-04", "2026-05"), "两次逾期", date(2026, 6, 16),
            "system (xiuhua)", date(2026, 7, 1), "已补报",
        ),
        SupervisionRow(TASK, CAMPAIGN, "sup-2", (), "", date(2026, 8, 16), "system"),
    ],
    "rm_assessments": [
        AssessmentRow(
            CAMPAIGN, 2026, Decimal("87.5"), "良好", "continue", "继续", date(2026, 12, 31), "zhao"
        ),
        AssessmentRow(CAMPAIGN, 2027, Decimal(0), "", "conclude", "", date(2027, 12, 31), ""),
    ],
    "rm_events": [
        EventRow(
            2**35, CAMPAIGN, TASK, "（二）3", datetime(2026, 6, 9, 2, 3, 4, 567, tzinfo=UTC),
            date(2026, 6, 9), "Task.ReportSubmitted", "li.na", "区信访办", "2026-05", "提交",
        ),
        EventRow(
            2, CAMPAIGN, None, None, datetime(2026, 1, 2, 8, tzinfo=timezone(timedelta(hours=8))),
            date(2026, 1, 2), "Campaign.Defined", "zhang", "专班", None, "",
        ),
    ],
    "rm_units": [UnitRow("区城管执法局", ("城管执法局", "区城管局")), UnitRow("区水务局")],
    "rm_unit_groups": [GroupRow("各镇、街道", ("石化街道", "朱泾镇")), GroupRow("空组")],
}  # fmt: skip


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Backend]:
    """An empty read-model database with every table created."""
    if request.param == "sqlite":
        opened: Backend = SqliteBackend(tmp_path / "readmodel.sqlite")
    else:
        dbname = request.getfixturevalue("postgres_database")
        opened = PostgresBackend(postgres_env(dbname, f"t_{uuid.uuid4().hex[:12]}"))
    opened.create_tables()
    yield opened
    opened.close()


def _store_and_read(backend: Backend, table: Table[Any], rows: list[Any]) -> list[Any]:
    with backend.transaction(write=True) as sql:
        for row in rows:
            sql.run(table.upsert_sql, table.params(row))
    shared = Shared()
    with backend.transaction() as sql:
        found = []
        for row in rows:
            key = [getattr(row, c.field) for c in table.key]
            stored = sql.one(table.select_sql, table.key_params(*key))
            assert stored is not None, f"{table.name}: no row for {key}"
            found.append(table.decode(stored))
            # A read's decoding shares equal scalars among its rows: the same row either way.
            assert table.decode(stored, shared) == found[-1]
            assert table.decode(stored, shared) == found[-1]  # the second time from the memo
    for original, back in zip(rows, found, strict=True):
        # Equal is not enough: 1 == True and Decimal(2) == 2.
        assert {k: type(v) for k, v in fields_of(back).items()} == {
            k: type(v) for k, v in fields_of(original).items()
        }
    return found


def fields_of(row: Any) -> dict[str, Any]:
    return {f.name: getattr(row, f.name) for f in fields(row)}


def test_every_declared_table_has_its_samples() -> None:
    assert {t.name for t in schema.ROW_TABLES} == set(SAMPLES)
    for table in schema.ROW_TABLES:
        assert all(type(row) is table.row_type for row in SAMPLES[table.name])


@pytest.mark.parametrize("table", schema.ROW_TABLES, ids=lambda t: t.name)
def test_every_row_type_comes_back_from_its_table_as_it_went_in(
    backend: Backend, table: Table[Any]
) -> None:
    rows = SAMPLES[table.name]
    assert _store_and_read(backend, table, rows) == rows


def test_a_second_write_of_a_row_replaces_every_column_but_the_key(backend: Backend) -> None:
    full, bare = SAMPLES["rm_periods"]
    emptied = replace(bare, period=full.period)
    assert _store_and_read(backend, schema.PERIODS, [full]) == [full]
    assert _store_and_read(backend, schema.PERIODS, [emptied]) == [emptied]
    with backend.transaction() as sql:
        assert len(sql.rows("SELECT * FROM rm_periods")) == 1


@dataclass(frozen=True)
class _PeriodRowWithMore(PeriodRow):
    """PeriodRow as it would read with new fields: the test's stand-in for editing views.py."""

    reviewer_note: str = ""
    checked_on: date | None = None
    checked_at: datetime | None = None
    reminders_sent: int = 0
    flagged: bool = False
    first_state: ReportState | None = None
    steps: tuple[Milestone, ...] = ()
    weights: Mapping[str, Decimal] = field(default_factory=dict)
    plans: Mapping[str, tuple[PlanPoint, ...]] = field(default_factory=dict)


def test_a_field_added_to_a_row_type_becomes_a_column_with_nothing_else_to_touch(
    backend: Backend,
) -> None:
    table = Table(
        "rm_periods_more", _PeriodRowWithMore, key=("task_id", "period"),
        indexes={"checked": ("checked_on",)},
    )  # fmt: skip
    body = table.columns_sql
    for column in (
        "reviewer_note TEXT NOT NULL", "checked_on TEXT,", "checked_at TEXT,",
        "reminders_sent BIGINT NOT NULL", "flagged INTEGER NOT NULL", "first_state TEXT,",
        "steps TEXT NOT NULL", "weights TEXT NOT NULL", "plans TEXT NOT NULL",
    ):  # fmt: skip
        assert column in body
    assert body.startswith(schema.PERIODS.columns_sql.removesuffix("PRIMARY KEY (task_id, period)"))
    assert "reviewer_note = excluded.reviewer_note" in table.upsert_sql
    assert table.index_sql == (
        "CREATE INDEX IF NOT EXISTS rm_periods_more_checked ON rm_periods_more (checked_on)",
    )
    with backend.transaction(write=True) as sql:
        sql.run(f"CREATE TABLE {table.name} ({body}\n)")
        for statement in table.index_sql:
            sql.run(statement)
    full = _PeriodRowWithMore(
        **fields_of(SAMPLES["rm_periods"][0]),
        reviewer_note="核实无误", checked_on=date(2026, 6, 11),
        checked_at=datetime(2026, 6, 11, 9, 30, tzinfo=UTC), reminders_sent=2, flagged=True,
        first_state=ReportState.SUBMITTED, steps=(PLAN,), weights={"rate": Decimal("0.4")},
        plans={"rate": RATE.plan},
    )  # fmt: skip
    bare = _PeriodRowWithMore(TASK, CAMPAIGN, "2026-06")
    assert _store_and_read(backend, table, [full, bare]) == [full, bare]


@dataclass(frozen=True)
class _Odd:
    value: int


@dataclass(frozen=True)
class _RowWithOdd:
    id: str
    odd: _Odd


def test_a_field_of_a_type_with_no_codec_is_refused_where_the_table_is_declared() -> None:
    with pytest.raises(TypeError, match="no read-model codec for .*Odd"):
        Table("rm_odd", _RowWithOdd, key=("id",))


@dataclass(frozen=True)
class _RowWithComputed:
    id: str
    label: str = field(init=False, default="")


def test_a_field_the_row_cannot_be_built_with_is_refused_where_the_table_is_declared() -> None:
    with pytest.raises(ValueError, match="\\['label'\\] is not an init field"):
        Table("rm_computed", _RowWithComputed, key=("id",))


def test_a_key_that_is_no_field_or_may_be_none_is_refused() -> None:
    with pytest.raises(ValueError, match="key column \\['nope'\\]"):
        Table("rm_x", UnitRow, key=("nope",))
    with pytest.raises(ValueError, match="key column \\['closed_on'\\] may be None"):
        Table("rm_x", SupervisionRow, key=("task_id", "closed_on"))
    with pytest.raises(ValueError, match="has no field \\['when'\\]"):
        Table("rm_x", UnitRow, key=("name",), column_names={"when": "w"})


def test_a_field_named_on_is_stored_under_its_declared_column_name() -> None:
    assert "assessed_on" in schema.ASSESSMENTS.column_names
    assert "business_on" in schema.EVENTS.column_names
    assert "on" not in schema.ASSESSMENTS.column_names + schema.EVENTS.column_names


# As version 2 of the read model (hand-written codecs) stored them: the JSON shape is kept, so
# anything reading these columns reads the same text. (Version 4 added the last column, `touched`.)
V2_TASK = (
    "00000000-0000-0000-0000-000000000001", "00000000-0000-0000-0000-000000000002", "3", 17,
    "化解信访", '["区信访办"]', '["各镇、街道"]',
    '[{"attribute": "expected", "baseline": "40.5", "case_load": "619", "code": "rate", '
    '"deadline": "2026-12-31", "direction": "up", "method": "按月统计", "name": "信访化解率", '
    '"plan": [["2026-06", "60"], ["2026-12", "90"]], "shape": "rate", "target": "90", '
    '"unit": "%"}]',
    '[{"code": "plan", "due": "2026-06-30", "name": "方案印发"}]', '{"plan": "2026-06-20"}', "s-1",
    41,
)  # fmt: skip
V2_CAMPAIGN = (
    "00000000-0000-0000-0000-000000000002", "PK-2026", "共享停车", "专班", 2026, "2026-01",
    '{"due_day": 5, "escalate_after_days": 10, "escalate_after_overdue": 2, '
    '"reminder_days": [3, 1]}',
    "2026-01-02", "running", "2026-01-03", None, 41,
)  # fmt: skip


@pytest.mark.parametrize(
    ("table", "stored"), [(schema.TASKS, V2_TASK), (schema.CAMPAIGNS, V2_CAMPAIGN)],
    ids=["rm_tasks", "rm_campaigns"],
)  # fmt: skip
def test_a_row_stored_by_version_2_decodes_and_encodes_to_the_same_text(
    table: Table[Any], stored: tuple[Any, ...]
) -> None:
    row = table.decode(dict(zip(table.column_names, stored, strict=True)))
    assert table.params(row) == stored


def test_an_indicator_stored_before_a_field_of_it_existed_reads_with_the_fields_default() -> None:
    older = list(V2_TASK)
    later = (', "method": "按月统计"', ', "plan": [["2026-06", "60"], ["2026-12", "90"]]')
    for written_later in later:
        older[7] = older[7].replace(written_later, "")
    row = schema.TASKS.decode(dict(zip(schema.TASKS.column_names, older, strict=True)))
    assert row.indicators[0].method == "" and row.indicators[0].plan == ()
    assert row.indicators[0].case_load == Decimal(619)


def test_a_read_sees_one_snapshot_while_pages_are_written(backend: Backend) -> None:
    """Every statement of a read answers from the same moment: a page committed meanwhile (a
    supervision and the overdue mark that caused it) is seen whole by the next read, never in
    part by this one."""
    units = schema.UNITS
    with backend.transaction(write=True) as sql:
        sql.many(units.upsert_sql, [units.params(UnitRow("区水务局"))])
    with backend.transaction() as reading:
        before = reading.rows("SELECT name FROM rm_units")
        with backend.transaction(write=True) as sql:
            sql.many(units.upsert_sql, [units.params(UnitRow("区交通委"))])
        during = reading.rows("SELECT name FROM rm_units")
    with backend.transaction() as after:
        assert len(after.rows("SELECT name FROM rm_units")) == 2
    assert [r["name"] for r in during] == [r["name"] for r in before] == ["区水务局"]


def test_a_read_shares_equal_scalars_among_its_rows_but_never_a_mutable_value(
    backend: Backend,
) -> None:
    first = SAMPLES["rm_periods"][0]
    second = replace(first, period="2026-07", actuals=dict(first.actuals))
    _store_and_read(backend, schema.PERIODS, [first, second])
    shared = Shared()
    with backend.transaction() as sql:
        a, b = (schema.PERIODS.decode(r, shared) for r in sql.rows("SELECT * FROM rm_periods"))
    assert a.task_id == b.task_id and a.task_id is b.task_id  # one UUID for both rows
    assert a.submitted_by is b.submitted_by and a.due_on is b.due_on
    assert a.actuals == b.actuals and a.actuals is not b.actuals  # a dict: each row its own


def test_a_streamed_read_gives_the_rows_a_whole_read_gives(backend: Backend) -> None:
    table = schema.UNITS
    rows = [UnitRow(f"单位{n:05d}", (f"别名{n}",)) for n in range(STREAMED + 700)]
    with backend.transaction(write=True) as sql:
        sql.many(table.upsert_sql, [table.params(r) for r in rows])
    statement = "SELECT * FROM rm_units ORDER BY name"
    with backend.transaction() as sql:
        streamed = [table.decode(r) for r in sql.stream(statement)]
        assert streamed == [table.decode(r) for r in sql.rows(statement)] == rows
        counted = sql.one("SELECT COUNT(*) AS n FROM rm_units")
        assert counted is not None and counted["n"] == len(rows)


def test_a_read_on_postgresql_is_one_snapshot_and_may_pause_past_the_stores_idle_limit(
    postgres_database: str,
) -> None:
    env = postgres_env(postgres_database, f"t_{uuid.uuid4().hex[:12]}")
    env["POSTGRES_IDLE_IN_TRANSACTION_SESSION_TIMEOUT"] = "1"  # the store's limit, in seconds
    backend = PostgresBackend(env)
    backend.create_tables()
    try:
        with backend.transaction() as sql:
            shown = sql.one("SELECT current_setting('transaction_isolation') AS isolation, "
                            "current_setting('transaction_read_only') AS read_only")  # fmt: skip
            assert shown is not None and dict(shown) == {
                "isolation": "repeatable read", "read_only": "on"
            }  # fmt: skip
            time.sleep(1.5)  # decoding a large read between fetches: idle, to the server
            assert sql.rows("SELECT name FROM rm_units") == []
        with (
            pytest.raises(PersistenceError, match="idle-in-transaction"),
            backend.transaction(write=True) as sql,
        ):
            time.sleep(1.5)  # a write left idle is ended by the store's limit
            sql.run("SELECT 1")
    finally:
        backend.close()


def test_a_narrow_row_names_only_columns_its_table_has() -> None:
    @dataclass(frozen=True)
    class Stray:
        id: UUID
        nowhere: str

    with pytest.raises(ValueError, match="nowhere"):
        Narrow(schema.TASKS, Stray)
