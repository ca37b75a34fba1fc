"""Helpers shared by the benchmarks: binaries, a scratch store, a campaign of N tasks."""

from __future__ import annotations

import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

from domain.application import CampaignSpec, TaskSpec, Xiuhua
from domain.commands import DefineCampaign, LaunchCampaign
from domain.values import Actor, Attribute, Indicator

BIN = Path(sys.executable).parent
TEST_SERVER = str(BIN / "temporal-test-server")
DEV_SERVER = str(BIN / "temporal")
COORDINATOR = Actor("bench", "专班")


@contextmanager
def scratch_store() -> Iterator[Xiuhua]:
    """A SQLite store in a temporary directory, removed afterwards."""
    directory = tempfile.mkdtemp(prefix="xiuhua-bench-")
    store = Xiuhua(
        env={
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": f"{directory}/events.sqlite",
        }
    )
    try:
        yield store
    finally:
        store.close()
        shutil.rmtree(directory, ignore_errors=True)


def campaign_spec(
    code: str, year: int, tasks: int, start_month: int = 1, units: int = 5
) -> CampaignSpec:
    return CampaignSpec(
        code=code,
        name=f"bench {code}",
        task_force="专班",
        year=year,
        start_period=f"{year}-{start_month:02d}",
        tasks=tuple(
            TaskSpec(
                number=str(n + 1),
                title=f"task {n + 1}",
                lead_units=(f"unit-{n % units}",),
                indicators=(
                    Indicator(
                        "v",
                        "value",
                        "个",
                        Decimal(0),
                        Decimal(120),
                        Attribute.BINDING,
                        date(year, 12, 31),
                    ),
                ),
            )
            for n in range(tasks)
        ),
    )


def define_and_launch(store: Xiuhua, spec: CampaignSpec, now: datetime) -> object:
    """A campaign defined and launched at `now`; its id."""
    cid = store.define_campaign(DefineCampaign(spec, actor=COORDINATOR, now=now)).campaign_id
    store.launch_campaign(LaunchCampaign(cid, actor=COORDINATOR, now=now))
    return cid
