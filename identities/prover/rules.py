"""Rewrite rules: one identity each, `Expr -> Expr`, unchanged when they do not apply

In the manner of `sympy.simplify.fu` and `sympy.strategies`: every rule is a pure function whose docstring's first
line is the identity it applies, so that a traced chain of rules reads as a proof. `traced` wraps a rule so that
each change appends a `Step` to a trace; strategies compose rules with `sympy.strategies` combinators.

Main definitions
- vocabulary: `unfold_vocabulary`, `unfold_vectors`, `kinks_to_piecewise`
- elementary: `hyperbolic_to_exp`, `expand_exp`, `expand_logs`, `combine_fractions`, `cancel_factors`, `expand_products`
- sums: `evaluate_finite_sums`
- `traced`: the tracing combinator.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixElement

from ..claim import Step
from ..operators import TaylorPolynomial
from ..vocabulary import MatrixSum, MLFunction, VectorFunction
from ..vocabulary.kinks import HEAVISIDE_AT_0
from ..vocabulary.vectors import MatrixArgumentFunction

Rule = Callable[[sp.Basic], sp.Basic]


def first_line(doc: str | None) -> str:
    return (doc or "").strip().splitlines()[0] if doc and doc.strip() else ""


def traced(rule: Rule, trace: list[Step], relation: str = "==") -> Rule:
    """`rule`, recording `Step(relation, after, <first docstring line>, rule name)` whenever it changes its input.

    >>> trace = []
    >>> double = traced(lambda n: 2 * n, trace)
    >>> double(3), len(trace)
    (6, 1)
    """

    def run(expr):
        after = rule(expr)
        if after != expr:
            describe = getattr(rule, "describe", None)
            why = describe(expr, after) if describe else first_line(rule.__doc__)
            trace.append(Step(relation, after, why, getattr(rule, "__name__", "rule")))
        return after

    run.__name__ = getattr(rule, "__name__", "rule")
    return run


def _names(expr: sp.Basic) -> list[str]:
    names = {type(f).__name__ for f in expr.atoms(sp.Function) if isinstance(f, MLFunction)}
    return sorted(names)


def unfold_vocabulary(expr: sp.Basic) -> sp.Basic:
    """f(x) → its definition: σ(x) = 1/(1 + e^{-x}), softplus(x) = ln(1 + eˣ), ReLU(x) = max(0, x), …

    >>> from identities.vocabulary import sigmoid
    >>> x = sp.Symbol("x", real=True)
    >>> unfold_vocabulary(sigmoid(x) + 1)
    1 + 1/(1 + exp(-x))
    """
    for _ in range(8):
        after = expr.replace(lambda a: isinstance(a, MLFunction), lambda a: a.unfold())
        if after == expr:
            return after
        expr = after
    return expr


unfold_vocabulary.describe = lambda before, after: "definition of " + ", ".join(_names(before))  # type: ignore[attr-defined]


def unfold_vectors(expr: sp.Basic) -> sp.Basic:
    """softmax(v)ᵢ = e^{vᵢ}/Σⱼe^{vⱼ}, onehot(k, m)ᵢ = δᵢₖ, …: entries of vector functions written out

    >>> from identities.vocabulary import onehot
    >>> i = sp.Symbol("i", integer=True)
    >>> unfold_vectors(MatrixElement(onehot(2, 4), i, 0))
    KroneckerDelta(2, i)
    """
    return expr.replace(lambda a: isinstance(a, MatrixElement) and _unfoldable(a.parent), _entry)


def _unfoldable(parent: sp.Basic) -> bool:
    """A vector function, or a product, sum (Σ_k too), transpose… of matrices whose entries are sums (not a bare
    symbol)."""
    return isinstance(parent, (VectorFunction, MatrixSum, sp.MatMul, sp.MatAdd, sp.Transpose,
                               sp.HadamardProduct)) or (
        isinstance(parent, sp.MatPow) and parent.exp.is_Integer and parent.exp > 0)


_ENTRIES: dict[MatrixElement, sp.Expr] = {}
"""Entries written out, kept when they hold no `Dummy`: the post-check writes out the same softmax(v)ₖ at every
point and in every term of a sum. An entry with a summation index is made anew each time, so that no index made
for an earlier claim (whose number orders it among the others) reaches a later one."""


def _entry(a: MatrixElement) -> sp.Expr:
    """(AB)ᵢⱼ = Σₖ AᵢₖBₖⱼ, (A + B)ᵢⱼ = Aᵢⱼ + Bᵢⱼ, (Aᵀ)ᵢⱼ = Aⱼᵢ, vector functions by their definition."""
    if (known := _ENTRIES.get(a)) is not None:
        return known
    if isinstance(a.parent, VectorFunction):
        out = a.parent._entry(a.i, a.j)
    else:
        out = unfold_vectors(a.parent._entry(a.i, a.j, expand=True))
    if not out.has(sp.Dummy):
        if len(_ENTRIES) >= 4096:
            _ENTRIES.clear()
        _ENTRIES[a] = out
    return out


def heaviside_piecewise(x, h0=HEAVISIDE_AT_0):
    """H(x) as cases, worth h0 at 0."""
    return sp.Piecewise((0, x < 0), (h0, sp.Eq(x, 0)), (1, True))


def sign_piecewise(x):
    """sign(x) as cases."""
    return sp.Piecewise((1, x > 0), (-1, x < 0), (0, True))


KINKED_NODES = (sp.Max, sp.Min, sp.Abs, sp.Piecewise, sp.Heaviside, sp.sign)


def is_kinked(node: sp.Basic) -> bool:
    """True for a node with cases of its own: max, min, |·|, cases, H, sign, or a kinked vocabulary function."""
    return isinstance(node, KINKED_NODES) or (isinstance(node, MLFunction) and has_cases(node))


def has_cases(f: MLFunction) -> bool:
    """True when f is kinked or its definition uses max, min, |·|, cases, H or sign (e.g. softsign). Decided once
    per function, on generic arguments; the functions of vectors (logsumexp, dot, …) are smooth."""
    if isinstance(f, MatrixArgumentFunction):
        return False
    return f.is_kinked or _definition_has_cases(type(f), len(f.args))


@functools.cache
def _definition_has_cases(function: type[MLFunction], arity: int) -> bool:
    generic = function(*[sp.Dummy(real=True) for _ in range(arity)])
    return isinstance(generic, MLFunction) and generic.unfold().has(*KINKED_NODES)


def case_boundaries(expr: sp.Basic) -> set[sp.Expr]:
    """The expressions g such that a case distinction of expr (max, min, |·|, H, sign, cases, the kinked
    activations) changes where g = 0: the conditions of `kinks_to_piecewise(expr)`, found without building it.

    >>> x = sp.Symbol("x", real=True)
    >>> sorted(case_boundaries(sp.Max(0, x - 1) + sp.Abs(x)), key=str)
    [1 - x, x]
    """
    found: set[sp.Expr] = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, MLFunction) and has_cases(node):
            dummies, generic = _definition_boundaries(type(node), len(node.args))
            found |= {g.xreplace(dict(zip(dummies, node.args, strict=True))) for g in generic}
        elif isinstance(node, (sp.Max, sp.Min)):
            found |= {a - b for k, a in enumerate(node.args) for b in node.args[k + 1:]}
        elif isinstance(node, (sp.Abs, sp.Heaviside, sp.sign)):
            found.add(node.args[0])
        elif isinstance(node, sp.Piecewise):
            for _, cond in node.args:
                found |= {r.lhs - r.rhs for r in cond.atoms(sp.core.relational.Relational)}
    return found


@functools.cache
def _definition_boundaries(function: type[MLFunction], arity: int) -> tuple[tuple[sp.Dummy, ...], frozenset]:
    dummies = tuple(sp.Dummy(real=True) for _ in range(arity))
    generic = function(*dummies)
    return dummies, frozenset(case_boundaries(generic.unfold()) if isinstance(generic, MLFunction) else ())


def kinks_to_piecewise(expr: sp.Basic) -> sp.Basic:
    """max, min, |·|, sign, H and the kinked activations written as cases

    >>> x = sp.Symbol("x", real=True)
    >>> kinks_to_piecewise(sp.Abs(x))
    Piecewise((x, x >= 0), (-x, True))
    """
    expr = expr.replace(lambda a: isinstance(a, MLFunction) and has_cases(a), lambda a: a.unfold())
    expr = expr.replace(lambda a: isinstance(a, sp.Heaviside), lambda a: heaviside_piecewise(*a.args))
    expr = expr.replace(lambda a: isinstance(a, sp.sign) and a.args[0].is_extended_real,
                        lambda a: sign_piecewise(a.args[0]))
    # |u| as cases for any u: every expression of a claim is real where it is defined (SymPy's own rewrite
    # refuses when it cannot prove u real, e.g. u = x/(x - 1)).
    expr = expr.replace(lambda a: isinstance(a, sp.Abs), lambda a: sp.Piecewise((a.args[0], a.args[0] >= 0),
                                                                                 (-a.args[0], True)))
    return expr.rewrite(sp.Piecewise) if expr.has(sp.Max, sp.Min) else expr


def hyperbolic_to_exp(expr: sp.Basic) -> sp.Basic:
    """tanh t = (eᵗ − e⁻ᵗ)/(eᵗ + e⁻ᵗ), sinh t = (eᵗ − e⁻ᵗ)/2, cosh t = (eᵗ + e⁻ᵗ)/2

    >>> x = sp.Symbol("x", real=True)
    >>> hyperbolic_to_exp(sp.cosh(x))
    exp(x)/2 + exp(-x)/2
    """
    return expr.rewrite([sp.tanh, sp.sinh, sp.cosh, sp.coth], sp.exp) if expr.has(
        sp.tanh, sp.sinh, sp.cosh, sp.coth) else expr


def inverse_hyperbolic_to_log(expr: sp.Basic) -> sp.Basic:
    """atanh z = ½ ln((1 + z)/(1 − z)), asinh z = ln(z + √(z² + 1)), acosh z = ln(z + √(z² − 1))

    >>> z = sp.Symbol("z", real=True)
    >>> inverse_hyperbolic_to_log(sp.atanh(z))
    -log(1 - z)/2 + log(z + 1)/2
    """
    return expr.rewrite([sp.atanh, sp.asinh, sp.acosh], sp.log) if expr.has(sp.atanh, sp.asinh, sp.acosh) else expr


TRIGONOMETRIC = (sp.sin, sp.cos, sp.tan, sp.cot, sp.sec, sp.csc)


def trigonometric_identities(expr: sp.Basic) -> sp.Basic:
    """sin² + cos² = 1, double angles, products to sums, …: Fu et al.'s rule-based trigonometric simplification

    >>> x = sp.Symbol("x", real=True)
    >>> trigonometric_identities(sp.sin(x)**2 + sp.cos(x)**2)
    1
    """
    from sympy.simplify.fu import fu

    return fu(expr) if expr.has(*TRIGONOMETRIC) else expr


def expand_exp(expr: sp.Basic) -> sp.Basic:
    """e^{a+b} = eᵃ·eᵇ

    >>> x = sp.Symbol("x", real=True)
    >>> expand_exp(sp.exp(x + 1))
    E*exp(x)
    """
    return sp.expand(expr, deep=True, power_exp=True, mul=False, multinomial=False, log=False, basic=False)


def entries_as_reals(expr: sp.Basic) -> sp.Basic:
    """expr with matrix entries as real symbols, for questions to SymPy's assumptions (every matrix of a claim is
    real, which SymPy cannot know of a `MatrixSymbol`'s entries)."""
    entries = expr.atoms(MatrixElement)
    return expr.xreplace({e: sp.Dummy("e", real=True) for e in entries}) if entries else expr


