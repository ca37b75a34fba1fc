"""The domain's refusals a page user can meet, in Chinese on Chinese pages.

Many of the domain's refusals are written in English only (domain/ stays as it is, and the JSON
API answers them as they are). Each message a page can show is matched here whole against a
pattern and said in Chinese; what it quotes (a period, a day, a code, a unit) is carried over,
periods and days written the Chinese way. A message with no pattern is shown as it is.
"""

from __future__ import annotations

import re
from datetime import date

from domain.errors import DomainError

_PERIOD = r"\d{4}-\d{2}"
_DAY = r"\d{4}-\d{2}-\d{2}"

# The words a refusal carries over from the record, in Chinese.
STATES = {
    "submitted": "已报送",
    "returned": "已退回",
    "accepted": "已采纳",
    "not submitted": "尚未报送",
}
PHASES = {
    "draft": "尚未启动",
    "running": "进行中",
    "assessing": "处于年终评估",
    "concluded": "已结束",
}

PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p), zh)
    for p, zh in (
        # the report form
        (
            rf"the report for (?P<period>{_PERIOD}) is already accepted",
            "{period}的报告已采纳，不能再报送",
        ),
        (
            rf"a report for (?P<period>{_PERIOD}) is waiting for review",
            "{period}的报告正在等待专班审核，审核前不能再报送",
        ),
        ("is not an indicator of this task", "不是本任务的指标"),
        (r"'(?P<code>.*)' is not a milestone of this task", "“{code}”不是本任务的时间节点"),
        (rf"'(?P<code>.*)' was completed on (?P<day>{_DAY})", "“{code}”已于{day}完成"),
        ("must be a whole number of cases", "须为整数件数"),
        (r"only (?P<n>\d+) cases are on the list", "清单上共{n}件，已化解件数不能超过此数"),
        ("is tracked by the task's milestones, not reported", "按时间节点跟踪，无需填报数值"),
        (r"'(?P<code>.*)' is not a rate over a known case load", "“{code}”不是按件数计算的比率"),
        ("must not be empty", "必填，不能为空"),
        (r"is (?P<n>\d+) characters; at most (?P<m>\d+) allowed", "共{n}个字符，超过上限{m}个"),
        (r"(?P<n>\d+) files; at most (?P<m>\d+) a report", "共{n}个文件，每期报告最多附{m}个"),
        ("give the file a name of 1-200 characters", "文件名须为1至200个字符"),
        ("is not a SHA-256 in lowercase hex", "不是有效的文件摘要（SHA-256）"),
        ("the campaign has not been launched", "专项行动尚未启动，不能报送"),
        ("the campaign has concluded; it takes no more reports", "专项行动已结束，不再接收报告"),
        (
            rf"(?P<period>{_PERIOD}) is outside the campaign \((?P<first>{_PERIOD}) to "
            rf"(?P<last>{_PERIOD})\)",
            "{period}不在专项行动期内（{first}至{last}）",
        ),
        (rf"(?P<period>{_PERIOD}) has not begun yet", "{period}尚未开始，不能报送"),
        (r"no task .*", "没有这个任务"),
        (
            "the record kept changing under this command; try again",
            "数据正被他人同时修改，未能保存，请重试",
        ),
        # the review queue
        (r"a returned report must say why \(退回原因\)", "退回报告须填写退回原因"),
        (
            rf"the report for (?P<period>{_PERIOD}) is (?P<state>[a-z ]+), not awaiting review",
            "{period}的报告{state}，不在待审核状态",
        ),
        # supervision
        ("this task has no open supervision", "该任务目前没有进行中的督导"),
        (r"supervision .* is already open", "该任务已在督导中"),
        ("closing a supervision must say why", "结束督导须填写情况说明"),
        ("opening a supervision must say why", "发起督导须填写督导原因"),
        # a supporting unit's contribution
        (r"the campaign is (?P<phase>[a-z]+): it takes none", "专项行动{phase}，不再接收配合工作"),
        (r"(?P<unit>.+) is not a supporting unit of task (?P<n>.+)", "{unit}不是任务{n}的配合单位"),
        (r"say what the unit did this period \(本期工作\)", "请填写本单位本期配合工作"),
        # meetings and their follow-ups
        (r"the campaign is (?P<phase>[a-z]+): no meetings", "专项行动{phase}，不能再记录会议"),
        (
            rf"a meeting is recorded once held; (?P<day>{_DAY}) is after (?P<today>{_DAY})",
            "会议召开后才能记录：{day}晚于今天（{today}）",
        ),
        (r"name who attended \(参会单位或人员\)", "请填写参会单位或人员"),
        (r"(?P<n>\d+) items; at most (?P<m>\d+)", "共{n}项，最多{m}项"),
        (r"'(?P<code>.*)' is given twice", "编号“{code}”重复"),
        ("say what is to be done", "请填写督办事项"),
        ("name the unit that owes it", "请填写责任单位"),
        ("must fall after the meeting", "须晚于会议召开日期"),
        (
            r"'(?P<code>.*)' is not a follow-up of meeting (?P<n>.*)",
            "“{code}”不是会议{n}的督办事项",
        ),
        (rf"'(?P<code>.*)' was done on (?P<day>{_DAY})", "“{code}”已于{day}办结"),
        (r"say what was done \(办理情况\)", "请填写办理情况"),
        (r"no meeting .*", "没有这个会议"),
        # a campaign, its plan and its launch
        (r"no campaign .*", "没有这个专项行动"),
        ("there is no campaign to define", "没有可定义的专项行动"),
        (r"a campaign with code '(?P<code>.*)' already exists", "编号为“{code}”的专项行动已存在"),
        (r"campaign code '(?P<code>.*)' appears twice", "专项行动编号“{code}”重复"),
        (r"must fall in the campaign year (?P<year>\d+)", "须在专项行动年度（{year}年）内"),
        ("a campaign needs at least one task", "专项行动至少要有一项任务"),
        ("a campaign needs at least one task to launch", "专项行动至少要有一项任务才能启动"),
        (r"task number (?P<n>.+) appears twice", "任务序号“{n}”重复"),
        ("the campaign already has a task with this number", "本专项行动已有相同序号的任务"),
        (r"the campaign is already (?P<phase>[a-z]+)", "专项行动{phase}，不能再次启动"),
        ("the campaign has concluded", "专项行动已结束"),
        ("a task needs at least one lead unit", "每项任务至少要有一个牵头单位"),
        ("a task's number cannot change", "任务序号不能更改"),
        ("an amendment must say why", "调整计划须说明原因"),
        ("must be present and unique within the task", "须填写，且在本任务内不能重复"),
        ("baseline and target must not be negative", "基线值和目标值不能为负数"),
        ("must be a positive number of cases or items", "须为大于0的件数或项数"),
        ("a rate cannot exceed 100%", "比率不能超过100%"),
        ("plan points must be in month order", "计划值须按月份先后排列"),
        ("must not be negative", "不能为负数"),
        # the reporting policy
        ("must be a day between 1 and 28", "须为每月1日至28日中的一天"),
        ("each must be between 1 and 20 days", "每项须在1至20天之间"),
        ("must be between 1 and 60 days", "须在1至60天之间"),
        ("must be between 1 and 12", "须在1至12之间"),
        # units and groups
        (
            r"'(?P<unit>.*)' is not a registered unit or group, nor listed as new",
            "“{unit}”不是已登记的单位或单位组，也未列为新增单位",
        ),
        (r"'(?P<name>.*)' is already registered", "“{name}”已登记"),
        (r"'(?P<name>.*)' is not a registered unit", "“{name}”不是已登记的单位"),
        (r"'(?P<name>.*)' is not a registered group", "“{name}”不是已登记的单位组"),
        (r"'(?P<alias>.*)' already names '(?P<owner>.*)'", "“{alias}”已用于指代“{owner}”"),
        # the holiday calendar
        (rf"(?P<day>{_DAY}) is not in (?P<year>\d+)", "{day}不在{year}年内"),
        (
            "a day cannot be both a holiday and a working day",
            "同一天不能既是节假日又是调休工作日",
        ),
        ("name the notice the arrangement comes from", "请填写节假日安排所依据的通知"),
        # frozen packs
        (r"name the pack \(e\.g\. 第二季度推进会\)", "请填写会议材料名称（如：第二季度推进会）"),
        ("give the time zone", "请注明时区"),
        ("a pack is frozen at a moment already past", "会议材料只能按已经过去的时间封存"),
        # the year-end assessment and its rubric
        (
            r"no assessment is open for (?P<year>\d+) \(campaign is (?P<phase>[a-z]+)\)",
            "{year}年度不在年终评估中（专项行动{phase}）",
        ),
        (r"(?P<year>\d+) was already assessed", "{year}年度已评估，不能重复评估"),
        (r"(?P<year>\d+) has not been assessed", "{year}年度尚未评估"),
        (r"the campaign did not run in (?P<year>\d+)", "专项行动在{year}年度未实施"),
        ("must be between 0 and 100", "须在0到100之间"),
        ("must lie between 0 and 100", "须在0到100之间"),
        ("the decision must give its reasons", "年终决定须写明理由"),
        ("a qualitative score must give its reason", "定性评分须写明理由"),
        (r"give each of (?P<parts>.+), and only those", "须给出且只给出以下各项：“{parts}”"),
        ("must be a number of points, 0 or more", "须为不小于0的分值"),
        (r"add up to (?P<n>.+), not 100", "各项分值合计须为100，现为{n}"),
        ("must be a share between 0 and 1", "须为0到1之间的比例"),
        (
            "from the highest score down to a last one from 0",
            "评级须按分数线从高到低排列，最后一档从0分起",
        ),
    )
]

