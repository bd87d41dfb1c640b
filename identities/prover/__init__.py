"""The prover: a claim in, a proof (or a certified refutation) out

Main definitions
- `prove(claim_or_relation, ...)`: prove in a bounded worker process (time and memory limits).
- `claim_from_relation(relation, ...)`: a `Claim` from a SymPy relation such as `Eq(tanh(x), 2*sigmoid(2*x) - 1)`.
- `attempt(claim, timeout)`: the same proof attempt in this process (soft time limits only).
- `STRATEGIES`: the strategy table.
"""

from __future__ import annotations

import sympy as sp
from sympy.core.function import AppliedUndef

from ..claim import Claim, Proof
from ..problem import compile_claim
from ..workers import Limits, prove_bounded
from .engine import attempt
from .search import STRATEGIES

_RELATIONS = {sp.Eq: "==", sp.Lt: "<", sp.Le: "<=", sp.Gt: ">", sp.Ge: ">="}


def _declaration(obj: sp.Basic) -> str:
    if isinstance(obj, sp.MatrixSymbol):
        return f"matrix({obj.shape[0]}, {obj.shape[1]})"
    facts = [w for w in ("positive", "negative", "nonnegative", "nonzero", "integer") if obj.assumptions0.get(w)]
    if not facts and not obj.is_real:
        raise ValueError(f"symbol {obj} is not declared real: use symbols('{obj}', real=True)")
    return " ".join(facts) or "real"


def claim_from_relation(relation: sp.Basic, *, id: str = "interactive", title: str = "") -> Claim:
    """A claim stating `relation`, its symbols declared from their SymPy assumptions.

    >>> from identities.vocabulary import sigmoid
    >>> x = sp.Symbol("x", real=True)
    >>> claim_from_relation(sp.Eq(sigmoid(-x), 1 - sigmoid(x))).rhs
    '1 - sigmoid(x)'
    """
    kind = _RELATIONS.get(type(relation))
    if kind is None:
        raise TypeError("give a relation: Eq(a, b), Lt, Le, Gt or Ge")
    lhs, rhs = relation.args
    symbols = {}
    for obj in sorted((lhs - rhs).free_symbols | (lhs - rhs).atoms(sp.MatrixSymbol), key=str):
        symbols[obj.name] = _declaration(obj)
    for f in (lhs - rhs).atoms(AppliedUndef):
        symbols[f.func.__name__] = "function"
    claim = Claim(id=id, title=title, lhs=sp.sstr(lhs), rhs=sp.sstr(rhs), relation=kind, symbols=symbols)
    problem = compile_claim(claim)
    if problem.lhs != lhs or problem.rhs != rhs:
        raise ValueError("the relation does not read back from its text; write it as a claim file instead")
    return claim


def prove(claim: Claim | sp.Basic, *, timeout: float = 10.0, id: str = "interactive") -> Proof:
    """Prove `claim` (a `Claim` or a SymPy relation) in a worker process killed past `timeout` seconds.

    >>> from identities.vocabulary import sigmoid
    >>> x = sp.Symbol("x", real=True)
    >>> prove(sp.Eq(sigmoid(-x), 1 - sigmoid(x))).verdict.value
    'proved'
    """
    if not isinstance(claim, Claim):
        claim = claim_from_relation(claim, id=id)
    return prove_bounded(claim, Limits(seconds=timeout))


__all__ = ["STRATEGIES", "attempt", "claim_from_relation", "prove"]
