"""Sample points of a claim's domain, the same on every run

The refuter and the post-check evaluate a claim at points of its domain: special values (0, ±1, ±½, large, tiny),
the neighbours of breakpoints, and pseudo-random rationals seeded from the claim id, so that a verdict never varies
between runs. Points respect each symbol's assumptions and the claim's hypotheses; an equation among the
hypotheses is solved for one of its symbols, so that points satisfy it exactly.

Main definitions
- `seed_of(text)`: a stable seed.
- `breakpoints(expr, symbol)`: where a case split of `expr` changes, for one symbol.
- `sample_points(symbols, seed, ...)`: an iterator of exact rational points.
"""

from __future__ import annotations

import functools
import hashlib
import itertools
import random
from collections.abc import Iterable, Iterator

import sympy as sp

from ..exact import relation_holds

SPECIAL = [0, 1, -1, sp.Rational(1, 2), -sp.Rational(1, 2), 2, -2, 3, -3, sp.Rational(1, 3), sp.Rational(-7, 5),
           sp.Rational(13, 7), 10, -10, sp.Rational(1, 10), -sp.Rational(1, 10), 5, -6, 100, -100, 40, -40,
           sp.Rational(1, 1000), -sp.Rational(1, 1000), sp.Rational(5, 2), -sp.Rational(9, 4)]  # fmt: skip
"""Values tried first: small, large (e^{±40} tests overflow-prone formulas), tiny, and awkward fractions."""
SMALL = 3
"""With several symbols, two random points in three draw every value from those of size at most this: a sum of a
dozen large values saturates a softmax or a sigmoid, where a wrong claim's sides agree to hundreds of digits."""


def seed_of(text: str) -> int:
    """A seed that depends only on `text` (Python's `hash` of a string varies between processes).

    >>> seed_of("sigmoid-neg-eq-one-sub") == seed_of("sigmoid-neg-eq-one-sub")
    True
    """
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


RATIONAL_FACTS = {
    "positive": lambda p, q: p > 0, "negative": lambda p, q: p < 0, "nonnegative": lambda p, q: p >= 0,
    "nonpositive": lambda p, q: p <= 0, "zero": lambda p, q: p == 0, "nonzero": lambda p, q: p != 0,
    "integer": lambda p, q: q == 1, "even": lambda p, q: q == 1 and p % 2 == 0,
    "odd": lambda p, q: q == 1 and p % 2 == 1,
}  # fmt: skip
"""The assumptions a sample value is checked against, for a rational p/q (q > 0) in plain integer arithmetic."""


def admissible(symbol: sp.Symbol, value: sp.Expr) -> bool:
    """True when `value` satisfies the assumptions of `symbol` (positive, integer, nonzero, …).

    >>> admissible(sp.Symbol("n", integer=True, positive=True), sp.Rational(3, 2))
    False
    """
    facts = _facts(symbol)
    if isinstance(value, sp.Rational):
        p, q = value.p, value.q
        return all(RATIONAL_FACTS[k](p, q) == v for k, v in facts)
    return all(getattr(value, f"is_{k}") == v for k, v in facts)


@functools.lru_cache(maxsize=1024)
def _facts(symbol: sp.Symbol) -> tuple[tuple[str, bool], ...]:
    """The assumptions of `symbol` that `admissible` checks (SymPy builds `assumptions0` anew on every call)."""
    return tuple((k, v) for k, v in symbol.assumptions0.items() if v is not None and k in RATIONAL_FACTS)


def _small(v: sp.Rational) -> bool:
    """|v| ≤ SMALL, in integer arithmetic."""
    return abs(v.p) <= SMALL * v.q


