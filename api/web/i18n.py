"""Every visible string of the pages, in Simplified Chinese (the default) and English, and the
way dates, working days and figures are written in each."""

from __future__ import annotations

import importlib
import re
from datetime import date
from decimal import Decimal

LANGS = ("zh", "en")
LANG_COOKIE = "xh_lang"
_CJK = re.compile(r"[\u4e00-\u9fff]")

STRINGS: dict[str, tuple[str, str]] = {
    "app": ("绣花 · 专项行动跟踪", "Xiuhua · campaign tracker"),
    "skip": ("跳到正文", "Skip to content"),
    "signin": ("登录", "Sign in"),
    "signout": ("退出登录", "Sign out"),
    "name": ("用户名", "User name"),
    "password": ("密码", "Password"),
    "signin_failed": ("用户名或密码不正确。", "The user name or password is wrong."),
    "locked": (
        "登录失败次数过多，账户已锁定15分钟，请稍后再试或联系管理员。",
        "Too many failed sign-ins: the account is locked for 15 minutes; "
        "try later or ask an administrator.",
    ),
    "catching_up": (
        "数据正在同步，页面显示的可能不是最新情况。",
        "The data is catching up; this page may not show the latest facts yet.",
    ),
    "language": ("English", "中文"),
    "role.coordinator": ("专班", "task force"),
    "role.lead_unit": ("牵头单位", "lead unit"),
    "role.supporting_unit": ("配合单位", "supporting unit"),
    "role.evaluator": ("评估组", "evaluator"),
    "role.leader": ("分管领导", "leader"),
    "role.admin": ("管理员", "administrator"),
    "inbox": ("待办", "Inbox"),
    "inbox_title": ("本单位本期任务", "This period's tasks of the unit"),
    "workday_of_month": ("本月第{n}个工作日", "working day {n} of the month"),
    "inbox_empty": ("目前没有待报送的任务。", "No report is due right now."),
    "campaign": ("专项行动", "Campaign"),
    "task": ("目标任务", "Task"),
    "period": ("报送期", "Period"),
    "due_on": ("截止日期", "Due"),
    "workdays_left": ("剩余工作日", "Working days left"),
    "state": ("状态", "State"),
    "overdue": ("已逾期", "Overdue"),
    "due": ("待报送", "Due"),
    "returned": ("已退回", "Returned"),
    "return_reason": ("退回原因", "Reason for return"),
    "report": ("填报", "Report"),
    "resubmit": ("重新报送", "Resubmit"),
    "supervision": ("督导中", "Under supervision"),
    "report_form": ("月度专报", "Monthly report"),
    "indicators": ("指标", "Indicators"),
    "last_value": ("上次报送值", "Last reported"),
    "target": ("目标值", "Target"),
    "planned_now": ("按计划目前应达到", "The plan asks by now"),
    "resolved_of": ("已化解件数（共{n}件）", "Cases resolved (of {n})"),
    "value_this_period": ("本期累计值", "Value to date"),
    "milestones": ("时间节点", "Milestones"),
    "planned_by": ("计划", "due "),
    "completed_on": ("已于{on}完成", "reached on {on}"),
    "mark_done": ("本期已完成", "reached this period"),
    "not_a_milestone": ("不是本任务的时间节点", "is not a milestone of this task"),
    "progress": ("工作进展", "Progress"),
    "problems": ("存在问题", "Problems"),
    "next_steps": ("下步计划", "Next steps"),
    "submit": ("报送", "Submit"),
    "submitted": ("已报送，专班将审核。", "Submitted; the task force will review it."),
    "history": ("本单位的报送记录", "The unit's reports"),
    "revision": ("版本", "Revision"),
    "submitted_on": ("报送日期", "Submitted on"),
    "no_history": ("尚无报送记录。", "No report yet."),
    "state.submitted": ("已报送", "submitted"),
    "state.returned": ("已退回", "returned"),
    "state.accepted": ("已采纳", "accepted"),
    "state.none": ("未报送", "not yet"),
    "form_errors": ("表单有误，请按提示修改。", "The form has mistakes; see the notes."),
    "required": ("必填", "required"),
    "not_number": (
        "请填写半角阿拉伯数字（如 12 或 12.5）",
        "write a number in ASCII digits (such as 12 or 12.5)",
    ),
    "not_utf8": (
        "含有无法识别的字符（不是有效的UTF-8编码）",
        "holds bytes that are not valid UTF-8 text",
    ),
    "no_open_period": ("该任务目前没有可报送的期。", "No period of this task is open."),
    "forbidden": ("无权访问", "Not allowed"),
    "not_found": ("未找到", "Not found"),
    "error": ("出错了", "Something went wrong"),
    "back_home": ("返回首页", "Back to the start"),
    "welcome": ("欢迎", "Welcome"),
    "welcome_note": (
        "您角色的页面正在建设中；可先通过接口文档查看数据。",
        "The pages of your role are being built; meanwhile the API documents show the data.",
    ),
    "admin": ("用户管理", "Users"),
    # The header's menu (api/web/nav.py): its groups, and the account's own links beside it.
    "nav_menu": ("页面", "Pages"),
    "nav_daily": ("日常", "Daily work"),
    "nav_year": ("年终与记录", "Year end and records"),
    "nav_admin": ("管理", "Administration"),
    "nav_summary": ("汇总表", "Status summary"),
    "nav_account": ("账户", "Account"),
    "users": ("用户", "Users"),
    "display_name": ("姓名", "Display name"),
    "unit": ("单位", "Unit"),
    "role": ("角色", "Role"),
    "create_user": ("新建用户", "Create a user"),
    "create": ("创建", "Create"),
    "change_role": ("修改角色", "Change role"),
    "reset_password": ("重置密码", "Reset password"),
    "new_password_is": ("新密码（仅显示一次）：", "The new password (shown once):"),
    "tokens": ("接口令牌", "API tokens"),
    "issue_token": ("签发令牌", "Issue a token"),
    "label": ("用途", "Label"),
    "revoke": ("吊销", "Revoke"),
    "token_is": ("新令牌（仅显示一次，请妥善保存）：", "The new token (shown once; keep it safe):"),
    "locked_until": ("锁定至", "Locked until"),
    "unlock": ("解锁", "Unlock"),
    "save": ("保存", "Save"),
    "done": ("已完成。", "Done."),
    "shape.count": ("数量", "count"),
    "shape.rate": ("比率", "rate"),
    "shape.checklist": ("销项", "check list"),
    "shape.recurring": ("次数", "recurring"),
    "shape.reduce": ("削减", "reduction"),
    "shape.milestones": ("节点", "milestones"),
}


