"""Numbers and dates as plan texts write them, read without I/O: Arabic or Chinese numerals
(三十 → 30, 一百零五 → 105), a 万 or 亿 after a figure, and deadlines such as "6月底前",
"到 2026 年底", "三季度末", "上半年". The text is expected NFKC-folded (full-width digits and ％
become ASCII); other scripts' digits are not read as figures."""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal, InvalidOperation

CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
CN_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
CN_UNITS = {"十": 10, "百": 100, "千": 1000}
CN = "〇零一二两三四五六七八九十百千"
SCALES = {"万": Decimal(10_000), "亿": Decimal(100_000_000)}


def cn_int(text: str) -> int | None:
    """一 → 1, 十 → 10, 十一 → 11, 三十 → 30, 一百零五 → 105, 两千 → 2000; else None."""
    if not text or len(text) > 8 or any(ch not in CN for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch in CN_UNITS:
            total += (current or 1) * CN_UNITS[ch]
            current = 0
        else:
            current = current * 10 + CN_DIGITS[ch] if current and ch in "〇零" else CN_DIGITS[ch]
    return total + current


def figure(digits: str, scale: str = "") -> Decimal | None:
    """ "1,200" → 1200, "1.2" with 万 → 12000, "三十" → 30; None when it is no figure."""
    if digits and digits[0] in CN:
        whole = cn_int(digits)
        number = Decimal(whole) if whole is not None else None
    else:
        try:
            number = Decimal(digits.replace(",", ""))
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        return None
    if scale:
        number *= SCALES[scale]
    return number.to_integral_value() if number == number.to_integral_value() else number


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


_MONTH = rf"([0-9]{{1,2}}|[{CN}]{{1,3}})"
_DAY = re.compile(r"([0-9]{4})\s*(?:年|-)\s*([0-9]{1,2})\s*(?:月|-)\s*([0-9]{1,2})\s*日?")
_YEAR_MONTH = re.compile(rf"([0-9]{{4}})\s*年\s*{_MONTH}\s*月\s*(?:底|末|前|份)?")
_YEAR_END = re.compile(r"([0-9]{4})\s*年\s*(?:底|末|内|前|年底|年末)")
_MONTH_END = re.compile(rf"(?<![0-9年个每])\s*{_MONTH}\s*月\s*(?:底|末|前|份)")
_QUARTER = re.compile(r"(?:第)?([1-4一二三四])\s*季度\s*(?:末|底|前)")
_WORDS = {"上半年": 6, "下半年": 12, "年底": 12, "年末": 12, "年内": 12}
_WORD = re.compile("|".join(_WORDS))


def deadlines(text: str, year: int) -> list[tuple[int, date]]:
    """Every deadline in `text` with where it starts; a month or quarter without a year is of
    `year`. Dates no calendar has (2026年2月30日, 13月底) and years outside 1900–2199 are left
    out."""
    found: list[tuple[int, date]] = []
    taken: list[range] = []

    def add(match: re.Match[str], make: object) -> None:
        if any(match.start() in r for r in taken):
            return
        try:
            day = make() if callable(make) else None
        except (ValueError, TypeError):
            day = None
        if isinstance(day, date) and 1900 <= day.year < 2200:
            found.append((match.start(), day))
        taken.append(range(match.start(), match.end()))

    for m in _DAY.finditer(text):
        add(m, lambda m=m: date(int(m[1]), int(m[2]), int(m[3])))
    for m in _YEAR_MONTH.finditer(text):
        add(m, lambda m=m: month_end(int(m[1]), _month(m[2])))
    for m in _YEAR_END.finditer(text):
        add(m, lambda m=m: date(int(m[1]), 12, 31))
    for m in _MONTH_END.finditer(text):
        add(m, lambda m=m: month_end(year, _month(m[1])))
    for m in _QUARTER.finditer(text):
        add(m, lambda m=m: month_end(year, 3 * _month(m[1])))
    for m in _WORD.finditer(text):
        add(m, lambda m=m: month_end(year, _WORDS[m[0]]))
    return sorted(found)


def _month(text: str) -> int:
    month = int(text) if text.isdigit() else cn_int(text)
    if month is None or not 1 <= month <= 12:
        raise ValueError(f"no month {text}")
    return month
