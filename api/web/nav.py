"""The header's menu: each page a role may open, in two groups, the day's work (日常) and the
year's end and the record (年终与记录), plus the administrator's own.

Each link carries the access rule of the route it opens (tests/api/test_nav_menu.py checks it is
the route's own), so a role is shown exactly the links it may follow: the menu cannot offer a
page that answers 403, nor hide one a role may open. Pages that need a campaign or a task
(meetings, a campaign's decision, the year-end report) are reached from the battle map and the
scores page, not from here.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.access import (
    ADMIN,
    COORDINATOR,
    LEAD_UNIT,
    READER_OR_LEAD_UNIT,
    SIGNED_IN,
    TASK_FORCE_READERS,
    UNIT_MEMBER,
    Rule,
)
from api.auth import Role


@dataclass(frozen=True)
class Link:
    href: str
    key: str  # its words in the i18n tables
    rule: Rule  # the access rule of GET `href`


@dataclass(frozen=True)
class Group:
    key: str
    links: tuple[Link, ...]


MENU = (
    Group(
        "nav_daily",
        (
            Link("/inbox", "inbox", LEAD_UNIT),
            Link("/support", "support", UNIT_MEMBER),
            Link("/battle-map", "battle_map", SIGNED_IN),
            Link("/reviews", "reviews", TASK_FORCE_READERS),
            Link("/dashboards", "dashboards", READER_OR_LEAD_UNIT),
            Link("/status-summary", "nav_summary", TASK_FORCE_READERS),
            Link("/imports", "imp_nav", COORDINATOR),
        ),
    ),
    Group(
        "nav_year",
        (
            Link("/scores", "scores", TASK_FORCE_READERS),
            Link("/packs", "packs", TASK_FORCE_READERS),
            Link("/changes", "changes", TASK_FORCE_READERS),
            Link("/audit", "audit", TASK_FORCE_READERS),
        ),
    ),
    Group("nav_admin", (Link("/admin/users", "admin", ADMIN),)),
)


def menu(role: Role) -> list[Group]:
    """The groups with a link `role` may follow, each with only those links. A page a role
    may open only for its own task (a scoped rule) needs a task, so is never in the menu."""
    shown = [Group(g.key, tuple(k for k in g.links if k.rule.allows(role))) for g in MENU]
    return [g for g in shown if g.links]


def current(path: str, href: str) -> bool:
    """Whether the page at `path` is the link's own or one under it (/packs/…, /imports/…)."""
    return path == href or path.startswith(href.rstrip("/") + "/")
