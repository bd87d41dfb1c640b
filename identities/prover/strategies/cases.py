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
from ...exact import rational_between, sort_exact
from ...vocabulary import has_kink_values
from ..goal import Goal, Interval, Outcome
from ..rules import kinks_to_piecewise
from ..signs import constant_sign, is_negative, is_positive

MAX_ATOMS = 5


@dataclass(frozen=True)
class Atom:
    """A relation `scale·g ⋈ 0` of a case condition, with g canonical (primitive, leading sign positive)."""

    relation: sp.Basic
    g: sp.Expr
    scale: sp.Expr
    op: str

    def truth(self, sign: int) -> bool:
        """The relation's truth when sign(g) = `sign`."""
        s = sign * (1 if self.scale > 0 else -1)
        return {"<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0, "==": s == 0, "!=": s != 0}[self.op]


def _canonical(g: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """g = scale·core, core primitive, without factors of known sign, not starting with a minus sign.

    Only the sign of `scale` matters: factors known positive (a > 0) are dropped, negative ones flip it.
    """
    scale, core = sp.factor_terms(sp.expand(g)).as_coeff_Mul()
    kept = []
    for factor in sp.Mul.make_args(core):
        if is_positive(factor):
            continue
        if is_negative(factor):
            scale = -scale
            continue
        kept.append(factor)
    core = sp.expand(sp.Mul(*kept))
    if core.could_extract_minus_sign():
        scale, core = -scale, -core
    return core, scale


def relation_atoms(expr: sp.Basic) -> list[Atom] | None:
    """The relations in the conditions of `expr`'s cases; None when one is not polynomial."""
    atoms = []
    for pw in expr.atoms(sp.Piecewise):
        for _, cond in pw.args:
            for rel in cond.atoms(sp.core.relational.Relational):
                g = rel.lhs - rel.rhs
                if not g.free_symbols or not g.is_polynomial(*g.free_symbols):
                    return None
                core, scale = _canonical(g)
                if not core.free_symbols:
                    continue
                atoms.append(Atom(rel, core, scale, rel.rel_op))
    return atoms


def _decide(expr: sp.Basic, truth: dict[sp.Basic, bool]) -> sp.Basic:
    return expr.xreplace({rel: sp.true if value else sp.false for rel, value in truth.items()})


def _base_interval(x: sp.Symbol) -> Interval:
    if x.is_positive:
        return Interval(x, sp.S.Zero, sp.oo)
    if x.is_nonnegative:
        return Interval(x, sp.S.Zero, sp.oo, lo_closed=True)
    if x.is_negative:
        return Interval(x, -sp.oo, sp.S.Zero)
    if x.is_nonpositive:
        return Interval(x, -sp.oo, sp.S.Zero, hi_closed=True)
    return Interval(x)


def _univariate(goal: Goal, lhs, rhs, atoms: list[Atom], x: sp.Symbol) -> Outcome | None:
    from ..search import prove_goal

    roots: set[sp.Expr] = set()
    for atom in atoms:
        roots.update(sp.Poly(atom.g, x).real_roots())
    base = _base_interval(x)
    points = sort_exact(r for r in roots if base.contains(r))
    edges = [base.lo, *points, base.hi]
    parts, excluded = [], []
    for k in range(len(edges) - 1):
        lo, hi = edges[k], edges[k + 1]
        sample = rational_between(lo, hi)
        truth = {a.relation: bool(a.relation.subs(x, sample)) for a in atoms}
        piece = Interval(x, lo, hi)
        sub = goal.with_sides(_decide(lhs, truth), _decide(rhs, truth), interval=piece)
        found = prove_goal(sub)
        if found is None:
            return None
        parts.append(Certificate("case", {"region": str(piece), "method": found[0]}, (found[1].certificate,)))
        excluded += found[1].excluded
    boundary = [e for e in (base.lo, base.hi) if e.is_finite] if (base.lo_closed or base.hi_closed) else []
    for point in [*points, *[b for b in boundary if b not in points]]:
        sub = goal.with_sides(lhs.subs(x, point), rhs.subs(x, point))
        found = prove_goal(sub)
        if found is None:
            if has_kink_values(sub.lhs - sub.rhs):
                excluded.append(f"{x} = {point}")
                parts.append(Certificate("case", {"region": f"{x} = {point}", "method": "excluded: kink"}))
                continue
            return None
        parts.append(Certificate("case", {"region": f"{x} = {point}", "method": found[0]},
                                 (found[1].certificate,)))
    return Outcome(Certificate("case-split", {"variable": str(x), "breakpoints": [str(p) for p in points]},
                               tuple(parts)), excluded=tuple(excluded))


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


def _solvable(g: sp.Expr, taken: set[sp.Symbol]) -> sp.Symbol | None:
    for v in sorted(g.free_symbols - taken, key=str):
        if g.diff(v).is_number and g.diff(v) != 0:
            return v
    return None


def _multivariate(goal: Goal, lhs, rhs, atoms: list[Atom]) -> Outcome | None:
    from ..search import prove_goal

    cores = list(dict.fromkeys(a.g for a in atoms))
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
            v = _solvable(g, taken)
            if v is None:
                continue
            t = sp.S.Zero if s == 0 else sp.Dummy("t", positive=True)
            if s != 0:
                positive.append(t)
            value = sp.solve(sp.Eq(g, s * t), v)[0]
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


def cases(goal: Goal) -> Outcome | None:
    """Split the domain where a case condition changes and prove the goal on every piece."""
    lhs, rhs = kinks_to_piecewise(goal.lhs), kinks_to_piecewise(goal.rhs)
    if not (lhs.has(sp.Piecewise) or rhs.has(sp.Piecewise)):
        return None
    lhs, rhs = sp.piecewise_fold(lhs), sp.piecewise_fold(rhs)
    left, right = relation_atoms(lhs), relation_atoms(rhs)
    if left is None or right is None or not left + right:
        return None
    atoms = left + right
    variables = set().union(*[a.g.free_symbols for a in atoms])
    if len(variables) == 1:
        return _univariate(goal, lhs, rhs, atoms, next(iter(variables)))
    return _multivariate(goal, lhs, rhs, atoms)
