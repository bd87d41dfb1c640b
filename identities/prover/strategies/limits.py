"""Limits and orders of magnitude

Limits are computed by SymPy's `limit` (the Gruntz algorithm, complete for exp-log functions) after the vocabulary
is unfolded into exp and ln. SymPy has returned wrong limits before, so every proof resting on one is flagged for
the post-check, which watches the expression approach the value numerically.

An order claim lhs = O(rhs) as x → x₀ compares leading terms of Taylor (or Puiseux) expansions in h, with
x = x₀ ± h or x = 1/h at infinity: lhs ~ c·hᵖ and rhs ~ d·hʳ with c, d ≠ 0, so lhs = O(rhs) iff p ≥ r. Undefined
functions (a smooth f in a finite difference) expand into their derivatives at the base point, as Taylor's
theorem allows for smooth f.

Main definitions
- `limit_value`: the strategy for goals containing `limit(...)`.
- `evaluate_limits(expr)`: every `Limit` in expr computed (None when SymPy cannot or the limit does not exist).
- `leading_term(expr, approach)`: (coefficient, exponent) of the first non-zero term of the expansion.
- `order_outcome(lhs, rhs, approach)`: the comparison of leading terms.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.calculus.accumulationbounds import AccumulationBounds

from ...claim import Certificate, Step
from ...exact import relation_holds
from ..goal import Goal, Outcome
from ..rules import expand_exp, hyperbolic_to_exp, kinks_to_piecewise, unfold_vectors, unfold_vocabulary
from ..signs import constant_sign, is_positive

MAX_ORDER = 8


def _known_sign(e: sp.Expr) -> int | None:
    """The sign of e: by enclosure for a constant, by the symbols' assumptions otherwise."""
    if not e.free_symbols:
        return constant_sign(e)
    if sp.expand(e) == 0:
        return 0
    return 1 if is_positive(e) else -1 if is_positive(-e) else None


def _eventual_sign(p: sp.Expr, x: sp.Symbol, point: sp.Expr, direction: str) -> int | None:
    """The sign of the polynomial p(x) for x close enough to `point` (from the given side), if it is decided."""
    if point in (sp.oo, -sp.oo):
        poly = sp.Poly(p, x)
        sign = _known_sign(poly.LC())
        if sign is None:
            return None
        return sign * (-1) ** poly.degree() if point is -sp.oo else sign
    h = sp.Dummy("h", positive=True)
    shifted = sp.Poly(sp.expand(p.subs(x, point + (h if direction == "+" else -h))), h)
    for _, c in reversed(shifted.terms()):
        sign = _known_sign(c)
        if sign is None:
            return None
        if sign != 0:
            return sign
    return 0


def eventually(expr: sp.Expr, x: sp.Symbol, point: sp.Expr, direction: str) -> sp.Expr:
    """expr with the case conditions that are eventually constant as x → point decided (others left as they are).

    >>> x = sp.Symbol("x", real=True)
    >>> eventually(sp.Max(0, x - 3), x, sp.oo, "-")
    x - 3
    """
    from .cases import reduce_condition

    cases = kinks_to_piecewise(expr)
    table = {}
    for rel in sp.ordered(cases.atoms(sp.core.relational.Relational)):
        if direction == "+-":
            continue
        reduced = reduce_condition(rel.lhs - rel.rhs)
        if reduced is None:
            continue
        if not reduced[0].has(x):  # a condition on the parameters only: decided when its sign is known
            sign = _known_sign(reduced[0])
        elif reduced[0].is_polynomial(x):
            sign = _eventual_sign(reduced[0], x, point, direction)
        else:
            continue
        if sign is not None:
            table[rel] = relation_holds(rel.rel_op, sign * reduced[1])
    return cases.xreplace({r: sp.true if v else sp.false for r, v in table.items()}) if table else expr


def _positive_gaps(hypotheses: tuple[sp.Basic, ...], x: sp.Symbol) -> tuple[dict, dict]:
    """Strict linear hypotheses g > 0 solved for one variable (not x) as g = d, d a fresh positive symbol."""
    forward, back = {}, {}
    for h in hypotheses:
        if not isinstance(h, (sp.StrictGreaterThan, sp.StrictLessThan)):
            continue
        g = sp.expand(h.lhs - h.rhs if isinstance(h, sp.StrictGreaterThan) else h.rhs - h.lhs)
        v = next((s for s in sorted(g.free_symbols - {x} - set(forward), key=str)
                  if g.diff(s).is_Rational and g.diff(s) != 0), None)
        if v is None:
            continue
        d = sp.Dummy("d", positive=True)
        forward[v] = sp.expand((d - (g - g.diff(v) * v)) / g.diff(v))
        back[d] = g
    return forward, back


