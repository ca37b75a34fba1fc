"""Indicators suggested from a task's text, for a coordinator to accept, edit or drop when a
task decomposition table has no indicator columns. Pure: no I/O, no clock (the plan year is
passed in).

What is read, and nothing else (a text with none of these gets no suggestion):

- a rate: "整改率达到100%", "619件信访投诉化解率达到90%以上" (rate 90% of a case load of 619 件),
  "分类达标率 95% 以上"; the name ends in 率 and a figure in % follows it;
- a count after a target verb or bound: "新增180个共享停车位", "完成雨污混接混排改造1076处",
  "创建至少三十个示范小区", "不少于8次专项执法" (times: a recurring action), "累计改造 7.6 万户";
- a recurring action: "每月开展一次联合检查" (12 times a year), "每季度召开一次例会" (4);
- a deadline: "6月底前" (June 30 of the plan year), "到 2026 年底", "三季度末".

A ceiling ("控制在5%以下", "不超过") is not suggested: bringing a value down needs the baseline a
text does not give. Figures past what a report may hold (10^12, four decimals) are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.values import Attribute, Indicator, Shape, number_problem
from domain.wording import CN, deadlines, figure

MAX_TEXT = 32_767  # a spreadsheet cell's limit: a longer text is read that far
MAX_SUGGESTIONS = 12
HUNDRED = Decimal(100)

_CJK = "\u4e00-\u9fff"
_NUM = rf"(?<![0-9.,A-Za-z])(?P<num>[0-9][0-9,]{{0,18}}(?:\.[0-9]{{1,6}})?|[{CN}]{{1,6}})"
# Measure words, longest first so 平方米 is not read as 米.
_UNITS = sorted(
    (  # noqa: SIM905 - a list of words reads best as words
        "平方公里 平方米 公里 千米 人次 户次 车次 个 处 件 条 台 辆 座 家 名 人 项 所 套 根 盏 "
        "组 次 场 轮 批 栋 幢 间 亩 吨 只 块 张 宗 起 户 棵 株 米 份 公顷"
    ).split(),
    key=len,
    reverse=True,
)
_QUANTITY = re.compile(rf"{_NUM}\s*(?P<scale>万|亿)?\s*(?P<unit>{'|'.join(_UNITS)})")
_RATE = re.compile(
    r"率\s*(?P<verb>均?(?:达到|达|提升至|提升到|提高至|提高到|保持在|稳定在|不低于|不少于|至少|为|"
    r"≥|>=|>)?)\s*(?P<num>[0-9]{1,3}(?:\.[0-9]{1,4})?)\s*%\s*(?P<more>(?:及)?以上)?"
)
_LOAD = re.compile(
    rf"(?<![0-9.,])(?P<num>[0-9][0-9,]{{0,12}})\s*(?P<scale>万)?\s*(?P<unit>件|个|处|项|户|家|条|台|宗|起)"
    rf"\s*(?P<name>[{_CJK}“”]+率)$"
)
_EVERY = re.compile(
    rf"每(?P<per>月|季度|季|周|半年|年)(?P<mid>[{_CJK}]{{0,8}}?)"
    rf"(?P<num>[0-9]{{1,2}}|[一二两三四五六七八九十])\s*次(?P<name>[{_CJK}“”]{{0,12}})"
)
_PER_YEAR = {"月": 12, "季度": 4, "季": 4, "周": 52, "半年": 2, "年": 1}
_VERBS = (  # noqa: SIM905 - a list of words reads best as words
    "新增 新建 建成 建设 完成 创建 改造 整治 打造 实施 安装 配置 更新 拆除 累计 推进 开展 评估 "
    "增加 设置 培育 实现 化解 处置 治理 整改 销项 覆盖 提供 举办 疏浚 轮疏 种植 栽植 修缮 "
    "消除 排查 新辟 增设 达到 不少于 至少 超过 不低于 建造"
).split()
_CEILING = ("不超过", "不高于", "不大于", "低于", "少于", "控制在", "以内", "以下", "≤", "<")
_STOP = re.compile(r"[，,。；;：:（）()\[\]【】!！?？\n]")  # what ends the clause a verb governs
_NAME_END = re.compile(rf"[^{_CJK}“”A-Za-z0-9 ]|[和及与等的]| (?=[0-9])|  ")
_LEAD_WORDS = re.compile(
    r"^.*(?:全区|全市|全镇|全街道|辖区内?|确保|保持|力争|其中|进一步|持续|不断|逐步|实现|"
    r"达到|完成|推进|提高|提升|的|[年月]底前?|年内|季度末)"
)
_TAIL_WORDS = ("工作", "任务", "以上", "左右")
_AFTER_STOPS = ("全部", "进行", "基本", "达到", "实现", "完成", "建设", "创建", "并", "全面")
_FILLERS = re.compile(r"(?:约|近|共|计|总计|达到|达|为|累计|至少|不少于|超过|不低于)+$")
RECURRING_UNITS = {"次", "场", "轮", "人次", "车次", "户次"}


@dataclass(frozen=True)
class Suggestion:
    """One indicator read from a task's text, and the words it was read from."""

    shape: Shape  # count, rate or recurring
    name: str
    unit: str  # "%" for a rate
    target: Decimal
    at_least: bool  # written "不少于", "以上", "≥": the target is a floor
    case_load: Decimal | None = None  # a rate over a known number of cases: 619
    case_unit: str = ""  # what the case load counts: 件
    deadline: date | None = None
    source: str = ""  # the words read

    def indicator(self, code: str, year: int) -> Indicator:
        """The indicator as the domain holds it: expected (预期性), from 0, due by the deadline
        (else the year's end); the coordinator edits what the text could not say."""
        return Indicator(
            code=code,
            name=self.name,
            unit=self.unit,
            baseline=Decimal(0),
            target=self.target,
            attribute=Attribute.EXPECTED,
            deadline=self.deadline or date(year, 12, 31),
            shape=self.shape,
            case_load=self.case_load,
        )