# The form fields a refusal may name, as the pages label them.
FIELDS = {
    "name": "用户名",
    "password": "密码",
    "display_name": "姓名",
    "unit": "单位",
    "role": "角色",
    "label": "用途",
    "token_id": "令牌",
    "reason": "原因",
    "note": "说明",
    "period": "报送期",
    "progress": "工作进展",
    "problems": "存在问题",
    "next_steps": "下步计划",
    "text": "本期配合工作",
    "evidence": "佐证材料",
    "milestone": "时间节点",
    "campaign": "专项行动",
    "supervision": "督导",
    "held_on": "召开日期",
    "title": "会议名称",
    "attendees": "参会单位或人员",
    "decisions": "议定事项",
    "follow_ups": "督办事项",
    "code": "督办事项",
    "task": "任务",
    "task_id": "任务",
    "meeting_id": "会议",
    "version": "数据",
    "actuals": "指标",
    "resolved": "指标",
    "figures": "指标",
    "score": "评分",
    "rating": "评级",
    "rationale": "决定理由",
    "year": "年度",
    "cut": "截止时间",
    "source": "依据通知",
    "holidays": "节假日",
    "workdays": "调休工作日",
    "tasks": "任务",
    "campaigns": "专项行动",
    "start_period": "起始报送期",
    "aliases": "别名",
    "members": "成员单位",
    "weights": "分值",
}


