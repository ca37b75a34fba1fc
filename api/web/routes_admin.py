"""User administration: list users, create one, change a role, reset a password, unlock, and
issue or revoke API tokens. A generated password or a new token is shown once, on the answer
to the POST that made it, and never stored in clear."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any

from fastapi import APIRouter, Form, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.access import ADMIN, allow
from api.auth import User
from api.deps import CurrentUser, Now, ServicesDep
from api.identity import new_token
from api.services import Services
from api.web.i18n_refusals import named
from api.web.render import page
from domain.accounts import ROLES, Account
from domain.errors import DomainError, NotFound
from infra.passwords import hash_password, new_password, password_problem

router = APIRouter(prefix="/admin/users", include_in_schema=False)
FormText = Annotated[str, Form(max_length=200)]


def _accounts(svc: Services) -> list[Account]:
    found = (svc.store.account(name) for name in svc.store.account_names())
    return [a for a in found if a is not None]


async def _answer(
    request: Request, user: User, svc: Services, status: int = 200, **shown: Any
) -> Response:
    accounts = await run_in_threadpool(_accounts, svc)
    return page(
        request, "admin.html", user, status_code=status, accounts=accounts, roles=ROLES, **shown
    )


async def _do(
    request: Request, user: User, svc: Services, change: Callable[[], Any], **shown: Any
) -> Response:
    """Run the change; a refusal is shown on the page with what it names."""
    try:
        await run_in_threadpool(change)
    except DomainError as error:
        return await _answer(request, user, svc, 422, error=named(error))
    return await _answer(request, user, svc, done=True, **shown)


@router.get("", dependencies=[allow(ADMIN)])
async def users(request: Request, user: CurrentUser, svc: ServicesDep) -> Response:
    """Every account, with the forms to change it."""
    return await _answer(request, user, svc)


@router.post("", dependencies=[allow(ADMIN)])
async def create_user(
    request: Request,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    name: FormText = "",
    display_name: FormText = "",
    unit: FormText = "",
    role: FormText = "",
) -> Response:
    """Register a user with a generated password, shown once."""
    password = new_password()
    hashed = await run_in_threadpool(hash_password, password)

    def change() -> None:
        svc.store.register_account(name, display_name, unit, role, hashed, user.actor, now)

    return await _do(request, user, svc, change, password=password, for_name=name)


@router.post("/{name}/role", dependencies=[allow(ADMIN)])
async def change_role(
    request: Request,
    name: str,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    role: FormText = "",
    unit: FormText = "",
) -> Response:
    """Give the user another role (and unit); their sessions end."""

    def change() -> None:
        svc.store.change_role(name, role, unit, user.actor, now)
        if svc.sessions is not None:
            svc.sessions.end_all(name)

    return await _do(request, user, svc, change)


@router.post("/{name}/password", dependencies=[allow(ADMIN)])
async def reset_password(
    request: Request,
    name: str,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    password: FormText = "",
) -> Response:
    """Set a password (or generate one, shown once); the user's sessions end."""
    chosen = password or new_password()
    problem = password_problem(chosen)
    if problem:
        return await _answer(request, user, svc, 422, error=f"password: {problem}")
    hashed = await run_in_threadpool(hash_password, chosen)

    def change() -> None:
        svc.store.change_password(name, hashed, user.actor, now)
        if svc.sessions is not None:
            svc.sessions.end_all(name)

    shown = {} if password else {"password": chosen, "for_name": name}
    return await _do(request, user, svc, change, **shown)


@router.post("/{name}/unlock", dependencies=[allow(ADMIN)])
async def unlock(
    request: Request, name: str, user: CurrentUser, svc: ServicesDep, now: Now
) -> Response:
    """Lift a lock-out before it runs out."""
    return await _do(request, user, svc, lambda: svc.store.unlock_account(name, user.actor, now))


@router.post("/{name}/tokens", dependencies=[allow(ADMIN)])
async def issue_token(
    request: Request,
    name: str,
    user: CurrentUser,
    svc: ServicesDep,
    now: Now,
    label: FormText = "",
) -> Response:
    """Issue an API token for a machine client acting as this user; shown once."""
    account = await run_in_threadpool(svc.store.account, name)
    if account is None:
        raise NotFound("name", f"没有这个用户 / no user '{name}'")
    token_id, token, digest = new_token(account)

    def change() -> None:
        svc.store.issue_token(account.name, token_id, digest, label, user.actor, now)

    return await _do(request, user, svc, change, token=token, for_name=account.name)


@router.post("/{name}/tokens/{token_id}/revoke", dependencies=[allow(ADMIN)])
async def revoke_token(
    request: Request, name: str, token_id: str, user: CurrentUser, svc: ServicesDep, now: Now
) -> Response:
    """Revoke an API token: it stops working at once."""
    return await _do(
        request, user, svc, lambda: svc.store.revoke_token(name, token_id, user.actor, now)
    )
