"""The written form: claims and steps print as their author wrote them, and denote what is proved.

Each case is (declarations, text, expected LaTeX). Every case is also checked for meaning: the written tree,
rebuilt with the parser's own operations (`identities.written.evaluated`), must be structurally the evaluated
expression that the prover receives.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
import sympy as sp

from derivations.sheet import load_sheet
from identities.claim import Claim
from identities.claimfile import load_claim_file
from identities.display import claim_math
from identities.latex import latex, symbol_latex
from identities.problem import compile_claim
from identities.text import display
from identities.written import evaluated, written, written_latex
from render.document import _expr, point_latex

ROOT = Path(__file__).resolve().parent.parent
CATALOG = sorted((ROOT / "identities" / "catalog").glob("*.claims.toml"))

VECTORS = {"z": "vector(2)", "t1": "vector(2)", "x": "vector(2)", "b": "vector(2)", "W": "matrix(2, 2)"}

CASES = [
    # sums and products: flat, in the written order, negatives as -a x y
    ({}, "-a*x*y*Heaviside(-w*x*y + 1)", r"- a x y H\left(- w x y + 1\right)"),
    ({}, "-y*a", "- y a"),
    ({}, "log(a + b + c)", r"\ln{\left(a + b + c \right)}"),
    ({}, "(1/2)*exp(o)", r"\frac{1}{2} e^{o}"),
    ({}, "-1 + x", "-1 + x"),
    ({}, "x**2 - 2*x + 1", "x^{2} - 2 x + 1"),
    ({}, "a - (b + c)", r"a - \left(b + c\right)"),
    ({}, "a + (b + c)", r"a + \left(b + c\right)"),
    ({}, "a - -b", r"a - \left(- b\right)"),
    ({}, "a/b*c", r"\frac{a}{b} c"),
    ({}, "-pi/2", r"- \frac{\pi}{2}"),
    ({}, "1/(1 + exp(-x))", r"\frac{1}{1 + e^{- x}}"),
    ({}, "2*3*x", r"2 \cdot 3 x"),
    ({}, "x*2", r"x \cdot 2"),
    ({}, "1*exp(-v)", r"1 \cdot e^{- v}"),
    ({}, "x*(-a)", r"x \left(- a\right)"),
    ({}, "-(-x)", r"- \left(- x\right)"),
    ({}, "-(-x)*y", r"- \left(- x\right) y"),
    ({}, "-(-exp(-x))/(1 + exp(-x))**2", r"- \frac{- e^{- x}}{\left(1 + e^{- x}\right)^{2}}"),
    ({}, "-y*exp(-(y*a))/(1 + exp(-(y*a)))", r"- \frac{y e^{- y a}}{1 + e^{- y a}}"),
    ({}, "(1 - s)*(-s*t)", r"\left(1 - s\right) \left(- s t\right)"),
    ({}, "-o + log(x)", r"- o + \ln{\left(x \right)}"),
    ({}, "x + -y", "x - y"),
    ({}, "(a + b)**2", r"\left(a + b\right)^{2}"),
    ({}, "-x**2", "- x^{2}"),
    ({}, "(-x)**2", r"\left(- x\right)^{2}"),
    ({}, "sqrt(x)", r"\sqrt{x}"),
    ({}, "sigmoid(x)*(1 - sigmoid(x))", r"\sigma\left(x\right) \left(1 - \sigma\left(x\right)\right)"),
    # functions stay unevaluated
    ({}, "gaussian(0)", r"\operatorname{gaussian}\left(0\right)"),
    ({}, "sin(pi/2)", r"\sin{\left(\frac{\pi}{2} \right)}"),
    ({}, "gaussian(-x)", r"\operatorname{gaussian}\left(- x\right)"),
    ({}, "tanh(-x)", r"\tanh{\left(- x \right)}"),
    ({}, "-tanh(x)", r"- \tanh{\left(x \right)}"),
    ({}, "log(1 + exp(-t))", r"\ln{\left(1 + e^{- t} \right)}"),
    ({}, "Max(0, 1 - y*s)", r"\max\left(0, 1 - y s\right)"),
    ({}, "Max(0.01*x, x)", r"\max\left(0.01 x, x\right)"),
    ({}, "leaky_relu(x, a=0.5) + 2.50", r"\operatorname{LeakyReLU}\left(x, 0.5\right) + 2.5"),
    # operators, unevaluated, arguments as written
    ({}, "diff(sigmoid(x), x)", r"\frac{d}{d x} \sigma\left(x\right)"),
    ({}, "diff(a*relu(1 - y*w*x), w)",
     r"\frac{\partial}{\partial w} \left(a \operatorname{ReLU}\left(1 - y w x\right)\right)"),
    ({}, "diff(x**3, x, 2)", r"\frac{d^{2}}{d x^{2}} x^{3}"),
    ({"v": "vector(n)"}, "diff(softmax(v)[i], v[j])",
     r"\frac{\partial}{\partial {v}_{j}} {\operatorname{softmax}\left(v\right)}_{i}"),
    ({"v": "vector(2)"}, "diff(v[0]**2, v[0])", r"\frac{\partial}{\partial {v}_{0}} {v}_{0}^{2}"),
    ({}, "limit(sin(h)/h, h, 0)", r"\lim_{h \to 0}\left(\frac{\sin{\left(h \right)}}{h}\right)"),
    ({"n": "integer positive"}, "Sum(1/k**2, (k, 1, n - 1))", r"\sum_{k=1}^{n - 1} \frac{1}{k^{2}}"),
    ({}, "integrate(exp(-t**2), (t, 0, x))", r"\int\limits_{0}^{x} e^{- t^{2}}\, dt"),
    ({"W": "matrix(p, dh)"}, "rows(W)", r"\operatorname{rows}\left(W\right)"),
    ({"W": "matrix(p, dh)"}, "cols(W)", r"\operatorname{cols}\left(W\right)"),
    ({"W": "matrix(dh, 1)"}, "rows(W)", r"\operatorname{rows}\left(W\right)"),
    # explicit-size vectors and matrices keep their names
    (VECTORS, "dot(z, t1)", r"z \cdot t_{1}"),
    (VECTORS, "grad(sqnorm(x), x)", r"\nabla_{x} \left\lVert x\right\rVert^{2}"),
    (VECTORS, "W*x + b", "W x + b"),
    (VECTORS, "sigmoid(W*x + b)", r"\sigma\left(W x + b\right)"),
    (VECTORS, "(W*x).jacobian(x)", r"\frac{\partial \left(W x\right)}{\partial x}"),
    (VECTORS, "W.T*x", "W^{T} x"),
    ({"z": "vector(2)"}, "jacobian(sigmoid(z), z)", r"\frac{\partial \sigma\left(z\right)}{\partial z}"),
    (VECTORS, "x[0]**2 + x[1]", "{x}_{0}^{2} + {x}_{1}"),
    (VECTORS, "Matrix([x[0], 0])", r"\left[\begin{matrix}{x}_{0}\\0\end{matrix}\right]"),
    ({"W2": "matrix(n, n)", "x": "vector(n)", "n": "integer positive"}, "W2[k, j]*x[j]",
     r"\left(W_{2}\right)_{k, j} {x}_{j}"),
    ({"v": "vector(3)"}, "softmax(v)[0]", r"{\operatorname{softmax}\left(v\right)}_{0}"),
    # names
    ({}, "lamp*w2p + eps*theta", r"\lambda' w_{2}' + \varepsilon \theta"),
    ({"dh": "integer positive"}, "dh + nh", "d_{h} + n_{h}"),
]


@pytest.mark.parametrize(("symbols", "text", "expected"), CASES, ids=[c[1] for c in CASES])
def test_the_written_form_prints_what_was_written(symbols, text, expected):
    claim = Claim(id="t", lhs=text, rhs=text, symbols=symbols)
    assert written_latex(written(claim, text)) == expected


@pytest.mark.parametrize(("symbols", "text", "expected"), CASES, ids=[c[1] for c in CASES])
def test_the_written_form_denotes_the_evaluated_expression(symbols, text, expected):
    claim = Claim(id="t", lhs=text, rhs=text, symbols=symbols)
    problem = compile_claim(claim)
    assert evaluated(written(claim, text), problem.scope) == problem.lhs


def test_a_wrong_written_form_is_caught_by_the_meaning_check():
    """The meaning check can fail: a tree with a dropped sign does not rebuild to the claim's expression."""
    a, b = sp.symbols("a b", real=True)
    claim = Claim(id="t", lhs="a - b", rhs="a - b")
    problem = compile_claim(claim)
    assert evaluated(sp.Add(a, b, evaluate=False), problem.scope) != problem.lhs
    assert evaluated(written(claim, "a - b"), problem.scope) == problem.lhs


