"""One benchmark suite: `python -m bench --size district`.

Builds (or reuses) the generated portfolio of the size asked, copies it for this run, runs every
benchmark against its baseline measured in this same run, and prints one table of ratios.

    .venv/bin/python -m bench --size tiny|district|city [--only rebuild,reads,...]
                              [--postgres|--sqlite] [--rebuild-portfolio] [--workers N]
                              [--markdown]
"""

from __future__ import annotations

import argparse
import asyncio
import inspect
import sys
import time
import traceback
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass

from bench import asof, checkin, coldstart, history_size, reads, rebuild, steps, writes
from bench.live import Live, live
from bench.portfolio import YEAR, plans
from bench.stores import Portfolio, ensure_portfolio, pg_env, run_database
from bench.table import Row, info, markdown, render
from domain.application import Xiuhua
from domain.campaign import campaign_id
from workflows import starter

POSTGRES = ["rebuild", "reads", "writes", "checkin", "steps", "as-of"]
SQLITE = ["rebuild-sqlite", "coldstart"]
OTHER = ["history"]
ALL = [
    "rebuild", "rebuild-sqlite", "reads", "writes", "checkin", "steps", "as-of", "coldstart", *OTHER
]  # fmt: skip
LIVE = {"reads", "writes", "checkin"}


@dataclass(frozen=True)
class Samples:
    writes: int
    checkin: int
    reads: reads.Budget
    large_campaign: int = steps.LARGE


SAMPLES = {
    # The smoke test's size: every benchmark runs, with the fewest samples that still measure.
    "tiny": Samples(8, 5, reads.Budget(samples=4, seconds=1, load_seconds=1, load_requests=2), 100),
    "district": Samples(100, 30, reads.Budget()),
    "city": Samples(100, 30, reads.Budget()),
}


def log(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.splitlines()[0])
    parser.add_argument("--size", choices=sorted(SAMPLES), default="district")
    parser.add_argument("--only", default="", help=f"comma-separated subset of: {','.join(ALL)}")
    backend = parser.add_mutually_exclusive_group()
    backend.add_argument("--postgres", action="store_true", help="only PostgreSQL benchmarks")
    backend.add_argument("--sqlite", action="store_true", help="only SQLite benchmarks")
    parser.add_argument("--rebuild-portfolio", action="store_true", help="regenerate the cache")
    parser.add_argument(
        "--workers", type=int, default=1,
        help="processes generating it (faster, but their years interleave in the log, which "
        "the views of the past then read further through)",
    )  # fmt: skip
    parser.add_argument("--markdown", action="store_true", help="also print a Markdown table")
    args = parser.parse_args(argv)
    chosen = [n.strip() for n in args.only.split(",") if n.strip()] or ALL
    unknown = sorted(set(chosen) - set(ALL))
    if unknown:
        parser.error(f"unknown benchmark(s): {', '.join(unknown)}; known: {', '.join(ALL)}")
    if args.postgres:
        chosen = [n for n in chosen if n in POSTGRES]
    if args.sqlite:
        chosen = [n for n in chosen if n in SQLITE]
    args.selected = [n for n in ALL if n in chosen]
    return args


async def guarded(name: str, measure: Awaitable[list[Row]] | Callable[[], list[Row]]) -> list[Row]:
    """The benchmark's rows, printed to stderr as soon as it ends; if it fails, one row saying
    so (with the traceback on stderr), and the suite goes on to the next."""
    log(f"{name} ...")
    try:
        rows = await measure if inspect.isawaitable(measure) else measure()  # type: ignore[operator]
    except Exception as error:
        traceback.print_exc()
        reason = f"{type(error).__name__}: {error}".splitlines()[0][:160]
        rows = [Row(name, float("nan"), "", goal="runs", passed=False, note=f"failed: {reason}")]
    log(render(rows))
    return rows


async def run(args: argparse.Namespace) -> list[Row]:
    selected, samples = set(args.selected), SAMPLES[args.size]
    portfolio = ensure_portfolio(args.size, args.rebuild_portfolio, args.workers, log)
    rows = [rebuild.portfolio_row(portfolio)]
    if selected & set(POSTGRES):
        with run_database(portfolio) as dbname:
            rows += await _on_postgres(selected, portfolio, dbname, samples)
    if "rebuild-sqlite" in selected:
        rows += await guarded("rebuild (sqlite)", lambda: rebuild.sqlite(portfolio))
    if "coldstart" in selected:
        rows += await guarded("cold start of xiuhua up", lambda: coldstart.measure(portfolio))
    if "history" in selected:
        rows += await guarded("history size", history_size.measure())
    return rows


async def _on_postgres(
    selected: set[str], portfolio: Portfolio, dbname: str, samples: Samples
) -> list[Row]:
    rows: list[Row] = []
    if "rebuild" in selected:
        rows += await guarded("rebuild (postgres)", lambda: rebuild.postgres(dbname))
    if "as-of" in selected:
        rows += await guarded("as of D", lambda: asof.measure(dbname))
    if selected & LIVE:
        log("starting Temporal, a worker, the API and the bare app ...")
        async with live(dbname) as stack:
            rows.append(
                info("API start until its read model caught up", stack.catch_up_seconds, "s",
                     note="after the rebuild above" if "rebuild" in selected else "")
            )  # fmt: skip
            if "reads" in selected:
                pending = campaign_id(min(plans(portfolio.size), key=lambda p: p.tasks).code)
                await starter.start_campaign(stack.env.client, stack.task_queue, pending, YEAR)
                reading = reads.measure(stack, portfolio.size, str(pending), samples.reads)
                rows += await guarded("reads", reading)
            if "writes" in selected:
                rows += await guarded("writes", _writes(stack, portfolio, dbname, samples.writes))
            if "checkin" in selected:
                checking = checkin.measure(stack.env, stack.store, samples.checkin)
                rows += await guarded("check-in", checking)
    if "steps" in selected:
        store = Xiuhua(env=pg_env(dbname))
        try:
            rows += await guarded(
                "workflow steps", lambda: steps.measure(store, samples.large_campaign)
            )
            rows += await guarded(
                "workflow steps on the portfolio",
                lambda: steps.on_the_portfolio(store, portfolio.size),
            )
        finally:
            store.close()
    return rows


async def _writes(stack: Live, portfolio: Portfolio, dbname: str, count: int) -> list[Row]:
    found = writes.candidates(stack.store, portfolio.size, 3 * count + 6)
    count = min(count, (len(found) - 6) // 3)
    pool: Iterator[writes.Candidate] = iter(found)
    rows = writes.application(stack.store, dbname, pool, count)
    api_part = found[-(count + 3) :]
    for cid in dict.fromkeys(c.campaign_id for c in api_part):
        await starter.start_campaign(stack.env.client, stack.task_queue, cid, YEAR)
    rows += await writes.through_api(stack, dbname, iter(api_part), count)
    return rows


def main(argv: list[str] | None = None, out: Callable[[str], None] = print) -> list[Row]:
    args = parse(argv)
    started = time.perf_counter()
    rows = asyncio.run(run(args))
    out(f"size: {args.size}; benchmarks: {', '.join(args.selected)}; "
        f"{time.perf_counter() - started:.0f} s in all")  # fmt: skip
    out(render(rows))
    if args.markdown:
        out(markdown(rows))
    return rows


if __name__ == "__main__":
    main()