def _period(text: str) -> str:
    year, _, month = text.partition("-")
    return f"{year}年{int(month)}月"


def _day(text: str) -> str:
    d = date.fromisoformat(text)
    return f"{d.year}年{d.month}月{d.day}日"


def _carried(name: str, value: str) -> str:
    if name in ("period", "first", "last"):
        return _period(value)
    if name in ("day", "today"):
        return _day(value)
    if name == "state":
        return STATES.get(value, value)
    if name == "phase":
        return PHASES.get(value, value)
    return value


def in_chinese(message: str) -> str | None:
    """The refusal in Chinese, or None when it is not one the pages know."""
    for pattern, zh in PATTERNS:
        found = pattern.fullmatch(message)
        if found:
            return zh.format(**{k: _carried(k, v) for k, v in found.groupdict().items()})
    return None


def field_label(field: str) -> str:
    """The label of the field a refusal names: evidence.0.name → 佐证材料."""
    return FIELDS.get(field, FIELDS.get(field.split(".")[0], field))


def named(error: DomainError) -> str:
    """A refusal shown above a form rather than next to a field: bilingual (as the pages show
    the domain's messages), each half naming the field it is about."""
    zh_half, _, en_half = error.message.partition(" / ")
    if not en_half or not re.search(r"[\u4e00-\u9fff]", zh_half):
        zh_half, en_half = in_chinese(error.message) or error.message, error.message
    return f"{field_label(error.field)}：{zh_half} / {error.field}: {en_half}"