@dataclass(frozen=True)
class Suggestions:
    indicators: tuple[Suggestion, ...]
    deadline: date | None  # the latest deadline the text names: the task's own


def fold(text: str) -> str:
    """NFKC (full-width digits and ％ become ASCII), lone surrogates dropped, cut to MAX_TEXT."""
    text = text[:MAX_TEXT] if isinstance(text, str) else ""
    text = "".join(ch for ch in text if not 0xD800 <= ord(ch) <= 0xDFFF)
    return unicodedata.normalize("NFKC", text)


def suggest(text: str, year: int) -> Suggestions:
    """The indicators `text` states, in the order written, and the deadline it names."""
    text = fold(text)
    found: list[tuple[int, Suggestion]] = []
    taken: list[range] = []
    for start, suggestion, span in (*_rates(text), *_recurring(text)):
        found.append((start, suggestion))
        taken.append(span)
    for start, suggestion, span in _counts(text, taken):
        found.append((start, suggestion))
        taken.append(span)
    dated = deadlines(text, year)
    sentences = [m.end() for m in re.finditer(r"[。；;\n]", text)]
    kept = [
        _dated(s, start, dated, sentences)
        for start, s in sorted(found, key=lambda f: f[0])
        if number_problem(s.target) is None
        and (s.case_load is None or number_problem(s.case_load) is None)
    ]
    latest = max((d for _, d in dated), default=None)
    return Suggestions(tuple(kept[:MAX_SUGGESTIONS]), latest)


def _dated(s: Suggestion, at: int, dated: list[tuple[int, date]], ends: list[int]) -> Suggestion:
    """The deadline of the suggestion's own sentence, else the text's only one."""
    first = max((e for e in ends if e <= at), default=0)
    last = min((e for e in ends if e > at), default=len(dated) and 10**9)
    own = [d for where, d in dated if first <= where < last]
    distinct = {d for _, d in dated}
    day = own[-1] if own else (next(iter(distinct)) if len(distinct) == 1 else None)
    return Suggestion(**{**vars(s), "deadline": day})


def _unquoted(name: str) -> str:
    return re.sub("[“”\"']", "", name)


def _clean(name: str) -> str:
    name = _LEAD_WORDS.sub("", name)
    for tail in _TAIL_WORDS:
        name = name.removesuffix(tail)
    return name.strip("“”\"' ")


def _rates(text: str) -> list[tuple[int, Suggestion, range]]:
    found = []
    for m in _RATE.finditer(text):
        after = text[m.end() : m.end() + 3]
        if after.startswith(("以下", "以内")) or any(c in m["verb"] for c in _CEILING):
            continue
        back = m.start()
        while back > 0 and m.start() - back < 16 and re.match(rf"[{_CJK}“”]", text[back - 1]):
            back -= 1
        name = _clean(text[back : m.start() + 1])
        load = _LOAD.search(text[max(0, back - 24) : m.start() + 1])
        case_load = case_unit = None
        start = back
        if load:
            case_load = figure(load["num"], load["scale"] or "")
            case_unit = load["unit"]
            name = _clean(load["name"])
            start = m.start() + 1 - len(load[0])
        target = Decimal(m["num"])
        if len(name) < 2 or target > HUNDRED:
            continue
        suggestion = Suggestion(
            Shape.RATE, name, "%", target, bool(m["more"]) or bool(m["verb"].strip("均达到为")),
            case_load, case_unit or "", None, text[start : m.end()],
        )  # fmt: skip
        found.append((start, suggestion, range(start, m.end())))
    return found


