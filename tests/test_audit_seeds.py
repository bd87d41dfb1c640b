"""`proofsheet audit` measured on the five seed sheets (issue 7): false alarms, corrected copies, mutations,
the catalog's chain and implication errata found on their own."""

import random
import tomllib
from functools import cache
from pathlib import Path

import pytest

from derivations.audit import audit, load_notation
from derivations.audit.audit import link_result
from derivations.audit.mutations import mutated_links
from identities.check import prove_claims
from identities.claimfile import load_claim_file

SEEDS = Path(__file__).parent.parent / "derivations" / "seeds"
CATALOG = Path(__file__).parent.parent / "identities" / "catalog"
CORRECTIONS = tomllib.loads((Path(__file__).parent / "audit" / "corrections.toml").read_text(encoding="utf-8"))
TIMEOUT = 60.0

REFUTED = {"000": set(), "001": {164, 212, 249, 255, 259, 273, 299, 313}, "002": {96}, "003": set(),
           "004": {125}}
"""The lines whose links the audit refutes: each an erratum of the catalog (001:212 is the sheet's d/dW for
d/db, so that d/dW (W h + b) = 1 is wrong as written; 001:259 is the prose erratum whose display repeats 255's
rect'(z) = z for z > 0; 001:249 states dim(W_j^{(2)}) = 1 × d and dim(o^s − onehot_m(y)) = 1 × j, which 273 and
299 repeat word for word: the catalog's claims of 249 list 2.14 and 2.16 among their sources; 001:313 sums over
the output units k alone, read with W_k^{(2)} as the entry W_{k,j}^{(2)} and ∇_x L as a row)."""


def seed(number: str) -> str:
    return next(SEEDS.glob(f"{number}_*.txt")).read_text(encoding="utf-8")


@cache
def audited(number: str, corrected: bool = False):
    text = seed(number)
    if corrected:
        lines = text.split("\n")
        for fix in CORRECTIONS["fix"]:
            if fix["seed"] == number:
                assert fix["old"] in lines[fix["line"] - 1], fix
                lines[fix["line"] - 1] = lines[fix["line"] - 1].replace(fix["old"], fix["new"])
        text = "\n".join(lines)
    return audit(text, notation=notation_of(number), jobs=2, timeout=TIMEOUT, file=f"{number}.txt")


@cache
def notation_of(number: str):
    """The seed's notation file (tests/audit/notation/NNN.toml), if it has one."""
    path = Path(__file__).parent / "audit" / "notation" / f"{number}.toml"
    return load_notation(path) if path.exists() else None


def errata(kinds=("chain", "implication")):
    found = []
    for path in sorted(CATALOG.glob("*.claims.toml")):
        for claim in load_claim_file(path).claims:
            if claim.errata is not None and claim.errata.kind in kinds:
                found.append((claim.sources[0].split("/")[0], claim.errata.line, claim.id))
    return found


@pytest.mark.parametrize("number", sorted(REFUTED))
def test_refuted_links_are_exactly_the_known_errors(number):
    report = audited(number)
    refuted = {r.link.line for r in report.links if r.status == "refuted"}
    assert refuted == REFUTED[number]
    for r in report.links:
        if r.status == "refuted":
            assert r.counterexample and r.values


def test_every_refuted_line_is_an_erratum_or_the_typo():
    """Every refuted line is an erratum's line, or repeats word for word links refuted on an erratum's line."""
    known = {(s, line) for s, line, _ in errata(("chain", "implication", "prose"))}
    for number, lines in REFUTED.items():
        repeats = lines - {line for s, line in known if s == number}
        assert {(number, line) for line in lines - repeats} <= known
        if repeats:
            links = audited(number).links
            on_errata = {" ".join(r.link.latex.split()) for r in links
                         if r.status == "refuted" and (number, r.link.line) in known}
            for line in repeats:
                refuted = [" ".join(r.link.latex.split()) for r in links
                           if r.link.line == line and r.status == "refuted"]
                assert refuted and set(refuted) <= on_errata, (number, line)


@pytest.mark.parametrize("number", sorted(REFUTED))
def test_corrected_copies_refute_nothing(number):
    report = audited(number, corrected=True)
    assert [r.link.line for r in report.links if r.status == "refuted"] == []


def test_the_correction_of_313_reads_as_the_erratum_does_and_is_proved():
    # The erratum reads only with W_k^{(2)} as the entry W_{k,j}^{(2)}; its correction sums over j as well, and the
    # same reading of d/dX L as a row proves it (entry by entry, the step 1_{h_j^a > 0} being the ReLU's derivative).
    wrong = [r for r in audited("001").links if r.link.line == 313]
    right = [r for r in audited("001", corrected=True).links if r.link.line == 313]
    assert [r.status for r in wrong] == ["refuted"] and [r.status for r in right] == ["proved"]
    assert any("W_{k}^{(2)} as the entry W_{k,j}^{(2)}" in note for note in wrong[0].link.notes)
    assert "m - 1 <= d_h - 1" in wrong[0].link.claim.assume
    assert dict(right[0].link.claim.conventions) == {"heaviside_at_0": "0", "relu_prime_at_0": "0"}


@pytest.mark.parametrize("number,line,ident", errata())
def test_chain_and_implication_errata_are_found_on_their_own(number, line, ident):
    report = audited(number)
    assert any(r.link.line == line and r.status == "refuted" for r in report.links), ident


def test_mutations_of_correct_parsed_chains_are_refuted():
    rng = random.Random(7)
    links = []
    for number in ("000", "001", "002", "004"):
        proved = [r.link for r in audited(number).links if r.status == "proved" and r.link.kind == "chain"]
        links += mutated_links(seed(number), proved, rng, notation=notation_of(number), count=1)
    claims = [k.claim for k in links if k.claim is not None]
    proofs = iter(prove_claims(claims, jobs=2, timeout=TIMEOUT))
    parsed = [link_result(k, next(proofs)) for k in links if k.claim is not None]
    refuted = [r for r in parsed if r.status == "refuted"]
    assert len(parsed) >= 30
    assert len(refuted) / len(parsed) >= 0.8, [(r.link.latex, r.status) for r in parsed if r.status != "refuted"]
