"""The serving process gives large freed blocks back to the system (glibc's malloc tuned)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from infra.allocator import give_back_memory

PROBE = textwrap.dedent(
    """
    from infra.allocator import give_back_memory

    def rss():
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmRSS"):
                    return int(line.split()[1]) // 1024

    assert give_back_memory()
    before = rss()
    held, kept = [], []

    def answer():  # as requests would: an answer of a few MB, then smaller ones, each
        # followed by a small entry some cache keeps for long
        largest = b"x" * 4_000_000  # freed: untuned, glibc serves all below it from the heap
        del largest
        for n in range(300):
            held.append(b"x" * (700_000 + n))
            kept.append(b"k" * (2_000 + n))

    answer()
    grown = rss()
    held.clear()
    print(before, grown, rss())
    """
)


def test_the_allocator_is_tuned_on_this_system() -> None:
    assert give_back_memory() is True  # Debian's glibc, as CI and production run


def test_large_answers_freed_are_given_back_to_the_system() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, check=True, timeout=60
    )
    before, grown, after = (int(n) for n in done.stdout.split())
    assert grown - before > 150  # about 200 MiB held at once
    assert after - before < 20  # and nearly all of it back once freed (untuned: all kept)
