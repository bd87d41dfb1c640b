"""The records of the link builder: a link, a definition, an equation

Main definitions
- `Link`: one link (where, the LaTeX, the claim to prove or the reason it is not read).
- `Definition`: one definition (where, the LaTeX, what it defines).
- `Equation`: the equation t_0 = t_n a chain states (the premise or conclusion of an implication).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from identities.claim import Claim, Proof

from .reasons import Unreadable


@dataclass
class Link:
    """One link: `lhs relation rhs` at (line, column, row) of the sheet, kind "chain" or "implication"."""

    line: int
    column: int
    row: int
    latex: str
    kind: str
    relation: str
    claim: Claim | None = None
    reason: str | None = None
    """Why the link is not read (status `unparsed`)."""
    reason_kind: str | None = None
    """The kind of that reason (`reasons.KINDS`), counted in the summary."""
    notes: tuple[str, ...] = ()
    reading: str | None = None
    """The link as read, in LaTeX (printed back from SymPy)."""
    premise: int | None = None
    """For an implication: the index of the link whose equation it starts from."""
    detail: dict = field(default_factory=dict)
    rhs: tuple[int, str] | None = None
    """For a chain link: the offset in the sheet and the LaTeX of its right side."""
    given: tuple[tuple[int, str], ...] = ()
    """The definitions (line, LaTeX) substituted into the link: its verdict holds given them."""
    decided: Proof | None = None
    """The link's verdict when the audit decides it without the prover (a decimal rounded: `rounding.py`)."""
    failure: str | None = None
    """What went wrong inside the audit while reading the link (status `failure_status`)."""
    failure_status: str = "error"

    def note(self, note: str, **detail: str) -> None:
        """Add a note (a caveat of `caveats.CAVEATS`, or how the link was read) and what it says of the link; a
        detail the link has already is kept, the new one joined to it (`guesses` of several kinds)."""
        self.notes = tuple(sorted({*self.notes, note}))
        for key, value in detail.items():
            before = self.detail.get(key)
            self.detail = {**self.detail, key: value if before in (None, value) else f"{before}; {value}"}

    def unread(self, error: Unreadable) -> None:
        """The link is not read, for the reason `error`."""
        self.reason, self.reason_kind = str(error), error.kind

    def fail(self, message: str, status: str = "error") -> None:
        """Reading the link failed inside the audit (`error`: counted as a crash) or ran out of time."""
        self.failure, self.failure_status = message, status
        self.claim = None


@dataclass
class Definition:
    """A definition of the sheet: `name := value`, recorded and substituted into later links."""

    line: int
    column: int
    latex: str
    name: str
    reason: str | None = None


@dataclass
class Equation:
    lhs: sp.Expr
    rhs: sp.Expr
    at: tuple[int, int, int]
    latex: str
    is_definition: bool


__all__ = ["Definition", "Equation", "Link"]
