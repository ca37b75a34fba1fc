"""The pages about the past: the task page's date control (as of / as known on), what changed
between two dates, and the audit trail; their filters, exports, bad dates and wrong roles."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook

from api.web import routes_past
from domain.application import business_day
from domain.calendar import SHANGHAI
from tests.api.harness import ADMIN, COORDINATOR, EVALUATOR, LEAD, STRANGER, Temporal, lead


def corrected_later(
    api: TestClient, temporal: Temporal, launched: dict[str, Any]
) -> dict[str, Any]:
    """Task 1 reports 40 in March; late in April it is returned and corrected to 60."""
    tid, cid = launched["tasks"]["1"], launched["id"]
    period = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["start_period"]
    body = {"period": period, "actuals": {"spaces": 40}, "progress": "新增40个"}
    assert api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead()).status_code == 200
    march = business_day(temporal.now())
    temporal.sleep(40)
    url = f"/api/tasks/{tid}/reports/{period}"
    returned = api.post(f"{url}/return", json={"reason": "口径不符"}, headers=COORDINATOR)
    assert returned.status_code == 200
    corrected = {**body, "actuals": {"spaces": 60}}
    assert api.post(f"/api/tasks/{tid}/reports", json=corrected, headers=lead()).status_code == 200
    april = business_day(temporal.now())
    return {"tid": tid, "cid": cid, "march": march, "april": april}


def test_the_task_page_shows_the_past_as_known_then_or_as_of_a_date_without_forms(
    api: TestClient, temporal: Temporal, launched: dict[str, Any]
) -> None:
    w = corrected_later(api, temporal, launched)
    page = f"/tasks/{w['tid']}"
    today = api.get(page, headers=COORDINATOR)
    assert today.status_code == 200 and 'id="past-view"' not in today.text
    assert "/supervision/open" in today.text and "新增共享停车位 60 个" in today.text

    known = api.get(page, params={"known_on": str(w["march"])}, headers=COORDINATOR)
    assert known.status_code == 200 and 'id="past-view"' in known.text
    assert "不含此后的更正" in known.text
    assert "新增共享停车位 40 个" in known.text and "60 个" not in known.text
    assert "/supervision/" not in known.text  # no command form in a view of the past
    assert "退回专报" not in known.text  # the return came later

    month_end = w["march"].replace(day=31)
    as_of = api.get(page, params={"as_of": str(month_end)}, headers=COORDINATOR)
    assert as_of.status_code == 200 and "含此后的更正" in as_of.text
    assert "新增共享停车位 60 个" in as_of.text and "/supervision/" not in as_of.text

    for bad in ("2093-02-30", "２０９３-03-31", "yesterday"):
        wrong = api.get(page, params={"as_of": bad}, headers=COORDINATOR)
        assert wrong.status_code == 422 and 'id="err-as_of"' in wrong.text
        assert "不是有效的日期" in wrong.text and 'id="past-view"' not in wrong.text
    assert api.get(page, params={"known_on": "x" * 41}, headers=COORDINATOR).status_code == 422
    before = api.get(page, params={"known_on": "2092-12-31"}, headers=COORDINATOR)
    assert before.status_code == 404 and "该日期时此任务尚未设立" in before.text
    assert (
        api.get(page, params={"as_of": str(month_end)}, headers=lead(STRANGER)).status_code == 403
    )
    # The task's own lead unit has the same control, in English too.
    own = api.get(page, params={"known_on": str(w["march"]), "lang": "en"}, headers=lead())
    assert own.status_code == 200 and "This is a view of the past" in own.text


def test_what_changed_between_two_dates_is_listed_by_day_filtered_and_exported(
    api: TestClient, temporal: Temporal, launched: dict[str, Any]
) -> None:
    w = corrected_later(api, temporal, launched)
    since, until = w["april"] - timedelta(days=2), w["april"]
    dates = {"from": str(since), "to": str(until)}
    shown = api.get("/changes", params=dates, headers=COORDINATOR)
    assert shown.status_code == 200, shown.text
    assert 'data-kind="returned"' in shown.text and 'data-kind="corrected"' in shown.text
    assert 'data-kind="submitted"' not in shown.text  # March's first report is before `from`
    assert "口径不符" in shown.text and f'data-day="{w["april"]}"' in shown.text

    returned = api.get("/changes", params={**dates, "kind": "returned"}, headers=EVALUATOR)
    assert 'data-kind="returned"' in returned.text and 'data-kind="corrected"' not in returned.text
    own = api.get("/changes", params={**dates, "unit": LEAD}, headers=ADMIN)
    assert 'data-kind="returned"' in own.text
    other = api.get("/changes", params={**dates, "unit": STRANGER}, headers=ADMIN)
    assert other.status_code == 200 and 'data-kind="returned"' not in other.text
    march = {"from": str(w["march"]), "to": str(w["march"]), "campaign": w["cid"]}
    first = api.get("/changes", params=march, headers=COORDINATOR)
    assert 'data-kind="submitted"' in first.text and 'data-kind="returned"' not in first.text

    exported = api.get("/changes.csv", params={**dates, "kind": "returned"}, headers=COORDINATOR)
    assert exported.status_code == 200 and exported.headers["content-type"].startswith("text/csv")
    lines = exported.content.decode("utf-8-sig").splitlines()
    assert len(lines) == 2 and lines[1].startswith("returned,") and "口径不符" in lines[1]
    assert "/changes.csv?from=" in shown.text

    window = {"since": str(since), "until": str(until)}
    api_answer = api.get("/api/changes", params={**window, "kind": "returned"}, headers=ADMIN)
    assert api_answer.status_code == 200 and api_answer.json()["counts"] == {"returned": 1}
    bad_kind = api.get("/api/changes", params={**window, "kind": "nope"}, headers=COORDINATOR)
    assert bad_kind.status_code == 422


@pytest.mark.parametrize(
    ("params", "field", "said"),
    [
        ({"from": "2093-02-30", "to": "2093-03-10"}, "from", "不是有效的日期"),
        ({"from": "20930301", "to": "2093-03-10"}, "from", "不是有效的日期"),
        ({"from": "2093-03-10", "to": "2093-03-01"}, "to", "不能早于起始日期"),
        ({"from": "2090-01-01", "to": "2093-03-10"}, "to", "时间跨度不能超过一年"),
        ({"from": "2093-03-01", "to": ""}, "to", "必填"),
        ({"from": "2093-03-01", "to": "2093-03-10", "kind": "<b>"}, "kind", "筛选条件无效"),
        ({"from": "2093-03-01", "to": "2093-03-10", "campaign": "x"}, "campaign", "筛选条件无效"),
    ],
)
def test_a_bad_date_or_filter_on_the_changes_page_is_said_beside_its_field(
    api: TestClient, params: dict[str, str], field: str, said: str
) -> None:
    answer = api.get("/changes", params=params, headers=COORDINATOR)
    assert answer.status_code == 422
    assert f'id="err-{field}"' in answer.text and said in answer.text
    assert (
        'aria-invalid="true"' in answer.text
        and '<form method="get" action="/changes"' in answer.text
    )
    assert api.get("/changes.csv", params=params, headers=COORDINATOR).status_code == 422


def test_the_changes_and_audit_pages_are_the_task_forces_readers_only(api: TestClient) -> None:
    for path in ("/changes", "/changes.csv", "/audit", "/audit.csv", "/audit.xlsx"):
        assert api.get(path, headers=lead()).status_code == 403, path
        assert api.get(path, headers=EVALUATOR).status_code == 200, path
    week = api.get("/changes", headers=COORDINATOR).text  # no dates: the week up to today
    assert 'name="from" type="date" value="20' in week and "/changes.csv?from=20" in week
    signed_out = api.get("/audit", follow_redirects=False)
    assert signed_out.status_code == 303 and "/signin" in signed_out.headers["location"]
    nav = api.get("/battle-map", headers=COORDINATOR).text
    assert 'href="/changes"' in nav and 'href="/audit"' in nav
    assert 'href="/audit"' not in api.get("/battle-map", headers=lead()).text


def test_the_audit_trail_is_filtered_paged_and_exported_with_the_same_filters(
    api: TestClient, temporal: Temporal, launched: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    w = corrected_later(api, temporal, launched)
    whole = api.get("/audit", params={"campaign": w["cid"]}, headers=COORDINATOR)
    assert whole.status_code == 200
    total = api.get("/api/audit", params={"campaign": w["cid"]}, headers=COORDINATOR).json()
    assert f"共{len(total)}条" in whole.text and len(total) > 5

    mine = {"task": w["tid"], "type": "ReportReturned"}
    returned = api.get("/audit", params=mine, headers=COORDINATOR)
    assert returned.text.count("<tr data-position=") == 1 and "口径不符" in returned.text
    assert "demo-coordinator" in returned.text and "退回专报" in returned.text
    reporter = next(e for e in total if e["type"] == "Task.ReportSubmitted")["actor_user"]
    by_lead = api.get("/audit", params={"user": reporter, "task": w["tid"]}, headers=ADMIN)
    assert by_lead.text.count("<tr data-position=") == 2  # the report and its correction
    april = {"recorded_from": str(w["april"]), "recorded_to": str(w["april"]), "task": w["tid"]}
    recent = api.get("/audit", params=april, headers=COORDINATOR)
    rows = recent.text.count("<tr data-position=")
    assert rows == 2, recent.text  # returned and corrected; March's report recorded before
    stamp = next(e for e in total if e["type"] == "Task.ReportReturned")["recorded_at"]
    assert stamp[:10] in recent.text  # the recorded instant, in the time element

    csv = api.get("/audit.csv", params=mine, headers=COORDINATOR)
    body = csv.content.decode("utf-8-sig").splitlines()
    assert csv.status_code == 200 and len(body) == 2 and "口径不符" in body[1]
    xlsx = api.get("/audit.xlsx", params=mine, headers=COORDINATOR)
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None
    cells = [str(c.value) for row in sheet.iter_rows() for c in row if c.value]
    assert any("口径不符" in c for c in cells) and "Task.ReportReturned" in cells
    assert 'href="/audit.xlsx?task=' in returned.text and "type=ReportReturned" in returned.text

    monkeypatch.setattr(routes_past, "PAGE_SIZE", 3)  # a small page, so a few events make pages
    first = api.get("/audit", params={"campaign": w["cid"]}, headers=COORDINATOR)
    pages = -(-len(total) // 3)
    assert first.text.count("<tr data-position=") == 3 and f"第1页，共{pages}页" in first.text
    last = api.get("/audit", params={"campaign": w["cid"], "page": "9999"}, headers=COORDINATOR)
    assert f"第{pages}页，共{pages}页" in last.text and 'rel="prev"' in last.text
    shown = {
        p for p in (str(e["position"]) for e in total[-3:]) if f'data-position="{p}"' in last.text
    }
    assert shown
    junk = api.get("/audit", params={"page": "-1"}, headers=COORDINATOR)
    assert junk.status_code == 200 and "第1页" in junk.text


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"on_from": "2093-02-30"}, "on_from"),
        ({"recorded_from": "2093-03-10", "recorded_to": "2093-03-01"}, "recorded_to"),
        ({"task": "not-a-task"}, "task"),
        ({"type": "Task.Report'--"}, "type"),
        ({"user": "a\u0000b"}, "user"),
    ],
)
def test_a_bad_audit_filter_is_said_beside_its_field(
    api: TestClient, params: dict[str, str], field: str
) -> None:
    answer = api.get("/audit", params=params, headers=COORDINATOR)
    assert answer.status_code == 422 and f'id="err-{field}"' in answer.text
    assert 'action="/audit"' in answer.text and "audit.xlsx" not in answer.text
    assert api.get("/audit.xlsx", params=params, headers=COORDINATOR).status_code == 422


def test_the_battle_maps_past_view_links_to_what_changed_since(
    api: TestClient, temporal: Temporal, launched: dict[str, Any]
) -> None:
    today = business_day(temporal.now().astimezone(SHANGHAI))
    then = today - timedelta(days=3)
    answer = api.get("/battle-map", params={"known_on": str(then)}, headers=COORDINATOR)
    assert f'href="/changes?from={then}&amp;to={today}"' in answer.text
