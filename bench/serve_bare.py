"""The bare endpoints: a tiny FastAPI app that serves whatever bytes it was given, with the
content type it was given, and nothing else (reads are measured against it); and one that takes
a report's JSON and stores it as one raw row, as a write's floor in this stack.

    python -m bench.serve_bare PORT [DBNAME]
PUT /payload/{key} (body, Content-Type) registers a payload; GET /bare/{key} serves it.
POST /bare/insert (a report's body) validates it and INSERTs one row shaped like a stored event
into the write benchmark's raw table in DBNAME, committed, on a pooled connection.
"""

from __future__ import annotations

import json
import sys
import uuid
from decimal import Decimal

import uvicorn
from fastapi import FastAPI, Request, Response
from psycopg_pool import ConnectionPool
from pydantic import BaseModel

from bench.stores import PG

app = FastAPI()
PAYLOADS: dict[str, tuple[bytes, str]] = {}
POOL: list[ConnectionPool] = []
RAW_TABLE = "bench_raw_events"  # bench/writes.py creates it before the first POST


class ReportBody(BaseModel):
    period: str
    actuals: dict[str, Decimal]
    progress: str


@app.put("/payload/{key}")
async def register(key: str, request: Request) -> dict[str, int]:
    PAYLOADS[key] = (await request.body(), request.headers.get("content-type", ""))
    return {"bytes": len(PAYLOADS[key][0])}


@app.get("/bare/{key}")
def serve(key: str) -> Response:
    content, media_type = PAYLOADS[key]
    return Response(content, media_type=media_type)


@app.post("/bare/insert")
def insert(body: ReportBody) -> dict[str, int]:
    state = json.dumps(body.model_dump(mode="json"), ensure_ascii=False).encode()
    with POOL[0].connection() as conn:
        row = conn.execute(
            f"INSERT INTO {RAW_TABLE} (originator_id, originator_version, topic, state) "
            "VALUES (%s, 1, %s, %s) RETURNING notification_id",
            (uuid.uuid4(), "bench:ReportSubmitted", state),
        ).fetchone()
    return {"position": int(row[0]) if row else 0}


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


if __name__ == "__main__":
    if len(sys.argv) > 2:
        conninfo = " ".join(f"{k}={v}" for k, v in PG.items() if v is not None)
        POOL.append(ConnectionPool(f"{conninfo} dbname={sys.argv[2]}", min_size=1, max_size=4))
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
