"""The whitelist parser: the grammar it accepts and everything it refuses, before SymPy sees it."""

import pytest
import sympy as sp

from identities.declarations import Scope
from identities.expression import ExpressionParser, ParseError
from identities.vocabulary import leaky_relu, sigmoid, softmax
from identities.vocabulary.kinks import HEAVISIDE_AT_0


def parse(text, symbols=None, conventions=None):
    return ExpressionParser(Scope.from_table(symbols or {}), conventions).parse(text)


x = sp.Symbol("x", real=True)


def test_vocabulary_and_arithmetic():
    assert parse("2*sigmoid(2*x) - 1") == 2 * sigmoid(2 * x) - 1


def test_decimals_are_exact():
    assert parse("leaky_relu(x, a=0.01)") == leaky_relu(x, sp.Rational(1, 100))
    assert parse("1e-3*x") == x / 1000


def test_undeclared_names_are_real_and_declared_ones_keep_assumptions():
    assert parse("y").is_real
    assert parse("n", {"n": "integer positive"}).is_positive


def test_log_is_natural_and_ln_is_log():
    assert parse("log(x)") == sp.log(x) == parse("ln(x)")
    assert parse("log(x, 10)") == sp.log(x) / sp.log(10)


def test_heaviside_carries_the_convention():
    assert parse("heaviside(x)", conventions={"heaviside_at_0": sp.S.Zero}) == sp.Heaviside(x, 0)
    assert parse("heaviside(x)") == sp.Heaviside(x, HEAVISIDE_AT_0)


def test_vectors_lists_and_subscripts():
    v = parse("softmax([x, 2*x, 3])[0]")
    assert isinstance(v, sp.matrices.expressions.matexpr.MatrixElement)
    assert isinstance(v.parent, softmax)
    o = parse("o[i]", {"o": "vector(n)"})
    assert str(o) == "o[i, 0]" and o.i.is_integer


def test_operators_stay_unevaluated():
    assert isinstance(parse("diff(sigmoid(x), x)"), sp.Derivative)
    assert isinstance(parse("limit(1/x, x, oo)"), sp.Limit)
    assert str(parse("limit(1/x, x, 0)").args[3]) == "+-"  # two-sided unless a direction is given
    assert str(parse("limit(1/x, x, 0, '+')").args[3]) == "+"
    assert isinstance(parse("integrate(x, x)"), sp.Integral)


def test_matrices():
    W = parse("W*v", {"W": "matrix(2, 3)", "v": "vector(3)"})
    assert W.shape == (2, 1)
    A = parse("A.T*A", {"A": "matrix(n, d)"})
    assert A.shape == (sp.Symbol("d", integer=True, positive=True),) * 2


@pytest.mark.parametrize(
    "text, message",
    [
        ("__import__('os')", "names starting with '_'"),
        ("x.__class__", "attribute .__class__ is not allowed"),
        ("sigmoid(x).func", "attribute .func is not allowed"),
        ("(lambda: 1)()", "only named functions may be called"),
        ("lambda: 1", "lambda is not allowed"),
        ('f"{x}"', "f-string is not allowed"),
        ("eval('1')", "unknown function 'eval'"),
        ("sympify('x')", "unknown function 'sympify'"),
        ("[i for i in x]", "comprehension is not allowed"),
        ("x if x else 1", "conditional expression"),
        ("e", "write E or exp(1)"),
        ("I*x", "complex numbers are not supported"),
        ("sigmod(x)", "unknown function 'sigmod'"),
        ("sigmiod(x)", "unknown function 'sigmiod'; did you mean sigmoid or logsigmoid?"),
        ("sofmax(z)", "unknown function 'sofmax'; did you mean softmax"),
        ("x**(10**10**10)", "constant exponent"),
        ("10**(10**4)", "constant exponent 10000 exceeds"),
        ("1" * 5000, "integer literal exceeds 400 digits"),
        ("x" * 30000, "exceeds the limit of 20000"),
        ("(" * 200 + "x" + ")" * 200, "nested 200 deep"),
        ("x % 2", "operator Mod is not allowed"),
        ("swish(x, c=2)", "keyword 'c' is not accepted by swish"),
        ("v[3]", "row index 3 out of range"),
        ("y[0]", "declare it"),
        ("sigmoid", "'sigmoid' is a function"),
        ("'text'", "literal 'text' is not allowed"),
    ],
)
def test_refused(text, message):
    with pytest.raises(ParseError) as info:
        parse(text, {"v": "vector(3)"})
    assert message in str(info.value)


def test_refusal_has_no_side_effect(tmp_path):
    sentinel = tmp_path / "pwned"
    for text in (f"__import__('os').system('touch {sentinel}')", f"open('{sentinel}', 'w')",
                 "exec('import os')", "globals()"):
        with pytest.raises(ParseError):
            parse(text)
    assert not sentinel.exists()
