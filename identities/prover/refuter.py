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

from collections.abc import Sequence
from dataclasses import dataclass

import flint
import sympy as sp

from ..vocabulary import KinkValue
from .budget import Deadline
from .numeric import Undecided, Undefined, enclose
from .points import breakpoints, sample_points

PRECISIONS = (64, 128, 512, 2048)


@dataclass(frozen=True)
class Refutation:
    """A certified point where `lhs relation rhs` fails."""

    point: dict[str, str]
    lhs: str
    rhs: str
    how: str
    entry: str | None = None


@dataclass(frozen=True)
class Evidence:
    """What sampling saw: how many points were evaluated, at how many digits, the largest |lhs − rhs|."""

    points: int
    digits: int
    largest_difference: str

    def to_json(self) -> dict:
        return {"points": self.points, "digits": self.digits, "largest_difference": self.largest_difference}


_FAILS = {
    "==": lambda s: s != 0,
    "<": lambda s: s >= 0,
    "<=": lambda s: s > 0,
    ">": lambda s: s <= 0,
    ">=": lambda s: s < 0,
}
"""relation → does sign(lhs − rhs) = s violate it?"""


def _exact_sign(value: sp.Expr) -> int | None:
    if value.is_Rational:
        return int(bool(value > 0)) - int(bool(value < 0))
    return None


def _ball_sign(ball: flint.arb) -> int | None:
    if ball > 0:
        return 1
    if ball < 0:
        return -1
    return 0 if ball.is_zero() else None


def check_point(lhs: sp.Expr, rhs: sp.Expr, relation: str) -> tuple[bool, str, str, str, float] | None:
    """(fails, lhs text, rhs text, how, |difference|) at a closed point; None when undecidable or undefined."""
    if any(isinstance(s, KinkValue) for s in (lhs - rhs).free_symbols):
        return None
    if lhs.free_symbols or rhs.free_symbols:
        return None
    exact = _exact_sign(lhs - rhs) if lhs.is_Rational and rhs.is_Rational else None
    if exact is not None:
        return _FAILS[relation](exact), sp.sstr(lhs), sp.sstr(rhs), "exact", float(abs(lhs - rhs))
    last = None
    for prec in PRECISIONS:
        try:
            a, b = enclose(lhs, prec), enclose(rhs, prec)
        except Undecided:
            continue
        except (Undefined, ZeroDivisionError, ValueError):
            return None
        sign = _ball_sign(a - b)
        texts = (a.str(20, radius=False), b.str(20, radius=False))
        size = float(abs((a - b).mid())) if (a - b).is_finite() else float("inf")
        if sign is not None and (relation != "==" or sign != 0):
            return _FAILS[relation](sign), *texts, "ball", size
        last = (False, *texts, "ball", size)
    return last


def refute(pairs: Sequence[tuple[str | None, sp.Expr, sp.Expr]], relation: str, *, seed: int, count: int,
           hypotheses: tuple[sp.Basic, ...] = (), labels: dict | None = None,
           deadline: Deadline | None = None, extra: dict | None = None) -> tuple[Refutation | None, Evidence]:
    """Search `count` points for a certified failure of `lhs relation rhs` (for every (entry, lhs, rhs) pair).

    >>> x = sp.Symbol("x", real=True)
    >>> found, _ = refute([(None, sp.log(1 + sp.exp(x)), x)], "==", seed=1, count=30)
    >>> found.how, found.point
    ('ball', {'x': '0'})
    """
    labels = labels or {}
    pairs = [(entry, sp.sympify(left), sp.sympify(right)) for entry, left, right in pairs]
    symbols = sorted({s for _, left, right in pairs for s in left.free_symbols | right.free_symbols
                      if not isinstance(s, KinkValue)}, key=str)
    extra = dict(extra or {})
    for s in symbols:
        extra.setdefault(s, [])
        for _, left, right in pairs:
            extra[s] += breakpoints(left - right, s)
    evaluated, largest = 0, 0.0
    for point in sample_points(symbols, seed, count, hypotheses, extra):
        if deadline is not None and deadline.expired():
            break
        for entry, left, right in pairs:
            try:
                result = check_point(left.xreplace(point), right.xreplace(point), relation)
            except (TypeError, ValueError, ZeroDivisionError, ArithmeticError):
                result = None
            if result is None:
                continue
            fails, lt, rt, how, size = result
            evaluated += 1
            largest = max(largest, size)
            if fails:
                shown = {labels.get(s, str(s)): sp.sstr(v) for s, v in point.items()}
                return Refutation(shown, lt, rt, how, entry), Evidence(evaluated, 38, f"{largest:.3g}")
    return None, Evidence(evaluated, 38, f"{largest:.3g}")
