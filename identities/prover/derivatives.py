"""Derivatives that are honest at kinks

SymPy differentiates non-smooth functions by silently choosing values at their kinks: d/dx max(0, x) is
`Heaviside(x)`, worth 1/2 at 0; a `Piecewise` keeps its closed conditions, so its derivative takes a one-sided
value at each breakpoint; d|x|/dx is `sign(x)`, worth 0 at 0. proofsheet differentiates with those nodes replaced
by honest versions: inside a piece the derivative is that of the piece, at a breakpoint it is a value only when
the function is C¹ there, and otherwise a `KinkValue` that the claim's convention (ReLU'(0), |·|'(0)) may decide.

Main definitions
- `HonestPiecewise`, `HonestAbs`: differentiation-time stand-ins for `Piecewise` and `Abs`.
- `differentiate(expr, *variables)`: the derivative with honest kinks.
- `evaluate_derivatives(expr, conventions)`: every `Derivative` in `expr` evaluated, conventions applied.
"""

from __future__ import annotations

from collections.abc import Mapping

import sympy as sp

from ..vocabulary import relu
from ..vocabulary.kinks import ABS_PRIME_AT_0, apply_conventions, piecewise_derivative
from ..vocabulary.vectors import MatrixArgumentFunction
from .rules import heaviside_piecewise, sign_piecewise, unfold_vectors


class HonestPiecewise(sp.Piecewise):
    """A `Piecewise` whose derivative has a value at a breakpoint only where the function is C¹."""

    def _eval_derivative(self, s):
        return piecewise_derivative(sp.Piecewise(*self.args), s)


class HonestAbs(sp.Abs):
    """|g| with d|g| = sign(g)·dg away from g = 0 and the convention `abs_prime_at_0` at g = 0."""

    def _eval_derivative(self, s):
        g = self.args[0]
        slope = sp.Piecewise((1, g > 0), (-1, g < 0), (ABS_PRIME_AT_0, True))
        return slope * sp.diff(g, s)


def _relu_argument(m: sp.Max) -> sp.Expr | None:
    """g when m is max(0, g) (so that ReLU's convention applies), else None."""
    if len(m.args) == 2 and sp.S.Zero in m.args:
        return m.args[0] if m.args[1] == 0 else m.args[1]
    return None


def _prepare(expr: sp.Basic) -> sp.Basic:
    """Replace the nodes SymPy differentiates dishonestly by their honest stand-ins."""
    expr = unfold_vectors(expr)
    expr = expr.replace(lambda a: isinstance(a, MatrixArgumentFunction), lambda a: a.unfold())
    expr = expr.replace(lambda a: isinstance(a, sp.Max) and _relu_argument(a) is not None,
                        lambda a: relu(_relu_argument(a)))
    expr = expr.replace(lambda a: isinstance(a, (sp.Max, sp.Min)), lambda a: a.rewrite(sp.Piecewise))
    expr = expr.replace(lambda a: isinstance(a, sp.Heaviside), lambda a: heaviside_piecewise(*a.args))
    expr = expr.replace(lambda a: isinstance(a, sp.sign), lambda a: sign_piecewise(a.args[0]))
    expr = expr.replace(lambda a: type(a) is sp.Abs, lambda a: HonestAbs(a.args[0]))
    return expr.replace(lambda a: type(a) is sp.Piecewise, lambda a: HonestPiecewise(*a.args))


def _restore(expr: sp.Basic) -> sp.Basic:
    expr = expr.replace(lambda a: isinstance(a, HonestAbs), lambda a: sp.Abs(a.args[0]))
    return expr.replace(lambda a: isinstance(a, HonestPiecewise), lambda a: sp.Piecewise(*a.args))


def differentiate(expr: sp.Basic, *variables) -> sp.Basic:
    """d expr / d variables, with no value chosen silently at a kink.

    >>> x = sp.Symbol("x", real=True)
    >>> differentiate(sp.Max(0, x), x)
    Heaviside(x, relu_prime_at_0)
    >>> differentiate(sp.Abs(x), x)
    Piecewise((1, x > 0), (-1, x < 0), (abs_prime_at_0, True))
    """
    return _restore(sp.diff(_prepare(expr), *variables))


def evaluate_derivatives(expr: sp.Basic, conventions: Mapping[str, sp.Expr]) -> sp.Basic:
    """Every `Derivative` in `expr` computed honestly (innermost first), then the conventions applied.

    >>> x = sp.Symbol("x", real=True)
    >>> evaluate_derivatives(sp.Derivative(sp.Max(0, x), x), {"relu_prime_at_0": sp.S.Zero})
    Heaviside(x, 0)
    """
    if not expr.has(sp.Derivative):
        return expr
    out = expr.replace(lambda a: isinstance(a, sp.Derivative),
                       lambda d: differentiate(d.expr, *d.variable_count))
    return apply_conventions(out, conventions)
