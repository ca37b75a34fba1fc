"""The evaluator's year-end pages over HTTP, on SQLite and PostgreSQL: a constructed year ranked
two ways under the two shipped rubrics, the qualitative score's form and its refusals, the
decision recorded and what became of it, frozen packs, and who may do what."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from fastapi.testclient import TestClient

from domain.application import Xiuhua, business_day
from domain.values import Actor
from infra.passwords import hash_password
from tests.api.harness import (
    ADMIN,
    COORDINATOR,
    EVALUATOR,
    LEAD,
    OTHER,
    Temporal,
    campaign_body,
    eventually,
    lead,
)
from tests.api.test_calendar import launch, skip_to
from tests.api.test_meetings import meeting_body


def start(api: TestClient, temporal: Temporal, code: str, attribute: str) -> dict[str, Any]:
    body = campaign_body(temporal.now(), code=code)
    body["tasks"][0]["indicators"][0]["attribute"] = attribute
    created = api.post("/api/campaigns", json=body, headers=COORDINATOR)
    assert created.status_code == 201, created.text
    cid = created.json()["id"]
    assert api.post(f"/api/campaigns/{cid}/launch", headers=COORDINATOR).is_success

    def opened() -> dict[str, Any] | None:
        detail = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
        return detail if all(t["periods"] for t in detail["tasks"]) else None

    return eventually(opened)


def report(api: TestClient, detail: dict[str, Any], spaces: int) -> None:
    task = detail["tasks"][0]
    body = {"period": detail["start_period"], "actuals": {"spaces": spaces}, "progress": "推进"}
    sent = api.post(f"/api/tasks/{task['id']}/reports", json=body, headers=lead())
    assert sent.is_success, sent.text


def qualify(api: TestClient, cid: str, year: int, score: int) -> None:
    body = {"year": year, "score": score, "reason": "定性"}
    assert api.post(f"/api/campaigns/{cid}/qualitative", json=body, headers=EVALUATOR).is_success


def rows(html: str, table: str) -> list[str]:
    part = html.split(f'data-table="{table}"', 1)[1].split("</table>", 1)[0]
    return re.findall(r'<tr data-campaign="([^"]+)"', part)


def test_two_rubrics_rank_a_constructed_year_two_ways_and_say_why(
    api: TestClient, temporal: Temporal
) -> None:
    """A reached its binding target but was supervised twice and let a follow-up lapse; B got
    half-way on an expected target and ran a clean year. Balanced puts B first (process weighs),
    results-first puts A first (what was achieved decides)."""
    a = start(api, temporal, "A-RESULTS", "binding")
    b = start(api, temporal, "B-PROCESS", "expected")
    year = a["year"]
    report(api, a, 180)
    report(api, b, 90)
    task = a["tasks"][0]["id"]
    for _ in range(2):
        opened = api.post(
            f"/api/tasks/{task}/supervision/open", json={"reason": "进度"}, headers=COORDINATOR
        )
        assert opened.is_success, opened.text
        closing = {"reason": "已整改"}
        url = f"/api/tasks/{task}/supervision/close"
        assert api.post(url, json=closing, headers=COORDINATOR).is_success
    held = api.post(
        f"/api/campaigns/{a['id']}/meetings", json=meeting_body(temporal), headers=COORDINATOR
    )
    assert held.status_code == 201, held.text
    qualify(api, a["id"], year, 60)
    qualify(api, b["id"], year, 100)

    page = api.get(
        "/scores", params={"year": year, "rubric": "balanced", "compare": "results-first"},
        headers=EVALUATOR,
    )  # fmt: skip
    assert page.status_code == 200, page.text
    assert rows(page.text, "campaigns") == ["B-PROCESS", "A-RESULTS"]
    moved = page.text.split('data-campaign="A-RESULTS"', 1)[1].split("</tr>", 1)[0]
    assert "排名由第2名变为第1名" in moved
    assert "督导：9/15 → 0/5" in moved and "指标完成：40/40 → 70/70" in moved
    assert "第1名" in moved and 'class="moved"' in page.text

    flipped = api.get(
        "/scores", params={"year": year, "rubric": "results-first", "compare": "balanced"},
        headers=EVALUATOR,
    )  # fmt: skip
    assert rows(flipped.text, "campaigns") == ["A-RESULTS", "B-PROCESS"]
    # Each lead unit's part, ranked in a second table, each linked to its year-end report.
    units = flipped.text.split('data-table="units"', 1)[1]
    assert f'data-unit="{LEAD}"' in units and f'data-unit="{OTHER}"' in units
    assert '"/reports/year-end?campaign=' in units and "&amp;format=xlsx" in units
    assert 'href="/api/' not in units  # a session cannot open /api: the page's own route
    assert "unit=%E5%8C%BA" in units
    report_link = re.search(r'href="(/reports/year-end\?[^"]+format=html)"', units)
    assert report_link is not None
    shown = api.get(report_link.group(1).replace("&amp;", "&"), headers=EVALUATOR)
    assert shown.status_code == 200 and "@media print" in shown.text

    # A binding target missed is a gate, shown as such.
    assert "已封顶" not in moved
    english = api.get("/scores", params={"year": year, "lang": "en"}, headers=EVALUATOR)
    assert "Why the ranks differ" in english.text
    # Each part says why, in the page's language (the domain gives both).
    assert "按时报送" in flipped.text and "reports on time" not in flipped.text
    assert "reports on time" in english.text and "按时报送" not in english.text


def test_the_scores_page_refuses_bad_choices_and_lead_units(
    api: TestClient, launched: dict[str, Any]
) -> None:
    for params, field in (({"year": "２０９３"}, "year"), ({"rubric": "lenient"}, "rubric")):
        refused = api.get("/scores", params=params, headers=EVALUATOR)
        assert refused.status_code == 422 and f'id="err-{field}"' in refused.text
    assert api.get("/scores", headers=lead()).status_code == 403
    assert api.get("/scores", headers=COORDINATOR).status_code == 200
    assert api.get(f"/campaigns/{launched['id']}/decision", headers=lead()).status_code == 403
    assert api.get(f"/campaigns/{launched['id']}/decision", headers=COORDINATOR).status_code == 403
    assert api.get("/packs", headers=lead()).status_code == 403


def test_the_qualitative_form_refuses_what_is_not_a_score_next_to_its_field(
    api: TestClient, app: Xiuhua, launched: dict[str, Any]
) -> None:
    url = f"/campaigns/{launched['id']}/qualitative"
    before = app.recorder.max_notification_id()
    for given, field, said in (
        ({"q_score": "NaN", "q_reason": "x"}, "q_score", "半角阿拉伯数字"),
        ({"q_score": "1E+999999", "q_reason": "x"}, "q_score", "数值超出范围"),
        ({"q_score": "８０", "q_reason": "x"}, "q_score", "半角阿拉伯数字"),
        ({"q_score": "101", "q_reason": "x"}, "q_score", "须在0到100之间"),
        ({"q_score": "-1", "q_reason": "x"}, "q_score", "须在0到100之间"),
        ({"q_score": "", "q_reason": "x"}, "q_score", "必填"),
        ({"q_score": "80", "q_reason": "   "}, "q_reason", "必填"),
    ):
        refused = api.post(url, data=given, headers=EVALUATOR)
        assert refused.status_code == 422, given
        error = re.search(rf'<p class="error" id="err-{field}">([^<]+)</p>', refused.text)
        assert error is not None and said in error.group(1), (given, refused.text[-3000:])
        assert f'aria-describedby="err-{field}"' in refused.text
    assert app.recorder.max_notification_id() == before

    saved = api.post(url, data={"q_score": "85.5", "q_reason": "台账清楚"}, headers=EVALUATOR)
    assert saved.status_code == 200 and "定性评分已保存" in saved.text
    assert "当前定性评分：85.5分" in saved.text and "台账清楚" in saved.text
    assert api.post(url, data={"q_score": "80", "q_reason": "x"}, headers=lead()).status_code == 403


def test_before_year_end_the_decision_is_refused_in_chinese_and_nothing_is_stored(
    api: TestClient, app: Xiuhua, launched: dict[str, Any]
) -> None:
    url = f"/campaigns/{launched['id']}/decision"
    shown = api.get(url, headers=EVALUATOR)
    assert "尚未进入年度评估（当前：进行中）" in shown.text and 'name="decision"' not in shown.text
    before = app.recorder.max_notification_id()
    body = {"decision": "continue", "rubric": "balanced", "rationale": "延续"}
    refused = api.post(url, data=body, headers=EVALUATOR)
    assert refused.status_code == 422 and "尚未进入年度评估" in refused.text
    assert app.recorder.max_notification_id() == before


def test_at_year_end_a_proposal_is_recorded_with_its_evidence_and_shows_the_draft(
    api: TestClient, temporal: Temporal, app: Xiuhua
) -> None:
    detail = launch(api, temporal)
    cid, year = detail["id"], detail["year"]
    task = detail["tasks"][0]["id"]
    frozen = {"title": "年终评估材料", "campaign": cid}
    pack = api.post("/api/packs", json=frozen, headers=EVALUATOR)
    assert pack.status_code == 201, pack.text
    skip_to(temporal, date(year + 1, 2, 1))

    def assessing() -> bool:
        return api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["phase"] == "assessing"

    eventually(assessing)
    url = f"/campaigns/{cid}/decision"
    form = api.get(url, headers=EVALUATOR).text
    assert f'value="/tasks/{task}"' in form and f'value="/packs/{pack.json()["id"]}"' in form
    before = app.recorder.max_notification_id()
    bad = {"decision": "propose", "rubric": "balanced", "rationale": "另立",
           "links": "https://evil.example/x\n/api/audit?campaign=1"}  # fmt: skip
    for given, field in (
        (bad, "links"),
        ({**bad, "links": "", "rationale": ""}, "rationale"),
        ({**bad, "links": "", "decision": "pause"}, "decision"),
        ({**bad, "links": "", "rubric": "lenient"}, "rubric"),
    ):
        refused = api.post(url, data=given, headers=EVALUATOR)
        assert refused.status_code == 422 and f'id="err-{field}"' in refused.text, given
    assert app.recorder.max_notification_id() == before
    assert api.post(url, data=bad, headers=lead()).status_code == 403

    chosen = {
        "decision": "propose",
        "rubric": "results-first",
        "rationale": "存量仍大，另立专项承接",
        "evidence": [f"/tasks/{task}", f"/packs/{pack.json()['id']}"],
        "links": f"http://testserver/api/changes?campaign={cid}&from=2093-01-01",
    }
    recorded = api.post(url, data=chosen, headers=EVALUATOR)
    assert recorded.status_code == 200 and "决定已记录" in recorded.text
    [assessment] = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["assessments"]
    assert assessment["decision"] == "propose" and assessment["rationale"].startswith("存量仍大")
    assert f"/api/changes?campaign={cid}&from=2093-01-01" in assessment["rationale"]

    def drafted() -> str | None:
        shown = api.get(url, headers=EVALUATOR).text
        return shown if "data-draft" in shown else None

    shown = eventually(drafted)
    assert f'href="/tasks/{task}"' in shown and "新增共享停车位" in shown
    assert "（" + str(year + 1) + "年新立）" in shown
    assert f"{year}年度已作出决定" in shown and 'name="decision"' not in shown
    again = api.post(url, data={**chosen, "evidence": []}, headers=EVALUATOR)
    assert again.status_code == 422 and f"{year}年度已作出决定，不能再次决定" in again.text


def test_a_pack_is_frozen_from_its_form_and_shown_as_frozen(
    api: TestClient, temporal: Temporal, launched: dict[str, Any]
) -> None:
    cid = launched["id"]
    today = business_day(temporal.now())
    for given, field in (
        ({"title": "", "campaign": cid}, "title"),
        ({"title": "x", "cut_date": "2093-02-30"}, "cut_date"),
        ({"title": "x", "cut_date": "9999-01-01"}, "cut_date"),
        ({"title": "x", "cut_date": str(today), "cut_time": "25:00"}, "cut_date"),
        ({"title": "x", "campaign": "not-a-campaign"}, "campaign"),
    ):
        refused = api.post("/packs", data=given, headers=COORDINATOR)
        assert refused.status_code == 422 and f'id="err-{field}"' in refused.text, given
    assert api.post("/packs", data={"title": "x"}, headers=lead()).status_code == 403
    assert api.post("/packs", data={"title": "x"}, headers=ADMIN).status_code == 403

    made = api.post(
        "/packs", data={"title": "一季度推进会材料", "campaign": cid, "cut_date": str(today)},
        headers=COORDINATOR, follow_redirects=False,
    )  # fmt: skip
    assert made.status_code == 303, made.text
    shown = api.get(made.headers["location"], headers=EVALUATOR)
    assert shown.status_code == 200 and "材料已冻结" in shown.text
    assert "冻结时的任务状态" in shown.text and "新增共享停车位" in shown.text
    listed = api.get("/packs", headers=EVALUATOR)
    assert "一季度推进会材料" in listed.text

    # A report recorded after the cut is not in the pack, and is marked as a later correction.
    task = launched["tasks"]["1"]
    period = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()["start_period"]
    body = {"period": period, "actuals": {"spaces": 90}, "progress": "推进"}
    assert api.post(f"/api/tasks/{task}/reports", json=body, headers=lead()).is_success
    again = api.get(made.headers["location"], headers=EVALUATOR)
    assert "此后更正导致的差异" in again.text
    assert f'data-task="{task}" class="corrected"' in again.text


def test_a_form_without_the_sessions_csrf_token_stores_nothing(
    api: TestClient, app: Xiuhua, launched: dict[str, Any]
) -> None:
    root = Actor("root", "系统管理")
    hashed = hash_password("long-enough-pass")
    app.register_account("ping", "评估员", "区评估组", "evaluator", hashed, root, _now(api))
    signin = api.get("/signin").text
    token = re.search(r'name="csrf_token" value="([^"]+)"', signin)
    assert token is not None
    form = {"name": "ping", "password": "long-enough-pass", "csrf_token": token.group(1)}
    assert api.post("/signin", data=form, follow_redirects=False).status_code == 303
    before = app.recorder.max_notification_id()
    cid = launched["id"]
    for url, body in (
        (f"/campaigns/{cid}/qualitative", {"q_score": "80", "q_reason": "x"}),
        (f"/campaigns/{cid}/decision", {"decision": "continue", "rationale": "x"}),
        ("/packs", {"title": "x"}),
    ):
        refused = api.post(url, data={**body, "csrf_token": "forged"})
        assert refused.status_code == 403, (url, refused.text[:500])
    assert app.recorder.max_notification_id() == before
    page = api.get(f"/campaigns/{cid}/decision")
    assert page.status_code == 200
    assert 'href="/scores"' in page.text and 'href="/packs"' in page.text


def _now(api: TestClient) -> Any:
    app = api.app
    return app.state.clock()  # type: ignore[attr-defined,no-any-return]


def test_a_binding_target_missed_caps_the_score_and_the_page_says_so(
    api: TestClient, launched: dict[str, Any]
) -> None:
    cid = launched["id"]
    detail = api.get(f"/api/campaigns/{cid}", headers=COORDINATOR).json()
    report(api, detail, 90)
    qualify(api, cid, detail["year"], 100)
    page = api.get("/scores", params={"year": detail["year"]}, headers=EVALUATOR)
    row = page.text.split('data-campaign="PARK-1"', 1)[1].split("</tr>", 1)[0]
    assert "约束性指标未完成（1/spaces），总分封顶59分" in row
    # Results-first scores it 62.5, under its own cap of 69: nothing to cap there.
    assert "62.5" in row and "未触发" in row
