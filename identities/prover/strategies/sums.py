"""Index notation: sums over a symbolic range, Kronecker deltas, entries of general-dimension vectors

Gradients in index notation produce sums Σᵢ f(i)·δᵢₖ and deltas δᵢₖ with a range (0 ≤ i ≤ n − 1). This strategy
- sums out deltas: Σᵢ f(i)·δᵢₖ = f(k) when k is in the range (SymPy's delta summation, whose range condition is
  then decided from the claim's hypotheses, e.g. 0 ≤ k ≤ n − 1);
- drops a delta's range when both indices are known to be in it;
- renames bound indices canonically, pulls index-free factors out of sums and merges sums over the same range
  (Σ a(i) + Σ b(i) = Σ (a(i) + b(i)));
- and proves what is left: 0 by the algebraic strategies (sums as opaque generators), or a single sum by proving
  its summand is 0 for every index.

Main definitions
- `index_sums`: the strategy.
- `implied(relation, hypotheses)`: whether a linear integer relation follows from a hypothesis.
"""

from __future__ import annotations

import itertools
import re

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from ...claim import Certificate, Step
from ...vocabulary.vectors import MatrixArgumentFunction
from ..goal import Goal, Outcome
from ..rules import positive_sum, unfold_vectors


def _nonpositive_form(rel: sp.Basic) -> tuple[sp.Expr, bool] | None:
    """rel as g ≤ 0 (strict=False) or g < 0 (strict=True); None for == and !=."""
    g = rel.lhs - rel.rhs
    if rel.rel_op in ("<", "<="):
        return sp.expand(g), rel.rel_op == "<"
    if rel.rel_op in (">", ">="):
        return sp.expand(-g), rel.rel_op == ">"
    return None


def _integer_closed(g: sp.Expr, strict: bool) -> sp.Expr:
    """g < 0 for an integer-valued g is g + 1 ≤ 0."""
    return g + 1 if strict and g.is_integer else g


def implied(rel: sp.Basic, hypotheses: tuple[sp.Basic, ...]) -> bool:
    """True when `rel` follows from one hypothesis h by adding a constant, or from the symbols' assumptions.

    >>> k, n = sp.Symbol("k", integer=True), sp.Symbol("n", integer=True, positive=True)
    >>> implied(k <= n - 1, (k < n,))
    True
    """
    form = _nonpositive_form(rel)
    if form is None:
        return False
    g, strict = form
    if (g.is_negative if strict else g.is_nonpositive) is True:
        return True
    target = _integer_closed(g, strict)
    for h in hypotheses:
        for atom in ([h] if isinstance(h, sp.core.relational.Relational) else
                     list(h.args) if isinstance(h, sp.And) else []):
            hf = _nonpositive_form(atom)
            if hf is None:
                continue
            difference = sp.expand(target - _integer_closed(*hf))
            if difference.is_number and (difference < 0 if strict and not g.is_integer else difference <= 0):
                return True
    return False


def _decide_relations(expr: sp.Basic, hypotheses) -> sp.Basic:
    table = {}
    for rel in expr.atoms(sp.core.relational.Relational):
        if implied(rel, hypotheses):
            table[rel] = sp.true
        elif implied(rel.negated, hypotheses):
            table[rel] = sp.false
    return expr.xreplace(table) if table else expr


def _distinct(i: sp.Expr, j: sp.Expr, hypotheses) -> bool:
    """The hypotheses imply i ≠ j (a hypothesis i ≠ j, or a strict order between them)."""
    for h in hypotheses:
        for atom in (h.args if isinstance(h, sp.And) else (h,)):
            if isinstance(atom, sp.Ne) and {atom.lhs, atom.rhs} == {i, j}:
                return True
    return implied(sp.Lt(i, j), hypotheses) or implied(sp.Lt(j, i), hypotheses)


