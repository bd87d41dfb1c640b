"""Behaviour-preserving changes to SymPy 1.14: speed-ups the prover depends on, and a fixed order for the
assumptions system

Profiling the catalog (`docs`: "Where the time goes") showed a fifth of the prover's time in one loop inside SymPy:

- `Sum.free_symbols` (`ExprWithLimits.free_symbols`) masks each bound variable with ``function.xreplace(reps)``
  where `reps` maps an ordinary index to *itself*. `xreplace` counts a rule that maps a node to itself as a change,
  so the whole body of the sum is rebuilt on every call, and `free_symbols` is asked for constantly (by
  `is_number`, by the assumptions, by `has`).
- Rebuilding the body rebuilds every `MatrixElement` `W[i, j]`, and `MatrixElement.__new__` checks its indices
  with `MatrixSymbol.valid_index`, four symbolic comparisons (`i >= -n`, `i < n`, …) that each go through the
  assumptions system.

- The assumptions system (`sympy.core.assumptions._ask`) shuffles the facts it asks next with a generator seeded
  from the operating system, after taking them out of a set (whose order follows the process's string-hash seed).
  SymPy does this on purpose, to expose handlers that contradict the inference rules; for a prover it makes the
  order of every query differ between processes, so a SymPy bug of that kind would make a verdict differ between
  runs. The facts are sorted by name instead: one order in every process, and cheaper (the shuffle was 4% of the
  catalog's profile).

- `Factors(d)` (`sympy.core.exprtools`, under `gcd_terms`, `factor_terms`, `cancel`) starts with
  ``d in (None, S.One)``; for a dict `d` Python then asks ``S.One == d``, and SymPy converts the whole dict to a
  `Dict` to find out that it is not 1. This was 7% of the catalog's profile. A dict none of whose keys is 1, -1 or
  `I` (the keys SymPy's dict branch tidies) is now copied at once, which is all SymPy's dict branch does with it;
  any other argument goes to SymPy's own `__init__`.

The replacements compute the same results: `free_symbols` leaves out the identity entries of `reps` (replacing a
node by itself changes nothing), `valid_index` remembers its answer for the same matrix and indices (a pure
function of immutable arguments), and `Factors` does what SymPy's dict branch does with such a dict (a copy).
`tests/test_sympy_speedups.py` compares each with SymPy's own on the expressions of the catalog's index-sum
claims, and checks that the assumptions system asks in one order under three string-hash seeds. They are applied
once, when `identities.vocabulary` is imported; `SYMPY_VERSIONS` names the SymPy versions whose code they reproduce,
and with any other version nothing is changed.

Main definitions
- `apply()`: install the replacements (idempotent).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

import sympy as sp
from sympy.concrete.expr_with_limits import ExprWithLimits
from sympy.core.cache import cacheit
from sympy.core.exprtools import Factors
from sympy.matrices.expressions.matexpr import MatrixExpr

SYMPY_VERSIONS = ("1.14.0",)
"""The versions whose code the replacements below reproduce (`ExprWithLimits.free_symbols` line for line)."""

assumptions = importlib.import_module("sympy.core.assumptions")  # `sympy.core.assumptions` is also a function's name

ORIGINAL: dict[str, Callable] = {}
"""SymPy's own functions, kept for the tests that compare them with the replacements."""


def _free_symbols(self: ExprWithLimits) -> set:
    """SymPy 1.14's `ExprWithLimits.free_symbols`, with the identity entries of `reps` left out of the xreplace.

    >>> i, n = sp.symbols("i n", integer=True)
    >>> x = sp.Symbol("x")
    >>> sorted(sp.Sum(x**i, (i, 0, n)).free_symbols, key=str)
    [n, x]
    """
    function, limits = self.function, self.limits
    reps = {i[0]: i[0] if i[0].free_symbols == {i[0]} else sp.Dummy() for i in limits}
    renamed = {k: v for k, v in reps.items() if k is not v}
    if renamed:
        function = function.xreplace(renamed)
    isyms = function.free_symbols
    for xab in limits:
        v = reps[xab[0]]
        if len(xab) == 1:
            isyms.add(v)
            continue
        if v in isyms:
            isyms.remove(v)
        for i in xab[1:]:
            isyms.update(i.free_symbols)
    back = {v: k for k, v in reps.items()}
    return {back.get(s, s) for s in isyms}


def _factors_init(self: Factors, factors=None) -> None:
    """SymPy's `Factors.__init__`, with a dict that needs no tidying copied directly.

    >>> Factors({sp.Symbol("x"): 2}).factors
    {x: 2}
    >>> Factors({sp.Symbol("x"): 2, sp.S.One: 1}).factors
    {x: 2}
    """
    if type(factors) is dict and not any(k is sp.I or k in (-1, 1) for k in factors):
        self.factors = factors.copy()
        self.gens = frozenset(self.factors)
        return
    ORIGINAL["factors_init"](self, factors)


def apply() -> None:
    """Install the replacements, once, and only over the SymPy versions they were written against."""
    if ORIGINAL or sp.__version__ not in SYMPY_VERSIONS:
        return
    ORIGINAL["free_symbols"] = ExprWithLimits.free_symbols.fget
    ORIGINAL["valid_index"] = MatrixExpr.valid_index
    ExprWithLimits.free_symbols = property(_free_symbols, doc=ExprWithLimits.free_symbols.__doc__)
    MatrixExpr.valid_index = cacheit(MatrixExpr.valid_index)
    ORIGINAL["shuffle"] = assumptions.shuffle
    assumptions.shuffle = list.sort  # sorts the list of fact names in place, as the shuffle permuted it
    ORIGINAL["factors_init"] = Factors.__init__
    Factors.__init__ = _factors_init
