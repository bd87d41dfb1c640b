"""Signs that SymPy may not guess

SymPy decides the sign of a numeric expression by evaluating it at 2 digits, and gets some wrong: it reports
ln(1 + e^-25) − e^-25/2 as negative, while it is about +6.9·10^-12. A prover that asked SymPy would prove the false
claim ln(1 + e^-25) < e^-25/2. Here every closed constant (no free symbol, not a rational) is replaced by a symbol
whose sign is proved by a rigorous Arb enclosure (or left unknown); SymPy then only reasons structurally (sums of
positives are positive, exp is positive, …), which is sound.

Main definitions
- `constant_sign(c)`: +1, −1 or 0 proved rigorously, or None.
- `mask_constants(expr)`: closed subexpressions replaced by symbols carrying their proved signs.
- `is_positive(expr)`, `is_nonnegative(expr)`, `is_negative(expr)`: True only when proved.
"""

from __future__ import annotations

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from .numeric import Undecided, Undefined, enclose


def constant_sign(c: sp.Expr) -> int | None:
    """The sign of a closed real constant: exact for rationals, else from Arb balls at rising precision.

    >>> constant_sign(sp.log(1 + sp.exp(-25)) - sp.exp(-25) / 2)
    1
    """
    c = sp.sympify(c)
    if c.is_Rational:
        return int(bool(c > 0)) - int(bool(c < 0))
    if c.free_symbols:
        return None
    for prec in (64, 256, 1024, 4096):
        try:
            ball = enclose(c, prec)
        except Undecided:
            continue
        except (Undefined, ValueError, TypeError):
            return None
        if ball > 0:
            return 1
        if ball < 0:
            return -1
        if ball.is_zero():
            return 0
    return None


_SIGNED = {1: {"positive": True}, -1: {"negative": True}, None: {"real": True}}


def mask_constants(expr: sp.Basic) -> sp.Basic:
    """expr with each maximal closed non-rational subexpression replaced by a symbol of its proved sign, each
    matrix entry by a real symbol (every matrix of a claim is real) and each sum of positive terms over a
    non-empty range by a positive one (so that e.g. softmax(v)ᵢ = e^{vᵢ}/Σⱼe^{vⱼ} > 0 is seen)."""
    from .rules import positive_sum

    table: dict[sp.Basic, sp.Basic] = {}

    def walk(e: sp.Basic, bound: frozenset = frozenset()) -> None:
        if e.is_Rational or e in table or isinstance(e, sp.logic.boolalg.Boolean):
            return
        if isinstance(e, sp.Expr) and e.is_number and not e.free_symbols:
            sign = constant_sign(e)
            table[e] = sp.S.Zero if sign == 0 else sp.Dummy("c", **_SIGNED[sign])
            return
        if isinstance(e, MatrixElement) and not e.free_symbols & bound:  # an entry indexed by a bound index varies
            table[e] = sp.Dummy(f"{e.parent}_entry", real=True)
            return
        if isinstance(e, sp.Sum) and not e.free_symbols & bound and positive_sum(e):
            table[e] = sp.Dummy("S", positive=True)
            return
        inner = bound | {lim[0] for lim in e.limits} if isinstance(e, sp.concrete.expr_with_limits.ExprWithLimits) \
            else bound
        for a in e.args:
            walk(a, inner)

    walk(expr)
    return expr.xreplace(table) if table else expr


def is_positive(expr: sp.Expr) -> bool:
    """expr > 0 is proved (structurally, with closed constants' signs proved by enclosure)."""
    if not expr.free_symbols:
        return constant_sign(expr) == 1
    return bool(mask_constants(expr).is_positive)


def is_nonnegative(expr: sp.Expr) -> bool:
    """expr ≥ 0 is proved."""
    if not expr.free_symbols:
        return constant_sign(expr) in (0, 1)
    return bool(mask_constants(expr).is_nonnegative)


def is_negative(expr: sp.Expr) -> bool:
    """expr < 0 is proved."""
    return is_positive(-expr)
