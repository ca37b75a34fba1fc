"""Chinese numerals (一 … 九十九) and the numbering plans put before a campaign's name:
一、 （一） 第一 1. — and task numbers as cells hold them (1, 1.0, "1、", "（1）")."""

from __future__ import annotations

import re
import unicodedata

_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5}
_DIGITS |= {"六": 6, "七": 7, "八": 8, "九": 9}
_CN = "〇零一二两三四五六七八九十百"
_NUMERAL = rf"[{_CN}]+|\d+"
_PREFIX = re.compile(
    rf"^(?:\((?P<a>{_NUMERAL})\)|(?P<b>{_NUMERAL})\s*[、.:]|第(?P<c>{_NUMERAL})(?:项|个|部分)?[、.:]?)\s*"
)
_WHOLE = re.compile(rf"^(?:\((?P<a>{_NUMERAL})\)|第?(?P<b>{_NUMERAL})[、.]?)$")


def fold(text: str) -> str:
    """Full-width letters, digits, brackets and punctuation folded (NFKC), ends stripped."""
    return unicodedata.normalize("NFKC", text or "").strip()


def cn_int(text: str) -> int | None:
    """一 -> 1, 十 -> 10, 十一 -> 11, 二十三 -> 23, 一百零五 -> 105, "12" -> 12; else None."""
    if text.isdigit():
        return int(text)
    if not text or any(ch not in _CN for ch in text):
        return None
    total, current = 0, 0
    for ch in text:
        if ch == "百":
            total += (current or 1) * 100
            current = 0
        elif ch == "十":
            total += (current or 1) * 10
            current = 0
        else:
            current = _DIGITS[ch]
    return total + current


def numbered(text: str) -> tuple[int | None, str]:
    """Split "（一）全面建设" / "二、整治" / "第三项 …" into (number, name); (None, text) if
    the text does not start with a number and a separator."""
    folded = fold(text)
    whole = _WHOLE.match(folded)
    if whole:
        return cn_int(whole.group("a") or whole.group("b")), ""
    match = _PREFIX.match(folded)
    if not match:
        return None, folded
    number = cn_int(match.group("a") or match.group("b") or match.group("c"))
    return number, folded[match.end() :].strip()


def task_number(text: str) -> str:
    """A task number as written, without brackets or trailing 、 . : — "（1）" -> "1"."""
    folded = fold(text)
    whole = _WHOLE.match(folded)
    if whole and (whole.group("a") or "").isdigit():
        return whole.group("a")
    return folded.strip("()、.:").strip()


def chinese_numeral(text: str) -> int | None:
    """The number of a cell written only as a Chinese numeral ("一", "（二）", "十一、"), which
    in a 序号 column numbers the campaign, not the task; None for anything else."""
    folded = fold(text)
    whole = _WHOLE.match(folded)
    value = (whole.group("a") or whole.group("b")) if whole else ""
    return cn_int(value) if value and not value.isdigit() else None
