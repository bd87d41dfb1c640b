"""The claim expression parser: SymPy syntax through a whitelist, never `eval`

Claim text is parsed by Python's `ast` module and the tree is translated node by node into SymPy objects; a name
is looked up in the claim's `Scope` or in the function table below and nowhere else, so no user text can reach
Python's evaluator, an attribute of an object, or a function not listed. Guards run on the text and the tree
before SymPy sees anything: length, nesting depth, size of integer literals and of constant exponents.

Operators that a proof must evaluate (`diff`, `limit`, `integrate`, `series`, `Sum`) stay unevaluated, so parsing
is fast and a claim prints as its author wrote it.

Main definitions
- `Limits`: the guard thresholds.
- `ExpressionParser`: text → SymPy, for one claim's scope and conventions.
- `FUNCTIONS`: the whitelist of callable names.
"""

from __future__ import annotations

import ast
import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from .declarations import MAX_EXPLICIT_SIZE, Scope
from .errors import ClaimError
from .operators import TaylorPolynomial
from .vocabulary import VOCABULARY, MatrixSum, VectorFunction, grad, is_matrix, jacobian
from .vocabulary.base import entrywise_call
from .vocabulary.kinks import HEAVISIDE_AT_0, KINK
from .vocabulary.kinks import MARKERS as CONVENTION_MARKERS

MARKERS = {**CONVENTION_MARKERS, "kink": KINK}


@dataclass(frozen=True)
class Limits:
    """Guard thresholds for one expression."""

    length: int = 20_000
    depth: int = 80
    integer_digits: int = 400
    constant_exponent: int = 1_000


class ParseError(ClaimError):
    """An expression is not in the claim grammar (the message says what and where)."""


# ----------------------------------------------------------------------------------------------------------
# The function table: name -> handler(args, kwargs) -> SymPy object.


def _scalar(fn: Callable[..., sp.Basic]) -> Callable[..., sp.Basic]:
    """A scalar function that acts entrywise when its first argument is a matrix."""

    def handler(*args: Any) -> sp.Basic:
        entrywise = entrywise_call(getattr(fn, "__name__", "function"), fn, args)
        return fn(*args) if entrywise is None else entrywise

    handler.__name__ = getattr(fn, "__name__", "function")
    return handler


def _log(x, base=None):
    """ln x, or the logarithm in base `base` (SymPy's log is natural: never base 10)."""
    return sp.log(x) if base is None else sp.log(x) / sp.log(base)


def _diff(f, *variables):
    if is_matrix(f) and isinstance(f, sp.MatrixBase):
        return sp.ImmutableMatrix(f.applyfunc(lambda e: sp.Derivative(e, *variables)))
    if len(variables) == 1 and is_matrix(variables[0]):
        return grad(f, variables[0])
    if not variables:
        raise ParseError("diff needs a variable: diff(f, x)")
    return sp.Derivative(f, *variables)


def _extremum(kind: type) -> Callable:
    """max/min, left unevaluated when an argument is a closed irrational constant: SymPy compares such numbers
    at low precision and can pick the wrong one (Max(1, 1 - ln(1 + e^-25)) gave 1 - ln(1 + e^-25))."""

    def handler(*args):
        numbers = [sp.sympify(a) for a in args]
        irrational = any(a.is_number and not a.is_Rational for a in numbers if isinstance(a, sp.Expr))
        return kind(*numbers, evaluate=not irrational)

    handler.__name__ = kind.__name__
    return handler


def _limit(f, x, point, direction: str | None = None):
    if direction not in (None, "+", "-", "+-"):
        raise ParseError("the direction of a limit is '+' or '-'")
    point = sp.sympify(point)
    if direction is None:
        direction = "+-" if point.is_finite else ("-" if point is sp.oo else "+")
    return sp.Limit(f, x, point, direction)


def _integrate(f, *limits):
    return sp.Integral(f, *limits)


