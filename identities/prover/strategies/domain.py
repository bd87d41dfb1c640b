"""Domain substitution: a bounded variable written through a positive one

A variable confined by the hypotheses to an interval (p ∈ (0, 1), x ∈ (a, ∞)) is replaced by an exact bijection
from the positive reals onto that interval, so that what the hypotheses say becomes structural (w > 0) and SymPy's
positivity reasoning, ln splitting and positive-coefficient tests apply:

- (a, b): x = (a + b·w)/(1 + w);   (a, ∞): x = a + w;   (−∞, b): x = b − w;   w > 0.

Closed ends are proved separately, by substituting them. Only variables whose hypotheses narrow their declared
range are substituted.

Main definitions
- `domain_substitution`: the strategy.
"""

from __future__ import annotations

import sympy as sp

from ...claim import Certificate, Step
from ..domains import variable_interval
from ..goal import Goal, Interval, Outcome


def _bijection(interval: Interval, w: sp.Symbol) -> sp.Expr | None:
    lo, hi = interval.lo, interval.hi
    if lo.is_finite and hi.is_finite:
        return (lo + hi * w) / (1 + w)
    if lo.is_finite:
        return lo + w
    if hi.is_finite:
        return hi - w
    return None


def _about(h: sp.Basic, x: sp.Symbol) -> bool:
    return h.free_symbols == {x}


def domain_substitution(goal: Goal) -> Outcome | None:
    """x in an interval the hypotheses give it is written as an exact bijection of a fresh w > 0."""
    if goal.context.depth > 4 or not goal.context.hypotheses:
        return None
    prove_goal = goal.context.prover

    variables = sorted(goal.lhs.free_symbols | goal.rhs.free_symbols, key=str)
    for x in variables:
        if not x.is_real or x.is_integer:
            continue
        interval = variable_interval(x, goal.context.hypotheses)
        declared = variable_interval(x)
        if (interval.lo, interval.hi) == (declared.lo, declared.hi):
            continue
        w = sp.Dummy(f"w_{x.name}", positive=True)
        value = _bijection(interval, w)
        if value is None:
            continue
        rest = tuple(h for h in goal.context.hypotheses if not _about(h, x))
        parts, steps = [], []
        sub = goal.with_sides(goal.lhs.xreplace({x: value}), goal.rhs.xreplace({x: value}), hypotheses=rest)
        found = prove_goal(sub)
        if found is None:
            continue
        parts.append(Certificate("interior", {"substitution": f"{x} = {sp.sstr(value)}", "method": found[0]},
                                 (found[1].certificate,)))
        steps.append(Step(goal.relation, sub.lhs - sub.rhs if goal.relation == "==" else sub.lhs,
                          f"write {x} = {sp.sstr(value)} with w > 0 ({interval})", "domain_substitution"))
        ends = [e for e, closed in ((interval.lo, interval.lo_closed), (interval.hi, interval.hi_closed)) if closed]
        for end in ends:
            end_goal = goal.with_sides(goal.lhs.subs(x, end), goal.rhs.subs(x, end), hypotheses=rest)
            found_end = prove_goal(end_goal)
            if found_end is None:
                break
            parts.append(Certificate("end", {"point": f"{x} = {end}", "method": found_end[0]},
                                     (found_end[1].certificate,)))
        else:
            return Outcome(Certificate("domain-substitution", {"variable": str(x), "interval": str(interval)},
                                       tuple(parts)), tuple(steps) + found[1].steps, found[1].excluded,
                           found[1].needs_postcheck)
    return None
