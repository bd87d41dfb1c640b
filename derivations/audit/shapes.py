"""Shapes of a sheet's terms: shape declarations, dimension links `dim(T) = a × b` and sizes `|N|`

A sheet states shapes with `dim(W^{(1)}) = d_h \\times d` (W is d_h × d) and `dim(b^{(1)}) = d_h` (b is a
d_h-vector, d_h × 1). The first such statement about a name the sheet has not used before *declares* its shape
(a definition, not a link); a notation file's `[shapes]` declares shapes too (`scalar`, `vector(n)`,
`matrix(m, n)`). Every later `dim(T) = a \\times b` is a link: the claim that the shape (rows, cols) of T is
(a, b) for all positive integer dimensions, `Matrix([rows, cols]) == Matrix([a, b])` over `integer positive`
symbols, so that a wrong shape is refuted with sizes that separate the sides.

The shape calculus of a term (`ShapeCalculus`):
- a declared name has its shape; a number, an indicator `I_{h_j^a > 0}` / `\\mathbb{1}_{…}` of scalars, and an
  entry (`h_j^a`, `W_{k,j}`) of a declared or defined vector or matrix are scalars (1 × 1); a name the sheet
  defined (`h^a = W^{(1)} x + b^{(1)}`) has the shape of its value;
- a transpose swaps rows and columns; a sum needs equal shapes; a product A B needs cols(A) = rows(B) and is
  rows(A) × cols(B), and a scalar (or a 1 × 1 term) times anything has the shape of the other factor;
- `\\text{onehot}_m(y)` is m × 1; `softmax(v)` and the entrywise functions of one argument (`exp`, `\\tanh`,
  `relu`, …) keep the shape of their argument, and of scalars (with `max`, `min`) give a scalar; the sheet's
  own functions (which may not act entrywise) give an unknown shape; brackets `[…]` group.
A name without a declared shape has an unknown shape. A sum or product with an unknown term is still known
where the rest fixes it, when the term is defined at all (`W^{(2)} h^s + b^{(2)}` is m × 1 whatever h^s is,
since the sum with the m-vector b^{(2)} must be defined); a link whose shape stays unknown is not read ("the
shape of X is not declared"). A product whose inner dimensions differ (unless some sizes are equal) is a shape
error: the link is not read, with the reason.

A subscripted name `W_j^{(2)}` of a declared matrix W^{(2)} (not a vector) is row j or column j: every reading
is computed, and a dim link is decided only when all agree: when they give one shape, or when every reading
fails (the claim is the product of the readings' squared errors, `== 0`, refuted only at sizes where every
reading is wrong). When one reading holds and another fails, the link is not read.

`|N|` of a name with a declared shape is its number of entries rows × cols (`|W^{(1)}| = d_h d`); `|D|` of a set
or of an undeclared name stays unread, and so does |W| of a square matrix (its determinant?).

Main definitions
- `Shape`: rows, cols (SymPy expressions, `None` when unknown) and whether it is a scalar.
- `ShapeCalculus`: the declared shapes and defined values of a sheet, and the shapes of terms.
- `is_dim(reading)`, `dim_argument(reading)`: whether a term is `dim(T)`, and T.
- `dim_claim(...)`: the claim (or the reason it is not read) of a link `dim(T) = a × b`.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

import sympy as sp
from lark import Token, Tree

from identities.claim import Claim

from .reader import Name, Reading, Unreadable, read_term
from .translate import Scope, claim_text, to_sympy
from .vectors import dimension as dimension_symbol

ENTRYWISE = {"exp", "log", "tanh", "sinh", "cosh", "sin", "cos", "tan", "abs", "sign", "erf", "sqrt", "atan",
             "sigmoid", "softplus", "relu", "softsign", "hardtanh", "silu", "swish", "gelu", "mish", "elu", "selu",
             "logit", "logsigmoid", "heaviside", "softmax", "log_softmax"}
"""Functions of one argument that keep its shape (entrywise, or vector → vector of the same length)."""
_INDEX = re.compile(r"[a-z]")
_ENTRY = re.compile(r"[a-z0-9]\s*,\s*[a-z0-9]")
MAX_READINGS = 8
"""At most this many row/column readings of a term are computed (three ambiguous names)."""


@dataclass(frozen=True)
class Shape:
    """rows × cols of a term; `None` where unknown. `scalar` is True for a number, False for a matrix or vector
    (even of size 1), None when unknown."""

    rows: sp.Expr | None
    cols: sp.Expr | None
    scalar: bool | None = False

    @property
    def known(self) -> bool:
        return self.rows is not None and self.cols is not None

    @property
    def scalar_like(self) -> bool:
        """A scalar, or a term known to be 1 × 1 (w^T x), which multiplies anything."""
        return self.scalar is True or (_same(self.rows, sp.Integer(1)) and _same(self.cols, sp.Integer(1)))

    def latex(self) -> str:
        from identities.latex import latex

        return f"{latex(self.rows)} \\times {latex(self.cols)}"


SCALAR = Shape(sp.Integer(1), sp.Integer(1), True)
UNKNOWN = Shape(None, None, None)


def _same(a: sp.Expr | None, b: sp.Expr | None) -> bool:
    return a is not None and b is not None and sp.simplify(a - b) == 0


def _merge(a: sp.Expr | None, b: sp.Expr | None, what: str) -> sp.Expr | None:
    """The common dimension of two terms of a sum (unknown when both are)."""
    if a is None:
        return b
    if b is None or _same(a, b):
        return a
    raise Unreadable(f"a sum of terms with {what} {a} and {b} (their shapes differ)")


def add_shapes(a: Shape, b: Shape) -> Shape:
    """The shape of a + b: both the same shape; a scalar only with a scalar or a 1 × 1 term."""
    if a.scalar is True and b.scalar is True:
        return SCALAR
    if a.scalar is True or b.scalar is True:
        other = b if a.scalar is True else a
        if other.known and not other.scalar_like:
            raise Unreadable(f"a scalar added to a {other.rows} × {other.cols} term")
        return Shape(sp.Integer(1), sp.Integer(1), other.scalar)
    scalar = False if False in (a.scalar, b.scalar) else None
    return Shape(_merge(a.rows, b.rows, "rows"), _merge(a.cols, b.cols, "columns"), scalar)


def mul_shapes(a: Shape, b: Shape) -> Shape:
    """The shape of the product a b (see the module docstring); an unknown factor may be a scalar or not."""
    if a.scalar_like:
        return b
    if b.scalar_like:
        return a
    if a.scalar is False and b.scalar is False and a.cols is not None and b.rows is not None \
            and not _same(a.cols, b.rows):
        raise Unreadable(f"a product of a {a.rows} × {a.cols} and a {b.rows} × {b.cols} term is defined only "
                         f"where {a.cols} = {b.rows} (its inner dimensions differ)")
    rows = a.rows if a.scalar is False else (a.rows if _same(a.rows, b.rows) else None)
    cols = b.cols if b.scalar is False else (b.cols if _same(a.cols, b.cols) else None)
    scalar = False if False in (a.scalar, b.scalar) else None
    return Shape(rows, cols, scalar)


def parse_shape(text: str, scope: Scope | None = None) -> Shape:
    """A notation file's shape: `scalar`, `vector(n)` (n × 1), `matrix(m, n)` (its sizes read in `scope`)."""
    text = text.strip()
    if text == "scalar":
        return SCALAR
    match = re.fullmatch(r"(vector|matrix)\((.*)\)", text)
    if not match:
        raise Unreadable(f"{text!r} is not a shape")
    dims = [dimension(part, scope) for part in match.group(2).split(",")]
    if len(dims) != (1 if match.group(1) == "vector" else 2):
        raise Unreadable(f"{text!r}: {match.group(1)} takes {1 if match.group(1) == 'vector' else 2} dimensions")
    return Shape(dims[0], dims[1] if len(dims) == 2 else sp.Integer(1))


