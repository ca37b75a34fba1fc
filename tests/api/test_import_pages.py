"""The task force's import pages over HTTP, on SQLite and PostgreSQL: a table uploaded, its
dry run shown cell by cell, suggested indicators accepted, edited or dropped, the drafts stored
in one save and launched; bad values refused beside their field with nothing stored; a lead
unit refused; a form without its CSRF token refused."""

from __future__ import annotations

import re
import socket
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode
from uuid import UUID

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from domain.application import Xiuhua
from domain.campaign import Phase
from domain.values import Actor
from infra.importer import MAX_BYTES
from infra.passwords import hash_password
from infra.settings import Settings
from tests.unit.test_import_suggestions import TABLE

NOW = datetime(2093, 3, 10, 4, 0, tzinfo=UTC)
PASSWORD = "long-enough-pass"
DEMO = Path(__file__).resolve().parents[2] / "infra" / "launch" / "demo" / "plans"
OPTIONS = {"year": "2093", "start_period": "2093-02", "task_force": "精细化专项行动专班"}


@pytest.fixture
def web(app: Xiuhua, settings: Settings) -> Iterator[TestClient]:
    hashed = hash_password(PASSWORD)
    root = Actor("root", "系统管理")
    app.register_account("zhou", "周", "精细化专项行动专班", "coordinator", hashed, root, NOW)
    app.register_account("wang", "王丽", "区城管执法局", "lead_unit", hashed, root, NOW)
    with socket.socket() as free:  # no Temporal: a port nothing listens on
        free.bind(("127.0.0.1", 0))
        nowhere = replace(settings, temporal_address=f"127.0.0.1:{free.getsockname()[1]}")
    application = create_app(nowhere, store=app, temporal=None)
    application.state.clock = lambda: NOW
    with TestClient(application) as client:
        yield client


