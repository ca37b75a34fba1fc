"""Who a request comes from, beyond the users file: accounts' API tokens and browser sessions.

An API token is `xh_<account id>_<secret>`: the account it belongs to is named in it, the
account keeps only the secret's digest (domain/accounts.py), so a token is checked with one load
of one account. A browser session (infra/sessions.py) authenticates pages only, never /api:
there a cookie alone is not enough, so a forged cross-site POST to the API finds no user.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import datetime
from uuid import UUID

from fastapi import Request

from api.auth import Role, User
from api.errors import ApiError
from api.services import Services
from domain.accounts import Account
from infra.passwords import digest

TOKEN_PREFIX = "xh_"
SESSION_COOKIE = "xh_session"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def user_of(account: Account) -> User:
    return User(account.name, account.unit, Role(account.role), account.display_name)


def new_token(account: Account) -> tuple[str, str, str]:
    """(token id, the token to show once, the digest to store)."""
    token_id = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    return token_id, f"{TOKEN_PREFIX}{account.id.hex}_{token_id}_{secret}", digest(secret)


def user_of_token(svc: Services, token: str) -> User | None:
    """The account user an `xh_` token stands for, or None (unknown, revoked, malformed)."""
    parts = token.split("_", 3)
    if len(parts) != 4 or f"{parts[0]}_" != TOKEN_PREFIX:
        return None
    try:
        account_id = UUID(hex=parts[1])
    except ValueError:
        return None
    account = svc.store.existing(account_id, read_only=True)
    if not isinstance(account, Account):
        return None
    stored = account.tokens.get(parts[2])
    if stored is None or not hmac.compare_digest(stored, digest(parts[3])):
        return None
    return user_of(account)


def user_of_session(svc: Services, request: Request, now: datetime) -> User | None:
    """The signed-in user of the session cookie, or None; the session is kept on the request."""
    session_id = request.cookies.get(SESSION_COOKIE)
    if not session_id or svc.sessions is None:
        return None
    session = svc.sessions.find(session_id, now)
    if session is None:
        return None
    account = svc.store.account(session.user)
    if account is None:
        return None
    request.state.session = session
    return user_of(account)


async def check_csrf(request: Request) -> None:
    """A state-changing request on a session carries the session's CSRF token."""
    session = getattr(request.state, "session", None)
    if request.method in SAFE_METHODS or session is None:
        return
    sent = request.headers.get(CSRF_HEADER)
    if sent is None:
        form = await request.form()
        value = form.get(CSRF_FIELD)
        sent = value if isinstance(value, str) else None
    if not sent or not hmac.compare_digest(sent.encode(), session.csrf.encode()):
        raise ApiError(
            403,
            ["body", CSRF_FIELD],
            "表单已失效，请刷新页面后重试 / the form has expired (CSRF check); reload and retry",
            "csrf",
        )
