"""Small functions on the terms of a link and their SymPy readings, shared by the builder's parts

Which variables a derivative or limit binds, which indices are free, whether a link puts matrices in products,
the shapes its products force, what an order term claims, how a link prints as read. Each is a pure function of its
arguments.
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixElement

from identities import vocabulary

from . import vectors
from .notation import Notation
from .readback import printed
from .reader import Name, Reading
from .reasons import (
    Dependence,
    Unreadable,
)
from .translate import BUILTIN_FUNCTIONS, BigO, Scope

LINK_WORDS = ("that is", "so,", "so ", "hence", "thus", "therefore", "which gives", "which yields", "i.e.",
              "⇒", "\\rightarrow", "consequently", "we get", "this gives", "it follows")
UNDEFINABLE = {"dim", "diag", "argmin", "argmax", "Pr", "rank", "tr", "det", "var", "E", "sup", "inf"}
"""Words a sheet applies but never defines by an equation (`dim(W) = d_h × d` states a shape)."""


def summed_free(side: sp.Basic, indices: set[str]) -> bool:
    """Whether one of the free `indices` stands inside a sum of `side` (over another index)."""
    return any({s.name for s in term.function.free_symbols} & indices
               for term in side.atoms(sp.Sum, vocabulary.MatrixSum))


def condition_shaped(left: Reading, right: Reading) -> bool:
    """Whether `left < right` is a condition on names (`x > 0`, `p > q`, `0 < \\eta`): bare names and numbers."""
    kinds = [r.tree.data for r in (left, right)]
    return "name" in kinds and all(k in ("name", "number", "neg") for k in kinds) and not (
        left.notes | right.notes) & {"atoms"}


def names_one(side: sp.Basic) -> bool:
    """Whether `side` is a·n + b of one free name n, with numbers a ≠ 0 and b (a side that names the other)."""
    free = [s for s in side.free_symbols if isinstance(s, sp.Symbol) and not s.is_integer]
    if len(free) != 1 or side.atoms(AppliedUndef) or vectors.is_matrix(side):
        return False
    slope = sp.diff(side, free[0])
    return slope.is_number and slope != 0 and (side - slope * free[0]).is_number


def free_indices(expr: sp.Basic) -> set[str]:
    """The integer names of `expr` (indices, also those of a derivative's variable) that no sum binds."""
    return {s.name for s in expr.atoms(sp.Symbol) if s.is_integer} - {s.name for s in vectors.sum_indices(expr)}


def for_every_index(a: sp.Basic, b: sp.Basic, one_side: list[str]) -> bool:
    """Whether a link between matrices of one shape, with indices free on one side only, claims itself for every
    value of those indices: when none of them numbers the entries of a length that is a dimension of the shape
    (∇_x L, a row of length d, = Σ_k … h_j … with j a hidden unit, 1 ≤ j ≤ d_h, cannot be its entry j: the
    link says the same row for every j); otherwise it may be one entry written for the whole, and is not read."""
    if not vectors.same_size(tuple(a.shape), tuple(b.shape)):
        return False
    dimensions = [d for d in a.shape if d != 1]
    sizes = vectors.index_sizes(sp.Tuple(a, b))
    return all(sizes.get(i) and not any(vectors.same_size((size,), (d,)) for size in sizes[i] for d in dimensions)
               for i in one_side)


def is_atom(ident: str, scope: Scope) -> bool:
    """Whether the symbol `ident` is an atom of the reader or translator: uᵀv, or the max/min of a family."""
    name = scope.names.get(ident)
    return name is not None and name.sub is None and (
        (ident.startswith("dot_") and "^{T}" in name.base) or name.base.startswith((r"\max\{", r"\min\{")))


def only_dotted(ident: str, notes: set[str], a: sp.Expr, b: sp.Expr) -> bool:
    """Whether the vector `ident` stands in the link only inside products uᵀv read as one atom."""
    if "dotted:" + ident not in notes:
        return False
    both = sp.Tuple(a, b)
    functions = {f.func.__name__ for f in both.atoms(AppliedUndef)}
    return sp.Symbol(ident, real=True) not in both.free_symbols and not any(
        f.startswith(ident.split("_")[0]) for f in functions)


def assumptions(domain: str | None) -> dict[str, bool]:
    facts = {"real": True}
    for word in (domain or "").split():
        facts[word] = True
    return facts


def matrix_shapes(a: sp.Expr, b: sp.Expr) -> dict[str, tuple[int, int]] | None:
    """The (rows, columns) of every name of `a = b` as classes of equal dimensions, from the products (the columns
    of a factor are the rows of the next) and sums (terms of one shape); `None` when the link is not made of
    names, numbers times them, products and sums (a power is not read), or a number is added to a matrix."""
    parent: list[int] = []
    names: dict[str, tuple[int, int]] = {}

    def new() -> int:
        parent.append(len(parent))
        return len(parent) - 1

    def find(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    def union(p: int, q: int) -> None:
        parent[find(p)] = find(q)

    def same(s: tuple[int, int], t: tuple[int, int]) -> tuple[int, int]:
        union(s[0], t[0])
        union(s[1], t[1])
        return s

    def shape(node: sp.Basic) -> tuple[int, int] | None:
        if node.is_Number:
            return None
        if isinstance(node, sp.Symbol):
            return names.setdefault(node.name, (new(), new()))
        if isinstance(node, sp.Add):
            shapes = [shape(arg) for arg in node.args]
            if any(s is None for s in shapes):
                raise Unreadable("a number added to a matrix")
            for s in shapes[1:]:
                same(shapes[0], s)
            return shapes[0]
        if isinstance(node, sp.Mul):
            current = None
            for arg in node.args:
                s = shape(arg)
                if s is not None and current is not None:
                    union(current[1], s[0])
                    current = (current[0], s[1])
                elif s is not None:
                    current = s
            return current
        raise Unreadable("not a product or sum of names (a power x^2 of a vector is not a matrix power)")

    try:
        left, right = shape(a), shape(b)
    except Unreadable:
        return None
    if (left is None) != (right is None) or left is None:
        return None
    same(left, right)
    return {name: (find(r), find(c)) for name, (r, c) in names.items()}


def dot_products(expr: sp.Basic, vectors: set[sp.Symbol], scope: Scope
                  ) -> tuple[sp.Basic, set[tuple[str, str]]]:
    """`expr` with each product of exactly two distinct vectors (`a W X y`) replaced by one real atom `dot_W_X`
    (printed `\\bar{W} \\cdot \\bar{X}`), with the pairs found; `Unreadable` when a vector occurs elsewhere (alone,
    squared, in a sum, with a third vector)."""
    pairs: set[tuple[str, str]] = set()

    def visit(node: sp.Basic) -> sp.Basic:
        if node in vectors:
            raise Unreadable("a vector outside a dot product")
        if not node.args:
            return node
        if isinstance(node, sp.Mul):
            inside = [f for f in node.args if f in vectors]
            if len(inside) == 2:
                first, second = sorted(inside, key=str)
                pairs.add((first.name, second.name))
                atom = sp.Symbol(f"dot_{first.name}_{second.name}", real=True)
                latex = [scope.names[v.name].latex if v.name in scope.names else v.name for v in (first, second)]
                scope.names.setdefault(atom.name, Name(f"({latex[0]} \\cdot {latex[1]})"))
                return sp.Mul(*[visit(f) for f in node.args if f not in vectors]) * atom
        return node.func(*[visit(arg) for arg in node.args])

    return visit(expr), pairs


def definition_shape(reading: Reading, scope: Scope) -> tuple[str, tuple[str, ...] | None] | None:
    """(name, parameters) when a term has the shape of a defined thing: a name, or f(x, y) of distinct names."""
    tree = reading.tree
    if tree.data == "name" and "atoms" in reading.notes:
        return None
    if tree.data == "name":
        return next(iter(reading.names.values())).ident if len(reading.names) == 1 else None, None
    if tree.data in ("apply", "call") and len(tree.children) == 2 and getattr(tree.children[1], "data", "") == "args":
        head = str(tree.children[0])
        if tree.data == "call":
            ident = head[1:]
            if ident in vocabulary.VOCABULARY or ident in BUILTIN_FUNCTIONS or ident in scope.vocabulary_names \
                    or ident in UNDEFINABLE:
                return None
        else:
            ident = reading.names[head].ident
            if ident in scope.vocabulary_names:
                return None
        params = []
        for arg in tree.children[1].children:
            if getattr(arg, "data", "") != "name":
                return None
            params.append(reading.names[str(arg.children[0])].ident)
        if len(set(params)) != len(params):
            return None
        return ident, tuple(params)
    return None


def shift_name(variable: sp.Symbol) -> Name:
    """The name δ_o printed for the shift of an unspecified function of o (`Builder.unspecified_functions`)."""
    return Name("\\delta", variable.name)


def family_key_of(name: Name) -> tuple[str, str | None]:
    return (name.base, name.sup)


def family_key(reading: Reading) -> tuple[str, str | None]:
    if reading.tree.data != "name":
        return ("", None)
    name = next(iter(reading.names.values()))
    return (name.base, name.sup)


def mentions(text: str, latex: str) -> bool:
    """Whether `text` writes the name `latex` (its base, then its decoration if any)."""
    match = re.match(r"(\\[A-Za-z]+|[A-Za-z])(?:_\{([^}]*)\})?(?:\^\{([^}]*)\})?", latex.strip())
    if not match:
        return latex in text
    base, sub, sup = match.groups()
    pattern = (r"(?<![A-Za-z\\_])" + re.escape(base) + r"(?![A-Za-z])") if not base.startswith("\\") else \
        re.escape(base) + r"(?![A-Za-z])"
    group = r"(?:\{[^{}]*\}|\\[A-Za-z]+|[^\s{}\\])"
    for found in re.finditer(pattern, text):
        tail = text[found.end():found.end() + 40]
        parts = re.match(r"(?:_(" + group + r"))?(?:\^(" + group + r"))?(?:_(" + group + r"))?('*)", tail)
        sub_found = (parts.group(1) or parts.group(3) or "").strip("{}")
        sup_found = (parts.group(2) or "").strip("{}") + parts.group(4)
        if (sub or "") == sub_found.strip() and (sup or "") == sup_found.strip():
            return True
    return False


def matrix_products(expr: sp.Basic, scope: Scope, notation: Notation, scalars: frozenset[str] = frozenset()
                     ) -> bool:
    """Whether `expr` uses a capital-letter name (a matrix, unless the notation file declares it a scalar) where
    scalar algebra and matrix algebra part: in a product with another factor that is not a number (`W x = x W`
    and `W_1 W_2 = W_2 W_1` hold for scalars only), or under a power (`(W + V)^2`). Sums of matrices and their
    multiples by numbers (`2 W + V = V + W + W`) obey the same laws as scalars. The names in `scalars` are
    unspecified functions of a scalar (the loss L(o)): never matrices."""

    def capital(node: sp.Basic) -> bool:
        idents = [s.name for s in node.free_symbols if not isinstance(s, sp.MatrixSymbol)] + [
            f.func.__name__.removesuffix("_of")
                                                        for f in node.atoms(AppliedUndef)]
        return any((name := scope.names.get(ident)) is not None and re.fullmatch(r"[A-Z]", name.base)
                   and notation.shapes.get(ident) != "scalar" and ident not in scalars for ident in idents)

    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Mul):
            factors = [f for f in node.args if not f.is_number]
            if len(factors) >= 2 and any(capital(f) for f in factors):
                return True
        if isinstance(node, sp.Pow) and node.exp != 1 and capital(node.base):
            return True
    return False


def entries_suffice(written: sp.Basic, scope: Scope, notation: Notation) -> bool:
    """Whether the link as written can be claimed with its names as free reals: no capital name in a product, no
    derivative or limit (whose meaning needs the definitions: how a name depends on a variable)."""
    return not written.has(sp.Derivative, sp.Limit) and not matrix_products(written, scope, notation)


def check_dependence(expr: sp.Expr) -> None:
    """A derivative d/dv of an expression without v is 0, which no sheet means: the sheet does not say how."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Derivative):
            for v in node.variables:
                if not node.expr.has(v.parent if isinstance(v, MatrixElement) else v):
                    raise Dependence(f"the sheet does not say how {node.expr} depends on {v}")
        elif isinstance(node, vocabulary.Gradient) and not node.args[0].has(node.args[1]):
            raise Dependence(f"the sheet does not say how {node.args[0]} depends on {node.args[1]}")


def bound_variables(expr: sp.Expr) -> set[str]:
    names = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Derivative):
            names |= {v.name for v in node.variables if isinstance(v, sp.Symbol)}
            names |= {v.parent.name for v in node.variables if isinstance(v, MatrixElement)}
        elif isinstance(node, (vocabulary.Gradient, sp.Limit)):
            names.add(node.args[1].name)
    return names


def order_claim(a: sp.Expr, b: sp.Expr, relation: str) -> tuple[sp.Expr, sp.Expr, str, str]:
    """`a = b + O(g)` (or `a + O(g) = b`) → the claim a − b = O(g) as the variable of g tends to 0."""
    if relation != "==":
        raise Unreadable("an order term O(·) in an inequality is not read")
    orders = [t for t in sp.Add.make_args(sp.expand(b - a, deep=False)) if t.has(BigO)]
    if len(orders) != 1 or (not isinstance(orders[0], BigO) and not (-orders[0]).func == BigO):
        raise Unreadable("O(·) is read only as one term added to one side")
    order = orders[0] if isinstance(orders[0], BigO) else -orders[0]
    gauge = order.args[0]
    free = sorted(gauge.free_symbols, key=str)
    if len(free) != 1:
        raise Unreadable("O(g) needs g of one variable")
    rest = sp.expand(b - a, deep=False) - orders[0]
    if rest.has(BigO):
        raise Unreadable("O(·) on both sides is not read")
    return -rest, gauge, "O", f"{free[0].name} -> 0"


def reading_latex(a: sp.Expr, b: sp.Expr, relation: str, scope: Scope) -> str:
    from identities.latex import latex

    names = {}
    for s in (a - b).free_symbols:
        name = scope.names.get(s.name)
        if name is not None:
            names[s] = name.latex
    rel = {"==": "=", "<=": r"\leq", ">=": r"\geq", "<": "<", ">": ">", "O": r"= O"}[relation]
    if sp.Tuple(a, b).has(sp.MatrixSymbol):
        # Vectors and entries in the sheet's own names and 1-based indices.
        return f"{printed(a, scope, False)} {rel} {printed(b, scope, False)}"
    right = latex(b, symbol_names=names)
    return f"{latex(a, symbol_names=names)} {rel} " + (f"\\left({right}\\right)" if relation == "O" else right)


def joined_by_link_word(prose: str) -> bool:
    tail = " ".join(prose.lower().split())[-60:]
    return any(word in tail for word in LINK_WORDS)


def free_names(expr: sp.Basic, dimensions: set[str]) -> set[str]:
    """The names of `expr` a counterexample gives values: its real symbols (not indices or dimensions) and its
    unspecified functions (an index family `y_of`, a loss L(o))."""
    return {s.name for s in expr.free_symbols if isinstance(s, sp.Symbol) and not s.is_integer
            and s.name not in dimensions} | {f.func.__name__ for f in expr.atoms(AppliedUndef)}


__all__ = ["assumptions", "bound_variables", "check_dependence", "condition_shaped", "definition_shape",
           "dot_products", "entries_suffice", "family_key", "family_key_of", "for_every_index", "free_indices",
           "free_names", "is_atom", "joined_by_link_word", "matrix_products", "matrix_shapes", "mentions", "names_one",
           "only_dotted", "order_claim", "reading_latex", "shift_name", "summed_free"]


_ENTRY_NAME = re.compile(r"(.+)_\{?(\d+|[a-z])\}?")


def _family(term: sp.Basic) -> tuple[str, sp.Basic] | None:
    """(family, index) of an entry: `y[i]`, the entry `y[i, 0]` of a column, or a name `t_0`, `y_i` with a number or
    an index letter for subscript."""
    if isinstance(term, sp.Indexed) and len(term.indices) == 1:
        return str(term.base.label), term.indices[0]
    if isinstance(term, MatrixElement) and term.parent.shape[1] == 1:
        return str(term.parent), term.i
    if isinstance(term, sp.Symbol) and (m := _ENTRY_NAME.fullmatch(term.name)):
        sub = m.group(2)
        return m.group(1), sp.Integer(sub) if sub.isdigit() else sp.Symbol(sub, integer=True)
    return None


def family_totals(expr: sp.Basic) -> list[sp.Basic]:
    """The totals of one family that `expr` writes: `Σ_i y_i` (a sum of the entries over their index) and
    `t_0 + t_1 + t_2` (two entries or more, written out).

    >>> y, i, n = sp.IndexedBase("y"), sp.Symbol("i", integer=True), sp.Symbol("n", integer=True)
    >>> t0, t1, x = sp.symbols("t_0 t_1 x")
    >>> family_totals(x * sp.Sum(y[i], (i, 1, n)) + x * (t0 + t1))
    [t_0 + t_1, Sum(y[i], (i, 1, n))]
    """
    found = []
    for s in expr.atoms(sp.Sum):
        entry = _family(s.function)
        if len(s.limits) == 1 and entry is not None and {v.name for v in entry[1].free_symbols} == {
                s.limits[0][0].name}:
            found.append(s)
    for add in expr.atoms(sp.Add):
        families = [_family(t) for t in add.args]
        if all(families) and len({f[0] for f in families}) == 1 and len({f[1] for f in families}) == len(families) \
                and all(f[1].is_Integer for f in families):
            found.append(add)
    return sorted(found, key=sp.default_sort_key)


def holds_with(difference: sp.Expr, total: sp.Basic, budget: int = 400) -> bool:
    """Whether `difference` (lhs − rhs, not 0 as written) is 0 once `total` is 1, by expansion alone (none for a
    difference of more than `budget` operations).

    >>> t0, t1, y = sp.symbols("t_0 t_1 y")
    >>> holds_with((t0 + t1) * y - t0 - (y - t0), t0 + t1)
    True
    """
    if sp.count_ops(difference) > budget:
        return False
    return sp.expand(difference) != 0 and sp.expand(difference.xreplace({total: sp.S.One})) == 0


def substituted_values(left: Reading, right: Reading) -> dict[str, str] | None:
    """When the right side is the left one with numbers written for its names (`x \\cdot y = 1 \\cdot 2`,
    `q + z = 2 + 3`): the values it substitutes, by identifier; `None` otherwise.

    >>> from derivations.audit.reader import read_term
    >>> substituted_values(read_term(r"x \\cdot y + 1"), read_term(r"1 \\cdot 2 + 1"))
    {'x': '1', 'y': '2'}
    >>> substituted_values(read_term(r"x \\cdot y"), read_term(r"2")) is None
    True
    """
    found: dict[str, str] = {}

    def match(a, b) -> bool:
        if getattr(a, "data", None) == "name" and getattr(b, "data", None) == "number":
            ident = left.names[str(a.children[0])].ident
            return found.setdefault(ident, str(b.children[0])) == str(b.children[0])
        if getattr(a, "data", None) != getattr(b, "data", None):
            return False
        if getattr(a, "data", None) is None:  # tokens
            if getattr(a, "type", None) != getattr(b, "type", None):
                return False
            return left.names[str(a)] == right.names[str(b)] if a.type == "NAME" else a == b
        return len(a.children) == len(b.children) and all(match(x, y) for x, y in zip(a.children, b.children,
                                                                                     strict=True))

    return found if match(left.tree, right.tree) and found else None
