"""The direction of the prover's imports (issue 16): strategies receive the recursive search from their goal's
context (`Context.prover`) and never import it, counting imports inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import sympy as sp

STRATEGIES = Path(__file__).resolve().parent.parent / "identities" / "prover" / "strategies"


def imported(path: Path) -> set[str]:
    """Every module `path` imports, written as it is (relative imports with their dots), at any depth."""
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            names.add("." * node.level + (node.module or ""))
        elif isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
    return names


def test_no_strategy_imports_the_search():
    modules = sorted(STRATEGIES.glob("*.py"))
    assert len(modules) >= 8
    offending = {p.name: sorted(n for n in imported(p) if n.endswith("search")) for p in modules}
    assert {k: v for k, v in offending.items() if v} == {}


def test_the_search_hands_itself_to_the_strategies(monkeypatch):
    import identities.prover.search as search
    from identities.prover.goal import Goal

    seen = []

    def spy(goal):
        seen.append(goal.context.prover)

    monkeypatch.setattr(search, "STRATEGIES", (("spy", spy, 1.0),))
    x = sp.Symbol("x", real=True)
    assert search.prove_goal(Goal(x, x + 1)) is None
    assert seen == [search.prove_goal]
