"""Schemathesis over the app's own OpenAPI document: every operation, generated inputs that fit
the schema and inputs that break it, as a coordinator and as a lead unit; no answer may be a 5xx.

Bounded and repeatable: a fixed number of examples per operation, derandomized (the same inputs
every run), no example database, no shrinking. The app runs in process on the test's store with
the time-skipping Temporal server; path parameters are the ids of a real launched campaign, so
generated bodies reach the commands instead of stopping at a 404.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import Phase as HypothesisPhase
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode

from tests.api.harness import COORDINATOR, lead
from tests.conftest import sqlite_env

EXAMPLES = {GenerationMode.POSITIVE: 15, GenerationMode.NEGATIVE: 10}
# The operations are taken in shards, each its own test, so the workers share the run.
SHARDS = 4
TOKENS = {"coordinator": COORDINATOR, "lead": lead()}


@pytest.fixture
def store_env(tmp_path: Path) -> Iterator[dict[str, str]]:
    """SQLite only: the border is the same on both backends, and the run stays within its budget."""
    yield sqlite_env(tmp_path)


def _request(case: Any, headers: dict[str, str]) -> dict[str, Any]:
    """The generated request as TestClient (httpx) arguments."""
    kwargs = case.as_transport_kwargs(base_url="http://testserver")
    kwargs["headers"] = {**(kwargs.get("headers") or {}), **headers}
    kwargs.pop("cookies", None)
    data = kwargs.pop("data", None)
    if isinstance(data, str):
        data = data.encode()
    if isinstance(data, bytes):
        kwargs["content"] = data
    elif data is not None:
        kwargs["data"] = data
    return kwargs


class Tally:
    """What the run answered, and every 5xx (or exception) with the request that caused it."""

    def __init__(self) -> None:
        self.failures: list[str] = []
        self.answered: dict[int, int] = {}
        self.unsatisfiable: list[str] = []

    def explore(
        self, api: TestClient, strategy: Any, examples: int, label: str, headers: dict[str, str]
    ) -> None:
        @settings(
            max_examples=examples,
            derandomize=True,
            database=None,
            deadline=None,
            phases=[HypothesisPhase.explicit, HypothesisPhase.generate],
            suppress_health_check=list(HealthCheck),
        )
        @given(case=strategy)
        def call(case: Any) -> None:
            kwargs = _request(case, headers)
            where = f"{label} {kwargs['method']} {kwargs['url']}"
            try:
                response = api.request(**kwargs)
            except Exception as error:  # the app raised: what a server answers with a 500
                self.failures.append(f"{where}: raised {error!r}")
                return
            status = response.status_code
            self.answered[status] = self.answered.get(status, 0) + 1
            if status >= 500:
                self.failures.append(f"{where}: {status} {response.text[:300]}")

        try:
            call()
        except Unsatisfiable:  # an operation without parameters has no input to get wrong
            self.unsatisfiable.append(label)


@pytest.mark.parametrize("shard", range(SHARDS))
def test_no_generated_request_gets_a_server_error(
    api: TestClient, launched: dict[str, Any], shard: int
) -> None:
    schema = schemathesis.openapi.from_dict(api.get("/openapi.json").json())
    known = {"campaign_id": launched["id"], "task_id": launched["tasks"]["1"]}
    tally = Tally()
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 40, len(operations)  # the whole document, not a part of it
    for operation in operations[shard::SHARDS]:
        fixed = {k: v for k, v in known.items() if f"{{{k}}}" in operation.path}
        for mode, examples in EXAMPLES.items():
            strategy = operation.as_strategy(generation_mode=mode, path_parameters=fixed)
            for role, headers in TOKENS.items():
                tally.explore(api, strategy, examples, f"{role} {mode.value}", headers)

    assert sum(tally.answered.values()) > 500 // SHARDS, tally.answered
    assert sum(n for status, n in tally.answered.items() if status < 300) > 100 // SHARDS, (
        tally.answered
    )
    assert not tally.failures, "\n".join(tally.failures[:20])
