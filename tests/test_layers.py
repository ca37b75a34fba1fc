"""The layering reads top to bottom: each layer imports only the layers below it.

launcher   infra/launch/   CLI, the embedded stack, the dev server, the demo
           (and workflows/worker.py, which assembles the Temporal worker)
api        api/            FastAPI routes, access rules, presenters
adapters   infra/ (else)   settings, store, read model, outbox, importer, exports
workflows  workflows/      Temporal workflow, activities, worker, starter
domain     domain/         aggregates, rules, calendar: no I/O, no clock
dashboards dashboards/     plotly figures from read-model rows (beside api)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
OURS = ("domain", "workflows", "api", "dashboards", "infra")


# The module that builds the Temporal worker is an entry point (it picks the official holiday
# calendar, an adapter), so it stands with the launcher.
ENTRY_POINTS = {"workflows.worker": "launcher"}


def layer(module: str) -> str:
    if module in ENTRY_POINTS:
        return ENTRY_POINTS[module]
    if module.startswith("infra.launch"):
        return "launcher"
    if module.startswith("infra"):
        return "adapters"
    return module.split(".")[0]


ALLOWED = {
    "domain": {"domain"},
    "workflows": {"workflows", "domain"},
    "adapters": {"adapters", "workflows", "domain"},
    "dashboards": {"dashboards", "adapters", "domain"},
    "api": {"api", "dashboards", "adapters", "workflows", "domain"},
    "launcher": {"launcher", "api", "dashboards", "adapters", "workflows", "domain"},
}


def modules() -> list[tuple[str, Path]]:
    found = []
    for top in OURS:
        for path in sorted((ROOT / top).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            found.append((".".join(p for p in parts if p != "__init__"), path))
    return found


def imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {n for n in names if n.split(".")[0] in OURS}


@pytest.mark.parametrize(("module", "path"), modules(), ids=lambda v: str(v))
def test_a_module_imports_only_the_layers_below_it(module: str, path: Path) -> None:
    mine = layer(module)
    wrong = sorted(n for n in imported(path) if layer(n) not in ALLOWED[mine])
    assert not wrong, f"{module} ({mine}) imports {wrong}"


def test_the_check_sees_an_import_that_goes_up(tmp_path: Path) -> None:
    source = tmp_path / "bad.py"
    source.write_text("from api.app import create_app\nimport infra.launch.stack\n")
    assert {layer(n) for n in imported(source)} == {"api", "launcher"}
    assert "api" not in ALLOWED["adapters"]
