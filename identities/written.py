"""The written form of an expression: what its author wrote, unevaluated, for display

A claim or a derivation step is proved in its evaluated form (SymPy's canonical order, explicit vectors as
columns of entries, operators applied). It is displayed in its written form: the same whitelist parser
(`ExpressionParser`), but every sum, product, quotient, power and function call kept as written.

- `a + b - c` is one flat sum (a, b, −c) in the author's order; `a*b*c` one flat product; `-x` is (−1)·x and
  prints `-x`; `a/b` is a·b⁻¹ and prints as a fraction; parentheses the author wrote around a sum stay.
- functions are applied without evaluation: `gaussian(0)` stays gaussian(0), `tanh(-x)` stays tanh(−x).
- declared explicit-size vectors and matrices keep their names (`W*x + b` is W x + b, not a column), as
  matrix symbols of the declared shape; an explicit matrix appears only where the author wrote `Matrix([...])`
  or a list.
- the operators (`diff`, `grad`, `limit`, `Sum`, `integrate`, `series`, `jacobian`, `rows`, `cols`) are built
  unevaluated, with their arguments as written.

`evaluated(written, scope)` rebuilds the evaluated expression from a written tree with the parser's own
operations, so a test can check that what is displayed denotes exactly what is proved.

Main definitions
- `WrittenParser`: text → written tree.
- `WrittenPrinter`, `written_latex(expr)`: the LaTeX of a written tree, terms and factors in their order.
- `written(claim, text)`: the written tree of `text` in a claim's scope.
- `evaluated(expr, scope)`: the evaluated expression that a written tree denotes.
"""

from __future__ import annotations

import ast
import operator
from collections.abc import Callable
from functools import reduce
from typing import Any

import sympy as sp
from sympy.core.relational import Relational
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.printing.conventions import requires_partial

from .claim import Claim
from .declarations import Scope
from .expression import FUNCTIONS, ExpressionParser, subscript
from .latex import MLLatexPrinter
from .problem import parse_conventions
from .vocabulary import Gradient, grad, is_matrix, jacobian
from .vocabulary.base import elementwise


class Rows(sp.Expr):
    """rows(A) as written: the number of rows of A."""

    is_integer = True
    is_positive = True

    def _latex(self, printer, exp=None):
        tex = r"\operatorname{rows}\left(%s\right)" % printer._print(self.args[0])
        return "%s^{%s}" % (tex, exp) if exp is not None else tex

    def value(self, a):
        return FUNCTIONS["rows"](a)


class Cols(Rows):
    """cols(A) as written: the number of columns of A."""

    def _latex(self, printer, exp=None):
        tex = r"\operatorname{cols}\left(%s\right)" % printer._print(self.args[0])
        return "%s^{%s}" % (tex, exp) if exp is not None else tex

    def value(self, a):
        return FUNCTIONS["cols"](a)


class Jacobian(sp.Expr):
    """F.jacobian(x) as written: ∂F/∂x, the matrix of ∂Fᵢ/∂xⱼ."""

    def _latex(self, printer, exp=None):
        F, x = (printer._print(a) for a in self.args)
        return r"\frac{\partial \left(%s\right)}{\partial %s}" % (F, x)

    def value(self, F, x):
        return jacobian(F, x)


OPERATORS = {"diff", "Derivative", "limit", "integrate", "Sum", "series", "grad", "Matrix"}
"""Calls built as the evaluated parser builds them (already unevaluated there, and SymPy's automatic
simplification switched off would garble their counts: d^{0+1}/dx)."""

WRITTEN_CALLS: dict[str, type] = {"rows": Rows, "cols": Cols, "jacobian": Jacobian}
"""Calls that the evaluated parser computes and the written form keeps as nodes."""


def _unevaluated(fn: Callable[..., Any]) -> Callable[..., Any]:
    """`fn` called with SymPy's automatic evaluation off (its arguments are built already)."""

    def handler(*args: Any) -> Any:
        with sp.evaluate(False):
            return fn(*args)

    return handler


