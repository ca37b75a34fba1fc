"""The demo portfolio `xiuhua up` loads: the seed plans imported through the importer a user
runs, their past months played through the same commands the workflow uses, so the
workflow's catch-up finds nothing to do."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, date, datetime
from uuid import UUID

from domain.application import Xiuhua
from domain.calendar import year_schedule
from domain.campaign import Phase, campaign_id
from infra.holidays import official_calendar
from infra.launch.demo.loader import demo_campaign_ids, demo_codes, load_demo
from infra.readmodel import ReadModel
from infra.readmodel.past import Past
from workflows.activities import CampaignActivities
from workflows.messages import RunActionsInput, ScheduledAction

NOW = datetime(2026, 11, 23, 2, tzinfo=UTC)


def event_counts(app: Xiuhua) -> Counter[str]:
    return Counter(n.topic.split(":")[1] for n in app.recorder.select_notifications(1, 10_000))


def test_the_demo_loads_once_with_every_kind_of_fact(app: Xiuhua) -> None:
    assert load_demo(app, NOW) == demo_codes()
    assert len(demo_codes()) == 12  # 4 Jinshan, parking of 2025 and 2026, 6 Zhongshan campaigns
    assert load_demo(app, NOW) == []
    assert sorted(app.launched_campaigns()) == sorted(demo_campaign_ids())
    counts = event_counts(app)
    for kind in (
        "Task.ReportSubmitted",
        "Task.ReportAccepted",
        "Task.ReportReturned",
        "Task.ReportOverdue",
        "Task.SupervisionOpened",
        "Task.SupervisionClosed",
        "Task.ReminderSent",
        "Task.MilestoneCompleted",
    ):
        assert counts[kind] > 0, kind
    assert counts["Campaign.Launched"] == 12
    assert counts["Task.Planned"] == 11 + 3 + 3 + 32
    # Last year's campaign has run its year: its assessment waits for the evaluator.
    assert counts["Campaign.AssessmentOpened"] == 1
    assert app.campaign(campaign_id("PK-2025")).phase is Phase.ASSESSING


def test_the_workflow_catching_up_on_the_demo_writes_nothing_new(app: Xiuhua) -> None:
    load_demo(app, NOW)
    before = app.recorder.max_notification_id()
    official = official_calendar()
    activities = CampaignActivities(app, official)
    for cid in demo_campaign_ids():
        campaign = app.campaign(UUID(str(cid)))
        past = [
            ScheduledAction(a.at, a.kind.value, a.period, a.due_on.isoformat())
            for a in year_schedule(campaign.year_periods(campaign.year), campaign.policy, official)
            if a.at <= NOW
        ]
        done = activities.run_actions(RunActionsInput(str(cid), past, NOW))
        assert done.written == 0
    assert app.recorder.max_notification_id() == before


def test_on_the_demo_30_june_as_known_then_differs_from_as_now_known(app: Xiuhua) -> None:
    """An evaluator moving the demo to 30 June sees both views differ: two May reports came in
    a month late (in July), so on 30 June they were missing; as now known they are in (June's
    own reports, due in July, are in the second view only too)."""
    load_demo(app, NOW)
    past = Past(app)
    try:

        def unreported(model: ReadModel) -> set[tuple[UUID, str]]:
            with model.read() as read:
                return {(row.task_id, row.period) for row in read.periods() if row.awaiting}

        known = unreported(past.known_on(datetime(2026, 6, 30, 12, tzinfo=UTC)))
        as_of = unreported(past.as_of(date(2026, 6, 30)))
        may = {key for key in known - as_of if key[1] == "2026-05"}
        assert len(may) == 2, (known, as_of)
    finally:
        past.close()