def breakpoints(expr: sp.Basic, symbol: sp.Symbol) -> list[sp.Rational]:
    """Rational points at or next to which a case distinction of `expr` in `symbol` changes.

    >>> x = sp.Symbol("x", real=True)
    >>> breakpoints(sp.Max(0, x - 1), x)[:3]
    [1, 999/1000, 1001/1000]
    """
    points: list[sp.Rational] = []
    for g in _ordered_boundaries(expr):
        if g.free_symbols != {symbol}:
            continue
        try:
            roots = sp.Poly(g, symbol).real_roots()
        except (sp.PolynomialError, NotImplementedError):
            continue
        for root in roots[:6]:
            center = root if root.is_Rational else sp.Rational(str(sp.N(root, 20)))
            points += [center, center - sp.Rational(1, 1000), center + sp.Rational(1, 1000),
                       center - sp.Rational(1, 10**6), center + sp.Rational(1, 10**6)]
    return points


@functools.lru_cache(maxsize=64)
def _ordered_boundaries(expr: sp.Basic) -> tuple[sp.Expr, ...]:
    """The case boundaries of expr in a fixed order, computed once for all its symbols (none when they cannot be
    found)."""
    from .rules import case_boundaries

    try:
        return tuple(sp.ordered(case_boundaries(expr)))
    except Exception:
        return ()


def _random_value(rng: random.Random) -> sp.Rational:
    kind = rng.random()
    if kind < 0.5:
        return sp.Rational(rng.randint(-400, 400), rng.choice([1, 2, 3, 4, 5, 7, 10, 16, 100]))
    if kind < 0.8:
        return sp.Rational(rng.randint(-3000, 3000), 1000)
    return sp.Rational(rng.choice([-1, 1]) * rng.randint(1, 60), rng.choice([1, 1, 7, 1000]))


def _pool(symbol: sp.Symbol, extra: Iterable[sp.Expr], rng: random.Random, size: int) -> list[sp.Expr]:
    values = [sp.Rational(v) for v in [*extra, *SPECIAL]]
    values += [_random_value(rng) for _ in range(size)]
    if symbol.is_integer:
        values = [v for v in values if v.is_integer] + [sp.Integer(rng.randint(-12, 12)) for _ in range(size)]
    out, seen = [], set()
    for v in values:
        if v not in seen and admissible(symbol, v):
            seen.add(v)
            out.append(v)
    return out


def sample_points(symbols: list[sp.Symbol], seed: int, count: int, hypotheses: tuple[sp.Basic, ...] = (),
                  extra: dict[sp.Symbol, list[sp.Expr]] | None = None) -> Iterator[dict[sp.Symbol, sp.Expr]]:
    """Up to `count` points (symbol → exact rational) in the domain, deterministic for a given seed.

    With one symbol its special values come first. With several, the first three points give every symbol the
    same special value (so that e.g. x = y is tried); after that such "diagonal" points are only one in four, the
    rest pseudo-random combinations (a claim true only for symmetric matrices must meet an asymmetric one early),
    two in three of them of values of size at most `SMALL`.

    >>> x = sp.Symbol("x", positive=True)
    >>> [p[x] for p in sample_points([x], seed=1, count=3)]
    [1, 1/2, 2]
    """
    rng = random.Random(seed)
    extra = extra or {}
    solved, filters = _solve_equations(symbols, hypotheses)
    free = [s for s in symbols if s not in solved]
    pools = {s: _pool(s, extra.get(s, []), rng, 40) for s in free}
    for s in free:
        if s.is_integer:
            lo, hi = _integer_range(s, filters)
            if lo is not None and hi is not None and hi - lo < 64:
                pools[s] = [v for v in (sp.Integer(k) for k in range(lo, hi + 1)) if admissible(s, v)] or pools[s]
    if not free:
        candidates: Iterable[tuple] = [()]
    else:
        diagonal = [tuple(pools[s][k % len(pools[s])] for s in free) for k in range(len(SPECIAL))]
        small = {s: [v for v in pools[s] if _small(v)] or pools[s] for s in free}
        shuffled = (tuple(rng.choice((pools if k % 3 == 2 else small)[s]) for s in free) for k in itertools.count())
        candidates = itertools.chain(diagonal, shuffled) if len(free) == 1 else \
            itertools.chain(diagonal[:3], _one_in_four(diagonal[3:], shuffled))
    tests = [_condition_test(h) for h in filters]
    produced, tried, seen = 0, 0, set()
    for combo in candidates:
        tried += 1
        if produced >= count or tried > 50 * count + 200:
            return
        if combo in seen:
            continue
        seen.add(combo)
        point = dict(zip(free, combo, strict=True))  # the pools hold admissible values only
        point.update({s: e.xreplace(point) for s, e in solved.items()})
        if not all(admissible(s, sp.sympify(point[s])) for s in solved if point[s].is_number):
            continue
        if all(test(point) for test in tests):
            produced += 1
            yield point


