"""Case splitting at the breakpoints of piecewise functions

max, min, |·|, sign, H, ReLU and the other kinked functions are written as cases; the conditions of the cases are
relations g ⋈ 0. The domain is split where the g change sign, and the goal is proved on each piece, where every
case is decided and the sides are ordinary expressions.

- One variable x: the real roots of the g (exact, algebraic) cut the line into open intervals and points; each
  interval is proved with its bounds known (inequalities use them), each point by substitution.
- Several variables: each combination of signs (−, 0, +) of the g, skipping combinations that linear arithmetic
  shows empty (Fourier–Motzkin); in a combination a linear g = ±t (t > 0 fresh) or g = 0 is solved for one of its
  variables, so that the sub-goal knows its region.

A piece whose value depends on a `KinkValue` (a derivative at a kink with no convention) is left out of the domain
and reported, never silently decided.

Main definitions
- `cases`: the strategy.
- `relation_atoms`, `feasible`: the conditions of a goal and a linear feasibility test.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import sympy as sp

from ...claim import Certificate
from ...exact import rational_between, relation_holds, sort_exact
from ...vocabulary import has_kink_values, logit, sigmoid, softplus, softsign
from ..domains import variable_interval
from ..goal import Goal, Interval, Outcome
from ..rules import KINKED_NODES, heaviside_piecewise, is_kinked, kinks_to_piecewise, sign_piecewise
from ..signs import constant_sign, is_negative, is_positive

MAX_ATOMS = 5

INCREASING_THROUGH_ZERO = (sp.tanh, sp.sinh, sp.atan, sp.erf, sp.asinh, sp.atanh, softsign)
"""f strictly increasing with f(0) = 0: sign f(u) = sign u."""

INVERTIBLE: dict[type, tuple[sp.Expr, sp.Expr, object]] = {
    sp.exp: (sp.S.Zero, sp.oo, sp.log),
    sp.log: (-sp.oo, sp.oo, sp.exp),
    sp.tanh: (-sp.S.One, sp.S.One, sp.atanh),
    sp.erf: (-sp.S.One, sp.S.One, sp.erfinv),
    sp.sinh: (-sp.oo, sp.oo, sp.asinh),
    sp.atan: (-sp.pi / 2, sp.pi / 2, sp.tan),
    sigmoid: (sp.S.Zero, sp.S.One, logit),
    softplus: (sp.S.Zero, sp.oo, lambda t: sp.log(sp.exp(t) - 1)),
}
"""f strictly increasing on ℝ (ln on (0, ∞)) → (inf of its range, sup of its range, its inverse)."""


@dataclass(frozen=True)
class Atom:
    """A relation of a case condition with sign(lhs − rhs) = sign(scale)·sign(g), g a polynomial."""

    relation: sp.Basic
    g: sp.Expr
    scale: int
    op: str

    def truth(self, sign: int) -> bool:
        """The relation's truth when sign(g) = `sign`."""
        return relation_holds(self.op, sign * self.scale)


def _canonical(g: sp.Expr) -> tuple[sp.Expr, int]:
    """sign(g) = sign(c)·sign(core): n/d has the sign of n·d where defined; factors of proved sign are dropped,
    and core does not start with a minus sign."""
    numerator, denominator = sp.together(g).as_numer_denom()
    coefficient, core = sp.factor_terms(sp.expand(numerator * denominator)).as_coeff_Mul()
    sign = 1 if coefficient > 0 else -1
    kept = []
    for factor in sp.Mul.make_args(core):
        if is_positive(factor):
            continue
        if is_negative(factor):
            sign = -sign
            continue
        kept.append(factor)
    core = sp.expand(sp.Mul(*kept))
    if core.could_extract_minus_sign():
        sign, core = -sign, -core
    return core, sign


