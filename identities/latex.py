"""LaTeX of claims: SymPy's printer with the notation of ML sheets

The vocabulary's own `_latex` methods are the one source of its notation (σ, softplus, ReLU, …). This printer
adds what SymPy's defaults print badly for sheets: `ln` for the natural logarithm, H(x) for the step, vector
entries as subscripts (vᵢ, softmax(v)ᵢ), an elementwise function as f(Wx), and bound indices without SymPy's
dummy decorations. It dispatches on `_print_<Class>` like every SymPy printer.

Main definitions
- `MLLatexPrinter`
- `latex(expr)`: the LaTeX of an expression (MathJax-safe: no macros beyond amsmath).
"""

from __future__ import annotations

from typing import Any, ClassVar

import sympy as sp
from sympy.printing.latex import LatexPrinter


class MLLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with sheet notation (see the module docstring)."""

    _default_settings: ClassVar[dict] = {**LatexPrinter._default_settings, "ln_notation": True}

    def _print_Heaviside(self, expr, exp=None):
        tex = r"H\left(%s\right)" % self._print(expr.args[0])
        return r"%s^{%s}" % (tex, exp) if exp is not None else tex

    def _print_Dummy(self, expr):
        return self._print(sp.Symbol(expr.name))

    def _print_MatrixElement(self, expr):
        parent = self.parenthesize(expr.parent, sp.printing.precedence.PRECEDENCE["Atom"], strict=True)
        if getattr(expr.parent, "latex_name", None):
            parent = self._print(expr.parent)
        cols = sp.sympify(expr.parent.shape[1])
        index = self._print(expr.i) if cols == 1 else f"{self._print(expr.i)}, {self._print(expr.j)}"
        return f"{{{parent}}}_{{{index}}}"

    def _print_ElementwiseApplyFunction(self, expr):
        fn = expr.function
        body = fn.expr
        if isinstance(body, sp.Function) and body.args and body.args[0] == fn.variables[0]:
            # f printed at a placeholder, then the matrix put in its place: f's own notation, braces balanced
            shown = self._print(body.func(_PLACEHOLDER, *body.args[1:]))
            return shown.replace(self._print(_PLACEHOLDER), self._print(expr.expr))
        return super()._print_ElementwiseApplyFunction(expr)


_PLACEHOLDER = sp.Symbol("elementwiseargument", real=True)


def latex(expr: Any, **settings: Any) -> str:
    """The LaTeX of `expr` in sheet notation.

    >>> from identities.vocabulary import sigmoid, softplus
    >>> x = sp.Symbol("x", real=True)
    >>> latex(sp.log(sigmoid(x)) + softplus(-x))
    '\\\\ln{\\\\left(\\\\sigma\\\\left(x\\\\right) \\\\right)} + \\\\operatorname{softplus}\\\\left(- x\\\\right)'
    """
    return MLLatexPrinter(settings).doprint(expr)
