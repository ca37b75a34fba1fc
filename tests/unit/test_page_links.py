"""A page never links into /api: a signed-in browser has a session, not a bearer token, and the
API answers it 401 (the year-end report's links did)."""

from __future__ import annotations

from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "api" / "web" / "templates"


def test_no_page_links_into_the_api() -> None:
    found = [
        f"{path.name}:{number}"
        for path in sorted(TEMPLATES.glob("*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if 'href="/api/' in line or "'/api/" in line
    ]
    assert found == []
