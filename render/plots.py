"""Plots: pgfplots coordinates computed in Python, asymptotes from proved limits

TeX's arithmetic overflows on exp and has no erf, so every coordinate is computed here (mpmath through
`identities.prover.numeric.value`, the point given as an environment) and pgfplots only draws. An asymptote is
drawn only when it is exactly what a proved limit claim says: the limit's argument must be one of the plot's
curves f, or f − (a·x + b) (the difference is checked by expansion to be exactly a polynomial of degree at most 1
in x), so that `limit(f(x) − (a·x + b), x, ±oo) == c` gives the line y = a·x + b + c and `limit(f(x), x, ±oo) == c`
the line y = c. Any other limit, or a limit that is not proved, is a problem (`plot_problems`): the sheet is not
rendered rather than drawn with a line the proof does not support.

Each curve has its own colour and dash pattern (`PALETTE`, `DASHES`), its asymptotes its colour, dashed.

Main definitions
- `RenderedPlot`, `render_plot(plot, checked)`.
- `asymptote_line(claim, curves)`: the asymptote a limit claim proves for one of the curves, or why it proves none.
- `plot_problems(checked)`: the plots' asymptotes that cannot be drawn, as problems naming the exercise.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from identities.claim import Claim, Verdict
from identities.declarations import Scope
from identities.expression import ExpressionParser
from identities.latex import latex
from identities.problem import compile_claim
from identities.prover.numeric import Undecided, Undefined, value

SAMPLES = 161
PALETTE = ("blue!70!black", "red!75!black", "green!50!black", "orange!90!black", "violet!80!black",
           "cyan!60!black")
DASHES = ("solid", "densely dashdotted", "densely dotted")
"""Curve k is drawn in PALETTE[k mod 6] with DASHES[k div 6 mod 3]; its asymptotes in its colour, dashed."""
ASYMPTOTE_DASHES = ("dashed", "densely dotted", "dashdotted", "loosely dashed")
"""The j-th asymptote of a curve: dashed, then dotted, … (two asymptotes of one curve differ in the legend)."""


@dataclass
class Series:
    coordinates: str
    label: str
    style: str = "thick"
    color: str = PALETTE[0]


@dataclass
class RenderedPlot:
    title: str
    xmin: float
    xmax: float
    ymin: float | None
    ymax: float | None
    curves: list[Series] = field(default_factory=list)
    asymptotes: list[Series] = field(default_factory=list)


def _coordinates(expr: sp.Expr, x: sp.Symbol, lo: float, hi: float, clip: tuple[float, float] | None) -> str:
    points = []
    for k in range(SAMPLES):
        t = sp.Rational(round(1000 * (lo + (hi - lo) * k / (SAMPLES - 1))), 1000)
        try:
            y = float(value(expr, 20, {x: t}))
        except (Undefined, Undecided, ValueError, OverflowError, ZeroDivisionError):
            continue
        if clip and not (clip[0] - 1 <= y <= clip[1] + 1):
            continue
        points.append(f"({float(t):.4g},{y:.6g})")
    return " ".join(points)


@dataclass(frozen=True)
class Asymptote:
    line: sp.Expr
    """The line y = a·x + b + c, in the plot's variable."""
    curve: int
    """The index of the curve it belongs to."""
    side: str
    """"right" (x → +∞) or "left" (x → −∞)."""


