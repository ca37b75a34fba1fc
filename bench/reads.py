"""Every GET endpoint of the API against a bare endpoint serving the same bytes.

Each endpoint is first fetched once; its bytes and content type are handed to the bare app. Then
API and bare requests alternate (after a warm-up) for p50; then 10 concurrent clients hit each
for a bounded run: the 5xx count and p95 against the bare endpoint's p95 under the same load.
Finally the API process's memory after all that, against the bare app's.

Every GET route under /api is listed from the application itself; one the benchmark has no
sample for shows as a row saying so, so a new read cannot go unmeasured unnoticed.
"""

from __future__ import annotations

import asyncio
import re
import sys
import time
from dataclasses import dataclass
from urllib.parse import quote
from uuid import UUID

import httpx
from fastapi.routing import APIRoute

from api.app import create_app
from bench.live import COORDINATOR_TOKEN, Live
from bench.portfolio import NOW, lead_token, plans, unit_name
from bench.processes import memory_mib
from bench.table import Row, p50, percentile, vs, within
from domain.campaign import campaign_id
from domain.task import task_id
from domain.values import Actor
from infra.settings import Settings

CLIENTS = 10
MEMORY_LIMIT = 300.0  # MiB


@dataclass(frozen=True)
class Budget:
    samples: int = 30  # alternating API/bare pairs, at most
    seconds: float = 8.0  # per endpoint, sequential part
    load_seconds: float = 10.0  # per endpoint, under 10 clients
    load_requests: int = 20  # per client, at most
    timeout: float = 60.0  # a request still unanswered then counts as an error


@dataclass(frozen=True)
class Endpoint:
    label: str
    route: str  # the route's path as the application declares it
    path: str
    token: str | None = COORDINATOR_TOKEN
    cookie: str | None = None  # a page's session cookie instead of a token


def endpoints(size: str, pending_campaign: str) -> list[Endpoint]:
    """A concrete request for every GET route, with the campaign sizes the issue names."""
    by_tasks = {p.tasks: str(campaign_id(p.code)) for p in plans(size)}
    small, medium, large = by_tasks[min(by_tasks)], by_tasks.get(100), by_tasks[max(by_tasks)]
    unit = unit_name(0)
    period = "2093-11"
    found = [
        Endpoint("index", "/api", "/api", None),
        Endpoint("campaigns", "/api/campaigns", "/api/campaigns"),
        Endpoint(f"campaign {min(by_tasks)} tasks", "/api/campaigns/{campaign_id}",
                 f"/api/campaigns/{small}"),
        Endpoint(f"campaign {max(by_tasks)} tasks", "/api/campaigns/{campaign_id}",
                 f"/api/campaigns/{large}"),
        Endpoint("campaign events", "/api/campaigns/{campaign_id}/events",
                 f"/api/campaigns/{medium or small}/events"),
        Endpoint("campaign pending", "/api/campaigns/{campaign_id}/pending",
                 f"/api/campaigns/{pending_campaign}/pending"),
        Endpoint("plan.yaml", "/api/campaigns/{campaign_id}/plan.yaml",
                 f"/api/campaigns/{medium or small}/plan.yaml"),
        Endpoint("plan.xlsx", "/api/campaigns/{campaign_id}/plan.xlsx",
                 f"/api/campaigns/{medium or small}/plan.xlsx"),
        Endpoint("battle map", "/api/battle-map", "/api/battle-map"),
        Endpoint("battle map (a unit)", "/api/battle-map", "/api/battle-map", lead_token(unit)),
        Endpoint("battle map, late binding tasks", "/api/battle-map",
                 "/api/battle-map?status=late&binding=true"),
        Endpoint("overdue", "/api/overdue", "/api/overdue"),
        Endpoint("review queue", "/api/reviews", "/api/reviews"),
        Endpoint("silent supporting units", "/api/contributions/silent",
                 "/api/contributions/silent"),
        Endpoint("meetings", "/api/campaigns/{campaign_id}/meetings",
                 f"/api/campaigns/{medium or small}/meetings"),
        Endpoint("units", "/api/units", "/api/units"),
        Endpoint("unit inbox", "/api/units/{unit}/inbox", f"/api/units/{quote(unit)}/inbox",
                 lead_token(unit)),
        Endpoint("status export", "/api/exports/status.xlsx",
                 f"/api/exports/status.xlsx?period={period}"),
        Endpoint("status export (a unit)", "/api/exports/status.xlsx",
                 f"/api/exports/status.xlsx?period={period}", lead_token(unit)),
        Endpoint("dashboard burn-up", "/api/dashboards/tasks/{task_id}/burnup",
                 f"/api/dashboards/tasks/{task_id(UUID(small), '1')}/burnup?on=2093-12-28"),
        Endpoint("dashboard on-time league", "/api/dashboards/timeliness",
                 "/api/dashboards/timeliness?until=2093-12-28"),
        Endpoint("dashboard delays", "/api/dashboards/delays",
                 f"/api/dashboards/delays?campaign={large}&until=2093-12-28"),
        Endpoint("dashboard milestones", "/api/dashboards/milestones",
                 f"/api/dashboards/milestones?campaign={small}&on=2093-12-28"),
        Endpoint("health", "/api/health", "/api/health", None),
        Endpoint("health unprojected", "/api/health/unprojected", "/api/health/unprojected"),
    ]  # fmt: skip
    if medium is not None:
        found.insert(3, Endpoint("campaign 100 tasks", "/api/campaigns/{campaign_id}",
                                 f"/api/campaigns/{medium}"))  # fmt: skip
    unique = {p.path + str(p.token): p for p in reversed(found)}
    return [p for p in found if unique[p.path + str(p.token)] is p]


