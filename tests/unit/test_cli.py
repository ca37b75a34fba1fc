"""The command line refuses bad settings with one clear line, not a traceback."""

from __future__ import annotations

import io
from pathlib import Path

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


def test_create_admin_stores_the_hash_never_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("XIUHUA_DATA_DIR", str(tmp_path))
    monkeypatch.setattr("sys.stdin", io.StringIO("correct-horse-battery\n"))
    assert main(["create-admin", "Root", "--password-stdin"]) == 0
    assert "created administrator root" in capsys.readouterr().out
    stored = (tmp_path / "events.sqlite").read_bytes()
    assert b"correct-horse-battery" not in stored and b"argon2id" in stored
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    with pytest.raises(SystemExit) as refused:
        main(["create-admin", "other", "--password-stdin"])
    assert refused.value.code == 1
