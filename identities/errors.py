"""Errors: one small hierarchy, each naming where the problem is

Main definitions
- `ProofsheetError`: the root.
- `ClaimError`: a claim (or a whole claim file) cannot be read; names file, line and claim id.
- `StepCheckError`: a derivation step does not follow from the one before.
- `RenderError`: a sheet cannot be rendered (e.g. a verdict differs from its expectation).
"""

from __future__ import annotations


class ProofsheetError(Exception):
    """Root of proofsheet's exceptions."""


class ClaimError(ProofsheetError):
    """Malformed input: `file:line: claim id: message`.

    >>> str(ClaimError("unknown name 'sigmod'", file="a.claims.toml", line=7, claim_id="sig-neg"))
    "a.claims.toml:7: claim sig-neg: unknown name 'sigmod'"
    """

    def __init__(self, message: str, *, file: str | None = None, line: int | None = None,
                 claim_id: str | None = None, fatal: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.claim_id = claim_id
        self.fatal = fatal
        """True when the whole file is unusable (no claim of it can be checked)."""

    def located(self, *, file: str | None = None, line: int | None = None,
                claim_id: str | None = None) -> ClaimError:
        """A copy with missing location fields filled in."""
        return ClaimError(self.message, file=self.file or file, line=self.line or line,
                          claim_id=self.claim_id or claim_id, fatal=self.fatal)

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        who = f"claim {self.claim_id}" if self.claim_id else ""
        return ": ".join(p for p in (where, who, self.message) if p)


class StepCheckError(ProofsheetError):
    """A link of a derivation does not hold (the message names sheet, exercise and step index)."""


class RenderError(ProofsheetError):
    """A sheet cannot be rendered."""