def test_every_catalog_side_has_a_written_form_that_denotes_it():
    sides = mismatches = 0
    for path in CATALOG:
        for claim in load_claim_file(path).claims:
            problem = compile_claim(claim)
            for text, side in ((claim.lhs, problem.lhs), (claim.rhs, problem.rhs)):
                sides += 1
                tree = written(claim, text)
                written_latex(tree)
                mismatches += evaluated(tree, problem.scope) != side
    assert sides > 700
    assert mismatches == 0


def test_every_sheet_step_has_a_written_form_that_denotes_it():
    catalog = {c.id: c for path in CATALOG for c in load_claim_file(path).claims}
    steps = mismatches = 0
    for path in sorted((ROOT / "derivations" / "sheets").glob("*.toml")):
        for exercise in load_sheet(path).exercises:
            for derivation in exercise.derivations:
                claim = catalog.get(derivation.claim)
                if claim is None:
                    continue
                for text in [derivation.start or claim.lhs, *(link.expr for link in derivation.links)]:
                    steps += 1
                    step = replace(claim, lhs=text, rhs=text, relation="==", at=None, witness=())
                    problem = compile_claim(step)
                    mismatches += evaluated(written(step, text), problem.scope) != problem.lhs
    assert steps > 200
    assert mismatches == 0