def _through_monotone(core: sp.Expr) -> tuple[sp.Expr, int] | None:
    """a·f(u) + c ⋈ 0 with f increasing ⟺ sign(a)·(u − f⁻¹(−c/a)) ⋈ 0 (or a constant sign outside f's range)."""
    if isinstance(core, INCREASING_THROUGH_ZERO):
        return core.args[0], 1
    terms = sp.Add.make_args(core)
    variable = [t for t in terms if t.free_symbols]
    constant = sp.Add(*[t for t in terms if not t.free_symbols])
    if len(variable) != 1:
        return None
    a, f = variable[0].as_coeff_Mul()
    factors = [m for m in sp.Mul.make_args(f) if not m.free_symbols]
    if factors:
        a, f = a * sp.Mul(*factors), sp.Mul(*[m for m in sp.Mul.make_args(f) if m.free_symbols])
    if type(f) not in INVERTIBLE or len(f.args) != 1:
        return None
    a_sign = constant_sign(a)
    if a_sign not in (1, -1):
        return None
    lo, hi, inverse = INVERTIBLE[type(f)]
    t = -constant / a
    if lo.is_finite and constant_sign(t - lo) in (-1, 0):
        return sp.S.One, a_sign  # f(u) > inf ≥ t: a·f(u) + c has the sign of a everywhere
    if hi.is_finite and constant_sign(hi - t) in (-1, 0):
        return sp.S.One, -a_sign
    if (lo.is_finite and constant_sign(t - lo) != 1) or (hi.is_finite and constant_sign(hi - t) != 1):
        return None
    return f.args[0] - inverse(t), a_sign


def reduce_condition(g: sp.Expr) -> tuple[sp.Expr, int] | None:
    """(p, s) with p a polynomial and sign(g) = s·sign(p) wherever g is defined; None when not found.

    >>> x = sp.Symbol("x", real=True)
    >>> reduce_condition(sp.exp(2 * x) - 3)
    (2*x - log(3), 1)
    >>> reduce_condition(-sp.tanh(x - 1))
    (x - 1, -1)
    """
    sign = 1
    for _ in range(8):
        core, s = _canonical(g)
        sign *= s
        if core.is_polynomial(*core.free_symbols) if core.free_symbols else True:
            return core, sign
        step = _through_monotone(core)
        if step is None:
            return None
        g, s = step
        sign *= s
    return None


def _decide_closed(expr: sp.Basic) -> sp.Basic | None:
    """Conditions without free symbols decided by rigorous signs (None when one cannot be)."""
    table = {}
    for rel in expr.atoms(sp.core.relational.Relational):
        if rel.free_symbols:
            continue
        sign = constant_sign(rel.lhs - rel.rhs)
        if sign is None:
            return None
        table[rel] = sp.true if Atom(rel, sp.S.One, sign, rel.rel_op).truth(1) else sp.false
    return expr.xreplace(table) if table else expr


def relation_atoms(expr: sp.Basic) -> tuple[list[Atom], dict[sp.Basic, bool]] | None:
    """The relations of `expr`'s case conditions reduced to polynomials, and those whose truth is constant (such
    as eᵘ > 0); None when one cannot be reduced."""
    atoms, decided = [], {}
    for pw in sp.ordered(expr.atoms(sp.Piecewise)):
        for _, cond in pw.args:
            for rel in sp.ordered(cond.atoms(sp.core.relational.Relational)):
                reduced = reduce_condition(rel.lhs - rel.rhs)
                if reduced is None:
                    return None
                core, sign = reduced
                if core.free_symbols:
                    atoms.append(Atom(rel, core, sign, rel.rel_op))
                else:
                    decided[rel] = Atom(rel, core, sign, rel.rel_op).truth(constant_sign(core))
    return atoms, decided


def _decide(expr: sp.Basic, truth: dict[sp.Basic, bool]) -> sp.Basic:
    return expr.xreplace({rel: sp.true if value else sp.false for rel, value in truth.items()})


def _roots(g: sp.Expr, x: sp.Symbol) -> list[sp.Expr] | None:
    """Real roots of the polynomial g in x: exact algebraic numbers (rational coefficients) or −b/a (linear)."""
    poly = sp.Poly(g, x)
    if poly.degree() == 1:
        a, b = poly.all_coeffs()
        return [-b / a]
    if poly.domain.is_QQ or poly.domain.is_ZZ:
        return list(poly.real_roots())
    return None


