"""The refuter: a point where the claim fails, certified

Points of the domain (special values, neighbours of breakpoints, large and tiny values, pseudo-random rationals
seeded from the claim id) are tried in turn. A point refutes the claim only when the failure is certain: exactly,
when both sides are rational numbers there, or rigorously, when Arb balls enclosing the two sides are disjoint
(so `log(1 + e^40)` and `40` are told apart, where floating point says they are equal). A point where a side
depends on an unspecified kink value is skipped: a claim is never refuted at a convention point it did not fix.

Main definitions
- `Refutation`: the certified point, both sides' values and how they were confirmed.
- `Evidence`: what sampling saw when nothing was refuted (points, digits, largest difference).
- `refute(pairs, relation, ...)`: the search.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import sympy as sp

from ..claim import evidence_text
from ..vocabulary import KinkValue, MLFunction
from .numeric import Undecided, Undefined, enclose
from .points import breakpoints, sample_points

PRECISIONS = (64, 128, 512, 2048)
CLEAR_BITS = 128
VISIBLE_RELATIVE = 1e-12
"""A failure is *visible* when balls of at most CLEAR_BITS bits decide it and the sides differ in their first 12
significant digits. The search returns the first visible failure; it keeps a failure that is certain but not
visible (sides of size e^(e^630), or differing by 1e-143) only until it has tried all its points, and then returns
the most visible such failure it found: a reader can check a visible counterexample with any calculator."""
MAX_REJECTED = 5
"""Points where a prepared form fails but the claim as written does not: after this many the search stops (the
preparation is then suspect, and no counterexample is better than a wrong one)."""


@dataclass(frozen=True)
class Refutation:
    """A certified point where `lhs relation rhs` fails."""

    point: dict[str, str]
    lhs: str
    rhs: str
    how: str
    entry: str | None = None
    symbols: dict | None = None
    """The point itself (symbol → rational), for checking it again."""
    bits: int | None = None
    """The precision of the Arb balls that decided it (None when exact)."""
    difference: str = ""
    """|lhs − rhs| there, to 3 digits."""

    def how_text(self) -> str:
        """|lhs − rhs| and how the failure was decided, in words.

        >>> Refutation({}, "1", "2", "ball", bits=64, difference="1").how_text()
        '|lhs - rhs| = 1, by Arb balls at 64 bits'
        """
        return f"|lhs - rhs| = {self.difference}, " + ("exact" if self.bits is None else
                                                        f"by Arb balls at {self.bits} bits")


@dataclass(frozen=True)
class Evidence:
    """What sampling saw: how many points were evaluated, at how many digits, and the telling point: for an
    equation the largest |lhs − rhs| and where, for an inequality the smallest margin |lhs − rhs| and where."""

    points: int
    digits: int
    largest_difference: str
    at: dict[str, str] | None = None
    smallest_margin: str | None = None

    def to_json(self) -> dict:
        out = {"points": self.points, "digits": self.digits, "largest_difference": self.largest_difference}
        if self.smallest_margin is not None:
            out["smallest_margin"] = self.smallest_margin
        out["at"] = dict(self.at or {})
        return out

    def text(self) -> str:
        """The evidence in words (it is never a proof).

        >>> Evidence(40, 38, "1.2e-39", {"x": "1/2"}).text()
        'the sides agree at all 40 points tried, to 38 digits (largest |lhs - rhs| = 1.2e-39, at x = 1/2)'
        """
        return evidence_text(self.to_json())


_FAILS = {
    "==": lambda s: s != 0,
    "<": lambda s: s >= 0,
    "<=": lambda s: s > 0,
    ">": lambda s: s <= 0,
    ">=": lambda s: s < 0,
}
"""relation → does sign(lhs − rhs) = s violate it?"""


EXACT_NODES = (sp.Add, sp.Mul, sp.Piecewise, sp.Max, sp.Min, sp.Abs, sp.sign, sp.Heaviside, sp.floor, sp.ceiling,
               sp.KroneckerDelta, sp.logic.boolalg.Boolean, sp.core.relational.Relational)


@functools.lru_cache(maxsize=10_000)
def rational_expression(expr: sp.Basic) -> bool:
    """True when expr is built from rationals and symbols by + − × ÷, integer powers, max, min, |·|, cases and the
    piecewise-rational activations: its value at a rational point is rational and SymPy computes it exactly."""
    if expr.is_Rational or expr.is_Symbol:
        return True
    if isinstance(expr, sp.Pow):
        return expr.exp.is_Integer and rational_expression(expr.base)
    if isinstance(expr, MLFunction):
        return rational_expression(expr.unfold())
    if isinstance(expr, EXACT_NODES):
        return all(rational_expression(a) for a in expr.args if isinstance(a, sp.Basic))
    return False


class Checked(NamedTuple):
    """A claim's two sides compared at one point."""

    fails: bool
    lhs: str
    rhs: str
    how: str
    """"exact" (rational arithmetic) or "ball" (disjoint Arb balls)."""
    size: float
    """|lhs − rhs| (inf when a side is too large for a float)."""
    bits: int | None = None
    """The precision of the balls that decided it; None when exact."""
    relative: float = 0.0
    """|lhs − rhs| / (1 + max(|lhs|, |rhs|)); 0 when a side is too large for a float."""

    @property
    def visible(self) -> bool:
        """A difference a reader sees in the printed values, decided at a modest precision."""
        return self.how == "exact" or (self.bits is not None and self.bits <= CLEAR_BITS
                                       and self.relative >= VISIBLE_RELATIVE)