def dimension(latex: str, scope: Scope | None = None) -> sp.Expr:
    """One dimension (`d_h`, `m + 1`, `2`): a polynomial in names, read as a positive integer."""
    value = to_sympy(read_term(latex), scope or Scope())
    if not value.is_polynomial(*value.free_symbols) or value.has(sp.Function):
        raise Unreadable(f"the dimension {latex.strip()} is not a polynomial in sizes")
    # One symbol per size, a positive integer, as the vector reading has it (`vectors.dimension`).
    return value.xreplace({s: dimension_symbol(s.name) for s in value.free_symbols})


def split_times(latex: str) -> list[str]:
    """The factors of `a \\times b` at the top level of braces and brackets."""
    return split_top_level(latex, r"\\times(?![A-Za-z])")


def split_top_level(latex: str, separator: str) -> list[str]:
    """The parts of `latex` between the matches of the pattern `separator` outside braces, parentheses and
    brackets, stripped.

    >>> split_top_level("x, W_{i,j}", ",")
    ['x', 'W_{i,j}']
    """
    parts, depth, start = [], 0, 0
    for match in re.finditer(rf"{separator}|[{{(\[]|[}})\]]", latex):
        token = match.group()
        if token in "{([":
            depth += 1
        elif token in "})]":
            depth -= 1
        elif depth == 0:
            parts.append(latex[start:match.start()])
            start = match.end()
    parts.append(latex[start:])
    return [p.strip() for p in parts]


