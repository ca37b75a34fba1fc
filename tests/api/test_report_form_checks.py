"""The report form asks the unit to confirm a figure that looks like a slip (复核提示), on SQLite
and PostgreSQL: a cumulative figure below the last report, or a rate moving more than 50 points,
is shown back with a warning beside its field (Chinese, or English under ?lang=en) and a box to
tick; ticked for the figure as typed, the report is stored as typed. A draft is not checked,
and the JSON API takes the figure as it always did."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from domain.application import Xiuhua
from tests.api.harness import COORDINATOR, LEAD, Temporal, campaign_body, eventually, lead
from tests.api.page_world import browsers_fixture, form_of, value_of, world_fixture

FIXTURES = (world_fixture, browsers_fixture)  # the page world's fixtures, used by name
PETITIONS = {
    "code": "petitions",
    "name": "信访投诉化解率",
    "unit": "%",
    "baseline": 0,
    "target": 90,
    "attribute": "binding",
    "deadline": "2093-12-31",
    "shape": "rate",
    "case_load": 619,
}


@pytest.fixture
def checked(
    api: TestClient, temporal: Temporal, app: Xiuhua, world: dict[str, Any]
) -> dict[str, Any]:
    """A task the page world's wang leads, with a count and a rate over 619 cases, whose
    February report (120 个, 97.79%) stands; March is open."""
    body = campaign_body(temporal.now(), code="FORM-2")
    body["start_period"] = "2093-02"
    task = body["tasks"][0]
    task["indicators"].append(PETITIONS)
    task["milestones"] = []
    body["tasks"] = [task]
    made = api.post("/api/campaigns", json=body, headers=COORDINATOR)
    assert made.status_code == 201, made.text
    cid = made.json()["id"]
    assert api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR).status_code == 200

    def opened() -> dict[str, Any] | None:
        [task] = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["tasks"]
        return task if task["periods"] else None

    task = eventually(opened)
    tid = task["id"]
    if "2093-02" not in {p["period"] for p in task["periods"]}:
        app.open_period(
            UUID(tid), "2093-02", date(2093, 3, 5), "test", datetime(2093, 2, 1, 2, tzinfo=UTC)
        )
    february = {"period": "2093-02", "actuals": {"spaces": 120, "petitions": 97.79},
                "progress": "二月进展"}  # fmt: skip
    sent = api.post(f"/api/tasks/{tid}/reports", json=february, headers=lead())
    assert sent.status_code == 200, sent.text
    return {"task": tid, "cid": cid}


def stored(app: Xiuhua, tid: str) -> dict[str, Decimal]:
    report = app.task(UUID(tid), read_only=True).periods["2093-03"].report
    assert report is not None
    return dict(report.actuals)


def march(api: TestClient, cid: str) -> dict[str, Any] | None:
    [task] = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["tasks"]
    row = next(p for p in task["periods"] if p["period"] == "2093-03")
    return row if row["state"] else None


def doubt_of(html: str, name: str) -> str | None:
    found = re.search(rf'<div class="doubt" id="doubt-{name}">(.*?)</div>', html, re.S)
    return found.group(1) if found else None


def test_a_figure_that_looks_like_a_slip_is_stored_only_once_confirmed_as_typed(
    api: TestClient, app: Xiuhua, checked: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    tid, cid = checked["task"], checked["cid"]
    url = f"/tasks/{tid}/report"
    wang = browsers["wang"]
    typed = {"period": "2093-03", "progress": "三月进展", "actuals.spaces": "118",
             "resolved.petitions": "74"}  # fmt: skip
    first = wang.post(url, data={**form_of(wang, url, **typed), "action": "submit"})
    assert first.status_code == 422, first.text
    assert "尚未报送" in first.text and 'role="alert"' in first.text
    spaces = doubt_of(first.text, "actuals-spaces")
    assert spaces and "本期118 个低于2093年2月报送的120 个" in spaces and "累计" in spaces
    assert 'name="confirm" value="actuals.spaces=118"' in spaces
    petitions = doubt_of(first.text, "resolved-petitions")
    assert petitions and "低于2093年2月报送的97.79%" in petitions  # 74 of 619 cases: 11.95%
    assert re.search(
        r'name="resolved.petitions"[^>]*aria-describedby="doubt-resolved-petitions', first.text
    )
    assert value_of(first.text, "resolved.petitions") == "74"  # shown back as typed
    assert march(api, cid) is None

    english = wang.post(f"{url}?lang=en", data={**form_of(wang, url, **typed), "action": "submit"})
    assert english.status_code == 422
    said = doubt_of(english.text, "actuals-spaces")
    assert said and "is below the 120 个 reported for 2093-02" in said and "cumulative" in said
    assert "I have checked it" in said and "累计" not in said

    # Confirming one figure is not confirming the other; a tick for a figure since changed,
    # for a field that is not one, or forged, confirms nothing.
    ticks = [
        "actuals.spaces=118",
        "resolved.petitions=73",
        "progress=三月进展",
        "resolved.petitions",
    ]
    half = wang.post(
        url, data={**form_of(wang, url, **typed), "action": "submit", "confirm": ticks}
    )
    assert half.status_code == 422
    assert doubt_of(half.text, "actuals-spaces") is None
    assert doubt_of(half.text, "resolved-petitions")
    # Full-width digits are refused as before, however confirmed: nothing stored.
    wide = {**typed, "actuals.spaces": "１１８"}
    refused = wang.post(
        url,
        data={
            **form_of(wang, url, **wide),
            "action": "submit",
            "confirm": ["actuals.spaces=１１８"],
        },
    )
    assert refused.status_code == 422 and 'id="err-actuals-spaces"' in refused.text
    assert march(api, cid) is None
    # A draft is not checked: saved as typed, no warning.
    draft = wang.post(
        url, data={**form_of(wang, url, **typed), "action": "draft"}, follow_redirects=False
    )
    assert draft.status_code == 303

    both = ["actuals.spaces=118", "resolved.petitions=74"]
    sent = wang.post(
        url, data={**form_of(wang, url, **typed), "action": "submit", "confirm": both},
        follow_redirects=False,
    )  # fmt: skip
    assert sent.status_code == 303, sent.text
    eventually(lambda: march(api, cid))
    assert stored(app, tid) == {"spaces": Decimal(118), "petitions": Decimal("11.9548")}


def test_a_figure_in_line_with_the_last_report_goes_straight_in_and_the_api_is_unchanged(
    api: TestClient, app: Xiuhua, checked: dict[str, Any], browsers: dict[str, TestClient]
) -> None:
    tid, cid = checked["task"], checked["cid"]
    url = f"/tasks/{tid}/report"
    wang = browsers["wang"]
    typed = {"period": "2093-03", "progress": "三月进展", "actuals.spaces": "130",
             "resolved.petitions": "610"}  # fmt: skip
    sent = wang.post(
        url, data={**form_of(wang, url, **typed), "action": "submit"}, follow_redirects=False
    )
    assert sent.status_code == 303, sent.text
    eventually(lambda: march(api, cid))
    back = api.post(
        f"/api/tasks/{tid}/reports/2093-03/return", json={"reason": "核对"}, headers=COORDINATOR
    )
    assert back.status_code == 200, back.text
    eventually(lambda: (row := march(api, cid)) and row["state"] == "returned")
    # The JSON API takes a falling figure as sent: no confirmation there.
    body = {"period": "2093-03", "actuals": {"spaces": 12, "petitions": 12}, "progress": "接口"}
    assert api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead(LEAD)).status_code == 200
    eventually(lambda: (r := march(api, cid)) and r["revision"] == 2 and r)
    assert stored(app, tid) == {"spaces": Decimal(12), "petitions": Decimal(12)}
