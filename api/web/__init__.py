"""Server-rendered pages: sign-in, the lead unit's inbox and report form, user administration,
the battle map, the task page, the review queue, meetings and the supporting unit's page.

Each page route declares its access rule as API routes do (api/access.py). A refusal on a page
is a page: not signed in, a redirect to /signin; anything else, the status with a message in
the user's language. The JSON API keeps its own answers.
"""

from __future__ import annotations

from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import RedirectResponse, Response

from api.errors import ApiError
from api.limits import API_PREFIXES
from api.web import (
    routes_admin,
    routes_battlemap,
    routes_dashboards,
    routes_imports,
    routes_meetings,
    routes_packs,
    routes_past,
    routes_report,
    routes_reviews,
    routes_signin,
    routes_static,
    routes_summary,
    routes_support,
    routes_task,
    routes_year,
)
from api.web.i18n import translate
from api.web.render import lang_of, page, say
from domain.errors import DomainError

ROUTERS = (
    routes_static,
    routes_signin,
    routes_report,
    routes_admin,
    routes_battlemap,
    routes_task,
    routes_reviews,
    routes_meetings,
    routes_support,
    routes_past,
    routes_dashboards,
    routes_summary,
    routes_year,
    routes_packs,
    routes_imports,
)
HEADINGS = {403: "forbidden", 404: "not_found"}


def is_page(request: Request) -> bool:
    return not request.url.path.startswith(API_PREFIXES)


def _refusal_page(request: Request, status: int, message: str) -> Response:
    lang = lang_of(request)
    heading = translate(HEADINGS.get(status, "error"), lang)
    user = getattr(request.state, "page_user", None)
    return page(
        request,
        "error.html",
        user,
        status,
        heading=heading,
        message=say(message, lang),
    )


def install(app: FastAPI) -> None:
    """The pages' error handlers (their routes are included by api/app.py with the rest)."""
    json_api_error = app.exception_handlers[ApiError]
    json_domain_error = app.exception_handlers[DomainError]

    async def api_error(request: Request, exc: Exception) -> Response:
        if not is_page(request):
            return await _maybe_await(json_api_error(request, exc))
        assert isinstance(exc, ApiError)
        if exc.status == 401:
            target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
            return RedirectResponse(f"/signin?next={quote(target)}", status_code=303)
        return _refusal_page(request, exc.status, exc.msg)

    async def domain_error(request: Request, exc: Exception) -> Response:
        if not is_page(request):
            return await _maybe_await(json_domain_error(request, exc))
        assert isinstance(exc, DomainError)
        status = {"NotFound": 404, "Conflict": 409}.get(type(exc).__name__, 422)
        return _refusal_page(request, status, exc.message)

    json_invalid = app.exception_handlers[RequestValidationError]

    async def invalid(request: Request, exc: Exception) -> Response:
        if not is_page(request):
            return await _maybe_await(json_invalid(request, exc))
        assert isinstance(exc, RequestValidationError)
        said = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:])}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return _refusal_page(request, 422, said)

    app.add_exception_handler(ApiError, api_error)
    app.add_exception_handler(DomainError, domain_error)
    app.add_exception_handler(RequestValidationError, invalid)


async def _maybe_await(result: object) -> Response:
    if hasattr(result, "__await__"):
        result = await result  # type: ignore[misc]
    assert isinstance(result, Response)
    return result