def _drop_delta_ranges(expr: sp.Basic, hypotheses) -> sp.Basic:
    def in_range(i, lo, hi):
        return implied(sp.Ge(i, lo), hypotheses) and implied(sp.Le(i, hi), hypotheses)

    def drop(d: sp.KroneckerDelta) -> sp.Basic:
        if _distinct(d.args[0], d.args[1], hypotheses):
            return sp.S.Zero
        if len(d.args) == 3:
            i, j, (lo, hi) = d.args[0], d.args[1], d.args[2]
            if in_range(i, lo, hi) and in_range(j, lo, hi):
                return sp.KroneckerDelta(i, j)
        return d

    return expr.replace(lambda a: isinstance(a, sp.KroneckerDelta), drop)


def _flatten(s: sp.Sum) -> tuple[sp.Expr, list[tuple]]:
    """Σᵢ Σⱼ f = Σ_{i,j} f: nested sums as one body with all their limits (outermost first)."""
    body, limits = s.function, list(reversed(s.limits))
    while isinstance(body, sp.Sum):
        limits += list(reversed(body.limits))
        body = body.function
    return body, limits


def nest_products(expr: sp.Basic) -> sp.Basic:
    """Σᵢ c(i)·Σⱼ g(i, j) = Σᵢ Σⱼ c(i)·g(i, j) when j's range does not depend on i (a factor moves into a finite
    sum it does not bind), so that `canonical_indices` can choose the order of summation of the double sum.

    >>> i, j = sp.symbols("i j", integer=True)
    >>> n = sp.Symbol("n", integer=True, positive=True)
    >>> a, b = sp.IndexedBase("a"), sp.IndexedBase("b")
    >>> nest_products(sp.Sum(a[i] * sp.Sum(b[i, j], (j, 0, n)), (i, 0, n)))
    Sum(a[i]*b[i, j], (j, 0, n), (i, 0, n))
    """
    def nest(s: sp.Sum) -> sp.Expr:
        factors = sp.Mul.make_args(s.function)
        inner = [f for f in factors if isinstance(f, sp.Sum)]
        if len(inner) != 1:
            return s
        t = inner[0]
        outer = {lim[0] for lim in s.limits}
        rest = sp.Mul(*[f for f in factors if f is not t])
        bound = {lim[0] for lim in t.limits}
        if any((lo.free_symbols | hi.free_symbols) & outer for _, lo, hi in t.limits) or rest.free_symbols & bound:
            return s
        return sp.Sum(sp.Sum(rest * t.function, *t.limits), *s.limits)

    return expr.replace(lambda a: isinstance(a, sp.Sum) and isinstance(a.function, sp.Mul), nest)


def _canonical_sum(s: sp.Sum, depth: int) -> sp.Sum:
    """One sum with its indices renamed canonically (its own at `depth`, sums inside it deeper). When no range
    depends on another index the order of summation is free (finite sums commute), and the order giving the
    smallest printed form is chosen. The sum's indices are unique dummies here (see `canonical_indices`), so a
    renaming can capture nothing."""
    body, limits = _flatten(s)
    indices = [lim[0] for lim in limits]
    independent = all(not (lo.free_symbols | hi.free_symbols) & set(indices) for _, lo, hi in limits)
    orders = itertools.permutations(range(len(limits))) if independent and len(limits) <= 4 else [range(len(limits))]
    best = None
    for order in orders:
        names = {limits[k][0]: sp.Symbol(f"_i{depth}_{n}", integer=True) for n, k in enumerate(order)}
        inner = _rename_top_down(body.xreplace(names), depth + 1)
        new_limits = [(names[limits[k][0]], limits[k][1], limits[k][2]) for k in order]
        candidate = sp.Sum(inner, *reversed(new_limits))
        key = sp.sstr(candidate)
        if best is None or key < best[0]:
            best = (key, candidate)
    return best[1]


_CANONICAL = re.compile(r"_i(\d+)_\d+")


