"""Proofs as text: for terminals, logs and the interactive session

Main definitions
- `claim_text(claim)`: the claim as one line of mathematics with its domain.
- `proof_text(proof)`: verdict, method, the chain of steps with their justifications, and the evidence.
- `result_line(proof)`: `file:line: verdict id — message`, the line editors and CI annotators parse.
"""

from __future__ import annotations

import sympy as sp

from .claim import Claim, Proof, Verdict

RELATION_WORDS = {"O": "= O"}


def claim_text(claim: Claim) -> str:
    """`lhs relation rhs  (x real, …)` as written in the claim.

    >>> claim_text(Claim(id="a", lhs="sigmoid(-v)", rhs="1 - sigmoid(v)", symbols={"v": "real"}))
    'sigmoid(-v) == 1 - sigmoid(v)   for v real'
    """
    relation = RELATION_WORDS.get(claim.relation, claim.relation)
    rhs = f"({claim.rhs}) as {claim.at}" if claim.relation == "O" else claim.rhs
    declared = ", ".join(f"{name} {kind}" for name, kind in claim.symbols)
    hypotheses = "; ".join(claim.assume)
    where = "   for " + "; ".join(p for p in (declared, hypotheses) if p) if declared or hypotheses else ""
    return f"{claim.lhs} {relation} {rhs}{where}"


def _summary(proof: Proof) -> str:
    if proof.verdict is Verdict.PROVED:
        text = f"by {proof.method}"
        return f"{text}, {proof.domain}" if proof.domain else text
    if proof.message:
        return proof.message
    if proof.evidence:
        e = proof.evidence
        return f"no proof; {e.get('points')} points agree, largest difference {e.get('largest_difference')}"
    return ""


def result_line(proof: Proof) -> str:
    """`file:line: verdict id — message` (and the expectation when the verdict differs from it).

    >>> result_line(Proof(Claim(id="a", lhs="1", rhs="1", file="f.claims.toml", line=3), Verdict.PROVED,
    ...                   method="identical"))
    'f.claims.toml:3: proved a — by identical'
    """
    where = f"{proof.claim.file}:{proof.claim.line}" if proof.claim.file else "<claim>"
    text = f"{where}: {proof.verdict.value} {proof.claim.id}"
    summary = _summary(proof)
    if summary:
        text += f" — {summary}"
    if not proof.matches_expectation:
        text += f" [expected {proof.claim.expected_verdict.value}]"
    return text


def proof_text(proof: Proof) -> str:
    """A readable proof: the claim, the verdict, each step with its justification, and the checks."""
    lines = [f"claim {proof.claim.id}: {claim_text(proof.claim)}"]
    lines.append(f"verdict: {proof.verdict.value}" + (f" ({proof.method})" if proof.method else "")
                 + (f" — {proof.domain}" if proof.domain else ""))
    if proof.steps:
        lines.append("steps:")
        width = max(len(sp.sstr(s.expr)) for s in proof.steps)
        for step in proof.steps:
            expr = sp.sstr(step.expr) if not isinstance(step.expr, sp.MatrixBase) else sp.sstr(step.expr.tolist())
            lines.append(f"  {step.relation} {expr:<{min(width, 70)}}   [{step.justification}]")
    if proof.certificate is not None:
        lines.append(f"certificate: {proof.certificate.kind} {dict(proof.certificate.data) or ''}".rstrip())
    if proof.counterexample:
        point = ", ".join(f"{k} = {v}" for k, v in proof.counterexample.items())
        lines.append(f"counterexample: {point}")
    if proof.values:
        lines.append(f"values there: lhs = {proof.values.get('lhs')}, rhs = {proof.values.get('rhs')}")
    if proof.message and proof.verdict is not Verdict.REFUTED:
        lines.append(f"note: {proof.message}")
    if proof.evidence:
        lines.append(f"evidence (not a proof): {dict(proof.evidence)}")
    if proof.postcheck:
        pc = proof.postcheck
        lines.append(f"post-check: {pc.get('points')} points at {pc.get('digits')} digits, "
                     f"largest |lhs - rhs| = {pc.get('max_difference')}" + ("" if pc.get("ok") else " — FAILED"))
    lines.append(f"time: {proof.seconds:.2f} s")
    return "\n".join(lines)
