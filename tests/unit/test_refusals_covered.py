"""Every refusal the domain can raise has its Chinese on the pages (api/web/i18n_refusals.py).

The domain words many refusals in English only, and the pages find their Chinese by matching the
wording, so a reworded or new message would fall back to English without a word. This test
reads domain/ with `ast`: each raise site of the domain's errors (domain/errors.py), its message
as written there (a constant, an f-string, or a name assigned one, or a helper's return), each
f-string turned into a pattern and filled with values of the kind its placeholders name; it
fails naming every message no entry says in Chinese. A bilingual message ("中文 / English") needs
no entry: the page shows its Chinese half.
"""

from __future__ import annotations

import ast
import itertools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import domain
from api.web.i18n import bilingual_half
from api.web.i18n_refusals import in_chinese
from domain import errors

DOMAIN = Path(domain.__file__).parent
ERRORS = {
    name
    for name, value in vars(errors).items()
    if isinstance(value, type) and issubclass(value, errors.DomainError)
}
HOLE = "\x00"  # where an f-string's placeholder was, in a message's template
# The values a placeholder may stand for, tried in turn: what it names first, then the others.
SAMPLES = {
    "year": "2093",
    "period": "2093-03",
    "day": "2093-03-10",
    "number": "3",
    "code": "plan",
    "unit": "区房管局",
    "state": "submitted",
    "phase": "draft",
}
GUESSES = (
    (re.compile(r"year"), "year"),
    (re.compile(r"period|first|last|month|start_period|end_period"), "period"),
    (re.compile(r"isoformat|day|date|held|due|_on\b|today|deadline|done"), "day"),
    (re.compile(r"len\(|count|size|MAX|max|limit|index|total|\bn\b"), "number"),
    (re.compile(r"state"), "state"),
    (re.compile(r"phase"), "phase"),
    (re.compile(r"unit"), "unit"),
)
MAX_HOLES = 4


@dataclass(frozen=True)
class Refusal:
    where: str  # path:line of the raise
    template: str  # the message with HOLE for each placeholder
    holes: tuple[str, ...]  # each placeholder's source text

    def shown(self) -> str:
        """The message as written in domain/: its placeholders in braces."""
        return _filled(self.template, [f"{{{hole}}}" for hole in self.holes])

    def samples(self) -> Iterator[str]:
        """The message with each placeholder filled, the likeliest values first."""
        choices = [_ordered(hole) for hole in self.holes]
        for filled in itertools.islice(itertools.product(*choices), 5000):
            yield _filled(self.template, filled)


def _filled(template: str, values: Sequence[str]) -> str:
    parts = template.split(HOLE)
    return "".join(p + v for p, v in zip(parts, (*values, ""), strict=True))


def _ordered(hole: str) -> list[str]:
    first = [SAMPLES[kind] for pattern, kind in GUESSES if pattern.search(hole)]
    return list(dict.fromkeys([*first, *SAMPLES.values()]))


def _templates(
    node: ast.expr, scope: ast.AST, module: ast.Module
) -> list[tuple[str, tuple[str, ...]]]:  # noqa: E501
    """The message texts `node` may hold: (template, placeholders) each."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [(node.value, ())]
    if isinstance(node, ast.Constant) and node.value is None:
        return []  # a helper's "no problem"
    if isinstance(node, ast.JoinedStr):
        text, holes = "", []
        for part in node.values:
            if isinstance(part, ast.Constant):
                text += str(part.value)
            else:
                assert isinstance(part, ast.FormattedValue)
                text += HOLE
                holes.append(ast.unparse(part.value))
        return [(text, tuple(holes))]
    if isinstance(node, ast.IfExp):
        return _templates(node.body, scope, module) + _templates(node.orelse, scope, module)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [
            (a + b, ha + hb)
            for a, ha in _templates(node.left, scope, module)
            for b, hb in _templates(node.right, scope, module)
        ]
    if isinstance(node, ast.Name):  # assigned in the function that raises
        return [
            t
            for assign in ast.walk(scope)
            if isinstance(assign, ast.Assign)
            and any(isinstance(x, ast.Name) and x.id == node.id for x in assign.targets)
            for t in _templates(assign.value, scope, module)
        ]
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):  # a helper's returns
        helpers = [f for f in _functions(module) if f.name == node.func.id] or [
            f for f in _everywhere() if f.name == node.func.id
        ]
        return [
            t
            for helper in helpers
            for ret in ast.walk(helper)
            if isinstance(ret, ast.Return) and ret.value is not None
            for t in _templates(ret.value, helper, module)
        ]
    raise AssertionError(f"a refusal's message the test cannot read: {ast.unparse(node)}")


def _functions(tree: ast.AST) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef | ast.AsyncFunctionDef)]


def _everywhere() -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    return [f for path in sorted(DOMAIN.rglob("*.py")) for f in _functions(_parse(path))]


def _parse(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def _error_class(call: ast.Call) -> str | None:
    func = call.func
    name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
    return name if name in ERRORS else None


def _message(call: ast.Call) -> ast.expr | None:
    given = {k.arg: k.value for k in call.keywords}
    if len(call.args) >= 2:
        return call.args[1]
    return given.get("message")


def refusals() -> list[Refusal]:
    """Every message a raise of the domain's errors can carry, from domain/'s source."""
    found: list[Refusal] = []
    for path in sorted(DOMAIN.rglob("*.py")):
        module = _parse(path)
        scopes = [module, *_functions(module)]
        for scope in scopes:
            for node in (n for stmt in scope.body for n in ast.walk(stmt)):
                if not (isinstance(node, ast.Call) and _error_class(node)):
                    continue
                if scope is module and any(node in set(ast.walk(f)) for f in _functions(module)):
                    continue  # read with its function, where its names are assigned
                message = _message(node)
                assert message is not None, f"{path}:{node.lineno}: a refusal without a message"
                where = f"{path.relative_to(DOMAIN.parent)}:{node.lineno}"
                for template, holes in _templates(message, scope, module):
                    found.append(Refusal(where, template, holes))
    return list({(r.where, r.template): r for r in found}.values())


def bilingual(template: str) -> bool:
    """Said in both languages already: the page shows its Chinese half."""
    sample = template.replace(HOLE, "x")
    return bilingual_half(sample, "zh") != sample


def said_in_chinese(refusal: Refusal) -> bool:
    if len(refusal.holes) > MAX_HOLES:
        raise AssertionError(f"{refusal.where}: too many placeholders to try: {refusal.shown()}")
    return any(in_chinese(sample) is not None for sample in refusal.samples())


def test_the_scan_finds_the_domains_refusals_of_every_kind() -> None:
    found = refusals()
    assert len(found) > 100  # domain/ raised about 120 when this test was written
    texts = {r.template for r in found}
    assert "must not be empty" in texts  # a constant
    assert f"is {HOLE} characters; at most {HOLE} allowed" in texts  # an f-string
    assert any("is not a registered unit or group" in t for t in texts)  # a name assigned one
    assert any(t.startswith("含有控制字符") for t in texts)  # a helper's bilingual return


def test_every_refusal_the_domain_raises_has_its_chinese() -> None:
    missing = [
        f"{r.where}: {r.shown()}"
        for r in refusals()
        if not bilingual(r.template) and not said_in_chinese(r)
    ]
    assert not missing, "no Chinese in api/web/i18n_refusals.py for:\n" + "\n".join(missing)
