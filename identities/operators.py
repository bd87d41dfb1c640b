"""Deferred operators: written in a claim, evaluated only by a proof

SymPy evaluates `series` eagerly; a claim must stay as written and a parse must stay fast, so `series` is kept as
an unevaluated `TaylorPolynomial` until a proof (bounded in time) asks for it. `Derivative`, `Limit`, `Integral`
and `Sum` are SymPy's own unevaluated forms.

Main definitions
- `TaylorPolynomial(f, x, x0, n)`: the Taylor polynomial of f at x0 of degree < n (SymPy's `series` with its
  O-term removed).
"""

from __future__ import annotations

import sympy as sp


class TaylorPolynomial(sp.Function):
    """series(f, x, x0, n): Σ_{k<n} f⁽ᵏ⁾(x0)(x − x0)ᵏ/k!, the truncated Taylor expansion (no O-term).

    >>> x = sp.Symbol("x", real=True)
    >>> TaylorPolynomial.of(sp.exp(x), x, 0, 3).doit()
    x**2/2 + x + 1
    """

    @classmethod
    def of(cls, f, x, x0=0, n=6) -> TaylorPolynomial:
        return cls(f, x, sp.sympify(x0), sp.sympify(n))

    @classmethod
    def eval(cls, f, x, x0, n):
        return None

    def doit(self, **hints):
        f, x, x0, n = (a.doit(**hints) if hints.get("deep", True) else a for a in self.args)
        return sp.series(f, x, x0, int(n)).removeO()

    def _latex(self, printer, exp=None):
        f, x, x0, n = (printer._print(a) for a in self.args)
        return r"T_{%s}\left[%s\right]\left(%s; %s\right)" % (n, f, x, x0)
