"""What users type in a Python session is taken as typed: relations and sides are proved from the SymPy objects
themselves (no text round trip that can refuse), a relation SymPy already folded gets a message saying so, free
indices take their range from the sizes they index, and `unproved` says what the evidence is."""

import pytest
import sympy as sp

from identities import Claim, prove
from identities.check import proof_json
from identities.claim import Verdict
from identities.prover import attempt, claim_from_relation, claim_from_sides
from identities.vocabulary import gelu, sigmoid, softplus

x = sp.Symbol("x", real=True)


def test_two_sides_are_proved_from_the_objects_even_when_their_text_reads_back_otherwise():
    # SymPy's derivative of softplus is -(sigmoid(x) - 1)*sigmoid(x): its text parses to another (equal) form
    second = sp.diff(softplus(x), x, 2)
    assert prove(second, sigmoid(x) * sigmoid(-x)).verdict is Verdict.PROVED
    assert prove(sp.Eq(second, sigmoid(x) * sigmoid(-x))).verdict is Verdict.PROVED
    assert prove(sigmoid(x), 1, relation="<").verdict is Verdict.PROVED
    assert prove(second, sigmoid(x)).verdict is Verdict.REFUTED


def test_a_relation_sympy_already_folded_is_refused_with_what_to_write_instead():
    with pytest.raises(TypeError, match=r"already evaluated the relation to True before prove saw it.*"
                                        r"prove\(lhs, rhs\)"):
        prove(sp.Eq(sp.diff(softplus(x), x), sigmoid(x)))
    proof = prove(sp.Eq(sp.Derivative(softplus(x), x), sigmoid(x), evaluate=False))
    assert proof.verdict is Verdict.PROVED


def test_a_bad_relation_name_and_an_assumption_a_claim_cannot_declare_are_refused():
    with pytest.raises(ValueError, match="relation must be one of"):
        prove(x, x, relation="=<")
    k = sp.Symbol("k", odd=True)
    with pytest.raises(ValueError, match="symbol k: the assumption odd is not one a claim can declare"):
        prove(k, 1)


def test_symbols_keep_their_assumptions_through_the_declaration():
    y = sp.Symbol("y", positive=True)
    claim = claim_from_relation(sp.Le(sp.log(y), y - 1))
    assert dict(claim.symbols) == {"y": "positive"}
    assert prove(claim).verdict is Verdict.PROVED


def test_general_dimension_matrices_from_python():
    n = sp.Symbol("n", integer=True, positive=True)
    A, B = sp.MatrixSymbol("A", n, n), sp.MatrixSymbol("B", n, n)
    claim = claim_from_sides((A * B).T, B.T * A.T)
    assert dict(claim.symbols) == {"A": "matrix(n, n)", "B": "matrix(n, n)", "n": "positive integer"}
    assert prove(claim).verdict is Verdict.PROVED


FREE = dict(lhs="diff(log_softmax(z)[i], z[j])", symbols={"z": "vector(n)"})


def test_free_indices_range_over_the_sizes_they_index():
    proved = attempt(Claim(id="free", rhs="KroneckerDelta(i, j) - softmax(z)[j]", **FREE), 20)
    assert proved.verdict is Verdict.PROVED
    refuted = attempt(Claim(id="free-false", rhs="KroneckerDelta(i, j) + softmax(z)[j]", **FREE), 20)
    assert refuted.verdict is Verdict.REFUTED
    point = refuted.counterexample
    assert 0 <= int(point["i"]) < int(point["n"]) and 0 <= int(point["j"]) < int(point["n"])


def test_a_free_index_that_indexes_nothing_is_an_error_naming_it():
    proof = attempt(Claim(id="loose", lhs="KroneckerDelta(i, j)*x[k]", rhs="KroneckerDelta(j, i)*x[k]",
                          symbols={"x": "vector(n)"}), 20)
    assert proof.verdict is Verdict.ERROR and proof.input_error
    assert proof.message == ("sides: free index i, j: its range is not given by a size it indexes; state it with "
                             "assume (e.g. '0 <= i', 'i <= n - 1') or declare it in symbols")


def test_unproved_says_what_the_evidence_is_in_the_text_and_the_json():
    proof = prove(gelu(x), sp.Rational(-17, 100), relation=">")
    assert proof.verdict is Verdict.UNPROVED
    evidence = proof_json(proof)["evidence"]
    assert evidence["points"] > 20 and set(evidence) == {"points", "digits", "largest_difference",
                                                         "smallest_margin", "at"}
    assert proof.message == (
        "no strategy proved it and no counterexample was found: the relation holds at all "
        f"{evidence['points']} points tried, to 38 digits (smallest margin |lhs - rhs| = "
        f"{evidence['smallest_margin']}, at x = {evidence['at']['x']})")
