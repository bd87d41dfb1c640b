"""Generalization: a compound argument replaced by a fresh variable

To prove a statement P(u(x)) about a compound argument u(x) of some function (relu((x − 1)(x + y)),
|y + eʸ|, hardtanh(gelu(2x))), it suffices to prove ∀s P(s) for a fresh variable s: the case split then has one
variable and a polynomial condition. The fresh variable keeps what is proved about u (its sign), so that
∀s > 0 P(s) covers u = eˣ. The generalized statement may be false when P needs a relation between u and the
other variables; then this strategy simply fails.

Main definitions
- `generalize`: the strategy.
- `candidates(goal)`: compound arguments worth generalizing, largest first.
"""

from __future__ import annotations

import sympy as sp

from ...claim import Certificate, Step
from ..goal import Goal, Outcome
from ..signs import is_negative, is_nonnegative, is_positive

MAX_CANDIDATES = 3


def _assumptions(u: sp.Expr) -> dict[str, bool]:
    if is_positive(u):
        return {"positive": True}
    if is_negative(u):
        return {"negative": True}
    if is_nonnegative(u):
        return {"nonnegative": True}
    return {"real": True}


def _occurrences(goal: Goal, u: sp.Expr, s: sp.Symbol) -> dict[sp.Expr, sp.Expr]:
    """Subexpressions equal to u or −u (after expansion: SymPy writes −(x − 1)(x + y) as (1 − x)(x + y))."""
    expanded = sp.expand(u)
    table = {}
    for side in (goal.lhs, goal.rhs):
        for node in sp.preorder_traversal(side):
            if not isinstance(node, sp.Expr) or node.is_Atom or node in table:
                continue
            if not node.free_symbols <= u.free_symbols:
                continue
            if sp.expand(node) == expanded:
                table[node] = s
            elif sp.expand(-node) == expanded:
                table[node] = -s
    return table


def candidates(goal: Goal) -> list[sp.Expr]:
    """Compound real arguments of functions in the goal, appearing on both sides or more than once."""
    counts: dict[sp.Expr, int] = {}
    for side in (goal.lhs, goal.rhs):
        for f in side.atoms(sp.Function):
            for u in f.args:
                if isinstance(u, sp.Expr) and u.free_symbols and not u.is_Symbol and u.is_extended_real:
                    counts[u] = counts.get(u, 0) + 1
    chosen = [u for u, n in counts.items() if n > 1 or (goal.lhs.has(u) and goal.rhs.has(u))]
    return sorted(chosen, key=lambda u: (-sp.count_ops(u), sp.default_sort_key(u)))[:MAX_CANDIDATES]


def generalize(goal: Goal) -> Outcome | None:
    """P(u(x)) holds because ∀s P(s) does, for a fresh variable s standing for the compound argument u(x)."""
    if goal.context.depth > 3:
        return None
    prove_goal = goal.context.prover

    for u in candidates(goal):
        s = sp.Dummy("s", **_assumptions(u))
        table = _occurrences(goal, u, s)
        lhs, rhs = goal.lhs.xreplace(table), goal.rhs.xreplace(table)
        if lhs.has(*u.free_symbols) and rhs.has(*u.free_symbols) and (lhs, rhs) == (goal.lhs, goal.rhs):
            continue
        found = prove_goal(goal.with_sides(lhs, rhs), skip=frozenset({"generalize"}))
        if found is not None:
            step = Step(goal.relation, lhs - rhs if goal.relation == "==" else lhs,
                        f"write s for {sp.sstr(u)}: it suffices that the statement holds for every s", "generalize")
            return Outcome(Certificate("generalization", {"replaced": sp.sstr(u), "method": found[0]},
                                       (found[1].certificate,)), (step, *found[1].steps), found[1].excluded,
                           found[1].needs_postcheck)
    return None