def _fresh_bound(expr: sp.Basic) -> sp.Basic:
    """Every summation index renamed to a fresh dummy (bottom-up: a fresh name captures nothing)."""
    def fresh(s: sp.Sum) -> sp.Sum:
        table = {lim[0]: sp.Dummy("k", integer=True) for lim in s.limits}
        return sp.Sum(s.function.xreplace(table), *[(table[i], lo, hi) for i, lo, hi in s.limits])

    return expr.replace(lambda a: isinstance(a, sp.Sum), fresh)


def _rename_top_down(expr: sp.Basic, depth: int) -> sp.Basic:
    """Sums renamed from the outside in: a sum at nesting depth d gets the names _i{d}_k, wherever it sits (in an
    exponential, a logarithm, …), so that no two nested sums share a name."""
    if isinstance(expr, sp.Sum):
        return _canonical_sum(expr, depth)
    if not expr.args or not expr.has(sp.Sum):
        return expr
    return expr.func(*[_rename_top_down(a, depth) for a in expr.args])


def canonical_indices(expr: sp.Basic, depth: int = 0) -> sp.Basic:
    """Bound indices renamed by nesting depth (and summation order made canonical), so that equal sums are equal
    expressions: first every index becomes a fresh dummy, then names are given from the outside in.

    >>> i, j, n = sp.symbols("i j n", integer=True)
    >>> A = sp.IndexedBase("A")
    >>> canonical_indices(sp.Sum(sp.exp(sp.Sum(A[i, j], (j, 0, n))), (i, 0, n)))
    Sum(exp(Sum(A[_i0_0, _i1_0], (_i1_0, 0, n))), (_i0_0, 0, n))

    A canonical index that is free here (the summand of an outer sum, proved on its own) keeps its name, and the
    new names start one level deeper, so nothing is captured:

    >>> k = sp.Symbol("_i0_0", integer=True)
    >>> canonical_indices(sp.Sum(A[k, j], (j, 0, n)))
    Sum(A[_i0_0, _i1_0], (_i1_0, 0, n))
    """
    if not expr.has(sp.Sum):
        return expr
    canonical = [(s, m) for s in expr.atoms(sp.Symbol) if (m := _CANONICAL.fullmatch(s.name))]
    free_depths = [int(m.group(1)) for s, m in canonical if s in expr.free_symbols]
    # Renaming captures nothing unless a canonical name is already in use (bound names are then made fresh first).
    unique = _fresh_bound(expr) if canonical else expr
    return _rename_top_down(unique, max([depth, *(d + 1 for d in free_depths)]))


def _pull_constants(s: sp.Sum) -> sp.Expr:
    """Σᵢ c·f(i) = c·Σᵢ f(i) for c free of i."""
    indices = {lim[0] for lim in s.limits}
    inside, outside = [], []
    for factor in sp.Mul.make_args(s.function):
        (inside if factor.free_symbols & indices else outside).append(factor)
    if not outside:
        return s
    return sp.Mul(*outside) * sp.Sum(sp.Mul(*inside), *s.limits)


def _merge_sums(expr: sp.Expr, coefficients_inside: bool = False) -> sp.Expr:
    """Σ a(i) + Σ b(i) = Σ (a(i) + b(i)) over the same range (and constants pulled out). Numeric coefficients go
    into the summand; other factors c (free of i) stay outside, c·Σ a(i), unless `coefficients_inside`."""
    expr = sp.expand(expr.replace(lambda a: isinstance(a, sp.Sum), _pull_constants), power_exp=False)
    groups: dict[tuple, sp.Expr] = {}
    rest = sp.S.Zero
    for term in sp.Add.make_args(expr):
        sums = [f for f in sp.Mul.make_args(term) if isinstance(f, sp.Sum)]
        if len(sums) == 1:
            s = sums[0]
            coefficient = term / s
            if not coefficient.has(*[lim[0] for lim in s.limits]):
                # numbers go into the summand (Σa − Σb = Σ(a − b)); other factors stay outside the sum
                number, factor = coefficient.as_coeff_Mul() if coefficient.is_Mul else (
                    (coefficient, sp.S.One) if coefficient.is_number else (sp.S.One, coefficient))
                if coefficients_inside:
                    number, factor = coefficient, sp.S.One
                key = (tuple(s.limits), factor)
                groups[key] = groups.get(key, sp.S.Zero) + number * s.function
                continue
        rest += term
    return rest + sp.Add(*[factor * sp.Sum(body, *limits) for (limits, factor), body in groups.items()])