def get_routes() -> set[str]:
    app = create_app(Settings())
    return {
        r.path
        for r in app.routes
        if isinstance(r, APIRoute) and "GET" in r.methods and r.path.startswith("/api")
    }


def _headers(token: str | None, cookie: str | None = None) -> dict[str, str]:
    if cookie:
        return {"Cookie": cookie}
    return {"Authorization": f"Bearer {token}"} if token else {}


class Refused(Exception):
    """The API answered a read with something other than 200."""


async def _timed(client: httpx.AsyncClient, url: str, headers: dict[str, str]) -> float:
    started = time.perf_counter()
    response = await client.get(url, headers=headers)
    elapsed = time.perf_counter() - started
    if response.status_code != 200:
        raise Refused(f"{url} answered {response.status_code} {response.text[:100]}")
    return elapsed


async def _sequential(
    client: httpx.AsyncClient, api: str, bare: str, headers: dict[str, str], budget: Budget
) -> tuple[list[float], list[float]]:
    # Warm-up beyond the first fetch, unless one request already takes most of the budget.
    if await _timed(client, api, headers) < budget.seconds / 8:
        await _timed(client, api, headers)
    await _timed(client, bare, {})
    await _timed(client, bare, {})
    api_times: list[float] = []
    bare_times: list[float] = []
    deadline = time.perf_counter() + budget.seconds
    while len(api_times) < budget.samples and (
        len(api_times) < 3 or time.perf_counter() < deadline
    ):
        api_times.append(await _timed(client, api, headers))
        bare_times.append(await _timed(client, bare, {}))
    return api_times, bare_times


@dataclass
class Load:
    times: list[float]
    errors: int  # 5xx answers and requests that failed outright (of which `timeouts`)
    requests: int
    timeouts: int = 0


