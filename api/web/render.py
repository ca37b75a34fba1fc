"""Pages rendered from Jinja2 templates with what every page shows: the user, the language,
the CSRF token of the session, and whether the read model is catching up."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, FileSystemLoader, select_autoescape

from api.auth import User
from api.readiness import CATCHING_UP
from api.web import i18n
from api.web.i18n_form import file_size
from api.web.i18n_refusals import in_chinese
from api.web.nav import current, menu

TEMPLATES = Path(__file__).parent / "templates"
ENV = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(["html"]),
    trim_blocks=True,
    lstrip_blocks=True,
)
ENV.globals.update(menu=menu, current=current)  # the header's menu (nav_pages.html)


def lang_of(request: Request) -> str:
    """?lang= wins (and the route sets the cookie), then the cookie; Chinese by default."""
    return i18n.pick(request.query_params.get("lang") or request.cookies.get(i18n.LANG_COOKIE))


def catching_up(request: Request) -> bool:
    services = getattr(request.app.state, "services", None)
    status = getattr(services, "read_status", None)
    if status is None:
        return False
    status.refresh_soon()
    return status.now()[0] == CATCHING_UP


def say(message: str, lang: str) -> str:
    """A message that is either one of ours (a key) or the domain's bilingual text."""
    if message in i18n.STRINGS:
        return i18n.translate(message, lang)
    half = i18n.bilingual_half(message, lang)
    if half == message and lang == "zh":
        return in_chinese(message) or message  # a domain refusal in English only
    return half


def who(user: User, lang: str) -> str:
    """Name · unit · role, each said once: the demo's evaluator is named for its unit and role."""
    parts: list[str] = []
    for part in (
        user.display or user.name,
        user.unit,
        i18n.translate(f"role.{user.role.value}", lang),
    ):
        if part and part not in parts:
            parts.append(part)
    return " · ".join(parts)


def page(
    request: Request,
    template: str,
    user: User | None = None,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    lang = lang_of(request)
    session = getattr(request.state, "session", None)
    body = ENV.get_template(template).render(
        request=request,
        lang=lang,
        other_lang="en" if lang == "zh" else "zh",
        t=partial(i18n.translate, lang=lang),
        day=partial(i18n.day, lang=lang),
        workdays=partial(i18n.workdays, lang=lang),
        period=partial(i18n.period, lang=lang),
        half=partial(i18n.bilingual_half, lang=lang),
        figure=i18n.figure,
        say=partial(say, lang=lang),
        size=partial(file_size, lang=lang),
        user=user,
        who=who(user, lang) if user is not None else "",
        csrf=session.csrf if session is not None else context.pop("csrf", ""),
        catching_up=catching_up(request),
        **context,
    )
    response = HTMLResponse(body, status_code=status_code)
    if request.query_params.get("lang") in i18n.LANGS:
        response.set_cookie(
            i18n.LANG_COOKIE, lang, max_age=365 * 24 * 3600, httponly=True, samesite="lax"
        )
    # Pages hold a unit's data and forms: never cached, never framed.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self'; style-src 'self'; frame-ancestors 'none'"
    )
    return response
