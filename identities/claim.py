"""Claims, proofs and their parts

A `Claim` is immutable data: the fields of a `[[claim]]` table of a claim file (DESIGN.md fixes them), its
expressions kept as the text the author wrote. Proving a claim gives a `Proof`: a verdict, the method and
certificate that justify it, the steps of a calc-style chain, and a counterexample or evidence.

Main definitions
- `Verdict`: proved, refuted, unproved, timeout, error.
- `Claim`, `Errata`: what is claimed, where it comes from, what is expected.
- `Step`: one link `relation expr  -- justification` of a chain.
- `Certificate`: why a verdict holds (kind and data, with sub-certificates for cases and entries).
- `Proof`: the outcome of proving a claim.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

RELATIONS = ("==", "<", "<=", ">", ">=", "O")
ID_PATTERN = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SOURCE_PATTERN = re.compile(r"^(\d{3})/([^#\s/]+)(?:#(\d+))?$")
ERRATA_KINDS = ("chain", "implication", "prose")


class Verdict(enum.StrEnum):
    """The outcome of a proof attempt (DESIGN.md: verdicts and certificates)."""

    PROVED = "proved"
    REFUTED = "refuted"
    UNPROVED = "unproved"
    TIMEOUT = "timeout"
    ERROR = "error"


def _frozen_items(value: Mapping[str, Any] | tuple | None) -> tuple[tuple[str, Any], ...]:
    if value is None:
        return ()
    if isinstance(value, Mapping):
        return tuple(value.items())
    return tuple(value)


@dataclass(frozen=True)
class Errata:
    """Where a seed sheet states a false claim: its line in the seed, the kind of error, and the id of the corrected
    statement (a claim of the catalog that is proved)."""

    line: int
    kind: str
    corrected: str | None = None


@dataclass(frozen=True, repr=False)
class Claim:
    """A claim `lhs relation rhs` over declared symbols, as written in a claim file.

    Mapping-valued fields (`symbols`, `witness`, `conventions`) are stored as tuples of pairs so that a claim is
    hashable; pass dicts, read them with `dict(claim.symbols)`.

    >>> c = Claim(id="sigmoid-neg-eq-one-sub", lhs="sigmoid(-v)", rhs="1 - sigmoid(v)", symbols={"v": "real"})
    >>> c.relation, dict(c.symbols), c.expected_verdict
    ('==', {'v': 'real'}, <Verdict.PROVED: 'proved'>)
    """

    id: str
    lhs: str
    rhs: str
    relation: str = "=="
    title: str = ""
    at: str | None = None
    symbols: tuple[tuple[str, str], ...] = ()
    assume: tuple[str, ...] = ()
    witness: tuple[tuple[str, str], ...] = ()
    conventions: tuple[tuple[str, str], ...] = ()
    sources: tuple[str, ...] = ()
    expected: bool | None = None
    allow_unproved: bool = False
    errata: Errata | None = None
    latex: str | None = None
    """The seed sheet's own LaTeX of the statement, when the claim quotes a sheet."""
    file: str | None = None
    line: int | None = None
    expressions: tuple[Any, Any] | None = None
    """The sides as SymPy objects, for a claim made in Python (`claim_from_relation`): the prover reads them, not
    the text, which then only displays them."""

    def __post_init__(self) -> None:
        for name in ("symbols", "witness", "conventions"):
            object.__setattr__(self, name, _frozen_items(getattr(self, name)))
        object.__setattr__(self, "assume", tuple(self.assume))
        object.__setattr__(self, "sources", tuple(self.sources))

    @property
    def expected_verdict(self) -> Verdict:
        """The verdict the claim must get: refuted when `expected = false`, else proved."""
        return Verdict.REFUTED if self.expected is False else Verdict.PROVED

    @property
    def location(self) -> str:
        """`file:line` (or the id when the claim was not read from a file)."""
        if self.file is None:
            return self.id
        return f"{self.file}:{self.line}" if self.line else self.file

    def with_location(self, file: str | None, line: int | None) -> Claim:
        return replace(self, file=file, line=line)

    def __repr__(self) -> str:
        relation = f"= O({self.rhs}) as {self.at}" if self.relation == "O" else f"{self.relation} {self.rhs}"
        return f"<Claim {self.id}: {self.lhs} {relation}>"

    def _repr_pretty_(self, printer, cycle) -> None:
        from .display import claim_text

        printer.text(f"{self.id}: {claim_text(self)}")

    def _repr_latex_(self) -> str:
        from .display import claim_latex

        return claim_latex(self)


