"""The pages' own assets, served by the app: one style sheet, and plotly's JavaScript from the
installed package, and the dashboards page's own script: nothing from a CDN."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

from api.access import PUBLIC, allow

router = APIRouter(prefix="/static", include_in_schema=False)
STATIC = Path(__file__).parent / "static"
CACHE = {"Cache-Control": "public, max-age=3600"}


@cache
def _plotly() -> bytes:
    from plotly.offline import get_plotlyjs  # imported on first use: it is a large module

    return get_plotlyjs().encode("utf-8")


@router.get("/style.css", dependencies=[allow(PUBLIC)])
def style() -> Response:
    """The one style sheet."""
    return Response((STATIC / "style.css").read_bytes(), media_type="text/css", headers=CACHE)


@router.get("/plotly.min.js", dependencies=[allow(PUBLIC)])
def plotly_js() -> Response:
    """plotly.js as the installed plotly package ships it."""
    return Response(_plotly(), media_type="text/javascript", headers=CACHE)


@router.get("/dashboards.js", dependencies=[allow(PUBLIC)])
def dashboards_js() -> Response:
    """The dashboards page's script: draws each figure from the JSON written beside it."""
    body = (STATIC / "dashboards.js").read_bytes()
    return Response(body, media_type="text/javascript", headers=CACHE)
