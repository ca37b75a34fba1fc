"""Numbers as plans write them: "≥90%", "不少于8次", "180个", "1.2万", "1,200"; "/" or "—" for
none. A value is a Decimal; its trailing measure word (个, 次, 公里) is kept as a unit hint."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from infra.importer.grid import Value
from infra.importer.numerals import fold

NONE_MARKS = {"/", "-", "—", "——", "–", "无", "暂无", "n/a", "na", "none", "—/—"}
_AT_MOST = ("≤", "<=", "<", "不超过", "不高于", "不大于", "低于", "少于", "控制在", "以内")
_PREFIXES = ("≥", ">=", ">", "不少于", "不低于", "不小于", "至少", "达到", "约", "超过", "大于")
_NUMBER = re.compile(
    r"^(?P<number>[+-]?\d[\d,]*(?:\.\d+)?|[+-]?\.\d+)\s*(?P<scale>万|亿)?\s*(?P<rest>.{0,8})$"
)
_SCALES = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


@dataclass(frozen=True)
class Amount:
    value: Decimal
    unit_hint: str = ""  # the measure word after the number: "个", "%", "万户"
    at_most: bool = False  # written "≤" / "不超过": a ceiling, so the indicator comes down


class NotANumber(ValueError):
    pass


def is_none_mark(text: str) -> bool:
    return fold(text).lower() in NONE_MARKS


def amount(value: Value, unit: str = "") -> Amount | None:
    """The number in a cell; None for an empty cell or a none mark ("/", "—").
    `unit` is the indicator's unit column: "1.2万" is 12000 unless the unit is already 万….
    Raises NotANumber for text that holds no single number."""
    if value is None or isinstance(value, bool | date):
        if value is None:
            return None
        raise NotANumber(str(value))
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
        if not number.is_finite():
            raise NotANumber(str(value))
        return Amount(number)
    text = fold(str(value)).replace(" ", "")
    if not text or text.lower() in NONE_MARKS:
        return None
    at_most = any(text.startswith(p) or text.endswith(p) for p in _AT_MOST)
    for mark in (*_AT_MOST, *_PREFIXES):
        text = text.removeprefix(mark)
    text = text.removesuffix("以内").removesuffix("以上").removesuffix("左右")
    match = _NUMBER.match(text)
    if not match or any(ch.isdigit() for ch in match.group("rest")):
        raise NotANumber(str(value))
    try:
        number = Decimal(match.group("number").replace(",", ""))
    except InvalidOperation:
        raise NotANumber(str(value)) from None
    scale, rest = match.group("scale"), match.group("rest")
    if scale and not fold(unit).startswith(scale):
        number *= _SCALES[scale]
    elif scale:
        rest = scale + rest
    if number == number.to_integral_value():
        number = number.to_integral_value()
    return Amount(number, rest, at_most)