def _at(atom: Atom, variable: sp.Symbol, point: sp.Expr) -> bool:
    sign = constant_sign(atom.g.subs(variable, point))
    if sign is None:
        raise ValueError(f"undecided sign of {atom.g} at {point}")
    return atom.truth(sign)


def _univariate(goal: Goal, lhs, rhs, atoms: list[Atom], x: sp.Symbol) -> Outcome | None:
    prove_goal = goal.context.prover

    roots: list[sp.Expr] = []
    for atom in atoms:
        found = _roots(atom.g, x)
        if found is None:
            return None
        roots += found
    base = variable_interval(x, goal.context.hypotheses)
    points = sort_exact(r for r in roots if base.contains(r))
    edges = [base.lo, *points, base.hi]
    parts, excluded = [], []
    for k in range(len(edges) - 1):
        lo, hi = edges[k], edges[k + 1]
        sample = rational_between(lo, hi)
        truth = {a.relation: _at(a, x, sample) for a in atoms}
        piece = Interval(x, lo, hi)
        sub = goal.with_sides(_decide(lhs, truth), _decide(rhs, truth), interval=piece)
        found = prove_goal(sub)
        if found is None:
            return None
        parts.append(Certificate("case", {"region": str(piece), "method": found[0]}, (found[1].certificate,)))
        excluded += found[1].excluded
    boundary = [e for e in (base.lo, base.hi) if e.is_finite] if (base.lo_closed or base.hi_closed) else []
    for point in [*points, *[b for b in boundary if b not in points]]:
        truth = {a.relation: _at(a, x, point) for a in atoms}
        if not _point_case(goal, lhs, rhs, truth, x, point, parts, excluded):
            return None
    return Outcome(Certificate("case-split", {"variable": str(x), "breakpoints": [str(p) for p in points]},
                               tuple(parts)), excluded=tuple(excluded))


def _kernel(atoms: list[Atom]) -> tuple[sp.Expr, dict[Atom, tuple[sp.Expr, sp.Expr]]] | None:
    """A common non-linear expression k with every condition affine in it (g = a·k + b, a ≠ 0), if there is one."""
    first = atoms[0].g
    variables = sorted(first.free_symbols, key=str)
    constant = first.subs({v: 0 for v in variables})
    kernel = sp.expand(first - constant)
    if len(sp.Add.make_args(kernel)) == 1 and kernel.free_symbols and not kernel.is_Symbol:
        kernel = kernel.as_coeff_Mul()[1]
    else:
        return None
    forms = {}
    for atom in atoms:
        b = atom.g.subs({v: 0 for v in atom.g.free_symbols})
        a = sp.expand((atom.g - b) / kernel)
        if a.free_symbols or a == 0:
            return None
        forms[atom] = (a, b)
    return kernel, forms


def _on_kernel(goal: Goal, lhs, rhs, atoms: list[Atom], kernel: sp.Expr, forms) -> Outcome | None:
    """Split on the value of the kernel k: intervals of k, then the hypersurfaces k = root (solved for a variable)."""
    prove_goal = goal.context.prover

    roots = sort_exact(-b / a for a, b in forms.values())
    edges = [-sp.oo, *roots, sp.oo]
    parts = []
    for j in range(len(edges) - 1):
        sample = rational_between(edges[j], edges[j + 1])
        truth = {atom.relation: atom.truth(constant_sign(a * sample + b)) for atom, (a, b) in forms.items()}
        found = prove_goal(goal.with_sides(_decide(lhs, truth), _decide(rhs, truth)))
        if found is None:
            return None
        parts.append(Certificate("case", {"region": f"{edges[j]} < {kernel} < {edges[j + 1]}", "method": found[0]},
                                 (found[1].certificate,)))
    for root in roots:
        if root == 0:
            return None  # k = 0 may split further (x = 0 or y = 0)
        truth = {atom.relation: atom.truth(constant_sign(a * root + b)) for atom, (a, b) in forms.items()}
        v = next((s for s in sorted(kernel.free_symbols, key=str) if sp.degree(kernel, s) == 1), None)
        if v is None:
            return None
        value = sp.solve(sp.Eq(kernel, root), v)
        if len(value) != 1:
            return None
        sub = goal.with_sides(_decide(lhs, truth).subs(v, value[0]), _decide(rhs, truth).subs(v, value[0]))
        found = prove_goal(sub)
        if found is None:
            return None
        parts.append(Certificate("case", {"region": f"{kernel} = {root}", "method": found[0]},
                                 (found[1].certificate,)))
    return Outcome(Certificate("case-split", {"kernel": str(kernel), "breakpoints": [str(r) for r in roots]},
                               tuple(parts)))


