"""Parse trees of sheet LaTeX → SymPy, in the scope of what the sheet has defined

Every name is a real scalar symbol unless the notation file says otherwise; `e` is Euler's number, `\\log` and
`\\ln` are the natural logarithm, `\\sigma` is the sigmoid. `f(x)` is a function application when `f` is a
function the sheet defined, a vocabulary name the notation maps it to, or a generic smooth function (`f`, `g`,
or declared `function`); when `f` is a value the sheet defined, `f(x)` is that value "as a function of x";
otherwise `y(a + b)` is a product. An indexed name inside a sum (`o_i^a` in `\\sum_{i=1}^m`) is a function of
the index. Derivatives, limits and sums stay unevaluated, so that the prover (not this module) decides them.
A name with a declared shape (or defined by a vector value) is a matrix, its subscripts are entries, products of
matrices are matrix products and `^T` is their transpose (`vectors.py`); the transpose of a number is the number,
noted as vector notation. `\\mathbf{u}^T v` of two lower-case undeclared names is one real atom, the product uᵀv
(`dot_u_v`). Columns are read only by the entry reading (`entries.py`), which extends this translator;
`\\sum_k` without a range only over the entries of one vector length.
`|N|` of a name with a declared shape is its number of entries (`Scope.sizes`), of any other name (a set)
it is not read.

Main definitions
- `Scope`: what the sheet has defined so far (values, functions, index families) and the notation.
- `to_sympy(reading, scope)`: the SymPy expression of a term (raises `Unreadable`).
- `BigO`: the placeholder of O(g) in a term.
- `claim_text(expr)`: an expression in the claim grammar (`diff`, `limit`, `Sum` …).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

import sympy as sp
from lark import Token, Tree
from sympy.matrices.expressions.matexpr import MatrixElement
from sympy.printing.str import StrPrinter

from identities import vocabulary

from . import vectors
from .reader import Name, NormName, Reading, read_term
from .reasons import RowOrColumn, ShapeMismatch, UndeclaredShape, UndefinedFunction, Unreadable, VectorNotation

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
    shapes: dict[str, tuple[sp.Expr, sp.Expr]] = field(default_factory=dict)
    """Vectors and matrices (declared, or defined by a vector value): identifier → (rows, columns)."""
    dimensions: set[str] = field(default_factory=set)
    """The names of the dimensions of those shapes (positive integers)."""
    scalars: set[str] = field(default_factory=set)
    """Names the notation file declares numbers (`w = "scalar"` for a bold w)."""
    index_names: set[str] = field(default_factory=set)
    """Names read as indices of entries in the link being read (integers there)."""
    matrix_reading: str | dict[str, str | tuple[str, str]] | None = None
    """How `W_j` of a matrix W reads while a term is translated: "row", "column" or not at all (`None`); or, by
    the name as written (`W_{k}^{(2)}`), "row", "column" or ("entry", "j"): the entry W_{k,j}."""
    derivative_layout: str = "column"
    """How `\\frac{d}{dx} f` of a number by a column x reads: the gradient ("column") or its transpose ("row")."""
    rounded_inputs: dict[sp.Symbol, tuple[sp.Rational, int]] | None = None
    """While a worked example's arithmetic is read for the rounding check: each decimal of 3 digits or more
    (a rounded intermediate, `0.8808`) read as a fresh symbol, here with its value and its digits."""
    sizes: dict[str, sp.Expr] = field(default_factory=dict)
    """|N| of the names with a declared shape: rows × cols (see `shapes`)."""
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
VECTOR_FUNCTIONS = {name for name, f in vocabulary.VOCABULARY.items() if isinstance(f, type) and (
    getattr(f, "takes_matrix", False) or issubclass(f, vocabulary.VectorFunction))} - {"dot", "sqnorm", "grad"}
"""The vocabulary's functions of whole vectors (softmax, logsumexp, cross-entropy, onehot, …)."""
_RELATIONS = {"<": sp.Lt, ">": sp.Gt, r"\le": sp.Le, r"\ge": sp.Ge, "=": sp.Eq, r"\ne": sp.Ne}


