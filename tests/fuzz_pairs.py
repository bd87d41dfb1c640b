"""Random claims for soundness fuzzing: Hypothesis strategies for true and false expression pairs

An expression is a tree of nesting depth ≥ 2 whose nodes are the functions of `FUNCTIONS`: every function of the
vocabulary and SymPy's elementary functions, each written as claim-file text (a template over its arguments
`{U}`, `{V}`) together with rewrites that are identities on the whole real line (or, for a kinked function, off its
kink points, where no convention decides the value). From a tree come two kinds of pairs:

- a **true pair**: the tree, and the same tree with one node written by one of its rewrites;
- a **false pair**: the tree, and the tree with one node perturbed — its argument negated (sign), the node
  doubled (factor), its argument shifted by one (shift), its arguments swapped (x ↔ y in a unary node's argument)
  — kept only when 50-digit evaluation separates the sides at a sample point (so the pair is certainly false).

`test_rewrites_are_identities` checks every rewrite at 50 digits, so that a "true" pair is true by construction.

Main definitions
- `FUNCTIONS`: name → `Function(arity, template, rewrites)`.
- `trees(depth)`, `pairs()`: Hypothesis strategies; a pair is `Pair(lhs, rhs, true, how)` of claim-file strings.
- `separated(lhs, rhs)`: a sample point where 50-digit values of the sides differ, or None.
"""

from __future__ import annotations

from dataclasses import dataclass

import mpmath
import sympy as sp
from hypothesis import assume
from hypothesis import strategies as st

from identities.claim import Claim
from identities.problem import compile_claim
from identities.prover.numeric import Undecided, Undefined, value
from identities.prover.rules import unfold_vectors


@dataclass(frozen=True)
class Function:
    """A node kind: claim-file text over its arguments `{U}` (and `{V}`), and its true rewrites."""

    arity: int
    template: str
    rewrites: tuple[str, ...] = ()


F = Function
FUNCTIONS: dict[str, Function] = {
    # the vocabulary
    "sigmoid": F(1, "sigmoid({U})", ("1 - sigmoid(-{U})", "(1 + tanh({U}/2))/2", "1/(1 + exp(-{U}))")),
    "softplus": F(1, "softplus({U})", ("{U} + softplus(-{U})", "-logsigmoid(-{U})", "log(1 + exp({U}))")),
    "relu": F(1, "relu({U})", ("({U} + Abs({U}))/2", "{U} + relu(-{U})", "Max(0, {U})")),
    "relu6": F(1, "relu6({U})", ("Min(Max(0, {U}), 6)", "relu({U}) - relu({U} - 6)")),
    "leaky_relu": F(1, "leaky_relu({U})", ("Max({U}/100, {U})", "relu({U}) - relu(-{U})/100")),
    "hardtanh": F(1, "hardtanh({U})", ("-hardtanh(-{U})", "Max(-1, Min(1, {U}))", "relu({U} + 1) - relu({U} - 1) - 1")),
    "heaviside": F(1, "heaviside({U})", ("1 - heaviside(-{U})",)),
    "logsigmoid": F(1, "logsigmoid({U})", ("-softplus(-{U})", "log(sigmoid({U}))")),
    "logit": F(1, "logit(sigmoid({U})/2)", ("log(sigmoid({U})) - log(2 - sigmoid({U}))",)),
    "silu": F(1, "silu({U})", ("{U}*sigmoid({U})", "swish({U})")),
    "swish": F(1, "swish({U}, 2)", ("{U}*sigmoid(2*{U})",)),
    "gelu": F(1, "gelu({U})", ("{U}*(1 + erf({U}/sqrt(2)))/2", "{U} + gelu(-{U})")),
    "mish": F(1, "mish({U})", ("{U}*tanh(softplus({U}))",)),
    "elu": F(1, "elu({U})", ("relu({U}) + Min(0, exp({U}) - 1)",)),
    "selu": F(1, "selu({U}, 2, 3)", ("2*elu({U}, 3)",)),
    "softsign": F(1, "softsign({U})", ("{U}/(1 + Abs({U}))",)),
    "gaussian": F(1, "gaussian({U})", ("exp(-{U}**2)",)),
    "plu": F(1, "plu({U})", ("Max(({U} + 1)/10 - 1, Min(({U} - 1)/10 + 1, {U}))",)),
    "hinge": F(1, "hinge({U})", ("relu(1 - {U})", "Max(0, 1 - {U})")),
    "squared_hinge": F(1, "squared_hinge({U})", ("relu(1 - {U})**2",)),
    "logistic_loss": F(1, "logistic_loss({U})", ("softplus(-{U})", "log(1 + exp(-{U}))")),
    "huber": F(1, "huber({U})", ("Piecewise(({U}**2/2, Abs({U}) <= 1), (Abs({U}) - 1/2, True))",)),
    "binary_cross_entropy": F(2, "binary_cross_entropy(sigmoid({U}), sigmoid({V}))",
                              ("-(sigmoid({V})*logsigmoid({U}) + (1 - sigmoid({V}))*logsigmoid(-{U}))",)),
    "softmax": F(2, "softmax([{U}, {V}])[0]", ("sigmoid({U} - {V})", "1 - softmax([{U}, {V}])[1]")),
    "log_softmax": F(2, "log_softmax([{U}, {V}])[1]", ("-softplus({U} - {V})",)),
    "logsumexp": F(2, "logsumexp([{U}, {V}])", ("{U} + softplus({V} - {U})", "logsumexp([{V}, {U}])")),
    "cross_entropy": F(2, "cross_entropy(softmax([{U}, {V}]), onehot(0, 2))", ("softplus({V} - {U})",)),
    "onehot": F(2, "dot(onehot(1, 2), [{U}, {V}])", ("{V}",)),
    "dot": F(2, "dot([{U}, {V}], [{V}, 1])", ("{U}*{V} + {V}",)),
    "sqnorm": F(2, "sqnorm([{U}, {V}])", ("{U}**2 + {V}**2",)),
    "grad": F(1, "grad({U}, [x, y])[1]", ("diff({U}, y)",)),
    # SymPy's elementary functions
    "exp": F(1, "exp({U})", ("exp({U}/2)**2",)),
    "log": F(1, "log(1 + {U}**2)", ("2*log(sqrt(1 + {U}**2))",)),
    "sqrt": F(1, "sqrt(1 + {U}**2)", ("(1 + {U}**2)/sqrt(1 + {U}**2)",)),
    "tanh": F(1, "tanh({U})", ("2*sigmoid(2*{U}) - 1", "-tanh(-{U})")),
    "sinh": F(1, "sinh({U})", ("(exp({U}) - exp(-{U}))/2",)),
    "cosh": F(1, "cosh({U})", ("(exp({U}) + exp(-{U}))/2",)),
    "sin": F(1, "sin({U})", ("-sin(-{U})", "2*sin({U}/2)*cos({U}/2)")),
    "cos": F(1, "cos({U})", ("cos(-{U})", "1 - 2*sin({U}/2)**2")),
    "atan": F(1, "atan({U})", ("-atan(-{U})",)),
    "asinh": F(1, "asinh({U})", ("-asinh(-{U})",)),
    "erf": F(1, "erf({U})", ("-erf(-{U})", "1 - erfc({U})")),
    "abs": F(1, "Abs({U})", ("relu({U}) + relu(-{U})", "Max({U}, -{U})")),
    "sign": F(1, "sign({U})", ("-sign(-{U})",)),
    "max": F(2, "Max({U}, {V})", ("({U} + {V} + Abs({U} - {V}))/2", "Max({V}, {U})")),
    "min": F(2, "Min({U}, {V})", ("({U} + {V} - Abs({U} - {V}))/2", "-Max(-{U}, -{V})")),
    "add": F(2, "{U} + {V}"),
    "mul": F(2, "{U}*{V}"),
}  # fmt: skip
"""Every function of the vocabulary and SymPy's elementary functions (names are the vocabulary's where it has one)."""

