"""Automatic steps: a derivation built from the rules, when a sheet gives no route

- Derivatives: one step per rule application — sum, constant factor, product, quotient, power, chain, and the
  derivative of a function of the vocabulary or of SymPy (honest at kinks) — applied to the first pending
  derivative until none is left, then the algebra to the claimed form. Every step is a link proved on its own.
- Other identities: both sides rewritten by the same named rules (definitions, tanh → exp, ln splitting,
  common denominators, cancellation) until they meet, and the two chains joined: lhs = … = common = … = rhs.

Main definitions
- `RULES`: the differentiation rules, as (name, rule) where a rule maps `Derivative(f, x)` to an expression or None.
- `derivative_links(expr)`: the links differentiating `expr` step by step.
- `rewrite_links(lhs, rhs)`: the meet-in-the-middle chain of named rewrites.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp
from sympy.core.function import AppliedUndef

from identities.latex import latex
from identities.prover.derivatives import differentiate
from identities.prover.rules import (
    cancel_factors,
    combine_fractions,
    expand_logs,
    first_line,
    hyperbolic_to_exp,
    unfold_vocabulary,
)
from identities.vocabulary import MLFunction

Rule = Callable[[sp.Derivative], sp.Expr | None]


def _single(d: sp.Derivative) -> tuple[sp.Expr, sp.Symbol] | None:
    """(f, x) for a first derivative d/dx f by a scalar symbol x.

    Not for an entry Wᵢⱼ of a matrix: f may depend on it through W without containing Wᵢⱼ itself (f.has(Wᵢⱼ) is
    False for f = σ(Wx)ₖ), so "d/dx c = 0 for c free of x" would be wrong there; such derivatives are left to
    the proof's own steps."""
    if len(d.variable_count) != 1 or d.variable_count[0][1] != 1:
        return None
    x = d.variable_count[0][0]
    if not isinstance(x, sp.Symbol) or any(isinstance(a, sp.MatrixExpr) for a in sp.preorder_traversal(d.expr)):
        return None
    return d.expr, x


def constant(d):
    """d/dx c = 0 for c free of x"""
    f, x = _single(d) or (None, None)
    return sp.S.Zero if f is not None and not f.has(x) else None


def identity(d):
    """d/dx x = 1"""
    f, x = _single(d) or (None, None)
    return sp.S.One if f is not None and f == x else None


def sum_rule(d):
    """(u + v)′ = u′ + v′"""
    f, x = _single(d) or (None, None)
    if isinstance(f, sp.Add):
        return sp.Add(*[sp.Derivative(t, x) for t in f.args], evaluate=False)
    return None


def constant_factor(d):
    """(c·u)′ = c·u′ for c free of x"""
    f, x = _single(d) or (None, None)
    if isinstance(f, sp.Mul):
        c, rest = f.as_independent(x, as_Add=False)
        if c != 1 and rest != 1:
            return sp.Mul(c, sp.Derivative(rest, x), evaluate=False)
    return None


def quotient_rule(d):
    """(u/v)′ = (u′v − uv′)/v²"""
    f, x = _single(d) or (None, None)
    if isinstance(f, sp.Mul):
        u, v = f.as_numer_denom()
        if v != 1 and u.has(x) and v.has(x):
            return (sp.Derivative(u, x) * v - u * sp.Derivative(v, x)) / v**2
    return None


def product_rule(d):
    """(uv)′ = u′v + uv′"""
    f, x = _single(d) or (None, None)
    if isinstance(f, sp.Mul):
        factors = [a for a in f.args if a.has(x)]
        if len(factors) >= 2:
            u = factors[0]
            v = sp.Mul(*[a for a in f.args if a is not u])
            return sp.Add(sp.Mul(sp.Derivative(u, x), v, evaluate=False),
                          sp.Mul(u, sp.Derivative(v, x), evaluate=False), evaluate=False)
    return None


def power_rule(d):
    """(uⁿ)′ = n·uⁿ⁻¹·u′ for a constant n"""
    f, x = _single(d) or (None, None)
    if isinstance(f, sp.Pow) and not f.exp.has(x) and f.base.has(x):
        outer = f.exp * f.base ** (f.exp - 1)
        return outer if f.base == x else sp.Mul(outer, sp.Derivative(f.base, x), evaluate=False)
    return None


