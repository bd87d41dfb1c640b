"""Claims and steps printed in the words a claim file uses, as text and as Unicode art

SymPy's own printers show proofsheet's internals: a vocabulary function applied to a matrix as
`(_entry ↦ sigmoid(_entry))˳(W⋅v)`, the entry of a vector as `z[j, 0]`, and a name ending in a modifier word read
as that modifier (`sqnorm` as `‖sq‖`). These printers show `sigmoid(W*v)`, `z[j]` and `sqnorm(v)`: what the user
wrote, and what they would write again.

Main definitions
- `plain(expr)`: one line of text (`sstr` with the vocabulary's names).
- `pretty(expr)`: Unicode art (`sp.pretty` with the vocabulary's names).
"""

from __future__ import annotations

from typing import Any

import sympy as sp
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.printing.pretty.pretty import PrettyPrinter
from sympy.printing.pretty.stringpict import prettyForm, stringPict
from sympy.printing.str import StrPrinter

from .vocabulary import MLFunction, VectorFunction


def _applied_name(e: ElementwiseApplyFunction) -> str | None:
    """The name of the function applied entrywise (`sigmoid` for `_entry ↦ sigmoid(_entry)`), when it is one."""
    function = e.function
    if isinstance(function, sp.Lambda) and len(function.variables) == 1:
        body, (variable,) = function.expr, function.variables
        if isinstance(body, sp.Function) and body.args == (variable,):
            return body.func.__name__
    name = getattr(function, "__name__", None)
    return name if isinstance(name, str) else None


def _is_vector(matrix: Any) -> bool:
    return getattr(matrix, "shape", (None, None))[1] == 1


class PlainPrinter(StrPrinter):
    """`sstr` with entries of vectors as `z[j]` and entrywise functions as `sigmoid(W*v)`.

    >>> z = sp.MatrixSymbol("z", sp.Symbol("n"), 1)
    >>> plain(z[sp.Symbol("j"), 0] + 1)
    'z[j] + 1'
    """

    def _print_MatrixElement(self, expr) -> str:
        parent = self._print(expr.parent) if isinstance(expr.parent, VectorFunction) else self.parenthesize(
            expr.parent, sp.printing.precedence.PRECEDENCE["Atom"], strict=True)
        if _is_vector(expr.parent) and expr.j == 0:
            return f"{parent}[{self._print(expr.i)}]"
        return f"{parent}[{self._print(expr.i)}, {self._print(expr.j)}]"

    def _print_ElementwiseApplyFunction(self, expr) -> str:
        name = _applied_name(expr)
        if name is None:
            return super()._print_ElementwiseApplyFunction(expr)
        return f"{name}({self._print(expr.expr)})"


class VocabularyPrettyPrinter(PrettyPrinter):
    """`sp.pretty` with vocabulary functions under their own names and the readings of `PlainPrinter`.

    >>> from identities.vocabulary import sqnorm
    >>> v = sp.MatrixSymbol("v", 3, 1)
    >>> pretty(sqnorm(v))
    'sqnorm(v)'
    """

    def _named(self, name: str, *args: Any) -> prettyForm:
        inner = prettyForm(*self._print_seq(args, delimiter=", ").parens())
        return prettyForm(*stringPict.next(prettyForm(name), inner), binding=prettyForm.FUNC)

    def _print_VectorFunction(self, e):
        return self._named(type(e).__name__, *e.args)

    def _print_Function(self, e, sort=False, func_name=None, left="(", right=")"):
        if isinstance(e, MLFunction) and func_name is None and (left, right) == ("(", ")"):
            return self._named(type(e).__name__, *e.args)
        return super()._print_Function(e, sort=sort, func_name=func_name, left=left, right=right)

    def _print_ElementwiseApplyFunction(self, expr):
        name = _applied_name(expr)
        if name is None:
            return super()._print_ElementwiseApplyFunction(expr)
        return self._named(name, expr.expr)

    def _print_MatrixElement(self, expr):
        if not (_is_vector(expr.parent) and expr.j == 0):
            return super()._print_MatrixElement(expr)
        parent = self._print(expr.parent)
        if not (expr.parent.is_Atom or isinstance(expr.parent, (sp.Function, VectorFunction, sp.MatrixSymbol))):
            parent = prettyForm(*parent.parens())
        return prettyForm(*stringPict.next(parent, f"[{plain(expr.i)}]"))


def plain(expr: Any) -> str:
    """`expr` as one line of text in the claim language's names."""
    if isinstance(expr, sp.MatrixBase):
        expr = expr.tolist()
    return PlainPrinter().doprint(expr)


def pretty(expr: Any) -> str:
    """`expr` as Unicode art in the claim language's names (no line wrapping)."""
    return VocabularyPrettyPrinter({"use_unicode": True, "wrap_line": False}).doprint(expr)
