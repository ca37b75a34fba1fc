"""One command object in, one Outcome out: what was written, where it ends, what it produced,
so a caller never reads the store again for what the command already knew."""

from __future__ import annotations

from dataclasses import FrozenInstanceError, replace
from datetime import date

import pytest

from domain.application import Xiuhua
from domain.campaign import campaign_id
from domain.commands import (
    AddTask,
    AmendTask,
    DefineCampaign,
    DefineCampaigns,
    LaunchCampaign,
    SubmitReport,
)
from domain.errors import Conflict
from tests.unit.builders import (
    COORDINATOR,
    LEAD,
    LEAD_UNIT,
    SUPPORT_UNIT,
    campaign_spec,
    launched,
    shanghai,
)

NOW = shanghai(date(2026, 3, 10))


def test_defining_a_campaign_answers_with_its_id_and_the_position_of_its_last_event(
    app: Xiuhua,
):
    outcome = app.define_campaign(DefineCampaign(campaign_spec(2026), actor=COORDINATOR, now=NOW))

    assert outcome.changed
    assert outcome.campaign_id == campaign_id("parking-2026")
    assert app.campaign(outcome.campaign_id).code == "parking-2026"
    # the campaign and both its tasks: three events, the last of them is the position
    assert outcome.position == app.recorder.max_notification_id() == 3


def test_launching_answers_with_the_campaign_and_the_year_its_calendar_starts_in(app: Xiuhua):
    spec = campaign_spec(2027, code="parking-2027")
    cid = app.define_campaign(DefineCampaign(spec, actor=COORDINATOR, now=NOW)).campaign_id
    before = app.recorder.max_notification_id()

    outcome = app.launch_campaign(LaunchCampaign(cid, actor=COORDINATOR, now=NOW))

    assert (outcome.changed, outcome.campaign_id, outcome.year) == (True, cid, 2027)
    assert outcome.position == app.recorder.max_notification_id() == before + 1


def test_a_second_launch_is_refused_and_writes_nothing(app: Xiuhua):
    cid, _ = launched(app, campaign_spec(2026), NOW)
    before = app.recorder.max_notification_id()

    with pytest.raises(Conflict):
        app.launch_campaign(LaunchCampaign(cid, actor=COORDINATOR, now=NOW))
    assert app.recorder.max_notification_id() == before


def test_amending_a_task_answers_with_the_campaign_whose_workflow_must_hear(app: Xiuhua):
    cid, task_ids = launched(app, campaign_spec(2026), NOW)
    spec = replace(campaign_spec(2026).tasks[1], title="任务2: 只化解存量违建")

    outcome = app.amend_task(AmendTask(task_ids[1], spec, "口径调整", actor=COORDINATOR, now=NOW))

    assert (outcome.changed, outcome.campaign_id, outcome.task_id) == (True, cid, task_ids[1])
    assert outcome.position == app.recorder.max_notification_id()
    assert app.task(task_ids[1]).title == "任务2: 只化解存量违建"


def test_adding_a_task_answers_with_the_new_task(app: Xiuhua):
    cid, _ = launched(app, campaign_spec(2026), NOW)
    spec = campaign_spec(2026, numbers=("3",)).tasks[0]

    outcome = app.add_task(AddTask(cid, spec, actor=COORDINATOR, now=NOW))

    assert outcome.task_id == app.campaign(cid).task_ids[-1]
    assert app.task(outcome.task_id).number == "3"
    assert outcome.position == app.recorder.max_notification_id()


def test_defining_campaigns_answers_with_their_ids_in_order_and_the_last_position(app: Xiuhua):
    specs = (campaign_spec(2026, code="b-2026"), campaign_spec(2026, code="a-2026"))
    command = DefineCampaigns(
        specs, (LEAD_UNIT, SUPPORT_UNIT), ("各街道",), actor=COORDINATOR, now=NOW
    )

    outcome = app.define_campaigns(command)

    assert outcome.campaign_ids == (campaign_id("b-2026"), campaign_id("a-2026"))
    assert outcome.position == app.recorder.max_notification_id()
    assert outcome.campaign_id is None


def test_who_asks_and_when_are_named_not_placed(app: Xiuhua):
    """A command's actor and clock are keyword-only, so a shifted argument cannot pass for one;
    and a command cannot be changed once made."""
    cid, task_ids = launched(app, campaign_spec(2026), NOW)
    with pytest.raises(TypeError):
        SubmitReport(task_ids[0], "2026-02", {}, "进展", "", "", LEAD, NOW)  # type: ignore[misc]
    command = LaunchCampaign(cid, actor=COORDINATOR, now=NOW)
    with pytest.raises(FrozenInstanceError):
        command.campaign_id = task_ids[0]  # type: ignore[misc]
