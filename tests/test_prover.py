"""The prover on the claims it exists for: exact verdicts, methods, domains and real counterexamples."""

import pytest
import sympy as sp

from identities.claim import Verdict
from identities.problem import compile_claim
from identities.prover.engine import prepare
from identities.prover.strategies.sums import expand_sums
from tests.conftest import claim, run

HEADLINE = [
    ("tanh(x)", "2*sigmoid(2*x) - 1", "==", {}),
    ("sigmoid(x)", "(tanh(x/2) + 1)/2", "==", {}),
    ("log(sigmoid(x))", "-softplus(-x)", "==", {}),
    ("sigmoid(-v)", "1 - sigmoid(v)", "==", {}),
    ("hardtanh(-v)", "-hardtanh(v)", "==", {}),
    ("softplus(x)", "relu(x)", ">", {}),
    ("limit(log(exp(a) + exp(a - t) + exp(a - 2*t)), t, oo)", "a", "==", {}),
    ("diff(-log(softmax(o)[y]), o[k])", "softmax(o)[k] - onehot(y, n)[k]", "==",
     {"symbols": {"o": "vector(n)", "y": "integer", "k": "integer"},
      "assume": ("0 <= y", "y <= n - 1", "0 <= k", "k <= n - 1")}),
]


@pytest.mark.parametrize("lhs, rhs, relation, fields", HEADLINE)
def test_headline_claims_are_proved(lhs, rhs, relation, fields):
    proof = run(lhs, rhs, relation, **fields)
    assert proof.verdict is Verdict.PROVED, proof.message
    assert (proof.postcheck["ok"] and proof.postcheck["points"] >= 20) or "limit" in lhs


def test_tanh_and_sigmoid_identities_defeat_plain_simplify():
    """The two identities the issue names are beyond `simplify(lhs - rhs) == 0` (with definitions unfolded)."""
    x = sp.Symbol("x", real=True)
    for lhs, rhs in [(sp.tanh(x), 2 / (1 + sp.exp(-2 * x)) - 1), (1 / (1 + sp.exp(-x)), (sp.tanh(x / 2) + 1) / 2)]:
        assert sp.simplify(lhs - rhs) != 0


def separates(proof) -> bool:
    """The counterexample, substituted into the claim as written, makes the sides differ (checked here anew)."""
    problem = compile_claim(proof.claim)
    prepared = prepare(problem)
    point = {s: sp.Rational(proof.counterexample[str(s)]) for s in (prepared.lhs - prepared.rhs).free_symbols}
    lhs, rhs = prepared.lhs.xreplace(point), prepared.rhs.xreplace(point)
    if proof.claim.relation == "==":
        return abs(sp.N(lhs - rhs, 50)) > sp.Float("1e-40")
    return not {"<": lhs < rhs, "<=": lhs <= rhs, ">": lhs > rhs, ">=": lhs >= rhs}[proof.claim.relation]


@pytest.mark.parametrize(
    "lhs, rhs, relation",
    [
        ("sigmoid(-v)", "sigmoid(v) - 1", "=="),
        ("tanh(x)", "2*sigmoid(x) - 1", "=="),
        ("diff(sigmoid(x), x)", "sigmoid(x)*(1 + sigmoid(x))", "=="),
        ("softplus(x)", "relu(x) + log(2)", ">="),
        ("relu6(x + 1)", "relu6(x)", "<="),
        ("log(1 + exp(x))", "x", "=="),
        ("softplus(x) - x", "0", "=="),
    ],
)
def test_false_claims_are_refuted_with_a_separating_point(lhs, rhs, relation):
    proof = run(lhs, rhs, relation)
    assert proof.verdict is Verdict.REFUTED
    assert proof.counterexample is not None and proof.values is not None
    assert separates(proof)


def test_float_fooling_difference_is_refuted_rigorously():
    proof = run("log(1 + exp(40))", "40")
    assert proof.verdict is Verdict.REFUTED and proof.certificate.data["confirmed"] == "ball"