def _limit_of(lim: sp.Limit, hypotheses: tuple[sp.Basic, ...] = ()) -> sp.Expr | None:
    f, x, point, direction = lim.args
    body = hyperbolic_to_exp(unfold_vocabulary(unfold_vectors(f)))
    value = _eventual_limit(body, x, point, str(direction))
    if value is None and hypotheses:
        forward, back = _positive_gaps(hypotheses, x)
        if forward:
            body = body.xreplace(forward)
            value = _eventual_limit(body, x, point, str(direction))
            value = None if value is None else value.xreplace(back)
            return value if value is None or not value.free_symbols & set(back) else None
    if value is None:
        value = _by_parameter_sign(body, x, point, str(direction))
    if value is None:
        value = _limit_of_extremum(body, x, point, str(direction))
    return value


def _limit_of_extremum(body: sp.Expr, x: sp.Symbol, point, direction: str, depth: int = 0) -> sp.Expr | None:
    """lim max(f, g) = max(lim f, lim g) and likewise for min, when the limits of the arguments exist in the
    extended reals: max and min are continuous on [−∞, ∞]². Arguments are treated the same way (depth ≤ 3)."""
    if not isinstance(body, (sp.Max, sp.Min)) or depth > 3:
        return None
    values = []
    for arg in body.args:
        value = _eventual_limit(arg, x, point, direction)
        if value is None:
            value = _limit_of_extremum(arg, x, point, direction, depth + 1)
        if value is None or not (value.is_extended_real or value in (sp.oo, -sp.oo)):
            return None
        values.append(value)
    top, bottom = (sp.oo, -sp.oo) if isinstance(body, sp.Max) else (-sp.oo, sp.oo)
    if top in values:
        return top
    finite = [v for v in values if v != bottom]
    return bottom if not finite else type(body)(*finite)


def _undecided_coefficient(body: sp.Expr, x: sp.Symbol) -> tuple[sp.Symbol, sp.Expr] | None:
    """A case condition's coefficient of x whose sign is unknown, as (parameter p, the value of p making it 0),
    when the coefficient is linear in p with a rational slope."""
    from .cases import reduce_condition

    for rel in sp.ordered(kinks_to_piecewise(body).atoms(sp.core.relational.Relational)):
        reduced = reduce_condition(rel.lhs - rel.rhs)
        if reduced is None or not reduced[0].has(x) or not reduced[0].is_polynomial(x):
            continue
        lc = sp.Poly(reduced[0], x).LC()
        if _known_sign(lc) is not None:
            continue
        for p in sorted(lc.free_symbols, key=str):
            slope = sp.expand(lc).diff(p)
            if slope.is_Rational and slope != 0:
                return p, sp.expand(p - lc / slope)
    return None


def _by_parameter_sign(body: sp.Expr, x: sp.Symbol, point, direction: str, depth: int = 0) -> sp.Expr | None:
    """The limit, when a case condition's coefficient λ of x has no known sign: the same value in the three
    cases λ > 0, λ = 0 and λ < 0 (each by writing the parameter as its zero ± a fresh positive d). A case that
    allows more parameter values than the claim's domain is only stronger."""
    found = _undecided_coefficient(body, x) if depth < 2 else None
    if found is None:
        return None
    p, zero = found
    d = sp.Dummy("d", positive=True)
    values = []
    for value_of_p in (zero + d, zero, zero - d):
        case = body.xreplace({p: value_of_p})
        value = _eventual_limit(case, x, point, direction)
        if value is None:
            value = _by_parameter_sign(case, x, point, direction, depth + 1)
        if value is None or value.has(d):
            return None
        values.append(value)
    return values[0] if all(v == values[0] for v in values) else None


def _eventual_limit(body: sp.Expr, x: sp.Symbol, point, direction: str) -> sp.Expr | None:
    """SymPy's limit of body with its eventually constant cases decided first."""
    return _sympy_limit(eventually(body, x, point, direction), x, point, direction)


def _sympy_limit(body: sp.Expr, x, point, direction: str) -> sp.Expr | None:
    """SymPy's limit, then again after e^{a+b} = eᵃeᵇ and cancelling common factors (exp(y/t) in a softmax)."""
    for form in (body, sp.cancel(expand_exp(body)) if body.has(sp.exp) else None):
        if form is None:
            continue
        try:
            value = sp.limit(form, x, point, direction)
        except (NotImplementedError, TypeError, ValueError, AttributeError, sp.PolynomialError):
            continue
        if not (value.has(sp.Limit, sp.nan, sp.zoo) or isinstance(value, AccumulationBounds)
                or value.has(AccumulationBounds)):
            return value
    return None


