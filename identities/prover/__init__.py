"""The prover: a claim in, a proof (or a certified refutation) out

Main definitions
- `prove(claim_or_relation, ...)`: prove in a bounded worker process (time and memory limits).
- `claim_from_relation(relation, ...)`: a `Claim` from a SymPy relation such as `Eq(tanh(x), 2*sigmoid(2*x) - 1)`;
  `claim_from_sides(lhs, rhs, relation=...)` from the two sides. The prover reads the objects, not their text.
- `attempt(claim, timeout)`: the same proof attempt in this process (soft time limits only).
- `STRATEGIES`: the strategy table.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from ..cache import default_cache
from ..claim import RELATIONS, Claim, Proof
from ..problem import compile_claim
from ..workers import Limits, prove_bounded
from .engine import attempt
from .search import STRATEGIES

_RELATIONS = {sp.Eq: "==", sp.Lt: "<", sp.Le: "<=", sp.Gt: ">", sp.Ge: ">="}
_ASSUMPTIONS = ("positive", "negative", "nonnegative", "nonzero", "integer")
"""The facts of a SymPy symbol that a declaration carries (with `real`, which every scalar needs)."""


def _declaration(obj: sp.Basic) -> str:
    if isinstance(obj, sp.MatrixSymbol):
        return f"matrix({obj.shape[0]}, {obj.shape[1]})"
    if not obj.is_real:
        raise ValueError(f"symbol {obj} is not declared real: use symbols('{obj}', real=True)")
    facts: list[str] = []
    for fact in _ASSUMPTIONS:  # the fewest facts that give all of the symbol's (positive, not positive nonzero)
        implied = sp.Symbol("_", real=True, **dict.fromkeys(facts, True)).assumptions0.get(fact)
        if obj.assumptions0.get(fact) and not implied:
            facts.append(fact)
    declared = sp.Symbol(obj.name, real=True, **dict.fromkeys(facts, True))
    lost = sorted(k for k, v in obj.assumptions0.items() if v is True and declared.assumptions0.get(k) is not True)
    if lost:
        raise ValueError(f"symbol {obj}: the assumption {', '.join(lost)} is not one a claim can declare "
                         f"(it can: real, {', '.join(_ASSUMPTIONS)}); state it with assume=... in a claim file")
    return " ".join(facts) or "real"


def _folded(relation: object) -> str:
    return (f"SymPy already evaluated the relation to {relation} before prove saw it (an Eq whose sides SymPy "
            "finds equal or different on sight is folded to True or False). Write prove(lhs, rhs) with the two "
            "sides, or Eq(lhs, rhs, evaluate=False)")


def claim_from_relation(relation: sp.Basic, *, id: str = "interactive", title: str = "") -> Claim:
    """A claim stating `relation`, its symbols declared from their SymPy assumptions. The prover reads the
    objects themselves; the claim's text only displays them.

    >>> from identities.vocabulary import sigmoid
    >>> x = sp.Symbol("x", real=True)
    >>> claim_from_relation(sp.Eq(sigmoid(-x), 1 - sigmoid(x))).rhs
    '1 - sigmoid(x)'
    """
    if isinstance(relation, (bool, sp.logic.boolalg.BooleanAtom)):
        raise TypeError(_folded(relation))
    kind = _RELATIONS.get(type(relation))
    if kind is None:
        raise TypeError(f"give a relation (Eq, Lt, Le, Gt or Ge), or prove(lhs, rhs); got {type(relation).__name__}")
    return claim_from_sides(*relation.args, relation=kind, id=id, title=title)


def claim_from_sides(lhs: sp.Basic, rhs: sp.Basic, *, relation: str = "==", id: str = "interactive",
                     title: str = "") -> Claim:
    """A claim `lhs relation rhs` from SymPy objects (see `claim_from_relation`)."""
    if relation not in RELATIONS or relation == "O":
        raise ValueError(f"relation must be one of ==, <, <=, >, >= (got {relation!r})")
    lhs, rhs = sp.sympify(lhs), sp.sympify(rhs)
    symbols = {}
    objects = {o for side in (lhs, rhs) for o in side.free_symbols | side.atoms(sp.MatrixSymbol)}
    objects |= {d for m in objects if isinstance(m, sp.MatrixSymbol) for d in m.shape if isinstance(d, sp.Symbol)}
    for obj in sorted(objects, key=str):
        symbols[obj.name] = _declaration(obj)
    for f in sorted({f.func.__name__ for side in (lhs, rhs) for f in side.atoms(AppliedUndef)}):
        symbols[f] = "function"
    claim = Claim(id=id, title=title, lhs=sp.sstr(lhs), rhs=sp.sstr(rhs), relation=relation, symbols=symbols,
                  expressions=(lhs, rhs))
    compile_claim(claim)  # a malformed claim fails here, in the caller, not in the worker
    return claim


def prove(claim: Claim | sp.Basic, rhs: sp.Basic | None = None, *, relation: str = "==", timeout: float = 20.0,
          id: str = "interactive") -> Proof:
    """Prove `claim` (a `Claim`, a SymPy relation, or the two sides `lhs, rhs` with `relation`) in a worker
    process ended past `timeout` seconds of CPU time (or take its proof from the proof store).

    >>> from identities.vocabulary import sigmoid, softplus
    >>> x = sp.Symbol("x", real=True)
    >>> prove(sp.Eq(sigmoid(-x), 1 - sigmoid(x))).verdict.value
    'proved'
    >>> prove(sp.diff(softplus(x), x, 2), sigmoid(x) * sigmoid(-x)).verdict.value
    'proved'
    """
    if rhs is not None:
        claim = claim_from_sides(claim, rhs, relation=relation, id=id)
    elif not isinstance(claim, Claim):
        claim = claim_from_relation(claim, id=id)
    store = default_cache()
    if store is None:
        return prove_bounded(claim, Limits(seconds=timeout))
    return store.proof(claim, timeout, lambda c: prove_bounded(c, Limits(seconds=timeout)))


__all__ = ["STRATEGIES", "attempt", "claim_from_relation", "claim_from_sides", "prove"]