def _sum(f, *limits):
    if not limits or not all(isinstance(lim, tuple) and len(lim) == 3 for lim in limits):
        raise ParseError("Sum needs index limits: Sum(f(i), (i, 0, n - 1))")
    if is_matrix(f):
        # Σ_k M(k) of matrices: a matrix of their shape (innermost limit first, as in Sum)
        for limit in limits:
            f = MatrixSum(f, limit)
        return f
    return sp.Sum(f, *limits)


def _matrix(rows):
    if not isinstance(rows, (list, sp.MatrixBase)):
        raise ParseError("Matrix takes a list: Matrix([[a, b], [c, d]]) or Matrix([a, b])")
    return sp.ImmutableMatrix(rows)


def _transpose(a):
    return a.T


def _trace(a):
    return sp.Trace(a)


def _rows(a):
    """rows(A): the number of rows of A (an extension of DESIGN.md's grammar, for dimension statements)."""
    if not is_matrix(a):
        raise ParseError("rows() applies to a matrix or vector")
    return sp.sympify(a.shape[0])


def _cols(a):
    """cols(A): the number of columns of A."""
    if not is_matrix(a):
        raise ParseError("cols() applies to a matrix or vector")
    return sp.sympify(a.shape[1])


def _det(a):
    return sp.Determinant(a)


def _inverse(a):
    return sp.ImmutableMatrix(a).inv() if isinstance(a, sp.MatrixBase) else sp.Inverse(a)


def _sized(explicit: Callable, symbolic: Callable) -> Callable:
    """ones/zeros/eye(rows, cols=rows): explicit for integer sizes, a matrix expression for symbolic ones."""

    def handler(rows, cols=None):
        dims = [sp.sympify(rows), sp.sympify(rows if cols is None else cols)]
        if all(d.is_Integer for d in dims):
            if not all(1 <= int(d) <= MAX_EXPLICIT_SIZE for d in dims):
                raise ParseError(f"matrix size outside 1..{MAX_EXPLICIT_SIZE}")
            return sp.ImmutableMatrix(explicit(*map(int, dims)))
        return symbolic(*dims)

    return handler


def _heaviside_handler(parser: ExpressionParser):
    def heaviside(x, at_zero=None):
        value = parser.conventions.get("heaviside_at_0", HEAVISIDE_AT_0) if at_zero is None else at_zero
        return _scalar(lambda t: sp.Heaviside(t, value))(x)

    return heaviside


