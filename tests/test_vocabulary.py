"""The vocabulary: definitions, derivatives, special values, assumptions, notation, kinks."""

import pickle

import pytest
import sympy as sp

from identities import vocabulary
from identities.latex import latex
from identities.vocabulary import (
    VOCABULARY,
    KinkValue,
    MatrixSum,
    elu,
    gaussian,
    gelu,
    hardtanh,
    heaviside,
    hinge,
    huber,
    leaky_relu,
    logit,
    logsigmoid,
    logsumexp,
    onehot,
    plu,
    relu,
    relu6,
    selu,
    sigmoid,
    silu,
    softmax,
    softplus,
    softsign,
    swish,
)
from identities.vocabulary.kinks import KINK, RELU_PRIME_AT_0

x = sp.Symbol("x", real=True)

DESIGN_NAMES = [
    "sigmoid", "softplus", "relu", "relu6", "leaky_relu", "hardtanh", "heaviside", "logsigmoid", "logit",
    "silu", "swish", "gelu", "mish", "elu", "selu", "softsign", "gaussian", "plu", "softmax", "log_softmax",
    "logsumexp", "onehot", "hinge", "squared_hinge", "logistic_loss", "huber", "binary_cross_entropy",
    "cross_entropy",
]


def test_every_design_name_is_in_the_vocabulary():
    assert set(DESIGN_NAMES) <= set(VOCABULARY)


def test_functions_stay_unevaluated_and_read_as_written():
    expr = sigmoid(-x) + softplus(2 * x)
    assert str(expr) == "sigmoid(-x) + softplus(2*x)"


@pytest.mark.parametrize("f", [sigmoid, softplus, logsigmoid, silu, gelu, gaussian, softsign])
def test_derivative_matches_the_definition(f):
    """fdiff (the closed form) and the derivative of the definition agree at exact points."""
    closed = sp.diff(f(x), x)
    from_definition = sp.diff(f(x).unfold(), x)
    for point in (sp.Rational(-3, 2), sp.Rational(1, 3), sp.Integer(2)):
        a = closed.subs(x, point).rewrite(sp.exp).evalf(40)
        b = from_definition.subs(x, point).evalf(40)
        assert abs(a - b) < sp.Float("1e-35")


def test_special_values_are_exact():
    assert sigmoid(0) == sp.Rational(1, 2)
    assert softplus(0) == sp.log(2)
    assert logsigmoid(0) == -sp.log(2)
    assert logit(sp.Rational(1, 2)) == 0
    assert gaussian(0) == 1
    assert relu(sp.Rational(-5, 2)) == 0 and relu(sp.Rational(5, 2)) == sp.Rational(5, 2)
    assert relu6(7) == 6
    assert hardtanh(-3) == -1 and hardtanh(sp.Rational(1, 4)) == sp.Rational(1, 4)
    assert leaky_relu(-2) == sp.Rational(-2, 100)
    assert hinge(3) == 0 and hinge(-1) == 2
    assert huber(3) == sp.Rational(5, 2)
    assert plu(3) == sp.Rational(6, 5)
    assert sigmoid(sp.oo) == 1 and sigmoid(-sp.oo) == 0


def test_assumptions():
    assert sigmoid(x).is_positive
    assert softplus(x).is_positive
    assert gaussian(x).is_positive
    assert logsigmoid(x).is_negative
    assert relu(x).is_nonnegative
    assert sigmoid(x).is_real and silu(x).is_real


def test_defaults_are_stored_and_hidden_in_print():
    assert swish(x) == swish(x, 1)
    assert leaky_relu(x).args == (x, sp.Rational(1, 100))
    assert latex(leaky_relu(x)) == r"\operatorname{LeakyReLU}\left(x\right)"
    assert latex(leaky_relu(x, sp.Rational(1, 5))) == r"\operatorname{LeakyReLU}\left(x, \frac{1}{5}\right)"
    assert selu(x).args[1] == sp.Rational("1.0507009873554804934193349852946")


def test_notation_of_the_vocabulary():
    assert latex(sigmoid(x)) == r"\sigma\left(x\right)"
    assert latex(softplus(x)) == r"\operatorname{softplus}\left(x\right)"
    assert latex(relu(x)) == r"\operatorname{ReLU}\left(x\right)"
    assert latex(sigmoid(x) ** 2) == r"\sigma^{2}\left(x\right)"
    assert latex(sp.log(x)) == r"\ln{\left(x \right)}"


def test_relu_derivative_value_at_zero_is_the_convention_marker():
    d = sp.diff(relu(x), x)
    assert d == sp.Heaviside(x, RELU_PRIME_AT_0)
    assert d.subs(x, 0) == RELU_PRIME_AT_0
    assert d.subs(x, 2) == 1 and d.subs(x, -2) == 0


def test_kinked_derivatives_have_no_value_at_breakpoints_unless_c1():
    assert sp.diff(hardtanh(x), x).subs(x, 1) == KINK
    assert sp.diff(elu(x), x).subs(x, 0) == 1  # ELU with a = 1 is C¹ at 0
    assert sp.diff(elu(x, 2), x).subs(x, 0) == KINK
    assert sp.diff(huber(x), x).subs(x, 1) == 1  # Huber is C¹ at |x| = d