def pick(lang: str | None) -> str:
    return lang if lang in LANGS else "zh"


def translate(key: str, lang: str, **values: object) -> str:
    zh, en = STRINGS[key]
    text = en if lang == "en" else zh
    return text.format(**values) if values else text


def bilingual_half(message: str, lang: str) -> str:
    """A bilingual domain message ("中文 / English") in the page's language."""
    if " / " not in message:
        return message
    zh, _, en = message.partition(" / ")
    if not _CJK.search(zh):
        return message
    return en if lang == "en" else zh


def day(value: date | None, lang: str) -> str:
    if value is None:
        return "—"
    if lang == "en":
        return value.strftime("%-d %b %Y")
    return f"{value.year}年{value.month}月{value.day}日"


def workdays(count: int | None, lang: str) -> str:
    """Working days left until a due date: 3 → 剩3个工作日; 0 → 今天截止; <0 → 逾期。"""
    if count is None:
        return "—"
    if lang == "en":
        if count < 0:
            return f"{-count} working days late"
        return "due today" if count == 0 else f"{count} working days left"
    if count < 0:
        return f"已逾期{-count}个工作日"
    return "今天截止" if count == 0 else f"还剩{count}个工作日"


def figure(value: float | Decimal | None, unit: str = "") -> str:
    """A figure with its unit: 180 个, 92.5%."""
    if value is None:
        return "—"
    text = f"{Decimal(str(value)).normalize():f}"
    if unit in ("%", "％"):
        return f"{text}%"
    return f"{text} {unit}".strip()


def period(text: str, lang: str) -> str:
    year, _, month = text.partition("-")
    return f"{year}-{month}" if lang == "en" else f"{year}年{int(month)}月"


# The pages' strings beside these, each part's in its own module: (module, table).
PAGE_STRINGS = (
    ("i18n_pages", "PAGES"),
    ("i18n_past", "PAST"),
    ("i18n_dashboards", "DASHBOARDS"),
    ("i18n_form", "FORM"),
    ("i18n_year", "YEAR_END"),
    ("i18n_imports", "IMPORTS"),
)


def _take_in_the_pages() -> None:
    for module, name in PAGE_STRINGS:
        table: dict[str, tuple[str, str]] = getattr(
            importlib.import_module(f"api.web.{module}"), name
        )
        clash = STRINGS.keys() & table.keys()
        assert not clash, f"keys defined twice in {module}: {sorted(clash)}"
        STRINGS.update(table)


_take_in_the_pages()
