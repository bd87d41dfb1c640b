"""Counterexamples are rigorous: every `refuted` point is confirmed exactly or by Arb balls, also where floating
point cannot tell the sides apart, and where a claim is false only beyond a breakpoint."""

from __future__ import annotations

import math
from fractions import Fraction

import pytest

from identities.claim import Claim, Verdict
from identities.prover import engine
from tests.test_fuzz_soundness import counterexample_holds

FOOLS_FLOATS = [
    ("log(1 + exp(40))", "40", lambda: math.log(1 + math.exp(40)) == 40),
    ("1 + exp(-60)", "1", lambda: 1 + math.exp(-60) == 1),
    ("logsigmoid(40)", "-exp(-40)", lambda: -math.log1p(math.exp(-40)) == -math.exp(-40)),
    ("softplus(x) - x", "exp(-x)", None),
    ("x + 10**(-30)", "x", lambda: 1.0 + 1e-30 == 1.0),
    ("tanh(20)", "1", lambda: math.tanh(20) == 1.0),
    ("sigmoid(x)*sigmoid(-x)", "exp(-Abs(x))", None),
]
"""Claims that are false by amounts floating point rounds away."""

BEYOND_A_BREAKPOINT = [
    ("relu6(x - 100)", "relu(x - 100)", "x", 106),
    ("hardtanh(x/1000)", "x/1000", "x", 1000),
    ("Min(relu(x - 50), 7)", "relu(x - 50)", "x", 57),
    ("huber(x, 40)", "x**2/2", "x", 40),
    ("leaky_relu(x - 30)", "Max(x - 30, 0)", "x", None),
]
"""Claims true up to a breakpoint and false beyond it (the refuter must look there)."""


@pytest.mark.parametrize("lhs, rhs, floats_agree", FOOLS_FLOATS)
def test_differences_below_float_precision_are_refuted_rigorously(lhs, rhs, floats_agree):
    if floats_agree is not None:
        assert floats_agree()  # double precision cannot see the difference
    claim = Claim(id="fools-floats", lhs=lhs, rhs=rhs)
    proof = engine.attempt(claim, 60)
    assert proof.verdict is Verdict.REFUTED
    assert proof.certificate.data["confirmed"] in ("exact", "ball")
    assert counterexample_holds(claim, proof)


@pytest.mark.parametrize("lhs, rhs, symbol, breakpoint", BEYOND_A_BREAKPOINT)
def test_claims_false_only_beyond_a_breakpoint_are_refuted_there(lhs, rhs, symbol, breakpoint):
    claim = Claim(id="beyond-breakpoint", lhs=lhs, rhs=rhs)
    proof = engine.attempt(claim, 60)
    assert proof.verdict is Verdict.REFUTED
    point = Fraction(proof.counterexample[symbol])
    if breakpoint is not None:
        assert abs(point) > breakpoint
    assert counterexample_holds(claim, proof)


def test_a_true_claim_with_a_tiny_margin_is_not_refuted():
    """log(1 + e^-25) and e^-25/2 differ by about 1e-11 relative to their size: SymPy's 2-digit sign guess
    gets it wrong; the claim is true and must not be refuted."""
    proof = engine.attempt(Claim(id="tiny-margin", lhs="log(1 + exp(-25))", rhs="exp(-25)/2", relation=">"), 60)
    assert proof.verdict is Verdict.PROVED


def test_a_visible_failure_is_preferred_to_an_earlier_invisible_one():
    """At the breakpoint x = 1 and just below it the sides differ by e^-300 only; just above it, by x - 1. The
    counterexample is the first point a reader can check with a calculator, and the message says by how much and
    how it was decided."""
    claim = Claim(id="visible", lhs="x", rhs="x + exp(-300) + relu(x - 1)", symbols={"x": "real"})
    proof = engine.attempt(claim, 60)
    assert proof.verdict is Verdict.REFUTED and proof.counterexample == {"x": "1001/1000"}
    assert proof.certificate.data["bits"] == 64 and proof.certificate.data["difference"] == "0.001"
    assert proof.message.endswith("(|lhs - rhs| = 0.001, by Arb balls at 64 bits)")


def test_a_claim_false_by_an_invisible_amount_everywhere_is_still_refuted_with_the_amount():
    claim = Claim(id="invisible", lhs="x", rhs="x + exp(-300)", symbols={"x": "real"})
    proof = engine.attempt(claim, 60)
    assert proof.verdict is Verdict.REFUTED and proof.certificate.data["difference"] == "5.15e-131"
    assert counterexample_holds(claim, proof)
