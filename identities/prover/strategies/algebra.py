"""Equalities by rewriting: from targeted rewrites to an exact procedure for exponentials

Main definitions
- `identical`: the sides are the same expression once operators are evaluated.
- `targeted_rewrites`: a traced chain of named rules (definitions, hyperbolic → exp, ln splitting, fractions)
  reaching 0.
- `exp_rational`: the decision procedure for rational functions of exponentials. Every e^{c₁t₁+…+c_kt_k}
  (c rational) becomes a monomial in fresh positive u_t = e^{t/q_t}; other transcendental atoms stay as
  independent generators. If the difference cancels to 0 as a rational function of the generators, it is 0
  wherever both sides are defined (a formal identity holds at every point).
- `exponentiate`: a real difference Σ cᵢ ln Aᵢ + B (Aᵢ > 0, cᵢ rational) is 0 iff Π Aᵢ^{cᵢ}·e^B = 1, decided by
  `exp_rational`.
- `last_resort_simplify`: SymPy's `simplify` reaching 0 (one step, named as such).
"""

from __future__ import annotations

import math
from collections import defaultdict

import sympy as sp
from sympy.strategies import chain

from ...claim import Certificate, Step
from ..goal import Goal, Outcome
from ..rules import (
    cancel_factors,
    combine_fractions,
    expand_logs,
    expand_products,
    hyperbolic_to_exp,
    inverse_hyperbolic_to_log,
    traced,
    trigonometric_identities,
    unfold_vocabulary,
)
from ..signs import is_positive


def _is_zero(expr: sp.Basic) -> bool:
    return expr == 0 or expr == sp.S.Zero


def identical(goal: Goal) -> Outcome | None:
    """The two sides are the same expression."""
    if goal.relation != "==" or goal.lhs != goal.rhs:
        return None
    return Outcome(Certificate("identical", {"expression": sp.sstr(goal.lhs)}))


def targeted_rewrites(goal: Goal) -> Outcome | None:
    """lhs − rhs rewritten by named rules (definitions, tanh → exp, ln splitting, fractions) until it is 0."""
    if goal.relation != "==":
        return None
    trace: list[Step] = []
    rules = [unfold_vocabulary, hyperbolic_to_exp, inverse_hyperbolic_to_log, expand_logs, combine_fractions,
             cancel_factors, expand_products, trigonometric_identities]
    expr = goal.difference
    for rule in rules:
        expr = traced(rule, trace)(expr)
        if _is_zero(expr):
            names = [s.rule for s in trace]
            return Outcome(Certificate("rewrite-chain", {"rules": names}), tuple(trace))
    return None


def _exponent_terms(arg: sp.Expr) -> list[tuple[sp.Rational, sp.Expr]]:
    """arg = Σ c·t with c rational and t free of rational factors."""
    out = []
    for term in sp.Add.make_args(sp.expand(arg)):
        c, t = term.as_coeff_Mul()
        out.append((c, t) if c.is_Rational else (sp.S.One, term))
    return out


BINDERS = (sp.Sum, sp.Product, sp.Integral, sp.Limit, sp.Derivative, sp.Lambda)
"""Expressions that bind a variable: their insides are never rewritten by a substitution of free atoms."""


def mask_binders(expr: sp.Basic) -> tuple[sp.Basic, dict[sp.Symbol, sp.Basic]]:
    """expr with every outermost sum, integral, limit, … replaced by a fresh symbol (equal ones by the same)."""
    found: dict[sp.Basic, sp.Symbol] = {}

    def walk(e: sp.Basic) -> None:
        if isinstance(e, BINDERS):
            found.setdefault(e, sp.Dummy("S"))
            return
        for a in e.args:
            walk(a)

    walk(expr)
    return expr.xreplace(found), {d: e for e, d in found.items()}


def exponentials_to_powers(expr: sp.Basic) -> tuple[sp.Basic, dict[sp.Symbol, sp.Expr]]:
    """e^{Σ cₖtₖ} = Π uₖ^{cₖqₖ} with fresh positive uₖ = e^{tₖ/qₖ}, qₖ the lcm of the denominators of tₖ.

    Exponentials inside sums and other binders are left alone (a bound index is not a free variable).

    >>> x = sp.Symbol("x", real=True)
    >>> out, table = exponentials_to_powers(sp.exp(x / 2) + sp.exp(-x))
    >>> out, table
    (_u + _u**(-2), {_u: exp(x/2)})
    """
    expr, masks = mask_binders(expr)
    substituted, table = _exponentials_to_powers(expr)
    return substituted.xreplace(masks), table


