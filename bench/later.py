"""Slots for the measures whose features are not built yet. Each says so in the table until the
feature lands; then its benchmark replaces the row here.

- "As of D" / "as known on K" (issue 8, item 5): a district year's portfolio answered as it stood
  on a past date, against the live portfolio read of the same bytes. The API for it is the lead's.
- The battle map (issue 9): its page against a bare endpoint serving the same data.
"""

from __future__ import annotations

import sys

from bench.table import Row, not_built


def as_of() -> list[Row]:
    print("as of D / as known on K: not built yet", file=sys.stderr)
    return [not_built("as of D / as known on K", "issue 8 item 5 (no API yet)")]


def battle_map() -> list[Row]:
    print("battle map: not built yet", file=sys.stderr)
    return [not_built("battle map vs bare endpoint", "issue 9")]
