"""Inequalities: proving the sign of lhs − rhs

A goal lhs > rhs (or ≥, <, ≤) becomes "D > 0" (or ≥ 0) for D = lhs − rhs or rhs − lhs, and `prove_sign` tries, in
order:

1. SymPy's assumptions (a symbolic deduction: exp, σ and positive symbols are positive, sums of positives are).
2. Monotonicity of ln: a·ln A + B > 0 (a > 0, A > 0) iff A − e^{−B/a} > 0, and likewise for a < 0.
3. Exponentials as powers u = e^{t/q} > 0 (u ≥ 1 when t ≥ 0, and the image of the case's interval when t is the
   case variable); then D = N/M is a rational function, and the signs of N and M are decided by
   - positive coefficients after shifting every bounded variable to its bound (s = lo + w, w > 0), or
   - Sturm's exact count of real roots on the interval, for one variable, and the sign at one rational point.
4. Affine dependence on one bounded function (erf, tanh, sin, cos, atan): D = a·f + b with f in [lo, hi] has the
   sign of a·lo + b and a·hi + b when both agree.
5. A closed constant: the sign of a rigorous Arb enclosure (a ball that excludes 0 proves the sign).

`monotonicity` handles one variable x on an interval: the critical points (exact roots of D′, through u = e^{x/q}
when D′ is rational in it) cut the interval; on each piece D′ has a proved sign, so D lies above its value (or
limit) at the piece's lower end when increasing, at its upper end when decreasing.

Main definitions
- `inequality`: the strategy.
- `prove_sign(expr, strict, context)`: a certificate that expr > 0 (strict) or ≥ 0, or None.
- `monotonicity`: the strategy for one variable through the sign of the derivative.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp
from sympy.strategies import chain

from ...claim import Certificate
from ...exact import sort_exact
from ..domains import variable_interval
from ..goal import Context, Goal, Interval, Outcome
from ..rules import combine_fractions, hyperbolic_to_exp, unfold_vocabulary
from ..signs import constant_sign, is_negative, is_nonnegative, is_positive
from .algebra import exponentials_to_powers

MAX_DEPTH = 4

BOUNDED = {
    sp.erf: (-1, 1, False),
    sp.tanh: (-1, 1, False),
    sp.atan: (-sp.pi / 2, sp.pi / 2, False),
    sp.sin: (-1, 1, True),
    sp.cos: (-1, 1, True),
}
"""f → (lo, hi, attained) for real arguments."""


@dataclass(frozen=True)
class Bound:
    """What is known of a variable: lo < s < hi (≤ when `closed`), bounds possibly infinite."""

    lo: sp.Expr = -sp.oo
    hi: sp.Expr = sp.oo
    lo_closed: bool = False
    hi_closed: bool = False


def _flip(relation: str) -> bool:
    return relation in ("<", "<=")


def inequality(goal: Goal) -> Outcome | None:
    """lhs ⋈ rhs for ⋈ in <, ≤, >, ≥: the sign of the difference, by `prove_sign`."""
    if goal.relation not in ("<", "<=", ">", ">="):
        return None
    difference = goal.rhs - goal.lhs if _flip(goal.relation) else goal.lhs - goal.rhs
    if difference.has(sp.Piecewise, sp.Max, sp.Min, sp.Abs, sp.Limit):
        return None
    certificate = prove_sign(difference, goal.relation in ("<", ">"), goal.context)
    return None if certificate is None else Outcome(certificate)


def prove_sign(expr: sp.Expr, strict: bool, context: Context, depth: int = 0) -> Certificate | None:
    """A certificate that `expr` > 0 (strict) or ≥ 0 holds for all values in `context`, or None."""
    if depth > MAX_DEPTH:
        return None
    claim = ">" if strict else ">="
    if _by_assumptions(expr, strict):
        return Certificate("sign-by-assumptions", {"expression": sp.sstr(expr), "sign": claim})
    if not expr.free_symbols:
        return _constant_sign(expr, strict)
    expr = chain(unfold_vocabulary, hyperbolic_to_exp, combine_fractions)(expr)
    if _by_assumptions(expr, strict):
        return Certificate("sign-by-assumptions", {"expression": sp.sstr(expr), "sign": claim})
    if expr.has(sp.log):
        return _through_log(expr, strict, context, depth) or _product_of_signs(expr, strict, context, depth)
    return (_rational_in_exponentials(expr, strict, context) or _affine_in_bounded(expr, strict, context, depth)
            or _through_sqrt(expr, strict, context, depth) or _difference_of_positives(expr, strict, context, depth)
            or _product_of_signs(expr, strict, context, depth))


def _product_of_signs(expr: sp.Expr, strict: bool, context: Context, depth: int) -> Certificate | None:
    """f₁·f₂·…·fₘ > 0 when every factor has a proved strict sign and an even number of them are negative."""
    factors = sp.Mul.make_args(sp.factor_terms(expr))
    if len(factors) < 2 or not strict:
        return None
    parts, negative = [], 0
    for f in factors:
        found = prove_sign(f, True, context, depth + 1)
        if found is None:
            found = prove_sign(-f, True, context, depth + 1)
            negative += 1
        if found is None:
            return None
        parts.append(found)
    if negative % 2:
        return None
    return Certificate("product-of-signs", {"factors": [sp.sstr(f) for f in factors], "negative": negative},
                       tuple(parts))


def _difference_of_positives(expr: sp.Expr, strict: bool, context: Context, depth: int) -> Certificate | None:
    """P − Q ⋈ 0 for P, Q > 0 products of powers: ln P − ln Q ⋈ 0 (ln is strictly increasing on (0, ∞)), with
    the logarithms expanded only where the assumptions allow (ln(aᵇ) = b·ln a for a > 0, b real)."""
    terms = sp.Add.make_args(sp.expand(expr, power_exp=False, power_base=False))
    if len(terms) != 2:
        return None
    p, q = (terms[0], -terms[1]) if is_positive(terms[0]) else (terms[1], -terms[0])
    if not (is_positive(p) and is_positive(q)) or not (p.has(sp.Pow) or q.has(sp.Pow)):
        return None
    reduced = sp.expand(sp.expand_log(sp.log(p), force=False) - sp.expand_log(sp.log(q), force=False))
    if reduced.has(sp.log) and any(isinstance(a, sp.log) and isinstance(a.args[0], (sp.Mul, sp.Pow))
                                   for a in sp.preorder_traversal(reduced)):
        return None
    inner = prove_sign(reduced, strict, context, depth + 1)
    return None if inner is None else Certificate("monotone-log", {"from": sp.sstr(expr), "to": sp.sstr(reduced)},
                                                  (inner,))


def _through_sqrt(expr: sp.Expr, strict: bool, context: Context, depth: int) -> Certificate | None:
    """c·√A + B ⋈ 0 (c > 0): when −B/c ≤ 0 it holds strictly; when −B/c ≥ 0 it is A ⋈ (B/c)² (squares are
    monotone on [0, ∞)); and likewise for c < 0."""
    def is_root(f: sp.Basic) -> bool:
        return isinstance(f, sp.Pow) and f.exp == sp.S.Half and bool(f.base.free_symbols)

    roots = [t for t in sp.Add.make_args(sp.expand(expr)) if any(is_root(f) for f in sp.Mul.make_args(t))]
    if len(roots) != 1:
        return None
    root = next(f for f in sp.Mul.make_args(roots[0]) if is_root(f))
    c = roots[0] / root
    rest = sp.expand(expr - roots[0])
    if c.has(root) or any(is_root(a) for a in sp.preorder_traversal(rest)):
        return None
    target = -rest / c  # the claim is sign(c)·(√A − target) ⋈ 0
    if is_positive(c):
        below = prove_sign(-target, False, context, depth + 1)  # target ≤ 0 < or = √A
        if below is not None and (not strict or is_positive(root)):
            return Certificate("sqrt-above", {"from": sp.sstr(expr)}, (below,))
        above = prove_sign(target, False, context, depth + 1)
        inner = above and prove_sign(sp.expand(root.base - target**2), strict, context, depth + 1)
        return Certificate("sqrt-monotone", {"from": sp.sstr(expr)}, (above, inner)) if inner else None
    if is_negative(c):
        nonnegative = prove_sign(target, False, context, depth + 1)  # √A ⋈' target needs target ≥ 0
        inner = nonnegative and prove_sign(sp.expand(target**2 - root.base), strict, context, depth + 1)
        return Certificate("sqrt-monotone", {"from": sp.sstr(expr)}, (nonnegative, inner)) if inner else None
    return None


def _by_assumptions(expr: sp.Expr, strict: bool) -> bool:
    """A structural sign (closed constants' signs proved by enclosure, never guessed by SymPy)."""
    return is_positive(expr) if strict else is_nonnegative(expr)


def _through_log(expr: sp.Expr, strict: bool, context: Context, depth: int) -> Certificate | None:
    """a·ln A + B ⋈ 0 ⟺ A ⋈ e^{−B/a} (a > 0), by monotonicity of exp."""
    combined = sp.logcombine(sp.expand(expr, log=False, power_exp=False, power_base=False), force=False)
    logs = [t for t in sp.Add.make_args(combined) if t.has(sp.log)]
    if len(logs) != 1:
        return None
    a, core = logs[0].as_coeff_Mul()
    if not (isinstance(core, sp.log) and a.is_Rational and a != 0):
        return None
    argument = core.args[0]
    if not (is_positive(argument) or is_positive(sp.together(argument))):
        return None
    rest = combined - logs[0]
    if rest.has(sp.log):
        return None
    threshold = sp.exp(-rest / a)
    reduced = argument - threshold if a > 0 else threshold - argument
    inner = prove_sign(sp.together(reduced), strict, context, depth + 1)
    if inner is None:
        return None
    return Certificate("monotone-log", {"from": sp.sstr(expr), "to": sp.sstr(reduced)}, (inner,))


def _bounds(table: dict[sp.Symbol, sp.Expr], context: Context, symbols: set[sp.Symbol]) -> dict[sp.Symbol, Bound]:
    """What is known of each variable: declared signs, the case's interval, and u = e^{t/q} ranges."""
    bounds: dict[sp.Symbol, Bound] = {}
    interval: Interval | None = context.interval
    for s in symbols:
        if interval is not None and s == interval.variable:
            lo, hi = interval.lo, interval.hi
            if s.is_nonnegative and (lo is -sp.oo or lo < 0):
                lo = sp.S.Zero
            bounds[s] = Bound(lo, hi, interval.lo_closed, interval.hi_closed)
        elif s in context.positive:
            bounds[s] = Bound(sp.S.Zero)
        else:
            known = variable_interval(s, context.hypotheses)
            if known.lo.is_finite or known.hi.is_finite:
                bounds[s] = Bound(known.lo, known.hi, known.lo_closed, known.hi_closed)
    for u, e in table.items():
        t = e.args[0] if isinstance(e, sp.exp) else sp.log(e)  # e^1 is the constant E, which has no argument
        if interval is not None and t.free_symbols == {interval.variable} and \
                sp.Poly(t, interval.variable).degree() == 1:
            bounds[u] = _exponential_image(t, interval)
        elif t.is_nonnegative:
            bounds[u] = Bound(sp.S.One, lo_closed=not t.is_positive)
        else:
            bounds[u] = Bound(sp.S.Zero)
    return bounds


def _exponential_image(t: sp.Expr, interval: Interval) -> Bound:
    """The range of u = e^t for t linear in the interval's variable (exact ends, or (0, ∞) when they are not)."""
    x = interval.variable
    slope = sp.Poly(t, x).LC()

    def image(end: sp.Expr) -> sp.Expr:
        if end.is_finite:
            return sp.exp(t.subs(x, end))
        return sp.oo if (end is sp.oo) == bool(slope > 0) else sp.S.Zero

    lo, hi = image(interval.lo), image(interval.hi)
    if slope < 0:
        lo, hi = hi, lo
    exact = all(v.is_Rational or v is sp.oo for v in (lo, hi))
    return Bound(lo, hi) if exact else Bound(sp.S.Zero)


def _positive_coefficients(poly_expr: sp.Expr, bounds: dict[sp.Symbol, Bound], strict: bool) -> bool:
    """poly > 0 (≥ 0): after s = lo + w (or hi − w) for bounded s, all coefficients are ≥ 0, none negative.

    Every shifted w is ≥ 0 (> 0 for open bounds), so a polynomial with non-negative coefficients is ≥ 0, and > 0
    when its constant term is positive or every variable is strictly positive and it is not zero.
    """
    expr = sp.expand(poly_expr)
    if expr == 0:
        return not strict
    shifted, all_strict = {}, True
    for s in expr.free_symbols:
        bound = bounds.get(s)
        if bound is None:
            return False
        w = sp.Dummy("w", nonnegative=True)
        if bound.lo.is_finite:
            shifted[s] = bound.lo + w
            all_strict &= not bound.lo_closed
        elif bound.hi.is_finite:
            shifted[s] = bound.hi - w
            all_strict &= not bound.hi_closed
        else:
            return False
    expr = sp.expand(expr.xreplace(shifted))
    try:
        poly = sp.Poly(expr, *sorted(expr.free_symbols, key=str)) if expr.free_symbols else None
    except sp.PolynomialError:
        return False
    if poly is None:
        return constant_sign(expr) in ((1,) if strict else (0, 1))
    if not all(c.is_number and constant_sign(c) in (0, 1) for c in poly.coeffs()):
        return False
    if not strict:
        return True
    constant = poly.as_expr().subs({w: 0 for w in poly.gens})
    return constant_sign(constant) == 1 or all_strict


def _sturm(poly_expr: sp.Expr, s: sp.Symbol, bound: Bound, strict: bool) -> bool:
    """poly(s) > 0 (≥ 0) on the open interval of `bound`: Sturm counts of roots and one exact sign."""
    poly = sp.Poly(poly_expr, s)
    if not poly.domain.is_QQ and not poly.domain.is_ZZ:
        return False  # Sturm sequences here are exact over the rationals only
    lo, hi = bound.lo, bound.hi
    if not all(v.is_Rational or v in (sp.oo, -sp.oo) for v in (lo, hi)):
        return False
    low = None if lo is -sp.oo else lo
    high = None if hi is sp.oo else hi
    sample = _sample(lo, hi)
    if strict:
        inside = poly.count_roots(low, high) - sum(1 for v in (low, high) if v is not None and poly.eval(v) == 0)
        return inside == 0 and poly.eval(sample) > 0
    for factor, multiplicity in poly.sqf_list()[1]:
        if multiplicity % 2 == 0:
            continue
        ends = sum(1 for v in (low, high) if v is not None and factor.eval(v) == 0)
        if factor.count_roots(low, high) - ends:
            return False
    nonzero = next(v for v in (sample, sample + sp.Rational(1, 7), sample - sp.Rational(1, 11)) if poly.eval(v) != 0)
    return poly.eval(nonzero) > 0


def _sample(lo: sp.Expr, hi: sp.Expr) -> sp.Rational:
    if lo is -sp.oo and hi is sp.oo:
        return sp.S.Zero
    if lo is -sp.oo:
        return hi - 1
    if hi is sp.oo:
        return lo + 1
    return (lo + hi) / 2


def _polynomial_sign(p: sp.Expr, bounds: dict[sp.Symbol, Bound], strict: bool, factored: bool = False) -> bool:
    if _by_assumptions(p, strict) or _positive_coefficients(p, bounds, strict):
        return True
    variables = p.free_symbols
    if len(variables) == 1:
        s = next(iter(variables))
        bound = bounds.get(s, Bound())
        if p.is_polynomial(s) and _sturm(p, s, bound, strict):
            return True
    return _quadratic_form(p, strict) or (not factored and _factors(p, bounds, strict))


def _quadratic_form(p: sp.Expr, strict: bool) -> bool:
    """A homogeneous quadratic in its variables is ≥ 0 everywhere when its symmetric matrix is positive
    semidefinite (> 0 away from 0 when definite; strict is not claimed, since it vanishes at 0)."""
    variables = sorted(p.free_symbols, key=str)
    if strict or not variables or not p.is_polynomial(*variables):
        return False
    poly = sp.Poly(p, *variables)
    if not poly.is_homogeneous or poly.total_degree() != 2 or not (poly.domain.is_QQ or poly.domain.is_ZZ):
        return False
    hessian = sp.hessian(p, variables) / 2
    return bool(hessian.is_positive_semidefinite)


def _factors(p: sp.Expr, bounds: dict[sp.Symbol, Bound], strict: bool) -> bool:
    """p = c·Π fᵢ^kᵢ: the sign is the product of the factors' signs (even powers are ≥ 0)."""
    try:
        c, factors = sp.factor_list(p)
    except (sp.PolynomialError, NotImplementedError):
        return False
    if len(factors) < 2 and (not factors or factors[0][1] == 1):
        return False
    sign = constant_sign(c)
    if sign is None or sign == 0:
        return sign == 0 and not strict
    for factor, power in factors:
        if power % 2 == 0:
            if strict:
                return False  # an even power vanishes where its base does
            continue
        if _polynomial_sign(factor, bounds, strict, factored=True):
            continue
        if _polynomial_sign(-factor, bounds, strict, factored=True):
            sign = -sign
            continue
        return False
    return sign > 0


def _rational_in_exponentials(expr: sp.Expr, strict: bool, context: Context) -> Certificate | None:
    substituted, table = exponentials_to_powers(expr)
    numerator, denominator = sp.together(substituted).as_numer_denom()
    numerator, denominator = sp.expand(numerator), sp.expand(denominator)
    symbols = numerator.free_symbols | denominator.free_symbols
    if not all(e.is_polynomial(*symbols) for e in (numerator, denominator) if symbols):
        return None
    bounds = _bounds(table, context, symbols)
    for sign in (1, -1):
        if _polynomial_sign(sign * numerator, bounds, strict) and _polynomial_sign(sign * denominator, bounds, True):
            data = {"substitution": {str(u): sp.sstr(e) for u, e in table.items()},
                    "numerator": sp.sstr(numerator), "denominator": sp.sstr(denominator),
                    "sign": ">" if strict else ">="}
            return Certificate("sign-of-rational-function", data)
    return None


def _affine_in_bounded(expr: sp.Expr, strict: bool, context: Context, depth: int) -> Certificate | None:
    """expr = a·f(t) + b with f bounded (erf, tanh, sin, …): check the sign at both ends of f's range."""
    candidates = [a for a in sp.ordered(expr.atoms(sp.Function)) if type(a) in BOUNDED and a.args[0].is_extended_real]
    for f in candidates:
        g = sp.Dummy("g")
        affine = sp.expand(expr.xreplace({f: g}))
        if not affine.is_polynomial(g) or sp.degree(affine, g) != 1:
            continue
        lo, hi, attained = BOUNDED[type(f)]
        ends = [affine.subs(g, lo), affine.subs(g, hi)]
        # Strictly between two values ≥ 0 an affine function with a ≠ 0 is > 0; otherwise the ends must be.
        open_range_suffices = strict and not attained and affine.coeff(g).is_nonzero
        parts = [prove_sign(e, strict and not open_range_suffices, context, depth + 1) for e in ends]
        if all(parts):
            return Certificate("affine-in-bounded", {"function": sp.sstr(f), "range": [str(lo), str(hi)]},
                               tuple(parts))
    return None


def _constant_sign(expr: sp.Expr, strict: bool) -> Certificate | None:
    """The sign of a closed constant: exactly 0, or proved by a rigorous Arb enclosure."""
    sign = constant_sign(expr)
    if sign == 1 or (sign == 0 and not strict):
        return Certificate("sign-by-enclosure", {"expression": sp.sstr(expr), "sign": sign})
    return None


def _interval_of(goal: Goal, x: sp.Symbol) -> Interval:
    interval = goal.context.interval
    return interval if interval is not None and interval.variable == x else variable_interval(
        x, goal.context.hypotheses)


def _critical_points(derivative: sp.Expr, x: sp.Symbol, interval: Interval) -> list[sp.Expr] | None:
    """Exact zeros of the derivative inside the interval, or None when they cannot be found exactly.

    The derivative is factored and factors proved positive (such as eˣ) are dropped; each remaining factor must
    be a polynomial in x or a rational function of u = e^{x/q}."""
    expr = chain(unfold_vocabulary, hyperbolic_to_exp, combine_fractions)(derivative)
    numerator, denominator = sp.together(expr).as_numer_denom()
    factors = [f for f in sp.Mul.make_args(sp.factor(numerator)) if not is_positive(f) and not is_negative(f)]
    if len(factors) > 1 or (factors and factors[0] != numerator):
        points: list[sp.Expr] = []
        for factor in factors:
            base = factor.base if isinstance(factor, sp.Pow) and factor.exp.is_Integer else factor
            found = _zeros(base / denominator, x, interval)
            if found is None:
                return None
            points += found
        return sort_exact(points)
    return _zeros(expr, x, interval)


def _zeros(expr: sp.Expr, x: sp.Symbol, interval: Interval) -> list[sp.Expr] | None:
    substituted, table = exponentials_to_powers(expr)
    numerator, denominator = (sp.expand(e) for e in sp.together(substituted).as_numer_denom())
    if table and not (len(table) == 1 and next(iter(table.values())).args[0].free_symbols == {x}):
        return None
    variables = numerator.free_symbols | denominator.free_symbols
    if len(variables) > 1 or not all(e.is_polynomial(*variables) for e in (numerator, denominator)):
        return None
    if not variables:
        return []
    (s,) = variables
    if s not in table and s != x:
        return None
    if s == x and any(interval.contains(r) for r in sp.Poly(denominator, s).real_roots()):
        return None
    roots = sp.Poly(numerator, s).real_roots()
    if s in table:
        exponent = table[s].args[0]
        q = sp.Poly(exponent, x).LC()
        roots = [sp.log(r) / q for r in roots if r > 0]
    return sort_exact(r for r in roots if interval.contains(r))


def _end_value(expr: sp.Expr, x: sp.Symbol, end: sp.Expr) -> tuple[sp.Expr, bool] | None:
    """(value of expr at a finite end, False) or (its limit at ±oo, True)."""
    if end.is_finite:
        return expr.subs(x, end), False
    value = sp.limit(hyperbolic_to_exp(unfold_vocabulary(expr)), x, end)
    if value.has(sp.Limit, sp.nan) or not (value.is_number or value in (sp.oo, -sp.oo)):
        return None
    return value, True


def _oriented(goal: Goal) -> tuple[sp.Expr, bool] | None:
    """(D, strict) with the goal meaning D > 0 (strict) or D ≥ 0; None for a relation that is not an inequality."""
    if goal.relation not in ("<", "<=", ">", ">="):
        return None
    difference = goal.rhs - goal.lhs if _flip(goal.relation) else goal.lhs - goal.rhs
    return difference, goal.relation in ("<", ">")


def _numerator(difference: sp.Expr, context: Context) -> tuple[sp.Expr, Certificate | None]:
    """D = N/M with M > 0 proved on the context: N has D's sign (D itself when M is not proved positive)."""
    numerator, denominator = sp.together(hyperbolic_to_exp(unfold_vocabulary(difference))).as_numer_denom()
    if denominator == 1:
        return difference, None
    positive = prove_sign(denominator, True, context)
    if positive is not None:
        return numerator, positive
    negative = prove_sign(-denominator, True, context)
    return (-numerator, negative) if negative is not None else (difference, None)


def monotonicity(goal: Goal) -> Outcome | None:
    """D ⋈ 0 in one variable: D′ has a proved sign between exact critical points, D ⋈ 0 at the ends (applied
    to the numerator N when D = N/M with M > 0; by convexity when the critical points are not exact)."""
    oriented = _oriented(goal)
    if oriented is None:
        return None
    difference, strict = oriented
    if difference.has(sp.Piecewise, sp.Max, sp.Min, sp.Abs, sp.Limit) or len(difference.free_symbols) != 1:
        return None
    (x,) = difference.free_symbols
    interval = _interval_of(goal, x)
    context = goal.context.deeper(interval=interval)
    function, denominator = _numerator(difference, context)
    for candidate in dict.fromkeys([function, difference]):
        found = _monotone(candidate, x, interval, strict, goal) or _convex(candidate, x, interval, strict, goal)
        if found is not None:
            if denominator is not None and candidate is function and function is not difference:
                found = Outcome(Certificate("numerator", {"denominator": "positive"},
                                            (denominator, found.certificate)), found.steps, found.excluded,
                                found.needs_postcheck)
            return found
    return None


def _monotone(difference: sp.Expr, x: sp.Symbol, interval: Interval, strict: bool, goal: Goal) -> Outcome | None:
    derivative = sp.diff(hyperbolic_to_exp(unfold_vocabulary(difference)), x)
    points = _critical_points(derivative, x, interval)
    if points is None:
        return None
    edges = [interval.lo, *points, interval.hi]
    parts, limits_used = [], False
    for k in range(len(edges) - 1):
        piece = Interval(x, edges[k], edges[k + 1])
        context = goal.context.deeper(interval=piece)
        rising = prove_sign(derivative, True, context)
        falling = None if rising else prove_sign(-derivative, True, context)
        if not (rising or falling):
            return None
        end = piece.lo if rising else piece.hi
        found = _end_value(difference, x, end)
        if found is None:
            return None
        value, from_limit = found
        limits_used |= from_limit
        if value in (sp.oo, -sp.oo):
            if value is -sp.oo:
                return None
            bound = Certificate("sign-exact", {"expression": "oo"})
        else:
            bound = prove_sign(value, False, goal.context)
        if bound is None:
            return None
        parts.append(Certificate("monotone-piece", {"region": str(piece), "direction": "increasing" if rising
                                                    else "decreasing", "end": str(end)}, (rising or falling, bound)))
    for point in points + [e for e in (interval.lo, interval.hi) if e.is_finite and interval.contains(e)]:
        bound = prove_sign(difference.subs(x, point), strict, goal.context)
        if bound is None:
            return None
        parts.append(Certificate("critical-point", {"point": str(point)}, (bound,)))
    return Outcome(Certificate("monotonicity", {"variable": str(x), "critical points": [str(p) for p in points]},
                               tuple(parts)), needs_postcheck=("limit",) if limits_used else ())


CANDIDATE_MINIMA = (0, 1, -1, sp.Rational(1, 2), -sp.Rational(1, 2), 2, -2)


def _convex(difference: sp.Expr, x: sp.Symbol, interval: Interval, strict: bool, goal: Goal) -> Outcome | None:
    """D″ ≥ 0 on the interval and D′(c) = 0 at an exact point c of it: c is a minimum, so D ≥ D(c) ≥ 0."""
    form = hyperbolic_to_exp(unfold_vocabulary(difference))
    first = sp.diff(form, x)
    context = goal.context.deeper(interval=interval)
    candidates = [c for c in CANDIDATE_MINIMA if interval.contains(sp.S(c))]
    minimum = next((c for c in candidates if sp.simplify(first.subs(x, c)) == 0), None)
    if minimum is None:
        return None
    convex = prove_sign(sp.diff(first, x), False, context)
    if convex is None:
        return None
    value = prove_sign(difference.subs(x, minimum), strict, goal.context)
    if value is None:
        return None
    return Outcome(Certificate("convexity", {"variable": str(x), "minimum at": str(minimum)}, (convex, value)))


def critical_point(goal: Goal) -> Outcome | None:
    """D ⋈ 0 with parameters: for a variable x, D′ = a·(x − r)/M with a·M > 0 proved, so D is smallest at x = r,
    which lies in x's domain; then D ≥ D(r) ⋈ 0 (Gibbs' inequality: BCE(p, y) ≥ BCE(y, y))."""
    oriented = _oriented(goal)
    if oriented is None:
        return None
    difference, strict = oriented
    if difference.has(sp.Piecewise, sp.Max, sp.Min, sp.Abs, sp.Limit) or len(difference.free_symbols) < 2:
        return None
    form = hyperbolic_to_exp(unfold_vocabulary(difference))
    for x in sorted(difference.free_symbols, key=str):
        numerator, denominator = sp.together(sp.diff(form, x)).as_numer_denom()
        numerator = sp.expand(numerator)
        if not numerator.is_polynomial(x) or sp.degree(numerator, x) != 1:
            continue
        a = numerator.coeff(x)
        r = sp.simplify(-(numerator - a * x) / a)
        interval = variable_interval(x, goal.context.hypotheses)
        context = goal.context.deeper(interval=interval)
        sign = prove_sign(a * denominator, True, context)
        if sign is None:
            continue
        inside = [prove_sign(r - interval.lo, True, goal.context) if interval.lo.is_finite else True,
                  prove_sign(interval.hi - r, True, goal.context) if interval.hi.is_finite else True]
        if not all(inside):
            continue
        value = prove_sign(difference.xreplace({x: r}), strict, goal.context)
        if value is None:
            continue
        return Outcome(Certificate("critical-point", {"variable": str(x), "minimum at": sp.sstr(r)},
                                   (sign, value)))
    return None
