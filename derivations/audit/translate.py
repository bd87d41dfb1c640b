"""Parse trees of sheet LaTeX → SymPy, in the scope of what the sheet has defined

Every name is a real scalar symbol unless the notation file says otherwise; `e` is Euler's number, `\\log` and
`\\ln` are the natural logarithm, `\\sigma` is the sigmoid. `f(x)` is a function application when `f` is a
function the sheet defined, a vocabulary name the notation maps it to, or a generic smooth function (`f`, `g`,
or declared `function`); when `f` is a value the sheet defined, `f(x)` is that value "as a function of x";
otherwise `y(a + b)` is a product. An indexed name inside a sum (`o_i^a` in `\\sum_{i=1}^m`) is a function of
the index. Derivatives, limits and sums stay unevaluated, so that the prover (not this module) decides them.

Main definitions
- `Scope`: what the sheet has defined so far (values, functions, index families) and the notation.
- `to_sympy(reading, scope)`: the SymPy expression of a term (raises `Unreadable`).
- `BigO`: the placeholder of O(g) in a term.
- `claim_text(expr)`: an expression in the claim grammar (`diff`, `limit`, `Sum` …).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import sympy as sp
from lark import Token, Tree
from sympy.printing.str import StrPrinter

from identities import vocabulary

from .reader import Name, Reading, Unreadable

GENERIC_FUNCTIONS = ("f", "g")
"""Single letters read as generic smooth functions when applied and not defined (finite differences' f)."""


class BigO(sp.Function):
    """O(g): a placeholder, turned into an order claim by the link builder."""


@dataclass
class Scope:
    """Definitions in force: value names → expressions, functions → (parameters, body), index families."""

    values: dict[str, sp.Expr] = field(default_factory=dict)
    functions: dict[str, tuple[tuple[sp.Symbol, ...], sp.Expr]] = field(default_factory=dict)
    families: dict[tuple[str, str | None], tuple[str, sp.Expr]] = field(default_factory=dict)
    vocabulary_names: dict[str, str] = field(default_factory=dict)
    """Sheet names mapped by the notation file to vocabulary functions (`Phi` → `sigmoid`)."""
    symbol_names: dict[str, str] = field(default_factory=dict)
    """Sheet names mapped by the notation file to other names (`s_1` → `sigma`)."""
    declared_functions: set[str] = field(default_factory=set)
    names: dict[str, Name] = field(default_factory=dict)
    """Every name seen, by identifier (for printing and index families)."""
    noncommutative: bool = False
    """Read names as noncommuting symbols (the matrix reading of a link: `links.Builder.matrix_reading`)."""

    def is_function(self, ident: str) -> bool:
        return (ident in self.functions or ident in self.vocabulary_names or ident in self.declared_functions
                or ident in GENERIC_FUNCTIONS)


BUILTIN_FUNCTIONS = {
    "exp": sp.exp, "log": sp.log, "tanh": sp.tanh, "sinh": sp.sinh, "cosh": sp.cosh, "sin": sp.sin, "cos": sp.cos,
    "tan": sp.tan, "max": sp.Max, "min": sp.Min, "abs": sp.Abs, "sign": sp.sign, "erf": sp.erf, "sqrt": sp.sqrt,
    "atan": sp.atan,
}
_VECTOR_FUNCTIONS = {"softmax", "logsumexp", "onehot", "log_softmax"}
_RELATIONS = {"<": sp.Lt, ">": sp.Gt, r"\le": sp.Le, r"\ge": sp.Ge, "=": sp.Eq, r"\ne": sp.Ne}


def _symbol(name: Name, scope: Scope) -> sp.Symbol:
    ident = scope.symbol_names.get(name.ident, name.ident)
    scope.names.setdefault(ident, name)
    if scope.noncommutative:
        return sp.Symbol(ident, commutative=False)
    return sp.Symbol(ident, real=True)


class _Translator:
    def __init__(self, reading: Reading, scope: Scope) -> None:
        self.reading, self.scope = reading, scope
        self.indices: list[str] = []

    def name_of(self, token: Token) -> Name:
        return self.reading.names[str(token)]

    def __call__(self, node: Any) -> Any:
        if isinstance(node, Token):
            raise Unreadable(f"unexpected token {node}")
        method = getattr(self, f"_{node.data}", None)
        if method is None:
            raise Unreadable(f"'{node.data}' is not read")
        return method(*node.children)

    # atoms
    def _name(self, token):
        name = self.name_of(token)
        if self.indices and name.sub in self.indices:
            family = Name(name.base, None, name.sup)
            self.scope.names.setdefault(family.ident, family)
            return sp.Function(family.ident + "_of", real=True)(sp.Symbol(name.sub, integer=True))
        if name.sub is None and name.sup is None and name.base in self.indices:
            return sp.Symbol(name.base, integer=True)
        return _symbol(name, self.scope)

    def _number(self, token):
        return sp.Rational(str(token))

    def _euler(self):
        return sp.E

    def _pi(self):
        return sp.pi

    def _infinity(self):
        return sp.oo

    # arithmetic
    def _add(self, a, b):
        return self(a) + self(b)

    def _sub(self, a, b):
        return self(a) - self(b)

    def _neg(self, a):
        return -self(a)

    def _mul(self, a, b):
        return self(a) * self(b)

    def _div(self, a, b):
        return self(a) / self(b)

    def _frac(self, a, b):
        return self(a) / self(b)

    def _pow(self, a, b):
        return self(a) ** self(b)

    def _pow_name(self, token, b):
        return self._name(token) ** self(b)

    def _exp_power(self, b):
        return sp.exp(self(b))

    def _sqrt(self, a):
        return sp.sqrt(self(a))

    def _abs(self, a):
        return sp.Abs(self(a))

    def _factorial(self, a):
        return sp.factorial(self(a))

    def _big_o(self, a):
        return BigO(self(a))

    # functions
    def _args(self, args: Tree) -> list:
        return [self(a) for a in args.children]

    def _apply(self, token, args):
        name = self.name_of(token)
        ident = name.ident
        values = self._args(args)
        if self.scope.is_function(ident):
            self.scope.names.setdefault(ident, name)
            return self.apply_function(ident, values)
        if (ident in self.scope.values or (name.base, name.sup) in self.scope.families) \
                and all(isinstance(v, sp.Symbol) for v in values):
            return _symbol(name, self.scope)
        if len(values) == 1:
            return self._name(token) * values[0]
        raise Unreadable(f"{name.latex}(…) applies {name.latex}, which the sheet does not define")

    def apply_function(self, ident: str, values: list) -> sp.Expr:
        if ident in self.scope.vocabulary_names:
            return _vocabulary(self.scope.vocabulary_names[ident])(*values)
        return sp.Function(ident, real=True)(*values)

    def _apply_prime(self, token, args):
        name = self.name_of(token)
        if not self.scope.is_function(name.ident):
            raise Unreadable(f"{name.latex}'(…): {name.latex} is not a function the sheet defines")
        self.scope.names.setdefault(name.ident, name)
        return self.derivative_at(lambda v: self.apply_function(name.ident, [v]), self._args(args))

    def derivative_at(self, function, values: list) -> sp.Expr:
        if len(values) != 1 or not isinstance(values[0], sp.Symbol):
            raise Unreadable("a derivative f'(a) is read only at a variable a")
        return sp.Derivative(function(values[0]), values[0])

    def _call(self, token, args=None):
        word = str(token)[1:]
        values = self._args(args) if isinstance(args, Tree) and args.data == "args" else [self(args)]
        return self.call(word, values)

    def call(self, word: str, values: list) -> sp.Expr:
        if word in BUILTIN_FUNCTIONS:
            if word in ("max", "min") and len(values) < 2:
                raise Unreadable(f"{word} of one argument (a set?) is not read")
            return BUILTIN_FUNCTIONS[word](*values)
        if word in _VECTOR_FUNCTIONS:
            raise Unreadable(f"{word} of a vector is not read (declare shapes in a notation file)")
        if word in ("dim", "diag", "argmin", "argmax", "Pr", "rank"):
            raise Unreadable(f"'{word}' is not read")
        if word in self.scope.functions or word in self.scope.vocabulary_names:
            return self.apply_function(word, values)
        if word in vocabulary.VOCABULARY:
            return _vocabulary(word)(*values)
        raise Unreadable(f"the function '{word}' is not defined on the sheet")

    def _call_prime(self, token, args):
        word = str(token)[1:]
        return self.derivative_at(lambda v: self.call(word, [v]), self._args(args))

    def _call_power(self, token, power, args):
        exponent = self(power)
        if exponent == -1:
            raise Unreadable("f^{-1} (an inverse function?) is not read")
        return self.call(str(token)[1:], self._args(args)) ** exponent

    def _call_sub(self, token, sub, args):
        word = str(token)[1:]
        if word == "log_base":
            return sp.log(*self._args(args), self(sub))
        raise Unreadable(f"the subscript of {word} is not read")

    # calculus
    def variable(self, token) -> sp.Symbol:
        value = self._name(token)
        if not isinstance(value, sp.Symbol):
            raise Unreadable("the variable of a derivative is an indexed name")
        return value

    def _diff(self, token, body):
        return sp.Derivative(self(body), self.variable(token))

    def _diff2(self, token, body):
        return sp.Derivative(self(body), (self.variable(token), 2))

    def _nabla(self, body):
        return self.free_derivative(self(body), 1)

    def _nabla2(self, order, body):
        return self.free_derivative(self(body), int(str(order)))

    def _prime(self, body):
        if isinstance(body, Tree) and body.data == "name":
            name = self.name_of(body.children[0])
            return _symbol(Name(name.base, name.sub, (name.sup or "") + "'"), self.scope)
        return self.free_derivative(self(body), 1)

    def free_derivative(self, expr: sp.Expr, order: int) -> sp.Expr:
        free = sorted(expr.free_symbols, key=str)
        if len(free) != 1:
            raise Unreadable("a derivative without its variable (the term has "
                             f"{len(free)} variables)")
        return sp.Derivative(expr, (free[0], order)) if order > 1 else sp.Derivative(expr, free[0])

    def _sum(self, token, low, high, body):
        index = self.name_of(token).base
        self.indices.append(index)
        try:
            term = self(body)
        finally:
            self.indices.pop()
        return sp.Sum(term, (sp.Symbol(index, integer=True), self(low), self(high)))

    def _prod(self, *_):
        raise Unreadable("∏ is not read")

    def _limit(self, token, point, body):
        return sp.Limit(self(body), self.variable(token), self(point))

    # pieces
    def _relation(self, *children):
        terms = [self(c) for c in children[0::2]]
        relations = [str(r) for r in children[1::2]]
        parts = [_RELATIONS[r](a, b) for a, r, b in zip(terms, relations, terms[1:], strict=False)]
        return sp.And(*parts) if len(parts) > 1 else parts[0]

    def _otherwise(self):
        return sp.true

    def _positive_reals(self):
        return "R+"

    def _negative_reals(self):
        return "R-"

    def _indicator(self, condition):
        cond = self(condition)
        if isinstance(cond, str):
            raise Unreadable(r"\mathbb{1}_{\mathbb{R}_±} needs its argument")
        return sp.Piecewise((1, cond), (0, True))

    def _indicator_at(self, condition, args):
        cond = self(condition)
        values = self._args(args)
        if isinstance(cond, str):
            if len(values) != 1:
                raise Unreadable("an indicator of one argument")
            cond = values[0] > 0 if cond == "R+" else values[0] < 0
        return sp.Piecewise((1, cond), (0, True))

    def _cases(self, *rows):
        pieces = []
        for row in rows:
            value, condition = row.children
            pieces.append((self(value), self(condition)))
        return sp.Piecewise(*pieces)


def _vocabulary(name: str):
    function = vocabulary.VOCABULARY.get(name)
    if function is None:
        raise Unreadable(f"'{name}' is not in the vocabulary")
    return function


def to_sympy(reading: Reading, scope: Scope) -> sp.Expr:
    r"""The SymPy expression of a term read by `read_term`.

    >>> from derivations.audit.reader import read_term
    >>> to_sympy(read_term(r"\ln(\text{sigmoid}(x)) + e^{x}"), Scope())
    exp(x) + log(sigmoid(x))
    """
    try:
        return _Translator(reading, scope)(reading.tree)
    except (TypeError, ValueError, AttributeError) as error:
        if isinstance(error, Unreadable):
            raise
        raise Unreadable(f"not a well-formed expression ({error})") from None


class _ClaimPrinter(StrPrinter):
    """SymPy → the claim grammar: `diff`, `limit`, functions of an index as calls."""

    def _print_Derivative(self, expr):
        variables = []
        for v, n in expr.variable_count:
            variables.extend([self._print(v)] * int(n))
        return f"diff({self._print(expr.expr)}, {', '.join(variables)})"

    def _print_Limit(self, expr):
        f, x, point, _ = expr.args
        return f"limit({self._print(f)}, {self._print(x)}, {self._print(point)})"


def claim_text(expr: sp.Expr) -> str:
    """The text of `expr` in the claim grammar.

    >>> x = sp.Symbol("x", real=True)
    >>> claim_text(sp.Derivative(sp.exp(x), x))
    'diff(exp(x), x)'
    """
    return _ClaimPrinter({"order": "none"}).doprint(expr)


__all__ = ["BUILTIN_FUNCTIONS", "GENERIC_FUNCTIONS", "BigO", "Scope", "claim_text", "to_sympy"]
