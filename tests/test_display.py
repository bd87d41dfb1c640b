"""Claims, proofs and derivations on screen: text (`__repr__`, `_repr_pretty_`) and MathJax-safe LaTeX
(`_repr_latex_`: only commands and environments MathJax knows without configuration, no `$` inside, balanced
braces), as IPython and Jupyter show them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sympy as sp
from IPython.lib.pretty import pretty

from derivations.checking import check_sheets
from derivations.interactive import derive
from derivations.sheet import load_sheet
from identities import VOCABULARY, Claim, attempt, sigmoid
from identities.check import CATALOG, claim_files
from identities.claimfile import load_claim_file
from identities.display import claim_pretty
from identities.latex import latex

SIGMOID = Claim(id="sigmoid-neg-eq-one-sub", lhs="sigmoid(-v)", rhs="1 - sigmoid(v)", symbols={"v": "real"})
RELU_PRIME = Claim(id="relu-prime", lhs="diff(relu(x), x)", rhs="heaviside(x)", conventions={"heaviside_at_0": "0"})
ORDER = Claim(id="fd", lhs="(exp(h) - 1)/h - 1", rhs="h", relation="O", at="h -> 0", symbols={"h": "positive"})
WRONG = Claim(id="tanh-wrong", lhs="tanh(x)", rhs="2*sigmoid(x) - 1", title="50% & {wrong}")
UNPROVED = Claim(id="gelu-bound", lhs="gelu(x)", rhs="-17/100", relation=">", assume=["0 < a"])
MATRIX = Claim(id="transpose-transpose", lhs="W.T.T", rhs="W", symbols={"W": "matrix(2, 3)"})
x = sp.Symbol("x", real=True)

# The TeX commands and environments of MathJax's default configuration (its base and ams packages, which
# Jupyter and JupyterLab load) that proofsheet's printer and prose may emit. A custom macro (\sigmoid,
# \softplus, \relu, \R ...) is not here, and fails the test.
MATHJAX_COMMANDS = """
alpha beta gamma delta epsilon varepsilon zeta eta theta vartheta iota kappa lambda mu nu xi pi rho sigma tau
upsilon phi varphi chi psi omega Gamma Delta Theta Lambda Xi Pi Sigma Upsilon Phi Psi Omega
exp log ln sin cos tan sinh cosh tanh arcsin arccos arctan operatorname max min lim sup inf det sgn
frac dfrac tfrac sqrt left right big Big bigl bigr middle cdot cdots ldots dots times quad qquad text mathrm
mathbb mathbf boldsymbol mathcal le leq ge geq ne neq approx to infty partial nabla sum prod int setminus in
notin subset cup cap lVert rVert Vert lvert rvert vert mid langle rangle begin end substack limits checkmark
mapsto rightarrow Rightarrow colon pm mp circ odot otimes top intercal overline bar hat tilde dot ddot
"""
MATHJAX = frozenset(MATHJAX_COMMANDS.split())
ENVIRONMENTS = {"aligned", "gathered", "matrix", "pmatrix", "bmatrix", "cases"}
COMMAND = re.compile(r"\\([A-Za-z]+|.)")


def assert_mathjax_safe(display: str) -> None:
    assert display.startswith("$$") and display.endswith("$$"), display
    body = display[2:-2]
    assert "$" not in body, display
    depth = 0
    for token in re.finditer(r"\\.|[{}]", body):
        if token.group() in "{}":
            depth += 1 if token.group() == "{" else -1
            assert depth >= 0, display
    assert depth == 0, display
    for match in COMMAND.finditer(body):
        name = match.group(1)
        assert name in MATHJAX or (not name.isalpha() and name in "\\,;:! {}|&_^'-"), (name, display)
    assert set(re.findall(r"\\(?:begin|end)\{([^}]*)\}", body)) <= ENVIRONMENTS, display


def test_claim_as_text_and_latex():
    assert repr(SIGMOID) == "<Claim sigmoid-neg-eq-one-sub: sigmoid(-v) == 1 - sigmoid(v)>"
    assert pretty(SIGMOID) == "sigmoid-neg-eq-one-sub: sigmoid(-v) == 1 - sigmoid(v)   for v real"
    assert SIGMOID._repr_latex_() == (
        r"$$\begin{gathered}\sigma\left(- v\right) = 1 - \sigma\left(v\right) \quad \text{(sigmoid-neg-eq-one-sub)}"
        r" \\ \text{for all }v \in \mathbb{R}\end{gathered}$$")
    assert RELU_PRIME._repr_latex_().endswith(
        r"\text{for all }x \in \mathbb{R}\text{, with }H(0) = 0\end{gathered}$$")
    assert ORDER._repr_latex_().startswith(r"$$\begin{gathered}\frac{e^{h} - 1}{h} - 1 = O\left(h\right) \quad "
                                           r"(h \to 0) \quad \text{(fd)}")


def test_proof_as_text_and_latex():
    proof = attempt(SIGMOID, 60)
    assert repr(proof) == "<Proof proved sigmoid-neg-eq-one-sub by rewrite>"
    text = pretty(proof)
    assert text == str(proof)
    assert text.splitlines()[:6] == [
        "claim sigmoid-neg-eq-one-sub: sigmoid(-v) == 1 - sigmoid(v)   for v real",
        "verdict: proved (rewrite)",
        "steps:",
        "     sigmoid(-v) - (1 - sigmoid(v))          [lhs - rhs]",
        "  == -1 + 1/(exp(v) + 1) + 1/(1 + exp(-v))   [definition of sigmoid]",
        "  == 0                                       [a/b + c/d = (ad + bc)/(bd)]",
    ]
    assert proof._repr_latex_() == (
        r"$$\begin{aligned}& \sigma\left(- v\right) = 1 - \sigma\left(v\right) && \text{proved (rewrite)} \\ "
        r"& \text{for all }v \in \mathbb{R} && \\ "
        r"& \sigma\left(- v\right) - \left(1 - \sigma\left(v\right)\right) && \text{the difference} \\ "
        r"& = -1 + \frac{1}{e^{v} + 1} + \frac{1}{1 + e^{- v}} && \text{definition of sigmoid} \\ "
        r"& = 0 && \text{a/b + c/d = (ad + bc)/(bd)} \\ "
        r"& \text{post-check: 20 points at 77 digits} &&\end{aligned}$$")


def test_a_proof_on_the_domain_minus_a_kink_says_so_in_latex():
    proof = attempt(RELU_PRIME, 60)
    assert proof.domain == "except x = 0"
    assert r"& \text{for all }x \in \mathbb{R}\setminus\{0\}\text{, with }H(0) = 0 && \\ " in proof._repr_latex_()


def test_refuted_and_unproved_proofs_in_latex():
    refuted = attempt(WRONG, 60)._repr_latex_()
    assert refuted.startswith(r"$$\begin{aligned}& \tanh{\left(x \right)} = 2 \sigma\left(x\right) - 1 && "
                              r"\text{refuted (counterexample)} \\ & \text{claimed }\text{for all }x \in \mathbb{R}")
    assert r"& \text{counterexample: x = 1} && \\ & \text{there lhs = 0.76159415" in refuted
    unproved = attempt(UNPROVED, 60)._repr_latex_()
    assert r"&& \text{unproved} \\ " in unproved and r"\text{evidence, not a proof: " in unproved


def test_chain_from_derive_as_text_and_latex():
    chain = derive(sigmoid(-x), (1 / (1 + sp.exp(x)), "definition"), (1 - sigmoid(x), "algebra"),
                   ("<=", 1, r"$\sigma(x) > 0$"), ("<", 0, "wrong"), jobs=1, timeout=60)
    assert not chain.ok
    assert repr(chain).splitlines()[:4] == [
        "sigmoid(-x)",
        "  == 1/(exp(x) + 1)   [definition] ✓",
        "  == 1 - sigmoid(x)   [algebra] ✓",
        r"  <= 1                [$\sigma(x) > 0$] ✓",
    ]
    assert repr(chain).splitlines()[4] == ("  <  0                [wrong] ✗ refuted "
                                           "(fails at every point: lhs = 1, rhs = 0 (|lhs - rhs| = 1, exact))")
    assert pretty(chain) == repr(chain)
    assert chain._repr_latex_() == (
        r"$$\begin{aligned}\sigma\left(- x\right) &= \frac{1}{e^{x} + 1} && \text{definition}\ \checkmark \\ "
        r" &= 1 - \sigma\left(x\right) && \text{algebra}\ \checkmark \\  &\le 1 && \sigma(x) > 0\ \checkmark \\ "
        r" &< 0 && \text{wrong}\text{ (refuted)} \end{aligned}$$")


SHEET = r"""
[sheet]
number = "900"
slug = "display-demo"
title = "Display demo"
course = "Tests"

