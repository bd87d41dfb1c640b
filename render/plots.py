"""Plots: pgfplots coordinates computed in Python, asymptotes from proved limits

TeX's arithmetic overflows on exp and has no erf, so every coordinate is computed here (mpmath through
`identities.prover.numeric.value`, the point given as an environment) and pgfplots only draws. An asymptote is
read off a proved limit claim: `limit(f(x) - g(x), x, ±oo) == c` gives the line y = g(x) + c, `limit(f(x), x, ±oo)
== c` the line y = c; a limit claim that is not proved draws nothing and is reported by the sheet check.

Main definitions
- `RenderedPlot`, `render_plot(plot, checked)`.
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


@dataclass
class Series:
    coordinates: str
    label: str
    style: str = "thick"


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


def asymptote_line(claim: Claim) -> tuple[sp.Expr, sp.Symbol, str] | None:
    """(g(x) + c, x, side) when the claim is limit(f − g, x, ±oo) = c or limit(f, x, ±oo) = c."""
    problem = compile_claim(claim)
    lim, c = problem.lhs, problem.rhs
    if not isinstance(lim, sp.Limit) or lim.args[2] not in (sp.oo, -sp.oo) or c.free_symbols:
        return None
    f, x, point = lim.args[0], lim.args[1], lim.args[2]
    parts = sp.Add.make_args(f)
    g = -sp.Add(*[p for p in parts if p.is_polynomial(x) and sp.degree(p, x) <= 1])
    return g + c, x, "right" if point is sp.oo else "left"


def render_plot(plot, checked) -> RenderedPlot:
    """Coordinates of the plot's curves and of the asymptotes of its proved limit claims."""
    scope = Scope.from_table({plot.variable: "real"})
    parser = ExpressionParser(scope)
    x = scope.lookup(plot.variable)
    rendered = RenderedPlot(plot.title, plot.x[0], plot.x[1], *(plot.y or (None, None)))
    for curve in plot.curves:
        rendered.curves.append(Series(_coordinates(parser.parse(curve.expr), x, *plot.x, plot.y), curve.label))
    for claim_id in plot.asymptotes:
        proof = checked.proofs.get(claim_id)
        if proof is None or proof.verdict is not Verdict.PROVED:
            continue
        found = asymptote_line(proof.claim)
        if found is None:
            continue
        line, variable, side = found
        line = line.xreplace({variable: x})
        lo, hi = plot.x
        span = (lo + (hi - lo) / 2, hi) if side == "right" else (lo, hi - (hi - lo) / 2)
        label = f"$y = {latex(line)}$"
        rendered.asymptotes.append(Series(_coordinates(line, x, *span, plot.y), label, "dashed"))
    return rendered

