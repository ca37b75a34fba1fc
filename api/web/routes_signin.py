"""Signing in and out, the language switch, and the way in to each role's home page."""

from __future__ import annotations

import hmac
import secrets
from typing import Annotated

from fastapi import APIRouter, Form, Request
from fastapi.responses import RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from api.access import PUBLIC, SIGNED_IN, allow
from api.auth import Role
from api.deps import CurrentUser, Now, ServicesDep
from api.identity import CSRF_FIELD, SESSION_COOKIE
from api.web.i18n import translate
from api.web.render import lang_of, page
from infra.passwords import verify_password

router = APIRouter(include_in_schema=False)
SIGNIN_CSRF = "xh_signin_csrf"
HOMES = {
    Role.LEAD_UNIT: "/inbox",
    Role.ADMIN: "/admin/users",
    Role.COORDINATOR: "/battle-map",
    Role.EVALUATOR: "/battle-map",
    Role.LEADER: "/battle-map",
    Role.SUPPORTING_UNIT: "/support",
}
FormText = Annotated[str, Form(max_length=1000)]


def safe_next(target: str) -> str:
    """Only a path of this site: never another host (//evil, /\\evil, https://...)."""
    if target.startswith("/") and not target.startswith(("//", "/\\")):
        return target
    return "/"


def _signin_form(
    request: Request, error: str = "", name: str = "", next_path: str = "/", status: int = 200
) -> Response:
    token = secrets.token_urlsafe(32)
    response = page(
        request,
        "signin.html",
        csrf=token,
        error=error,
        name=name,
        next=next_path,
        status_code=status,
    )
    secure = request.app.state.services.settings.secure_cookies
    response.set_cookie(
        SIGNIN_CSRF, token, httponly=True, samesite="lax", path="/signin", secure=secure
    )
    return response


@router.get("/signin", dependencies=[allow(PUBLIC)])
def signin_page(request: Request, next: str = "/") -> Response:
    """The sign-in form."""
    return _signin_form(request, next_path=safe_next(next))


@router.post("/signin", dependencies=[allow(PUBLIC)])
async def signin(
    request: Request,
    svc: ServicesDep,
    now: Now,
    name: FormText = "",
    password: FormText = "",
    csrf_token: FormText = "",
    next: FormText = "/",
) -> Response:
    """Check the password, record the attempt, and start a session."""
    lang = lang_of(request)
    expected = request.cookies.get(SIGNIN_CSRF, "")
    if not expected or not hmac.compare_digest(expected.encode(), csrf_token.encode()):
        message = translate("form_errors", lang) + f" ({CSRF_FIELD})"
        return _signin_form(request, message, name, safe_next(next), 400)
    try:
        account = await run_in_threadpool(svc.store.account, name)
    except Exception:  # a name no account can have is a wrong name, answered the same way
        account = None
    verified = await run_in_threadpool(
        verify_password, account.password_hash if account else None, password
    )
    if account is None:
        return _signin_form(request, translate("signin_failed", lang), name, safe_next(next), 401)
    admitted, _ = await run_in_threadpool(svc.store.record_sign_in, account.name, verified, now)
    if not admitted:
        fresh = await run_in_threadpool(svc.store.account, account.name)
        key = "locked" if fresh is not None and fresh.locked(now) else "signin_failed"
        return _signin_form(request, translate(key, lang), name, safe_next(next), 401)
    assert svc.sessions is not None
    previous = request.cookies.get(SESSION_COOKIE)
    if previous:  # a session id set before sign-in is never the signed-in one (fixation)
        await run_in_threadpool(svc.sessions.end, previous)
    session_id, _ = await run_in_threadpool(svc.sessions.start, account.name, now)
    response = RedirectResponse(safe_next(next), status_code=303)
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=int(svc.settings.session_hours * 3600),
        httponly=True,
        samesite="lax",
        secure=svc.settings.secure_cookies,
    )
    response.delete_cookie(SIGNIN_CSRF, path="/signin")
    return response


@router.post("/signout", dependencies=[allow(SIGNED_IN)])
async def signout(request: Request, svc: ServicesDep) -> Response:
    """End the session (its row is deleted) and go back to the sign-in form."""
    session_id = request.cookies.get(SESSION_COOKIE)
    if session_id and svc.sessions is not None:
        await run_in_threadpool(svc.sessions.end, session_id)
    response = RedirectResponse("/signin", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.get("/", dependencies=[allow(SIGNED_IN)])
def home(user: CurrentUser) -> Response:
    """The signed-in user's own start page."""
    return RedirectResponse(HOMES.get(user.role, "/welcome"), status_code=303)


@router.get("/welcome", dependencies=[allow(SIGNED_IN)])
def welcome(request: Request, user: CurrentUser) -> Response:
    """The start page of the roles whose pages are still to come."""
    return page(request, "welcome.html", user)
