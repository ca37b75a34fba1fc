"""The bare endpoint: a tiny FastAPI app that serves whatever bytes it was given, with the
content type it was given, and nothing else. Reads are measured against it.

    python -m bench.serve_bare PORT
PUT /payload/{key} (body, Content-Type) registers a payload; GET /bare/{key} serves it.
"""

from __future__ import annotations

import sys

import uvicorn
from fastapi import FastAPI, Request, Response

app = FastAPI()
PAYLOADS: dict[str, tuple[bytes, str]] = {}


@app.put("/payload/{key}")
async def register(key: str, request: Request) -> dict[str, int]:
    PAYLOADS[key] = (await request.body(), request.headers.get("content-type", ""))
    return {"bytes": len(PAYLOADS[key][0])}


@app.get("/bare/{key}")
def serve(key: str) -> Response:
    content, media_type = PAYLOADS[key]
    return Response(content, media_type=media_type)


@app.get("/health")
def health() -> dict[str, str]:
    return {"status": "ok"}


if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning")
