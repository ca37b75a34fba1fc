"""The command line refuses bad settings with one clear line, not a traceback."""

from __future__ import annotations

import pytest

from infra.launch.cli import main


def test_a_bad_persistence_module_is_refused_in_one_line(
    monkeypatch: pytest.MonkeyPatch, tmp_path: object, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("PERSISTENCE_MODULE", "bogus")
    monkeypatch.setenv("XIUHUA_DATA_DIR", str(tmp_path))
    with pytest.raises(SystemExit) as exit_:
        main(["up"])
    assert exit_.value.code == 1
    assert capsys.readouterr().err.strip() == (
        "xiuhua: PERSISTENCE_MODULE must be eventsourcing.sqlite or eventsourcing.postgres"
    )
