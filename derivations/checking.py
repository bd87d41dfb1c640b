"""Checking a sheet: every claim it shows and every link of every derivation, proved

A sheet is checked in two rounds of bounded proofs (through the cache when one is given): first every claim the
sheet shows (the exercises' claims, the errata with their corrected twins, the plots' asymptotes), then every link
of every derivation — hand-written links, or links built automatically (one per differentiation rule, or a
meet-in-the-middle rewrite chain, or, when neither applies, the proof's own steps). A link that does not hold, a
chain that does not end in its claim, or a verdict that differs from its expectation is a *problem* naming the
sheet, the exercise and the step; a sheet with problems is not rendered.

Main definitions
- `CheckedLink`, `CheckedDerivation`, `CheckedErratum`, `CheckedExercise`, `CheckedSheet`.
- `claims_for(sheets)`: the claims a set of sheets can name (the catalog and their claim files).
- `check_sheets(sheets, ...)`: check them all (one pool for all their proofs).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import sympy as sp

from identities.cache import ProofCache
from identities.check import CATALOG, claim_files, prove_claims
from identities.claim import Claim, Proof, Verdict
from identities.claimfile import load_claim_file
from identities.errors import ClaimError, StepCheckError
from identities.problem import compile_claim

from .automatic import derivative_links, rewrite_links
from .derivation import Derivation, Link, link_claims
from .sheet import Erratum, Exercise, Sheet, SheetError


@dataclass
class CheckedLink:
    link: Link
    claim: Claim
    proof: Proof | None = None


@dataclass
class CheckedDerivation:
    derivation: Derivation
    claim: Claim
    start: str
    links: list[CheckedLink] = field(default_factory=list)
    source: str = "hand"
    """hand (written in the sheet), rules (automatic differentiation or rewrites) or proof (the proof's steps)."""

    def __repr__(self) -> str:
        from .display import checked_text

        return checked_text(self)

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))

    def _repr_latex_(self) -> str:
        from .display import checked_latex

        return checked_latex(self)


@dataclass
class CheckedErratum:
    erratum: Erratum
    claim: Claim
    proof: Proof | None = None
    corrected: Claim | None = None
    corrected_proof: Proof | None = None


@dataclass
class CheckedExercise:
    exercise: Exercise
    claims: list[tuple[Claim, Proof | None]] = field(default_factory=list)
    derivations: list[CheckedDerivation] = field(default_factory=list)
    errata: list[CheckedErratum] = field(default_factory=list)


@dataclass
class CheckedSheet:
    sheet: Sheet
    exercises: list[CheckedExercise] = field(default_factory=list)
    proofs: dict[str, Proof] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


def claims_for(sheets: Sequence[Sheet]) -> dict[str, Claim]:
    """Every claim a sheet may name: the catalog's and its own claim files' (ids are unique across them)."""
    paths = list(claim_files([CATALOG])) + [p for s in sheets for p in s.claim_files]
    table: dict[str, Claim] = {}
    for path in dict.fromkeys(paths):
        loaded = load_claim_file(path)
        if loaded.fatal is not None:
            raise SheetError(f"claim file {path}: {loaded.fatal.message}", file=str(path))
        for claim in loaded.claims:
            table.setdefault(claim.id, claim)
    return table


def _rule_links(claim: Claim) -> tuple[list[Link], str, str] | None:
    """(links, start, "rules") of an automatic derivation built by the rules alone, or None."""
    if claim.relation != "==":
        return None
    problem = compile_claim(claim)
    lhs, rhs = problem.lhs, problem.rhs
    if not isinstance(lhs, sp.Expr):
        return None
    if lhs.has(sp.Derivative):
        steps = derivative_links(lhs)
        if steps:
            if steps[-1][0] != rhs:
                steps.append((rhs, "algebra", "algebra"))
            return [Link("==", sp.sstr(e), why, rule) for e, why, rule in steps], claim.lhs, "rules"
    if not lhs.has(sp.Derivative, sp.Limit, sp.Sum):
        steps = rewrite_links(lhs, rhs)
        if len(steps) > 1 or (steps and steps[0][1] != "algebra"):
            return [Link("==", sp.sstr(e), why, rule) for e, why, rule in steps], claim.lhs, "rules"
    return None