def exponential(d):
    """(eᵘ)′ = eᵘ·u′"""
    f, x = _single(d) or (None, None)
    if isinstance(f, sp.exp):
        u = f.args[0]
        return f if u == x else sp.Mul(f, sp.Derivative(u, x), evaluate=False)
    return None


def logarithm(d):
    """(ln u)′ = u′/u"""
    f, x = _single(d) or (None, None)
    if isinstance(f, sp.log) and len(f.args) == 1:
        u = f.args[0]
        return 1 / u if u == x else sp.Mul(sp.Derivative(u, x), 1 / u, evaluate=False)
    return None


def function_rule(d):
    """F(u)′ = F′(u)·u′ (the chain rule), F′ the function's own derivative"""
    f, x = _single(d) or (None, None)
    if not isinstance(f, sp.Function) or isinstance(f, AppliedUndef) or len(f.args) < 1:
        return None
    u = f.args[0]
    if any(a.has(x) for a in f.args[1:]) or not u.has(x):
        return None
    if (isinstance(f, MLFunction) and f.is_kinked) or isinstance(f, (sp.Abs, sp.Max, sp.Min, sp.sign, sp.Heaviside)):
        t = sp.Dummy("t", real=True)
        outer = differentiate(f.func(t, *f.args[1:]), t).xreplace({t: u})
    else:
        try:
            outer = f.fdiff(1)
        except (sp.ArgumentIndexError, AttributeError, TypeError):
            return None
    return outer if u == x else sp.Mul(outer, sp.Derivative(u, x), evaluate=False)


def _justification(rule: Callable, d: sp.Derivative) -> str:
    if rule is function_rule:
        f, x = _single(d)
        kind = "chain rule: derivative of" if f.args[0] != x else "derivative of"
        return f"{kind} ${latex(f)}$"
    return first_line(rule.__doc__)


RULES: tuple[tuple[str, Rule], ...] = (
    ("constant", constant), ("identity", identity), ("sum_rule", sum_rule), ("constant_factor", constant_factor),
    ("quotient_rule", quotient_rule), ("product_rule", product_rule), ("power_rule", power_rule),
    ("exponential", exponential), ("logarithm", logarithm), ("function_rule", function_rule),
)  # fmt: skip
"""Differentiation rules, tried in order on the first pending derivative."""

MAX_STEPS = 24


def _first_pending(expr: sp.Basic) -> sp.Derivative | None:
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Derivative):
            return node
    return None


def derivative_links(expr: sp.Expr) -> list[tuple[sp.Expr, str, str]] | None:
    """(expression, justification, rule name) after each rule application, until no derivative is left."""
    out = []
    for _ in range(MAX_STEPS):
        pending = _first_pending(expr)
        if pending is None:
            return out
        for name, rule in RULES:
            result = rule(pending)
            if result is not None:
                expr = expr.xreplace({pending: result})
                out.append((expr, _justification(rule, pending), name))
                break
        else:
            return None
    return None


REWRITES = (unfold_vocabulary, hyperbolic_to_exp, expand_logs, combine_fractions, cancel_factors)


def _chain(expr: sp.Expr) -> list[tuple[sp.Expr, str, str]]:
    out = []
    for rule in REWRITES:
        after = rule(expr)
        if after != expr:
            describe = getattr(rule, "describe", None)
            out.append((after, describe(expr, after) if describe else first_line(rule.__doc__), rule.__name__))
            expr = after
    return out


def rewrite_links(lhs: sp.Expr, rhs: sp.Expr) -> list[tuple[sp.Expr, str, str]]:
    """lhs = … = common = … = rhs: both sides rewritten by the same rules, the right chain read backwards."""
    left, right = _chain(lhs), _chain(rhs)
    out = list(left)
    left_end = left[-1][0] if left else lhs
    right_exprs = [rhs] + [e for e, _, _ in right]
    right_end = right_exprs[-1]
    if left_end != right_end:
        out.append((right_end, "algebra", "algebra"))
    for k in range(len(right) - 1, -1, -1):
        out.append((right_exprs[k], right[k][1], right[k][2]))
    return out
