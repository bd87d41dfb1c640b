"""Auditing a sheet: every link proved, refuted or reported as not read

Each link that reads becomes a claim for the prover (bounded workers, `identities.check.prove_claims`); its
status is the prover's verdict — `proved` (with the method), `refuted` (with the counterexample and both sides'
values), `unproved`, `timeout`, `error` — or `unparsed` with the reason when the link does not read. A link
that uses vector or matrix notation (bold or barred names, transposes) is read with scalars; a scalar argument
does not carry over to vectors, so such a link is never called `proved` or `refuted` (it is `unproved`, with
the scalar verdict in its message). A capital name (a matrix) in a product or under a power is read the same
way and never `proved` (`W x = x W` holds for scalars only); its scalar counterexample is the instance where
every matrix and vector is 1 × 1, so it is `refuted` when no sum's range could be a dimension. A product uᵀv
of two names is read as one real atom: `proved` so holds for every value it takes, a counterexample so is not
one (`unproved`). A link read entry by entry (`entries.py`, declared shapes) is decided as its claim is. A link whose
matrices come only from the definitions of entries (`o_j^a` for `o_j^a = W_j h + b_j`) is claimed with those
entries free reals: `proved` holds for every value they take, a counterexample so is not one (`unproved`).
A dim link whose names may be rows or columns (`shapes`) is refuted only at sizes where every reading is wrong,
with each reading's shape there, and never proved.
A link whose vectors occur only in dot products and norms is claimed with those numbers as atoms; when a vector
is in two of them, a counterexample may not be one (`unproved`).
A link of products and sums of matrices that the scalar reading proves is claimed again with every name a matrix
of the shape the products force: `proved` so holds for the sheet's shapes, any other verdict is `unproved`.
A link that uses a derivative value given at the sheet's point (`∂L/∂o = 5`) is proved, never refuted.
A link of a chain qualified by a clause (`, \\forall 0 < i \\leq d`) is claimed without it: `proved` holds under
the clause too, a counterexample may lie outside it (`unproved`).

Main definitions
- `LinkResult`: one link with its status.
- `AuditReport`: the links, definitions and summary of one sheet (`to_json`, `exit_status`).
- `audit(text, kind, notation, jobs, timeout)`: audit a sheet's text.
- `audit_file(path, …)`: audit a file (`.md`, `.txt` as Markdown, `.tex` as LaTeX).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from identities.cache import ProofCache
from identities.check import prove_claims
from identities.claim import Proof

from .caveats import conclude
from .links import Definition, Link, build_links
from .notation import Notation
from .shapes import shapes_at

STATUSES = ("proved", "proved-given", "refuted", "unproved", "timeout", "error", "unparsed")


@dataclass
class LinkResult:
    """A link and its status."""

    link: Link
    status: str
    method: str | None = None
    counterexample: dict[str, str] | None = None
    values: dict[str, str] | None = None
    message: str | None = None
    internal: bool = False
    """An `error` of the audit or the prover itself (not of the document): a crash, in every figure."""

    def to_json(self) -> dict[str, Any]:
        link = self.link
        return {"line": link.line, "column": link.column, "row": link.row, "kind": link.kind,
                "latex": link.latex, "reading": link.reading, "status": self.status, "method": self.method,
                "counterexample": self.counterexample, "values": self.values,
                "reason": link.reason if self.status == "unparsed" else None,
                "reason_kind": link.reason_kind if self.status == "unparsed" else None,
                "internal": self.internal, "message": self.message,
                "given": [{"line": line, "latex": latex} for line, latex in link.given],
                "claim": None if link.claim is None else {"lhs": link.claim.lhs, "relation": link.claim.relation,
                                                           "rhs": link.claim.rhs, "at": link.claim.at,
                                                           "symbols": dict(link.claim.symbols),
                                                           "assume": list(link.claim.assume),
                                                           "conventions": dict(link.claim.conventions)}}


@dataclass
class AuditReport:
    """The audit of one sheet."""

    file: str
    links: list[LinkResult] = field(default_factory=list)
    definitions: list[Definition] = field(default_factory=list)

    @property
    def summary(self) -> dict[str, Any]:
        """Counts of links by status, decided (proved or refuted: not `proved-given`), crashes (internal errors)
        and the unparsed links by the kind of their reason (`reasons.KINDS`)."""
        counts = {s: sum(1 for r in self.links if r.status == s) for s in STATUSES}
        total = len(self.links)
        parsed = total - counts["unparsed"]
        decided = counts["proved"] + counts["refuted"]
        kinds = Counter(r.link.reason_kind or "notation" for r in self.links if r.status == "unparsed")
        return {"links": total, "parsed": parsed, "decided": decided, **counts,
                "crashes": sum(1 for r in self.links if r.internal), "definitions": len(self.definitions),
                "unparsed_by_reason": dict(sorted(kinds.items()))}

    def exit_status(self) -> int:
        """1 when a link is refuted (the sheet has an error); else 3 when the audit failed on a link (an internal
        error: the report is whole, the audit of that link is not); else 0."""
        if any(r.status == "refuted" for r in self.links):
            return 1
        return 3 if any(r.internal for r in self.links) else 0

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "links": [r.to_json() for r in self.links],
                "definitions": [{"line": d.line, "column": d.column, "latex": d.latex, "name": d.name,
                                 "reason": d.reason} for d in self.definitions],
                "summary": self.summary}


def link_result(link: Link, proof: Proof | None, matrices: Proof | None = None) -> LinkResult:
    """The status of `link` from its proof (`None`: the link did not read), and the proof of its matrix reading
    (`links.Builder.matrix_reading`) when the scalar one proved it: the prover's verdict, lowered by the caveats
    of the link's reading (`caveats.CAVEATS`)."""
    if link.failure is not None:
        return LinkResult(link, link.failure_status, message=link.failure, internal=link.failure_status == "error")
    if proof is None:
        return LinkResult(link, "unparsed", message=link.reason)
    verdict = proof.verdict.value
    if verdict == "error":
        # the audit wrote the claim: an error proving it is the audit's, unless the document's own terms broke a
        # guard of the claim grammar (an exponent too large, …)
        return LinkResult(link, "error", message=proof.message, internal=not proof.input_error)
    if "shape" in link.notes:
        return _shape_result(link, proof)
    notes = set(link.notes)
    method = proof.method
    if "matrix product" in notes and "Sum(" in link.claim.lhs + link.claim.rhs:
        notes.add("matrix product with a sum")  # a counterexample with numbers is not the 1 × 1 instance
    if matrices is not None and verdict == "proved":
        if matrices.verdict.value != "proved":
            return LinkResult(link, "unproved", message=f"proved reading the matrices as scalars, "
                              f"{matrices.verdict.value} reading the names as matrices of any shapes their products "
                              "allow, which may not be the sheet's (not decided)")
        notes -= {"matrix product", "matrix product with a sum"}
        method = matrices.method
    status, said = conclude(verdict, notes, link.detail)
    message = "; ".join(said) if said else proof.message
    if matrices is not None and status == "proved":
        message = "for matrices of every shape the products allow"
    elif verdict == "refuted" and status == "refuted" and said:
        message = f"{proof.message} ({'; '.join(said)})" if proof.message else "; ".join(said)
    elif status == "proved" and proof.domain:
        message = f"on {proof.domain}"
    refuted = status == "refuted"
    return LinkResult(link, status, method=method if status in ("proved", "proved-given") else None,
                      counterexample=dict(proof.counterexample) if refuted and proof.counterexample else None,
                      values=dict(proof.values) if refuted and proof.values else None, message=message)