def _proof_links(claim: Claim, proof: Proof | None) -> tuple[list[Link], str, str]:
    """(links, start, "proof"): the proof's own steps from lhs − rhs to 0, when they can be shown as written."""
    if claim.relation == "==" and proof is not None and proof.steps and all(
            isinstance(s.expr, sp.Basic) for s in proof.steps):
        start = f"({claim.lhs}) - ({claim.rhs})"
        links = [Link("==", sp.sstr(s.expr), s.justification, s.rule) for s in proof.steps
                 if not isinstance(s.expr, sp.MatrixBase)]
        if links and not any(_INTERNAL.search(link.expr) for link in links):
            return links, start, "proof"
    return [], claim.lhs, "proof"


_INTERNAL = re.compile(r"(?<![A-Za-z0-9_])_[A-Za-z]")
"""A name the claim grammar reserves (`_i0_0`, `_entry`): the prover's internal index sums, which a sheet can
neither show nor re-check as written."""


def _links_for(derivation: Derivation, claim: Claim, proof: Proof | None, where: str
               ) -> tuple[list[Claim], list[Link], str, str] | None:
    """(link claims, links, start, source) of a derivation; None for an automatic one that needs the claim's
    proof first (neither rule set applies)."""
    if not derivation.automatic:
        start = derivation.start or claim.lhs
        return link_claims(derivation, claim, where), list(derivation.links), start, "hand"
    built = _rule_links(claim)
    if built is not None:
        links, start, source = built
        return link_claims(replace(derivation, links=tuple(links), start=start), claim, where), links, start, source
    if proof is None:
        return None
    links, start, source = _proof_links(claim, proof)
    previous = [start, *[x.expr for x in links]]
    claims = [replace(claim, id=f"{claim.id}-step-{k}", title=link.why, lhs=prev, rhs=link.expr,
                      expected=True, errata=None, latex=None)
              for k, (prev, link) in enumerate(zip(previous, links, strict=False), start=1)]
    return claims, links, start, source


def _endpoints(derivation: CheckedDerivation, where: str) -> str | None:
    """A chain must run from one side of its claim to the other; a chain of the proof's steps, which starts at
    lhs − rhs, must end in 0."""
    if not derivation.links:
        return None
    claim = derivation.claim
    if derivation.source == "proof":
        end = derivation.links[-1].link.expr
        ends = compile_claim(replace(claim, lhs=end, rhs="0", relation="==", at=None))
        return None if ends.lhs == ends.rhs else f"{where}: the proof's steps end in {end}, not in 0"
    try:
        ends = compile_claim(replace(claim, lhs=derivation.start, rhs=derivation.links[-1].link.expr,
                                     relation="==", at=None))
        sides = compile_claim(replace(claim, relation="==", at=None))
    except ClaimError as err:
        return f"{where}: {err.message}"
    forward = (ends.lhs, ends.rhs) == (sides.lhs, sides.rhs)
    backward = claim.relation == "==" and (ends.lhs, ends.rhs) == (sides.rhs, sides.lhs)
    if forward or backward:
        return None
    return f"{where}: the chain runs from {derivation.start} to {derivation.links[-1].link.expr}, not from " \
           f"{claim.lhs} to {claim.rhs}"


def _expected(claim: Claim, proof: Proof | None) -> bool:
    return proof is not None and proof.matches_expectation