def _delta_partner(factor: sp.Basic, index: sp.Symbol) -> sp.Expr | None:
    """k when factor is δ(index, k) (either order) with k free of index."""
    if isinstance(factor, sp.KroneckerDelta) and index in factor.args[:2]:
        other = factor.args[1] if factor.args[0] == index else factor.args[0]
        if not other.has(index):
            return other
    return None


def _sum_term(term: sp.Expr, index: sp.Symbol, lo: sp.Expr, hi: sp.Expr, hypotheses) -> sp.Expr:
    """Σ_{index=lo}^{hi} term for one product term: index-free factors out, and Σᵢ δᵢₖ f(i) = f(k)·[lo ≤ k ≤ hi]
    (the bracket decided by the hypotheses when it can be, a Piecewise otherwise)."""
    outside, inside = [], []
    for factor in sp.Mul.make_args(term):
        (inside if factor.has(index) else outside).append(factor)
    if not inside:
        return sp.Mul(*outside) * (hi - lo + 1)
    # (SymPy's sums follow Karr's convention, under which a reversed range counts negatively: the delta rule
    # below needs hi ≥ lo − 1.)
    forward = (hi - lo + 1).is_nonnegative or implied(sp.Ge(hi - lo + 1, 0), hypotheses)
    for factor in inside if forward else ():
        k = _delta_partner(factor, index)
        if k is None:
            continue
        rest = sp.Mul(*[f for f in inside if f is not factor]).xreplace({index: k})
        bounds = [(lo, hi)] + ([tuple(factor.args[2])] if len(factor.args) == 3 else [])
        conditions = [c for a, b in bounds for c in (sp.Ge(k, a), sp.Le(k, b))]
        if all(implied(c, hypotheses) for c in conditions):
            return sp.Mul(*outside) * rest
        if any(implied(c.negated, hypotheses) for c in conditions):
            return sp.S.Zero
        return sp.Mul(*outside) * sp.Piecewise((rest, sp.And(*conditions)), (0, True))
    return sp.Mul(*outside) * sp.Sum(sp.Mul(*inside), (index, lo, hi))


def deltas_out_of_cases(expr: sp.Basic) -> sp.Basic:
    """Cases whose every value is a multiple of one Kronecker delta (or 0) written as δ·cases:
    {δᵢₖ·a if c, δᵢₖ·b otherwise} = δᵢₖ·{a if c, b otherwise}, so that delta summation can see the delta.

    >>> i, k, x = sp.symbols("i k x", integer=True)
    >>> d = sp.KroneckerDelta(i, k)
    >>> deltas_out_of_cases(sp.Piecewise((d, x > 0), (-d, x < 0), (0, True)))
    Piecewise((1, x > 0), (-1, x < 0), (0, True))*KroneckerDelta(i, k)
    """
    def common_delta(p: sp.Piecewise) -> sp.KroneckerDelta | None:
        values = [v for v, _ in p.args if v != 0]
        if not values:
            return None
        candidates = [f for f in sp.Mul.make_args(values[0]) if isinstance(f, sp.KroneckerDelta)]
        return next((d for d in candidates if all(d in sp.Mul.make_args(v) for v in values[1:])), None)

    def pull(p: sp.Piecewise) -> sp.Expr:
        d = common_delta(p)
        if d is None:
            return p
        return d * sp.Piecewise(*[(v / d if v != 0 else v, c) for v, c in p.args])

    return expr.replace(lambda a: isinstance(a, sp.Piecewise) and common_delta(a) is not None, pull)