@pytest.mark.parametrize(("lhs", "rhs", "relation", "expected"), [
    ("gaussian(0)", "1", "==", r"\operatorname{gaussian}\left(0\right) = 1"),
    ("sin(pi/2)", "1", "==", r"\sin{\left(\frac{\pi}{2} \right)} = 1"),
    ("gaussian(-x)", "gaussian(x)", "==",
     r"\operatorname{gaussian}\left(- x\right) = \operatorname{gaussian}\left(x\right)"),
    ("tanh(-x)", "-tanh(x)", "==", r"\tanh{\left(- x \right)} = - \tanh{\left(x \right)}"),
    ("log(1 + exp(-t))", "softplus(-t)", "==",
     r"\ln{\left(1 + e^{- t} \right)} = \operatorname{softplus}\left(- t\right)"),
    ("sigmoid(x)", "1", "<", r"\sigma\left(x\right) < 1"),
    ("sigmoid(x)", "0", ">=", r"\sigma\left(x\right) \ge 0"),
])
def test_claims_display_as_written(lhs, rhs, relation, expected):
    assert claim_math(Claim(id="t", lhs=lhs, rhs=rhs, relation=relation)) == expected


def test_shape_claims_display_as_written():
    claim = Claim(id="t", lhs="rows(W2*W1)", rhs="p", symbols={"W1": "matrix(dh, d)", "W2": "matrix(p, dh)"})
    assert claim_math(claim) == r"\operatorname{rows}\left(W_{2} W_{1}\right) = p"
    claim = Claim(id="t", lhs="cols(W)", rhs="1", symbols={"W": "matrix(2, 1)"})
    assert claim_math(claim) == r"\operatorname{cols}\left(W\right) = 1"


def test_an_order_claim_displays_as_written():
    claim = Claim(id="t", lhs="(f(w + eps) - f(w))/eps - diff(f(w), w)", rhs="eps", relation="O", at="eps -> 0",
                  symbols={"f": "function"})
    assert claim_math(claim) == (
        r"\frac{f{\left(w + \varepsilon \right)} - f{\left(w \right)}}{\varepsilon} - \frac{d}{d w} f{\left(w \right)}"
        r" = O\left(\varepsilon\right) \quad (\varepsilon \to 0)")