def test_sympy_rounding_of_number_comparisons_does_not_decide_a_claim():
    """SymPy evaluates ln(1 + e^-25) as 0 at low precision: it called ln(1 + e^-25) − e^-25/2 negative and collapsed
    Max(1, 1 − ln(1 + e^-25)) to its second argument. Neither may turn into a verdict."""
    assert run("log(1 + exp(-25))", "exp(-25)/2", "<").verdict is Verdict.REFUTED
    assert run("log(1 + exp(-25))", "exp(-25)/2", ">").verdict is Verdict.PROVED
    assert run("Max(1, 1 - log(1 + exp(-25)))", "1 - log(1 + exp(-25))").verdict is Verdict.REFUTED
    assert run("relu(logsigmoid(x))", "0").verdict is Verdict.PROVED
    assert run("elu(logsigmoid(x*y))", "relu(logsigmoid(x*y)) + Min(0, exp(logsigmoid(x*y)) - 1)").verdict \
        is not Verdict.REFUTED


def test_tiny_difference_is_refuted_exactly():
    proof = run("x**2", "x**2 + 10**(-40)")
    assert proof.verdict is Verdict.REFUTED and proof.certificate.data["confirmed"] == "exact"


def test_kink_without_convention_is_proved_off_the_kink_and_says_so():
    proof = run("diff(relu(x), x)", "Piecewise((1, x > 0), (0, True))")
    assert proof.verdict is Verdict.PROVED and proof.domain == "except x = 0"


def test_kink_with_convention_is_proved_everywhere():
    proof = run("diff(relu(x), x)", "heaviside(x)", conventions={"relu_prime_at_0": "0", "heaviside_at_0": "0"})
    assert proof.verdict is Verdict.PROVED and proof.domain is None


def test_a_claim_false_only_at_an_unconvened_kink_is_not_refuted():
    proof = run("diff(Abs(x), x)", "Piecewise((1, x >= 0), (-1, True))")
    assert proof.verdict is Verdict.PROVED and proof.domain == "except x = 0"


def test_a_derivative_with_an_unconvened_kink_is_refuted_off_the_kink():
    """d/dz ReLU(z) holds the unspecified value ReLU'(0): the refuter decides it at every other point (001:255,
    the sheet's rect'(z) = z for z > 0), certified by Arb balls, and never at z = 0."""
    for lhs in ("diff(Piecewise((z, z > 0), (0, True)), z)", "diff(Max(0, z), z)", "diff(relu(z), z)"):
        proof = run(lhs, "Piecewise((z, z > 0), (0, True))")
        assert proof.verdict is Verdict.REFUTED, lhs
        point = sp.Rational(proof.counterexample["z"])
        assert point > 0 and point != 1, lhs
        assert proof.certificate.data["confirmed"] == "ball"
        assert proof.values["lhs"].startswith("1.0000")
    kink_only = run("diff(Max(0, z), z)", "Piecewise((1, z > 0), (0, z < 0), (7, True))")
    assert kink_only.verdict is Verdict.PROVED and kink_only.domain == "except z = 0"


def test_a_claim_contradicting_its_own_convention_is_refuted():
    proof = run("diff(relu(x), x)", "Piecewise((1, x >= 0), (0, True))", conventions={"relu_prime_at_0": "0"})
    assert proof.verdict is Verdict.REFUTED and proof.counterexample == {"x": "0"}


def test_order_claims():
    fields = {"symbols": {"f": "function"}, "at": "h -> 0"}
    forward = "(f(x + h) - f(x))/h - diff(f(x), x)"
    central = "(f(x + h) - f(x - h))/(2*h) - diff(f(x), x)"
    assert run(forward, "h", "O", **fields).verdict is Verdict.PROVED
    assert run(central, "h**2", "O", **fields).verdict is Verdict.PROVED
    wrong = run(forward, "h**2", "O", **fields)
    assert wrong.verdict is Verdict.REFUTED and wrong.certificate.kind == "true-order"


