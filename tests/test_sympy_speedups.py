"""The SymPy speed-ups compute what SymPy computes, on every sum and matrix entry of the catalog's claims"""

from __future__ import annotations

import functools

import pytest
import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from identities import sympy_speedups
from identities.check import load
from identities.problem import compile_claim
from identities.prover.engine import prepare

pytestmark = pytest.mark.skipif(not sympy_speedups.ORIGINAL, reason="the speed-ups apply to SymPy 1.14.0 only")


@functools.cache
def catalog_nodes() -> tuple[list, list]:
    """Every sum and matrix entry of the catalog's claims, as written and prepared (computed once, when a test first
    asks: about 8 s, which an xdist worker running none of these tests does not pay at collection)."""
    sums, entries = set(), set()
    items, _ = load([])
    for claim in items:
        try:
            problem = compile_claim(claim)
            prepared = prepare(problem)
        except Exception:  # a claim that does not compile has no sums to compare
            continue
        for side in (problem.lhs, problem.rhs, prepared.lhs, prepared.rhs):
            for node in sp.preorder_traversal(sp.sympify(side)):
                if isinstance(node, sp.Sum):
                    sums.add(node)
                elif isinstance(node, MatrixElement):
                    entries.add(node)
    return sorted(sums, key=sp.default_sort_key), sorted(entries, key=sp.default_sort_key)


def test_the_catalog_has_sums_and_symbolic_entries_to_compare():
    sums, entries = catalog_nodes()
    assert len(sums) >= 50
    assert sum(1 for e in entries if not e.i.is_Integer) >= 20


def test_free_symbols_of_every_catalog_sum_are_sympys():
    sums, _ = catalog_nodes()
    original = sympy_speedups.ORIGINAL["free_symbols"]
    assert [s.free_symbols for s in sums] == [original(s) for s in sums]


def test_free_symbols_of_a_sum_over_a_non_symbol_index_are_sympys():
    i, n = sp.symbols("i n", integer=True)
    x = sp.IndexedBase("x")
    for expr in (sp.Sum(x[i] * i, (x[i], 0, n)), sp.Integral(i * n, n), sp.Sum(x[i], (i, 0, n), (n, 1, 3))):
        assert expr.free_symbols == sympy_speedups.ORIGINAL["free_symbols"](expr)


def test_valid_index_of_every_catalog_entry_is_sympys():
    _, entries = catalog_nodes()
    original = sympy_speedups.ORIGINAL["valid_index"]
    n = sp.Symbol("n", integer=True, positive=True)
    k = sp.Symbol("k", integer=True)
    for entry in entries:
        matrix, i, j = entry.args
        for indices in ((i, j), (k, j), (i, n), (n, n - 1), (-n, 0)):
            assert matrix.valid_index(*indices) == original(matrix, *indices), (entry, indices)


def test_factors_of_every_catalog_sum_are_sympys(monkeypatch):
    from sympy.core.exprtools import Factors

    sums, _ = catalog_nodes()
    terms = [t for s in sums for t in sp.Add.make_args(s.function)]
    assert len(terms) >= 50
    ours = [(Factors(t.as_powers_dict()).factors, sp.gcd_terms(t), sp.factor_terms(t)) for t in terms]
    monkeypatch.setattr(Factors, "__init__", sympy_speedups.ORIGINAL["factors_init"])
    sympys = [(Factors(t.as_powers_dict()).factors, sp.gcd_terms(t), sp.factor_terms(t)) for t in terms]
    assert ours == sympys


def test_factors_of_dicts_with_keys_sympy_tidies_are_sympys(monkeypatch):
    from sympy.core.exprtools import Factors

    x = sp.Symbol("x")
    dicts = [{}, {x: 2}, {sp.S.NegativeOne: 1, x: 2}, {sp.I: 3, x: 1}, {sp.S.One: 2}, {sp.Float(1.0): 1, x: -1},
             {sp.S.NegativeOne: sp.Rational(1, 2)}]
    ours = [(f.factors, f.gens) for f in map(Factors, dicts)]
    monkeypatch.setattr(Factors, "__init__", sympy_speedups.ORIGINAL["factors_init"])
    assert ours == [(f.factors, f.gens) for f in map(Factors, dicts)]


ASKED = """
import sympy as sp
import identities.vocabulary
import importlib
assumptions = importlib.import_module("sympy.core.assumptions")
asked, ask = [], assumptions._ask
def recording(fact, obj):
    asked.append(fact)
    return ask(fact, obj)
assumptions._ask = recording
x, y = sp.symbols("x y", real=True)
n = sp.Symbol("n", integer=True, positive=True)
for expr in (sp.exp(x) / (1 + sp.exp(-y)), x**2 + y**2 + n, sp.log(1 + sp.exp(x)) - n * y, sp.Abs(x - y) / n):
    for fact in ("positive", "nonnegative", "zero", "integer", "finite", "even"):
        getattr(expr, "is_" + fact)
print(" ".join(asked))
"""


def test_the_assumptions_system_asks_in_the_same_order_in_every_process():
    import subprocess
    import sys

    runs = [subprocess.run([sys.executable, "-c", ASKED], capture_output=True, text=True, check=True,
                           env={"PYTHONHASHSEED": seed, "PATH": ""}).stdout for seed in ("1", "2", "3")]
    assert len(runs[0].split()) > 50
    assert runs[0] == runs[1] == runs[2]
