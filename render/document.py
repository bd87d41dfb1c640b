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
from identities.claim import Claim, Proof, Verdict
from identities.declarations import Scope
from identities.display import RELATION, claim_math, domain_words
from identities.expression import ExpressionParser
from identities.latex import latex, name_latex
from identities.problem import compile_claim
from identities.prover.instances import sample_functions
from identities.text import display, escape_text
from identities.written import written, written_latex

from .layout import FailedMark, Row, claim_display, derivation_rows, too_wide
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
    legible: bool = True
    """False when the display, broken over lines, is still wider than the line at the smallest scale: the
    template then says so instead of printing it (the sheet's own form, when there is one, follows)."""
    failing: bool = False
    """The verdict differs from the claim's expectation (printed only in a draft: a sheet with one is refused)."""


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
    rows: list[Row] = field(default_factory=list)
    """The chain laid out for its `aligned` block (`render.layout.derivation_rows`)."""


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
    legible: bool = True
    """As `RenderedClaim.legible`, for the false claim's display."""


@dataclass
class Block:
    """One item of an exercise's solution, in the order it is printed: `kind` is claim, derivation or erratum."""

    kind: str
    item: RenderedClaim | RenderedDerivation | RenderedErratum


@dataclass
class RenderedExercise:
    label: str
    title: str
    statement: str
    claims: list[RenderedClaim] = field(default_factory=list)
    derivations: list[RenderedDerivation] = field(default_factory=list)
    errata: list[RenderedErratum] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)
    """Claims, derivations and errata in print order (`solution_order`)."""
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
    source: str
    course: str
    authors: str
    date: str
    intro: str
    exercises: list[RenderedExercise]
    table: list[TableRow]
    failing: int | None = None
    """In a draft, how many problems the sheet has (failing steps and claims); None in a sheet as published."""


def rendered_claim(claim: Claim, proof: Proof | None) -> RenderedClaim:
    sheet = display(claim.latex) if claim.latex else None
    math = claim_math(claim)
    return RenderedClaim(claim.id, claim.title, math, domain_words(claim, proof),
                         proof.verdict.value if proof else "missing", (proof.method or "") if proof else "", sheet,
                         not too_wide(claim_display(math)), proof is None or not proof.matches_expectation)


FAILURE_CHARACTERS = 160
"""How much of a failing step's message a draft prints beside it."""


def _mark(proof: Proof | None) -> str:
    """A step's mark: the method that proved it, or, for a step that failed, its verdict and why."""
    if proof is not None and proof.verdict is Verdict.PROVED:
        return proof.method or ""
    verdict = proof.verdict.value if proof else "missing"
    message = (proof.message or "") if proof else ""
    if len(message) > FAILURE_CHARACTERS:
        message = message[:FAILURE_CHARACTERS - 1] + "…"
    return FailedMark(f"step {verdict}: {message}" if message else f"step {verdict}")


def _expr(claim: Claim, text: str) -> str:
    """A step as its author wrote it (`identities.written`: unevaluated, terms in their order, names of vectors
    kept); display only, the proof of the step used the evaluated form."""
    try:
        return written_latex(written(claim, text))
    except Exception:  # the written form could not be built: show the evaluated form, which the proof used
        return latex(compile_claim(replace(claim, lhs=text, rhs=text, relation="==", at=None, witness=())).lhs)


