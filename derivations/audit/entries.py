"""Vectors and matrices read entry by entry, with the shapes that a notation file declares

When the notation file declares `W = "matrix(d, n)"`, `x = "vector(n)"`, a link that writes such a name whole
(`W\\mathbf{x} + \\mathbf{b}`) or writes a column (`\\begin{bmatrix} … \\end{bmatrix}`) is read here, entry by
entry, instead of as scalar algebra:

- `W` is the matrix of entries W[r, c], `\\mathbf{x}` the column of entries x[r]; `W_{i,j}`, `x_k`, `b_d` are
  entries (scalars); `\\mathbf{w}^T` is a row. `W \\mathbf{x}` is the column of entries Σ_c W[r, c] x[c] (the
  sizes must agree), `\\mathbf{w}^T \\mathbf{v}` the scalar Σ_r w[r] v[r]; sums and multiples by scalars are
  entry-wise, a scalar function (`\\sigma`, or a name the notation maps to one, `\\hat{\\sigma}`) acts on each
  entry. `\\sum_k t` without its range sums k over the size of the positions where k indexes a declared name.
- ∂/∂W_{i,j} and ∂/∂x_i differentiate by that entry, each entry of a column on its own; a term that holds no
  entry of W is not differentiated by W_{i,j} (the sheet does not say how it depends on it).
- A column of written entries is that column (size the number of rows). A column with vertical ellipses
  `\\begin{bmatrix} t_1 \\\\ \\vdots \\\\ t_p \\\\ \\vdots \\\\ t_D \\end{bmatrix}` (or without the middle row) is
  the column of size D whose r-th entry is t(r), when one term t gives each written row at its index: row 1,
  row p (an index variable of the row) and row D (a declared size) — found by putting r for the indices equal
  to 1, p or D and checking every written row. When no term does and the first and last rows are the same
  constant c (`0; ⋮; x_j; ⋮; 0`), it is the column with c everywhere but t_p in row p, where p is the row of
  the middle entry of a column of the same layout on the other side of the link; without such a column it is
  not read. Any other column with ellipses is not read.
- A link between columns claims every entry: for an integer r with 1 ≤ r ≤ D, entry r of both sides agree.

Sheets count indices from 1, the claim grammar from 0: every index variable i (free, assumed 1 ≤ i ≤ its size,
or bound by a sum) is put as i + 1 and every index lowered by one, so that the claim is the sheet's statement
on 0-based indices. An entry written with a number (x_2) presupposes that its size is at least that number.

Main definitions
- `Column`: a column (or a row) read entry by entry.
- `is_entry_link(names, notes)`: whether a link is read here.
- `entry_claim(left, right, scope, notation)`: the claim sides, symbols and assumptions of a link.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

import sympy as sp
from lark import Tree

from identities.vocabulary import VOCABULARY, VectorFunction

from .notation import Notation
from .reader import Name, NormName, Reading
from .reasons import Unreadable
from .translate import BUILTIN_FUNCTIONS, VECTOR_FUNCTIONS, Scope, _Translator
from .vectors import norm

VDOTS = "vdots"


class RowUnknown(Unreadable):
    """A column whose middle entry does not say in which row it stands (read again with a row of its own)."""


@dataclass(frozen=True)
class Column:
    """A column of `size` entries, `entry(r)` the r-th (sheet index, from 1); `explicit` its entries when written
    out; `row` for a transposed column."""

    size: sp.Expr
    entry: Callable[[sp.Expr], sp.Expr]
    explicit: tuple[sp.Expr, ...] | None = None
    row: bool = False

    def map(self, function: Callable[[sp.Expr], sp.Expr]) -> Column:
        """The column of `function` applied to every entry."""
        explicit = None if self.explicit is None else tuple(function(e) for e in self.explicit)
        return Column(self.size, lambda r: function(self.entry(r)), explicit, self.row)


@dataclass(frozen=True)
class Grid:
    """A matrix of `rows` × `cols` entries, `entry(r, c)` (sheet indices, from 1)."""

    rows: sp.Expr
    cols: sp.Expr
    entry: Callable[[sp.Expr, sp.Expr], sp.Expr]


def _size(text: str) -> sp.Expr:
    text = text.strip()
    if text.isdigit():
        return sp.Integer(int(text))
    if not re.fullmatch(r"[A-Za-z]\w*", text):
        raise Unreadable(f"the size {text} is not a name or a number")
    return sp.Symbol(text, integer=True, positive=True)


def shape_of(shape: str) -> tuple[sp.Expr, ...] | None:
    """The sizes of a declared shape: (n,) for "vector(n)", (m, n) for "matrix(m, n)", None for "scalar"."""
    match = re.fullmatch(r"(vector|matrix)\((.*)\)", shape.strip())
    if match is None:
        return None
    sizes = tuple(_size(s) for s in match.group(2).split(","))
    if len(sizes) != (1 if match.group(1) == "vector" else 2):
        raise Unreadable(f"the shape {shape} has {len(sizes)} sizes")
    return sizes


def is_entry_link(readings: list[Reading], notation: Notation) -> bool:
    """A link is read entry by entry when it writes a column or a name declared a vector or matrix, whole."""
    for reading in readings:
        if any(t.data == "column" for t in reading.tree.iter_subtrees()):
            return True
        for name in reading.names.values():
            if name.sub is None and shape_of(notation.shapes.get(name.ident, "scalar")) is not None:
                return True
    return False


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    return a == b or sp.expand(a - b) == 0


def _with_index(expr: sp.Expr, value: sp.Expr, r: sp.Symbol) -> sp.Expr:
    """`expr` with r put for every index (of an entry) equal to `value`."""
    found = {e: e.base[tuple(r if i == value else i for i in e.indices)] for e in expr.atoms(sp.Indexed)
             if value in e.indices}
    return expr.xreplace(found)


def _index_variables(expr: sp.Expr) -> set[sp.Symbol]:
    return {i for e in expr.atoms(sp.Indexed) for i in e.indices if isinstance(i, sp.Symbol)}


class _EntryTranslator(_Translator):
    """The translator of `translate.py`, with declared shapes read entry by entry (see the module docstring)."""

    def __init__(self, reading: Reading, scope: Scope, notation: Notation) -> None:
        super().__init__(reading, scope)
        self.notation = notation
        self.bound: list[sp.Symbol] = []
        self.free: dict[sp.Symbol, set[sp.Expr]] = {}
        """Free index variables → the sizes of the positions they index."""
        self.least: list[tuple[sp.Expr, sp.Expr]] = []
        """(number, size): entries written with a number, which presuppose size ≥ number."""
        self.layouts: dict[tuple[bool, ...], set[tuple[sp.Expr, sp.Expr]]] = {}
        self.counter = 0

    def fresh(self, letter: str = "k") -> sp.Symbol:
        self.counter += 1
        return sp.Symbol(f"{letter}{self.counter}_", integer=True)

    def size_names(self) -> set[str]:
        """The names of the declared sizes (`d` of "vector(d)"): an index written so is that size."""
        return {s.name for shape in self.notation.shapes.values() for size in (shape_of(shape) or ())
                for s in size.free_symbols}

    def sizes(self, name: Name) -> tuple[sp.Expr, ...] | None:
        return shape_of(self.notation.shapes.get(Name(name.base, None, name.sup).ident, "scalar"))

    # names
    def _name(self, token):
        name = self.name_of(token)
        if isinstance(name, NormName):
            sizes = shape_of(self.notation.shapes.get(name.sub, "scalar"))
            if sizes is not None and len(sizes) == 1:
                base = sp.IndexedBase(name.sub, real=True)
                try:
                    return norm(sizes[0], name.p, lambda r: base[r], index="r_")  # bound, as `_sum_over`'s
                except ValueError as error:
                    raise Unreadable(str(error)) from None
        sizes = self.sizes(name)
        if sizes is None:
            bound = [b for b in self.bound if b.name == name.base and name.sub is None and name.sup is None]
            return bound[-1] if bound else super()._name(token)
        base = sp.IndexedBase(Name(name.base, None, name.sup).ident, real=True)
        self.scope.names.setdefault(base.name, Name(name.base, None, name.sup))
        if name.sub is None:
            if len(sizes) == 1:
                return Column(sizes[0], lambda r: base[r])
            return Grid(sizes[0], sizes[1], lambda r, c: base[r, c])
        parts = [p.strip() for p in name.sub.split(",")]
        if len(parts) != len(sizes):
            raise Unreadable(f"{name.latex} has {len(parts)} indices, its shape {len(sizes)}")
        indices = [self.index(p, size) for p, size in zip(parts, sizes, strict=True)]
        return base[tuple(indices)]

    def index(self, text: str, size: sp.Expr) -> sp.Expr:
        """An index as written (`1`, `i`, `d`: a number, a variable or the size) of a position of `size`; an index
        i + 1 is not read (its range would not be the size's)."""
        match = re.fullmatch(r"([A-Za-z]|\d+)", text)
        if match is None:
            raise Unreadable(f"the index {text} is not read (a number, a letter or the size)")
        head = match.group(1)
        value: sp.Expr
        if head.isdigit():
            value = sp.Integer(int(head))
            self.least.append((value, size))
        elif head in self.size_names():
            value = sp.Symbol(head, integer=True, positive=True)
        else:
            bound = [b for b in self.bound if b.name == head]
            value = bound[-1] if bound else sp.Symbol(head, integer=True)
            if not bound:
                self.free.setdefault(value, set()).add(size)
        return value

    # arithmetic
    def _add(self, a, b):
        return _entrywise(self(a), self(b), lambda u, v: u + v)

    def _sub(self, a, b):
        return _entrywise(self(a), self(b), lambda u, v: u - v)

    def _neg(self, a):
        return _scaled(self(a), lambda u: -u)

    def _mul_neg(self, a, b):
        return self._neg(Tree("mul", [a, b]))

    def _mul(self, a, b):
        """A product; a derivative operator among its factors (∂/∂x, ∇ₓ) applies to the product of the factors
        after it (∂f/∂x holds its own body)."""
        factors = _factors(Tree("mul", [a, b]))
        for n, factor in enumerate(factors):
            if isinstance(factor, Tree) and factor.data in ("diff_operator", "nabla_by") and n + 1 < len(factors):
                token, body = factor.children
                rest = self.chain([body, *factors[n + 1:]])
                variable = self.variable(token)
                value = _scaled(rest, lambda e, v=variable: _derivative(e, v))
                return self.product(self.chain(factors[:n]), value) if n else value
        return self.chain(factors)

    def chain(self, factors: list) -> object:
        value = self(factors[0])
        for factor in factors[1:]:
            value = self.product(value, self(factor))
        return value

    def product(self, u, v):
        """The product of two values: scalars, a matrix times a column, a row times a column, multiples."""
        if isinstance(u, Grid) and isinstance(v, Column) and not v.row:
            _check_sizes(u.cols, v.size)
            k = self.fresh()
            return Column(u.rows, lambda r: sp.Sum(u.entry(r, k) * v.entry(k), (k, 1, u.cols)))
        if isinstance(u, Column) and isinstance(v, Column) and u.row and not v.row:
            _check_sizes(u.size, v.size)
            if u.explicit is not None and v.explicit is not None:
                return sp.Add(*[p * q for p, q in zip(u.explicit, v.explicit, strict=True)])
            k = self.fresh()
            return sp.Sum(u.entry(k) * v.entry(k), (k, 1, u.size))
        if isinstance(u, Column | Grid) and isinstance(v, Column | Grid):
            raise Unreadable("a product of two vectors or matrices that is not a matrix times a column or a dot "
                             "product")
        if isinstance(u, Column | Grid):
            return _scaled(u, lambda e: e * v)
        return _scaled(v, lambda e: u * e)

    def _div(self, a, b):
        denominator = self(b)
        if isinstance(denominator, Column | Grid):
            raise Unreadable("a division by a vector or matrix")
        return _scaled(self(a), lambda e: e / denominator)

    def _frac(self, a, b):
        return self._div(a, b)

    def _pow(self, a, b):
        base, exponent = self(a), self(b)
        if isinstance(base, Column | Grid) or isinstance(exponent, Column | Grid):
            raise Unreadable("a power of a vector or matrix")
        return base**exponent

    def _transpose(self, a):
        value = self(a)
        if isinstance(value, Column):
            return Column(value.size, value.entry, value.explicit, not value.row)
        if isinstance(value, Grid):
            return Grid(value.cols, value.rows, lambda r, c: value.entry(c, r))
        return value

    # functions, entry-wise
    def _apply(self, token, args):
        name = self.name_of(token)
        values = self._args(args)
        if self.scope.is_function(name.ident) or len(values) != 1 or not isinstance(values[0], Column | Grid):
            return super()._apply(token, args)
        self.reading.notes.add("applied to a column:" + name.ident)  # N(column) as a product: a guess
        return self.product(self._name(token), values[0])

    def call(self, word: str, values: list):
        if any(isinstance(v, Grid) for v in values):
            raise Unreadable(f"{word} of a matrix is not read")
        columns = [v for v in values if isinstance(v, Column)]
        if not columns:
            return super().call(word, values)
        if len(values) != 1 or not (word in BUILTIN_FUNCTIONS or word in ("sigmoid",)) or word in ("max", "min"):
            raise Unreadable(f"{word} of a vector is not read")
        return columns[0].map(lambda e: super(_EntryTranslator, self).call(word, [e]))

    def apply_function(self, ident: str, values: list):
        if any(isinstance(v, Column | Grid) for v in values):
            if ident not in self.scope.vocabulary_names or len(values) != 1 or isinstance(values[0], Grid) \
                    or not _scalar_function(self.scope.vocabulary_names[ident]):
                raise Unreadable(f"{ident} of a vector is not read (the notation file can map it to a scalar "
                                 "function, applied to each entry)")
            return values[0].map(lambda e: super(_EntryTranslator, self).apply_function(ident, [e]))
        return super().apply_function(ident, values)

    # calculus
    def variable(self, token):
        value = self._name(token)
        if isinstance(value, sp.Indexed | sp.Symbol) or (isinstance(value, Column) and not value.row):
            return value
        raise Unreadable("a derivative by a whole matrix is not read")

    def _diff(self, token, body):
        v = self.variable(token)
        if isinstance(v, Column):
            # ∂f/∂x of a number f by the vector x: the column of ∂f/∂x_r (the gradient)
            value = self(body)
            if isinstance(value, Column | Grid):
                raise Unreadable("the derivative of a vector by a vector (a Jacobian) is not read")
            return Column(v.size, lambda r: _derivative(value, v.entry(r)))
        return _scaled(self(body), lambda e: _derivative(e, v))

    _nabla_by = _diff_operator = _diff

    def _sum_over(self, token, body):
        k = sp.Symbol(self.name_of(token).base, integer=True)
        self.bound.append(k)
        try:
            term = self(body)
        finally:
            self.bound.pop()
        if isinstance(term, Column | Grid):
            raise Unreadable(r"\sum_k of vectors is not read")
        sizes = {size for e in term.atoms(sp.Indexed) for i, size in zip(e.indices, self.sizes_of(e), strict=False)
                 if i == k}
        if len(sizes) != 1:
            raise Unreadable(rf"\sum_{k} without its range: k indexes {len(sizes)} sizes")
        bound = sp.Symbol(k.name + "_", integer=True)
        return sp.Sum(term.xreplace({k: bound}), (bound, 1, sizes.pop()))

    def sizes_of(self, entry: sp.Indexed) -> tuple[sp.Expr, ...]:
        return shape_of(self.notation.shapes[str(entry.base)]) or ()

    def _sum(self, token, low, high, body):
        value = super()._sum(token, low, high, body)
        if isinstance(value, Column | Grid) or value.has(sp.Indexed):
            raise Unreadable(r"a \sum_{i=a}^b over entries of vectors is not read (write \sum_i)")
        return value

    # columns
    def _column(self, *rows):
        written = [VDOTS if isinstance(r, Tree) and r.data == VDOTS else self(r) for r in rows]
        if any(isinstance(w, Column | Grid) for w in written):
            raise Unreadable("a column whose entries are vectors")
        if VDOTS not in written:
            return Column(sp.Integer(len(written)), lambda r: _pick(written, r), tuple(written))
        return self.column_with_ellipses(written)

    def column_with_ellipses(self, written: list) -> Column:
        """The column that `t_1; ⋮; t_p; ⋮; t_D` stands for (see the module docstring)."""
        layout = tuple(w == VDOTS for w in written)
        if layout not in ((False, True, False), (False, True, False, True, False)):
            raise Unreadable("a column with ellipses other than t_1; ⋮; t_D or t_1; ⋮; t_p; ⋮; t_D")
        rows = [w for w in written if w != VDOTS]
        middles = sorted(_index_variables(rows[1]), key=str) if len(rows) == 3 else [None]
        sizes = sorted({s for sizes in self.notation.shapes.values() for s in (shape_of(sizes) or ())}, key=str)
        r = self.fresh("r")
        fits: set[tuple[sp.Expr, sp.Expr, sp.Expr | None]] = set()
        for size in sizes:
            for p in middles:
                places = [sp.Integer(1), *([p] if p is not None else []), size]
                for row, place in zip(rows, places, strict=True):
                    template = _with_index(row, place, r)
                    if all(_same(template.xreplace({r: q}), w) for w, q in zip(rows, places, strict=True)):
                        fits.add((size, template, p))
        if len({(s, t) for s, t, _ in fits}) > 1:
            raise Unreadable("the column's rows fit more than one pattern t(r)")
        if fits:
            size, template, p = fits.pop()
            if p is not None:
                self.layouts.setdefault(layout, set()).add((size, p))
            return Column(size, lambda q: template.xreplace({r: q}))
        return self.one_hot(rows, layout)

    def one_hot(self, rows: list, layout: tuple[bool, ...]) -> Column:
        """`c; ⋮; t; ⋮; c`: c in every row but t in the row of a column of the same layout in the link."""
        first, middle, last = rows if len(rows) == 3 else (None, None, None)
        if first is None or not _same(first, last) or _index_variables(first) or first.free_symbols:
            raise Unreadable("the column's rows are not one term t(r) at their indices")
        partners = self.layouts.get(layout, set())
        if len(partners) != 1:
            raise RowUnknown("the column does not say in which row its middle entry stands (no column of the "
                             "same layout beside it)")
        size, p = next(iter(partners))
        return Column(size, lambda q: sp.Piecewise((middle, sp.Eq(q, p)), (first, True)))


def _factors(tree: Tree) -> list:
    """The factors of a product tree, left to right."""
    if isinstance(tree, Tree) and tree.data == "mul":
        return [f for child in tree.children for f in _factors(child)]
    return [tree]


def _scalar_function(name: str) -> bool:
    """Whether the vocabulary function `name` is a scalar function (applied to each entry), not softmax & co."""
    function = VOCABULARY.get(name)
    return name not in VECTOR_FUNCTIONS and not (isinstance(function, type) and issubclass(function, VectorFunction))


def _not_declared(readings: list[Reading], notation: Notation) -> list[str]:
    """The names a link writes as vectors or matrices (bold, transposed, a capital letter) with no declared shape,
    and transposes of expressions: a link read entry by entry must not read those as scalars."""
    found = []
    for reading in readings:
        if "vector notation" in reading.notes:
            found.append("a transpose of an expression")
        for name in reading.names.values():
            ident = Name(name.base, None, name.sup).ident
            if ident in notation.shapes or name.ident in notation.shapes:
                continue
            if "vector:" + name.ident in reading.notes or re.fullmatch(r"[A-Z]", name.base):
                found.append(name.latex)
    return sorted(set(found))


def _translate(left: Reading, right: Reading, scope: Scope, notation: Notation, first: int
               ) -> tuple[object, object, _EntryTranslator]:
    """Both sides with one translator, the side `first` (0 or 1) first (its columns give their layouts)."""
    readings = [left, right]
    translator = _EntryTranslator(readings[first], scope, notation)
    values = [None, None]
    for side in (first, 1 - first):
        translator.reading = readings[side]
        values[side] = translator(readings[side].tree)
    return values[0], values[1], translator


def _pick(entries: list, r: sp.Expr) -> sp.Expr:
    if r.is_Integer:
        return entries[int(r) - 1]
    return sp.Piecewise(*[(e, sp.Eq(r, n + 1)) for n, e in enumerate(entries[:-1])], (entries[-1], True))


def _check_sizes(a: sp.Expr, b: sp.Expr) -> None:
    if not _same(a, b):
        raise Unreadable(f"sizes {a} and {b} do not agree")


def _scaled(value, function: Callable[[sp.Expr], sp.Expr]):
    if isinstance(value, Column):
        return value.map(function)
    if isinstance(value, Grid):
        return Grid(value.rows, value.cols, lambda r, c: function(value.entry(r, c)))
    return function(value)


def _entrywise(u, v, function: Callable[[sp.Expr, sp.Expr], sp.Expr]):
    if isinstance(u, Column) and isinstance(v, Column) and u.row == v.row:
        _check_sizes(u.size, v.size)
        explicit = None if u.explicit is None or v.explicit is None else tuple(
            function(p, q) for p, q in zip(u.explicit, v.explicit, strict=True))
        return Column(u.size, lambda r: function(u.entry(r), v.entry(r)), explicit, u.row)
    if isinstance(u, Grid) and isinstance(v, Grid):
        _check_sizes(u.rows, v.rows)
        _check_sizes(u.cols, v.cols)
        return Grid(u.rows, u.cols, lambda r, c: function(u.entry(r, c), v.entry(r, c)))
    if isinstance(u, Column | Grid) or isinstance(v, Column | Grid):
        raise Unreadable("a sum of a vector and something of another shape")
    return function(u, v)


def _derivative(expr: sp.Expr, variable: sp.Expr) -> sp.Expr:
    """∂expr/∂variable, unevaluated; the term must hold the variable (an entry: its vector or matrix)."""
    held = expr.has(variable.base) if isinstance(variable, sp.Indexed) else expr.has(variable)
    if not held:
        raise Unreadable(f"the sheet does not say how {expr} depends on {variable}")
    return sp.Derivative(expr, variable, evaluate=False)


def _zero_based(expr: sp.Expr, free: set[sp.Symbol]) -> sp.Expr:
    """The sheet's 1-based statement on 0-based indices: every index variable i put as i + 1, indices lowered."""
    expr = expr.xreplace({i: i + 1 for i in free})
    for _ in range(8):
        sums = {s: _sum_from_zero(s) for s in expr.atoms(sp.Sum)}
        if not sums:
            break
        changed = expr.xreplace(sums)
        if changed == expr:
            break
        expr = changed
    lowered = {e: e.base[tuple(i - 1 for i in e.indices)] for e in expr.atoms(sp.Indexed)}
    return expr.xreplace(lowered)


def _sum_from_zero(s: sp.Sum) -> sp.Sum:
    (k, low, high), = s.limits
    if low == 0:
        return s
    return sp.Sum(s.function.xreplace({k: k + low}), (k, 0, high - low))


def entry_claim(left: Reading, right: Reading, scope: Scope, notation: Notation
                ) -> tuple[sp.Expr, sp.Expr, dict[str, str], tuple[str, ...]]:
    """The two sides of a link read entry by entry (0-based, see the module docstring), the claim's symbols and
    its assumptions."""
    undeclared = _not_declared([left, right], notation)
    if undeclared:
        raise Unreadable(f"{', '.join(undeclared)} written as a vector or matrix with no shape declared, in a link "
                         "read entry by entry")
    try:
        try:
            a, b, translator = _translate(left, right, scope, notation, 0)
        except Unreadable as error:
            if not isinstance(error, RowUnknown):
                raise
            a, b, translator = _translate(left, right, scope, notation, 1)
    except (TypeError, ValueError, AttributeError, IndexError) as error:
        if isinstance(error, Unreadable):
            raise
        raise Unreadable(f"not a well-formed expression of vectors ({error})") from None
    if isinstance(a, Grid) or isinstance(b, Grid):
        raise Unreadable("an equation between matrices is not read")
    assume: list[str] = []
    if isinstance(a, Column) or isinstance(b, Column):
        if not (isinstance(a, Column) and isinstance(b, Column)) or a.row != b.row:
            raise Unreadable("an equation between a vector and something of another shape")
        _check_sizes(a.size, b.size)
        if a.explicit is not None and b.explicit is not None:
            a, b = sp.Matrix(a.explicit), sp.Matrix(b.explicit)
        else:
            r = sp.Symbol("r" if "r" not in {n.base for n in [*left.names.values(), *right.names.values()]}
                          else "r_", integer=True)
            translator.free.setdefault(r, set()).add(a.size)
            a, b = a.entry(r), b.entry(r)
    for variable, sizes in translator.free.items():
        if len(sizes) != 1:
            raise Unreadable(f"the index {variable} indexes positions of different sizes")
        assume += [f"0 <= {variable}", f"{variable} <= {next(iter(sizes))} - 1"]
    assume += [f"{number} <= {size}" for number, size in translator.least if not size.is_Integer]
    a, b = (_zero_based(sp.sympify(side), set(translator.free)) for side in (a, b))
    symbols: dict[str, str] = {}
    for name, shape in notation.shapes.items():
        if sp.Tuple(a, b).has(sp.IndexedBase(name, real=True)) or sp.Tuple(a, b).has(sp.IndexedBase(name)):
            symbols[name] = shape
            for size in shape_of(shape) or ():
                for s in size.free_symbols:
                    symbols[s.name] = "integer positive"
    return a, b, symbols, tuple(assume)


__all__ = ["Column", "Grid", "entry_claim", "is_entry_link", "shape_of"]