def _exponentials_to_powers(expr: sp.Basic) -> tuple[sp.Basic, dict[sp.Symbol, sp.Expr]]:
    exps = list(sp.ordered(expr.atoms(sp.exp)))
    if expr.has(sp.E):
        exps.append(sp.E)
    if not exps:
        return expr, {}
    coefficients: dict[sp.Expr, list[sp.Rational]] = defaultdict(list)
    decomposition = {}
    for e in exps:
        terms = [(sp.S.One, sp.S.One)] if e is sp.E else _exponent_terms(e.args[0])
        decomposition[e] = terms
        for c, t in terms:
            coefficients[t].append(c)
    names = iter(["u", "v", "w", "r", "s"] + [f"u{k}" for k in range(1, 10_000)])
    symbols, q = {}, {}
    for t, cs in coefficients.items():
        q[t] = math.lcm(*[int(c.q) for c in cs])
        symbols[t] = sp.Dummy(next(names), positive=True)
    replacement = {e: sp.Mul(*[symbols[t] ** (c * q[t]) for c, t in terms]) for e, terms in decomposition.items()}
    table = {symbols[t]: sp.exp(t / q[t]) for t in coefficients}
    return expr.xreplace(replacement), table


def rational_zero(expr: sp.Basic) -> bool:
    """True when `expr`, a rational function of its generators, cancels to 0."""
    numerator = sp.together(expr).as_numer_denom()[0]
    return _is_zero(sp.expand(numerator)) or _is_zero(sp.cancel(expr))


def exp_rational(goal: Goal) -> Outcome | None:
    """lhs − rhs is 0: with u = e^{x/q} it is a rational function that cancels to 0."""
    if goal.relation != "==" or goal.difference.has(sp.Piecewise, sp.Max, sp.Min, sp.Abs, sp.Limit):
        return None
    trace: list[Step] = []
    expr = chain(traced(unfold_vocabulary, trace), traced(hyperbolic_to_exp, trace))(goal.difference)
    substituted, table = exponentials_to_powers(expr)
    if table:
        where = ", ".join(f"{u} = {sp.sstr(e)}" for u, e in table.items())
        trace.append(Step("==", substituted, f"substitute {where}", "exponentials_to_powers"))
    if not rational_zero(substituted):
        return None
    trace.append(Step("==", sp.S.Zero, "cancel the rational function", "cancel"))
    data = {"substitution": {str(u): sp.sstr(e) for u, e in table.items()}, "numerator": "0"}
    return Outcome(Certificate("exp-rational", data), tuple(trace))


def _split_logs(expr: sp.Expr) -> tuple[list[tuple[sp.Rational, sp.Expr]], sp.Expr] | None:
    """expr = Σ cᵢ ln Aᵢ + rest with cᵢ rational, Aᵢ > 0 and rest free of ln; None if not of that shape."""
    logs, rest = [], sp.S.Zero
    for term in sp.Add.make_args(sp.expand(expr, log=False, power_exp=False, power_base=False)):
        c, core = term.as_coeff_Mul()
        if isinstance(core, sp.log) and c.is_Rational:
            argument = core.args[0]
            if not (is_positive(argument) or is_positive(sp.together(argument))):
                return None
            logs.append((c, argument))
        elif term.has(sp.log):
            return None
        else:
            rest += term
    return logs, rest


def exponentiate(goal: Goal) -> Outcome | None:
    """lhs − rhs = Σ cᵢ ln Aᵢ + B is real, and e^{lhs − rhs} = Π Aᵢ^{cᵢ}·e^B cancels to 1, so lhs − rhs = 0."""
    if goal.relation != "==":
        return None
    expr = chain(unfold_vocabulary, hyperbolic_to_exp, inverse_hyperbolic_to_log, expand_logs)(goal.difference)
    if not expr.has(sp.log) or expr.has(sp.Piecewise, sp.Limit, sp.Sum):
        return None
    if expr.is_extended_real is not True:
        return None
    split = _split_logs(expr)
    if split is None or not split[0]:
        return None
    logs, rest = split
    power = sp.Mul(*[a**c for c, a in logs]) * sp.exp(rest)
    substituted, table = exponentials_to_powers(power - 1)
    if not rational_zero(substituted):
        return None
    steps = (
        Step("==", expr, "definitions, tanh → exp, ln(ab) = ln a + ln b", "unfold"),
        Step("==", sp.S.Zero, "e^{lhs − rhs} = " + sp.sstr(power) + " = 1 and lhs − rhs is real", "exponentiate"),
    )
    data = {"exponential": sp.sstr(power), "substitution": {str(u): sp.sstr(e) for u, e in table.items()}}
    return Outcome(Certificate("exp-of-difference", data), steps)


def last_resort_simplify(goal: Goal) -> Outcome | None:
    """SymPy's `simplify` turns lhs − rhs into 0 (a last resort: slow, and one opaque step)."""
    if goal.relation != "==":
        return None
    expr = hyperbolic_to_exp(unfold_vocabulary(goal.difference))
    if expr.has(sp.Limit):
        return None
    result = sp.simplify(expr)
    if not _is_zero(result):
        return None
    return Outcome(Certificate("simplify", {}), (Step("==", sp.S.Zero, "simplify", "simplify"),))
