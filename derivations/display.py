"""Derivations on screen: a calc chain as text and as a MathJax display

A chain `start ⋈₁ e₁ ⋈₂ e₂ …` is shown one link a line, the relation aligned, the justification beside it and the
link's check after it: ✓ when the link is proved, the verdict when it is not, nothing when it was not checked.
The LaTeX is MathJax-safe (an `aligned` environment, `\\text`, `\\checkmark` and the printer's standard commands:
no custom macros), so that notebooks typeset it without a preamble.

Main definitions
- `Row`: one link to show.
- `chain_text(start, rows)`, `chain_latex(start, rows)`: the layouts.
- `derivation_text(derivation)`, `derivation_latex(derivation)`: a sheet's `Derivation` as written (unchecked).
- `checked_text(checked)`, `checked_latex(checked)`: a `CheckedDerivation`, each link with its verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from identities.claim import Claim, Proof, Verdict
from identities.display import RELATION, claim_text, mathjax_text
from identities.errors import ClaimError
from identities.latex import latex
from identities.problem import compile_claim


@dataclass(frozen=True)
class Row:
    """`relation expr  [why] mark`: the expression as text and as LaTeX; `proof` None when not checked."""

    relation: str
    text: str
    latex: str
    why: str = ""
    proof: Proof | None = None


def _mark_text(proof: Proof | None) -> str:
    if proof is None:
        return ""
    if proof.verdict is Verdict.PROVED:
        return " ✓" + (f" ({proof.domain})" if proof.domain else "")
    return f" ✗ {proof.verdict.value}" + (f" ({proof.message})" if proof.message else "")


def _mark_latex(proof: Proof | None) -> str:
    if proof is None:
        return ""
    if proof.verdict is Verdict.PROVED:
        return r"\ \checkmark" + (mathjax_text(f" ({proof.domain})") if proof.domain else "")
    return mathjax_text(f" ({proof.verdict.value})")


def chain_text(start: str, rows: list[Row]) -> str:
    """The chain one link a line, under its start.

    >>> print(chain_text("a", [Row("==", "b + 1", "b + 1", "why"), Row("<=", "c", "c", "because")]))
    a
      == b + 1   [why]
      <= c       [because]
    """
    width = min(max((len(row.text) for row in rows), default=0), 70)
    lines = [start]
    for row in rows:
        text = f"{row.text:<{width}}   [{row.why}]" if row.why else row.text
        lines.append(f"  {row.relation:<2} {text}{_mark_text(row.proof)}")
    return "\n".join(lines)


def chain_latex(start: str, rows: list[Row]) -> str:
    """The chain as `$$\\begin{aligned} start &= e₁ && \\text{why} \\\\ … \\end{aligned}$$`.

    >>> print(chain_latex("a", [Row("==", "b", "b", "why"), Row("<=", "c", "c")]))
    $$\\begin{aligned}a &= b && \\text{why} \\\\ &\\le c && \\end{aligned}$$
    """
    lines = []
    for k, row in enumerate(rows):
        left = start if k == 0 else ""
        lines.append(f"{left} &{RELATION.get(row.relation, '=')} {row.latex} && "
                     f"{mathjax_text(row.why)}{_mark_latex(row.proof)}".rstrip() + " ")
    if not rows:
        lines.append(start + " ")
    return "$$\\begin{aligned}" + "\\\\ ".join(lines) + "\\end{aligned}$$"


def _shown(text: str) -> tuple[str, str]:
    """An expression of a sheet as text and LaTeX (read with undeclared names as real scalars, for display)."""
    try:
        expr = compile_claim(Claim(id="shown", lhs=text, rhs="0")).lhs
    except ClaimError:
        return text, mathjax_text(text)
    return (sp.sstr(expr) if not isinstance(expr, sp.MatrixBase) else sp.sstr(expr.tolist())), latex(expr)


def derivation_rows(derivation) -> tuple[tuple[str, str], list[Row]]:
    """The start (text, LaTeX) and the links of a sheet's `Derivation`, unchecked."""
    start = _shown(derivation.start) if derivation.start else (f"(lhs of {derivation.claim})",
                                                               mathjax_text(f"(lhs of {derivation.claim})"))
    rows = [Row(link.relation, *_shown(link.expr), link.why) for link in derivation.links]
    return start, rows


def derivation_text(derivation) -> str:
    """A sheet's derivation as written; its links are checked by `check_sheets`, not here."""
    (start, _), rows = derivation_rows(derivation)
    what = "automatic derivation" if derivation.automatic else "derivation"
    return f"{what} of {derivation.claim} (not checked)\n" + chain_text(start, rows)


def derivation_latex(derivation) -> str:
    (_, start), rows = derivation_rows(derivation)
    return chain_latex(start, rows)


def checked_rows(checked) -> tuple[tuple[str, str], list[Row]]:
    """The start and links of a `CheckedDerivation`, each link with its proof (read in the claim's scope)."""
    rows = []
    for link in checked.links:
        try:
            expr = compile_claim(link.claim).rhs
            text, tex = sp.sstr(expr), latex(expr)
        except ClaimError:
            text, tex = link.claim.rhs, mathjax_text(link.claim.rhs)
        rows.append(Row(link.link.relation, text, tex, link.link.why, link.proof))
    try:
        start_expr = compile_claim(Claim(id="start", lhs=checked.start, rhs="0", symbols=checked.claim.symbols)).lhs
        start = (sp.sstr(start_expr), latex(start_expr))
    except ClaimError:
        start = (checked.start, mathjax_text(checked.start))
    return start, rows


def checked_text(checked) -> str:
    (start, _), rows = checked_rows(checked)
    ok = all(r.proof is not None and r.proof.verdict is Verdict.PROVED for r in rows)
    state = "every link proved" if ok else "NOT every link proved"
    head = f"derivation of {checked.claim.id}: {claim_text(checked.claim)}   [{state}]"
    return head + "\n" + chain_text(start, rows)


def checked_latex(checked) -> str:
    (_, start), rows = checked_rows(checked)
    return chain_latex(start, rows)
