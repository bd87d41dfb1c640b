"""From a checked sheet to what the templates print

Everything a template shows is prepared here: maths by the printer (`identities.latex`), domains and conventions
in words, errata with their counterexamples, plots with their coordinates. Prose from the files (titles,
statements, justifications, answers) stays raw: the templates pass it through the `prose` or `escape` filter.

Main definitions
- `RenderedSheet` and its parts.
- `build(checked, solutions=True)`: the template context of a checked sheet.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation

import sympy as sp

from derivations.checking import CheckedDerivation, CheckedErratum, CheckedSheet
from identities.claim import Claim, Proof
from identities.display import RELATION, claim_math, domain_words
from identities.latex import latex
from identities.problem import compile_claim
from identities.text import display, escape_text
from identities.written import written, written_latex

from .plots import RenderedPlot, render_plot


@dataclass
class RenderedClaim:
    id: str
    title: str
    math: str
    domain: str
    verdict: str
    method: str
    sheet_latex: str | None = None


@dataclass
class RenderedStep:
    relation: str
    expr: str
    why: str
    mark: str


@dataclass
class RenderedDerivation:
    claim_id: str
    title: str
    start: str
    steps: list[RenderedStep]
    source: str


@dataclass
class RenderedErratum:
    claim_id: str
    line: int
    kind: str
    sheet: str
    """The sheet's own LaTeX of the statement, when it is safe to typeset (else empty)."""
    sheet_text: str
    """The sheet's LaTeX as literal text, when it is not safe to typeset."""
    math: str
    counterexample: str
    why: str
    corrected: RenderedClaim | None


@dataclass
class RenderedExercise:
    label: str
    title: str
    statement: str
    claims: list[RenderedClaim] = field(default_factory=list)
    derivations: list[RenderedDerivation] = field(default_factory=list)
    errata: list[RenderedErratum] = field(default_factory=list)
    plots: list[RenderedPlot] = field(default_factory=list)
    answer: str = ""
    remark: str = ""


@dataclass
class TableRow:
    label: str
    claim_id: str
    verdict: str
    method: str


@dataclass
class RenderedSheet:
    title: str
    course: str
    authors: str
    date: str
    intro: str
    exercises: list[RenderedExercise]
    table: list[TableRow]


def rendered_claim(claim: Claim, proof: Proof | None) -> RenderedClaim:
    sheet = display(claim.latex) if claim.latex else None
    return RenderedClaim(claim.id, claim.title, claim_math(claim), domain_words(claim, proof),
                         proof.verdict.value if proof else "missing", (proof.method or "") if proof else "", sheet)


def _expr(claim: Claim, text: str) -> str:
    """A step as its author wrote it (`identities.written`: unevaluated, terms in their order, names of vectors
    kept); display only, the proof of the step used the evaluated form."""
    try:
        return written_latex(written(claim, text))
    except Exception:  # the written form could not be built: show the evaluated form, which the proof used
        return latex(compile_claim(replace(claim, lhs=text, rhs=text, relation="==", at=None, witness=())).lhs)


def rendered_derivation(d: CheckedDerivation) -> RenderedDerivation:
    steps = [RenderedStep(RELATION.get(c.link.relation, "="), _expr(d.claim, c.link.expr), c.link.why,
                          (c.proof.method or "") if c.proof else "")
             for c in d.links]
    return RenderedDerivation(d.claim.id, d.derivation.title, _expr(d.claim, d.start), steps, d.source)


KIND_WORDS = {"chain": "a step of a chain", "implication": "an implication between equations",
              "prose": "a statement of the text"}
"""How an erratum's `kind` reads in the box's title."""

SHOWN_DIGITS = 10


def value_latex(text: str) -> str:
    """A side's value at a counterexample: exact values as fractions, enclosures (decimal midpoints) rounded to
    10 significant digits behind ≈ — the certificate is the enclosure, the digits are for the reader.

    >>> value_latex("1/1000"), value_latex("1.0000000000000000000"), value_latex("0.3333333333333333333")
    ('\\\\frac{1}{1000}', '\\\\approx 1', '\\\\approx 0.3333333333')
    """
    if "." not in text and "e" not in text.lower():
        return latex(sp.Rational(text)) if _rational(text) else escape_text(text)
    try:
        number = Decimal(text)
    except InvalidOperation:
        return escape_text(text)
    rounded = f"{number:.{SHOWN_DIGITS}g}"
    mantissa, _, exponent = rounded.partition("e")
    shown = mantissa.rstrip("0").rstrip(".") if "." in mantissa else mantissa
    if exponent:
        shown += rf" \cdot 10^{{{int(exponent)}}}"
    return rf"\approx {shown}"


def _counterexample(proof: Proof | None) -> str:
    if proof is None:
        return ""
    if proof.counterexample:
        point = ", ".join(rf"${escape_text(k).replace(chr(92) + '_', '_')} = {latex(sp.Rational(v))}$"
                          if _rational(v) else escape_text(f"{k} = {v}") for k, v in proof.counterexample.items())
        values = ""
        if proof.values:
            values = (rf" the left side is ${value_latex(proof.values['lhs'])}$ and the right side "
                      rf"${value_latex(proof.values['rhs'])}$")
        return f"at {point}{values}" if point else values
    return escape_text(proof.message or "")


def _rational(text: str) -> bool:
    return re.fullmatch(r"-?\d+(/\d+)?", text.strip()) is not None


def rendered_erratum(e: CheckedErratum) -> RenderedErratum:
    claim = e.claim
    sheet = display(claim.latex) if claim.latex else None
    shown = sheet or ""
    text = "" if sheet else escape_text(claim.latex or "")
    corrected = rendered_claim(e.corrected, e.corrected_proof) if e.corrected else None
    errata = claim.errata
    kind = errata.kind if errata else ""
    return RenderedErratum(claim.id, errata.line if errata else 0, KIND_WORDS.get(kind, kind),
                           shown, text, claim_math(claim), _counterexample(e.proof), e.erratum.why, corrected)


def build(checked: CheckedSheet, solutions: bool = True) -> RenderedSheet:
    """The template context of a checked sheet."""
    sheet = checked.sheet
    exercises, table = [], []
    for ce in checked.exercises:
        ex = ce.exercise
        rendered = RenderedExercise(ex.label, ex.title, ex.statement, answer=ex.answer, remark=ex.remark)
        if solutions:
            rendered.claims = [rendered_claim(c, p) for c, p in ce.claims]
            rendered.derivations = [rendered_derivation(d) for d in ce.derivations]
            rendered.errata = [rendered_erratum(e) for e in ce.errata]
            rendered.plots = [render_plot(p, checked) for p in ex.plots]
        exercises.append(rendered)
        for claim, proof in [*ce.claims, *[(e.claim, e.proof) for e in ce.errata]]:
            table.append(TableRow(ex.label, claim.id, proof.verdict.value if proof else "missing",
                                  (proof.method or "") if proof else ""))
    return RenderedSheet(sheet.title, sheet.course, sheet.authors, sheet.date, sheet.intro, exercises, table)
