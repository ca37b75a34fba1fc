"""The border in front of every route: bounded bodies, JSON that Python can answer, refusals
shaped like the others.

- Every request body is bounded: 1 MB unless its route declares its own limit where it is
  defined (`openapi_extra=own_limit(...)`; the import route takes files up to 10 MB). A body
  over the limit is answered 413 before the route runs, and nothing is stored.
- A JSON body is read strictly before FastAPI reads it: `NaN`, `Infinity`, `-Infinity`, a
  number that overflows to infinity (1e999), an integer of more than 30 digits and a lone
  surrogate (`"\\ud800"`, in a value or a key) are refused 422 with the place they were found.
  Python's `json` accepts them all, and each then fails the response (JSON has no NaN, UTF-8 no
  surrogate): a 500 on every endpoint.
- Validation errors are answered as {"detail": [{"loc", "msg", "type"}]} without echoing the
  input, which may itself be what cannot be encoded.
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass
from email.message import Message
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as AsgiMessage

from api.errors import detail

MB = 1024 * 1024
DEFAULT_LIMIT = 1 * MB
LIMIT_KEY = "x-body-limit"
ROUTE_READS_KEY = "x-body-read-by-route"
MAX_INT_DIGITS = 30
MAX_DEPTH = 64


def own_limit(max_bytes: int, *, read_by_route: bool = False) -> dict[str, Any]:
    """`openapi_extra` for a route whose bodies may be larger (or must be smaller) than 1 MB.
    With `read_by_route` the route streams and bounds its body itself (and says so in its own
    answer); the border then leaves that body alone."""
    extra: dict[str, Any] = {LIMIT_KEY: max_bytes}
    if read_by_route:
        extra[ROUTE_READS_KEY] = True
    return extra


def bilingual(zh: str, en: str) -> str:
    return f"{zh} / {en}"


def _error(status: int, loc: list[str | int], msg: str, kind: str) -> JSONResponse:
    return JSONResponse(detail(loc, msg, kind), status_code=status)


# What is not a page: the JSON API and its documents (api/web says the same of pages).
API_PREFIXES = ("/api", "/docs", "/redoc", "/openapi.json")


def too_large(size: int, limit: int, path: str = "/api") -> Response:
    mb, cap = size / MB, limit / MB
    if not path.startswith(API_PREFIXES):
        return _too_large_page(mb, cap)
    msg = bilingual(
        f"请求体过大（{mb:.1f} MB），上限为 {cap:g} MB",
        f"the body is {mb:.1f} MB; the limit is {cap:g} MB",
    )
    return _error(413, ["body"], msg, "too_large")


def _too_large_page(mb: float, cap: float) -> HTMLResponse:
    """A form sent more than its route takes (the files attached, most often): said as a page,
    in both languages, since the border answers before the page's own language is known."""
    body = (
        '<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">'
        "<title>提交的内容过大 · Too large</title></head><body><main>"
        "<h1>提交的内容过大</h1>"
        f"<p>附件和表单内容合计 {mb:.1f} MB，超过此表单的上限 {cap:g} MB；未保存任何内容。"
        "请返回上一页，减少或压缩附件后重试。</p>"
        f'<p lang="en">The files and fields sent come to {mb:.1f} MB, more than this form takes '
        f"({cap:g} MB); nothing was kept. Go back and attach fewer or smaller files.</p>"
        "</main></body></html>"
    )
    return HTMLResponse(body, status_code=413, headers={"Cache-Control": "no-store"})


# -- strict JSON ------------------------------------------------------------------------------
@dataclass(frozen=True)
class _Refused:
    """What the strict parser puts where a value JSON cannot answer with stood."""

    text: str
    why: str


def _constant(text: str) -> _Refused:
    return _Refused(text, "not_finite")


def _float(text: str) -> float | _Refused:
    value = float(text)
    return value if math.isfinite(value) else _Refused(text, "not_finite")


def _int(text: str) -> int | _Refused:
    digits = text.lstrip("-")
    return _Refused(text, "too_long") if len(digits) > MAX_INT_DIGITS else int(text)


