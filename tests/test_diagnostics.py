"""A strategy that raises is a bug to see, not a weak prover: it is recorded with the proof as a diagnostic (text,
JSON, the proof store), and the verdict does not change"""

from __future__ import annotations

import io

import pytest

from identities.check import Report, proof_json
from identities.claim import Claim, Verdict
from identities.display import failure_text, proof_text
from identities.prover import engine, search
from identities.serial import proof_from_json, proof_to_json
from render.cli import _print_report

CLAIM = Claim(id="tanh-eq", lhs="tanh(x)", rhs="2*sigmoid(2*x) - 1", file="a.claims.toml", line=3)


def broken(goal):
    raise KeyError("a strategy's bug at 0x7f00deadbeef")


@pytest.fixture
def raising(monkeypatch):
    """The strategy table with a strategy that raises, tried first."""
    monkeypatch.setattr(search, "STRATEGIES", (("broken", broken, 1.0), *search.STRATEGIES))


def test_a_strategy_that_raises_is_a_diagnostic_and_the_verdict_stands(raising):
    proof = engine.attempt(CLAIM, timeout=30)
    assert proof.verdict is Verdict.PROVED and proof.method == "rewrite"
    assert proof.diagnostics == ("broken: KeyError: \"a strategy's bug at 0x…\"",)
    assert proof_json(proof)["diagnostics"] == list(proof.diagnostics)
    assert "diagnostic: the strategy broken raised KeyError: \"a strategy's bug at 0x…\" (the verdict does not " \
           "rest on it)" in proof_text(proof)


def test_a_failing_claim_test_shows_the_diagnostics(raising):
    """The pytest plugin's failure text (a claim whose verdict is not the expected one) lists them too."""
    proof = engine.attempt(Claim(id="wrong", lhs="tanh(x)", rhs="2*sigmoid(2*x) - 1", expected=False), timeout=30)
    assert proof.verdict is Verdict.PROVED and not proof.matches_expectation
    assert failure_text(proof).splitlines()[-1] == ("diagnostic: the strategy broken raised KeyError: \"a strategy's "
                                                    "bug at 0x…\" (the verdict does not rest on it)")


def test_check_lists_diagnostics_with_verbose_only(raising):
    proof = engine.attempt(CLAIM, timeout=30)
    quiet, verbose = io.StringIO(), io.StringIO()
    _print_report(Report(proofs=[proof]), quiet, io.StringIO())
    _print_report(Report(proofs=[proof]), verbose, io.StringIO(), verbose=True)
    assert "diagnostic" not in quiet.getvalue()
    assert verbose.getvalue().splitlines()[1] == ("    diagnostic: the strategy broken raised KeyError: \"a strategy's "
                                                  "bug at 0x…\" (the verdict does not rest on it)")


def test_diagnostics_survive_the_proof_store(raising):
    proof = engine.attempt(CLAIM, timeout=30)
    assert proof_from_json(proof_to_json(proof), CLAIM).diagnostics == proof.diagnostics


def test_a_proof_without_failures_has_no_diagnostics():
    proof = engine.attempt(CLAIM, timeout=30)
    assert proof.diagnostics == () and proof_json(proof)["diagnostics"] == []