def _vocabulary(fn) -> Callable:
    if getattr(fn, "takes_matrix", False) or (isinstance(fn, type) and issubclass(fn, VectorFunction)):
        return fn
    return _scalar(fn)


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`; did you mean …?` with the closest known names (by difflib's ratio), or nothing.

    >>> did_you_mean("sigmiod", ["sigmoid", "softmax", "tanh"])
    '; did you mean sigmoid?'
    >>> did_you_mean("qqq", ["sigmoid"])
    ''
    """
    close = difflib.get_close_matches(name, sorted(known), n=3, cutoff=0.7)
    return f"; did you mean {' or '.join(close)}?" if close else ""


FUNCTIONS: dict[str, Callable[..., Any]] = {
    **{name: _scalar(fn) for name, fn in {
        "exp": sp.exp, "sqrt": sp.sqrt, "Abs": sp.Abs, "abs": sp.Abs, "sign": sp.sign, "erf": sp.erf,
        "erfc": sp.erfc, "sin": sp.sin, "cos": sp.cos, "tan": sp.tan, "sinh": sp.sinh, "cosh": sp.cosh,
        "tanh": sp.tanh, "asin": sp.asin, "acos": sp.acos, "atan": sp.atan, "asinh": sp.asinh,
        "acosh": sp.acosh, "atanh": sp.atanh, "floor": sp.floor, "ceiling": sp.ceiling,
    }.items()},
    "log": _scalar(_log), "ln": _scalar(_log),
    "Max": _extremum(sp.Max), "Min": _extremum(sp.Min), "Piecewise": sp.Piecewise, "KroneckerDelta": sp.KroneckerDelta,
    "Eq": sp.Eq, "Ne": sp.Ne, "And": sp.And, "Or": sp.Or, "Not": sp.Not,
    "diff": _diff, "Derivative": _diff, "limit": _limit, "integrate": _integrate, "series": TaylorPolynomial.of,
    "Sum": _sum,
    "Matrix": _matrix, "transpose": _transpose, "Trace": _trace, "trace": _trace, "tr": _trace,
    "det": _det, "jacobian": jacobian, "rows": _rows, "cols": _cols,
    "ones": _sized(sp.ones, sp.OneMatrix), "zeros": _sized(sp.zeros, sp.ZeroMatrix),
    "eye": _sized(sp.eye, lambda n, m: sp.Identity(n)), "Identity": _sized(sp.eye, lambda n, m: sp.Identity(n)),
    **{name: _vocabulary(fn) for name, fn in VOCABULARY.items() if name != "heaviside"},
}  # fmt: skip
"""The callable names of the grammar. `heaviside`/`Heaviside` are added per claim (their value at 0 is the
claim's convention)."""

KEYWORDS: dict[str, tuple[str, ...]] = {
    **{name: fn.parameters for name, fn in VOCABULARY.items() if hasattr(fn, "parameters")},
    "limit": ("f", "x", "x0", "dir"),
    "series": ("f", "x", "x0", "n"),
}
"""Positional parameter names of functions that accept keywords (`leaky_relu(x, a=0.01)`, `limit(..., dir='+')`)."""

METHODS: dict[str, Callable[..., Any]] = {
    "inv": _inverse,
    "transpose": _transpose,
    "det": _det,
    "trace": _trace,
    "jacobian": jacobian,
}
"""Methods that may be called on a matrix (`A.inv()`, `F.jacobian(x)`); the attribute `.T` is a transpose."""

CONSTANTS: dict[str, sp.Basic] = {"E": sp.E, "pi": sp.pi, "oo": sp.oo, "inf": sp.oo}

INDEX_FUNCTIONS = {"KroneckerDelta"}

_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b if not is_matrix(b) else _no_matrix_division(),
    ast.MatMult: lambda a, b: a * b,
}
_COMPARE = {
    ast.Lt: sp.Lt,
    ast.LtE: sp.Le,
    ast.Gt: sp.Gt,
    ast.GtE: sp.Ge,
    ast.Eq: sp.Eq,
    ast.NotEq: sp.Ne,
}


def _no_matrix_division():
    raise ParseError("division by a matrix: write A.inv()")


def _describe(node: ast.AST) -> str:
    names = {
        ast.Lambda: "lambda", ast.JoinedStr: "f-string", ast.ListComp: "comprehension",
        ast.GeneratorExp: "generator", ast.DictComp: "comprehension", ast.SetComp: "comprehension",
        ast.IfExp: "conditional expression (use Piecewise)", ast.Dict: "dict", ast.Set: "set",
        ast.NamedExpr: "assignment", ast.Starred: "star argument", ast.Await: "await", ast.Yield: "yield",
    }  # fmt: skip
    return names.get(type(node), type(node).__name__)


class ExpressionParser:
    """Parses the expressions of one claim into SymPy objects, with the claim's scope and conventions.

    >>> from identities.declarations import Scope
    >>> p = ExpressionParser(Scope.from_table({"x": "real"}))
    >>> p.parse("2*sigmoid(2*x) - 1")
    2*sigmoid(2*x) - 1
    >>> p.parse("__import__('os')")
    Traceback (most recent call last):
    ...
    identities.expression.ParseError: name '__import__' is not allowed (names starting with '_')
    """

    def __init__(self, scope: Scope, conventions: dict[str, sp.Expr] | None = None,
                 limits: Limits = Limits()) -> None:
        self.scope = scope
        self.conventions = dict(conventions or {})
        self.limits = limits
        heaviside = _heaviside_handler(self)
        self.functions = {**FUNCTIONS, "heaviside": heaviside, "Heaviside": heaviside}

    # -- entry points ------------------------------------------------------------------------------------

    def parse(self, text: str) -> Any:
        """Parse one expression (or condition) of the grammar."""
        tree = self._tree(text)
        self._declare_indices(tree)
        try:
            return self._convert(tree.body)
        except ParseError:
            raise
        except RecursionError:
            raise ParseError("expression too deeply nested") from None
        except (TypeError, ValueError, AttributeError, IndexError, NotImplementedError, sp.SympifyError,
                sp.ShapeError, sp.NonSquareMatrixError) as err:
            raise ParseError(f"cannot build {text.strip()[:60]!r}: {err}") from None

    def _tree(self, text: str) -> ast.Expression:
        if not isinstance(text, str):
            raise ParseError(f"an expression must be a string, got {type(text).__name__}")
        self._source = text.strip()
        if len(text) > self.limits.length:
            raise ParseError(f"expression of {len(text)} characters exceeds the limit of {self.limits.length}")
        if not text.strip():
            raise ParseError("empty expression")
        control = next((k for k, ch in enumerate(text) if ord(ch) == 127 or (ord(ch) < 32 and ch not in "\t\n\r")),
                       None)
        if control is not None:
            raise ParseError(f"control character U+{ord(text[control]):04X} at column {control + 1} is not allowed")
        depth = deepest = 0
        for char in text:
            depth += char in "([{"
            depth -= char in ")]}"
            deepest = max(deepest, depth)
        if deepest > self.limits.depth:
            raise ParseError(f"expression nested {deepest} deep exceeds the limit of {self.limits.depth}")
        try:
            tree = ast.parse(text.strip(), mode="eval")
        except SyntaxError as err:
            if "integer string conversion" in str(err.msg):
                raise ParseError(f"integer literal exceeds {self.limits.integer_digits} digits") from None
            raise ParseError(f"syntax error in {text.strip()[:60]!r}: {err.msg} (column {err.offset})") from None
        except (RecursionError, MemoryError):
            # a chain of unary or binary operators (- - - x, x**x**x ...) nests without brackets
            raise ParseError(f"expression nesting exceeds the limit of {self.limits.depth}") from None
        except ValueError as err:
            if "integer string conversion" in str(err) or "digits" in str(err):
                raise ParseError(f"integer literal exceeds {self.limits.integer_digits} digits") from None
            raise ParseError(f"unreadable expression: {err}") from None
        self._check_depth(tree)
        return tree

    def _check_depth(self, tree: ast.AST) -> None:
        stack = [(tree, 0)]
        while stack:
            node, depth = stack.pop()
            if depth > 2 * self.limits.depth:
                raise ParseError(f"expression nesting exceeds the limit of {self.limits.depth}")
            stack.extend((child, depth + 1) for child in ast.iter_child_nodes(node))

    def _declare_indices(self, tree: ast.AST) -> None:
        """Names used as summation indices, subscripts or Kronecker indices are integers unless declared."""
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
                if node.func.id == "Sum":
                    for limit in node.args[1:]:
                        if isinstance(limit, ast.Tuple) and limit.elts and isinstance(limit.elts[0], ast.Name):
                            self.scope.integer_names.add(limit.elts[0].id)
                elif node.func.id in INDEX_FUNCTIONS or node.func.id == "onehot":
                    self.scope.integer_names.update(a.id for a in node.args if isinstance(a, ast.Name))
            elif isinstance(node, ast.Subscript):
                index = node.slice.elts if isinstance(node.slice, ast.Tuple) else [node.slice]
                self.scope.integer_names.update(i.id for i in index if isinstance(i, ast.Name))

    # -- translation -------------------------------------------------------------------------------------

    def _convert(self, node: ast.AST) -> Any:
        method = getattr(self, f"_node_{type(node).__name__}", None)
        if method is None:
            raise ParseError(f"{_describe(node)} is not allowed in a claim expression")
        return method(node)

    def _node_Constant(self, node: ast.Constant) -> Any:
        value = node.value
        if isinstance(value, bool):
            return sp.true if value else sp.false
        if isinstance(value, int):
            if len(str(abs(value))) > self.limits.integer_digits:
                raise ParseError(f"integer literal exceeds {self.limits.integer_digits} digits")
            return sp.Integer(value)
        if isinstance(value, float):
            return self._decimal(ast.get_source_segment(self._source, node) or repr(value))
        if isinstance(value, str) and value in ("+", "-", "+-"):
            return value
        if isinstance(value, complex):
            raise ParseError("complex numbers are not supported: claims are about real values")
        raise ParseError(f"literal {value!r} is not allowed (only numbers, and '+'/'-' as a limit direction)")

    def _decimal(self, text: str) -> sp.Rational:
        """A decimal literal as the exact rational it writes (0.01 is 1/100), if its digits stay within the
        integer limit: 1e999999999 would be an integer of a billion digits."""
        _, digits, exponent = Decimal(text.replace("_", "")).as_tuple()
        size = max(len(digits) + exponent, -exponent, len(digits)) if isinstance(exponent, int) else 0
        if size > self.limits.integer_digits:
            shown = text if len(text) < 20 else f"{text[:12]}…{text[-4:]}"
            raise ParseError(f"decimal literal {shown} has more than {self.limits.integer_digits} digits")
        return sp.Rational(text.replace("_", ""))

    def _node_Name(self, node: ast.Name) -> Any:
        name = node.id
        if name.startswith("_"):
            raise ParseError(f"name {name!r} is not allowed (names starting with '_')")
        if name in self.scope.declared:
            return self.scope.lookup(name)
        if name in CONSTANTS:
            return CONSTANTS[name]
        if name in MARKERS:
            # a kink's unspecified value, as printed in an automatic step; its convention when the claim has one
            return self.conventions.get(name, MARKERS[name])
        if name == "e":
            raise ParseError("'e' alone is ambiguous: write E or exp(1) for Euler's number, or declare e")
        if name == "I":
            raise ParseError("complex numbers are not supported: claims are about real values")
        if name in self.functions:
            raise ParseError(f"{name!r} is a function: call it, e.g. {name}(x)")
        return self.scope.lookup(name)

    def _node_BinOp(self, node: ast.BinOp) -> Any:
        if isinstance(node.op, ast.Pow):
            return self._power(node)
        op = _BINARY.get(type(node.op))
        if op is None:
            raise ParseError(f"operator {type(node.op).__name__} is not allowed (use + - * / ** @)")
        return op(self._convert(node.left), self._convert(node.right))

    def _power(self, node: ast.BinOp) -> Any:
        exponent = _constant_value(node.right, self.limits)
        if exponent is not None and abs(exponent) > self.limits.constant_exponent:
            limit = self.limits.constant_exponent
            raise ParseError(f"constant exponent {_short(exponent)} exceeds the limit of {limit}")
        base_value = _constant_value(node.left, self.limits)
        if base_value is not None and exponent is not None and base_value not in (0, 1, -1):
            digits = abs(float(exponent)) * _log10_size(base_value)
            if digits > 10 * self.limits.integer_digits:
                raise ParseError(f"constant power with about {int(digits)} digits exceeds the limit")
        base, power = self._convert(node.left), self._convert(node.right)
        if is_matrix(base) and not (isinstance(power, sp.Integer) and power >= 0):
            raise ParseError("a matrix power needs a non-negative integer exponent")
        return self._pow(base, power)

    def _pow(self, base: Any, power: Any) -> Any:
        """base ** power, once the guards have passed (a subclass may build it unevaluated)."""
        return base**power if is_matrix(base) else sp.Pow(base, power)

    def _node_UnaryOp(self, node: ast.UnaryOp) -> Any:
        operand = self._convert(node.operand)
        if isinstance(node.op, ast.USub):
            return -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        if isinstance(node.op, ast.Not):
            return sp.Not(operand)
        raise ParseError("operator ~ is not allowed")

    def _node_Compare(self, node: ast.Compare) -> Any:
        terms = [self._convert(node.left), *[self._convert(c) for c in node.comparators]]
        relations = [_COMPARE[type(op)](a, b) for op, a, b in zip(node.ops, terms, terms[1:], strict=False)
                     if type(op) in _COMPARE]
        if len(relations) != len(node.ops):
            raise ParseError("only < <= > >= == != comparisons are allowed")
        return relations[0] if len(relations) == 1 else sp.And(*relations)

    def _node_BoolOp(self, node: ast.BoolOp) -> Any:
        values = [self._convert(v) for v in node.values]
        return sp.And(*values) if isinstance(node.op, ast.And) else sp.Or(*values)

    def _node_List(self, node: ast.List) -> Any:
        items = [self._convert(e) for e in node.elts]
        if not items:
            raise ParseError("empty list")
        if len(items) > MAX_EXPLICIT_SIZE:
            raise ParseError(f"list of {len(items)} entries exceeds {MAX_EXPLICIT_SIZE}")
        if all(isinstance(i, sp.MatrixBase) and i.rows == 1 for i in items):
            return sp.ImmutableMatrix.vstack(*items)
        if all(isinstance(i, sp.MatrixBase) and i.cols == 1 for i in items):
            return sp.ImmutableMatrix.vstack(*[i.T for i in items])
        if any(is_matrix(i) for i in items):
            raise ParseError("a list mixes numbers and vectors")
        return sp.ImmutableMatrix(items)

    def _node_Tuple(self, node: ast.Tuple) -> Any:
        return tuple(self._convert(e) for e in node.elts)

    def _node_Subscript(self, node: ast.Subscript) -> Any:
        target = self._convert(node.value)
        index = self._convert(node.slice)
        index = index if isinstance(index, tuple) else (index,)
        return subscript(target, index)

    def _node_Attribute(self, node: ast.Attribute) -> Any:
        if node.attr != "T":
            raise ParseError(f"attribute .{node.attr} is not allowed (only .T and the methods {', '.join(METHODS)})")
        target = self._convert(node.value)
        if not is_matrix(target):
            raise ParseError(".T applies to a matrix or vector")
        return target.T

    def _node_Call(self, node: ast.Call) -> Any:
        if isinstance(node.func, ast.Attribute):
            return self._method_call(node)
        if not isinstance(node.func, ast.Name):
            raise ParseError("only named functions may be called")
        name = node.func.id
        if name.startswith("_"):
            raise ParseError(f"name {name!r} is not allowed (names starting with '_')")
        declared = self.scope.declared.get(name)
        if declared is not None and declared.kind == "function":
            fn = self.scope.lookup(name)
            return fn(*self._arguments(node, name, ()))
        if name not in self.functions:
            raise ParseError(f"unknown function {name!r}{did_you_mean(name, self.functions)}")
        args = self._arguments(node, name, KEYWORDS.get(name, ()))
        try:
            return self.functions[name](*args)
        except ParseError:
            raise
        except (TypeError, ValueError, AttributeError, IndexError, sp.ShapeError, sp.NonSquareMatrixError) as err:
            raise ParseError(f"bad arguments to {name}: {err}") from None

    def _arguments(self, node: ast.Call, name: str, parameters: tuple[str, ...]) -> list[Any]:
        """Positional arguments, then keywords placed at their parameter's position."""
        args: list[Any] = [self._convert(a) for a in node.args]
        for kw in node.keywords:
            if kw.arg is None or kw.arg not in parameters[1:]:
                allowed = ", ".join(parameters[1:]) or "none"
                raise ParseError(f"keyword {kw.arg!r} is not accepted by {name} (accepted: {allowed})")
            position = parameters.index(kw.arg)
            if position < len(args) and args[position] is not None:
                raise ParseError(f"{name}: argument {kw.arg!r} given twice")
            args.extend([None] * (position + 1 - len(args)))
            args[position] = self._convert(kw.value)
        if any(a is None for a in args):
            raise ParseError(f"{name}: give the earlier arguments before keyword ones")
        return args

    def _method_call(self, node: ast.Call) -> Any:
        method = node.func.attr
        if method not in METHODS:
            raise ParseError(f"method .{method}() is not allowed (allowed: {', '.join(METHODS)})")
        target = self._convert(node.func.value)
        if not is_matrix(target):
            raise ParseError(f".{method}() applies to a matrix")
        args = self._arguments(node, method, ())
        try:
            return METHODS[method](target, *args)
        except (TypeError, ValueError, sp.ShapeError, sp.NonSquareMatrixError) as err:
            raise ParseError(f"bad call of .{method}(): {err}") from None


def subscript(target: Any, index: tuple) -> sp.Basic:
    """`target[index]` with 0-based indices: a vector takes one index, a matrix two."""
    if not is_matrix(target):
        hint = f": declare it, e.g. {target} = \"vector(3)\"" if isinstance(target, sp.Symbol) else ""
        raise ParseError(f"{target} is not a vector or matrix, so it cannot be subscripted{hint}")
    rows, cols = (sp.sympify(d) for d in target.shape)
    if len(index) == 1:
        if cols != 1:
            raise ParseError("a matrix takes two indices: A[i, j]")
        index = (index[0], sp.S.Zero)
    if len(index) != 2:
        raise ParseError("too many indices")
    for position, (i, size) in enumerate(zip(index, (rows, cols), strict=True)):
        i = sp.sympify(i)
        if not (i.is_integer or i.is_Integer):
            raise ParseError(f"index {i} is not an integer")
        if i.is_Integer and size.is_Integer and not 0 <= int(i) < int(size):
            which = "row" if position == 0 else "column"
            raise ParseError(f"{which} index {i} out of range 0..{int(size) - 1} (indices are 0-based)")
    i, j = (sp.sympify(k) for k in index)
    if isinstance(target, sp.MatrixBase) and i.is_Integer and j.is_Integer:
        return target[int(i), int(j)]
    return MatrixElement(target, i, j)


def _short(value: Fraction) -> str:
    text = str(value)
    return text if len(text) < 20 else f"~1e{len(str(abs(int(value))))}"


def _log10_size(value: Fraction) -> float:
    """An upper bound on log10 of |value| and of 1/|value| (the digits a power of it produces)."""
    num, den = abs(value.numerator), value.denominator
    return max(num.bit_length(), den.bit_length()) * 0.30103 + 1


def _constant_value(node: ast.AST, limits: Limits) -> Fraction | None:
    """The exact value of a subtree made only of numbers and + - * / ** (None when it has a name or call).

    Powers are evaluated only when small, so a hostile `10**10**10` is reported, not computed.
    """
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and not isinstance(node.value, bool):
        if isinstance(node.value, int) and len(str(abs(node.value))) > limits.integer_digits:
            raise ParseError(f"integer literal exceeds {limits.integer_digits} digits")
        return Fraction(node.value)
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
        inner = _constant_value(node.operand, limits)
        return None if inner is None else (-inner if isinstance(node.op, ast.USub) else inner)
    if not isinstance(node, ast.BinOp):
        return None
    left, right = _constant_value(node.left, limits), _constant_value(node.right, limits)
    if left is None or right is None:
        return None
    if isinstance(node.op, ast.Add):
        return left + right
    if isinstance(node.op, ast.Sub):
        return left - right
    if isinstance(node.op, ast.Mult):
        return left * right
    if isinstance(node.op, ast.Div):
        return left / right if right else None
    if isinstance(node.op, ast.Pow):
        if abs(right) > limits.constant_exponent:
            raise ParseError(f"constant exponent {_short(right)} exceeds the limit of {limits.constant_exponent}")
        if right.denominator != 1 or left == 0:
            return None
        if _log10_size(left) * abs(right) > 10 * limits.integer_digits:
            raise ParseError("constant power too large")
        return left ** int(right)
    return None