ELEMENTARY = ("exp", "log", "sqrt", "tanh", "sinh", "cosh", "sin", "cos", "atan", "asinh", "erf", "abs", "sign",
              "max", "min")
LEAVES = ("x", "y", "2*x", "x - 1", "x + y", "y/2", "-x", "1 - y", "3*x/10")


@dataclass(frozen=True)
class Tree:
    """A node: a function name and its argument trees (a leaf: `name` is claim text, no arguments)."""

    name: str
    args: tuple[Tree, ...] = ()

    def paths(self, prefix: tuple[int, ...] = ()) -> list[tuple[int, ...]]:
        """The positions of the function nodes, root first."""
        if not self.args:
            return []
        return [prefix] + [p for k, a in enumerate(self.args) for p in a.paths((*prefix, k))]

    def at(self, path: tuple[int, ...]) -> Tree:
        return self if not path else self.args[path[0]].at(path[1:])

    def replace(self, path: tuple[int, ...], new: Tree) -> Tree:
        if not path:
            return new
        args = list(self.args)
        args[path[0]] = args[path[0]].replace(path[1:], new)
        return Tree(self.name, tuple(args))

    def swapped(self) -> Tree:
        """x and y exchanged in every leaf."""
        if not self.args:
            return Tree(self.name.translate(str.maketrans("xy", "yx")))
        return Tree(self.name, tuple(a.swapped() for a in self.args))

    def depth(self) -> int:
        return 1 + max(a.depth() for a in self.args) if self.args else 0


def _wrap(text: str) -> str:
    return text if text.isidentifier() else f"({text})"


def text(tree: Tree, replaced: tuple[tuple[int, ...], str] | None = None, path: tuple[int, ...] = ()) -> str:
    """The claim-file text of a tree; with `replaced = (position, text)`, the node there written as that text."""
    if replaced is not None and replaced[0] == path:
        return replaced[1]
    if not tree.args:
        return tree.name
    return fill(FUNCTIONS[tree.name].template, [_wrap(text(a, replaced, (*path, k))) for k, a in enumerate(tree.args)])


def fill(template: str, args: list[str]) -> str:
    return template.format(U=args[0], V=args[1] if len(args) > 1 else "")


