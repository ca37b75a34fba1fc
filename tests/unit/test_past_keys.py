"""The walk's keys kept as integers answer as the dates and instants they stand for."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from infra.readmodel.past import Keys, as_number

SHANGHAI = timezone(timedelta(hours=8))


def test_days_and_instants_keep_their_order_as_numbers() -> None:
    days = [date(2026, 1, 1), date(2026, 1, 2), date(2093, 12, 31), date(1, 1, 1)]
    assert sorted(days, key=as_number) == sorted(days)
    at = datetime(2026, 6, 30, 23, 59, 59, 999_999, tzinfo=UTC)
    instants = [
        at,
        at + timedelta(microseconds=1),
        at.astimezone(SHANGHAI),
        at - timedelta(days=400),
    ]
    assert sorted(instants, key=as_number) == sorted(instants)
    assert as_number(at) == as_number(at.astimezone(SHANGHAI))  # one instant, whatever its zone


def test_each_position_answers_its_own_key_and_an_unwalked_one_is_refused() -> None:
    keys = Keys()
    walked = {3: date(2026, 5, 1), 4: date(2026, 4, 30), 9: date(2026, 5, 2)}  # gaps in the log
    for position, day in walked.items():
        keys.add(position, day)
    assert len(keys) == 3
    assert [keys.number(p) for p in walked] == [as_number(d) for d in walked.values()]
    assert list(keys.in_order()) == [as_number(d) for d in walked.values()]
    for missing in (1, 5, 10):
        with pytest.raises(KeyError):
            keys.number(missing)