@dataclass(frozen=True)
class Step:
    """One link of a calc-style chain: `relation expr` justified by `justification` (and `rule`, if named).

    The link relates the previous step's expression (or the chain's start) to `expr`.
    """

    relation: str
    expr: Any
    justification: str
    rule: str | None = None


@dataclass(frozen=True)
class Certificate:
    """Why a verdict holds: a kind from DESIGN.md's list, JSON-ready data, and sub-certificates."""

    kind: str
    data: Mapping[str, Any] = field(default_factory=dict)
    parts: tuple[Certificate, ...] = ()

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "data": dict(self.data)}
        if self.parts:
            out["parts"] = [p.to_json() for p in self.parts]
        return out


def evidence_text(evidence: Mapping[str, Any]) -> str:
    """A proof's numerical evidence (its JSON form) in words: what sampling saw, never a proof.

    >>> evidence_text({"points": 12, "digits": 38, "largest_difference": "0.25", "smallest_margin": "0.25",
    ...                "at": {"x": "-1"}})
    'the relation holds at all 12 points tried, to 38 digits (smallest margin |lhs - rhs| = 0.25, at x = -1)'
    """
    if not evidence.get("points"):
        return "no point of the domain could be evaluated"
    where = ", ".join(f"{k} = {v}" for k, v in dict(evidence.get("at") or {}).items())
    where = f", at {where}" if where else ""
    points, digits = evidence["points"], evidence.get("digits")
    if evidence.get("smallest_margin") is not None:
        return (f"the relation holds at all {points} points tried, to {digits} digits "
                f"(smallest margin |lhs - rhs| = {evidence['smallest_margin']}{where})")
    return (f"the sides agree at all {points} points tried, to {digits} digits "
            f"(largest |lhs - rhs| = {evidence.get('largest_difference')}{where})")


@dataclass(frozen=True, repr=False)
class Proof:
    """The outcome of proving a claim.

    `domain` states where a `proved` claim holds when that is narrower than the declared domain (kink points
    without a convention, e.g. "x ≠ 0"); `counterexample` maps symbol names to exact SymPy strings; `evidence`
    reports what numerical sampling saw for an `unproved` claim.
    """

    claim: Claim
    verdict: Verdict
    method: str | None = None
    certificate: Certificate | None = None
    steps: tuple[Step, ...] = ()
    counterexample: Mapping[str, str] | None = None
    evidence: Mapping[str, Any] | None = None
    message: str | None = None
    seconds: float = 0.0
    domain: str | None = None
    values: Mapping[str, str] | None = None
    """Both sides' values at the counterexample, as exact or enclosed numbers."""
    postcheck: Mapping[str, Any] | None = None
    input_error: bool = False
    """True when `verdict` is `error` because the claim's text is malformed (exit status 2)."""
    diagnostics: tuple[str, ...] = ()
    """Strategies that raised while the claim was tried (`name: Type: message`, in the order met): bugs to fix,
    distinct from the numerical evidence; the verdict does not depend on them."""
    storable: bool = True
    """False for a verdict that depends on the machine rather than the claim (a worker ended by the wall-clock
    backstop): the proof cache never stores it."""

    @property
    def matches_expectation(self) -> bool:
        """True when the verdict is the expected one (an allowed `unproved` also matches)."""
        if self.verdict is self.claim.expected_verdict:
            return True
        return self.verdict is Verdict.UNPROVED and self.claim.allow_unproved

    def with_seconds(self, seconds: float) -> Proof:
        return replace(self, seconds=seconds)

    def __repr__(self) -> str:
        how = f" by {self.method}" if self.method else ""
        return f"<Proof {self.verdict.value} {self.claim.id}{how}>"

    def __str__(self) -> str:
        from .display import proof_text

        return proof_text(self)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(str(self))

    def _repr_latex_(self) -> str:
        from .display import proof_latex

        return proof_latex(self)
