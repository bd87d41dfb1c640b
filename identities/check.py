"""Checking claim files: every claim proved or refuted in bounded workers, one report

Main definitions
- `CATALOG`: the directory of the built-in claim files.
- `claim_files(paths)`: the `*.claims.toml` files named or found under the named directories.
- `Report`: proofs in input order, fatal file errors, warnings; its `summary`, `exit_status` and JSON form.
- `check(paths, ...)`: run it.
"""

from __future__ import annotations

import os
import platform
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import mpmath
import sympy as sp

from .cache import ProofCache
from .claim import Claim, Proof, Verdict
from .claimfile import ClaimFile, load_claim_file
from .errors import ClaimError
from .latex import latex
from .workers import Limits, WorkerPool

CATALOG = Path(__file__).parent / "catalog"
VERSION = "0.1.0"

EXIT_OK, EXIT_MISMATCH, EXIT_INPUT, EXIT_INTERNAL = 0, 1, 2, 3
EXIT_INTERRUPTED = 130
"""Ctrl-C (128 + SIGINT, as shells report it): the report printed is partial."""


def claim_files(paths: Sequence[str | Path]) -> list[Path]:
    """The claim files to check: files as given, directories searched for `*.claims.toml` (sorted)."""
    if not paths:
        paths = [CATALOG]
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(p.rglob("*.claims.toml"))
        else:
            out.append(p)
    return out


def _error_proof(err: ClaimError) -> Proof:
    placeholder = Claim(id=err.claim_id or f"line-{err.line or 0}", lhs="", rhs="", file=err.file, line=err.line)
    return Proof(placeholder, Verdict.ERROR, message=err.message, input_error=True)