def stated_shape(latex: str, scope: Scope | None = None) -> Shape:
    """The right side of `dim(T) = a \\times b` (a × b) or `dim(v) = n` (n × 1)."""
    parts = split_times(latex)
    if len(parts) > 2 or not all(parts):
        raise Unreadable(f"{latex.strip()} is not a shape a × b")
    dims = [dimension(p, scope) for p in parts]
    return Shape(dims[0], dims[1] if len(dims) == 2 else sp.Integer(1))


def is_dim(reading: Reading) -> bool:
    """Whether a term is `dim(T)` / `\\dim(T)` of one argument."""
    tree = reading.tree
    return tree.data == "call" and str(tree.children[0]) == "Fdim" and len(tree.children) == 2 and (
        not isinstance(tree.children[1], Tree) or tree.children[1].data != "args" or len(tree.children[1].children)
        == 1)


def dim_argument(reading: Reading) -> Tree:
    """T of `dim(T)`."""
    arg = reading.tree.children[1]
    return arg.children[0] if isinstance(arg, Tree) and arg.data == "args" else arg


@dataclass
class ShapeCalculus:
    """The shapes a sheet (and its notation file) declares, the values it defines, and shapes of terms."""

    declared: dict[str, Shape] = field(default_factory=dict)
    values: dict[str, Reading] = field(default_factory=dict)
    aliases: dict[str, str] = field(default_factory=dict)
    """Names the notation file maps to other names (`X` → `x`): the other name's shape."""

    def declare(self, ident: str, shape: Shape) -> None:
        self.declared[ident] = shape

    def define(self, ident: str, reading: Reading) -> None:
        if ident not in self.declared:
            self.values[ident] = reading

    def size(self, ident: str) -> sp.Expr | None:
        """|N|: the number of entries of a declared vector or matrix; not of a scalar (|w| is its absolute value)
        nor of a square matrix (|W| may be its determinant)."""
        shape = self.declared.get(ident)
        if shape is None or not shape.known or shape.scalar or _same(shape.rows, shape.cols):
            return None
        return shape.rows * shape.cols

    def has_shape(self, name: Name) -> bool:
        """Whether the shape of `name` is known (declared, or a row, column or entry of a declared name)."""
        return name.ident in self.declared or self.ambiguous(name) is not None or \
            _Walk(self, Reading(Tree("name", []), {}), {}).name_shape(name).rows is not None

    def ambiguous(self, name: Name) -> Shape | None:
        """The shape of the matrix whose row or column j `name` (`W_j^{(2)}`) may be, when it is one (and the
        sheet neither declares nor defines it)."""
        if name.sub is None or not _INDEX.fullmatch(name.sub.strip()) or name.ident in self.declared \
                or name.ident in self.values:
            return None
        whole = self.declared.get(Name(name.base, None, name.sup).ident)
        if whole is None or not whole.known or whole.scalar or _same(whole.cols, sp.Integer(1)) \
                or _same(whole.rows, sp.Integer(1)):
            return None
        return whole

    def readings(self, reading: Reading, tree: Tree | None = None) -> list[tuple[dict[str, str], Shape]]:
        """Every reading of the term's row/column names with its shape (raises `Unreadable` on shape errors)."""
        tree = reading.tree if tree is None else tree
        names = sorted({n.ident: n for n in reading.names.values() if self.ambiguous(n) is not None}.items())
        if 2 ** len(names) > MAX_READINGS:
            raise Unreadable("too many names that may be a row or a column")
        out = []
        for choice in itertools.product(("row", "column"), repeat=len(names)):
            chosen = {ident: c for (ident, _), c in zip(names, choice, strict=True)}
            out.append((chosen, _Walk(self, reading, chosen)(tree)))
        return out

    def shape_of(self, reading: Reading) -> Shape:
        """The shape of an unambiguous term (unknown where it cannot be known)."""
        return _Walk(self, reading, {})(reading.tree)


