"""Regressions found by the soundness fuzzer (tests/test_fuzz_soundness.py), one test per finding."""

import sympy as sp

from identities.claim import Claim, Verdict
from identities.prover import engine
from identities.vocabulary import cross_entropy, dot, logsumexp, onehot, softmax

x, y = sp.symbols("x y", real=True)


def test_scalar_functions_of_vectors_are_real_whatever_is_asked_first():
    """Their arguments are matrices (not commutative), their values scalars: asking is_complex before is_real
    used to infer "not commutative, so not complex, so not real"."""
    v = sp.ImmutableMatrix([y, x])
    for f in (cross_entropy(softmax(v), onehot(0, 2)), dot(v, v), logsumexp(v)):
        assert (f.is_complex, f.is_commutative, f.is_real) == (True, True, True)


def test_max_of_a_cross_entropy_is_proved():
    ce = "cross_entropy(softmax([y, x]), onehot(0, 2))"
    claim = Claim(id="abs-ce", lhs=f"Abs({ce})", rhs=f"Max({ce}, -{ce})")
    assert engine.attempt(claim, 30).verdict is Verdict.PROVED


def test_a_claim_with_an_unconventional_heaviside_is_refuted_off_the_kink():
    """An unspecified value at a kink used to stop the refuter everywhere, not only at the kink."""
    claim = Claim(id="h", lhs="sinh(cos(heaviside(1 - y)))", rhs="sinh(-cos(heaviside(1 - y)))")
    proof = engine.attempt(claim, 30)
    assert proof.verdict is Verdict.REFUTED and proof.counterexample["y"] != "1"


def test_a_claim_false_only_at_the_kink_is_never_refuted():
    """heaviside(x) = 1 - heaviside(-x) fails only at x = 0, where no convention decides: proved except there."""
    proof = engine.attempt(Claim(id="h0", lhs="heaviside(x)", rhs="1 - heaviside(-x)"), 30)
    assert proof.verdict is Verdict.PROVED and proof.domain == "except x = 0"


def test_a_kink_far_out_is_decided_by_balls_not_by_sympys_evalf():
    """elu's kink at sinh(sinh(x)) = 0: at a large sample point SymPy's 2-digit evalf of e^(10^42) ran out of memory
    while deciding whether the point is on the kink (slow profile, shard 30)."""
    claim = Claim(id="elu-far", lhs="elu(sinh(sinh(x - 1)))",
                  rhs="relu(sinh(sinh(x - 1))) + Min(0, exp(sinh(sinh(x - 1))) - 1)")
    assert engine.attempt(claim, 30).verdict is Verdict.PROVED


def test_a_counterexample_at_a_kink_whose_value_drops_out_stands():
    """|x H(x)| vs |x H(x) + 1| at x = 0: x H(0) = 0 whatever H(0) is, so the point refutes the claim (slow
    profile, shard 64, where the fuzzer's own recheck could not evaluate H(0))."""
    proof = engine.attempt(Claim(id="abs-h", lhs="Abs(x*heaviside(x))", rhs="Abs(x*heaviside(x) + 1)"), 30)
    assert proof.verdict is Verdict.REFUTED and proof.counterexample == {"x": "0"}
    assert proof.message.endswith("(|lhs - rhs| = 1, exact)")