def test_limits_one_and_two_sided():
    assert run("limit(sigmoid(x), x, oo)", "1").verdict is Verdict.PROVED
    assert run("limit(softplus(x), x, -oo)", "0").verdict is Verdict.PROVED
    assert run("limit(x*log(x), x, 0, '+')", "0").verdict is Verdict.PROVED
    wrong = run("limit(sigmoid(x), x, oo)", "0")
    assert wrong.verdict is Verdict.REFUTED and wrong.method == "true-limit"


def test_limits_of_piecewise_linear_units_with_symbolic_slopes():
    plu = "Max(a*(x + c) - c, Min(a*(x - c) + c, x))"
    fields = {"symbols": {"x": "real", "a": "positive", "c": "positive"}}
    assert run(f"limit({plu}, x, oo)", "oo", **fields).verdict is Verdict.PROVED
    assert run(f"limit({plu}, x, -oo)", "-oo", **fields).verdict is Verdict.PROVED
    assert run(f"limit({plu}, x, -oo)", "oo", **fields).verdict is not Verdict.PROVED


def test_hypotheses_restrict_the_domain():
    assert run("Max(0, a - y*(a*w))", "a*Max(0, 1 - y*w)", symbols={"a": "positive"}).verdict is Verdict.PROVED
    refuted = run("Max(0, a - y*(a*w))", "a*Max(0, 1 - y*w)")
    assert refuted.verdict is Verdict.REFUTED and sp.Rational(refuted.counterexample["a"]) < 0


def test_explicit_matrices_entrywise_and_general_dimension_algebra():
    assert run("(A*B).T", "B.T*A.T", symbols={"A": "matrix(2, 3)", "B": "matrix(3, 2)"}).method == "entrywise"
    general = run("W1*(W2*x + b2) + b1", "W1*W2*x + W1*b2 + b1",
                  symbols={"W1": "matrix(k, m)", "W2": "matrix(m, d)", "x": "vector(d)", "b2": "vector(m)",
                           "b1": "vector(k)"})
    assert general.verdict is Verdict.PROVED and general.method == "matrix-algebra"
    wrong = run("(A*B).T", "A.T*B.T", symbols={"A": "matrix(2, 2)", "B": "matrix(2, 2)"})
    assert wrong.verdict is Verdict.REFUTED and wrong.certificate.data["entry"] is not None


def test_existence_by_witness():
    """A network with sigmoid units computes tanh(w x + b) with the weights 2w, 2b, 2 and bias -1."""
    proof = run("tanh(w*x + b)", "c*sigmoid(wp*x + bp) + d",
                witness={"wp": "2*w", "bp": "2*b", "c": "2", "d": "-1"})
    assert proof.verdict is Verdict.PROVED


def test_input_errors_are_error_verdicts():
    proof = run("sigmod(x)", "1")
    assert proof.verdict is Verdict.ERROR and proof.input_error and "unknown function 'sigmod'" in proof.message


def test_inequalities_by_monotonicity_and_bounded_functions():
    assert run("exp(x)", "1 + x", ">=").verdict is Verdict.PROVED
    assert run("log(p)", "p - 1", "<=", symbols={"p": "positive"}).verdict is Verdict.PROVED
    assert run("erf(x)", "1", "<").verdict is Verdict.PROVED
    assert run("gaussian(x)", "1", "<=").verdict is Verdict.PROVED


def test_indefinite_integral_means_antiderivative():
    proof = run("integrate(sigmoid(x), x)", "softplus(x)")
    assert proof.verdict is Verdict.PROVED and proof.steps[0].rule == "antiderivative"


def test_proof_steps_form_a_chain():
    proof = run("tanh(x)", "2*sigmoid(2*x) - 1")
    assert proof.steps and proof.steps[-1].expr == 0
    assert all(step.justification for step in proof.steps)


def test_claim_helper_defaults():
    assert claim("x", "x").relation == "=="