def feasible(constraints: list[tuple[sp.Expr, int]]) -> bool:
    """Whether linear constraints sign(gᵢ) = sᵢ can hold together (Fourier–Motzkin over ℚ).

    Each constraint is (g, s) with g linear: s = 1 means g > 0, −1 means g < 0, 0 means g = 0. Returns True
    when unsure (non-linear constraints), so that no possible case is ever skipped.

    >>> a, b = sp.symbols("a b", real=True)
    >>> feasible([(a - b, 1), (b - a, 1)])
    False
    """
    ineqs: list[tuple[sp.Expr, bool]] = []  # (h, strict): h > 0 or h >= 0
    for g, s in constraints:
        if not g.is_polynomial() or sp.Poly(g, *g.free_symbols).total_degree() > 1:
            return True
        if s == 0:
            ineqs += [(g, False), (-g, False)]
        else:
            ineqs.append((s * g, True))
    variables = sorted(set().union(*[h.free_symbols for h, _ in ineqs]), key=str)
    for v in variables:
        lower, upper, rest = [], [], []
        for h, strict in ineqs:
            c = sp.expand(h).coeff(v)
            if not c.is_Rational:
                return True
            if c == 0:
                rest.append((h, strict))
            elif c > 0:
                lower.append((sp.expand(h / c), strict))
            else:
                upper.append((sp.expand(h / -c), strict))
        for (lo, s1), (up, s2) in itertools.product(lower, upper):
            rest.append((sp.expand(lo + up), s1 or s2))
        ineqs = rest
        if len(ineqs) > 400:
            return True
    for h, strict in ineqs:
        if h.free_symbols:
            return True
        sign = constant_sign(h)
        if sign is not None and ((strict and sign <= 0) or (not strict and sign < 0)):
            return False
    return True


def _parameter_to_refine(g: sp.Expr, s: int, t: sp.Symbol, parameters: list[sp.Symbol]) -> sp.Symbol | None:
    """A positive parameter p of g that g = s·t can be solved for with p still provably positive."""
    for p in parameters:
        c = g.diff(p)
        if g.has(p) and c.is_number and c != 0:
            value = _solve_linear(g, p, s * t)
            if is_positive(value):
                return p
    return None


def _solve_linear(g: sp.Expr, v: sp.Symbol, value: sp.Expr) -> sp.Expr:
    """v such that g = value, for g linear in v with a constant coefficient."""
    c = g.diff(v)
    return sp.expand((value - (g - c * v)) / c)


def _solvable(g: sp.Expr, taken: set[sp.Symbol]) -> sp.Symbol | None:
    """A variable g is linear in (constant coefficient), preferring one without a declared sign (solving for a
    positive d would forget that d > 0)."""
    free = sorted(g.free_symbols - taken, key=lambda v: (v.is_positive or v.is_negative or False, str(v)))
    for v in free:
        if g.diff(v).is_number and g.diff(v) != 0:
            return v
    return None