def check_point(lhs: sp.Expr, rhs: sp.Expr, relation: str, point: dict) -> Checked | None:
    """The sides compared at the point (`Checked`); None when undecidable or undefined there.

    Rational expressions are evaluated exactly; anything else by Arb balls with the point as an environment
    (no number is ever substituted into a SymPy expression, whose comparisons of numbers may round). A side
    holding an unspecified kink value (d/dx max(0, x) = `Heaviside(x, relu_prime_at_0)`) is decided at every
    point where the value is not used: exactly when the kink value drops out (Heaviside(2, k) = 1), else by the
    evaluator, which raises `Undefined` (the point is skipped) only when a branch reaching the kink value is taken.

    >>> from identities.vocabulary.kinks import RELU_PRIME_AT_0 as k
    >>> h = sp.Symbol("h", real=True)
    >>> check_point(sp.Heaviside(h, k), h, "==", {h: sp.Integer(2)})[:4]
    (True, '1', '2', 'exact')
    >>> check_point(sp.Heaviside(h, k), h, "==", {h: sp.Integer(0)}) is None
    True
    """
    if rational_expression(lhs) and rational_expression(rhs):
        a, b = lhs.xreplace(point), rhs.xreplace(point)
        if a.is_Rational and b.is_Rational:
            d = a - b
            sign = int(bool(d > 0)) - int(bool(d < 0))
            return Checked(_FAILS[relation](sign), sp.sstr(a), sp.sstr(b), "exact", float(abs(d)))
    last = None
    for prec in PRECISIONS:
        try:
            a, b = enclose(lhs, prec, point), enclose(rhs, prec, point)
        except Undecided:
            continue
        except (Undefined, ZeroDivisionError, ValueError, TypeError):
            return None
        difference = a - b
        texts = (a.str(20, radius=False), b.str(20, radius=False))
        size = _magnitude(difference)
        scale = max(_magnitude(a), _magnitude(b))
        relative = size / (1 + scale) if scale < float("inf") else 0.0
        sign = 1 if difference > 0 else -1 if difference < 0 else None
        if sign is not None:
            return Checked(_FAILS[relation](sign), *texts, "ball", size, prec, relative)
        last = Checked(False, *texts, "ball", size, prec, relative)
    return last


def _magnitude(ball) -> float:
    """|midpoint| as a float (inf when it does not fit one)."""
    try:
        return float(abs(ball.mid())) if ball.is_finite() else float("inf")
    except OverflowError:
        return float("inf")


def refute(pairs: Sequence[tuple[str | None, sp.Expr, sp.Expr]], relation: str, *, seed: int, count: int,
           hypotheses: tuple[sp.Basic, ...] = (), labels: dict | None = None,
           extra: dict | None = None,
           confirm: Callable[[Refutation], bool] | None = None) -> tuple[Refutation | None, Evidence]:
    """Search `count` points for a certified failure of `lhs relation rhs` (for every (entry, lhs, rhs) pair).
    A failure is returned only if `confirm` (when given) accepts it; a rejected point is skipped and the search
    goes on (the caller checks the claim as written there: a prepared form must never refute on its own). The
    first visible failure is returned at once; failures that are certain but not visible only once every point
    has been tried (`VISIBLE_RELATIVE`).
    The search is bounded by its count of points, never by time, so that its outcome and its evidence do not
    depend on the machine's load; the caller's soft limit bounds its time.

    >>> x = sp.Symbol("x", real=True)
    >>> found, _ = refute([(None, sp.log(1 + sp.exp(x)), x)], "==", seed=1, count=30)
    >>> found.how, found.point
    ('ball', {'x': '0'})
    """
    labels = labels or {}
    pairs = [(entry, sp.sympify(left), sp.sympify(right)) for entry, left, right in pairs]
    # the hypotheses' symbols too: a point must satisfy them, even those on symbols the sides do not use
    symbols = sorted({s for _, left, right in pairs for s in left.free_symbols | right.free_symbols
                      if not isinstance(s, KinkValue)}
                     | {s for h in hypotheses for s in h.free_symbols if isinstance(s, sp.Symbol)}, key=str)
    extra = dict(extra or {})
    for s in symbols:
        extra.setdefault(s, [])
        for _, left, right in pairs:
            extra[s] += breakpoints(left - right, s)
    evaluated, largest, rejected = 0, 0.0, 0
    fallback: tuple[float, Refutation] | None = None
    telling: tuple[float, dict] | None = None
    """(|lhs − rhs|, point) at the largest difference of an equation or the smallest margin of an inequality."""
    for point in sample_points(symbols, seed, count, hypotheses, extra):
        if rejected >= MAX_REJECTED:
            break
        for entry, left, right in pairs:
            try:
                result = check_point(left, right, relation, point)
            except (TypeError, ValueError, ZeroDivisionError, ArithmeticError):
                result = None
            if result is None:
                continue
            evaluated += 1
            size = result.size
            largest = max(largest, size)
            shown = {labels.get(s, str(s)): sp.sstr(v) for s, v in point.items()}
            if telling is None or (size > telling[0] if relation == "==" else size < telling[0]):
                telling = (size, shown)
            if result.fails and (result.visible or fallback is None or result.relative > fallback[0]):
                found = Refutation(shown, result.lhs, result.rhs, result.how, entry, dict(point), result.bits,
                                   f"{size:.3g}")
                if confirm is not None and not confirm(found):
                    rejected += 1
                    continue
                if result.visible:
                    return found, _evidence(evaluated, largest, telling, relation)
                fallback = (result.relative, found)
    return (fallback[1] if fallback else None), _evidence(evaluated, largest, telling, relation)


def _evidence(evaluated: int, largest: float, telling: tuple[float, dict] | None, relation: str) -> Evidence:
    margin = None if relation == "==" or telling is None else f"{telling[0]:.3g}"
    return Evidence(evaluated, 38, f"{largest:.3g}", telling[1] if telling else None, margin)