def test_bound_indices_are_never_captured_by_free_ones():
    """∂ softmax(v)ᵢ/∂vⱼ with a free j: the sum inside softmax must not reuse the name j (it once did)."""
    fields = {"symbols": {"v": "vector(n)", "i": "integer", "j": "integer"},
              "assume": ("0 <= i", "i <= n - 1", "0 <= j", "j <= n - 1")}
    right = "softmax(v)[i]*(KroneckerDelta(i, j) - softmax(v)[j])"
    assert run("diff(softmax(v)[i], v[j])", right, **fields).verdict is Verdict.PROVED
    wrong = run("diff(softmax(v)[i], v[j])", "softmax(v)[i]*(KroneckerDelta(i, j) - 1)", **fields)
    assert wrong.verdict is Verdict.REFUTED


def test_a_refutation_is_checked_against_the_claim_as_written():
    """Defence in depth: if the prepared sides were wrong, the claim as written would contradict the refutation."""
    from identities.prover.engine import Prepared, _confirmed_as_written
    from identities.prover.instances import Instance
    from identities.prover.refuter import refute

    problem = compile_claim(claim("diff(sigmoid(x), x)", "sigmoid(x)*(1 - sigmoid(x))"))
    x = sp.Symbol("x", real=True)
    broken = Prepared(lhs=sp.exp(x), rhs=problem.rhs, original_lhs=problem.lhs, original_rhs=problem.rhs)
    found, _ = refute([(None, broken.lhs, broken.rhs)], "==", seed=1, count=20)
    assert found is not None
    assert not _confirmed_as_written(problem, broken, Instance(), found)


# Index capture, symmetric sample points and unconfirmed refutations (found while encoding the catalog).

def test_row_sums_are_not_column_sums():
    """Σⱼ(Σᵢ Xⱼᵢ)² ≠ Σⱼ(Σᵢ Xᵢⱼ)²: renaming nested indices must capture nothing, and the points must not all be
    symmetric matrices (X = [[1, 1], [0, 0]] gives 4 against 2)."""
    proof = run("Sum(Sum(X[j, i], (i, 0, d - 1))**2, (j, 0, d - 1))",
                "Sum(Sum(X[i, j], (i, 0, d - 1))**2, (j, 0, d - 1))", symbols={"X": "matrix(d, d)"})
    assert proof.verdict is Verdict.REFUTED
    X = sp.Matrix(2, 2, lambda r, c: sp.Rational(proof.counterexample[f"X[{r},{c}]"]))
    assert sum(sum(X[j, i] for i in range(2)) ** 2 for j in range(2)) != \
        sum(sum(X[i, j] for i in range(2)) ** 2 for j in range(2))


def test_sum_nested_in_a_function_keeps_its_own_index():
    false = run("Sum(exp(Sum(A[l, m], (m, 0, n - 1))), (l, 0, n - 1))", "n*exp(Sum(A[m, m], (m, 0, n - 1)))",
                symbols={"A": "matrix(n, n)"})
    assert false.verdict is Verdict.REFUTED
    true = run("diff(Sum(exp(Sum(A[l, m], (m, 0, n - 1))), (l, 0, n - 1)), A[i, j])",
               "exp(Sum(A[i, m], (m, 0, n - 1)))", symbols={"A": "matrix(n, n)", "i": "integer", "j": "integer"},
               assume=["0 <= i", "i <= n - 1", "0 <= j", "j <= n - 1"])
    assert true.verdict is Verdict.PROVED


def test_transpose_inside_a_function_is_refuted():
    proof = run("tanh(W*x)", "tanh(W.T*x)", symbols={"x": "vector(n)", "W": "matrix(n, n)"})
    assert proof.verdict is Verdict.REFUTED


def test_a_counterexample_must_fail_as_written():
    """SymPy drops the substitution of lim_{h→0} L′(x + h); the prepared sides then name a bound variable. The
    claim needs L′ continuous, so it is not proved, and it must not be refuted either."""
    proof = run("limit(diff(L(x + h), h), h, 0)", "diff(L(x), x)", symbols={"L": "function"})
    assert proof.verdict is not Verdict.REFUTED and proof.verdict is not Verdict.PROVED