def _symbol(name: Name, scope: Scope) -> sp.Basic:
    ident = scope.symbol_names.get(name.ident, name.ident)
    scope.names.setdefault(ident, name)
    if ident in scope.shapes:
        return sp.MatrixSymbol(ident, *scope.shapes[ident])
    if ident in scope.dimensions:
        return vectors.dimension(ident)
    if ident in scope.index_names:
        return sp.Symbol(ident, integer=True)
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
        return self._name_as(self.name_of(token))

    def _name_as(self, name: Name):
        if isinstance(name, NormName):
            normed = self.scope.symbol_names.get(name.sub, name.sub)
            shape = self.scope.shapes.get(normed)
            if shape is not None and shape[1] == 1:
                # ‖x‖_2, ‖x‖_1 of a declared vector: the sum of its entries (`vectors.norm`)
                self.scope.names.setdefault(normed, self.reading_name(normed))
                try:
                    vector = sp.MatrixSymbol(normed, *shape)
                    return vectors.norm(shape[0], name.p, lambda r: MatrixElement(vector, r - 1, 0))
                except ValueError as error:
                    raise Unreadable(str(error)) from None
        element = self.vector_entry(name)
        if element is not None:
            return element
        if self.indices and name.sub is not None and name.sub not in self.indices and any(
                part in self.indices for part in re.split(r"[\s,]+", name.sub.strip()) if part):
            # Σ_j w_{i,j} a_j: w_{i,j} is a function of the summed j, which the scalar reading cannot write
            raise Unreadable(f"{name.latex}: a name with several indices, one of them summed, is read only with "
                             "declared shapes")
        if self.indices and name.sub in self.indices:
            family = Name(name.base, None, name.sup)
            self.scope.names.setdefault(family.ident, family)
            return sp.Function(family.ident + "_of", real=True)(sp.Symbol(name.sub, integer=True))
        if name.sub is None and name.sup is None and name.base in self.indices:
            return sp.Symbol(name.base, integer=True)
        ident = self.scope.symbol_names.get(name.ident, name.ident)
        if ident in self.scope.functions and ident not in self.scope.values and self.scope.shapes:
            # The loss L of `L(x, y) = …` written alone is its value: the body, at the sheet's own variables.
            self.scope.names.setdefault(ident, name)
            return self.scope.functions[ident][1]
        return _symbol(name, self.scope)

    def reading_name(self, ident: str) -> Name:
        """The sheet's Name of an identifier (for printing), as first seen."""
        return self.scope.names.get(ident) or next((n for n in self.reading.names.values() if n.ident == ident),
                                                   Name(ident))

    def vector_entry(self, name: Name) -> sp.Basic | None:
        """`o_k^a` of the vector o^a, `W_{k,j}` (an entry) or `W_j` (a row or a column) of the matrix W."""
        if name.sub is None:
            return None
        family = Name(name.base, None, name.sup)
        ident = self.scope.symbol_names.get(family.ident, family.ident)
        if ident not in self.scope.shapes or name.ident in self.scope.shapes:
            return None
        self.scope.names.setdefault(ident, family)
        matrix = sp.MatrixSymbol(ident, *self.scope.shapes[ident])
        indices = [self.index(part) for part in _split_indices(name.sub)]
        if matrix.shape[1] == 1 or len(indices) == 2:
            try:
                return vectors.entry(matrix, indices)
            except ValueError as error:
                raise Unreadable(f"{name.latex}: {error}") from None
        way = self.scope.matrix_reading
        if isinstance(way, dict):
            way = way.get(name.latex)
        if len(indices) != 1 or way is None:
            raise RowOrColumn(f"{name.latex} of the matrix {family.latex}: its row or its column?")
        if isinstance(way, tuple):
            return vectors.entry(matrix, [indices[0], self.index(way[1])])
        return (vectors.row if way == "row" else vectors.column)(matrix, indices[0])

    def index(self, latex: str) -> sp.Expr:
        """An index written in a subscript (`k`, `y`, `2`, `k+1`): an integer expression."""
        value = to_sympy(read_term(latex), Scope(dimensions=self.scope.dimensions))
        if value.has(sp.MatrixSymbol):
            raise Unreadable(f"the index {latex} is not read")
        return self.as_index(value)

    def as_index(self, value: sp.Expr) -> sp.Expr:
        """`value` as an index: its names (not the dimensions) integers, remembered so that they read as those
        integers elsewhere in the link (`i = j` in a case)."""
        names = {s for s in value.free_symbols if s.name not in self.scope.dimensions}
        self.scope.index_names |= {s.name for s in names}
        return value.xreplace({s: sp.Symbol(s.name, integer=True) for s in names})

    def _number(self, token):
        text = str(token)
        if self.scope.rounded_inputs is not None and "." in text and len(text.split(".")[1]) >= 3:
            symbol = sp.Dummy("r", real=True)
            self.scope.rounded_inputs[symbol] = (sp.Rational(text), len(text.split(".")[1]))
            return symbol
        return sp.Rational(text)

    def _euler(self):
        return sp.E

    def _pi(self):
        return sp.pi

    def _infinity(self):
        return sp.oo

    # arithmetic
    def _add(self, a, b):
        return _combine(self(a), self(b), 1)

    def _sub(self, a, b):
        return _combine(self(a), self(b), -1)

    def _neg(self, a):
        return -self(a)

    def _mul_neg(self, a, b):
        """`a \\cdot -b` = −(ab)."""
        return -self._mul(a, b)

    def _mul(self, a, b):
        if isinstance(a, Tree) and a.data == "transpose":
            atom = self.dot_atom(a, b)
            if atom is not None:
                return atom
        left, right = self(a), self(b)
        if vectors.is_matrix(left) != vectors.is_matrix(right):
            undeclared = sorted(self.undeclared(right if vectors.is_matrix(left) else left))
            if undeclared:
                # x in `W x` may be a vector: a name multiplies a matrix as a number only when declared one.
                raise UndeclaredShape(f"the shape of {', '.join(undeclared)} is not declared (it multiplies a vector "
                                 "or matrix; declare it in a notation file)")
        return _product(left, right)

    def undeclared(self, factor: sp.Basic) -> set[str]:
        """The names in a number that multiplies a matrix and that might be vectors: neither declared scalars,
        nor dimensions, indices or entries, nor the sheet's values."""
        if isinstance(factor, sp.Number):
            return set()
        names = set()
        for s in factor.free_symbols:
            if isinstance(s, sp.MatrixSymbol) or s.is_integer or s.name in self.scope.scalars \
                    or s.name in self.scope.values:
                continue
            names.add(self.scope.names[s.name].latex if s.name in self.scope.names else s.name)
        return names

    def _transpose(self, a):
        value = self(a)
        if vectors.is_matrix(value):
            return vectors.scalar_of(value.T)
        self.reading.notes.add("vector notation")  # v^T of a v whose shape is not declared: read as a number
        return value

    def dot_atom(self, transposed: Tree, other: Tree) -> sp.Symbol | None:
        """`\\mathbf{u}^T v` of two lower-case names (vectors, not matrices), outside a sum: one real atom, the
        product uᵀv (a scalar where the sheet adds or multiplies it with scalars), noted `dotted:u`, `dotted:v`."""
        u, v = transposed.children[0], other
        if self.indices or not (isinstance(u, Tree) and u.data == "name" and isinstance(v, Tree)
                                and v.data == "name"):
            return None
        first, second = self.name_of(u.children[0]), self.name_of(v.children[0])
        if any(re.fullmatch(r"[A-Z]|\\[A-Z][a-z]+", n.base) for n in (first, second)):
            return None
        if any(self.scope.symbol_names.get(n.ident, n.ident) in self.scope.shapes for n in (first, second)):
            return None  # declared vectors: a matrix product of their shapes
        ident = f"dot_{first.ident}_{second.ident}"
        self.scope.names.setdefault(ident, Name(f"{first.latex}^{{T}} {second.latex}"))
        self.reading.notes.add("dotted:" + first.ident)
        self.reading.notes.add("dotted:" + second.ident)
        return sp.Symbol(ident, real=True)

    def _grid(self, *rows):
        """A matrix of written entries (`\\begin{bmatrix} a & b \\\\ c & d \\end{bmatrix}`, the row `[a, b]`): an
        explicit matrix. A name multiplying it must have a declared or defined shape (`_mul` asks for it), so an
        undeclared W in `W [x_1, x_2]` is never read as a number."""
        entries = [[self(e) for e in row.children] for row in rows]
        if len({len(row) for row in entries}) != 1:
            raise ShapeMismatch("the rows of a matrix have different lengths")
        if any(vectors.is_matrix(e) for row in entries for e in row):
            raise Unreadable("a matrix whose entries are matrices")
        return sp.ImmutableMatrix(entries)

    def _column(self, *_):
        raise VectorNotation("a column vector (read entry by entry only when the notation file declares the shapes "
                         "of its names)")

    def _entry_of(self, body, index):
        """`f(x)_i`: entry i (from 1) of the vector value f(x)."""
        if isinstance(body, Tree) and body.data == "name" and isinstance(index, Tree) \
                and index.data in ("name", "number") and self.name_of(body.children[0]).sub is None:
            name = self.name_of(body.children[0])
            sub = self.name_of(index.children[0]).latex if index.data == "name" else str(index.children[0])
            return self._name_as(Name(name.base, sub, name.sup))  # `{\hat y}_k` is the name ŷ_k
        value = self(body)
        if not (vectors.is_matrix(value) and value.shape[1] == 1):
            raise Unreadable("a subscript on a value that is not a vector")
        return MatrixElement(value, self.as_index(self(index)) - 1, 0)

    def _sum_over(self, token, body):
        """`\\sum_k t` without its range: k over the entries of the one vector length its entries of index k
        have (read with declared or inferred vector shapes only)."""
        index = sp.Symbol(self.name_of(token).base, integer=True)
        if self.scope.shapes:
            term = self(body)
            sizes = {e.parent.shape[0] for e in term.atoms(MatrixElement)
                     if index in e.i.free_symbols and e.parent.shape[1] == 1}
            if len(sizes) == 1:
                return sp.Sum(term, (index, 1, next(iter(sizes))))
        raise VectorNotation(rf"\sum_{{{self.name_of(token).latex}}} without its index range (read only over the "
                         "entries of names whose shapes the notation file declares)")

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
        if isinstance(a, Tree) and a.data == "name" and self.name_of(a.children[0]).ident in self.scope.sizes:
            raise Unreadable(f"|{self.name_of(a.children[0]).latex}| of a vector or matrix: its norm or its number "
                             "of entries?")
        return sp.Abs(self(a))

    def _factorial(self, a):
        return sp.factorial(self(a))

    def _card(self, token):
        name = self.name_of(token)
        size = self.scope.sizes.get(name.ident)
        if size is None:
            raise Unreadable(f"|{name.latex}| is the size of a matrix or a set")
        return size

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
        if all(isinstance(v, (sp.Symbol, sp.MatrixSymbol)) for v in values):
            element = self.vector_entry(name)
            if element is not None or ident in self.scope.shapes:
                return element if element is not None else _symbol(name, self.scope)
        if (ident in self.scope.values or (name.base, name.sup) in self.scope.families) \
                and all(isinstance(v, sp.Symbol) for v in values):
            return _symbol(name, self.scope)
        if name == Name("H") and len(values) == 1 and ident not in self.scope.values:
            return vocabulary.heaviside(values[0])  # proofsheet's H(x), the Heaviside step (a guess: `words.py`)
        if len(values) == 1:
            self.reading.notes.add("applied:" + ident)  # y(a + b) read as a product: a guess, unless y is a number
            return self._name(token) * values[0]
        raise Unreadable(f"{name.latex}(…) applies {name.latex}, which the sheet does not define")

    def apply_function(self, ident: str, values: list) -> sp.Expr:
        if ident in self.scope.vocabulary_names:
            return _vocabulary_call(self.scope.vocabulary_names[ident], values)
        return sp.Function(ident, real=True)(*values)

    def _apply_prime(self, token, args):
        name = self.name_of(token)
        if not self.scope.is_function(name.ident):
            raise Unreadable(f"{name.latex}'(…): {name.latex} is not a function the sheet defines")
        self.scope.names.setdefault(name.ident, name)
        return self.derivative_at(lambda v: self.apply_function(name.ident, [v]), self._args(args))

    def derivative_at(self, function, values: list) -> sp.Expr:
        variable = len(values) == 1 and (isinstance(values[0], sp.Symbol | sp.Indexed) or (
            isinstance(values[0], MatrixElement) and isinstance(values[0].parent, sp.MatrixSymbol)))
        if not variable:
            raise Unreadable("a derivative f'(a) is read only at a variable a (a name or an entry)")
        return sp.Derivative(function(values[0]), values[0])

    def _call(self, token, args=None):
        word = str(token)[1:]
        values = self._args(args) if isinstance(args, Tree) and args.data == "args" else [self(args)]
        return self.call(word, values)

    def call(self, word: str, values: list) -> sp.Expr:
        if len(values) == 1 and isinstance(values[0], sp.MatrixBase) and word not in VECTOR_FUNCTIONS \
                and (word in BUILTIN_FUNCTIONS or word in vocabulary.VOCABULARY) and word not in ("max", "min"):
            # σ(z) of a matrix of written entries: entry by entry, as every sheet applies a scalar function to one
            return values[0].applyfunc(lambda v: self.call(word, [v]))
        if word in BUILTIN_FUNCTIONS:
            if word in ("max", "min") and len(values) < 2:
                raise Unreadable(f"{word} of one argument (a set?) is not read")
            return BUILTIN_FUNCTIONS[word](*values)
        if word in VECTOR_FUNCTIONS:
            if values and all(vectors.is_matrix(v) for v in values) and word != "onehot":
                return _vocabulary(word)(*values)
            raise VectorNotation(f"{word} of a vector is not read (declare shapes in a notation file)")
        if word in ("dim", "diag", "argmin", "argmax", "Pr", "rank"):
            raise Unreadable(f"'{word}' is not read")
        if word in self.scope.functions or word in self.scope.vocabulary_names:
            return self.apply_function(word, values)
        if word in vocabulary.VOCABULARY:
            return _vocabulary_call(word, values)
        raise UndefinedFunction(f"the function '{word}' is not defined on the sheet")

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
        if word == "onehot":
            values = self._args(args)
            size = self(sub)
            if len(values) != 1 or (not (size.is_Integer and size > 0) and (not size.free_symbols or not all(
                    s.name in self.scope.dimensions for s in size.free_symbols))):
                raise Unreadable(r"\text{onehot}_m(y) needs m, a number or a dimension of a declared shape")
            return vocabulary.onehot(self.as_index(values[0]) - 1, size)
        raise Unreadable(f"the subscript of {word} is not read")

    # calculus
    def variable(self, token) -> sp.Basic:
        value = self._name(token)
        if isinstance(value, MatrixElement) and isinstance(value.parent, sp.MatrixSymbol):
            return value
        if not isinstance(value, (sp.Symbol, sp.MatrixSymbol)):
            raise Unreadable("the variable of a derivative is an indexed name")
        return value

    def _diff(self, token, body):
        variable = self.variable(token)
        return self.derivative(self.function_by_its_parameter(body, variable), variable)

    def function_by_its_parameter(self, body, variable: sp.Basic) -> sp.Basic:
        """`\\frac{\\partial g}{\\partial \\xi}` after `g(\\xi) = …`, `\\frac{\\partial f}{\\partial x}` after
        `f(x, y, z) = …`: a function written alone, differentiated by a parameter of its definition, is that
        definition at its own parameters (the partial derivative of the function); any other body as read."""
        if isinstance(body, Tree) and body.data == "name" and isinstance(variable, sp.Symbol):
            ident = self.scope.symbol_names.get(self.name_of(body.children[0]).ident,
                                                self.name_of(body.children[0]).ident)
            params, value = self.scope.functions.get(ident, ((), None))
            if ident not in self.scope.values and variable.name in [p.name for p in params]:
                return value.xreplace({p: variable for p in params if p.name == variable.name})
        return self(body)

    def _nabla_by(self, token, body):
        """`\\nabla_x f`: the gradient, shaped like x."""
        return _derivative(self(body), self.variable(token))

    def derivative(self, body: sp.Basic, variable: sp.Basic) -> sp.Basic:
        """`\\frac{d}{dx} f`: the gradient of a number f by a column x, or its transpose, the row of the Jacobian
        layout, when the link is read so (`Scope.derivative_layout`)."""
        value = _derivative(body, variable)
        if self.scope.derivative_layout == "row" and vectors.is_matrix(variable) and variable.shape[1] == 1:
            return value.T
        return value

    def _diff_minus(self, token, first, *more):
        """`\\frac{d}{dx} - a + b`: the operator applies to everything after it, −a + b."""
        body = -self(first)
        for term in more:
            body = body + self(term.children[0]) if term.data == "plus" else body - self(term.children[0])
        return self.derivative(body, self.variable(token))

    def _diff2(self, token, body):
        variable = self.variable(token)
        return sp.Derivative(self.function_by_its_parameter(body, variable), (variable, 2))

    _diff_operator, _diff2_operator = _diff, _diff2  # `\frac{d}{dx} f`: the operator applied to the factor after it

    def _nabla(self, body):
        by = self.gradient_of_defined(body)
        if by is not None:
            return by
        return self.free_derivative(self(body), 1)

    def gradient_of_defined(self, body) -> sp.Basic | None:
        """`\\nabla L(v)`: the gradient of the sheet's L with respect to the vector (or entry) v, when L is a
        value or function the sheet defined and v is not one of its parameters."""
        if not (isinstance(body, Tree) and body.data == "apply" and len(body.children[1].children) == 1):
            return None
        name = self.name_of(body.children[0])
        argument = body.children[1].children[0]
        if not (isinstance(argument, Tree) and argument.data == "name"):
            return None
        variable = self.variable(argument.children[0])
        if not (vectors.is_matrix(variable) or isinstance(variable, MatrixElement)):
            return None
        if name.ident in self.scope.functions:
            params, value = self.scope.functions[name.ident]
            if any(p.name == str(variable) for p in params):
                return None
        elif name.ident in self.scope.values:
            value = _symbol(name, self.scope)
        else:
            return None
        return _derivative(value, variable)

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
        # a sum of vectors (Σ_k c_k W_k^T) is a vector of their shape (`vocabulary.MatrixSum`)
        return vocabulary.MatrixSum(term, (sp.Symbol(index, integer=True), self(low), self(high)))

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


