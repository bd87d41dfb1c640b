"""The post-check: every `proved` is evaluated at 20 or more points, at 77 digits or more

Defence in depth, in the manner of a small proof kernel: SymPy has shipped silent wrong answers (derivatives of
matrix entries that vanish, wrong limits), and so may proofsheet. After a strategy proves a claim, the claim as
written (not as the prover rewrote it: derivatives, sums and limits are evaluated by SymPy's own `doit` or
approached numerically) is evaluated with mpmath at points seeded from the claim id. A disagreement demotes the
verdict to `unproved` and is recorded; it is a bug to fix.

- Equalities and inequalities: both sides enclosed in Arb balls (256 bits, rising to 2048 when cancellation
  widens them) at ≥ 20 points of the domain, off the kink set; the claim fails at a point only when the balls
  prove it (disjoint balls for ==, ordered balls for an inequality), and a point whose balls stay too wide to
  compare is skipped, not counted.
- Limits: each `limit(f, x, x₀)` replaced by f at points approaching x₀; the sides must converge together.
- Orders: |lhs/rhs| at x → x₀ must stay bounded.
- General dimension: at explicit sizes 2 and 3, with undefined functions replaced by concrete ones.

Main definitions
- `PostCheck`: the record.
- `postcheck(problem, proof_kind, seed)`: run it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass

import mpmath
import sympy as sp
from sympy.concrete.expr_with_limits import ExprWithLimits

from ..operators import TaylorPolynomial
from ..problem import Problem
from ..vocabulary import KinkValue, is_matrix
from .budget import Deadline
from .instances import instances
from .numeric import Undecided, Undefined, enclose, value
from .points import breakpoints, sample_points
from .rules import case_boundaries, is_kinked, unfold_vectors

DIGITS = 50
MIN_POINTS = 20
PRECISIONS = (256, 512, 2048)
"""Bits of the balls: 256 bits are 77 digits."""


@dataclass(frozen=True)
class PostCheck:
    ok: bool
    points: int
    digits: int
    max_difference: str
    failure: str | None = None
    note: str | None = None

    def to_json(self) -> dict:
        out = {"ok": self.ok, "points": self.points, "digits": self.digits, "max_difference": self.max_difference}
        if self.failure:
            out["failure"] = self.failure
        if self.note:
            out["note"] = self.note
        return out


def _entries(lhs, rhs) -> list[tuple[str | None, sp.Expr, sp.Expr]]:
    if is_matrix(lhs):
        L, R = sp.ImmutableMatrix(lhs.as_explicit()), sp.ImmutableMatrix(rhs.as_explicit())
        return [(f"[{i},{j}]", L[i, j], R[i, j]) for i in range(L.rows) for j in range(L.cols)]
    return [(None, sp.sympify(lhs), sp.sympify(rhs))]


def _on_kink(expr: sp.Expr, point: dict) -> bool:
    """True when a case condition of expr is on its boundary at the point (derivatives have no value there).

    A boundary that keeps a symbol the point does not fix (the index of a sum around the case) is not decided here;
    the point is compared, and a disagreement there is a failure the post-check reports, never a proof.
    """
    for g in _kink_boundaries(expr):
        off = _off_boundary(g, point)
        if off is not None:
            if not off:
                return True
            continue
        if not g.free_symbols <= point.keys():
            continue
        try:
            if sp.simplify(g.subs(point)) == 0:
                return True
        # OverflowError, MemoryError: SymPy's 2-digit evalf of e^(10^42), the value of a boundary at a large point
        except (TypeError, ValueError, ArithmeticError, MemoryError):
            continue
    return False


def _off_boundary(g: sp.Expr, point: dict) -> bool | None:
    """True when g ≠ 0 at the point, False when g = 0 there exactly, by Arb balls; None when they cannot tell
    (SymPy decides then)."""
    for prec in (128, 512):
        try:
            ball = enclose(g, prec, point)
        except (Undecided, Undefined, TypeError, ValueError, ZeroDivisionError, ArithmeticError):
            return None
        if ball > 0 or ball < 0:
            return True
        if ball.is_exact() and ball.is_zero():
            return False
    return None


@functools.lru_cache(maxsize=64)
def _kink_boundaries(expr: sp.Expr) -> frozenset:
    """The case boundaries of expr (computed once per expression; none when nothing in it has cases)."""
    if not any(is_kinked(a) for a in sp.preorder_traversal(expr)):
        return frozenset()
    try:
        return frozenset(case_boundaries(unfold_vectors(expr)))
    except Exception:
        return frozenset()


def _evaluate(expr: sp.Expr, point: dict) -> mpmath.mpf:
    """expr at the point: integer indices substituted, SymPy's own `doit` (derivatives, sums), then mpmath with the
    real values as an environment (never substituted, so SymPy compares no numbers)."""
    indices = {s: v for s, v in point.items() if s.is_integer}
    reals = {s: v for s, v in point.items() if not s.is_integer}
    return value(expr.xreplace(indices).doit(), DIGITS, reals)


OPERATORS = (sp.Derivative, sp.Subs, sp.Sum, sp.Product, sp.Integral, TaylorPolynomial)
"""What SymPy's `doit` must evaluate; nothing else is `doit`-ed (a blanket `doit` re-evaluates Max of constants,
which SymPy compares with 2-digit floats)."""


def _closed(expr: sp.Expr, point: dict) -> tuple[sp.Expr, dict]:
    """expr with integer indices substituted, its derivatives, sums and integrals evaluated by SymPy's own
    `doit` and vector entries written out; the real values stay in an environment."""
    indices = frozenset((s, v) for s, v in point.items() if s.is_integer)
    return _closed_form(expr, indices), {s: v for s, v in point.items() if not s.is_integer}


@functools.lru_cache(maxsize=256)
def _closed_form(expr: sp.Expr, indices: frozenset) -> sp.Expr:
    """`_closed` without the real values: the same for every point with these indices (computed once)."""
    expr = _written_out(expr.xreplace(dict(indices)))
    expr = expr.replace(lambda a: isinstance(a, OPERATORS), lambda a: a.doit())
    return unfold_vectors(expr)


def _written_out(expr: sp.Basic) -> sp.Basic:
    """Finite sums written out term by term, outermost first, so that the bounds of an inner sum and the index of
    a derivative inside are numbers when SymPy reaches them: Σ_{k=a}^{b} f = f(a) + … + f(b) for integers
    a − 1 ≤ b ≤ a + 10⁴. Any other sum (symbolic or reversed bounds, an index an inner binder reuses) is left to
    SymPy's `doit`, which also does this, more slowly (it first tries closed forms: delta sums, partial fractions).

    >>> j, k = sp.symbols("j k", integer=True)
    >>> x = sp.Symbol("x", real=True)
    >>> _written_out(sp.Sum(x**k, (k, 0, j), (j, 1, 2)))
    x**2 + 2*x + 2
    >>> _written_out(sp.Sum(k * sp.Sum(x**k, (k, 0, 1)), (k, 1, 2)))  # k bound twice: SymPy's doit
    Sum(k*Sum(x**k, (k, 0, 1)), (k, 1, 2))
    """
    if not expr.args:
        return expr
    if isinstance(expr, sp.Sum):
        *inner, (k, lo, hi) = expr.limits
        body = sp.Sum(expr.function, *inner) if inner else expr.function
        rebinds = any(k in b.variables for b in sp.preorder_traversal(body) if isinstance(b, ExprWithLimits))
        if lo.is_Integer and hi.is_Integer and lo - 1 <= hi <= lo + 10_000 and not rebinds:
            return _written_out(sp.Add(*[body.xreplace({k: sp.Integer(v)}) for v in range(int(lo), int(hi) + 1)]))
        return expr
    args = [_written_out(a) for a in expr.args]
    return expr if all(a is b for a, b in zip(args, expr.args, strict=True)) else expr.func(*args)


def _compare(relation: str, left: sp.Expr, right: sp.Expr, point: dict) -> tuple[bool | None, float, str, str]:
    """(holds, |difference|, lhs text, rhs text): holds is False only when the balls prove a failure, None when
    they stay too wide to tell (the point is then not counted)."""
    (a_expr, env), (b_expr, _) = _closed(left, point), _closed(right, point)
    for prec in PRECISIONS:
        try:
            a, b = enclose(a_expr, prec, env), enclose(b_expr, prec, env)
        except Undecided:
            continue
        d = a - b
        gap = float(abs(d.mid())) if d.is_finite() else float("inf")
        texts = (a.str(15, radius=False), b.str(15, radius=False))
        fails = {"==": d > 0 or d < 0, "<": d >= 0, "<=": d > 0, ">": d <= 0, ">=": d < 0}[relation]
        if fails:
            return False, gap, *texts
        wide = d.rad() > 10 ** -40 * (1 + abs(a.mid()) + abs(b.mid()))
        if not wide:
            return True, gap, *texts
    return None, 0.0, "", ""


def _points_check(problem: Problem, lhs, rhs, seed: int, deadline: Deadline | None) -> PostCheck:
    """Every entry compared at ≥ MIN_POINTS points of the domain; a general-dimension claim at two sizes or more
    (MIN_POINTS / 2 points each, MIN_POINTS in all)."""
    evaluated, worst, checked = 0, 0.0, 0
    for inst in instances([lhs, rhs], hypotheses=problem.hypotheses):
        # Instantiated without evaluating: indices must be numbers before SymPy differentiates with respect to
        # an entry (with a symbolic index SymPy returns 0, the very pitfall this check guards against).
        pairs = _entries(inst.apply(lhs, evaluate=False), inst.apply(rhs, evaluate=False))
        hypotheses = tuple(inst.apply(h) for h in problem.hypotheses)
        symbols = sorted({s for _, left, right in pairs for s in left.free_symbols | right.free_symbols
                          if not isinstance(s, KinkValue)}, key=str)
        extra = {s: [b + d for _, left, right in pairs[:1] for b in breakpoints(left - right, s)[:4]
                     for d in (sp.Rational(1, 7), -sp.Rational(3, 11))] for s in symbols}
        quota = MIN_POINTS // 2 if inst.description else MIN_POINTS
        here, tried = 0, 0
        for point in sample_points(symbols, seed, 4 * MIN_POINTS, hypotheses, extra):
            if (deadline is not None and deadline.expired()) or tried >= 4 * quota:
                break
            tried += 1
            compared = False
            for entry, left, right in pairs:
                try:
                    if _on_kink(left - right, point):
                        continue
                    ok, gap, a, b = _compare(problem.relation, left, right, point)
                except (Undefined, TypeError, ValueError, ZeroDivisionError, ArithmeticError):
                    continue
                if ok is None:
                    continue
                compared = True
                worst = max(worst, gap)
                if not ok:
                    where = {inst.labels.get(s, str(s)): sp.sstr(v) for s, v in point.items()}
                    where.update(inst.description)
                    return PostCheck(False, evaluated + 1, DIGITS, f"{worst:.5g}",
                                     f"at {where}{' entry ' + entry if entry else ''}: lhs = {a}, rhs = {b}")
            here += compared
            evaluated += compared
            if here >= quota:
                break
        checked += 1
        if evaluated >= MIN_POINTS and (checked >= 2 or not inst.description):
            break
    note = None if evaluated >= MIN_POINTS else f"only {evaluated} points of the domain could be evaluated"
    return PostCheck(True, evaluated, 77, f"{worst:.5g}", note=note)


def _approach(point: sp.Expr, direction: str) -> list[sp.Expr]:
    if point is sp.oo:
        return [sp.Integer(10) ** k for k in (1, 2, 3, 6, 12)]
    if point is -sp.oo:
        return [-sp.Integer(10) ** k for k in (1, 2, 3, 6, 12)]
    signs = {"+": [1], "-": [-1]}.get(direction, [1, -1])
    return [point + s * sp.Rational(1, 10**k) for k in (2, 4, 6, 10, 14) for s in signs]


def _near_limit_point(side: sp.Expr, k: int, env: dict) -> sp.Expr:
    """side with each limit(f, x, x₀) replaced by f at a fresh variable, given the k-th point of the approach in
    `env` (the point is never substituted into the expression)."""
    def near(lim: sp.Limit) -> sp.Expr:
        f, x, point, direction = lim.args
        fresh = sp.Dummy(str(x), real=True)
        env[fresh] = _approach(point, str(direction))[k]
        return f.xreplace({x: fresh})

    return side.replace(lambda a: isinstance(a, sp.Limit), near)


def _limit_check(problem: Problem, seed: int) -> PostCheck:
    """Each limit replaced by its function at points approaching the limit point: the sides must meet."""
    sides = (sp.sympify(problem.lhs), sp.sympify(problem.rhs))
    others = sorted({s for side in sides for s in side.free_symbols}, key=str)
    evaluated, worst = 0, mpmath.mpf(0)
    for point in sample_points(others, seed, 6, problem.hypotheses):
        errors = []
        for k in range(5):
            env = dict(point)
            near = [_near_limit_point(side, k, env) for side in sides]
            try:
                a, b = (value(c, DIGITS, env) for c in near)
            except (Undefined, Undecided, TypeError, ValueError, IndexError):
                break
            errors.append(abs(a - b))
        if len(errors) < 3:
            continue
        evaluated += 1
        worst = max(worst, errors[-1])
        if not (errors[-1] <= mpmath.mpf(10) ** -6 or errors[-1] <= errors[0] * mpmath.mpf(10) ** -3):
            shown = [mpmath.nstr(e, 3) for e in errors]
            return PostCheck(False, evaluated, DIGITS, mpmath.nstr(worst, 5),
                             f"limits: the sides do not meet near the limit point (errors {shown})")
    return PostCheck(True, evaluated, DIGITS, mpmath.nstr(worst, 5),
                     note=None if evaluated else "no point could be evaluated", )


def _order_check(problem: Problem, seed: int) -> PostCheck:
    """|lhs/rhs| stays bounded as the variable approaches its point (at explicit functions and points)."""
    approach = problem.approach
    assert approach is not None
    steps = _approach(approach.point, approach.direction)
    evaluated, worst = 0, mpmath.mpf(0)
    for inst in instances([problem.lhs, problem.rhs]):
        lhs, rhs = inst.apply(problem.lhs), inst.apply(problem.rhs)
        others = sorted((lhs.free_symbols | rhs.free_symbols) - {approach.variable}, key=str)
        for point in sample_points(others, seed, 4, problem.hypotheses):
            ratios = []
            for x in steps:
                at = {**point, approach.variable: x}
                try:
                    a, b = _evaluate(lhs, at), _evaluate(rhs, at)
                except (Undefined, Undecided, TypeError, ValueError, ZeroDivisionError):
                    continue
                if b != 0:
                    ratios.append(abs(a / b))
            if len(ratios) < 3:
                continue
            evaluated += 1
            worst = max(worst, ratios[-1])
            if ratios[-1] > 100 * (ratios[0] + 1):
                return PostCheck(False, evaluated, DIGITS, mpmath.nstr(worst, 5),
                                 f"|lhs/rhs| grows: {[mpmath.nstr(r, 3) for r in ratios]} ({inst.description})")
    return PostCheck(True, evaluated, DIGITS, mpmath.nstr(worst, 5),
                     note=None if evaluated else "no point could be evaluated")


def postcheck(problem: Problem, lhs, rhs, seed: int, deadline: Deadline | None = None) -> PostCheck:
    """Evaluate the claim as written (lhs, rhs after the witness substitution) at points of its domain."""
    if problem.relation == "O":
        return _order_check(problem, seed)
    if sp.sympify(lhs).has(sp.Limit) or sp.sympify(rhs).has(sp.Limit) if not is_matrix(lhs) else False:
        return _limit_check(problem, seed)
    return _points_check(problem, lhs, rhs, seed, deadline)