async def _load(url: str, headers: dict[str, str], budget: Budget) -> Load:
    """CLIENTS clients, each sending requests one after another until its count or the time
    runs out; a request still running at the deadline is waited for (bounded by the timeout)."""
    times: list[float] = []
    errors = requests = timeouts = 0
    deadline = time.perf_counter() + budget.load_seconds

    async def client_loop(client: httpx.AsyncClient) -> None:
        nonlocal errors, requests, timeouts
        for _ in range(budget.load_requests):
            if time.perf_counter() >= deadline:
                return
            started = time.perf_counter()
            requests += 1
            try:
                response = await client.get(url, headers=headers)
            except httpx.TimeoutException:
                errors, timeouts = errors + 1, timeouts + 1
                continue
            except httpx.HTTPError:
                errors += 1
                continue
            if response.status_code >= 500:
                errors += 1
            else:
                times.append(time.perf_counter() - started)

    limits = httpx.Limits(max_connections=CLIENTS)
    async with httpx.AsyncClient(timeout=budget.timeout, limits=limits) as client:
        await asyncio.gather(*(client_loop(client) for _ in range(CLIENTS)))
    return Load(times, errors, requests, timeouts)


async def measure(live: Live, size: str, pending_campaign: str, budget: Budget) -> list[Row]:
    rows: list[Row] = []
    points = endpoints(size, pending_campaign)
    async with httpx.AsyncClient(timeout=budget.timeout) as client:
        points += await a_units_own(client, live, size)
        # Pages last but signed in just before: the session's idle timeout runs meanwhile.
        points += await pages(client, live)
        for n, point in enumerate(points):
            try:
                rows += await _endpoint(client, live, f"p{n}", point, budget)
                # Which read grows the process, on the run's log (the table keeps the end).
                now, peak = memory_mib(live.api_process.pid)
                print(f"  after {point.label}: API {now:.0f} MiB, peak {peak:.0f}", file=sys.stderr)
            except (Refused, httpx.HTTPError) as error:
                # The failure is the measure: the table says so and the suite goes on.
                reason = str(error) or type(error).__name__
                rows.append(Row(f"GET {point.label} p50", float("nan"), "ms", goal="<= 10x",
                                passed=False, note=f"failed: {reason}"[:160]))  # fmt: skip
    rows += _unmeasured(points)
    rows.append(_memory_row(live))
    return rows


PHOTO = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 64  # 16 KB that sniff as a PNG


async def a_units_own(client: httpx.AsyncClient, live: Live, size: str) -> list[Endpoint]:
    """The reads of what a unit keeps for itself: a draft, and an evidence file a report points
    to (uploaded and reported here, on a task of the smallest campaign still awaiting one)."""
    smallest = str(campaign_id(min(plans(size), key=lambda p: p.tasks).code))
    coordinator = _headers(COORDINATOR_TOKEN)
    detail = (await client.get(f"{live.api}/api/campaigns/{smallest}", headers=coordinator)).json()
    for task in detail["tasks"]:
        open_ = [p for p in task["periods"] if p["state"] in (None, "returned") and p["due_on"]]
        if not open_:
            continue
        tid, period, token = task["id"], open_[-1]["period"], lead_token(task["lead_units"][0])
        headers = _headers(token)
        upload = await client.post(f"{live.api}/api/tasks/{tid}/evidence", content=PHOTO,
                                   headers=headers)  # fmt: skip
        file = upload.json()["hash"]
        body = {
            "period": period,
            "progress": "bench",
            "evidence": [{"hash": file, "name": "照片.png"}],
        }
        sent = await client.post(f"{live.api}/api/tasks/{tid}/reports", json=body, headers=headers)
        if sent.status_code >= 300 and sent.status_code != 202:
            continue
        return [
            Endpoint("report draft", "/api/tasks/{task_id}/reports/{period}/draft",
                     f"/api/tasks/{tid}/reports/{period}/draft", token),
            Endpoint("evidence file (16 KB)", "/api/tasks/{task_id}/evidence/{hash}",
                     f"/api/tasks/{tid}/evidence/{file}"),
        ]  # fmt: skip
    return []


PAGE_USER = "bench-coordinator"


