"""Plan files kept between an import's dry run and its save are let go a week after a dry run
that was never stored, when the next file comes in; a newer one stays."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from domain.application import Xiuhua
from infra.readmodel import ReadModel
from infra.work.uploads import Uploads


def test_a_dry_run_never_stored_is_let_go_a_week_later(app: Xiuhua) -> None:
    model = ReadModel.for_app(app)
    try:
        uploads = Uploads(model.backend)
        start = datetime(2093, 3, 1, 2, tzinfo=UTC)
        old = uploads.put(b"a,b\n", "old.csv", "zhou", start)
        fresh = uploads.put(b"c,d\n", "fresh.csv", "zhou", start + timedelta(days=6))
        assert uploads.get(old.hash) is not None
        uploads.put(b"e,f\n", "next.csv", "zhou", start + timedelta(days=7, minutes=1))
        assert uploads.get(old.hash) is None
        kept = uploads.get(fresh.hash)
        assert kept is not None and kept.data == b"c,d\n"
        again = uploads.put(b"c,d\n", "renamed.csv", "li", start + timedelta(days=7, minutes=2))
        renamed = uploads.get(fresh.hash)
        assert again.hash == fresh.hash and renamed is not None
        assert renamed.filename == "renamed.csv"
    finally:
        model.close()
