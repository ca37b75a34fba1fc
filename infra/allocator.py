"""How the C allocator of a serving process gives memory back (glibc's malloc; elsewhere a no-op).

A read of a city's portfolio answers megabytes at a time, and under ten clients the event loop
holds ten copies of such an answer in its write buffers. glibc serves a large block from its own
mapping, returned to the system when freed, but raises that threshold to the size of every such
block freed (up to 32 MiB): after the first large answer, every later one comes from the heap,
which the process then keeps at its high-water mark. Each thread of the pool may also get a heap
of its own. Fixing the threshold and bounding the heaps keeps the process near what it holds.
"""

from __future__ import annotations

import ctypes
import logging
from functools import cache

log = logging.getLogger(__name__)

# mallopt parameters (glibc's malloc.h)
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3
_M_ARENA_MAX = -8

MMAP_THRESHOLD = 256 * 1024  # blocks this large get their own mapping, given back when freed
TRIM_THRESHOLD = 4 * 2**20  # free memory at the top of a heap beyond this goes back at once
ARENA_MAX = 2  # heaps shared by the threads: the GIL serialises them anyway


@cache
def give_back_memory() -> bool:
    """Tune glibc's malloc for a long-running server, once a process; False where the C library
    has no `mallopt` or refuses it."""
    try:
        mallopt = ctypes.CDLL(None).mallopt  # the C library the process already runs on
    except (OSError, AttributeError):  # no mallopt (macOS): nothing to tune
        return False
    mallopt.argtypes, mallopt.restype = [ctypes.c_int, ctypes.c_int], ctypes.c_int
    done = all(
        mallopt(param, value) == 1
        for param, value in (
            (_M_MMAP_THRESHOLD, MMAP_THRESHOLD),
            (_M_TRIM_THRESHOLD, TRIM_THRESHOLD),
            (_M_ARENA_MAX, ARENA_MAX),
        )
    )
    if not done:
        log.warning("the C allocator refused a setting: memory may not be given back")
    return done