def _safe(text: str) -> str:
    """`text` with any lone surrogate written as its escape, so it can be shown back."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def _has_surrogate(text: str) -> bool:
    return any("\ud800" <= ch <= "\udfff" for ch in text)


def json_problem(body: bytes) -> tuple[list[str | int], str, str] | None:
    """Where and why a JSON body cannot be taken: (loc, msg, type), or None when it can."""
    try:
        text = body.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        msg = bilingual("请求体不是 UTF-8 编码", f"the body is not UTF-8 (byte {error.start})")
        return ["body"], msg, "json_encoding"
    try:
        data = json.loads(text, parse_constant=_constant, parse_float=_float, parse_int=_int)
    except RecursionError:
        return ["body"], bilingual("JSON 嵌套过深", "the JSON is nested too deeply"), "json_depth"
    except ValueError as error:
        msg = bilingual("请求体不是有效的 JSON", f"the body is not valid JSON: {_safe(str(error))}")
        return ["body"], msg, "json_invalid"
    return _walk(data)


def _walk(data: Any) -> tuple[list[str | int], str, str] | None:
    stack: list[tuple[list[str | int], Any]] = [(["body"], data)]
    while stack:
        loc, value = stack.pop()
        if len(loc) > MAX_DEPTH:
            return loc[:MAX_DEPTH], bilingual("JSON 嵌套过深", "nested too deeply"), "json_depth"
        if isinstance(value, _Refused):
            if value.why == "too_long":
                zh, en = f"整数超过 {MAX_INT_DIGITS} 位", f"has more than {MAX_INT_DIGITS} digits"
            else:
                shown = value.text[:20]
                zh = f"不是有限数值（{shown}：NaN、Infinity 或溢出）"
                en = f"is not a finite number ({shown}: NaN, Infinity or beyond the float range)"
            return loc, bilingual(zh, en), "number_refused"
        if isinstance(value, str) and _has_surrogate(value):
            return loc, _surrogate_msg(), "text_refused"
        if isinstance(value, dict):
            for key, item in value.items():
                if _has_surrogate(key):
                    return [*loc, _safe(key)], _surrogate_msg(), "text_refused"
                stack.append(([*loc, key], item))
        elif isinstance(value, list):
            stack.extend(([*loc, n], item) for n, item in enumerate(value))
    return None


def _surrogate_msg() -> str:
    return bilingual("含有无效的 Unicode 字符（孤立代理项）", "contains a lone surrogate")


def _is_json(content_type: str | None) -> bool:
    """As FastAPI decides whether to read a body as JSON: no content type, or application/json
    or application/*+json."""
    if not content_type:
        return True
    message = Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def _says_json(scope: Scope) -> bool:
    content_type = _header(scope, b"content-type")
    return content_type is not None and _is_json(content_type)


# -- the middleware ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Rule:
    method: str
    path: re.Pattern[str]
    params: int  # fewer path parameters: the more specific route, as a literal path wins
    limit: int | None  # None: the default
    read_by_route: bool
    takes_json: bool


def _rules(openapi: dict[str, Any]) -> list[_Rule]:
    """What each operation of the app's OpenAPI document declares about its body. The document
    is where a route's own limit is written (`own_limit`), whichever FastAPI version routes."""
    rules = []
    for template, operations in openapi.get("paths", {}).items():
        parts = re.split(r"(\{[^}]+\})", template)
        pattern = "".join(
            ("[^/]+" if not p.endswith(":path}") else ".*") if p.startswith("{") else re.escape(p)
            for p in parts
        )
        for method, operation in operations.items():
            if not isinstance(operation, dict):
                continue
            content = (operation.get("requestBody") or {}).get("content", {})
            rules.append(
                _Rule(
                    method.upper(),
                    re.compile(f"^{pattern}$"),
                    template.count("{"),
                    operation.get(LIMIT_KEY),
                    bool(operation.get(ROUTE_READS_KEY)),
                    "application/json" in content,
                )
            )
    return sorted(rules, key=lambda r: r.params)


def _page_rules(app: object) -> list[_Rule]:
    """Pages are not in the OpenAPI document; a page route that takes a file (the import's
    upload form) declares its own limit the same way, in `openapi_extra`."""
    from api.access import routes_of  # the routes, whichever way this FastAPI keeps them

    rules = []
    for route in routes_of(app) if isinstance(app, FastAPI) else ():
        extra = getattr(route, "openapi_extra", None) or {}
        if getattr(route, "include_in_schema", True) or LIMIT_KEY not in extra:
            continue
        pattern = re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(route.path))
        for method in route.methods or ():
            rule = _Rule(method, re.compile(f"^{pattern}$"), route.path.count("{"),
                         extra[LIMIT_KEY], bool(extra.get(ROUTE_READS_KEY)), False)  # fmt: skip
            rules.append(rule)
    return rules


# The rules of each route table seen in this process, keyed by each route's path, methods,
# endpoint code and declared extras. Building an app's OpenAPI document takes about half a
# second; every app create_app builds serves the same routes, so a process that builds many
# (the test suite builds one per test) builds the document once.
_RULES_OF_ROUTES: dict[tuple[Any, ...], list[_Rule]] = {}


def _app_rules(app: object) -> list[_Rule]:
    if not isinstance(app, FastAPI):
        openapi = getattr(app, "openapi", None)
        return _rules(openapi()) if callable(openapi) else []
    from api.access import routes_of

    key = tuple(
        (getattr(r, "path", None), tuple(sorted(getattr(r, "methods", None) or ())),
         getattr(getattr(r, "endpoint", None), "__code__", None),
         repr(getattr(r, "openapi_extra", None)))
        for r in routes_of(app)
    )  # fmt: skip
    rules = _RULES_OF_ROUTES.get(key)
    if rules is None:
        rules = _RULES_OF_ROUTES[key] = _rules(app.openapi()) + _page_rules(app)
    return rules


def _header(scope: Scope, name: bytes) -> str | None:
    for key, value in scope.get("headers", ()):
        if key.lower() == name:
            return value.decode("latin-1")
    return None


class Border:
    """ASGI middleware: reads the body up to the route's limit, checks JSON strictly, then hands
    the app the same bytes."""

    def __init__(self, app: ASGIApp, default_limit: int = DEFAULT_LIMIT) -> None:
        self.app = app
        self.default_limit = default_limit
        self.rules: list[_Rule] | None = None

    def _rule(self, scope: Scope) -> _Rule | None:
        if self.rules is None:
            self.rules = _app_rules(scope.get("app"))
        path, method = scope.get("path", ""), scope.get("method", "")
        return next((r for r in self.rules if r.method == method and r.path.match(path)), None)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        rule = self._rule(scope)
        if rule is not None and rule.read_by_route:
            await self.app(scope, receive, send)
            return
        limit = rule.limit if rule is not None and rule.limit is not None else self.default_limit
        path = str(scope.get("path", ""))
        declared = _header(scope, b"content-length") or ""
        if declared.isdigit() and int(declared) > limit:
            await too_large(int(declared), limit, path)(scope, receive, send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await too_large(len(body), limit, path)(scope, receive, send)
                return
        # A route not in the OpenAPI document is checked when the body says it is JSON.
        takes_json = rule.takes_json if rule is not None else _says_json(scope)
        if body and takes_json and _is_json(_header(scope, b"content-type")):
            problem = json_problem(bytes(body))
            if problem is not None:
                await _error(422, *problem[:2], problem[2])(scope, receive, send)
                return
        await self.app(scope, _replay(bytes(body), receive), send)


def _replay(body: bytes, receive: Receive) -> Receive:
    sent = False

    async def replay() -> AsgiMessage:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replay


# -- validation errors ------------------------------------------------------------------------
def _loc_part(part: Any) -> str | int:
    return part if isinstance(part, int) else _safe(str(part))


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    items = [
        {
            "loc": [_loc_part(p) for p in error.get("loc", ())],
            "msg": _safe(str(error.get("msg", ""))),
            "type": str(error.get("type", "value_error")),
        }
        for error in exc.errors()
    ]
    return JSONResponse({"detail": items}, status_code=422)


def install(app: FastAPI, default_limit: int = DEFAULT_LIMIT) -> None:
    app.add_middleware(Border, default_limit=default_limit)
    app.add_exception_handler(RequestValidationError, _validation_error)
