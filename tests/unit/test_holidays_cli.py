"""`xiuhua load-holidays` on a real store: a year's official arrangement from JSON becomes the
calendar's, and a refused file stores nothing."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from domain.application import Xiuhua
from domain.holidays import HOLIDAY_BOOK_ID
from infra.launch.cli import main


@pytest.fixture
def cli_env(store_env: dict[str, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for key, value in store_env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("XIUHUA_DATA_DIR", str(tmp_path / "data"))


def arrangement(path: Path, year: int, holidays: list[str], workdays: list[str]) -> Path:
    source = "国务院办公厅关于部分节假日安排的通知"
    data = {"year": year, "source": source, "holidays": holidays, "workdays": workdays}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_the_cli_loads_a_years_holidays_and_make_up_workdays_into_the_store(
    cli_env: None, store_env: dict[str, str], tmp_path: Path
) -> None:
    path = arrangement(tmp_path / "2093.json", 2093, ["2093-10-01"], ["2093-09-27"])

    assert main(["load-holidays", str(path), "--user", "zhou.admin"]) == 0

    store = Xiuhua(env=store_env)
    try:
        book = store.repository.get(HOLIDAY_BOOK_ID)
        assert book.years[2093].holidays == frozenset({date(2093, 10, 1)})
        assert book.years[2093].workdays == frozenset({date(2093, 9, 27)})
    finally:
        store.close()


def test_the_cli_refuses_a_holiday_outside_its_year_and_stores_nothing(
    cli_env: None, store_env: dict[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = arrangement(tmp_path / "2093.json", 2093, ["2092-10-01"], [])

    with pytest.raises(SystemExit) as refused:
        main(["load-holidays", str(path)])

    assert refused.value.code == 2
    assert capsys.readouterr().err.startswith("xiuhua: holidays: ")
    store = Xiuhua(env=store_env)
    try:
        assert store.recorder.max_notification_id() in (None, 0)
    finally:
        store.close()