def expand_sums(expr: sp.Basic, hypotheses: tuple[sp.Basic, ...] = ()) -> sp.Basic:
    """Sums distributed over their summand's terms, constants pulled out, Kronecker deltas summed out (innermost
    sums first): Σᵢ (a(i) + c·δᵢₖ·b(i)) = Σᵢ a(i) + c·b(k) when 0 ≤ k ≤ n − 1 follows from the hypotheses.
    Bound indices must be distinct from every other symbol (see `canonical_indices`).

    >>> i, k = sp.symbols("i k", integer=True)
    >>> n = sp.Symbol("n", integer=True, positive=True)
    >>> y = sp.IndexedBase("y")
    >>> expand_sums(sp.Sum(y[i] * (sp.KroneckerDelta(i, k) - 2), (i, 0, n - 1)), (k >= 0, k <= n - 1))
    y[k] - 2*Sum(y[i], (i, 0, n - 1))
    """
    def expand(s: sp.Sum, known: tuple[sp.Basic, ...]) -> sp.Expr:
        # inside Σ_{j=a}^{b}, a ≤ j ≤ b holds: the summand's own sums may use it (Σ_r δ_{jr} W_{ri} = W_{ji})
        inside = known + _range_hypotheses(s.limits)
        body = deltas_out_of_cases(walk(s.function, inside))
        for n, (index, lo, hi) in enumerate(s.limits):  # innermost first
            around = known + _range_hypotheses(s.limits[n + 1:])
            terms = sp.Add.make_args(sp.expand(body, power_exp=False))
            body = sp.Add(*[_sum_term(t, index, lo, hi, around) for t in terms])
        return body

    def walk(e: sp.Basic, known: tuple[sp.Basic, ...]) -> sp.Basic:
        if isinstance(e, sp.Sum):
            return expand(e, known)
        if not e.args or not e.has(sp.Sum):
            return e
        return e.func(*[walk(a, known) for a in e.args])

    return walk(expr, tuple(hypotheses))


def equality_rewrites(hypotheses: tuple[sp.Basic, ...]) -> dict[sp.Basic, sp.Expr]:
    """Hypotheses `S == c` where S contains a sum, as a rewrite table S → c (indices canonical, so that the same
    sum written with other letters matches), e.g. Σⱼ yⱼ = 1 for a one-hot or probability vector."""
    table: dict[sp.Basic, sp.Expr] = {}
    for h in hypotheses:
        if isinstance(h, sp.Eq):
            for a, b in ((h.lhs, h.rhs), (h.rhs, h.lhs)):
                if a.has(sp.Sum) and not b.has(sp.Sum):
                    table[canonical_indices(unfold_vectors(a))] = b
                    break
    return table


def unfold_traces(expr: sp.Basic) -> sp.Basic:
    """tr(M) = Σᵢ Mᵢᵢ, with the entries of a product of general-dimension matrices written as sums."""
    def unfold(t: sp.Trace) -> sp.Expr:
        m = t.arg
        n = sp.sympify(m.shape[0])
        i = sp.Dummy("i", integer=True)
        diagonal = m._entry(i, i, expand=True) if hasattr(m, "_entry") else m[i, i]
        return sp.Sum(diagonal, (i, 0, n - 1)) if not n.is_Integer else sp.Add(
            *[diagonal.xreplace({i: k}) for k in range(int(n))])

    return expr.replace(lambda a: isinstance(a, sp.Trace), unfold)


def mask_opaque(expr: sp.Expr) -> tuple[sp.Expr, dict]:
    """Sums and free matrix entries replaced by symbols carrying what is known of them: entries are real (every
    matrix of a claim is), a sum of positive terms over a non-empty range is positive. Equal ones share a symbol."""
    table: dict[sp.Basic, sp.Symbol] = {}

    def walk(e: sp.Basic) -> None:
        if e in table:
            return
        if isinstance(e, sp.Sum):
            table[e] = sp.Dummy("S", positive=True) if positive_sum(e) else sp.Dummy("S")
            return
        if isinstance(e, MatrixElement):
            table[e] = sp.Dummy(f"{e.parent}_{e.i}", real=True)
            return
        for a in e.args:
            walk(a)

    walk(expr)
    return expr.xreplace(table), {d: e for e, d in table.items()}


