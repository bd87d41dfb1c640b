"""Decimals a document writes: is the value correctly rounded to the digits shown?

A worked example writes `-\\log(0.37) = 0.994` or `\\sigma(1.1835) \\approx 0.7655`: the right side is the value
rounded to the digits written, not the value. Such a link is checked rigorously, with an Arb ball of the exact
value (python-flint, through `identities.prover.numeric.enclose`) of the left side — computed from the numbers the
document writes, so from its own rounded intermediates when it substitutes them:

- within half a unit of the last digit written: `proved` (correctly rounded);
- more than one unit away: `refuted` (a wrong digit), with both values;
- in between (truncated instead of rounded, or rounded from other intermediates): `unproved`, with both values;
- more than one unit away from the exact value but within one unit of a value the arithmetic could give when each
  decimal of 3 digits or more it computes with is itself rounded (`widened`): `unproved`.

Main definitions
- `decimal_places(text)`: how many digits a decimal literal writes after its point, or `None`.
- `Rounding`: the outcome of one check.
- `check_rounding(exact, written, places)`: check that `exact` rounds to `written` at `places` digits.
- `grid_places(text)`, `check_grid(exact, written, places)`: the same for each entry of a matrix or row of decimals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import flint
import sympy as sp

from identities.prover.numeric import ArbBackend, Undecided, Undefined, enclose, evaluate

_DECIMAL = re.compile(r"\s*-?\s*\d*\.(\d+)\s*")


def decimal_places(text: str) -> int | None:
    """The digits after the point of a decimal literal (`0.994` → 3), `None` for anything else.

    >>> decimal_places("0.994"), decimal_places("-1.50"), decimal_places("2"), decimal_places("x")
    (3, 2, None, None)
    """
    match = _DECIMAL.fullmatch(text)
    return len(match.group(1)) if match else None


_GRID = re.compile(r"\s*\\begin\{([bpB]?matrix)\}(.*)\\end\{\1\}\s*"
                   r"|\s*(?:\\left\s*)?\[(.*?)(?:\\right\s*)?\]\s*", re.S)
_INTEGER = re.compile(r"\s*-?\s*\d+\s*")


def grid_places(text: str) -> tuple[tuple[int | None, ...], ...] | None:
    r"""The digits after the point of each entry of a matrix or row of numbers the document writes (`None` for an
    integer, written exactly), when one entry at least is a decimal; `None` for anything else.

    >>> grid_places(r"[0.8808, 0.9084]"), grid_places(r"\begin{bmatrix}0.5 & 1 \\ 0.25 & 2.0\end{bmatrix}")
    (((4, 4),), ((1, None), (2, 1)))
    >>> grid_places("[x, 0.5]") is None
    True
    """
    match = _GRID.fullmatch(text)
    if match is None:
        return None
    body = match.group(2) if match.group(2) is not None else match.group(3)
    rows = [r for r in re.split(r"\\\\", body) if r.strip()] if match.group(2) is not None else [body]
    cells = [row.split("&") if match.group(2) is not None else row.split(",") for row in rows]
    places = []
    for row in cells:
        entries = []
        for cell in row:
            cell = re.sub(r"\\[,;:! ]", "", cell)
            if decimal_places(cell) is not None:
                entries.append(decimal_places(cell))
            elif _INTEGER.fullmatch(cell):
                entries.append(None)
            else:
                return None
        places.append(tuple(entries))
    if len({len(row) for row in places}) != 1 or all(p is None for row in places for p in row):
        return None
    return tuple(places)


def _exact_entry(exact: sp.Expr, written: sp.Integer) -> Rounding:
    """An integer entry of a matrix of decimals, written exactly: compared exactly with a rational value; any other
    value is not decided here."""
    if not exact.is_Rational:
        return Rounding("unproved", f"the value {exact} is not compared with the integer {written}", {})
    if exact == written:
        return Rounding("proved", "exact", {})
    return Rounding("refuted", f"the value is {exact}, not {written}", {"lhs": str(exact), "rhs": str(written)})


def check_grid(exact: sp.MatrixBase, written: sp.MatrixBase, places: tuple[tuple[int | None, ...], ...],
               possible: list[list[flint.arb]] | None = None) -> Rounding:
    """Each entry of `exact` rounded to the digits its entry of `written` shows (an integer entry: equal exactly).
    Refuted when one entry is; proved when every entry is; unproved otherwise, naming the entries.

    >>> x = sp.ImmutableMatrix([[1 / (1 + sp.exp(-2)), 1 / (1 + sp.exp(-sp.Rational(12, 5)))]])
    >>> check_grid(x, sp.ImmutableMatrix([[sp.Rational(8808, 10000), sp.Rational(9084, 10000)]]), ((4, 4),)).status
    'refuted'
    """
    outcomes = []
    for i, row in enumerate(places):
        for j, p in enumerate(row):
            outcome = _exact_entry(exact[i, j], written[i, j]) if p is None else \
                check_rounding(exact[i, j], written[i, j], p, possible[i][j] if possible else None)
            outcomes.append((f"({i + 1}, {j + 1})", outcome))
    worst = next((o for o in outcomes if o[1].status == "refuted"), None) or \
        next((o for o in outcomes if o[1].status == "unproved"), None)
    if worst is None:
        return Rounding("proved", f"every entry correctly rounded to the digits written ({len(outcomes)} entries)",
                        {})
    where, outcome = worst
    return Rounding(outcome.status, f"entry {where}: {outcome.message}", outcome.values)


@dataclass(frozen=True)
class Rounding:
    """`status` "proved", "refuted" or "unproved"; `message` says why; `values` both sides (the exact one as a
    decimal with a few more digits than written)."""

    status: str
    message: str
    values: dict[str, str]


def widened(expr: sp.Expr, inputs: dict[sp.Symbol, tuple[sp.Rational, int]], prec: int) -> flint.arb | None:
    """An Arb ball of every value of `expr` when each input symbol stands for a decimal the document rounded
    (its value ± half a unit of its last digit); `None` when it cannot be computed.

    >>> r = sp.Dummy("r")
    >>> ball = widened(2 * r, {r: (sp.Rational(1, 4), 2)}, 64)
    >>> bool(ball > 0.48), bool(ball < 0.52), bool(ball > 0.495)
    (True, True, False)
    """
    backend = ArbBackend(prec)
    env = {}
    for s, (v, p) in inputs.items():
        low, high = v - sp.Rational(1, 2 * 10**p), v + sp.Rational(1, 2 * 10**p)  # exact ends: a rigorous hull
        env[s] = backend.rational(int(low.p), int(low.q)).union(backend.rational(int(high.p), int(high.q)))
    try:
        return evaluate(expr, backend, env)
    except (Undefined, Undecided, ArithmeticError, TypeError, ValueError):
        return None


def check_rounding(exact: sp.Expr, written: sp.Rational, places: int, possible: flint.arb | None = None
                   ) -> Rounding:
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
    if possible is not None and not abs(possible - enclose(written, 128)) > enclose(unit, 128):
        return Rounding("unproved", f"not correctly rounded (the value is {values['lhs']}…), but within one unit of "
                        "the last digit of a value computed from the document's rounded intermediates", values)
    if distance > enclose(unit, 128):
        return Rounding("refuted", f"not the value rounded to {places} digits: the value is {values['lhs']}…, "
                        "more than one unit of the last digit away", values)
    if distance > half:
        return Rounding("unproved", f"within one unit of the last digit but not correctly rounded (the value is "
                        f"{values['lhs']}…: truncated, or computed from other rounded intermediates?)", values)
    return Rounding("unproved", "the value lies too close to half a unit of the last digit to decide", values)


__all__ = ["Rounding", "check_grid", "check_rounding", "decimal_places", "grid_places"]