def _one_in_four(rare: list, common: Iterator) -> Iterator:
    """common, with the items of rare spread in as every fourth item."""
    pending = iter(rare)
    for k, item in enumerate(common):
        if k % 3 == 2:
            spread = next(pending, None)
            if spread is not None:
                yield spread
        yield item


def _integer_range(s: sp.Symbol, hypotheses: list[sp.Basic]) -> tuple[int | None, int | None]:
    """Bounds lo ≤ s ≤ hi read off hypotheses of the form s ⋈ c with c a number."""
    lo = hi = None
    atoms = [a for h in hypotheses for a in (h.args if isinstance(h, sp.And) else (h,))]
    for rel in atoms:
        if not isinstance(rel, sp.core.relational.Relational) or rel.rel_op in ("==", "!="):
            continue
        g = sp.expand(rel.lhs - rel.rhs)
        if g.free_symbols != {s} or g.diff(s) not in (1, -1):
            continue
        c = -(g - g.diff(s) * s)  # g = ±s - c
        sign = g.diff(s)
        upper = (rel.rel_op in ("<", "<=")) == (sign == 1)
        bound = c if sign == 1 else -c
        if upper:
            value = sp.floor(bound) - (1 if rel.rel_op in ("<", ">") and bound.is_integer else 0)
            hi = int(value) if hi is None else min(hi, int(value))
        else:
            value = sp.ceiling(bound) + (1 if rel.rel_op in ("<", ">") and bound.is_integer else 0)
            lo = int(value) if lo is None else max(lo, int(value))
    return lo, hi


def _condition_test(condition: sp.Basic):
    """A fast test of `condition` at a point: for a relation, the difference of its sides evaluated exactly when
    it is a rational number there (SymPy's relational machinery otherwise)."""
    if not isinstance(condition, sp.core.relational.Relational):
        return lambda point: _holds(condition, point)
    difference = condition.lhs - condition.rhs

    def test(point: dict) -> bool:
        d = difference.xreplace(point)
        return relation_holds(condition.rel_op, d) if d.is_Rational else _holds(condition, point)

    return test


def _holds(condition: sp.Basic, point: dict) -> bool:
    try:
        return bool(condition.xreplace(point).doit() == sp.true)
    except (TypeError, ValueError):
        return False


def _solve_equations(symbols, hypotheses) -> tuple[dict[sp.Symbol, sp.Expr], list[sp.Basic]]:
    """Equations among the hypotheses solved (linearly) for one symbol each; the rest are filters."""
    solved: dict[sp.Symbol, sp.Expr] = {}
    filters: list[sp.Basic] = []
    for h in hypotheses:
        if isinstance(h, sp.Eq):
            equation = (h.lhs - h.rhs).doit()
            for s in reversed([s for s in symbols if s in equation.free_symbols and s not in solved]):
                coefficient = equation.diff(s)
                if coefficient.is_number and coefficient != 0 and not equation.diff(s, 2).has(s):
                    solved[s] = sp.solve(equation, s)[0]
                    break
            else:
                filters.append(h)
        else:
            filters.append(h)
    return solved, filters
