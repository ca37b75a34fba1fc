"""Issue 7's attacks, each sent as the tester sent it: refused at the border with the field
named in Chinese and English, and nothing stored."""

from __future__ import annotations

import json
import re
from typing import Any

import pytest
from fastapi.testclient import TestClient

from domain.application import Xiuhua, business_day
from tests.api.harness import COORDINATOR, LEAD, Temporal, campaign_body, eventually, lead

CJK = re.compile(r"[\u4e00-\u9fff]")
RATE = {
    "code": "resolved",
    "name": "信访投诉化解率",
    "unit": "%",
    "baseline": 0,
    "target": 90,
    "attribute": "binding",
    "shape": "rate",
    "case_load": 619,
}


@pytest.fixture
def hostile(api: TestClient, temporal: Temporal) -> dict[str, Any]:
    """A launched campaign whose task 1 counts parking spaces (个) and a rate over 619 cases."""
    body = campaign_body(temporal.now())
    indicator = body["tasks"][0]["indicators"][0]
    body["tasks"][0]["indicators"].append({**RATE, "deadline": indicator["deadline"]})
    created = api.post("/api/campaigns", json=body, headers=COORDINATOR)
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    launched = api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR)
    assert launched.status_code == 200, launched.text

    def opened() -> list[dict[str, Any]]:
        """The workflow has opened this month for every task, and then waits for days: from
        here on only the requests below can store anything."""
        tasks = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["tasks"]
        return tasks if all(t["periods"] for t in tasks) else []

    tasks = eventually(opened)
    today = business_day(temporal.now())
    return {
        "id": cid,
        "task": next(t["id"] for t in tasks if t["number"] == "1"),
        "period": f"{today.year}-{today.month:02d}",
    }


def refused(response: Any, status: int, loc: list[str | int]) -> str:
    """The one refusal's message, after checking the status, the place and both languages."""
    assert response.status_code == status, response.text
    (item,) = response.json()["detail"]
    assert item["loc"] == loc, item
    assert CJK.search(item["msg"]) and re.search(r"[a-z]{3,}", item["msg"]), item["msg"]
    return str(item["msg"])


def raw_report(period: str, actual: str, progress: str = '"进展"') -> bytes:
    """A report body written by hand, so literals json.dumps would never write go through."""
    text = f'{{"period": "{period}", "actuals": {{"spaces": {actual}}}, "progress": {progress}}}'
    return text.encode()


def post_raw(api: TestClient, url: str, body: bytes, headers: dict[str, str]) -> Any:
    return api.post(url, content=body, headers={**headers, "content-type": "application/json"})


@pytest.mark.parametrize(
    "actual",
    ['"1E+999999"', "9" * 400, '"' + "9" * 400 + '"', "NaN", "Infinity", "-Infinity", "1e999"],
)
def test_a_figure_no_one_could_mean_is_refused_naming_the_actual(
    api: TestClient, app: Xiuhua, hostile: dict[str, Any], actual: str
) -> None:
    before = app.recorder.max_notification_id()
    url = f"/api/tasks/{hostile['task']}/reports"
    response = post_raw(api, url, raw_report(hostile["period"], actual), lead())
    refused(response, 422, ["body", "actuals", "spaces"])
    assert app.recorder.max_notification_id() == before


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_a_non_finite_json_literal_is_refused_on_a_route_without_numbers(
    api: TestClient, app: Xiuhua, literal: str
) -> None:
    before = app.recorder.max_notification_id()
    body = f'{{"name": "区绿化市容局", "aliases": [{literal}]}}'.encode()
    response = post_raw(api, "/api/units", body, COORDINATOR)
    refused(response, 422, ["body", "aliases", 0])
    assert app.recorder.max_notification_id() == before


def test_a_lone_surrogate_in_a_text_field_is_refused_naming_it(
    api: TestClient, app: Xiuhua, hostile: dict[str, Any]
) -> None:
    before = app.recorder.max_notification_id()
    body = raw_report(hostile["period"], "30", progress='"进展\\ud800"')
    response = post_raw(api, f"/api/tasks/{hostile['task']}/reports", body, lead())
    assert "surrogate" in refused(response, 422, ["body", "progress"])
    assert app.recorder.max_notification_id() == before


def test_a_lone_surrogate_in_a_dict_key_is_refused_naming_the_key_escaped(
    api: TestClient, app: Xiuhua, hostile: dict[str, Any]
) -> None:
    before = app.recorder.max_notification_id()
    body = f'{{"period": "{hostile["period"]}", "actuals": {{"\\ud800": 1}}, "progress": "x"}}'
    response = post_raw(api, f"/api/tasks/{hostile['task']}/reports", body.encode(), lead())
    refused(response, 422, ["body", "actuals", "\\ud800"])
    assert app.recorder.max_notification_id() == before