def evaluate_limits(expr: sp.Basic, hypotheses: tuple[sp.Basic, ...] = ()
                    ) -> tuple[sp.Basic, list[tuple[sp.Limit, sp.Expr]]] | None:
    """expr with every limit replaced by its value (innermost first), and the list of (limit, value)."""
    computed: list[tuple[sp.Limit, sp.Expr]] = []

    def replace(lim: sp.Limit) -> sp.Expr:
        value = _limit_of(lim, hypotheses)
        if value is None:
            raise ValueError(f"no limit for {lim}")
        computed.append((lim, value))
        return value

    try:
        out = expr.replace(lambda a: isinstance(a, sp.Limit), replace)
    except ValueError:
        return None
    return out, computed


def limit_value(goal: Goal) -> Outcome | None:
    """lim f = v: the limit computed by SymPy (Gruntz), then the equality with v proved; post-checked."""
    if not (goal.lhs.has(sp.Limit) or goal.rhs.has(sp.Limit)):
        return None
    prove_goal = goal.context.prover

    hypotheses = goal.context.hypotheses
    left, right = evaluate_limits(goal.lhs, hypotheses), evaluate_limits(goal.rhs, hypotheses)
    if left is None or right is None:
        return None
    (lhs, lims_l), (rhs, lims_r) = left, right
    found = prove_goal(goal.with_sides(lhs, rhs))
    if found is None:
        return None
    steps = [Step("==", value, f"lim of {sp.sstr(lim.args[0])} as {lim.args[1]} → {lim.args[2]}", "limit")
             for lim, value in lims_l + lims_r]
    data = {"limits": [{"expression": sp.sstr(lim.args[0]), "variable": str(lim.args[1]),
                        "point": str(lim.args[2]), "direction": str(lim.args[3]), "value": sp.sstr(v)}
                       for lim, v in lims_l + lims_r], "then": found[0]}
    return Outcome(Certificate("limit", data, (found[1].certificate,)), tuple(steps) + found[1].steps,
                   found[1].excluded, needs_postcheck=("limit",))


@dataclass(frozen=True)
class Leading:
    """expr ~ coefficient·h^exponent as h → 0+ (exponent None: expr vanishes to every order tried)."""

    coefficient: sp.Expr
    exponent: sp.Rational | None
    variable: sp.Symbol
    expansion: sp.Expr


def _local(expr: sp.Expr, x: sp.Symbol, point: sp.Expr, direction: str, h: sp.Symbol) -> sp.Expr:
    if point is sp.oo:
        return expr.subs(x, 1 / h)
    if point is -sp.oo:
        return expr.subs(x, -1 / h)
    return expr.subs(x, point - h if direction == "-" else point + h)


def leading_term(expr: sp.Expr, x: sp.Symbol, point: sp.Expr, direction: str) -> Leading | None:
    """The first non-zero term c·hᵖ of expr's expansion at x → point (h → 0+), or None if not computable.

    >>> h = sp.Symbol("h", positive=True)
    >>> leading_term(sp.cos(h) - 1, h, 0, "+").exponent
    2
    """
    h = sp.Dummy("h", positive=True)
    local = hyperbolic_to_exp(unfold_vocabulary(_local(expr, x, point, direction, h)))
    for n in range(1, MAX_ORDER + 1):
        expansion = sp.series(local, h, 0, n).removeO()
        expansion = sp.expand(expansion.doit())
        if expansion == 0:
            continue
        terms = sp.collect(expansion, h, evaluate=False)
        orders = {}
        for power, coefficient in terms.items():
            if coefficient.has(h) or sp.expand(coefficient) == 0:
                continue
            base, exponent = power.as_base_exp()
            orders[sp.Rational(exponent) if base == h else sp.S.Zero] = coefficient
        if orders:
            p = min(orders)
            return Leading(orders[p], p, h, expansion)
    return Leading(sp.S.Zero, None, h, sp.S.Zero)


def order_outcome(lhs: sp.Expr, rhs: sp.Expr, x: sp.Symbol, point: sp.Expr, direction: str):
    """('proved', Outcome) when lhs = O(rhs), ('refuted', data) with the true orders when not, or None."""
    left, right = leading_term(lhs, x, point, direction), leading_term(rhs, x, point, direction)
    if left is None or right is None or right.exponent is None:
        return None
    h = left.variable
    distance = (x - point) if point.is_finite else (1 / x if point is sp.oo else -1 / x)
    readable = {h: distance, right.variable: distance}

    def term(c: sp.Expr, p: sp.Expr | None) -> str:
        return sp.sstr((c * h**p).xreplace(readable)) if p is not None else "0"

    shown = {"lhs": term(left.coefficient, left.exponent), "rhs": term(right.coefficient, right.exponent),
             "variable": sp.sstr(distance)}
    if left.exponent is None or left.exponent >= right.exponent:
        steps = (Step("==", left.expansion, f"expansion of the left side as {x} → {point}", "series"),)
        return "proved", Outcome(Certificate("taylor-order", shown), steps, needs_postcheck=("order",))
    return "refuted", {**shown, "true order": str(left.exponent), "claimed order": str(right.exponent)}