def _shape_result(link: Link, proof: Proof) -> LinkResult:
    """A dim link: refuted with the shapes of both sides at the counterexample. One whose names may be rows or
    columns ("every reading") is refuted where every reading is wrong, and never proved (its claim, a product of
    the readings' errors, may vanish with each reading wrong at other sizes)."""
    verdict = proof.verdict.value
    ambiguous = "every reading" in link.notes
    if verdict == "proved" and ambiguous:
        return LinkResult(link, "unproved", message="every reading of the rows and columns is wrong somewhere, "
                          "but not at one size (not decided)")
    if verdict == "proved":
        return LinkResult(link, "proved", method=proof.method, message=proof.message)
    if verdict != "refuted" or not proof.counterexample:
        return LinkResult(link, verdict, message=proof.message)
    point = dict(proof.counterexample)
    values = shapes_at(link.detail, point)
    where = ", ".join(f"{k} = {v}" for k, v in point.items())
    every = "every reading is wrong:" if ambiguous else "the shape is"
    return LinkResult(link, "refuted", counterexample=point, values=values,
                      message=f"at {where} {every} {values['lhs']}, not {values['rhs']}")


def audit(text: str, kind: str = "markdown", notation: Notation | None = None, *, jobs: int = 1,
          timeout: float = 10.0, file: str = "<sheet>", cache: ProofCache | None = None,
          on_result: Callable[[Proof], None] | None = None) -> AuditReport:
    """Audit the sheet `text` (`kind` "markdown" or "latex"): every link proved, refuted or not read."""
    links, definitions = build_links(text, kind, notation, reading_limit=timeout)
    claims = [link.claim for link in links if link.claim is not None]
    proofs = iter(prove_claims(claims, jobs=jobs, timeout=timeout, cache=cache, on_result=on_result)) \
        if claims else iter(())
    report = AuditReport(file, definitions=definitions)
    proved = {id(link): next(proofs) for link in links if link.claim is not None}
    second = [link for link in links if "matrix claim" in link.detail and id(link) in proved
              and proved[id(link)].verdict.value == "proved"]
    matrix_proofs = prove_claims([k.detail["matrix claim"] for k in second], jobs=jobs, timeout=timeout,
                                 cache=cache) if second else []
    matrices = dict(zip((id(k) for k in second), matrix_proofs, strict=True))
    for link in links:
        try:
            result = link_result(link, proved.get(id(link), link.decided), matrices.get(id(link)))
        except Exception as error:  # one link's failure is that link's error, never the report's
            result = LinkResult(link, "error", message=f"internal error: {type(error).__name__}: {error}",
                                internal=True)
        report.links.append(result)
    return report


