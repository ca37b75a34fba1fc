"""The task force's pages' pure parts: event labels in both languages, the battle map's filter
form, the meeting form's fields and the history's details read back from recorded summaries."""

from __future__ import annotations

from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from api.schemas.monitoring import EventOut
from api.web.battle import read_filters
from api.web.history import _detail
from api.web.i18n import STRINGS
from api.web.meeting_form import field_of, read_meeting
from domain.projection import _HANDLERS
from domain.values import Actor, Status

NOW = datetime(2093, 3, 10, 4, 0, tzinfo=UTC)


def test_every_task_event_the_projection_records_has_a_label_in_both_languages() -> None:
    kinds = [k.__qualname__ for k in _HANDLERS if k.__qualname__.startswith("Task.")]
    assert kinds
    missing = [k for k in kinds if f"ev.{k}" not in STRINGS]
    assert missing == []


def test_the_battle_map_filters_refuse_each_bad_field_by_name() -> None:
    form = read_filters("nope", "区\x00交通委", "purple", "maybe")
    assert set(form.errors) == {"campaign", "unit", "status", "binding"}
    assert form.filters.shown() == {}
    campaign = uuid4()
    good = read_filters(str(campaign), " 区交通委 ", "late", "true")
    assert good.errors == {}
    assert (good.filters.campaign, good.filters.unit) == (campaign, "区交通委")
    assert (good.filters.status, good.filters.binding) == (Status.LATE, True)
    assert read_filters("", "x" * 101, "", "").errors == {"unit": "bad_filter"}


def test_the_meeting_form_skips_empty_rows_and_maps_the_domains_fields_to_its_own() -> None:
    values = {
        "kind": "quarterly",
        "held_on": "2093-03-09",
        "title": "一季度推进会",
        "attendees": "区交通委\n\n区城管执法局\n",
        "decisions": "",
        "fu-2-action": "报送清单",
        "fu-2-unit": "区交通委",
        "fu-2-due": "2093-03-20",
    }
    form = read_meeting(uuid4(), values, Actor("zhou", "专班"), NOW)
    assert form.errors == {} and form.command is not None
    assert form.command.attendees == ("区交通委", "区城管执法局")
    assert [f.code for f in form.command.follow_ups] == ["1"]
    assert field_of(form, "follow_ups.0.due_on") == "fu-2-due"
    assert field_of(form, "attendees.1") == "attendees"
    assert field_of(form, "follow_ups.7.unit") is None


@pytest.mark.parametrize(
    "held_on", ["２０９３-03-09", "2093-3-9", "2093-02-30", "", "9999999-01-01", "2093-03-09\x00"]
)
def test_a_meeting_date_not_written_as_a_date_is_refused_by_field(held_on: str) -> None:
    values = {"kind": "ad_hoc", "held_on": held_on, "title": "t", "attendees": "a"}
    form = read_meeting(uuid4(), values, Actor("zhou", "专班"), NOW)
    assert form.command is None and form.errors == {"held_on": "not_a_date"}


def _event(kind: str, summary: str) -> EventOut:
    return EventOut(
        position=1, recorded_at=NOW, on=date(2093, 3, 10), type=kind, actor_user="u",
        actor_unit="专班", task_id=uuid4(), task_number="1", period="2093-02", summary=summary,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "summary", "zh"),
    [
        ("Task.ReportSubmitted", "report submitted (revision 2, late)", "第2版，迟报"),
        ("Task.ReportReturned", "revision 1 returned: 口径不一致: 重报", "第1版，口径不一致: 重报"),
        ("Task.ReportOverdue", "report overdue (was due 2093-03-05)", "应于2093年3月5日报送"),
        (
            "Task.ReminderSent",
            "reminded 区交通委: report due 2093-03-05",
            "已提醒区交通委，2093年3月5日截止",
        ),
        ("Task.SupervisionClosed", "supervision closed: 已整改", "已整改"),
        ("Task.MilestoneCompleted", "milestone plan completed: 已印发", "plan，已印发"),
        ("Task.Amended", "something the page does not know", "something the page does not know"),
    ],
)
def test_the_history_reads_recorded_summaries_back_in_chinese(
    kind: str, summary: str, zh: str
) -> None:
    assert _detail(_event(kind, summary), "zh") == zh