def _multivariate(goal: Goal, lhs, rhs, atoms: list[Atom]) -> Outcome | None:
    prove_goal = goal.context.prover

    cores = list(sp.ordered(dict.fromkeys(a.g for a in atoms)))
    if len(cores) > MAX_ATOMS:
        return None
    parts, excluded = [], []
    for signs in itertools.product((1, -1, 0), repeat=len(cores)):
        sign_of = dict(zip(cores, signs, strict=True))
        if not feasible(list(sign_of.items())):
            continue
        truth = {a.relation: a.truth(sign_of[a.g]) for a in atoms}
        sub_lhs, sub_rhs = _decide(lhs, truth), _decide(rhs, truth)
        substitution, positive, taken = {}, [], set()
        for g, s in sign_of.items():
            g = sp.expand(g.xreplace(substitution))
            v = _solvable(g, taken | set(positive) | set(goal.context.positive))
            t = sp.S.Zero if s == 0 else sp.Dummy("t", positive=True)
            if v is None:
                # no original variable left: solve for a parameter when its value stays provably positive
                v = _parameter_to_refine(g, s, t, positive)
                if v is None:
                    continue
            if s != 0:
                positive.append(t)
            value = _solve_linear(g, v, s * t)
            substitution = {k: e.xreplace({v: value}) for k, e in substitution.items()}
            substitution[v] = value
            taken.add(v)
        region = ", ".join(f"{g} {'>' if s > 0 else '<' if s < 0 else '='} 0" for g, s in sign_of.items())
        sub = goal.with_sides(sub_lhs.xreplace(substitution), sub_rhs.xreplace(substitution),
                              positive=goal.context.positive + tuple(positive))
        found = prove_goal(sub)
        if found is None:
            if 0 in signs and has_kink_values(sub.lhs - sub.rhs):
                excluded.append(region)
                continue
            return None
        parts.append(Certificate("case", {"region": region, "method": found[0]}, (found[1].certificate,)))
        excluded += found[1].excluded
    return Outcome(Certificate("case-split", {"conditions": [str(g) for g in cores]}, tuple(parts)),
                   excluded=tuple(excluded))


def _sign_under(e: sp.Expr, goal: Goal) -> int | None:
    """The sign of e (free of the split variable) proved from the goal's hypotheses, or None."""
    prove_goal = goal.context.prover

    e = sp.cancel(e)
    if e == 0:
        return 0
    context = goal.context.deeper(interval=None)
    for sign, relation in ((1, ">"), (-1, "<")):
        if prove_goal(Goal(e, sp.S.Zero, relation, context)) is not None:
            return sign
    return None



def _point_case(goal: Goal, lhs: sp.Expr, rhs: sp.Expr, truth: dict, x: sp.Symbol, point: sp.Expr,
                parts: list, excluded: list) -> bool:
    """The goal at x = point with the cases decided by `truth`: proved (a part added), or excluded when it
    fails only through a kink value left open (recorded); False when neither."""
    prove_goal = goal.context.prover

    sub = goal.with_sides(_decide(lhs, truth).subs(x, point), _decide(rhs, truth).subs(x, point))
    found = prove_goal(sub)
    if found is None:
        if not has_kink_values(sub.lhs - sub.rhs):
            return False
        excluded.append(f"{x} = {point}")
        parts.append(Certificate("case", {"region": f"{x} = {point}", "method": "excluded: kink"}))
        return True
    parts.append(Certificate("case", {"region": f"{x} = {point}", "method": found[0]}, (found[1].certificate,)))
    return True