def _foreign_digits(period: str, digits: str) -> str:
    return period.translate(str.maketrans("0123456789", digits))


FULL_WIDTH, ARABIC_INDIC = "０１２３４５６７８９", "٠١٢٣٤٥٦٧٨٩"


@pytest.mark.parametrize("digits", [FULL_WIDTH, ARABIC_INDIC], ids=["full-width", "arabic-indic"])
def test_a_period_in_other_digits_is_refused_never_a_second_period(
    api: TestClient, app: Xiuhua, hostile: dict[str, Any], digits: str
) -> None:
    """Refused, not folded to ASCII: ２０２６-１０ would otherwise be a month beside 2026-10."""
    before = app.recorder.max_notification_id()
    period = _foreign_digits(hostile["period"], digits)
    url = f"/api/tasks/{hostile['task']}/reports"
    body = {"period": period, "actuals": {"spaces": 30}, "progress": "进展"}
    msg = refused(api.post(url, json=body, headers=lead()), 422, ["body", "period"])
    assert "ASCII" in msg
    for action, extra in (("return", {"json": {"reason": "口径不对"}}), ("accept", {})):
        response = api.post(f"{url}/{period}/{action}", headers=COORDINATOR, **extra)
        refused(response, 422, ["path", "period"])
    assert app.recorder.max_notification_id() == before
    detail = api.get(f"/api/campaigns/{hostile['id']}", headers=COORDINATOR).json()
    task = next(t for t in detail["tasks"] if t["id"] == hostile["task"])
    assert {p["period"] for p in task["periods"]} <= {hostile["period"]}


