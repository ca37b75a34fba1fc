"""Slots for the measures whose features are not built yet. Each says so in the table until the
feature lands; then its benchmark replaces the row here.

- The battle map (issue 9): its page against a bare endpoint serving the same data.
"""

from __future__ import annotations

import sys

from bench.table import Row, not_built


def battle_map() -> list[Row]:
    print("battle map: not built yet", file=sys.stderr)
    return [not_built("battle map vs bare endpoint", "issue 9")]
