"""Exact real numbers: ordering and choosing points without floating point

Main definitions
- `sort_exact(values)`: real numbers (rational or algebraic) in increasing order, by exact comparison.
- `rational_between(lo, hi)`: a rational strictly between two reals (either may be infinite).
- `relation_holds(op, d)`: d ⋈ 0 for a relation's operator, d a sign or an exact number.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import cmp_to_key

import sympy as sp


def _compare(a: sp.Expr, b: sp.Expr) -> int:
    """Exact for rationals, by rigorous enclosure otherwise (SymPy's own comparison may round)."""
    from .prover.signs import constant_sign

    if a == b:
        return 0
    sign = constant_sign(a - b)
    if sign is None:
        raise ValueError(f"cannot order {a} and {b}")
    return sign


def sort_exact(values: Iterable[sp.Expr]) -> list[sp.Expr]:
    """Distinct real numbers in increasing order.

    >>> sort_exact([sp.sqrt(2), sp.Rational(3, 2), 1, sp.sqrt(2)])
    [1, sqrt(2), 3/2]
    """
    return sorted(dict.fromkeys(values), key=cmp_to_key(_compare))


def rational_between(lo: sp.Expr, hi: sp.Expr) -> sp.Rational:
    """A rational q with lo < q < hi (lo < hi; ±oo allowed).

    >>> rational_between(sp.sqrt(2), sp.Rational(3, 2))
    23/16
    """
    if lo is -sp.oo and hi is sp.oo:
        return sp.S.Zero
    if lo is -sp.oo:
        return sp.floor(hi) - 1
    if hi is sp.oo:
        return sp.ceiling(lo) + 1
    if lo.is_Rational and hi.is_Rational:
        return (lo + hi) / 2
    scale = 1
    while True:
        candidate = sp.Rational(sp.floor(lo * scale) + 1, scale)
        if _compare(candidate, hi) < 0 and _compare(lo, candidate) < 0:
            return candidate
        scale *= 2


def relation_holds(op: str, d: int | sp.Rational) -> bool:
    """d ⋈ 0 for the operator ⋈ of a relation (`<`, `<=`, `>`, `>=`, `==`, `!=`), d a sign or an exact number.

    >>> relation_holds("<=", 0), relation_holds(">", sp.Rational(-1, 3))
    (True, False)
    """
    return {"<": d < 0, "<=": d <= 0, ">": d > 0, ">=": d >= 0, "==": d == 0, "!=": d != 0}[op]