@pytest.mark.parametrize(
    ("method", "path", "headers"),
    [
        ("POST", "/api/tasks/{task}/reports", lead()),
        ("POST", "/api/campaigns", COORDINATOR),
        ("POST", "/api/units", COORDINATOR),
        ("PUT", "/api/tasks/{task}", COORDINATOR),
        ("GET", "/api/campaigns", COORDINATOR),
    ],
)
def test_a_two_megabyte_body_is_refused_413_before_the_route_runs(
    api: TestClient,
    app: Xiuhua,
    hostile: dict[str, Any],
    method: str,
    path: str,
    headers: dict[str, str],
) -> None:
    before = app.recorder.max_notification_id()
    body = json.dumps({"progress": "进" * (2 * 1024 * 1024 // 3 + 1)}).encode()
    assert len(body) > 2 * 1024 * 1024
    url = path.format(task=hostile["task"])
    response = api.request(
        method, url, content=body, headers={**headers, "content-type": "application/json"}
    )
    msg = refused(response, 413, ["body"])
    assert "1 MB" in msg
    assert app.recorder.max_notification_id() == before


def test_a_body_sent_in_chunks_without_a_length_is_cut_off_at_the_limit(
    api: TestClient, app: Xiuhua, hostile: dict[str, Any]
) -> None:
    before = app.recorder.max_notification_id()

    def chunks() -> Any:
        for _ in range(40):
            yield b" " * 65536

    response = api.post(
        f"/api/tasks/{hostile['task']}/reports",
        content=chunks(),
        headers={**lead(), "content-type": "application/json"},
    )
    refused(response, 413, ["body"])
    assert app.recorder.max_notification_id() == before


@pytest.mark.parametrize(
    ("actuals", "field", "says"),
    [
        ({"resolved": 101}, "resolved", "100%"),
        ({"spaces": 1.5}, "spaces", "whole number"),
        ({"spaces": -3}, "spaces", "negative"),
        ({"spaces": "12.34567"}, "spaces", "4 decimals"),
    ],
    ids=["rate-101", "fraction-of-ge", "negative-count", "five-decimals"],
)
def test_a_value_its_indicator_cannot_take_is_refused_naming_it(
    api: TestClient,
    app: Xiuhua,
    hostile: dict[str, Any],
    actuals: dict[str, Any],
    field: str,
    says: str,
) -> None:
    before = app.recorder.max_notification_id()
    body = {"period": hostile["period"], "actuals": actuals, "progress": "进展"}
    response = api.post(f"/api/tasks/{hostile['task']}/reports", json=body, headers=lead())
    assert says in refused(response, 422, ["body", "actuals", field])
    assert app.recorder.max_notification_id() == before


@pytest.mark.parametrize(
    ("text", "field"),
    [("进展\x00", "progress"), ("进展\x1b[31m", "progress"), ("区城管\n执法局", "lead_units")],
)
def test_control_characters_are_refused_and_line_breaks_only_in_long_text(
    api: TestClient, app: Xiuhua, temporal: Temporal, hostile: dict[str, Any], text: str, field: str
) -> None:
    before = app.recorder.max_notification_id()
    if field == "progress":
        body: dict[str, Any] = {"period": hostile["period"], "actuals": {}, "progress": text}
        response = api.post(f"/api/tasks/{hostile['task']}/reports", json=body, headers=lead())
        refused(response, 422, ["body", "progress"])
    else:
        campaign = campaign_body(temporal.now(), code="CTRL-1")
        campaign["tasks"][1]["lead_units"] = [text]
        response = api.post("/api/campaigns", json=campaign, headers=COORDINATOR)
        refused(response, 422, ["body", "tasks", 1, "lead_units", 0])
    assert app.recorder.max_notification_id() == before


def test_long_text_keeps_its_line_breaks_and_is_stored_nfc(
    api: TestClient, hostile: dict[str, Any]
) -> None:
    decomposed = "进展：完成e\u0301\n下月继续"
    body = {"period": hostile["period"], "actuals": {"spaces": 30}, "progress": decomposed}
    response = api.post(f"/api/tasks/{hostile['task']}/reports", json=body, headers=lead())
    assert response.status_code in (200, 202), response.text
    events = api.get(f"/api/campaigns/{hostile['id']}/events", headers=COORDINATOR)
    assert events.status_code == 200


@pytest.mark.parametrize("units", [[" "], ["", "\u3000"]], ids=["space", "blank-and-full-width"])
def test_a_task_without_a_lead_unit_that_is_not_blank_is_refused(
    api: TestClient, app: Xiuhua, temporal: Temporal, units: list[str]
) -> None:
    before = app.recorder.max_notification_id()
    body = campaign_body(temporal.now(), code="BLANK-1")
    body["tasks"][1]["lead_units"] = units
    response = api.post("/api/campaigns", json=body, headers=COORDINATOR)
    assert response.status_code == 422, response.text
    items = response.json()["detail"]
    assert [i["loc"] for i in items] == [
        ["body", "tasks", 1, "lead_units", n] for n in range(len(units))
    ]
    assert all(CJK.search(i["msg"]) and "blank" in i["msg"] for i in items)
    assert app.recorder.max_notification_id() == before


def test_a_task_with_no_lead_unit_at_all_is_refused_naming_the_list(
    api: TestClient, app: Xiuhua, temporal: Temporal
) -> None:
    before = app.recorder.max_notification_id()
    body = campaign_body(temporal.now(), code="NONE-1")
    body["tasks"][1]["lead_units"] = []
    response = api.post("/api/campaigns", json=body, headers=COORDINATOR)
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "tasks", 1, "lead_units"]
    assert app.recorder.max_notification_id() == before


def test_a_lead_unit_still_reports_a_plain_figure_after_all_this(
    api: TestClient, hostile: dict[str, Any]
) -> None:
    body = {"period": hostile["period"], "actuals": {"spaces": 30, "resolved": "45.5"}}
    response = api.post(
        f"/api/tasks/{hostile['task']}/reports", json={**body, "progress": "进展"}, headers=lead()
    )
    assert response.status_code in (200, 202), response.text
    detail = api.get(f"/api/campaigns/{hostile['id']}", headers=lead(LEAD)).json()
    task = next(t for t in detail["tasks"] if t["id"] == hostile["task"])
    assert task["latest_actuals"] == {"spaces": 30.0, "resolved": 45.5}


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"[" * 100_000, "json_depth"),
        (b'{"name": ' + b"[" * 100 + b"]" * 100 + b"}", "json_depth"),
        (b'{"name": "\xff\xfe"}', "json_encoding"),
        (b'{"name": "x",', "json_invalid"),
    ],
    ids=["deep-array", "deep-value", "not-utf8", "cut-short"],
)
def test_a_body_python_cannot_read_as_json_is_refused_422_not_500(
    api: TestClient, app: Xiuhua, body: bytes, kind: str
) -> None:
    before = app.recorder.max_notification_id()
    response = post_raw(api, "/api/units", body, COORDINATOR)
    assert response.status_code == 422, response.text
    assert response.json()["detail"][0]["type"] == kind
    assert app.recorder.max_notification_id() == before