def test_a_gradient_claim_displays_its_operator():
    claim = Claim(id="t", lhs="grad(dot(w, x), x)", rhs="w", symbols={"w": "vector(2)", "x": "vector(2)"})
    assert claim_math(claim) == r"\nabla_{x} w \cdot x = w"


def test_a_derivation_step_displays_as_written():
    claim = Claim(id="t", lhs="x", rhs="x", symbols={"W": "matrix(2, 2)", "x": "vector(2)", "b": "vector(2)"})
    assert _expr(claim, "-a*x[0]*y*Heaviside(-w*x[0]*y + 1)") == (
        r"- a {x}_{0} y H\left(- w {x}_{0} y + 1\right)")
    assert _expr(claim, "relu(W*x + b)") == r"\operatorname{ReLU}\left(W x + b\right)"


@pytest.mark.parametrize(("name", "expected"), [
    ("lam", r"\lambda"), ("lamp", r"\lambda'"), ("eps", r"\varepsilon"), ("theta", r"\theta"),
    ("Theta", r"\Theta"), ("lamda", r"\lambda"), ("w2p", "w_{2}'"), ("Wp", "W'"), ("W1p", "W_{1}'"),
    ("b1p", "b_{1}'"), ("wp", "w'"), ("dh", "d_{h}"), ("nh", "n_{h}"), ("hs", "h_{s}"), ("W1", "W_{1}"),
    ("b2", "b_{2}"), ("t1", "t_{1}"), ("x", "x"), ("p", "p"), ("p0", "p_{0}"), ("x_1", "x_{1}"),
    ("loss", "loss"), ("alpha", r"\alpha"),
])
def test_one_symbol_name_rule(name, expected):
    assert latex(sp.Symbol(name)) == expected
    assert latex(sp.MatrixSymbol(name, 2, 2)) == expected


def test_counterexample_coordinates_use_the_symbol_rule():
    assert point_latex("lam", "1/2") == r"$\lambda = \frac{1}{2}$"
    assert point_latex("W1p[0,1]", "-1") == r"$\left(W_{1}'\right)_{0, 1} = -1$"
    assert point_latex("x[2]", "3") == "${x}_{2} = 3$"


def test_entries_of_declared_matrices_print_their_name_by_the_rule():
    assert latex(sp.Symbol("W1p_{2,0}")) == r"\left(W_{1}'\right)_{2,0}"
    assert latex(sp.Symbol("hs_1")) == r"\left(h_{s}\right)_{1}"
    assert latex(sp.Symbol("Wp_{2,0}")) == "{W'}_{2,0}"
    assert latex(sp.Symbol("W_{0,0}")) == "W_{0,0}"
    assert latex(sp.Symbol("h_0")) == "h_{0}"


def test_the_symbol_rule_leaves_other_names_to_sympy():
    assert symbol_latex("loss") is None
    assert symbol_latex("x_1") is None


def test_the_indicator_prints_bold_one():
    assert display(r"rect'(x) = \mathbb{1}_{\{x>0\}}(x)") == r"rect'(x) = \mathbf{1}_{\{x>0\}}(x)"


_DIGEST = """
import glob, hashlib
from identities.claimfile import load_claim_file
from identities.display import claim_math
h = hashlib.sha256()
for f in sorted(glob.glob("identities/catalog/*.claims.toml")):
    for c in load_claim_file(f).claims:
        h.update((c.id + "\\t" + claim_math(c) + "\\n").encode())
print(h.hexdigest())
"""


def test_claim_math_is_the_same_bytes_in_processes_with_different_hash_seeds():
    digests = []
    for seed in ("1", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", _DIGEST], cwd=ROOT, env=env, capture_output=True, text=True,
                             check=True, timeout=600)
        digests.append(out.stdout.strip())
    assert len(digests[0]) == 64
    assert digests[0] == digests[1]