class _Walk:
    """The shape of one parse tree under one choice of rows and columns."""

    def __init__(self, calculus: ShapeCalculus, reading: Reading, choice: dict[str, str],
                 seen: frozenset[str] = frozenset()) -> None:
        self.calculus, self.reading, self.choice, self.seen = calculus, reading, choice, seen

    def __call__(self, node) -> Shape:
        if isinstance(node, Token):
            return UNKNOWN
        method = getattr(self, f"_{node.data}", None)
        return UNKNOWN if method is None else method(*node.children)

    def name_shape(self, name: Name) -> Shape:
        calculus = self.calculus
        alias = calculus.aliases.get(name.ident)
        if alias is not None and alias in calculus.declared:
            return calculus.declared[alias]
        if name.ident in calculus.declared:
            return calculus.declared[name.ident]
        value = calculus.values.get(name.ident)
        if value is not None and name.ident not in self.seen:
            shape = _Walk(calculus, value, {}, self.seen | {name.ident})(value.tree)
            if shape.known:
                return shape
        whole = calculus.ambiguous(name)
        if whole is not None:
            reading = self.choice.get(name.ident, "row")
            return Shape(sp.Integer(1), whole.cols) if reading == "row" else Shape(whole.rows, sp.Integer(1))
        if name.sub is not None and (_INDEX.fullmatch(name.sub.strip()) or _ENTRY.fullmatch(name.sub.strip())):
            whole_name = Name(name.base, None, name.sup)
            whole_shape = self.name_shape(whole_name) if whole_name.ident not in self.seen else UNKNOWN
            if whole_shape.known and (_ENTRY.fullmatch(name.sub.strip()) or _same(whole_shape.cols, sp.Integer(1))):
                return SCALAR
        return shape if value is not None and name.ident not in self.seen else UNKNOWN

    def _name(self, token):
        return self.name_shape(self.reading.names[str(token)])

    def _number(self, _):
        return SCALAR

    def _euler(self):
        return SCALAR

    def _pi(self):
        return SCALAR

    def _add(self, a, b):
        return add_shapes(self(a), self(b))

    _sub = _add

    def _neg(self, a):
        return self(a)

    def _mul(self, a, b):
        return mul_shapes(self(a), self(b))

    def _div(self, a, b):
        bottom = self(b)
        if not bottom.scalar_like:
            return UNKNOWN
        return self(a)

    _frac = _div

    def _pow(self, a, _):
        base = self(a)
        return SCALAR if base.scalar_like else UNKNOWN

    def _pow_name(self, token, b):
        return self._pow(Tree("name", [token]), b)

    def _transpose(self, a):
        shape = self(a)
        return shape if shape.scalar is True else Shape(shape.cols, shape.rows, shape.scalar)

    def function_shape(self, word: str, args: list) -> Shape:
        if len(args) == 1 and word in ENTRYWISE:
            return self(args[0])
        if word in ENTRYWISE | {"max", "min"} and all(self(a).scalar is True for a in args):
            return SCALAR
        return UNKNOWN

    def _call(self, token, args=None):
        values = args.children if isinstance(args, Tree) and args.data == "args" else [args]
        return self.function_shape(str(token)[1:], values)

    def _apply(self, token, args):
        return self.function_shape(self.reading.names[str(token)].ident, args.children)

    def _call_sub(self, token, sub, args):
        if str(token) == "Fonehot" and len(args.children) == 1:
            reading = Reading(sub, self.reading.names)
            try:
                size = to_sympy(reading, Scope())
                return Shape(size.xreplace({s: dimension_symbol(s.name) for s in size.free_symbols}), sp.Integer(1))
            except Unreadable:
                return UNKNOWN
        return UNKNOWN

    def condition_scalar(self, condition) -> bool:
        if not isinstance(condition, Tree) or condition.data != "relation":
            return False
        return all(self(term).scalar_like for term in condition.children[0::2])

    def _indicator(self, condition):
        return SCALAR if self.condition_scalar(condition) else UNKNOWN

    def _indicator_at(self, condition, args):
        if isinstance(condition, Tree) and condition.data in ("positive_reals", "negative_reals"):
            return self(args.children[0]) if len(args.children) == 1 else UNKNOWN
        return SCALAR if self.condition_scalar(condition) else UNKNOWN


def _unknown_names(calculus: ShapeCalculus, reading: Reading, tree: Tree) -> list[str]:
    """The names of `tree` with an unknown shape (for the reason)."""
    tokens = {str(node.children[0]) for node in tree.iter_subtrees() if node.data == "name"}
    walk = _Walk(calculus, reading, {})
    return sorted({reading.names[t].latex for t in tokens if walk.name_shape(reading.names[t]).rows is None})


def _holds(shape: Shape, stated: Shape) -> bool:
    return _same(shape.rows, stated.rows) and _same(shape.cols, stated.cols)