async def pages(client: httpx.AsyncClient, live: Live) -> list[Endpoint]:
    """The battle map page (挂图作战) as a coordinator signed in through the sign-in form sees
    it, whole and filtered, against the same bytes served bare."""
    from api.identity import SESSION_COOKIE
    from infra.passwords import hash_password, new_password

    password = new_password()
    if live.store.account(PAGE_USER) is None:
        live.store.register_account(
            PAGE_USER, PAGE_USER, "专班", "coordinator", hash_password(password),
            Actor("bench", "bench"), NOW,
        )  # fmt: skip
    else:
        live.store.change_password(PAGE_USER, hash_password(password), Actor("bench", "bench"), NOW)
    form = await client.get(f"{live.api}/signin")
    token = re.search(r'name="csrf_token" value="([^"]+)"', form.text)
    if token is None:
        return []
    answer = await client.post(
        f"{live.api}/signin",
        data={"name": PAGE_USER, "password": password, "csrf_token": token.group(1), "next": "/"},
        cookies=form.cookies,
    )
    session = answer.cookies.get(SESSION_COOKIE)
    client.cookies.clear()  # the cookie goes only where an endpoint names it
    if session is None:
        return []
    cookie = f"{SESSION_COOKIE}={session}"
    return [
        Endpoint("battle map page", "/battle-map", "/battle-map", None, cookie),
        Endpoint("battle map page, late binding tasks", "/battle-map",
                 "/battle-map?status=late&binding=true", None, cookie),
    ]  # fmt: skip


async def _endpoint(
    client: httpx.AsyncClient, live: Live, key: str, point: Endpoint, budget: Budget
) -> list[Row]:
    headers = _headers(point.token, point.cookie)
    first = await client.get(f"{live.api}{point.path}", headers=headers)
    if first.status_code != 200:
        raise Refused(f"{point.path} answered {first.status_code} {first.text[:100]}")
    await client.put(
        f"{live.bare}/payload/{key}",
        content=first.content,
        headers={"content-type": first.headers.get("content-type", "")},
    )
    bare_url = f"{live.bare}/bare/{key}"
    api_times, bare_times = await _sequential(
        client, f"{live.api}{point.path}", bare_url, headers, budget
    )
    note = f"{len(first.content):,} bytes, {len(api_times)} samples"
    rows = [
        vs(f"GET {point.label} p50", p50(api_times) * 1000, "ms", p50(bare_times) * 1000,
           "bare, same bytes", at_most=10, note=note)
    ]  # fmt: skip
    if point.label == "status export":
        rows.append(within("status export p50", p50(api_times), "s", 1.0))
    loaded = await _load(f"{live.api}{point.path}", headers, budget)
    bare_loaded = await _load(bare_url, {}, budget)
    rows.append(_load_row(point.label, loaded, bare_loaded))
    rows.append(
        Row(f"GET {point.label} x{CLIENTS} clients 5xx", loaded.errors, "errors",
            goal="0", passed=loaded.errors == 0,
            note=f"of {loaded.requests} requests; {loaded.timeouts} unanswered "
                 f"in {budget.timeout:.0f} s")
    )  # fmt: skip
    return rows


def _load_row(label: str, loaded: Load, bare: Load) -> Row:
    measure = f"GET {label} x{CLIENTS} clients p95"
    if not loaded.times:
        return Row(measure, float("nan"), "ms", goal="<= 10x", passed=False, note="no answers")
    return vs(measure, percentile(loaded.times, 95) * 1000, "ms",
              percentile(bare.times, 95) * 1000, "bare, same load", at_most=10,
              note=f"{len(loaded.times)} answered")  # fmt: skip


def _unmeasured(points: list[Endpoint]) -> list[Row]:
    covered = {p.route for p in points}
    return [
        Row(f"GET {route}", float("nan"), "", goal="measured", passed=False, note="no sample yet")
        for route in sorted(get_routes() - covered)
    ]


def _memory_row(live: Live) -> Row:
    api_now, api_peak = memory_mib(live.api_process.pid)
    bare_now, _ = memory_mib(live.bare_process.pid)
    return Row("API process memory after the read load", api_now, "MiB", bare_now, "bare app",
               f"< {MEMORY_LIMIT:g} MiB", api_now < MEMORY_LIMIT,
               note=f"peak {api_peak:.0f} MiB")  # fmt: skip