def _parametric(goal: Goal, lhs, rhs, atoms: list[Atom], x: sp.Symbol) -> Outcome | None:
    """One variable x with symbolic breakpoints: every condition is α·x + β ⋈ 0 with the sign of α proved from
    the hypotheses, the roots −β/α are ordered by proved signs of their differences, and the goal is proved on
    each interval between them (its bounds as hypotheses) and at each root."""
    prove_goal = goal.context.prover

    line = variable_interval(x, goal.context.hypotheses)
    if (line.lo, line.hi) != (-sp.oo, sp.oo):
        return None
    fixed: dict[sp.Basic, bool] = {}
    linear: list[tuple[Atom, int, sp.Expr]] = []  # (atom, sign of α, root)
    for atom in atoms:
        if not atom.g.has(x):
            sign = _sign_under(atom.g, goal)
            if sign is None:
                return None
            fixed[atom.relation] = atom.truth(sign)
            continue
        poly = sp.Poly(atom.g, x)
        if poly.degree() != 1:
            return None
        alpha, beta = poly.all_coeffs()
        sign = _sign_under(alpha, goal)
        if not sign:
            return None
        linear.append((atom, sign, sp.cancel(-beta / alpha)))
    roots: list[sp.Expr] = []
    for _, _, r in linear:
        if all(sp.cancel(r - q) != 0 for q in roots):
            roots.append(r)
    order: dict[tuple[int, int], int] = {}
    for i, j in itertools.combinations(range(len(roots)), 2):
        sign = _sign_under(roots[i] - roots[j], goal)
        if not sign:
            return None
        order[i, j], order[j, i] = sign, -sign
    ranked = sorted(range(len(roots)), key=lambda i: sum(order.get((i, j), 0) > 0 for j in range(len(roots))))
    roots = [roots[i] for i in ranked]
    position = {k: next(i for i, q in enumerate(roots) if sp.cancel(r - q) == 0) for k, (_, _, r) in enumerate(linear)}

    def truth_at(where) -> dict:
        """where = ("interval", k): between roots[k-1] and roots[k]; ("point", k): at roots[k]."""
        kind, k = where
        table = dict(fixed)
        for n, (atom, alpha_sign, _) in enumerate(linear):
            j = position[n]
            side = (1 if j < k else -1) if kind == "interval" else (1 if j < k else -1 if j > k else 0)
            table[atom.relation] = atom.truth(alpha_sign * side)
        return table

    parts, excluded = [], []
    edges = [-sp.oo, *roots, sp.oo]
    for k in range(len(roots) + 1):
        truth = truth_at(("interval", k))
        bounds = (*((x > edges[k],) if edges[k] != -sp.oo else ()),
                  *((x < edges[k + 1],) if edges[k + 1] != sp.oo else ()))
        sub = Goal(_decide(lhs, truth), _decide(rhs, truth), goal.relation,
                   goal.context.deeper(hypotheses=goal.context.hypotheses + bounds))
        found = prove_goal(sub)
        if found is None:
            return None
        region = f"{edges[k]} < {x} < {edges[k + 1]}"
        parts.append(Certificate("case", {"region": region, "method": found[0]}, (found[1].certificate,)))
        excluded += found[1].excluded
    for k, root in enumerate(roots):
        if not _point_case(goal, lhs, rhs, truth_at(("point", k)), x, root, parts, excluded):
            return None
    return Outcome(Certificate("case-split", {"variable": str(x), "breakpoints": [str(r) for r in roots]},
                               tuple(parts)), excluded=tuple(excluded))


def _split_variables(atoms: list[Atom]) -> list[sp.Symbol]:
    """Variables every condition is at most linear in (the others are then parameters), most used first."""
    variables = set().union(*[a.g.free_symbols for a in atoms])
    usable = [v for v in variables
              if all(not a.g.has(v) or (a.g.is_polynomial(v) and sp.degree(a.g, v) == 1) for a in atoms)]
    return sorted(usable, key=lambda v: (-sum(a.g.has(v) for a in atoms), str(v)))


def _as_cases(expr: sp.Expr) -> sp.Expr:
    """Kinked functions as cases, folded into one top-level case distinction (repeated for nested kinks)."""
    for _ in range(4):
        folded = sp.piecewise_fold(kinks_to_piecewise(expr))
        if not folded.has(*KINKED_NODES[:3], sp.Heaviside, sp.sign) or folded == expr:
            return folded
        expr = folded
    return expr