@functools.lru_cache(maxsize=4096)
def positive_sum(s: sp.Sum) -> bool:
    """A sum of positive terms over a non-empty range is positive (asked of the same sums by every rewrite and at
    every depth: answered once)."""
    nonempty = all(sp.simplify(hi - lo).is_nonnegative for _, lo, hi in s.limits)
    return bool(nonempty and entries_as_reals(s.function).is_positive)


def _positive_sums(expr: sp.Basic) -> dict[sp.Basic, sp.Symbol]:
    """Sums of positive terms over a non-empty range, each with a positive symbol standing for it."""
    return {s: sp.Dummy("S", positive=True) for s in expr.atoms(sp.Sum) if positive_sum(s)}


def expand_logs(expr: sp.Basic) -> sp.Basic:
    """ln(ab) = ln a + ln b, ln(a/b) = ln a − ln b, ln(aᵏ) = k ln a   (a, b > 0; a sum of positive terms is > 0)

    >>> a, b = sp.symbols("a b", positive=True)
    >>> expand_logs(sp.log(a / b))
    log(a) - log(b)
    """
    table = _positive_sums(expr)
    if not table:
        return sp.expand_log(expr, force=False)
    back = {d: s for s, d in table.items()}
    return sp.expand_log(expr.xreplace(table), force=False).xreplace(back)


