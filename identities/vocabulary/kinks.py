"""Kinks: values of non-smooth functions where no formula decides them

A kink is a point where a function such as ReLU, |x| or the Heaviside step is not differentiable (or, for the
step, where its value is a matter of convention). proofsheet never picks such a value silently, as SymPy does
(`diff(Max(0, x), x)` is `Heaviside(x)` with value 1/2 at 0): the value is a `KinkValue` symbol until a claim's
`conventions` table replaces it. A claim whose truth at a point depends on a `KinkValue` is proved on the domain
minus that point, and says so.

Main definitions
- `KinkValue`: the symbol standing for an unspecified value at a kink.
- `CONVENTIONS`: the conventions a claim may declare, with the values they admit.
- `open_condition`: the interior of a piecewise condition (where a piece holds on a neighbourhood).
- `piecewise_derivative`: the derivative of a univariate piecewise function, exact at its breakpoints.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp
from sympy.logic.boolalg import Boolean, BooleanFalse, BooleanTrue

from ..exact import rational_between, sort_exact

CONVENTIONS: dict[str, tuple[str, ...]] = {
    "heaviside_at_0": ("0", "1", "1/2"),
    "relu_prime_at_0": ("0", "1", "1/2"),
    "abs_prime_at_0": ("0",),
}
"""Convention name -> the values a claim may choose for it."""


class KinkValue(sp.Symbol):
    """The unspecified value of a function at a kink, e.g. ReLU'(0) when no convention is declared.

    >>> KinkValue("relu_prime_at_0").is_real
    True
    """

    def __new__(cls, name: str) -> KinkValue:
        return super().__new__(cls, name, real=True)

    def __getnewargs_ex__(self):
        return ((self.name,), {})

    def _latex(self, printer) -> str:
        return r"\kappa_{\mathrm{%s}}" % self.name.replace("_", r"\_")


HEAVISIDE_AT_0 = KinkValue("heaviside_at_0")
RELU_PRIME_AT_0 = KinkValue("relu_prime_at_0")
ABS_PRIME_AT_0 = KinkValue("abs_prime_at_0")
KINK = KinkValue("kink")
"""The value of a derivative at a breakpoint no convention names (e.g. hardtanh' at ±1)."""

MARKERS = {"heaviside_at_0": HEAVISIDE_AT_0, "relu_prime_at_0": RELU_PRIME_AT_0, "abs_prime_at_0": ABS_PRIME_AT_0}


def apply_conventions(expr: sp.Basic, conventions: Mapping[str, sp.Expr]) -> sp.Basic:
    """Replace each kink marker by the value its convention declares; undeclared markers stay.

    >>> x = sp.Symbol("x", real=True)
    >>> apply_conventions(sp.Heaviside(x, HEAVISIDE_AT_0), {"heaviside_at_0": sp.S.Zero})
    Heaviside(x, 0)
    """
    table = {MARKERS[name]: value for name, value in conventions.items() if name in MARKERS}
    return expr.xreplace(table) if table else expr


def has_kink_values(expr: sp.Basic) -> bool:
    """True when `expr` still contains an unspecified kink value."""
    return any(isinstance(s, KinkValue) for s in expr.free_symbols)


def _strict(rel: sp.core.relational.Relational) -> Boolean:
    """Interior of one relation g ⋈ 0: `>=` becomes `>`, `<=` becomes `<`, `Eq` is nowhere open."""
    if isinstance(rel, sp.Ge):
        return sp.Gt(rel.lhs, rel.rhs)
    if isinstance(rel, sp.Le):
        return sp.Lt(rel.lhs, rel.rhs)
    if isinstance(rel, sp.Eq):
        return sp.false
    return rel


def open_condition(cond: Boolean, variable: sp.Symbol | None = None) -> Boolean:
    """A condition that implies `cond` on a neighbourhood: the interior for continuous relations.

    With `variable`, relations that do not involve it are kept as they are (a neighbourhood in that variable).

    >>> x = sp.Symbol("x", real=True)
    >>> open_condition(sp.And(x >= 0, x <= 1))
    (x > 0) & (x < 1)
    >>> open_condition(sp.Not(x > 0))
    x < 0
    >>> open_condition(sp.ITE(x > 0, x < 1, x > -1))
    ((x > -1) & (x < 0)) | ((x > 0) & (x < 1))
    """
    if isinstance(cond, (BooleanTrue, BooleanFalse)):
        return cond
    if variable is not None and not cond.has(variable):
        return cond
    if cond.has(sp.ITE):  # if-then-else, as SymPy writes max(a, min(b, c)): (p ∧ q) ∨ (¬p ∧ r)
        cond = cond.replace(lambda e: isinstance(e, sp.ITE),
                            lambda e: sp.Or(sp.And(e.args[0], e.args[1]), sp.And(sp.Not(e.args[0]), e.args[2])))
    if isinstance(cond, sp.Not):
        pushed = sp.to_nnf(cond)
        return sp.false if isinstance(pushed, sp.Not) else open_condition(pushed, variable)
    if isinstance(cond, sp.core.relational.Relational):
        return _strict(cond)
    if isinstance(cond, (sp.And, sp.Or)):
        return type(cond)(*[open_condition(c, variable) for c in cond.args])
    return sp.false


def disjoint_pieces(pw: sp.Piecewise) -> list[tuple[sp.Expr, Boolean]]:
    """The pieces of `pw` with conditions made disjoint: piece i holds on c_i ∧ ¬c_0 ∧ … ∧ ¬c_{i-1}."""
    pieces, before = [], []
    for expr, cond in pw.args:
        pieces.append((expr, sp.And(cond, *[sp.Not(c) for c in before])))
        before.append(cond)
    return pieces


def _breakpoints(pw: sp.Piecewise, t: sp.Symbol) -> list[sp.Expr] | None:
    """Sorted real points where some condition of `pw` changes, when all are exact numbers; else None."""
    points: set[sp.Expr] = set()
    for _, cond in pw.args:
        for rel in cond.atoms(sp.core.relational.Relational):
            g = rel.lhs - rel.rhs
            if g.free_symbols - {t}:
                return None
            try:
                poly = sp.Poly(g, t)
            except sp.PolynomialError:
                return None
            if poly.degree() < 1:
                continue
            points.update(sp.real_roots(poly))
    if not all(p.is_number and p.is_real for p in points):
        return None
    return sort_exact(points)


def piecewise_derivative(pw: sp.Piecewise, t: sp.Symbol, kink: sp.Expr = KINK) -> sp.Expr:
    """d/dt of a piecewise function of one variable t, honest at breakpoints.

    Inside each interval the derivative is that of the piece; at a breakpoint c it is the common value of the
    one-sided derivatives when the function is continuous at c and they agree, else `kink` (no value).

    >>> t = sp.Symbol("t", real=True)
    >>> piecewise_derivative(sp.Piecewise((t, t > 0), (0, True)), t)
    Piecewise((0, t < 0), (kink, Eq(t, 0)), (1, True))
    >>> piecewise_derivative(sp.Piecewise((t**2, t > 0), (0, True)), t)
    Piecewise((0, Eq(t, 0) | (t < 0)), (2*t, True))
    """
    points = _breakpoints(pw, t)
    if points is None:
        pieces = [(sp.diff(e, t), open_condition(c, t)) for e, c in disjoint_pieces(pw)]
        return sp.Piecewise(*pieces, (kink, True))
    edges = [-sp.oo, *points, sp.oo]
    pieces: list[tuple[sp.Expr, Boolean]] = []
    for k in range(len(edges) - 1):
        lo, hi = edges[k], edges[k + 1]
        sample = rational_between(lo, hi)
        expr_here = _select(pw, t, sample)
        pieces.append((sp.diff(expr_here, t), t < hi if hi is not sp.oo else sp.true))
        if hi is not sp.oo:
            right = _select(pw, t, rational_between(hi, edges[k + 2]))
            value = _value_at_breakpoint(pw, t, hi, expr_here, right, kink)
            pieces.append((value, sp.Eq(t, hi)))
    return sp.Piecewise(*pieces)


def _select(pw: sp.Piecewise, t: sp.Symbol, point: sp.Expr) -> sp.Expr:
    """The piece expression of `pw` whose condition holds at `point`."""
    for expr, cond in pw.args:
        if cond.subs(t, point) == sp.true:
            return expr
    return sp.nan


def _value_at_breakpoint(pw, t, c, left, right, kink) -> sp.Expr:
    """Derivative at breakpoint c: exists when pw is continuous at c and both one-sided slopes agree."""
    piece = _select(pw, t, c)
    if piece is sp.nan:
        return kink
    value = piece.subs(t, c)
    continuous = sp.simplify(left.subs(t, c) - value) == 0 and sp.simplify(right.subs(t, c) - value) == 0
    dl, dr = sp.diff(left, t).subs(t, c), sp.diff(right, t).subs(t, c)
    if continuous and sp.simplify(dl - dr) == 0:
        return dl
    return kink