def _extremum(kind: type) -> Callable[..., Any]:
    """max/min of the arguments as written (no argument dropped or reordered)."""

    def handler(*args: Any) -> Any:
        return kind(*args, evaluate=False)

    return handler


def _negate(x: Any) -> Any:
    """−x as written: a negative number for a number, else the product (−1)·x."""
    if isinstance(x, sp.Number):
        return -x
    if is_matrix(x):
        return sp.MatMul(sp.S.NegativeOne, x, evaluate=False)
    return sp.Mul(sp.S.NegativeOne, x, evaluate=False)


def _chain(node: ast.AST, ops: tuple[type, ...]) -> list[tuple[ast.AST, type | None]]:
    """The operands of a left-nested chain `a op b op c` with the operator before each (None for the first)."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ops):
        return [*_chain(node.left, ops), (node.right, type(node.op))]
    return [(node, None)]


class WrittenParser(ExpressionParser):
    """The claim parser that keeps what was written (module docstring).

    >>> p = WrittenParser(Scope.from_table({"x": "real"}))
    >>> written_latex(p.parse("-y*a + log(a + b + c)"))
    '- y a + \\\\ln{\\\\left(a + b + c \\\\right)}'
    """

    def __init__(self, scope: Scope, conventions: dict[str, sp.Expr] | None = None) -> None:
        super().__init__(scope, conventions)
        self.functions = {name: fn if name in OPERATORS else _unevaluated(fn) for name, fn in self.functions.items()}
        self.functions.update({"Max": _extremum(sp.Max), "Min": _extremum(sp.Min)})
        self.names: dict[str, sp.MatrixSymbol] = {}

    def _node_Name(self, node: ast.Name) -> Any:
        obj = super()._node_Name(node)
        if isinstance(obj, sp.MatrixBase) and node.id in self.scope.declared:
            return self.names.setdefault(node.id, sp.MatrixSymbol(node.id, *obj.shape))
        return obj

    def _node_BinOp(self, node: ast.BinOp) -> Any:
        if isinstance(node.op, (ast.Add, ast.Sub)):
            terms = [self._convert(n) if op is not ast.Sub else _negate(self._convert(n))
                     for n, op in _chain(node, (ast.Add, ast.Sub))]
            if any(is_matrix(t) for t in terms):
                return sp.MatAdd(*terms, evaluate=False)
            return sp.Add(*terms, evaluate=False)
        if isinstance(node.op, (ast.Mult, ast.MatMult)):
            factors = [self._convert(n) for n, _ in _chain(node, (ast.Mult, ast.MatMult))]
            if any(is_matrix(f) for f in factors):
                return sp.MatMul(*factors, evaluate=False)
            return sp.Mul(*factors, evaluate=False)
        if isinstance(node.op, ast.Div):
            numerator, denominator = self._convert(node.left), self._convert(node.right)
            if is_matrix(denominator):
                super()._node_BinOp(node)  # the parser's own message
            reciprocal = sp.Pow(denominator, sp.S.NegativeOne, evaluate=False)
            if is_matrix(numerator):
                return sp.MatMul(reciprocal, numerator, evaluate=False)
            return sp.Mul(numerator, reciprocal, evaluate=False)
        return super()._node_BinOp(node)

    def _pow(self, base: Any, power: Any) -> Any:
        if is_matrix(base):
            return sp.MatPow(base, power, evaluate=False)
        return sp.Pow(base, power, evaluate=False)

    def _node_Attribute(self, node: ast.Attribute) -> Any:
        super()._node_Attribute(node)  # the parser's checks and messages
        return sp.Transpose(self._convert(node.value))  # Aᵀ as written (SymPy's .T distributes over sums)

    def _node_List(self, node: ast.List) -> Any:
        """A list of named vectors is the matrix of their rows, kept as blocks: [t₁ᵀ; t₂ᵀ]."""
        items = [self._convert(e) for e in node.elts]
        named = any(is_matrix(i) and not isinstance(i, sp.MatrixBase) for i in items)
        if named and all(is_matrix(i) and 1 in (i.shape[0], i.shape[1]) for i in items):
            return sp.BlockMatrix([[i.T] if i.shape[1] == 1 else [i] for i in items])
        return super()._node_List(node)

    def _node_UnaryOp(self, node: ast.UnaryOp) -> Any:
        if isinstance(node.op, ast.USub):
            return _negate(self._convert(node.operand))
        return super()._node_UnaryOp(node)

    def _node_Call(self, node: ast.Call) -> Any:
        name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", None)
        if name in WRITTEN_CALLS and not (isinstance(node.func, ast.Name) and name in self.scope.declared):
            operands = [self._convert(node.func.value)] if isinstance(node.func, ast.Attribute) else []
            operands += [self._convert(a) for a in node.args]
            return WRITTEN_CALLS[name](*operands)
        return super()._node_Call(node)


def written(claim: Claim, text: str) -> Any:
    """The written tree of `text` in the scope and conventions of `claim`."""
    scope = Scope.from_table(dict(claim.symbols))
    return WrittenParser(scope, parse_conventions(dict(claim.conventions))).parse(text)


def written_scope(claim: Claim) -> Scope:
    """A fresh scope of `claim` (for `evaluated`)."""
    return Scope.from_table(dict(claim.symbols))


# ----------------------------------------------------------------------------------------------------------
# Printing: terms and factors in the order of their arguments.


def _is_reciprocal(x: Any) -> bool:
    return isinstance(x, sp.Pow) and x.exp == -1


def _sign(term: Any) -> tuple[bool, Any]:
    """(negative, magnitude) of a written term: −x is (True, x), a negative number (True, |n|)."""
    if isinstance(term, sp.Number) and term.is_negative:
        return True, -term
    if isinstance(term, (sp.Mul, sp.MatMul)) and term.args and term.args[0] == -1 and len(term.args) > 1:
        rest = term.args[1:]
        return True, rest[0] if len(rest) == 1 else term.func(*rest, evaluate=False)
    if isinstance(term, (sp.Mul, sp.MatMul)) and isinstance(term.args[0], sp.Number) and term.args[0].is_negative:
        return True, term.func(-term.args[0], *term.args[1:], evaluate=False)
    return False, term


class WrittenPrinter(MLLatexPrinter):
    """The sheet printer for written trees: sums and products in the order of their arguments."""

    def _grouped(self, x: Any) -> str:
        return r"\left(%s\right)" % self._print(x)

    def _print_Add(self, expr, order=None):
        out = []
        for k, term in enumerate(expr.args):
            negative, magnitude = _sign(term)
            grouped = isinstance(magnitude, (sp.Add, sp.MatAdd, Relational)) or _sign(magnitude)[0]
            inner = self._grouped(magnitude) if grouped else self._print(magnitude)
            out.append(("-" if negative else "") + inner if k == 0 else (" - " if negative else " + ") + inner)
        return "".join(out)

    _print_MatAdd = _print_Add

    def _factor(self, x: Any, first: bool) -> str:
        if _is_reciprocal(x):
            return r"\frac{1}{%s}" % self._print(x.base)
        if isinstance(x, (sp.Add, sp.MatAdd, Relational)) or (not first and _sign(x)[0]):
            return self._grouped(x)
        return self._print(x)

    def _print_Mul(self, expr):
        args = list(expr.args)
        if len(args) > 1 and args[0] == -1:
            rest = args[1:]
            return "- " + (self._factor(rest[0], True) if len(rest) == 1 else self._factors(rest))
        if len(args) == 2 and _is_reciprocal(args[1]) and not _is_reciprocal(args[0]):
            negative, numerator = _sign(args[0])
            tex = r"\frac{%s}{%s}" % (self._print(numerator), self._print(args[1].base))
            return "- " + tex if negative else tex
        return self._factors(args)

    _print_MatMul = _print_Mul

    def _factors(self, args: list) -> str:
        out = ""
        for k, factor in enumerate(args):
            tex = self._factor(factor, k == 0)
            if k:
                number = isinstance(args[k - 1], sp.Number) and abs(args[k - 1]) == 1
                out += r" \cdot " if tex[:1].isdigit() or tex.startswith("-") or number else " "
            out += tex
        return out

    def _print_Pow(self, expr, rational=False):
        base, power = expr.args
        if power == -1:
            return r"\frac{1}{%s}" % self._print(base)
        if isinstance(base, (sp.Add, sp.Mul, sp.Pow, sp.MatAdd, sp.MatMul)) or (
                isinstance(base, sp.Number) and (base.is_negative or not base.is_Integer)):
            return r"%s^{%s}" % (self._grouped(base), self._print(power))
        return super()._print_Pow(expr)

    def _print_Derivative(self, expr):
        """d/dx f, ∂/∂x f (more than one free symbol), ∂²/∂x∂y f; f in parentheses when it is a sum or product."""
        d = r"\partial" if requires_partial(expr.expr) else self._settings["diff_operator_latex"]
        order = sum(count for _, count in expr.variable_count)
        below = "".join(rf"{d} {self._print(x)}" if count == 1
                        else rf"{d} {self.parenthesize_super(self._print(x))}^{{{count}}}"
                        for x, count in reversed(expr.variable_count))
        above = d if order == 1 else rf"{d}^{{{order}}}"
        body = expr.expr
        grouped = isinstance(body, (sp.Add, sp.Mul, sp.MatAdd, sp.MatMul)) or _sign(body)[0]
        return r"\frac{%s}{%s} %s" % (above, below, self._grouped(body) if grouped else self._print(body))

    def _print_MatPow(self, expr):
        base, power = expr.args
        if isinstance(base, (sp.MatAdd, sp.MatMul, sp.MatPow)):
            return r"%s^{%s}" % (self._grouped(base), self._print(power))
        return super()._print_MatPow(expr)


def written_latex(expr: Any) -> str:
    """The LaTeX of a written tree, as written.

    >>> a, x, y, w = sp.symbols("a x y w", real=True)
    >>> written_latex(sp.Mul(-1, a, x, y, evaluate=False))
    '- a x y'
    """
    return WrittenPrinter().doprint(expr)


# ----------------------------------------------------------------------------------------------------------
# What a written tree denotes: rebuilt with the parser's own operations.


def _rebuild(node: Any, args: list) -> Any:
    if isinstance(node, (sp.Add, sp.MatAdd)):
        return reduce(operator.add, args)
    if isinstance(node, (sp.Mul, sp.MatMul)):
        return reduce(operator.mul, args)
    if isinstance(node, (sp.Pow, sp.MatPow)):
        return args[0] ** args[1]
    if isinstance(node, MatrixElement):
        return subscript(args[0], (args[1], args[2]))
    if isinstance(node, Gradient):
        return grad(*args)
    if isinstance(node, ElementwiseApplyFunction):
        return elementwise(lambda t: args[0](t), args[1])
    if isinstance(node, sp.Transpose):
        return args[0].T
    if isinstance(node, sp.Derivative):
        return FUNCTIONS["diff"](args[0], *[v if c == 1 else (v, c) for v, c in args[1:]])
    if isinstance(node, sp.BlockMatrix):
        return sp.ImmutableMatrix(node.func(*args).as_explicit())
    if isinstance(node, (Rows, Jacobian)):
        return node.value(*args)
    return node.func(*args)


def evaluated(expr: Any, scope: Scope) -> Any:
    """The evaluated expression that the written tree `expr` denotes (names of explicit matrices replaced by
    their entries, every operation redone with evaluation on)."""
    if isinstance(expr, sp.MatrixSymbol) and isinstance(scope.objects.get(expr.name), sp.MatrixBase):
        return scope.objects[expr.name]
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.rows, expr.cols, [evaluated(e, scope) for e in expr])
    if not isinstance(expr, sp.Basic) or not expr.args or isinstance(expr, (sp.Symbol, sp.MatrixSymbol)):
        return expr
    return _rebuild(expr, [evaluated(a, scope) for a in expr.args])
