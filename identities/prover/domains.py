"""Where a variable lives: its interval from its declaration and the claim's hypotheses

A claim's `assume` list often bounds a variable (0 < p < 1, −1 ≤ x ≤ 1). Strategies that work on one variable's
interval (case splits, Sturm counts, positive-coefficient tests) read it here.

Main definitions
- `variable_interval(x, hypotheses)`: the interval of x implied by its assumptions and by hypotheses x ⋈ c.
"""

from __future__ import annotations

import sympy as sp

from .goal import Interval
from .signs import constant_sign


def _declared(x: sp.Symbol) -> Interval:
    if x.is_positive:
        return Interval(x, sp.S.Zero, sp.oo)
    if x.is_nonnegative:
        return Interval(x, sp.S.Zero, sp.oo, lo_closed=True)
    if x.is_negative:
        return Interval(x, -sp.oo, sp.S.Zero)
    if x.is_nonpositive:
        return Interval(x, -sp.oo, sp.S.Zero, hi_closed=True)
    return Interval(x)


def _relations(hypotheses):
    for h in hypotheses:
        yield from (h.args if isinstance(h, sp.And) else (h,))


def _tighter(current: tuple[sp.Expr, bool], new: tuple[sp.Expr, bool], upper: bool) -> tuple[sp.Expr, bool]:
    (value, closed), (candidate, candidate_closed) = current, new
    if not value.is_finite:
        return new
    sign = constant_sign(candidate - value)
    if sign is None:
        return current
    if sign == 0:
        return value, closed and candidate_closed
    return new if (sign < 0) == upper else current


def variable_interval(x: sp.Symbol, hypotheses: tuple[sp.Basic, ...] = ()) -> Interval:
    """The interval of x: its declared sign, narrowed by every hypothesis of the form x ⋈ c (c a constant).

    >>> p = sp.Symbol("p", positive=True)
    >>> str(variable_interval(p, (p < 1,)))
    'p ∈ (0, 1)'
    """
    declared = _declared(x)
    lo, hi = (declared.lo, declared.lo_closed), (declared.hi, declared.hi_closed)
    for rel in _relations(hypotheses):
        if not isinstance(rel, sp.core.relational.Relational) or rel.rel_op in ("==", "!="):
            continue
        g = sp.expand(rel.lhs - rel.rhs)
        if g.free_symbols != {x} or not g.is_polynomial(x) or sp.degree(g, x) != 1:
            continue
        slope = g.coeff(x)
        bound = -(g - slope * x) / slope
        if constant_sign(slope) is None:
            continue
        strict = rel.rel_op in ("<", ">")
        upper = (rel.rel_op in ("<", "<=")) == (constant_sign(slope) > 0)
        if upper:
            hi = _tighter(hi, (bound, not strict), upper=True)
        else:
            lo = _tighter(lo, (bound, not strict), upper=False)
    return Interval(x, lo[0], hi[0], lo_closed=lo[1] and lo[0].is_finite, hi_closed=hi[1] and hi[0].is_finite)
