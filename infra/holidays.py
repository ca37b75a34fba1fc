"""China's official holiday arrangements from the chinese-calendar package, as pure data.

The package covers only years the State Council has announced; later years fall back to
weekends in domain.calendar until an administrator loads them (Xiuhua.load_holidays).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from functools import cache

import chinese_calendar

from domain.calendar import WorkCalendar, YearArrangement


@cache
def official_calendar() -> WorkCalendar:
    holidays: dict[int, set[date]] = defaultdict(set)
    workdays: dict[int, set[date]] = defaultdict(set)
    for day in chinese_calendar.holidays:
        holidays[day.year].add(day)
    for day in chinese_calendar.workdays:
        workdays[day.year].add(day)
    years = {
        year: YearArrangement(year, frozenset(holidays[year]), frozenset(workdays[year]))
        for year in set(holidays) | set(workdays)
    }
    return WorkCalendar(years)
