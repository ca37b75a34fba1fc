"""The benchmark suite runs end to end at its smallest size and prints a row for each measure.

No timing is asserted (ratios are for people to read); only that every benchmark asked for ran
and said something. The portfolio is generated afresh into a template of this test's own.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench import __main__ as suite
from bench import stores
from bench.table import Row


@pytest.fixture
def own_cache(
    postgres_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[str]:
    """The suite's cached portfolio under a name and in a folder of this test's own."""
    name = f"xiuhua_bench_test_{uuid.uuid4().hex[:8]}"
    monkeypatch.setattr(stores, "template_name", lambda size: name)
    monkeypatch.setattr(stores, "CACHE", tmp_path)
    yield name
    stores.admin(f'DROP DATABASE IF EXISTS "{name}_building" WITH (FORCE)')
    stores.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_the_suite_prints_a_row_for_every_benchmark_it_ran(own_cache: str) -> None:
    printed: list[str] = []
    rows = suite.main(
        ["--size", "tiny", "--only", "rebuild,rebuild-sqlite,steps,as-of"],
        out=printed.append,
    )
    by_measure: dict[str, Row] = {r.measure: r for r in rows}
    generated = by_measure["portfolio generation"]
    assert 1_500 < float(generated.note.split()[0]) < 4_000  # events written: the tiny size
    for measure in ("rebuild (postgres)", "rebuild (sqlite)"):
        row = by_measure[measure]
        assert row.value > 0 and row.baseline and row.baseline > 0 and row.passed is not None
    step_rows = [r for r in rows if r.measure.startswith("overdue action per task")]
    assert len(step_rows) == 2 and all(r.ratio is not None for r in step_rows)
    as_of = by_measure["as of D (24 cuts), built and read, p50"]
    assert as_of.value > 0 and as_of.baseline and as_of.baseline > 0
    assert by_measure["as of D, slowest of 24 cuts"].passed is not None
    table = "\n".join(printed)
    assert "measure" in table and "rebuild (postgres)" in table and "ratio" in table


def test_an_unknown_benchmark_is_refused_by_name() -> None:
    with pytest.raises(SystemExit):
        suite.parse(["--only", "rebuild,nonsense"])