def test_cross_entropy_gradient_in_general_dimension_uses_the_sum_hypothesis():
    proof = run("diff(-Sum(y[j]*log(softmax(u)[j]), (j, 0, k - 1)), u[i])", "softmax(u)[i] - y[i]",
                symbols={"u": "vector(k)", "y": "vector(k)", "i": "integer"},
                assume=["Sum(y[j], (j, 0, k - 1)) == 1", "0 <= i", "i <= k - 1"])
    assert proof.verdict is Verdict.PROVED
    assert any(s.rule == "hypothesis" for s in proof.steps)
    without = run("diff(-Sum(y[j]*log(softmax(u)[j]), (j, 0, k - 1)), u[i])", "softmax(u)[i] - y[i]",
                  symbols={"u": "vector(k)", "y": "vector(k)", "i": "integer"}, assume=["0 <= i", "i <= k - 1"])
    assert without.verdict is Verdict.REFUTED


def test_the_entry_index_of_a_general_gradient_is_not_captured_by_a_bound_index():
    fields = {"symbols": {"x": "vector(n)", "y": "vector(n)", "n": "integer positive"}}
    proof = run("grad(Sum(x[i]*y[i], (i, 0, n - 1)), x)", "y", **fields)
    assert proof.verdict is Verdict.PROVED and proof.method == "entrywise-general"
    assert run("grad(sqnorm(x), x)", "2*x", **fields).verdict is Verdict.PROVED


def test_powers_compared_through_logarithms_and_unused_hypotheses():
    fields = {"symbols": {"a": "positive", "n": "positive", "lam": "positive"}, "assume": ["a > 1", "n > 1"]}
    assert run("a**(1 - n)*lam", "lam", "<", **fields).verdict is Verdict.PROVED
    wrong = run("log(a)", "0", "<", **fields)  # n constrains nothing the sides use; points must still satisfy it
    assert wrong.verdict is Verdict.REFUTED and sp.Rational(wrong.counterexample["n"]) > 1


INDEX_SCOPE = {"x": "vector(d)", "d": "integer positive", "i": "integer"}
INDEX_RANGE = ("0 <= i", "i <= d - 1")


@pytest.mark.parametrize("lhs", ["diff(Sum(x[k]**2, (k, 0, d - 1)), x[i])",
                                 "diff(Sum(x[i]**2, (i, 0, d - 1)), x[i])"])
def test_a_sum_index_that_is_also_free_is_a_dummy(lhs):
    # Σ_i x_i² differentiated by the free x_i: the bound i is renamed apart (i_1), so the claim reads as written.
    proof = run(lhs, "2*x[i]", symbols=INDEX_SCOPE, assume=INDEX_RANGE)
    assert proof.verdict is Verdict.PROVED and proof.method == "index-sums"
    problem = compile_claim(claim("diff(Sum(x[i]**2, (i, 0, d - 1)), x[i])", "2*x[i]", symbols=INDEX_SCOPE))
    assert str(problem.lhs.args[0].limits[0][0]) == "i_1"


def test_a_false_claim_with_a_sum_index_that_is_also_free_is_refuted():
    proof = run("diff(Sum(x[i]**2, (i, 0, d - 1)), x[i])", "3*x[i]", symbols=INDEX_SCOPE, assume=INDEX_RANGE)
    assert proof.verdict is Verdict.REFUTED
    point = proof.counterexample
    i = int(point["i"])
    assert 0 <= i <= int(point["d"]) - 1 and point[f"x[{i}]"] != "0"


ROWS_SCOPE = {"W": "matrix(m, d)", "x": "vector(d)", "c": "vector(m)", "m": "integer positive",
              "d": "integer positive"}
ROWS_LOSS = "grad(Sum(c[k]*(W*x)[k], (k, 0, m - 1)), x).T"


def test_a_sum_of_rows_is_a_row_and_is_proved_entry_by_entry():
    # ∇_x Σ_k c_k (Wx)_k written as a row is Σ_k c_k (row k of W): a Sum of matrices is a matrix of their shape.
    problem = compile_claim(claim(ROWS_LOSS, "Sum(c[k]*onehot(k, m).T*W, (k, 0, m - 1))", symbols=ROWS_SCOPE))
    assert tuple(problem.rhs.shape) == (1, sp.Symbol("d", integer=True, positive=True))
    proof = run(ROWS_LOSS, "Sum(c[k]*onehot(k, m).T*W, (k, 0, m - 1))", symbols=ROWS_SCOPE)
    assert proof.verdict is Verdict.PROVED and proof.method == "entrywise-general"


