"""Trust no silent parse: every term read is printed back to LaTeX and read again

A term of the sheet is read (`reader` + `translate`) into SymPy; the expression is printed by the project's
printer (`identities.latex.MLLatexPrinter`, with the sheet's own names for its symbols) and the printed LaTeX is
read again in the same scope. When the two readings differ, the first one was not a stable reading of the
sheet — a parse that would silently check something else — and the link is reported `unparsed` with both.

Main definitions
- `printed(expr, scope, as_written)`: the LaTeX of a term as read (`as_written`: a vector the sheet wrote for its
  entry is printed as the sheet wrote it, so that it reads back; else as the entry).
- `read_back(expr, scope, decorated)`: `None` when the printed term reads back to `expr`, else the reason.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from identities.latex import MLLatexPrinter

from .reader import Name, Unreadable, read_term
from .translate import Scope, to_sympy
from .vectors import is_matrix


class _SheetPrinter(MLLatexPrinter):
    """The project's printer, with the sheet's names for symbols, index families and its own functions."""

    def __init__(self, scope: Scope, as_written: bool = True) -> None:
        names = {}
        super().__init__({})
        self.scope = scope
        self.as_written = as_written
        self._settings["symbol_names"] = names

    def _print_Symbol(self, expr, style="plain"):
        name = self.scope.names.get(expr.name)
        if name is not None and not expr.is_integer:
            return name.latex
        return super()._print_Symbol(expr, style)

    def _print(self, expr, **kwargs):
        # These classes print themselves (`_latex`) in the catalog's notation; the sheet's is printed here.
        method = {"Gradient": self._print_Gradient, "onehot": self._print_onehot,
                  "RepairedEntry": self._print_RepairedEntry}.get(type(expr).__name__)
        return method(expr) if method is not None else super()._print(expr, **kwargs)

    def _print_RepairedEntry(self, expr):
        if not self.as_written:
            return self._print_MatrixElement(expr)
        return self._print(expr.parent)  # read again, the vector beside entries is again its entry

    def _print_MatrixSymbol(self, expr):
        name = self.scope.names.get(expr.name)
        return name.latex if name is not None else super()._print_MatrixSymbol(expr)

    def _print_MatrixElement(self, expr):
        parent = expr.parent
        if tuple(parent.shape) == (1, 1) and expr.i == 0 and expr.j == 0:
            return r"\left[%s\right]" % self._print(parent)  # a 1 × 1 product read as its number
        name = self.scope.names.get(parent.name) if isinstance(parent, sp.MatrixSymbol) else None
        if name is None:  # an entry of a vector-valued term, 1-based like the sheet's
            indices = [expr.i + 1] if parent.shape[1] == 1 else [expr.i + 1, expr.j + 1]
            return r"{\left(%s\right)}_{%s}" % (self._print(parent), ", ".join(self._print(i) for i in indices))
        indices = [expr.i + 1] if parent.shape[1] == 1 else [expr.i + 1, expr.j + 1]
        return Name(name.base, ", ".join(self._print(i) for i in indices), name.sup).latex

    def _print_onehot(self, expr, exp=None):
        label, size = expr.args
        return r"\operatorname{onehot}_{%s}\left(%s\right)" % (self._print(size), self._print(label + 1))

    def _print_Gradient(self, expr, exp=None):
        f, variable = expr.args
        return r"\nabla_{%s} \left(%s\right)" % (self._print(variable), self._print(f))

    def _print_ElementwiseApplyFunction(self, expr):
        body = expr.function.expr
        return r"\operatorname{%s}\left(%s\right)" % (type(body).__name__, self._print(expr.expr))

    def _print_BigO(self, expr, exp=None):
        return r"O\left(%s\right)" % self._print(expr.args[0])

    def _print_Function(self, expr, exp=None):
        if isinstance(expr, AppliedUndef):
            name = expr.func.__name__
            args = ", ".join(self._print(a) for a in expr.args)
            if name.endswith("_of"):
                family = self.scope.names.get(name[:-3])
                if family is not None and len(expr.args) == 1:
                    return Name(family.base, self._print(expr.args[0]), family.sup).latex
            head = self.scope.names[name].latex if name in self.scope.names else (
                name if len(name) == 1 else r"\operatorname{%s}" % name)
            tex = f"{head}\\left({args}\\right)"
            return f"{{{tex}}}^{{{exp}}}" if exp is not None else tex
        return super()._print_Function(expr, exp)


def printed(expr: sp.Expr, scope: Scope, as_written: bool = True) -> str:
    r"""The LaTeX of a term as read, in the sheet's names.

    >>> from derivations.audit.translate import BigO
    >>> x = sp.Symbol("x", real=True)
    >>> printed(sp.exp(-x) + BigO(x**2), Scope())
    'O\\left(x^{2}\\right) + e^{- x}'
    """
    return _SheetPrinter(scope, as_written).doprint(expr)


def read_back(expr: sp.Expr, scope: Scope, decorated: frozenset[tuple[str, str]]) -> str | None:
    r"""`None` when `expr` printed and read again gives `expr`; else why not.

    >>> x = sp.Symbol("x", real=True)
    >>> read_back(sp.log(1 + sp.exp(x)), Scope(), frozenset()) is None
    True
    """
    tex = printed(expr, scope)
    try:
        again = to_sympy(read_term(tex, decorated, printed=True), scope)
    except Unreadable as error:
        return f"the reading prints as {tex}, which does not read back ({error})"
    if again == expr:
        return None
    if is_matrix(again) or is_matrix(expr):
        same = is_matrix(again) and is_matrix(expr) and again.shape == expr.shape and (again - expr).doit() == 0 * expr
        return None if same else f"the reading prints as {tex}, which reads back as something else"
    if sp.expand(again - expr) == 0:
        return None
    return f"the reading prints as {tex}, which reads back as something else"


__all__ = ["printed", "read_back"]
