"""Derivations: calc-style chains whose every link is checked

A derivation establishes one claim as a chain, in the manner of Lean's `calc`:

    start  = e₁   (why₁)
           ≤ e₂   (why₂)
           = e₃   (why₃)

Each link eₖ₋₁ ⋈ eₖ is a claim of its own, proved on its own, with the derivation's symbols, hypotheses and
conventions. The chain must start at the claim's left side, end at its right side (or the other way round for an
equation), and its links' relations must compose to the claim's relation (== links keep it; ≤ and < compose to
≤ or <; a chain mixing ≤ and ≥ proves nothing).

Main definitions
- `Link`: one step (relation, expression text, justification).
- `Derivation`: the chain for one claim id.
- `link_claims(derivation, claim, where)`: one `Claim` per link, to be proved.
- `composed_relation(relations)`: what the chain proves, or None.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from identities.claim import Claim
from identities.errors import StepCheckError

ORDER = {"<": -1, "<=": -1, ">": 1, ">=": 1}


@dataclass(frozen=True)
class Link:
    """`relation expr` justified by `why` (prose, may hold $maths$); `rule` names an automatic rule."""

    relation: str
    expr: str
    why: str = ""
    rule: str | None = None


@dataclass(frozen=True)
class Derivation:
    """A chain establishing the claim `claim`, from `start` through `links`.

    `start` defaults to the claim's left side. `automatic` derivations are filled from the proof (the traced
    rewrite chain, or one step per differentiation rule)."""

    claim: str
    links: tuple[Link, ...] = ()
    start: str | None = None
    automatic: bool = False
    title: str = ""

    def __repr__(self) -> str:
        from .display import derivation_text

        return derivation_text(self)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))

    def _repr_latex_(self) -> str:
        from .display import derivation_latex

        return derivation_latex(self)


def composed_relation(relations: list[str]) -> str | None:
    """The relation a chain of links proves: == for all-equal links, else the common direction (strict if any
    link is strict); None when directions mix.

    >>> composed_relation(["==", "<=", "<", "=="])
    '<'
    >>> composed_relation(["<=", ">="]) is None
    True
    """
    directions = {ORDER[r] for r in relations if r in ORDER}
    if not directions:
        return "=="
    if len(directions) > 1:
        return None
    strict = any(r in ("<", ">") for r in relations)
    return {(-1, False): "<=", (-1, True): "<", (1, False): ">=", (1, True): ">"}[(directions.pop(), strict)]


def implies(proved: str, claimed: str) -> bool:
    """Whether a chain proving `proved` establishes a claim with relation `claimed`."""
    if proved == claimed:
        return True
    return (proved, claimed) in {("<", "<="), (">", ">="), ("==", "<="), ("==", ">=")}


def link_claims(derivation: Derivation, claim: Claim, where: str) -> list[Claim]:
    """One claim per link, named `<claim id>-step-<k>` (k from 1), with the claim's symbols and hypotheses.

    Raises `StepCheckError` when the chain cannot establish the claim (relations that do not compose to it)."""
    relations = [link.relation for link in derivation.links]
    proved = composed_relation(relations)
    if proved is None or not implies(proved, claim.relation):
        raise StepCheckError(f"{where}: the links' relations {relations} do not establish {claim.relation}")
    start = derivation.start or claim.lhs
    out, previous = [], start
    for k, link in enumerate(derivation.links, start=1):
        out.append(replace(claim, id=f"{claim.id}-step-{k}", title=link.why, lhs=previous, rhs=link.expr,
                           relation=link.relation, expected=True, allow_unproved=False, errata=None, latex=None,
                           at=None, witness=claim.witness))
        previous = link.expr
    return out