def separates_matrices(proof) -> bool:
    """The counterexample of a matrix claim (sizes, and entries named `W[0,1]`), put into the claim as written,
    makes some entry of the sides differ (checked here anew, by explicit matrices)."""
    problem = compile_claim(proof.claim)
    point = proof.counterexample
    both = sp.Tuple(problem.lhs, problem.rhs)
    names = both.free_symbols.union(*(sp.sympify(n).free_symbols for m in both.atoms(sp.MatrixSymbol) for n in m.shape))
    sizes = {s: sp.Integer(point[s.name]) for s in names if isinstance(s, sp.Symbol) and s.is_integer}
    table = dict(sizes)
    for m in both.atoms(sp.MatrixSymbol):
        rows, cols = (int(sp.sympify(n).xreplace(sizes)) for n in m.shape)
        keys = [[f"{m.name}[{i},{j}]" if cols > 1 else f"{m.name}[{i}]" for j in range(cols)] for i in range(rows)]
        # an entry the counterexample leaves out is one the difference does not depend on: it stays a symbol
        entries = [[sp.Rational(point[k]) if k in point else sp.Symbol(k, real=True) for k in row] for row in keys]
        table[m] = sp.ImmutableMatrix(entries)
    lhs, rhs = (sp.ImmutableMatrix(side.xreplace(table).doit().as_explicit()).doit() for side in both)
    return any(abs(sp.N(a - b, 50)) > sp.Float("1e-40") for a, b in zip(lhs, rhs, strict=True))


def test_a_false_sum_of_rows_is_refuted_at_a_checked_instance():
    proof = run(ROWS_LOSS, "Sum(c[k]*onehot(0, m).T*W, (k, 0, m - 1))", symbols=ROWS_SCOPE)
    assert proof.verdict is Verdict.REFUTED and separates_matrices(proof)
    assert int(proof.counterexample["m"]) >= 2  # with one row the two sums are the same


def test_a_sum_of_explicit_vectors_is_evaluated():
    assert run("Sum(k*onehot(k, 3), (k, 0, 2))", "Matrix([0, 1, 2])").verdict is Verdict.PROVED
    assert run("Sum(k*onehot(k, 3), (k, 0, 2))", "Matrix([0, 1, 3])").verdict is Verdict.REFUTED


def test_a_delta_inside_a_sum_is_summed_out_with_the_range_of_the_sum_around_it():
    # Σ_j Σ_r δ_{jr} W_{ri} = Σ_j W_{ji}: inside Σ_j, 0 ≤ j ≤ n − 1 holds, so j is in the range of r.
    fields = {"symbols": {"W": "matrix(n, n)", "n": "integer positive", "i": "integer"},
              "assume": ["0 <= i", "i <= n - 1"]}
    nested = "Sum(Sum(KroneckerDelta(j, r)*W[r, i], (r, 0, n - 1)), (j, 0, n - 1))"
    proof = run(nested, "Sum(W[j, i], (j, 0, n - 1))", **fields)
    assert proof.verdict is Verdict.PROVED and proof.method == "index-sums"
    assert run(nested, "Sum(W[i, j], (j, 0, n - 1))", **fields).verdict is Verdict.REFUTED
    # the delta is summed out at once, not left as a case on 0 ≤ j ≤ n − 1
    j, r, i = (sp.Symbol(s, integer=True) for s in "jri")
    n = sp.Symbol("n", integer=True, positive=True)
    W = sp.MatrixSymbol("W", n, n)
    inner = sp.Sum(sp.KroneckerDelta(j, r) * W[r, i], (r, 0, n - 1))
    assert expand_sums(sp.Sum(j * inner, (j, 0, n - 1))) == sp.Sum(j * W[j, i], (j, 0, n - 1))
    assert expand_sums(inner).has(sp.Piecewise)  # outside the sum over j nothing is known of j