def _described(choice: dict[str, str], names: dict[str, Name]) -> str:
    by_ident = {n.ident: n for n in names.values()}
    return ", ".join(f"{by_ident[i].latex} as {c} {by_ident[i].sub}" for i, c in sorted(choice.items()))


def dim_claim(calculus: ShapeCalculus, left: Reading, right_latex: str, scope: Scope, ident: str,
              title: str) -> tuple[Claim, str, tuple[str, ...], dict]:
    """The claim of the link `dim(T) = a × b`, its reading in LaTeX, its notes ("shape", and "every reading" when
    names may be rows or columns) and its detail (the readings' shapes, to print them at a counterexample;
    raises `Unreadable`).

    One reading: `Matrix([rows, cols]) == Matrix([a, b])`. Several distinct readings (rows or columns) cannot
    all hold; when none does, the claim is `∏ ((rows − a)² + (cols − b)²) == 0`, refuted only where every
    reading is wrong (note "every reading": it is never `proved`); when one holds, the link is not read."""
    term = dim_argument(left)
    stated = stated_shape(right_latex, scope)
    readings = calculus.readings(left, term)
    unknown = [shape for _, shape in readings if not shape.known]
    if unknown:
        names = _unknown_names(calculus, left, term)
        if names:
            raise Unreadable(f"the shape of {', '.join(names)} is not declared (declare it in a notation file)")
        raise Unreadable("the shape of the term is not read")
    distinct: list[tuple[dict[str, str], Shape]] = []
    for choice, shape in readings:
        if not any(_holds(shape, other) for _, other in distinct):
            distinct.append((choice, shape))
    symbols = sorted({s for _, shape in distinct for s in (shape.rows.free_symbols | shape.cols.free_symbols)}
                     | stated.rows.free_symbols | stated.cols.free_symbols, key=str)
    domain = {s.name: "integer positive" for s in symbols}
    if len(distinct) == 1:
        shape = distinct[0][1]
        lhs, rhs = _pair(shape), _pair(stated)
        reading = f"{shape.latex()} = {stated.latex()}"
        notes: tuple[str, ...] = ("shape",)
    else:
        described = "; ".join(f"{shape.latex()} ({_described(choice, left.names)})" for choice, shape in distinct)
        if any(_holds(shape, stated) for _, shape in distinct):
            raise Unreadable(f"the readings disagree: {described} against {stated.latex()}")
        lhs = claim_text(sp.Mul(*[(s.rows - stated.rows) ** 2 + (s.cols - stated.cols) ** 2 for _, s in distinct]))
        rhs = "0"
        reading = f"{described} = {stated.latex()}"
        notes = ("every reading", "shape")
    claim = Claim(id=ident, lhs=lhs, rhs=rhs, relation="==", symbols=domain, title=title)
    detail = {"shapes": [(_described(choice, left.names), shape.rows, shape.cols) for choice, shape in distinct],
              "stated": (stated.rows, stated.cols)}
    return claim, reading, notes, detail


def shapes_at(detail: dict, point: dict[str, str]) -> dict[str, str]:
    """The sides of a dim link at a counterexample: every reading's shape and the stated one (`lhs`, `rhs`)."""
    values = {k: sp.Rational(v) for k, v in point.items()}

    def at(rows: sp.Expr, cols: sp.Expr) -> str:
        def value(size: sp.Expr) -> sp.Expr:
            return sp.sympify(size).xreplace({s: values[s.name] for s in sp.sympify(size).free_symbols
                                              if s.name in values})
        return f"{value(rows)} × {value(cols)}"

    sides = [at(rows, cols) + (f" ({label})" if label else "") for label, rows, cols in detail["shapes"]]
    return {"lhs": "; ".join(sides), "rhs": at(*detail["stated"])}


def _pair(shape: Shape) -> str:
    return f"Matrix([{claim_text(shape.rows)}, {claim_text(shape.cols)}])"


def declared_name(left: Reading) -> Name | None:
    """N of `dim(N)` when the argument is a single name."""
    if not is_dim(left):
        return None
    term = dim_argument(left)
    if isinstance(term, Tree) and term.data == "name":
        return left.names[str(term.children[0])]
    return None


__all__ = ["ENTRYWISE", "SCALAR", "UNKNOWN", "Shape", "ShapeCalculus", "add_shapes", "declared_name", "dim_argument",
           "dim_claim", "dimension", "is_dim", "mul_shapes", "parse_shape", "shapes_at", "split_times",
           "split_top_level", "stated_shape"]
