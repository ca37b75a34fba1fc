"""What the task force and the supporting units add to a task beside the lead unit's reports:
supervision opened by hand, and the supporting units' contributions (配合单位的工作)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from uuid import UUID

import pytest

from domain.application import Xiuhua
from domain.commands import AddContribution, CloseSupervision, OpenSupervision
from domain.errors import Conflict, InvalidInput, NotFound
from domain.task import MANUAL_SUPERVISION
from domain.values import Actor
from tests.unit.builders import (
    COORDINATOR,
    LEAD,
    SUPPORT_UNIT,
    campaign_spec,
    event_names,
    launched,
    shanghai,
)

SUPPORTER = Actor("chen.jie", SUPPORT_UNIT)
NOW = shanghai(date(2026, 1, 20))


@pytest.fixture
def tid(app: Xiuhua) -> UUID:
    _, task_ids = launched(app, campaign_spec(2026), shanghai(date(2026, 1, 1), 0))
    return task_ids[0]


def contribution(tid: UUID, actor: Actor = SUPPORTER, **overrides: object) -> AddContribution:
    given: dict[str, object] = {
        "period": "2026-01",
        "text": "协调12个小区开放夜间车位",
        "figures": {"parking": Decimal(12)},
    }
    given.update(overrides)
    return AddContribution(tid, actor=actor, now=NOW, **given)  # type: ignore[arg-type]


def test_supervision_opened_by_hand_stays_open_until_closed_by_hand(app: Xiuhua, tid: UUID):
    app.open_supervision(OpenSupervision(tid, "进度明显滞后，专班约谈", actor=COORDINATOR, now=NOW))

    opened = app.task(tid).open_supervision
    assert opened is not None and opened.startswith(MANUAL_SUPERVISION)
    # Nothing is overdue, yet the workflow's check does not close what the task force opened.
    assert not app.close_supervision_if_resolved(tid, NOW)
    with pytest.raises(Conflict):
        app.open_supervision(OpenSupervision(tid, "再次督导", actor=COORDINATOR, now=NOW))
    app.close_supervision(CloseSupervision(tid, "约谈后已整改", actor=COORDINATOR, now=NOW))
    assert app.task(tid).open_supervision is None
    assert event_names(app, tid)[-2:] == ["Task.SupervisionOpened", "Task.SupervisionClosed"]


def test_a_supervision_without_a_reason_is_refused(app: Xiuhua, tid: UUID):
    with pytest.raises(InvalidInput) as refused:
        app.open_supervision(OpenSupervision(tid, "  ", actor=COORDINATOR, now=NOW))
    assert refused.value.field == "reason"
    assert app.task(tid).open_supervision is None


def test_a_supporting_unit_records_its_contribution_under_the_plans_name(app: Xiuhua, tid: UUID):
    app.add_contribution(contribution(tid))
    app.add_contribution(contribution(tid, text="再协调3个小区", figures={}))

    stored = [e for e in app.repository.event_store.get(tid) if "Contribution" in str(type(e))]
    assert [(e.unit, e.text) for e in stored] == [  # type: ignore[attr-defined]
        (SUPPORT_UNIT, "协调12个小区开放夜间车位"),
        (SUPPORT_UNIT, "再协调3个小区"),
    ]
    assert stored[0].figures == {"parking": Decimal(12)}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("overrides", "field", "error"),
    [
        ({"figures": {"nope": Decimal(1)}}, "figures.nope", InvalidInput),
        ({"figures": {"parking": Decimal("NaN")}}, "figures.parking", InvalidInput),
        ({"figures": {"parking": Decimal("1E+999999")}}, "figures.parking", InvalidInput),
        ({"text": ""}, "text", InvalidInput),
        ({"text": "坏\x00字"}, "text", InvalidInput),
        ({"period": "２０２６-01"}, "period", InvalidInput),
    ],
)
def test_a_bad_contribution_names_its_field_and_stores_nothing(
    app: Xiuhua, tid: UUID, overrides: dict[str, object], field: str, error: type[Exception]
):
    before = event_names(app, tid)
    with pytest.raises(error) as refused:
        app.add_contribution(contribution(tid, **overrides))
    assert refused.value.field == field  # type: ignore[attr-defined]
    assert event_names(app, tid) == before


def test_only_a_supporting_unit_of_the_task_contributes(app: Xiuhua, tid: UUID):
    with pytest.raises(NotFound):
        app.add_contribution(contribution(tid, actor=LEAD))
    with pytest.raises(NotFound):
        app.add_contribution(contribution(tid, actor=Actor("x", "区房管局")))