def test_a_sum_of_matrices_written_with_an_entry_is_unfolded():
    fields = {"symbols": {"W": "matrix(n, d)", "V": "matrix(m, n)", "c": "vector(m)", "n": "integer positive",
                          "m": "integer positive", "d": "integer positive", "i": "integer"},
              "assume": ["0 <= i", "i <= d - 1"]}
    rows = "(Sum(Sum(c[k]*V[k, j]*onehot(j, n).T*W, (k, 0, m - 1)), (j, 0, n - 1)))[0, i]"
    proof = run(rows, "Sum(Sum(c[k]*V[k, j]*W[j, i], (k, 0, m - 1)), (j, 0, n - 1))", **fields)
    assert proof.verdict is Verdict.PROVED and proof.method == "index-sums"


def test_a_literal_index_sets_the_least_size_of_the_instances():
    """z[2] of a vector of size n means n ≥ 3: no instance is smaller (at n = 2 the claim does not mean anything, and
    instantiating it there was an internal IndexError)."""
    proof = run("z[2]", "z[0]", symbols={"z": "vector(n)"})
    assert proof.verdict is Verdict.REFUTED and proof.counterexample["n"] == "3"
    proved = run("softmax(z)[5]", "exp(z[5])/Sum(exp(z[k]), (k, 0, n - 1))", symbols={"z": "vector(n)"})
    assert proved.verdict is Verdict.PROVED


def test_written_out_entries_are_kept_only_without_a_summation_index():
    """The post-check and the prover write out the same softmax(v)ₖ many times: an entry of explicit size is
    computed once; one of symbolic size holds a fresh summation index and is made anew, so that no index made for
    an earlier claim (and ordered by its creation) reaches a later one."""
    from sympy.matrices.expressions.matexpr import MatrixElement

    from identities.prover.rules import unfold_vectors
    from identities.vocabulary import softmax

    explicit = MatrixElement(softmax(sp.MatrixSymbol("v", 3, 1)), 1, 0)
    assert unfold_vectors(explicit) is unfold_vectors(explicit)
    n = sp.Symbol("n", integer=True, positive=True)
    general = MatrixElement(softmax(sp.MatrixSymbol("v", n, 1)), 1, 0)
    first, second = unfold_vectors(general), unfold_vectors(general)
    assert first.has(sp.Dummy) and first != second
    assert first.xreplace({d: sp.Symbol("j") for d in first.atoms(sp.Dummy)}) == \
        second.xreplace({d: sp.Symbol("j") for d in second.atoms(sp.Dummy)})


def test_the_compiled_evaluator_fails_only_on_the_branch_it_takes():
    """An expression is compiled once and evaluated at many points: a part that cannot be evaluated (an unfixed
    kink value, a float) fails only at the points whose case reaches it, and a reversed sum is never read as 0."""
    from identities.prover.numeric import Undecided, Undefined, enclose
    from identities.vocabulary.kinks import RELU_PRIME_AT_0

    x = sp.Symbol("x", real=True)
    k = sp.Symbol("k", integer=True)
    cases = sp.Piecewise((x, x > 0), (RELU_PRIME_AT_0, sp.Eq(x, 0)), (sp.Float(0.5) * x, True))
    assert enclose(cases, 64, {x: sp.Integer(2)}) == 2
    with pytest.raises(Undefined, match="not fixed by a convention"):
        enclose(cases, 64, {x: sp.Integer(0)})
    with pytest.raises(Undecided, match="cannot evaluate Float"):
        enclose(cases, 64, {x: sp.Integer(-1)})
    assert enclose(sp.Sum(x**k, (k, 0, 2)), 64, {x: sp.Integer(3)}) == 13
    assert enclose(sp.Sum(x**k, (k, 3, 2)), 64, {x: sp.Integer(3)}) == 0
    with pytest.raises(Undecided, match="reversed bounds"):
        enclose(sp.Sum(x**k, (k, 3, 1)), 64, {x: sp.Integer(3)})