def test_heaviside_takes_the_convention_or_an_unspecified_value():
    assert heaviside(x, 0).subs(x, 0) == 0
    assert isinstance(heaviside(x).subs(x, 0), KinkValue)


def test_elementwise_application_to_vectors():
    y = sp.Symbol("y", real=True)
    assert sigmoid(sp.ImmutableMatrix([x, y])) == sp.ImmutableMatrix([sigmoid(x), sigmoid(y)])


def test_vector_functions_have_entries():
    y = sp.Symbol("y", real=True)
    v = sp.ImmutableMatrix([x, y])
    assert softmax(v)._entry(1, 0) == sp.exp(y) / (sp.exp(x) + sp.exp(y))
    assert logsumexp(v).unfold() == sp.log(sp.exp(x) + sp.exp(y))
    assert onehot(2, 3).as_explicit() == sp.Matrix([0, 0, 1])


def test_a_sum_of_matrices_is_a_matrix_of_their_shape():
    k, i = sp.Symbol("k", integer=True), sp.Symbol("i", integer=True)
    m, n = sp.Symbol("m", integer=True, positive=True), sp.Symbol("n", integer=True, positive=True)
    W, c = sp.MatrixSymbol("W", m, n), sp.MatrixSymbol("c", m, 1)
    rows = MatrixSum(c[k, 0] * onehot(k, m).T * W, (k, 0, m - 1))
    assert rows.shape == (1, n) and rows.T.shape == (n, 1)
    assert rows.free_symbols == {c, W, m}  # k is bound
    assert isinstance(MatrixSum(k * x, (k, 0, 2)), sp.Sum)  # of numbers: SymPy's Sum
    # the entry's index is never captured by the bound one
    entry = MatrixSum(k * onehot(k, m), (k, 0, m - 1))._entry(k, 0)
    assert entry.free_symbols == {k, m} and entry.limits[0][0] != k
    assert MatrixSum(i * onehot(i, 2), (i, 0, 1)).doit() == sp.ImmutableMatrix([0, 1])
    assert MatrixSum(onehot(0, 2), (i, 1, 0)).doit() == sp.ZeroMatrix(2, 1)  # empty
    assert latex(rows) == r"\sum_{k=0}^{m - 1} {c}_{k} \left(\operatorname{onehot}_{m}\left(k\right)\right)^{T} W"


def test_vocabulary_pickles():
    expr = sigmoid(x) + relu(x) + leaky_relu(x, 2) + logsumexp(sp.ImmutableMatrix([x, 1]))
    assert pickle.loads(pickle.dumps(expr)) == expr
    assert pickle.loads(pickle.dumps(RELU_PRIME_AT_0)) == RELU_PRIME_AT_0


X = sp.Symbol("x", real=True)
A = sp.Symbol("a", positive=True)


@pytest.mark.parametrize(("expr", "variable", "point", "direction", "value"), [
    (lambda v: v.softplus(X) - X, X, sp.oo, "-", 0),
    (lambda v: v.softplus(X), X, -sp.oo, "+", 0),
    (lambda v: v.softplus(A) / A, A, sp.oo, "-", 1),
    (lambda v: v.silu(X), X, -sp.oo, "+", 0),
    (lambda v: v.silu(X) - X, X, sp.oo, "-", 0),
    (lambda v: v.gelu(X), X, -sp.oo, "+", 0),
    (lambda v: v.gelu(X) - X, X, sp.oo, "-", 0),
    (lambda v: v.mish(X), X, -sp.oo, "+", 0),
    (lambda v: v.elu(X), X, -sp.oo, "+", -1),
    (lambda v: v.logsigmoid(X) - X, X, -sp.oo, "+", 0),
    (lambda v: v.sigmoid(X), X, sp.oo, "-", 1),
    (lambda v: v.relu(X) / X, X, 0, "+", 1),
    (lambda v: v.relu(X) / X, X, 0, "-", 0),
    (lambda v: v.leaky_relu(X), X, -sp.oo, "+", -sp.oo),
], ids=lambda p: "" if callable(p) else str(p))
def test_sympy_limits_of_vocabulary_functions_are_right(expr, variable, point, direction, value):
    """SymPy's own `limit` sees through a vocabulary function (its definition, rewritten as Gruntz needs):
    before, softplus(x) − x at ∞ stayed unevaluated and σ-based limits in a parameter came out as zoo."""
    assert sp.limit(expr(vocabulary), variable, point, direction) == value


def test_a_limit_that_depends_on_a_sign_is_refused_not_answered_wrongly():
    # softplus(a·x)/a → relu(x) as a → ∞: SymPy cannot split on the sign of x, and says so (it printed
    # zoo·x·σ(zoo·x) before)
    with pytest.raises(NotImplementedError, match="sign"):
        sp.limit(vocabulary.softplus(A * X) / A, A, sp.oo)