@dataclass
class Report:
    """The outcome of a check: proofs in input order, fatal file errors, warnings."""

    proofs: list[Proof] = field(default_factory=list)
    fatal: list[ClaimError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    unchecked: int = 0
    """Claims not checked because the check was interrupted (Ctrl-C); 0 for a complete check."""

    def summary(self) -> dict[str, int]:
        counts = {v.value: 0 for v in Verdict}
        for p in self.proofs:
            counts[p.verdict.value] += 1
        return {"total": len(self.proofs), **counts,
                "mismatches": sum(not p.matches_expectation for p in self.proofs)}

    def exit_status(self) -> int:
        """3 on an internal error, 2 on unusable input, 1 when a verdict differs from its expectation, else 0."""
        if any(p.verdict is Verdict.ERROR and not p.input_error for p in self.proofs):
            return EXIT_INTERNAL
        if self.fatal or any(p.input_error for p in self.proofs):
            return EXIT_INPUT
        if any(not p.matches_expectation for p in self.proofs):
            return EXIT_MISMATCH
        return EXIT_OK

    def to_json(self) -> dict[str, Any]:
        partial = {"interrupted": {"unchecked": self.unchecked}} if self.unchecked else {}
        return {**partial,
            "version": {"proofsheet": VERSION, "sympy": sp.__version__, "mpmath": mpmath.__version__,
                        "python": platform.python_version()},
            "claims": [proof_json(p) for p in self.proofs],
            "errors": [str(e) for e in self.fatal],
            "warnings": list(self.warnings),
            "summary": self.summary(),
        }


def proof_json(proof: Proof) -> dict[str, Any]:
    """A proof in the JSON shape DESIGN.md fixes. With `SOURCE_DATE_EPOCH` set (reproducible builds), timings
    are reported as 0 so that the same claims give the same bytes."""
    claim = proof.claim
    return {
        "id": claim.id,
        "title": claim.title,
        "file": claim.file,
        "line": claim.line,
        "sources": list(claim.sources),
        "relation": claim.relation,
        "verdict": proof.verdict.value,
        "expected": claim.expected,
        "method": proof.method,
        "certificate": proof.certificate.to_json() if proof.certificate else None,
        "seconds": 0.0 if os.environ.get("SOURCE_DATE_EPOCH") else round(proof.seconds, 3),
        "counterexample": dict(proof.counterexample) if proof.counterexample else None,
        "evidence": dict(proof.evidence) if proof.evidence else None,
        "message": proof.message,
        "domain": proof.domain,
        "values": dict(proof.values) if proof.values else None,
        "postcheck": dict(proof.postcheck) if proof.postcheck else None,
        "steps": [{"relation": s.relation, "latex": _step_latex(s.expr), "why": s.justification, "rule": s.rule}
                  for s in proof.steps],
        "diagnostics": list(proof.diagnostics),
    }


def _step_latex(expr: Any) -> str:
    try:
        return latex(expr)
    except Exception:
        return sp.sstr(expr)


_FIELD = re.compile(r"^([a-z_]+)(?:\[\d+\]|\.[A-Za-z_]\w*)?: ")


def at_offending_key(proof: Proof, files: Mapping[str, ClaimFile]) -> Proof:
    """An input error found while compiling a claim ("lhs: unknown function ...") moved to the line of the key it
    names, so that every error points at the offending line."""
    match = _FIELD.match(proof.message or "") if proof.input_error else None
    cf = files.get(proof.claim.file or "")
    if match is None or cf is None:
        return proof
    line = cf.key_line(proof.claim, match.group(1))
    return replace(proof, claim=proof.claim.with_location(proof.claim.file, line))


def load(paths: Sequence[str | Path], ids: Iterable[str] = (), strict: bool = False,
         files: dict[str, ClaimFile] | None = None) -> tuple[list, Report]:
    """The claims to prove (and error proofs for broken ones), in file order, filtered by `ids`; each file read
    is recorded in `files` when given."""
    wanted = set(ids)
    report = Report()
    items: list[Claim | Proof] = []
    for path in claim_files(paths):
        cf = load_claim_file(path, strict)
        if files is not None:
            files[cf.path] = cf
        report.warnings += cf.warnings
        if cf.fatal:
            report.fatal.append(cf.fatal)
            continue
        for entry in cf.entries:
            entry_id = entry.id if isinstance(entry, Claim) else entry.claim_id
            if wanted and entry_id not in wanted:
                continue
            items.append(entry if isinstance(entry, Claim) else _error_proof(entry))
    return items, report


class CheckInterrupted(KeyboardInterrupt):
    """Ctrl-C during a check: the workers are stopped and `report` holds the claims decided so far."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"interrupted: {report.unchecked} claims not checked")
        self.report = report


class _Interrupted(KeyboardInterrupt):
    def __init__(self, proofs: list[Proof | None]) -> None:
        super().__init__()
        self.proofs = proofs


def prove_claims(claims: Sequence[Claim], *, jobs: int = 1, timeout: float = 10.0,
                 cache: ProofCache | None = None, on_result: Callable[[Proof], None] | None = None,
                 memory_bytes: int | None = None) -> list[Proof]:
    """Proofs of `claims` in order: from the cache when it has them, else from `jobs` bounded workers."""
    proofs: list[Proof | None] = [cache.get(c, timeout) if cache else None for c in claims]
    for proof in proofs:
        if proof is not None and on_result:
            on_result(proof)
    missing = [k for k, p in enumerate(proofs) if p is None]
    if not missing:
        return [p for p in proofs if p is not None]
    limits = Limits(timeout, memory_bytes) if memory_bytes else Limits(timeout)
    # Proofs arrive in input order; those that finish early are kept too, for a partial report on Ctrl-C.
    keys = Counter((claims[k].file, claims[k].line, claims[k].id) for k in missing)
    where = {(claims[k].file, claims[k].line, claims[k].id): k for k in missing}
    early: dict[int, Proof] = {}

    def finished(proof: Proof) -> None:
        key = (proof.claim.file, proof.claim.line, proof.claim.id)
        if keys.get(key) == 1:
            early[where[key]] = proof
        if on_result:
            on_result(proof)

    def store(k: int, proof: Proof) -> None:
        proofs[k] = proof
        if cache:
            cache.put(claims[k], timeout, proof)

    try:
        with WorkerPool(jobs, limits) as pool:
            for k, proof in zip(missing, pool.run([claims[k] for k in missing], on_result=finished), strict=True):
                store(k, proof)
    except KeyboardInterrupt:
        for k, proof in early.items():
            if proofs[k] is None:
                store(k, proof)
        raise _Interrupted(proofs) from None
    return [p for p in proofs if p is not None]


def check(paths: Sequence[str | Path] = (), *, jobs: int = 1, timeout: float = 10.0, ids: Iterable[str] = (),
          strict: bool = False, on_result: Callable[[Proof], None] | None = None,
          memory_bytes: int | None = None, cache: ProofCache | None = None) -> Report:
    """Prove every claim of the files (the catalog when none are given) in `jobs` bounded workers."""
    files: dict[str, ClaimFile] = {}
    items, report = load(paths, ids, strict, files)
    claims = [i for i in items if isinstance(i, Claim)]
    try:
        proved: list[Proof | None] = list(prove_claims(claims, jobs=jobs, timeout=timeout, cache=cache,
                                                       on_result=on_result, memory_bytes=memory_bytes))
    except _Interrupted as stop:
        proved = stop.proofs
        report.unchecked = sum(p is None for p in proved)
    by_claim = iter(proved)
    for item in items:
        if isinstance(item, Proof):
            if on_result:
                on_result(item)
            report.proofs.append(item)
        else:
            proof = next(by_claim)
            if proof is not None:
                report.proofs.append(at_offending_key(proof, files))
    if report.unchecked:
        raise CheckInterrupted(report)
    return report