def cases(goal: Goal) -> Outcome | None:
    """Split the domain where a case condition changes and prove the goal on every piece."""
    lhs, rhs = _as_cases(goal.lhs), _as_cases(goal.rhs)
    if not (lhs.has(sp.Piecewise) or rhs.has(sp.Piecewise)):
        # the cases cancelled when folded together (the same distinction on both sides): prove what is left
        unfolded = (goal.lhs.has(sp.Piecewise, *KINKED_NODES) or goal.rhs.has(sp.Piecewise, *KINKED_NODES))
        return prove_pieces_free(goal, lhs, rhs) if unfolded and (lhs, rhs) != (goal.lhs, goal.rhs) else None
    lhs, rhs = _decide_closed(lhs), _decide_closed(rhs)
    if lhs is None or rhs is None:
        return None
    left, right = relation_atoms(lhs), relation_atoms(rhs)
    if left is None or right is None:
        return None
    atoms = left[0] + right[0]
    decided = {**left[1], **right[1]}
    if decided:
        lhs, rhs = _decide(lhs, decided), _decide(rhs, decided)
    if not atoms:
        return prove_pieces_free(goal, lhs, rhs)
    variables = set().union(*[a.g.free_symbols for a in atoms])
    if len(variables) == 1:
        return _univariate(goal, lhs, rhs, atoms, next(iter(variables)))
    found = _kernel(atoms)
    if found is not None:
        return _on_kernel(goal, lhs, rhs, atoms, *found)
    if not all(a.g.is_polynomial() and sp.Poly(a.g, *a.g.free_symbols).total_degree() <= 1 for a in atoms):
        for x in _split_variables(atoms)[:2]:
            outcome = _parametric(goal, lhs, rhs, atoms, x)
            if outcome is not None:
                return outcome
    return _multivariate(goal, lhs, rhs, atoms)


def prove_pieces_free(goal: Goal, lhs, rhs) -> Outcome | None:
    """Every case condition was decided: the goal without cases."""
    prove_goal = goal.context.prover

    if lhs.has(sp.Piecewise) or rhs.has(sp.Piecewise):
        return None
    found = prove_goal(goal.with_sides(lhs, rhs))
    return None if found is None else Outcome(Certificate("cases-decided", {"method": found[0]},
                                                          (found[1].certificate,)), excluded=found[1].excluded)


ALGEBRAIC = frozenset({"identical", "rewrite", "exp-rational", "exponentiate", "index-sums"})
"""The strategies an identity in unknowns is tried with: algebra only (no cases, limits or last resorts)."""


def kinks_as_atoms(goal: Goal) -> Outcome | None:
    """An equality that holds with every kinked sub-expression (H, sign, |·|, max, min, cases, ReLU, …) replaced
    by an unknown: an identity in those unknowns holds whatever values they take, so no case split is needed.
    H(g) and sign(g) are first written as cases, so that sign(g) and the derivative of |g| are one unknown."""
    prove_goal = goal.context.prover

    if goal.relation != "==":
        return None
    sides = [_cases_of_steps(goal.lhs), _cases_of_steps(goal.rhs)]
    table: dict[sp.Basic, sp.Dummy] = {}

    def mask(a: sp.Basic) -> sp.Dummy:
        return table.setdefault(a, sp.Dummy(f"k{len(table)}", real=True))

    masked = [side.replace(is_kinked, mask) for side in sides]  # H and sign are cases by now
    if not table or any(m.has(sp.Piecewise, *KINKED_NODES) for m in masked):
        return None
    if any(has_kink_values(a) for a in table):  # a value left open at a kink: the case split says where
        return None
    found = prove_goal(goal.with_sides(*masked), only=ALGEBRAIC)
    if found is None:
        return None
    atoms = [sp.sstr(a) for a in sorted(table, key=sp.default_sort_key)]
    return Outcome(Certificate("kinks-as-atoms", {"atoms": atoms, "method": found[0]}, (found[1].certificate,)),
                   excluded=found[1].excluded)


def _cases_of_steps(expr: sp.Expr) -> sp.Expr:
    """H(g) and sign(g) as cases."""
    expr = expr.replace(lambda a: isinstance(a, sp.Heaviside), lambda a: heaviside_piecewise(*a.args))
    return expr.replace(lambda a: isinstance(a, sp.sign), lambda a: sign_piecewise(a.args[0]))
