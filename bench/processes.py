"""Starting the API, the bare app and `xiuhua up` as processes of their own, waiting until they
answer, reading their memory, and stopping them (only the processes started here)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from pathlib import Path

import httpx

from infra.serving import free_port

ROOT = Path(__file__).resolve().parent.parent


def spawn(args: list[str], env: Mapping[str, str], log: Path) -> subprocess.Popen[bytes]:
    """A child process in its own session, its output in `log`."""
    out = log.open("wb")
    return subprocess.Popen(
        args,
        cwd=ROOT,
        env={**os.environ, **env, "PYTHONPATH": str(ROOT)},
        stdout=out,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )


def python(module: str, *args: str) -> list[str]:
    return [sys.executable, "-m", module, *args]


def wait_until(
    process: subprocess.Popen[bytes],
    url: str,
    ready: Callable[[httpx.Response], bool] = lambda r: r.status_code == 200,
    timeout: float = 120.0,
    log: Path | None = None,
) -> float:
    """Seconds until `url` answers as `ready` says; raises if the process dies or time runs out."""
    started = time.perf_counter()
    deadline = started + timeout
    with httpx.Client(timeout=5) as client:
        while time.perf_counter() < deadline:
            if process.poll() is not None:
                tail = log.read_text(errors="replace")[-2000:] if log else ""
                raise RuntimeError(f"{process.args} exited with {process.returncode}:\n{tail}")
            try:
                if ready(client.get(url)):
                    return time.perf_counter() - started
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
    raise TimeoutError(f"{url} did not become ready within {timeout:.0f} s")


def stop(process: subprocess.Popen[bytes], timeout: float = 30.0) -> None:
    """SIGTERM (the launcher stops its worker and Temporal on it), SIGKILL if it lingers."""
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(10)


def memory_mib(pid: int) -> tuple[float, float]:
    """(resident now, peak resident) of the process, in MiB, from /proc."""
    fields = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, value = line.partition(":")
        fields[key] = value.strip()
    return _kib(fields["VmRSS"]) / 1024, _kib(fields["VmHWM"]) / 1024


def _kib(value: str) -> float:
    return float(value.split()[0])


__all__ = ["free_port", "memory_mib", "python", "spawn", "stop", "wait_until"]
