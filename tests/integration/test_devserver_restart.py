"""`xiuhua up` brings its Temporal dev server back when it dies, and says so."""

from __future__ import annotations

import os
import signal
import threading
import time
from pathlib import Path

import pytest

from infra.launch.devserver import DevServer, port_open
from infra.serving import free_port


def test_a_killed_dev_server_is_restarted_and_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = DevServer(tmp_path / "temporal", "127.0.0.1", free_port(), free_port(), "default")
    server.start()
    stop = threading.Event()
    watchdog = threading.Thread(target=server.keep_alive, args=(stop, 0.2), daemon=True)
    watchdog.start()
    try:
        first = server.process
        assert first is not None
        os.killpg(first.pid, signal.SIGKILL)
        deadline = time.monotonic() + 60
        while server.process is first or not port_open(server.host, server.port):
            assert time.monotonic() < deadline, "the dev server was not restarted"
            time.sleep(0.2)
        assert server.process.poll() is None
    finally:
        stop.set()
        watchdog.join(10)
        server.stop()
    said = capsys.readouterr().err
    assert "Temporal dev server exited (code -9); restarting" in said
    assert f"Temporal dev server is back on {server.address}" in said