def rendered_derivation(d: CheckedDerivation) -> RenderedDerivation:
    steps = [RenderedStep(RELATION.get(c.link.relation, "="), _expr(d.claim, c.link.expr), c.link.why,
                          _mark(c.proof))
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


SAMPLES = {sp.sstr(f): f for arity in range(1, 5) for f in sample_functions(arity)}
"""The refuter's concrete functions (`identities.prover.instances`) by their SymPy strings, as they come in a
counterexample: looked up, never parsed."""


def point_latex(name: str, text: str) -> str:
    """One coordinate of a counterexample: `x = 1/2` exactly, a sampled function as `f(t) = e^{t}`, any other
    exact value through the claim parser (no `eval`); what cannot be read is printed as text.

    >>> point_latex("x", "-1/2"), point_latex("f", "Lambda(t1, exp(t1))")
    ('$x = - \\\\frac{1}{2}$', '$f(t) = e^{t}$')
    """
    shown = name_latex(name) or escape_text(name).replace("\\_", "_")
    if _rational(text):
        return rf"${shown} = {latex(sp.Rational(text))}$"
    function = SAMPLES.get(text)
    if function is not None:
        names = sp.symbols("t" if len(function.variables) == 1 else f"t1:{len(function.variables) + 1}")
        names = names if isinstance(names, tuple) else (names,)
        body = function(*names)
        return rf"${shown}({', '.join(latex(v) for v in names)}) = {latex(body)}$"
    try:
        value = ExpressionParser(Scope.from_table({})).parse(text)
    except Exception:
        return escape_text(f"{name} = {text}")
    if isinstance(value, sp.Expr) and not value.free_symbols:
        return rf"${shown} = {latex(value)}$"
    return escape_text(f"{name} = {text}")


def _counterexample(proof: Proof | None) -> str:
    if proof is None:
        return ""
    if proof.counterexample:
        point = ", ".join(point_latex(k, v) for k, v in proof.counterexample.items())
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
    math = claim_math(claim)
    return RenderedErratum(claim.id, errata.line if errata else 0, KIND_WORDS.get(kind, kind),
                           shown, text, math, _counterexample(e.proof), e.erratum.why, corrected,
                           not too_wide(claim_display(math)))


def solution_order(claims: list[RenderedClaim], derivations: list[RenderedDerivation],
                   errata: list[RenderedErratum]) -> list[Block]:
    """The print order of an exercise's solution: each erratum box (the sheet's line, the counterexample, why)
    followed by the derivation and the claim of its corrected twin when the exercise has them; then the other
    claims, then the other derivations, each in the sheet's order.

    >>> c = RenderedClaim("right", "", "", "", "proved", "")
    >>> e = RenderedErratum("wrong", 1, "", "", "", "", "", "", c)
    >>> d = RenderedDerivation("right", "", "", [], "")
    >>> [(b.kind, b.item.claim_id if b.kind != "claim" else b.item.id) for b in solution_order([c], [d], [e])]
    [('erratum', 'wrong'), ('derivation', 'right'), ('claim', 'right')]
    """
    blocks: list[Block] = []
    placed: set[int] = set()
    for erratum in errata:
        blocks.append(Block("erratum", erratum))
        twin = erratum.corrected.id if erratum.corrected else None
        for kind, items, key in (("derivation", derivations, "claim_id"), ("claim", claims, "id")):
            for item in items:
                if twin is not None and getattr(item, key) == twin and id(item) not in placed:
                    blocks.append(Block(kind, item))
                    placed.add(id(item))
    blocks += [Block("claim", c) for c in claims if id(c) not in placed]
    blocks += [Block("derivation", d) for d in derivations if id(d) not in placed]
    return blocks


def _shown(block: Block) -> list[str]:
    """The claim ids a block shows: a claim, the claim of a derivation, an erratum and its corrected twin."""
    item = block.item
    if isinstance(item, RenderedErratum):
        return [item.claim_id] + ([item.corrected.id] if item.corrected else [])
    return [item.id if isinstance(item, RenderedClaim) else item.claim_id]


def _table(checked: CheckedSheet, exercises: list[RenderedExercise]) -> list[TableRow]:
    """Every claim the sheet shows, once, in the order it is printed, with the label of its first exercise."""
    rows, seen = [], set()
    proofs = dict(checked.proofs)
    for ce in checked.exercises:
        proofs.update({e.corrected.id: e.corrected_proof for e in ce.errata if e.corrected and e.corrected_proof})
    for ex in exercises:
        for claim_id in (i for b in ex.blocks for i in _shown(b)):
            if claim_id in seen:
                continue
            seen.add(claim_id)
            proof = proofs.get(claim_id)
            rows.append(TableRow(ex.label, claim_id, proof.verdict.value if proof else "missing",
                                 (proof.method or "") if proof else ""))
    return rows


def build(checked: CheckedSheet, solutions: bool = True, draft: bool = False) -> RenderedSheet:
    """The template context of a checked sheet (a `draft` counts its problems, to print on every page)."""
    sheet = checked.sheet
    exercises = []
    for ce in checked.exercises:
        ex = ce.exercise
        rendered = RenderedExercise(ex.label, ex.title, ex.statement, answer=ex.answer, remark=ex.remark)
        if solutions:
            rendered.claims = [rendered_claim(c, p) for c, p in ce.claims]
            rendered.derivations = [rendered_derivation(d) for d in ce.derivations]
            for d in rendered.derivations:
                d.rows = derivation_rows(d.start, [(s.relation, s.expr, s.why, s.mark) for s in d.steps])
            rendered.errata = [rendered_erratum(e) for e in ce.errata]
            rendered.blocks = solution_order(rendered.claims, rendered.derivations, rendered.errata)
            rendered.plots = [render_plot(p, checked) for p in ex.plots]
        exercises.append(rendered)
    table = _table(checked, exercises) if solutions else []
    return RenderedSheet(sheet.title, sheet.source, sheet.course, sheet.authors, sheet.date, sheet.intro,
                         exercises, table, len(checked.problems) if draft else None)