def kind_of(path: str | Path) -> str:
    """"latex" for `.tex`/`.ltx`, else "markdown" (`.md`, `.txt`, `.markdown`)."""
    return "latex" if Path(path).suffix.lower() in (".tex", ".ltx", ".latex") else "markdown"


def audit_file(path: str | Path, notation: Notation | None = None, *, jobs: int = 1,
               timeout: float = 10.0, cache: ProofCache | None = None,
               on_result: Callable[[Proof], None] | None = None) -> AuditReport:
    """Audit a sheet file."""
    path = Path(path)
    return audit(path.read_text(encoding="utf-8"), kind_of(path), notation, jobs=jobs, timeout=timeout,
                 file=str(path), cache=cache, on_result=on_result)


def report_text(report: AuditReport) -> str:
    """One line per link, `file:line:column: status [row r] latex — detail`, then the summary."""
    lines = []
    for r in report.links:
        link = r.link
        detail = r.method or ""
        if r.status == "refuted" and r.counterexample:
            point = ", ".join(f"{k} = {v}" for k, v in r.counterexample.items())
            values = "" if not r.values else "; " + ", ".join(f"{k} = {v}" for k, v in r.values.items())
            detail = f"at {point}{values}"
        elif r.status == "unparsed":
            detail = link.reason or ""
        elif r.message:
            detail = (detail + " " + r.message).strip()
        if link.given and r.status not in ("unparsed", "error"):
            detail += " — given " + "; ".join(f"{' '.join(latex.split())} (line {line})" for line, latex in link.given)
        lines.append(f"{report.file}:{link.line}:{link.column}: {r.status} [{link.kind} row {link.row}] "
                     f"{' '.join(link.latex.split())} — {detail}")
    s = report.summary
    lines.append(f"{s['links']} links: {s['parsed']} parsed, {s['decided']} decided ({s['proved']} proved, "
                 f"{s['refuted']} refuted), {s['proved-given']} proved given a condition or a guess, "
                 f"{s['unproved']} unproved, {s['timeout']} timeout, {s['error']} error ({s['crashes']} internal), "
                 f"{s['unparsed']} unparsed; {s['definitions']} definitions")
    if s["unparsed_by_reason"]:
        lines.append("unparsed: " + ", ".join(f"{n} {kind}" for kind, n in s["unparsed_by_reason"].items()))
    return "\n".join(lines) + "\n"


__all__ = ["STATUSES", "AuditReport", "LinkResult", "audit", "audit_file", "kind_of", "link_result", "report_text"]