def _split_indices(sub: str) -> list[str]:
    parts = [p.strip() for p in sub.split(",")]
    if not all(parts) or len(parts) > 2:
        raise Unreadable(f"the subscript {sub} is not an index")
    return parts


def _combine(a: sp.Basic, b: sp.Basic, sign: int) -> sp.Basic:
    """a + b (sign 1) or a − b (sign −1), with a vector beside entries of one index read as its entry."""
    if vectors.is_matrix(a) != vectors.is_matrix(b):
        number, vector = (b, a) if vectors.is_matrix(a) else (a, b)
        entry = vectors.entry_repair(number, vector)
        if entry is None:
            raise ShapeMismatch("a number plus a vector or matrix")
        a, b = (entry, b) if vectors.is_matrix(a) else (a, entry)
    if vectors.is_matrix(a) and not vectors.same_size(a.shape, b.shape):
        raise ShapeMismatch(f"the shapes {tuple(a.shape)} and {tuple(b.shape)} do not agree")
    try:
        return a + b if sign == 1 else a - b
    except sp.ShapeError:
        raise ShapeMismatch(f"the shapes {tuple(a.shape)} and {tuple(b.shape)} do not agree") from None


def _product(a: sp.Basic, b: sp.Basic) -> sp.Basic:
    """a b: a matrix product (a 1 × 1 result is its number) when both are matrices."""
    if vectors.is_matrix(a) and vectors.is_matrix(b) and not vectors.same_size((a.shape[1],), (b.shape[0],)):
        raise ShapeMismatch(f"the product of shapes {tuple(a.shape)} and {tuple(b.shape)} is not defined")
    try:
        return vectors.scalar_of(a * b)
    except sp.ShapeError:
        raise ShapeMismatch(f"the product of shapes {tuple(a.shape)} and {tuple(b.shape)} is not defined") from None


