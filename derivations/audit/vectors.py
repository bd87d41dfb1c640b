"""Vectors and matrices of a sheet, read with their shapes

A name whose shape the notation file declares (`W^{(1)} = "matrix(d_h, d)"`, `x = "vector(d)"`), or that the
sheet defines by a vector value (`h^a = W^{(1)} \\cdot x + b^{(1)}`), is a SymPy `MatrixSymbol` of that shape; its
dimensions are positive integers. The sheet counts from 1 and the claim grammar from 0, so the entry `o_k^a` of the
m-vector `o^a` is `o^a[k - 1, 0]` with 1 ≤ k ≤ m, `W_{k,j}` is `W[k - 1, j - 1]`, and `\\text{onehot}_m(y)` is
`onehot(y - 1, m)`. Products of matrices are matrix products (never commuted), `^T` is the transpose, and a 1 × 1
product (`(W_j)^T v`) is the number it holds.

Two readings a sheet leaves to the reader, each taken only when it is the one that makes sense:
- `W_j` of a matrix `W` is its j-th row or its j-th column: a term is read both ways, and a reading whose shapes
  do not agree is dropped; when both (or neither) remain, the term is not read.
- `o_k^s - \\text{onehot}_m(y)`: a number minus a vector of the length that the index k runs over stands for
  the vector's k-th entry (sheets write `[o_k^s - \\text{onehot}_m(y)]` for the k-th entry of o^s − onehot(y)).
When neither reading of `W_j` has agreeing shapes, the link is read with each `W_j` on its own a row or a column,
`\\frac{d}{dx} f` of a number by a column as the row of the Jacobian layout, and at last `W_k` of an m × n matrix
as its entry W_{k,j}, j an index free in the link that numbers an n-vector there (`links._Builder.sides`). A sum
of vectors is a vector (`vocabulary.MatrixSum`); a sum over rows presupposes them (`index_assumptions`).

Main definitions
- `entry(V, indices)`, `row`, `column`: entries and slices in 0-based form.
- `scalar_of(M)`: a 1 × 1 matrix expression as the number it holds.
- `entry_repair(a, b, sign)`: `a ± b` with the k-th-entry reading above (or `None`).
- `index_assumptions(expr)`: the ranges 0 ≤ i ≤ n − 1 of the free indices of entries.
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement, MatrixExpr

from identities.vocabulary import MatrixSum, onehot


def dimension(ident: str) -> sp.Symbol:
    """A dimension of a declared shape: a positive integer."""
    return sp.Symbol(ident, integer=True, positive=True)


def is_matrix(expr: object) -> bool:
    return isinstance(expr, (MatrixExpr, sp.MatrixBase))


def norm(size: sp.Expr, p: str, entry: Callable[[sp.Symbol], sp.Expr], index: str = "r") -> sp.Expr:
    """‖v‖_p of a vector of `size` entries, `entry(r)` the r-th (from 1, as the sheet writes them), as the sum of its
    entries: ‖v‖₂ = √(Σ_r v_r²), ‖v‖₁ = Σ_r |v_r| (r named `index`)."""
    r = sp.Symbol(index, integer=True)
    if p == "1":
        return sp.Sum(sp.Abs(entry(r)), (r, 1, size))
    if p == "2":
        return sp.sqrt(sp.Sum(entry(r)**2, (r, 1, size)))
    raise ValueError(f"the norm ‖·‖_{p} is not read")


def same_size(a: tuple, b: tuple) -> bool:
    """Whether two shapes (or sizes) are equal for every value of their dimensions."""
    return len(a) == len(b) and all(sp.expand(sp.sympify(x) - sp.sympify(y)) == 0 for x, y in zip(a, b, strict=True))


def entry(matrix: MatrixExpr, indices: list[sp.Expr]) -> sp.Expr:
    """The entry of `matrix` at the sheet's 1-based `indices` (one index for a vector)."""
    if len(indices) == 1 and matrix.shape[1] == 1:
        return MatrixElement(matrix, indices[0] - 1, 0)
    if len(indices) == 2:
        return MatrixElement(matrix, indices[0] - 1, indices[1] - 1)
    raise ValueError("one index for a vector, two for a matrix")


def row(matrix: MatrixExpr, index: sp.Expr) -> MatrixExpr:
    """The 1-based row `index` of `matrix`, a 1 × n matrix."""
    return onehot(index - 1, matrix.shape[0]).T * matrix


def column(matrix: MatrixExpr, index: sp.Expr) -> MatrixExpr:
    """The 1-based column `index` of `matrix`, an m × 1 matrix."""
    return matrix * onehot(index - 1, matrix.shape[1])


def scalar_of(expr: sp.Basic) -> sp.Basic:
    """A 1 × 1 matrix expression as the number it holds; anything else unchanged."""
    if is_matrix(expr) and tuple(expr.shape) == (1, 1):
        return MatrixElement(expr, 0, 0) if not isinstance(expr, sp.MatrixBase) else expr[0, 0]
    return expr


def _vector_entries(expr: sp.Basic) -> list[MatrixElement]:
    return [e for e in sp.preorder_traversal(expr) if isinstance(e, MatrixElement) and e.parent.shape[1] == 1]


