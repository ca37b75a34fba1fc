"""Deadlines (完成时限) as plans write them, each to a date; a month means its last day:
"2026年6月底前" -> 2026-06-30, "6月底前" -> June of the campaign year, "2026年底" -> 2026-12-31,
"2026-09-30", "上半年", "三季度末", "年底前". "长期坚持" or "每月" is no date (None)."""

from __future__ import annotations

import calendar
import re
from datetime import date, datetime

from infra.importer.grid import Value
from infra.importer.numerals import cn_int, fold

_CN = "〇零一二两三四五六七八九十"
_YMD = re.compile(r"(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})")
_YM = re.compile(rf"(\d{{4}})\s*(?:年|[-/.])\s*(\d{{1,2}}|[{_CN}]{{1,3}})\s*(?:月|$|底|末|前)")
_Y = re.compile(r"(\d{4})\s*年?\s*(?:底|末|内|前|年底|年末|$)")
_M = re.compile(rf"(\d{{1,2}}|[{_CN}]{{1,3}})\s*月")
_QUARTER = re.compile(rf"(?:第)?([1-4{_CN}])\s*季度")
_HALF = {"上半年": 6, "下半年": 12, "全年": 12, "年底": 12, "年末": 12, "年内": 12}


def month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def deadline(value: Value, year: int) -> date | None:
    """The date a deadline cell means; `year` (the campaign's) completes a date without one."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) or value is None:
        return None
    text = fold(str(value))
    try:
        return _parse(text, year)
    except ValueError:  # a day or month out of range: 2026-02-30
        return None


def _parse(text: str, year: int) -> date | None:
    if match := _YMD.search(text):
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    if match := _YM.search(text):
        month = cn_int(match.group(2))
        return month_end(int(match.group(1)), month) if month else None
    if match := _Y.search(text):
        return date(int(match.group(1)), 12, 31)
    if match := _M.search(text):
        month = cn_int(match.group(1))
        return month_end(year, month) if month else None
    if match := _QUARTER.search(text):
        quarter = cn_int(match.group(1))
        return month_end(year, quarter * 3) if quarter and quarter <= 4 else None
    for word, month in _HALF.items():
        if word in text:
            return month_end(year, month)
    return None
