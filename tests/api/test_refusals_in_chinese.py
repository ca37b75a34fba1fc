"""The domain's refusals a page user meets are said in Chinese on Chinese pages, naming what
they are about, while the JSON API answers them as the domain words them."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient

from api.web.i18n_refusals import PATTERNS, in_chinese, named
from domain.application import business_day
from domain.errors import Conflict
from tests.api.harness import COORDINATOR, Temporal, lead
from tests.api.page_world import browsers_fixture, csrf, form_of, world_fixture

FIXTURES = (world_fixture, browsers_fixture)  # the page world's fixtures, used by name
CJK = re.compile(r"[\u4e00-\u9fff]")
# An English word left in a Chinese sentence; file types, units and codes may stay.
ENGLISH = re.compile(r"\b(?!(?:MB|KB|PDF|SHA|JPEG|PNG|WebP|GIF|Excel|Word)\b)[A-Za-z]{3,}\b")

# One message of each kind the domain raises where a page can show it (domain/task.py,
# campaign.py, meetings.py, indicators.py, values.py, service/*.py).
SAMPLES = [
    "the report for 2093-03 is already accepted",
    "a report for 2093-03 is waiting for review",
    "is not an indicator of this task",
    "'plan' is not a milestone of this task",
    "'plan' was completed on 2093-03-10",
    "must be a whole number of cases",
    "only 619 cases are on the list",
    "is tracked by the task's milestones, not reported",
    "'petitions' is not a rate over a known case load",
    "must not be empty",
    "is 2001 characters; at most 2000 allowed",
    "11 files; at most 10 a report",
    "give the file a name of 1-200 characters",
    "is not a SHA-256 in lowercase hex",
    "the campaign has not been launched",
    "the campaign has concluded; it takes no more reports",
    "2094-01 is outside the campaign (2093-03 to 2093-12)",
    "2093-05 has not begun yet",
    "no task 9f1c",
    "the record kept changing under this command; try again",
    "a returned report must say why (退回原因)",
    "the report for 2093-03 is not submitted, not awaiting review",
    "this task has no open supervision",
    "supervision manual:2093-03-10:1 is already open",
    "closing a supervision must say why",
    "opening a supervision must say why",
    "the campaign is concluded: it takes none",
    "区房管局 is not a supporting unit of task 1",
    "say what the unit did this period (本期工作)",
    "the campaign is draft: no meetings",
    "a meeting is recorded once held; 2093-03-11 is after 2093-03-10",
    "name who attended (参会单位或人员)",
    "51 items; at most 50",
    "'1' is given twice",
    "say what is to be done",
    "name the unit that owes it",
    "must fall after the meeting",
    "'9' is not a follow-up of meeting 3",
    "'1' was done on 2093-03-10",
    "say what was done (办理情况)",
    "no meeting 7a",
    # campaigns, plans, units, calendars, packs and the year end (the coverage of every raise
    # site is tests/unit/test_refusals_covered.py)
    "no campaign 9f1c",
    "there is no campaign to define",
    "a campaign with code 'PK-1' already exists",
    "campaign code 'PK-1' appears twice",
    "must fall in the campaign year 2093",
    "a campaign needs at least one task",
    "a campaign needs at least one task to launch",
    "task number 3 appears twice",
    "the campaign already has a task with this number",
    "the campaign is already running",
    "the campaign has concluded",
    "a task needs at least one lead unit",
    "a task's number cannot change",
    "an amendment must say why",
    "must be present and unique within the task",
    "baseline and target must not be negative",
    "must be a positive number of cases or items",
    "a rate cannot exceed 100%",
    "plan points must be in month order",
    "must not be negative",
    "must be a day between 1 and 28",
    "each must be between 1 and 20 days",
    "must be between 1 and 60 days",
    "must be between 1 and 12",
    "'区房管所' is not a registered unit or group, nor listed as new",
    "'区房管局' is already registered",
    "'区房管所' is not a registered unit",
    "'街镇' is not a registered group",
    "'房管局' already names '区房管局'",
    "2094-01-01 is not in 2093",
    "a day cannot be both a holiday and a working day",
    "name the notice the arrangement comes from",
    "name the pack (e.g. 第二季度推进会)",
    "give the time zone",
    "a pack is frozen at a moment already past",
    "no assessment is open for 2093 (campaign is running)",
    "2093 was already assessed",
    "2093 has not been assessed",
    "the campaign did not run in 2092",
    "must be between 0 and 100",
    "must lie between 0 and 100",
    "the decision must give its reasons",
    "a qualitative score must give its reason",
    "give each of attainment, timeliness, supervision, follow_ups, qualitative, and only those",
    "must be a number of points, 0 or more",
    "add up to 95, not 100",
    "must be a share between 0 and 1",
    "from the highest score down to a last one from 0",
]


def chinese_only(text: str) -> bool:
    """CJK, and no English word outside the “quoted” codes the record itself holds."""
    return bool(CJK.search(text)) and not ENGLISH.search(re.sub(r"“[^”]*”", "", text))


def test_every_pattern_says_its_refusal_in_chinese_with_what_it_quotes() -> None:
    used = set()
    for message in SAMPLES:
        said = in_chinese(message)
        assert said is not None and chinese_only(said), (message, said)
        used |= {n for n, (p, _) in enumerate(PATTERNS) if p.fullmatch(message)}
    assert used == set(range(len(PATTERNS)))  # no pattern without its sample
    assert in_chinese("the report for 2093-03 is already accepted") == (
        "2093年3月的报告已采纳，不能再报送"
    )
    assert "2093年3月11日晚于今天（2093年3月10日）" in (
        in_chinese("a meeting is recorded once held; 2093-03-11 is after 2093-03-10") or ""
    )
    assert in_chinese("the campaign is already assessing") == "专项行动处于年终评估，不能再次启动"
    assert in_chinese("2094-01-01 is not in 2093") == "2094年1月1日不在2093年内"
    general = named(Conflict("supervision", "this task has no open supervision"))
    assert general.startswith("督导：该任务目前没有进行中的督导 / supervision: this task")


def error_texts(html: str) -> list[str]:
    """The text of every error shown on a page (above the form and beside fields)."""
    found = re.findall(r'<p class="error"[^>]*>(.*?)</p>', html, re.S)
    return [re.sub(r"<[^>]+>", "", f).strip() for f in found]


def assert_chinese(html: str, *expected: str) -> None:
    texts = error_texts(html)
    assert texts, html
    for text in texts:
        assert chinese_only(text), text
    joined = " ".join(texts)
    for part in expected:
        assert part in joined, (part, joined)


def test_each_refusal_a_page_user_meets_is_shown_in_chinese_naming_its_field(
    api: TestClient,
    temporal: Temporal,
    world: dict[str, Any],
    browsers: dict[str, TestClient],
) -> None:
    tid, period, cid = world["task"], world["period"], world["cid"]
    wang, chen, root = browsers["wang"], browsers["chen"], browsers["root"]
    today = business_day(temporal.now())

    # The report form: a progress past its length, beside the field.
    url = f"/tasks/{tid}/report"
    form = form_of(wang, url, period=period, progress="长" * 2001, **{"actuals.spaces": "3"})
    long = wang.post(url, data={**form, "action": "submit"})
    assert long.status_code == 422
    assert 'id="err-progress"' in long.text
    assert_chinese(long.text, "共2001个字符，超过上限2000个")
    # The JSON API keeps the domain's words.
    body = {"period": period, "progress": "长" * 2001}
    answer = api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead())
    assert answer.status_code == 422 and "Chinese" not in answer.text

    # The review queue: a report returned twice (another coordinator was quicker).
    body = {"period": period, "actuals": {"spaces": 3}, "progress": "推进中"}
    assert api.post(f"/api/tasks/{tid}/reports", json=body, headers=lead()).status_code == 200
    # A stale report form: the report went in meanwhile (another tab, the JSON API).
    form = form_of(wang, url, period=period, progress="又一次", **{"actuals.spaces": "4"})
    stale = wang.post(url, data={**form, "action": "submit"})
    assert stale.status_code == 422
    assert_chinese(stale.text, "报送期：", "的报告正在等待专班审核")

    back = f"/reviews/{tid}/{period}/return"
    token = csrf(chen.get("/reviews").text)
    assert chen.post(back, data={"reason": "补充照片", "csrf_token": token}).status_code == 200
    twice = chen.post(back, data={"reason": "补充照片", "csrf_token": token})
    assert twice.status_code == 422
    assert_chinese(twice.text, "报送期：", "的报告已退回，不在待审核状态")
    refused = api.post(
        f"/api/tasks/{tid}/reports/{period}/return", json={"reason": "x"}, headers=COORDINATOR
    )
    assert "is returned, not awaiting review" in refused.text

    # Supervision opened twice, and closed when none is open.
    page = f"/tasks/{tid}"
    token = csrf(chen.get(page).text)
    opened = chen.post(f"{page}/supervision/open", data={"reason": "进度滞后", "csrf_token": token})
    assert opened.status_code == 200
    again = chen.post(f"{page}/supervision/open", data={"reason": "再次", "csrf_token": token})
    assert again.status_code == 422
    assert_chinese(again.text, "督导：该任务已在督导中")
    closed = chen.post(f"{page}/supervision/close", data={"note": "已整改", "csrf_token": token})
    assert closed.status_code == 200
    none = chen.post(f"{page}/supervision/close", data={"note": "已整改", "csrf_token": token})
    assert none.status_code == 422
    assert_chinese(none.text, "督导：该任务目前没有进行中的督导")

    # A meeting recorded before it is held, beside its date.
    meetings = f"/campaigns/{cid}/meetings"
    tomorrow = today + timedelta(days=1)
    meeting = {
        "csrf_token": csrf(chen.get(meetings).text),
        "kind": "ad_hoc",
        "held_on": tomorrow.isoformat(),
        "title": "推进会",
        "attendees": "区城管执法局",
        "decisions": "加快进度",
    }
    early = chen.post(meetings, data=meeting)
    assert early.status_code == 422, early.text
    assert 'id="err-held_on"' in early.text
    assert_chinese(early.text, "会议召开后才能记录", f"{tomorrow.year}年{tomorrow.month}月")

    # An administrator registering a name already taken.
    token = csrf(root.get("/admin/users").text)
    user = {"name": "wang", "display_name": "王", "unit": "区城管执法局", "role": "lead_unit"}
    taken = root.post("/admin/users", data={**user, "csrf_token": token})
    assert taken.status_code == 422
    assert_chinese(taken.text, "用户名：用户已存在")


@pytest.mark.parametrize("lang", ["en"])
def test_on_english_pages_the_refusal_stays_in_english(
    world: dict[str, Any], browsers: dict[str, TestClient], lang: str
) -> None:
    tid = world["task"]
    chen = browsers["chen"]
    page = f"/tasks/{tid}"
    token = csrf(chen.get(f"{page}?lang={lang}").text)
    none = chen.post(f"{page}/supervision/close", data={"note": "done", "csrf_token": token})
    assert none.status_code == 422
    assert "supervision: this task has no open supervision" in none.text