def combine_fractions(expr: sp.Basic) -> sp.Basic:
    """a/b + c/d = (ad + bc)/(bd)

    >>> x = sp.Symbol("x", real=True)
    >>> combine_fractions(1/x + 1/(x + 1))
    (2*x + 1)/(x*(x + 1))
    """
    return sp.together(expr)


def cancel_factors(expr: sp.Basic) -> sp.Basic:
    """p·r/(q·r) = p/q: common factors of numerator and denominator cancelled

    >>> x = sp.Symbol("x", real=True)
    >>> cancel_factors((x**2 - 1)/(x - 1))
    x + 1
    """
    return sp.cancel(expr)


def expand_products(expr: sp.Basic) -> sp.Basic:
    """(a + b)c = ac + bc: products and integer powers multiplied out

    >>> x = sp.Symbol("x", real=True)
    >>> expand_products((x + 1)**2 - x**2)
    2*x + 1
    """
    return sp.expand(expr)


def evaluate_finite_sums(expr: sp.Basic) -> sp.Basic:
    """Σ_{i=a}^{b} f(i) = f(a) + … + f(b) for integer bounds a ≤ b (at most 64 terms; a sum with b = a − 1 is
    empty, and a reversed one is SymPy's, whose convention (Karr's) counts it negatively)

    >>> i, x = sp.Symbol("i", integer=True), sp.Symbol("x", real=True)
    >>> evaluate_finite_sums(sp.Sum(x**i, (i, 0, 2)))
    x**2 + x + 1
    """
    def finite(s: sp.Sum) -> bool:
        return all(lo.is_Integer and hi.is_Integer and int(hi) - int(lo) < 64 for _, lo, hi in s.limits)

    def unroll(s: sp.Sum) -> sp.Expr:
        if any(int(hi) < int(lo) - 1 for _, lo, hi in s.limits):
            return s.doit()
        body = s.function
        for index, lo, hi in s.limits:  # innermost first
            body = sp.Add(*[body.xreplace({index: sp.Integer(k)}) for k in range(int(lo), int(hi) + 1)])
        return body

    return expr.replace(lambda a: isinstance(a, sp.Sum) and finite(a), unroll)


def evaluate_taylor(expr: sp.Basic) -> sp.Basic:
    """series(f, x, x₀, n) = Σ_{k<n} f⁽ᵏ⁾(x₀)(x − x₀)ᵏ/k!

    >>> x = sp.Symbol("x", real=True)
    >>> evaluate_taylor(TaylorPolynomial.of(sp.exp(x), x, 0, 2))
    x + 1
    """
    return expr.replace(lambda a: isinstance(a, TaylorPolynomial), lambda a: a.doit())