def _recurring(text: str) -> list[tuple[int, Suggestion, range]]:
    found = []
    for m in _EVERY.finditer(text):
        times = figure(m["num"])
        if times is None or times <= 0:
            continue
        name = _name_from(m["name"]) or _clean(m["mid"]) or "行动"
        target = times * _PER_YEAR[m["per"]]
        suggestion = Suggestion(Shape.RECURRING, name, "次", target, True, source=m[0])
        found.append((m.start(), suggestion, range(m.start(), m.end())))
    return found


def _name_from(text: str) -> str:
    """The name written after a figure: "个共享停车位，" → 共享停车位; none when another figure
    follows ("12 处 13 万平方米")."""
    text = text.lstrip()
    if text[:1].isdigit():
        return ""
    cut = _NAME_END.search(text)
    name = (text[: cut.start()] if cut else text).replace(" ", "")
    verb = min((name.find(v) for v in _AFTER_STOPS if name.find(v) >= 2), default=len(name))
    name = name[:verb]  # 规划保留村全部达到… → 规划保留村
    for tail in _TAIL_WORDS:
        name = name.removesuffix(tail)
    return name[:16]


def _name_before(clause: str) -> str:
    """The name written before a figure: "完成雨污混接混排改造" → 雨污混接混排改造 (after the
    last verb or 、), fillers such as 约 or 至少 left out."""
    words = re.search(rf"[{_CJK}“”]+$", re.split("[、和及与]", clause)[-1].rstrip())
    name = _FILLERS.sub("", words[0] if words else "")
    # After the last verb that leaves a name of 3 characters or more: 建成感知前端 → 感知前端,
    # 实施旧住房综合改造 → 旧住房综合改造; 累计改造 stays whole.
    ends = [m.end() for v in _VERBS for m in re.finditer(v, name) if len(name) - m.end() >= 3]
    return name[max(ends, default=0) :][-16:]


def _counts(text: str, taken: list[range]) -> list[tuple[int, Suggestion, range]]:
    quantities = [m for m in _QUANTITY.finditer(text) if not any(m.start() in r for r in taken)]
    found = []
    for k, m in enumerate(quantities):
        if m["num"][0] in CN and not (set(m["num"]) & set("十百千")):
            continue  # 一个, 两项: words, not targets; 三十个 is a figure
        clause_start = max(0, m.start() - 80)
        stop = list(_STOP.finditer(text, clause_start, m.start()))
        clause = text[stop[-1].end() if stop else clause_start : m.start()]
        before = text[max(0, m.start() - 4) : m.start()].replace("不少于", "").replace("不低于", "")
        if text[m.start() - 1 : m.start()] in ("第", "“") or any(c in before for c in _CEILING):
            continue  # an ordinal, a slogan ("10个无") or a ceiling
        verb = max((clause.rfind(v) + len(v) for v in _VERBS if v in clause), default=-1)
        if verb < 0:
            continue
        value = figure(m["num"], m["scale"] or "")
        if value is None or value <= 0:
            continue
        name = _unquoted(_name_from(text[m.end() : m.end() + 24]))
        nxt = quantities[k + 1] if k + 1 < len(quantities) else None
        if not name and nxt and not text[m.end() : nxt.start()].strip():
            name = _unquoted(_name_from(text[nxt.end() : nxt.end() + 24]))
        if not name:
            name = _unquoted(_clean(_name_before(clause)))
        if not name:
            continue
        unit = m["unit"]
        shape = Shape.RECURRING if unit in RECURRING_UNITS else Shape.COUNT
        floor = (
            any(w in clause[-6:] for w in ("不少于", "至少", "超过", "不低于"))
            or text[m.end() : m.end() + 2] == "以上"
        )
        start = m.start()
        found.append(
            (start, Suggestion(shape, name, unit, value, floor, source=text[start : m.end()]),
             range(start, m.end()))
        )  # fmt: skip
    return found