[[exercise]]
label = "1a"
title = "Sigmoid symmetry"
statement = 'Show that $\sigma(-v) = 1 - \sigma(v)$.'
claims = ["sigmoid-neg-eq-one-sub"]

[[exercise.derivation]]
claim = "sigmoid-neg-eq-one-sub"
steps = [
  { expr = "1/(1 + exp(v))", why = "definition of $\\sigma$" },
  { expr = "1 - sigmoid(v)", why = "divide by $e^{v}$ & simplify" },
]
"""


@pytest.fixture(scope="module")
def sheet(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("sheet") / "900-display-demo.toml"
    path.write_text(SHEET, encoding="utf-8")
    return path


def test_sheet_derivation_as_written(sheet):
    derivation = load_sheet(sheet).exercises[0].derivations[0]
    assert repr(derivation) == "\n".join([
        "derivation of sigmoid-neg-eq-one-sub (not checked)",
        "(lhs of sigmoid-neg-eq-one-sub)",
        r"  == 1/(exp(v) + 1)   [definition of $\sigma$]",
        r"  == 1 - sigmoid(v)   [divide by $e^{v}$ & simplify]",
    ])
    assert pretty(derivation) == repr(derivation)
    assert derivation._repr_latex_() == (
        r"$$\begin{aligned}\text{(lhs of sigmoid-neg-eq-one-sub)} &= \frac{1}{e^{v} + 1} && \text{definition of }"
        r"\sigma \\  &= 1 - \sigma\left(v\right) && \text{divide by }e^{v}\text{   simplify} \end{aligned}$$")


def test_checked_derivation_with_each_link_proved(sheet):
    checked = check_sheets([load_sheet(sheet)], jobs=1, timeout=60)[0]
    assert checked.problems == []
    derivation = checked.exercises[0].derivations[0]
    assert repr(derivation) == "\n".join([
        "derivation of sigmoid-neg-eq-one-sub: sigmoid(-v) == 1 - sigmoid(v)   for v real   [every link proved]",
        "sigmoid(-v)",
        r"  == 1/(exp(v) + 1)   [definition of $\sigma$] ✓",
        r"  == 1 - sigmoid(v)   [divide by $e^{v}$ & simplify] ✓",
    ])
    assert derivation._repr_latex_().startswith(r"$$\begin{aligned}\sigma\left(- v\right) &= \frac{1}{e^{v} + 1} "
                                                r"&& \text{definition of }\sigma\ \checkmark \\ ")
    assert_mathjax_safe(derivation._repr_latex_())


def test_every_catalog_claim_displays_as_mathjax_safe_latex():
    claims = [c for path in claim_files([CATALOG]) for c in load_claim_file(path).claims]
    assert len(claims) > 400
    for claim in claims:
        shown = claim._repr_latex_()
        assert "unreadable" not in shown, claim.id
        assert_mathjax_safe(shown)


def test_every_vocabulary_function_prints_with_mathjax_commands_only():
    for name in VOCABULARY:
        claim = Claim(id="shown", lhs="1", rhs="1")
        text = {"softmax": "softmax([x, y])[0]", "log_softmax": "log_softmax([x, y])[0]",
                "logsumexp": "logsumexp([x, y])", "onehot": "onehot(1, 3)[1]", "dot": "dot([x, y], [y, x])",
                "sqnorm": "sqnorm([x, y])", "grad": "grad(x**2 + y, [x, y])[0]",
                "binary_cross_entropy": "binary_cross_entropy(a, b)", "cross_entropy": "cross_entropy([a, b], [y, x])",
                "selu": "selu(x)", "plu": "plu(x)"}.get(name, f"{name}(x)")
        claim = Claim(id="shown", lhs=text, rhs="0")
        assert_mathjax_safe(claim._repr_latex_())
        assert r"\operatorname{" in claim._repr_latex_() or "sigma" in claim._repr_latex_() or name in (
            "heaviside", "dot", "sqnorm", "grad", "onehot", "gaussian"), (name, claim._repr_latex_())


@pytest.mark.parametrize("claim", [SIGMOID, RELU_PRIME, ORDER, WRONG, UNPROVED, MATRIX], ids=lambda c: c.id)
def test_proofs_of_every_kind_display_as_mathjax_safe_latex(claim):
    proof = attempt(claim, 60)
    assert_mathjax_safe(proof._repr_latex_())
    assert_mathjax_safe(claim._repr_latex_())
    assert latex(sp.Symbol("x")) == "x"


@pytest.mark.parametrize(("claim", "shown"), [
    (Claim(id="a", lhs="sigmoid(W*v)", rhs="sigmoid(W*v)", symbols={"W": "matrix(m, n)", "v": "vector(n)"}),
     "sigmoid(W⋅v) = sigmoid(W⋅v)"),
    (Claim(id="b", lhs="sqnorm(v)", rhs="dot(v, v)", symbols={"v": "vector(n)"}), "sqnorm(v) = dot(v, v)"),
    (Claim(id="c", lhs="softmax(z)[j]", rhs="1", symbols={"z": "vector(n)"}), "softmax(z)[j] = 1"),
    (Claim(id="d", lhs="(W*v)[i]", rhs="1", symbols={"W": "matrix(m, n)", "v": "vector(n)"}), "(W⋅v)[i] = 1"),
], ids=["entrywise", "modifier-word", "vector-entry", "product-entry"])
def test_printed_claims_use_the_vocabularys_names_not_sympys_internals(claim, shown):
    # SymPy prints (_entry ↦ sigmoid(_entry))˳(W⋅v), ‖sq‖(v) and (softmax(z))[j, 0]
    assert claim_pretty(claim) == shown


def test_steps_print_vector_entries_as_written():
    proof = attempt(Claim(id="e", lhs="softmax(z)[j]", rhs="exp(z[j])/Sum(exp(z[k]), (k, 0, n-1))",
                          symbols={"z": "vector(n)"}), 20)
    assert "softmax(z)[j] - (exp(z[j])/Sum(exp(z[k]), (k, 0, n - 1)))" in str(proof)