def _derivative(body: sp.Basic, variable: sp.Basic) -> sp.Basic:
    """d body / d variable: the gradient (shaped like the variable) for a vector or matrix variable."""
    if vectors.is_matrix(body):
        raise ShapeMismatch("the derivative of a vector or matrix (a Jacobian) is not read")
    if vectors.is_matrix(variable):
        return vocabulary.grad(body, variable)
    return sp.Derivative(body, variable)


def _vocabulary_call(name: str, values: list) -> sp.Basic:
    """A vocabulary function applied to the values; entry by entry to a vector or matrix."""
    function = _vocabulary(name)
    if values and vectors.is_matrix(values[0]):
        if name in VECTOR_FUNCTIONS:
            return function(*values)
        from identities.vocabulary.base import entrywise_call

        return entrywise_call(name, function, tuple(values))
    return function(*values)


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
    except (TypeError, ValueError, AttributeError, NotImplementedError) as error:
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

    def _print_Gradient(self, expr):
        return f"grad({self._print(expr.args[0])}, {self._print(expr.args[1])})"

    def _print_ElementwiseApplyFunction(self, expr):
        body = expr.function.expr
        if not (isinstance(body, sp.Function) and len(body.args) >= 1 and body.args[0] == expr.function.variables[0]
                and all(not a.has(expr.function.variables[0]) for a in body.args[1:])):
            raise Unreadable("an entry-by-entry function the claim grammar cannot write")
        name = _claim_function_name(body)
        rest = "".join(f", {self._print(a)}" for a in body.args[1:])
        return f"{name}({self._print(expr.expr)}{rest})"

    def _print_Heaviside(self, expr):
        return f"heaviside({self._print(expr.args[0])})"

    def _print_MatrixElement(self, expr):
        parent = self.parenthesize(expr.parent, 1000, strict=True) if not isinstance(expr.parent, sp.MatrixSymbol) \
            else self._print(expr.parent)
        if expr.parent.shape[1] == 1 and expr.j == 0:
            return f"{parent}[{self._print(expr.i)}]"
        return f"{parent}[{self._print(expr.i)}, {self._print(expr.j)}]"


def _claim_function_name(call: sp.Function) -> str:
    """The vocabulary (or SymPy) name of a function application, as the claim grammar writes it."""
    name = type(call).__name__
    for word, function in vocabulary.VOCABULARY.items():
        if function is type(call):
            return word
    return {"Max": "max", "Min": "min"}.get(name, name)


def claim_text(expr: sp.Expr) -> str:
    """The text of `expr` in the claim grammar.

    >>> x = sp.Symbol("x", real=True)
    >>> claim_text(sp.Derivative(sp.exp(x), x))
    'diff(exp(x), x)'
    """
    return _ClaimPrinter({"order": "none"}).doprint(expr)


__all__ = ["BUILTIN_FUNCTIONS", "GENERIC_FUNCTIONS", "VECTOR_FUNCTIONS", "BigO", "Scope", "claim_text", "to_sympy"]