def check_sheets(sheets: Sequence[Sheet], *, jobs: int = 1, timeout: float = 20.0,
                 cache: ProofCache | None = None, on_result: Any = None) -> list[CheckedSheet]:
    """Check every sheet: problems are collected, never raised.

    One pool proves every claim the sheets show together with every derivation link that can be built without a
    proof (hand-written links and links from the rules), so that the workers stay busy; a second round proves the
    links of automatic derivations made of their claim's proof steps."""
    table = claims_for(sheets)
    results = [CheckedSheet(sheet) for sheet in sheets]
    wanted: list[str] = []
    for result in results:
        for exercise in result.sheet.exercises:
            ids = list(exercise.claims) + [d.claim for d in exercise.derivations]
            for erratum in exercise.errata:
                ids.append(erratum.claim)
                claim = table.get(erratum.claim)
                if claim is not None and claim.errata and claim.errata.corrected:
                    ids.append(claim.errata.corrected)
            ids += [a for p in exercise.plots for a in p.asymptotes]
            for claim_id in ids:
                if claim_id not in table:
                    result.problems.append(f"{result.sheet.name}: exercise {exercise.label}: no claim {claim_id!r} "
                                           "in the catalog or the sheet's claim files")
                else:
                    wanted.append(claim_id)
    wanted = list(dict.fromkeys(wanted))
    derivations: list[tuple[CheckedSheet, CheckedExercise, Derivation, Claim, str]] = []
    built: dict[int, tuple[list[Claim], list[Link], str, str]] = {}
    for result in results:
        for exercise in result.sheet.exercises:
            checked = CheckedExercise(exercise)
            result.exercises.append(checked)
            for derivation in exercise.derivations:
                if derivation.claim not in table:
                    continue
                claim = table[derivation.claim]
                where = f"{result.sheet.name}: exercise {exercise.label}: derivation of {claim.id}"
                try:
                    found = _links_for(derivation, claim, None, where)
                except (StepCheckError, ClaimError) as err:
                    result.problems.append(str(err))
                    continue
                if found is not None:
                    built[len(derivations)] = found
                derivations.append((result, checked, derivation, claim, where))
    first_links = [c for found in built.values() for c in found[0]]
    proved = prove_claims([table[i] for i in wanted] + first_links, jobs=jobs, timeout=timeout, cache=cache,
                          on_result=on_result)
    proofs = dict(zip(wanted, proved[:len(wanted)], strict=True))
    link_proofs = iter(proved[len(wanted):])
    later: list[int] = []
    for k, (_, _, derivation, claim, where) in enumerate(derivations):
        if k not in built:
            built[k] = _links_for(derivation, claim, proofs.get(claim.id), where) or ([], [], claim.lhs, "proof")
            later.append(k)
    late_proofs = iter(prove_claims([c for k in later for c in built[k][0]], jobs=jobs, timeout=timeout,
                                    cache=cache, on_result=on_result))
    for k, (_, checked, derivation, claim, _) in enumerate(derivations):
        link_claim_list, links, start, source = built[k]
        source_proofs = late_proofs if k in later else link_proofs
        checked.derivations.append(CheckedDerivation(derivation, claim, start, source=source, links=[
            CheckedLink(link, link_claim, next(source_proofs))
            for link, link_claim in zip(links, link_claim_list, strict=True)]))
    for result in results:
        result.proofs = {i: proofs[i] for i in result.sheet.claim_ids if i in proofs}
        for checked in result.exercises:
            exercise = checked.exercise
            checked.claims = [(table[i], proofs.get(i)) for i in exercise.claims if i in table]
            for erratum in exercise.errata:
                if erratum.claim not in table:
                    continue
                claim = table[erratum.claim]
                corrected = table.get(claim.errata.corrected) if claim.errata and claim.errata.corrected else None
                checked.errata.append(CheckedErratum(erratum, claim, proofs.get(claim.id), corrected,
                                                     proofs.get(corrected.id) if corrected else None))
        _problems(result)
    return results


def _problems(result: CheckedSheet) -> None:
    """Verdicts that differ from their expectation, and links that fail, as messages naming where."""
    name = result.sheet.name
    for exercise in result.exercises:
        where = f"{name}: exercise {exercise.exercise.label}"
        for claim, proof in exercise.claims:
            if not _expected(claim, proof):
                verdict = proof.verdict.value if proof else "missing"
                result.problems.append(f"{where}: claim {claim.id} is {verdict}, expected "
                                       f"{claim.expected_verdict.value}" + (f" ({proof.message})" if proof and
                                                                           proof.message else ""))
        for erratum in exercise.errata:
            if erratum.claim.expected is not False or not erratum.claim.errata:
                result.problems.append(f"{where}: erratum {erratum.claim.id} is not a false claim with errata")
            elif not (erratum.proof and erratum.proof.verdict is Verdict.REFUTED):
                result.problems.append(f"{where}: erratum {erratum.claim.id} is not refuted")
            if erratum.corrected is not None and not _expected(erratum.corrected, erratum.corrected_proof):
                result.problems.append(f"{where}: corrected claim {erratum.corrected.id} is not proved")
        for derivation in exercise.derivations:
            label = f"{where}: derivation of {derivation.claim.id}"
            if not derivation.links:
                result.problems.append(f"{label}: no automatic steps: the rules do not apply and the proof has no "
                                       "steps that can be shown as written; write the steps by hand")
                continue
            endpoint = _endpoints(derivation, label)
            if endpoint:
                result.problems.append(endpoint)
            previous = derivation.start
            for k, checked in enumerate(derivation.links, start=1):
                proof = checked.proof
                if proof is None or proof.verdict is not Verdict.PROVED:
                    verdict = proof.verdict.value if proof else "missing"
                    detail = proof.message if proof and proof.message else ""
                    result.problems.append(f"{label}: step {k} ({previous} {checked.link.relation} "
                                           f"{checked.link.expr}) is {verdict}" + (f": {detail}" if detail else ""))
                previous = checked.link.expr