def _range_hypotheses(limits) -> tuple[sp.Basic, ...]:
    return tuple(h for i, lo, hi in limits for h in (sp.Ge(i, lo), sp.Le(i, hi)))


def index_sums(goal: Goal) -> Outcome | None:
    """Sums over index ranges and Kronecker deltas: delta summation, then linearity, then the summand."""
    if goal.relation != "==" or not goal.difference.has(sp.Sum, sp.KroneckerDelta, MatrixElement, sp.Trace):
        return None
    prove_goal = goal.context.prover

    hypotheses = goal.context.hypotheses
    trace: list[Step] = []
    expr = unfold_traces(unfold_vectors(goal.difference))
    expr = expr.replace(lambda a: isinstance(a, MatrixArgumentFunction), lambda a: a.unfold())
    expanded = canonical_indices(expand_sums(_fresh_bound(expr), hypotheses))
    if expanded != expr:
        expr = expanded
        trace.append(Step("==", expr, "sums split over their terms, constants out, Σᵢ f(i)·δᵢₖ = f(k)",
                          "sum_expansion"))
    delta_sums = expr.replace(lambda a: isinstance(a, sp.Sum) and a.has(sp.KroneckerDelta), lambda a: a.doit())
    if delta_sums != expr:
        expr = delta_sums
        trace.append(Step("==", expr, "Σᵢ f(i)·δᵢₖ = f(k)", "delta_summation"))
    decided = _drop_delta_ranges(_decide_relations(expr, hypotheses), hypotheses)
    if decided != expr:
        expr = decided
        trace.append(Step("==", expr, "indices are in range (hypotheses)", "index_range"))
    merged = expr
    for _ in range(4):
        again = _merge_sums(canonical_indices(nest_products(merged)))
        if again == merged:
            break
        merged = again
    if merged != expr:
        expr = merged
        trace.append(Step("==", expr, "Σ a(i) + Σ b(i) = Σ (a(i) + b(i)), constants out of sums, indices renamed",
                          "linearity"))
    used = {a: b for a, b in equality_rewrites(hypotheses).items() if expr.has(a)}
    if used:
        expr = sp.expand(expr.xreplace(used), power_exp=False)
        trace.append(Step("==", expr, "; ".join(f"{sp.sstr(a)} = {sp.sstr(b)}" for a, b in used.items())
                          + " (hypothesis)", "hypothesis"))
    if expr == 0:
        return Outcome(Certificate("index-sums", {}), tuple(trace))
    masked, back = mask_opaque(expr)
    found = prove_goal(Goal(masked, sp.S.Zero, "==", goal.context.deeper()), skip=frozenset({"index-sums"}))
    if found is not None:
        steps = tuple(Step(s.relation, s.expr.xreplace(back), s.justification, s.rule) for s in found[1].steps)
        return Outcome(Certificate("index-sums", {"then": found[0]}, (found[1].certificate,)),
                       tuple(trace) + steps, found[1].excluded, found[1].needs_postcheck)
    terms = sp.Add.make_args(expr)
    if len(terms) > 1:
        whole = _merge_sums(expr, coefficients_inside=True)
        if isinstance(whole, sp.Sum):
            trace.append(Step("==", whole, "c·Σᵢ a(i) = Σᵢ c·a(i) for c free of i: one sum", "linearity"))
            terms = (whole,)
    if len(terms) == 1 and isinstance(terms[0], sp.Sum):
        s = terms[0]
        summand_goal = Goal(s.function, sp.S.Zero, "==",
                            goal.context.deeper(hypotheses=hypotheses + _range_hypotheses(s.limits)))
        found = prove_goal(summand_goal)
        if found is not None:
            trace.append(Step("==", sp.S.Zero, "every summand is 0", "summand"))
            return Outcome(Certificate("index-sums", {"summand": found[0]}, (found[1].certificate,)), tuple(trace))
    return None
