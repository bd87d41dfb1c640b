"""Decimals a document writes: is the value correctly rounded to the digits shown?

A worked example writes `-\\log(0.37) = 0.994` or `\\sigma(1.1835) \\approx 0.7655`: the right side is the value
rounded to the digits written, not the value. Such a link is checked rigorously, with an Arb ball of the exact
value (python-flint, through `identities.prover.numeric.enclose`) of the left side — computed from the numbers the
document writes, so from its own rounded intermediates when it substitutes them:

- within half a unit of the last digit written: `proved` (correctly rounded);
- more than one unit away: `refuted` (a wrong digit), with both values;
- in between (truncated instead of rounded, or rounded from other intermediates): `unproved`, with both values.

Main definitions
- `decimal_places(text)`: how many digits a decimal literal writes after its point, or `None`.
- `Rounding`: the outcome of one check.
- `check_rounding(exact, written, places)`: check that `exact` rounds to `written` at `places` digits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import sympy as sp

from identities.prover.numeric import Undecided, Undefined, enclose

_DECIMAL = re.compile(r"\s*-?\s*\d*\.(\d+)\s*")


def decimal_places(text: str) -> int | None:
    """The digits after the point of a decimal literal (`0.994` → 3), `None` for anything else.

    >>> decimal_places("0.994"), decimal_places("-1.50"), decimal_places("2"), decimal_places("x")
    (3, 2, None, None)
    """
    match = _DECIMAL.fullmatch(text)
    return len(match.group(1)) if match else None


@dataclass(frozen=True)
class Rounding:
    """`status` "proved", "refuted" or "unproved"; `message` says why; `values` both sides (the exact one as a
    decimal with a few more digits than written)."""

    status: str
    message: str
    values: dict[str, str]


def check_rounding(exact: sp.Expr, written: sp.Rational, places: int) -> Rounding:
    """Whether the number `exact` rounds to `written` at `places` digits after the point.

    >>> check_rounding(-sp.log(sp.Rational(37, 100)), sp.Rational(994, 1000), 3).status
    'proved'
    >>> [check_rounding(-sp.log(sp.Rational(619, 1000)), sp.Rational(d, 1000), 3).status for d in (480, 479, 470)]
    ['proved', 'unproved', 'refuted']
    """
    unit = sp.Rational(1, 10 ** places)
    try:
        ball = enclose(exact - written, 64 + 4 * places + 64)
        shown = enclose(exact, 64 + 4 * places + 64)
    except (Undefined, Undecided, ArithmeticError, TypeError, ValueError, AttributeError) as error:
        return Rounding("unproved", f"the value is not computed ({error})", {})
    values = {"lhs": shown.str(places + 4, radius=False), "rhs": str(sp.Float(written, places + 2)).rstrip("0")}
    distance = abs(ball)
    half = enclose(unit / 2, 128)
    if distance < half or (distance <= half):
        return Rounding("proved", f"correctly rounded to {places} digits (the value is {values['lhs']}…)", values)
    if distance > enclose(unit, 128):
        return Rounding("refuted", f"not the value rounded to {places} digits: the value is {values['lhs']}…, "
                        "more than one unit of the last digit away", values)
    if distance > half:
        return Rounding("unproved", f"within one unit of the last digit but not correctly rounded (the value is "
                        f"{values['lhs']}…: truncated, or computed from other rounded intermediates?)", values)
    return Rounding("unproved", "the value lies too close to half a unit of the last digit to decide", values)


__all__ = ["Rounding", "check_rounding", "decimal_places"]