def asymptote_line(claim: Claim, curves: list[sp.Expr], x: sp.Symbol) -> Asymptote | str:
    """The asymptote that `limit(g, t, ±oo) == c` proves for one of the curves f (expressions in `x`): g must be
    f, or f − (a·t + b) exactly, and then the line is y = a·x + b + c; else a message saying why there is none.

    >>> from identities.vocabulary import hinge, softplus
    >>> x = sp.Symbol("x", real=True)
    >>> claim = Claim(id="a", lhs="limit(softplus(x) - x, x, oo)", rhs="0", symbols={"x": "real"})
    >>> asymptote_line(claim, [sp.Symbol("y"), softplus(x)], x)
    Asymptote(line=x, curve=1, side='right')
    >>> claim = Claim(id="b", lhs="limit(log(1 + exp(1 - t)) - hinge(t), t, -oo)", rhs="0", symbols={"t": "real"})
    >>> asymptote_line(claim, [softplus(1 - x), hinge(x)], x)
    'the argument of the limit is none of the curves minus a line a*x + b'
    """
    problem = compile_claim(claim)
    lim, c = problem.lhs, problem.rhs
    if not isinstance(lim, sp.Limit) or lim.args[2] not in (sp.oo, -sp.oo):
        return "not a limit as the variable tends to +oo or -oo"
    if not isinstance(c, sp.Expr) or c.free_symbols or not c.is_finite:
        return "the limit is not a finite constant"
    g, t, point = lim.args[0], lim.args[1], lim.args[2]
    for k, curve in enumerate(curves):
        rest = sp.expand(curve.xreplace({x: t}) - g)
        if rest.free_symbols <= {t} and rest.is_polynomial(t) and sp.degree(rest, t) <= 1:
            return Asymptote(sp.expand(rest + c).xreplace({t: x}), k, "right" if point is sp.oo else "left")
    return "the argument of the limit is none of the curves minus a line a*x + b"


def _asymptotes(plot, checked, x: sp.Symbol, curves: list[sp.Expr]) -> list[Asymptote | str]:
    found: list[Asymptote | str] = []
    for claim_id in plot.asymptotes:
        proof = checked.proofs.get(claim_id)
        if proof is None or proof.verdict is not Verdict.PROVED:
            found.append(f"asymptote {claim_id}: the limit is not proved")
            continue
        line = asymptote_line(proof.claim, curves, x)
        found.append(line if isinstance(line, Asymptote) else f"asymptote {claim_id}: {line}")
    return found


def _curves(plot) -> tuple[sp.Symbol, list[sp.Expr]]:
    scope = Scope.from_table({plot.variable: "real"})
    parser = ExpressionParser(scope)
    return scope.lookup(plot.variable), [parser.parse(curve.expr) for curve in plot.curves]


def plot_problems(checked) -> list[str]:
    """Every asymptote of the sheet's plots that no proved limit supports exactly, naming sheet and exercise."""
    problems = []
    for exercise in checked.sheet.exercises:
        for plot in exercise.plots:
            x, curves = _curves(plot)
            problems += [f"{checked.sheet.name}: exercise {exercise.label}: plot {plot.title!r}: {a}"
                         for a in _asymptotes(plot, checked, x, curves) if isinstance(a, str)]
    return problems


def render_plot(plot, checked) -> RenderedPlot:
    """Coordinates of the plot's curves and of the asymptotes its proved limit claims establish (an asymptote
    they do not establish is left out here and reported by `plot_problems`)."""
    x, curves = _curves(plot)
    rendered = RenderedPlot(plot.title, plot.x[0], plot.x[1], *(plot.y or (None, None)))
    for k, (curve, expr) in enumerate(zip(plot.curves, curves, strict=True)):
        style = "thick" if k < len(PALETTE) else f"thick, {DASHES[(k // len(PALETTE)) % len(DASHES)]}"
        label = curve.label or f"${latex(expr)}$"
        rendered.curves.append(Series(_coordinates(expr, x, *plot.x, plot.y), label, style,
                                      PALETTE[k % len(PALETTE)]))
    drawn: dict[int, int] = {}
    for found in _asymptotes(plot, checked, x, curves):
        if isinstance(found, str):
            continue
        dash = ASYMPTOTE_DASHES[drawn.get(found.curve, 0) % len(ASYMPTOTE_DASHES)]
        drawn[found.curve] = drawn.get(found.curve, 0) + 1
        lo, hi = plot.x
        span = (lo + (hi - lo) / 2, hi) if found.side == "right" else (lo, hi - (hi - lo) / 2)
        rendered.asymptotes.append(Series(_coordinates(found.line, x, *span, plot.y), f"$y = {latex(found.line)}$",
                                          dash, rendered.curves[found.curve].color))
    return rendered