class RepairedEntry(MatrixElement):
    """The k-th entry of a vector that the sheet wrote beside entries of index k (see the module docstring)."""

    def doit(self, **hints):
        # kept as written (a number times a matrix is evaluated by SymPy, which would unfold onehot_m(y)_k)
        return self


def entry_repair(number: sp.Expr, vector: MatrixExpr) -> sp.Expr | None:
    """The k-th entry of `vector` when `number` holds entries of one index k (`o_k^s`) of vectors as long as
    `vector`; `None` when there is no such single index."""
    if not is_matrix(vector) or vector.shape[1] != 1 or is_matrix(number):
        return None
    indices = {e.i for e in _vector_entries(number) if e.parent.shape[0] == vector.shape[0]}
    if len(indices) != 1:
        return None
    return RepairedEntry(vector, next(iter(indices)), 0)


def sums_from_zero(expr: sp.Basic) -> sp.Basic:
    """Σ_{k=a}^{b} f(k) as Σ_{k=0}^{b−a} f(k + a) (the same sum, indexed from 0)."""
    def shift(s: sp.Sum | MatrixSum) -> sp.Basic:
        if len(s.limits) != 1 or s.limits[0][1] == 0:
            return s
        k, low, high = s.limits[0]
        return type(s)(s.function.xreplace({k: k + low}), (k, 0, high - low))

    return expr.replace(lambda e: isinstance(e, (sp.Sum, MatrixSum)), shift)


def sum_indices(expr: sp.Basic) -> set[sp.Symbol]:
    """The indices the sums of `expr` (of numbers or of vectors) bind."""
    return {limit[0] for total in expr.atoms(sp.Sum, MatrixSum) for limit in total.limits}


def _indexing(node: sp.Basic) -> list[tuple[sp.Expr, sp.Expr]]:
    """The (index, length) pairs of one node: the row and column of an entry, the label of a `onehot(i, n)`."""
    if isinstance(node, MatrixElement):
        return [(node.i, node.parent.shape[0]), (node.j, node.parent.shape[1])]
    if isinstance(node, onehot):
        return [(node.args[0], node.args[1])]
    return []


def index_sizes(expr: sp.Basic) -> dict[str, set[sp.Expr]]:
    """For each name in the indices of the entries of `expr` (and of `onehot(i, n)`), the lengths it numbers."""
    found: dict[str, set[sp.Expr]] = {}
    for node in sp.preorder_traversal(expr):
        for index, size in _indexing(node):
            for s in sp.sympify(index).free_symbols:
                found.setdefault(s.name, set()).add(sp.sympify(size))
    return found


def index_assumptions(expr: sp.Basic) -> list[str]:
    """`0 <= i`, `i <= n - 1` for each free index expression i of an entry of an n-row (or n-column) matrix (or of
    an `onehot(i, n)`); for an index k + c bound by a sum over a ≤ k ≤ b (the innermost sum that binds k), that
    its first and last values are in range, a + c ≥ 0 and b + c ≤ n − 1, when that is not true already
    (Σ_{k=1}^{m} of the rows W_k of a d_h × d matrix presupposes m ≤ d_h)."""
    found: list[str] = []
    bound = sum_indices(expr)

    def needed(text: str, holds: sp.Basic) -> None:
        if holds is not sp.true and text not in found:
            found.append(text)

    def add(index: sp.Expr, size: sp.Expr, ranges: dict) -> None:
        index = sp.sympify(index)
        inside = index.free_symbols & set(ranges)
        if index.free_symbols and not (index.free_symbols & bound):
            needed(f"0 <= {index}", sp.S.Zero <= index)
            needed(f"{index} <= {size - 1}", index <= size - 1)
        elif not index.free_symbols and sp.sympify(size).free_symbols and index != 0:
            needed(f"{index + 1} <= {size}", index + 1 <= size)  # x_2 of a d-vector presupposes d ≥ 2
        elif len(inside) == 1 and index.free_symbols == inside:
            k = next(iter(inside))
            if ranges[k] is None or sp.expand(index - k).has(k):
                return  # a range that depends on another index, or an index not k + c: not presupposed here
            low, high = ranges[k]
            needed(f"0 <= {index.xreplace({k: low})}", sp.S.Zero <= index.xreplace({k: low}))
            needed(f"{index.xreplace({k: high})} <= {size - 1}", index.xreplace({k: high}) <= size - 1)

    def walk(node: sp.Basic, ranges: dict) -> None:
        if isinstance(node, (sp.Sum, MatrixSum)):
            inner = dict(ranges)
            for limit in node.limits:
                if len(limit) == 3:
                    k, low, high = limit
                    inner[k] = None if sp.Tuple(low, high).free_symbols & bound else (low, high)
            walk(node.function, inner)
            for limit in node.limits:
                for part in limit[1:]:
                    walk(part, ranges)
            return
        for index, size in _indexing(node):
            add(index, size, ranges)
        for arg in node.args:
            walk(arg, ranges)

    walk(sp.sympify(expr), {})
    return found


__all__ = ["RepairedEntry", "column", "dimension", "entry", "entry_repair", "index_assumptions", "index_sizes",
           "is_matrix", "norm", "row", "same_size", "scalar_of", "sum_indices", "sums_from_zero"]