def csrf(html: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert found, html
    return found.group(1)


def sign_in(web: TestClient, name: str) -> str:
    token = csrf(web.get("/signin").text)
    form = {"name": name, "password": PASSWORD, "csrf_token": token}
    assert web.post("/signin", data=form, follow_redirects=False).status_code == 303
    return csrf(web.get("/imports/drafts" if name == "zhou" else "/inbox").text)


def upload(web: TestClient, token: str, data: bytes, name: str = "停车.csv", **options: str) -> Any:
    form = {**OPTIONS, **options, "csrf_token": token}
    files = {"plan": (name, data, "text/csv")}
    return web.post("/imports", data=form, files=files, follow_redirects=False)


def field_error(html: str, name: str) -> str:
    found = re.search(rf'<p class="error" id="err-{re.escape(name)}">([^<]*)</p>', html)
    assert found, f"no error for {name}"
    return found.group(1)


def store_form(html: str) -> dict[str, str]:
    """The store form as the page fills it: hidden fields, inputs, checked radios, selections."""
    form = re.search(r'<form method="post" action="(/imports/[0-9a-f]{64}/store)".*?</form>', html,
                     re.S)  # fmt: skip
    assert form, html
    body = form.group(0)
    values = dict(re.findall(r'<input (?:type="hidden" )?(?:id="[^"]*" )?name="([^"]+)" '
                             r'value="([^"]*)"', body))  # fmt: skip
    values |= dict(re.findall(r'name="([^"]+)" value="([^"]+)" checked', body))
    for name, options in re.findall(r'<select id="[^"]+" name="([^"]+)"[^>]*>(.*?)</select>',
                                    body, re.S):  # fmt: skip
        values[name] = re.search(r'value="([^"]+)" selected', options).group(1)  # type: ignore[union-attr]
    values["_action"] = form.group(1)
    return values


def items_of(html: str) -> dict[str, int]:
    """Each suggestion's task and source words -> its place in the form."""
    where = r'id="suggestion-(\d+)" data-task="[^/]+/(\d+)">\s*<legend>[^<]*识别自：([^<]*)<'
    found = re.findall(where, html)
    return {f"{task}:{source}": int(n) for n, task, source in found}


def test_upload_dry_run_accept_edit_drop_store_and_launch(web: TestClient, app: Xiuhua) -> None:
    token = sign_in(web, "zhou")
    before = app.recorder.max_notification_id()
    sent = upload(web, token, TABLE.encode())
    assert sent.status_code == 303, sent.text
    report = web.get(sent.headers["location"])
    assert report.status_code == 200
    assert "仅为检查，尚未保存任何内容" in report.text
    assert app.recorder.max_notification_id() == before  # the dry run stored nothing
    places = items_of(report.text)
    assert set(places) == {"1:180个", "2:619件信访投诉化解率达到90%以上", "4:每月开展一次联合检查",
                           "4:整改率达到100%"}, places  # fmt: skip
    form = store_form(report.text)
    spaces, petitions = places["1:180个"], places["2:619件信访投诉化解率达到90%以上"]
    checks, fixed = places["4:每月开展一次联合检查"], places["4:整改率达到100%"]
    assert (form[f"ind-{spaces}-shape"], form[f"ind-{spaces}-target"]) == ("count", "180")
    assert form[f"ind-{spaces}-unit"] == "个"
    assert form[f"ind-{spaces}-deadline"] == "2093-06-30"  # 6月底前
    assert (form[f"ind-{petitions}-shape"], form[f"ind-{petitions}-target"]) == ("rate", "90")
    assert form[f"ind-{petitions}-case_load"] == "619"
    assert (form[f"ind-{fixed}-shape"], form[f"ind-{fixed}-target"]) == ("rate", "100")
    english = web.get(sent.headers["location"] + "&lang=en")
    assert "This is a check only" in english.text and "read from: 180个" in english.text
    web.get("/imports?lang=zh")

    form[f"ind-{checks}-use"] = "drop"
    form[f"ind-{spaces}-target"] = "200"  # edited
    form[f"ind-{spaces}-name"] = "新增共享停车位"
    action = form.pop("_action")
    stored = web.post(action, data=form, follow_redirects=False)
    assert stored.status_code == 303, stored.text
    assert stored.headers["location"] == "/imports/drafts?done=imp_stored_done"
    drafts = web.get(stored.headers["location"])
    assert "已保存为草稿" in drafts.text and "新增共享停车位 200 个" in drafts.text
    assert "信访投诉化解率 90%（基数 619）" in drafts.text
    with app_read(web) as queries:
        [campaign] = [c for c in queries.campaigns() if c.phase is Phase.DRAFT]
        tasks = {t.number: t for t in queries.tasks(campaign.id)}
    assert [(i.name, i.target) for i in tasks["1"].indicators] == [("新增共享停车位", 200)]
    assert str(tasks["1"].indicators[0].deadline) == "2093-06-30"
    [rate] = tasks["2"].indicators
    assert (rate.shape.value, rate.target, rate.case_load) == ("rate", 90, 619)
    assert tasks["3"].indicators == ()
    assert [(i.shape.value, i.target) for i in tasks["4"].indicators] == [("rate", 100)]
    kept = action.removesuffix("/store") + "?" + urlencode(OPTIONS)
    assert web.get(kept).status_code == 404  # the upload is let go once stored

    launched = web.post(f"/imports/drafts/{campaign.id}/launch", data={"csrf_token": token},
                        follow_redirects=False)  # fmt: skip
    assert launched.status_code == 303, launched.text
    assert app.campaign(UUID(str(campaign.id))).phase is Phase.RUNNING
    again = web.post(f"/imports/drafts/{campaign.id}/launch", data={"csrf_token": token})
    assert again.status_code == 422 and "imp_launch" not in again.text


class app_read:  # noqa: N801 - reads as a with-statement
    def __init__(self, web: TestClient) -> None:
        self.services = web.app.state.services  # type: ignore[attr-defined]

    def __enter__(self) -> Any:
        self.context = self.services.readmodel.read()
        return self.context.__enter__()

    def __exit__(self, *exc: object) -> None:
        self.context.__exit__(*exc)


@pytest.mark.parametrize(
    ("value", "part", "problem"),
    [
        ("1E+999999", "target", "数值超出范围"),
        ("１８０", "target", "请填写半角阿拉伯数字"),
        ("NaN", "target", "请填写半角阿拉伯数字"),
        ("-5", "target", "不能为负数"),
        ("", "target", "必填"),
        ("0", "case_load", "须大于 0"),
        ("2093-02-30", "deadline", "请按 2026-06-30 的格式"),
        ("", "name", "必填"),
    ],
)
def test_a_bad_edited_value_is_named_beside_its_field_and_nothing_is_stored(
    web: TestClient, app: Xiuhua, value: str, part: str, problem: str
) -> None:
    token = sign_in(web, "zhou")
    report = web.get(upload(web, token, TABLE.encode()).headers["location"])
    form = store_form(report.text)
    n = items_of(report.text)["2:619件信访投诉化解率达到90%以上"]
    form[f"ind-{n}-{part}"] = value
    before = app.recorder.max_notification_id()
    refused = web.post(form.pop("_action"), data=form)
    assert refused.status_code == 422
    assert problem in field_error(refused.text, f"ind-{n}-{part}")
    assert f'value="{value}"' in refused.text  # what was typed stays in its field
    assert app.recorder.max_notification_id() == before


def test_a_rate_over_100_and_a_decision_missing_are_refused(web: TestClient, app: Xiuhua) -> None:
    token = sign_in(web, "zhou")
    report = web.get(upload(web, token, TABLE.encode()).headers["location"])
    form = store_form(report.text)
    n = items_of(report.text)["4:整改率达到100%"]
    form[f"ind-{n}-target"] = "101"
    del form["ind-0-use"]
    before = app.recorder.max_notification_id()
    refused = web.post(form.pop("_action"), data=form)
    assert refused.status_code == 422
    assert field_error(refused.text, f"ind-{n}-target") == "比率不能超过 100"
    assert field_error(refused.text, "ind-0-use") == "必填"
    assert app.recorder.max_notification_id() == before


def test_a_table_with_errors_is_shown_cell_by_cell_and_never_kept(
    web: TestClient, app: Xiuhua
) -> None:
    token = sign_in(web, "zhou")
    table = "专项行动,序号,目标任务,牵头单位\n停车资源优化,1,新增180个共享停车位,\n"
    refused = upload(web, token, table.encode(), name="t.csv")
    assert refused.status_code == 422
    row = re.search(r'<tr data-kind="no_lead_unit"><td>([^<]*)</td><td>([^<]*)</td><td>(\d+)</td>'
                    r'\s*<td>([A-Z]*)</td><td>([^<]*)</td>', refused.text)  # fmt: skip
    assert row, refused.text
    assert row.groups() == ("t.csv!D2", "t.csv", "2", "D", row.group(5))
    assert "没有牵头单位" in row.group(5)
    english = web.post("/imports?lang=en", data={**OPTIONS, "csrf_token": token},
                       files={"plan": ("t.csv", table.encode(), "text/csv")})  # fmt: skip
    assert english.status_code == 422 and "lead unit" in english.text.lower()
    with app_read(web) as queries:
        assert queries.campaigns() == []


@pytest.mark.parametrize(
    ("options", "name", "problem"),
    [
        ({"year": "２０９３"}, "year", "2000 至 2100"),
        ({"year": "1999"}, "year", "2000 至 2100"),
        ({"start_period": "2093-13"}, "start_period", "2026-03"),
        ({"start_period": "2094-01"}, "start_period", "所填年度内"),
        ({"task_force": ""}, "task_force", "必填"),
        ({"task_force": "专班\u202e"}, "task_force", "文字方向控制字符"),
    ],
)
def test_bad_options_are_named_beside_their_field(
    web: TestClient, options: dict[str, str], name: str, problem: str
) -> None:
    token = sign_in(web, "zhou")
    refused = upload(web, token, TABLE.encode(), **options)
    assert refused.status_code == 422
    assert problem in field_error(refused.text, name)


def test_no_file_and_a_file_over_10_mb_are_refused(web: TestClient, app: Xiuhua) -> None:
    token = sign_in(web, "zhou")
    empty = upload(web, token, b"")
    assert empty.status_code == 422 and field_error(empty.text, "plan") == "请选择要上传的文件"
    big = upload(web, token, TABLE.encode() + b"#" * MAX_BYTES)
    assert big.status_code == 422 and 'data-kind="too_large"' in big.text
    huge = upload(web, token, b"x" * (MAX_BYTES + 200 * 1024))
    assert huge.status_code == 413  # the border: past the form's own allowance
    assert huge.headers["content-type"].startswith("text/html") and "提交的内容过大" in huge.text
    with app_read(web) as queries:
        assert queries.campaigns() == []


def test_a_lead_unit_is_refused_every_import_page(web: TestClient, app: Xiuhua) -> None:
    token = sign_in(web, "zhou")
    location = upload(web, token, TABLE.encode()).headers["location"]
    web.cookies.clear()
    lead = sign_in(web, "wang")
    before = app.recorder.max_notification_id()
    assert "/imports" not in web.get("/inbox").text.split("<main")[0]
    assert web.get("/imports").status_code == 403
    assert web.get("/imports/drafts").status_code == 403
    assert web.get(location).status_code == 403
    assert upload(web, lead, TABLE.encode()).status_code == 403
    action = location.split("?")[0] + "/store"
    assert web.post(action, data={**OPTIONS, "csrf_token": lead}).status_code == 403
    assert app.recorder.max_notification_id() == before


def test_a_form_without_its_csrf_token_is_refused_and_stores_nothing(
    web: TestClient, app: Xiuhua
) -> None:
    token = sign_in(web, "zhou")
    assert upload(web, "", TABLE.encode()).status_code == 403
    report = web.get(upload(web, token, TABLE.encode()).headers["location"])
    form = store_form(report.text)
    action = form.pop("_action")
    before = app.recorder.max_notification_id()
    for forged in ("", "forged"):
        refused = web.post(action, data={**form, "csrf_token": forged})
        assert refused.status_code == 403 and "表单已失效" in refused.text
    assert app.recorder.max_notification_id() == before
    with app_read(web) as queries:
        assert queries.campaigns() == []


def test_the_demo_workbook_imports_through_the_form_once_and_not_twice(
    web: TestClient, app: Xiuhua
) -> None:
    token = sign_in(web, "zhou")
    data = (DEMO / "ZS-2026.xlsx").read_bytes()
    options = {"year": "2026", "start_period": "2026-01"}
    sent = upload(web, token, data, "ZS-2026.xlsx", **options)
    assert sent.status_code == 303, sent.text
    report = web.get(sent.headers["location"])
    assert "6 个专项行动，32 项任务" in report.text and "没有需要确认的建议指标" in report.text
    form = store_form(report.text)
    stored = web.post(form.pop("_action"), data=form, follow_redirects=False)
    assert stored.status_code == 303, stored.text
    drafts = web.get("/imports/drafts")
    assert drafts.text.count('<section class="draft"') == 6
    again = upload(web, token, data, "ZS-2026.xlsx", **options)
    assert again.status_code == 422 and 'data-kind="code_exists"' in again.text