def trees(depth: int) -> st.SearchStrategy[Tree]:
    """Trees whose nesting depth is exactly `depth` (depth 0: a leaf)."""
    if depth == 0:
        return st.sampled_from(LEAVES).map(Tree)
    unary = sorted(n for n, f in FUNCTIONS.items() if f.arity == 1)
    binary = sorted(n for n, f in FUNCTIONS.items() if f.arity == 2)

    @st.composite
    def node(draw) -> Tree:
        name = draw(st.sampled_from(unary + binary))
        deep = draw(trees(depth - 1))
        if FUNCTIONS[name].arity == 1:
            return Tree(name, (deep,))
        other = draw(st.integers(0, depth - 1).flatmap(trees))
        return Tree(name, (deep, other) if draw(st.booleans()) else (other, deep))

    return node()


@dataclass(frozen=True)
class Pair:
    lhs: str
    rhs: str
    true: bool
    how: str

    def claim(self, ident: str) -> Claim:
        return Claim(id=ident, lhs=self.lhs, rhs=self.rhs, expected=self.true)


POINTS = [{"x": sp.Rational(a), "y": sp.Rational(b)} for a, b in [
    ("7/3", "-5/2"), ("-13/7", "3/10"), ("1/3", "29/7"), ("-41/10", "-2/3"), ("9/2", "11/10"), ("-1/7", "-37/10"),
    ("3/5", "1/9"), ("-7/2", "5/3"), ("23/10", "-1/11"), ("-3/10", "17/10"), ("11/3", "-43/10"), ("1/10", "1/3"),
]]  # fmt: skip
"""Sample points for separating false pairs: rational, off the kinks of the leaves."""


def _values(claim_text: tuple[str, str]) -> list[tuple[mpmath.mpf | None, mpmath.mpf | None]]:
    problem = compile_claim(Claim(id="fuzz-separation", lhs=claim_text[0], rhs=claim_text[1]))
    symbols = {str(s): s for s in problem.lhs.free_symbols | problem.rhs.free_symbols}
    lhs, rhs = unfold_vectors(problem.lhs.doit()), unfold_vectors(problem.rhs.doit())
    out = []
    for point in POINTS:
        env = {s: point[name] for name, s in symbols.items() if name in point}
        out.append((_value(lhs, env), _value(rhs, env)))
    return out


def _value(expr: sp.Expr, env: dict) -> mpmath.mpf | None:
    try:
        return value(expr, 50, env)
    except (Undefined, Undecided, TypeError, ValueError, ZeroDivisionError, ArithmeticError):
        return None


def separated(lhs: str, rhs: str) -> dict | None:
    """A point where 50-digit values of the sides differ by more than 1e-20 (relative), or None."""
    for point, (a, b) in zip(POINTS, _values((lhs, rhs)), strict=True):
        if a is not None and b is not None and abs(a - b) > mpmath.mpf(10) ** -20 * (1 + abs(a) + abs(b)):
            return point
    return None


def rewrite(tree: Tree, path: tuple[int, ...], k: int) -> str:
    """The text of `tree` with the node at `path` written by its k-th rewrite."""
    node = tree.at(path)
    return text(tree, (path, _wrap(fill(FUNCTIONS[node.name].rewrites[k], [_wrap(text(a)) for a in node.args]))))


PERTURBATIONS = ("sign", "factor", "shift", "swap")


def perturb(tree: Tree, path: tuple[int, ...], how: str) -> str:
    """The text of `tree` with the node at `path` perturbed: argument negated, node doubled, argument shifted,
    arguments swapped (x ↔ y for a unary node)."""
    node = tree.at(path)
    template = FUNCTIONS[node.name].template
    args = [_wrap(text(a)) for a in node.args]
    if how == "sign":
        args[0] = f"(-{args[0]})"
    elif how == "shift":
        args[0] = f"({args[0]} + 1)"
    elif how == "swap":
        args = args[::-1] if len(args) == 2 else [_wrap(text(node.args[0].swapped()))]
    new = _wrap(fill(template, args))
    return text(tree, (path, f"(2*{new})" if how == "factor" else new))


@st.composite
def pairs(draw, true: bool | None = None) -> Pair:
    """A true or a false pair (drawn when `true` is None) of depth 2 or 3."""
    tree = draw(st.sampled_from([2, 2, 3]).flatmap(trees))
    is_true = draw(st.booleans()) if true is None else true
    lhs = text(tree)
    if is_true:
        paths = [p for p in tree.paths() if FUNCTIONS[tree.at(p).name].rewrites]
        assume(paths)
        path = draw(st.sampled_from(paths))
        node = tree.at(path)
        k = draw(st.integers(0, len(FUNCTIONS[node.name].rewrites) - 1))
        return Pair(lhs, rewrite(tree, path, k), True, f"rewrite {k} of {node.name}")
    path = draw(st.sampled_from(tree.paths()))
    how = draw(st.sampled_from(PERTURBATIONS))
    rhs = perturb(tree, path, how)
    assume(rhs != lhs and separated(lhs, rhs) is not None)
    return Pair(lhs, rhs, False, f"{how} of {tree.at(path).name}")
