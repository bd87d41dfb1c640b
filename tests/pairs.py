"""Generated claims for soundness tests: true pairs by known rewrites, false pairs by perturbation

A random expression of depth ≥ 2 over the vocabulary and SymPy's elementary functions is paired with
- a rewrite of one of its nodes by a known identity (true for every real value), or
- a small perturbation of one node (sign, factor, shift, swapped arguments, another function), kept only when
  50-digit evaluation at sample points separates the two sides (so that it is certainly false).

Everything is deterministic for a given seed, so that a failure replays.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

import mpmath
import sympy as sp

from identities.vocabulary import (
    elu,
    gaussian,
    gelu,
    hardtanh,
    hinge,
    leaky_relu,
    logistic_loss,
    logsigmoid,
    relu,
    sigmoid,
    silu,
    softplus,
    softsign,
    swish,
)

x, y = sp.symbols("x y", real=True)

UNARY: list[Callable] = [sigmoid, softplus, sp.tanh, logsigmoid, silu, relu, hardtanh, softsign, gaussian, sp.erf,
                         sp.Abs, sp.atan, gelu, elu, leaky_relu, swish, logistic_loss, hinge, sp.exp]

REWRITES: dict[object, list[Callable[[sp.Expr], sp.Expr]]] = {
    sigmoid: [lambda u: 1 - sigmoid(-u), lambda u: (1 + sp.tanh(u / 2)) / 2],
    sp.tanh: [lambda u: 2 * sigmoid(2 * u) - 1, lambda u: -sp.tanh(-u)],
    softplus: [lambda u: u + softplus(-u), lambda u: -logsigmoid(-u)],
    logsigmoid: [lambda u: -softplus(-u)],
    relu: [lambda u: (u + sp.Abs(u)) / 2, lambda u: u + relu(-u)],
    sp.Abs: [lambda u: relu(u) + relu(-u)],
    hardtanh: [lambda u: -hardtanh(-u), lambda u: relu(u + 1) - relu(u - 1) - 1],
    silu: [lambda u: u * sigmoid(u)],
    gaussian: [lambda u: sp.exp(-(u**2))],
    softsign: [lambda u: u / (1 + sp.Abs(u))],
    sp.erf: [lambda u: -sp.erf(-u)],
    sp.exp: [lambda u: sp.exp(u / 2) ** 2],
    gelu: [lambda u: u + gelu(-u)],
    swish: [lambda u: u * sigmoid(u)],
    logistic_loss: [lambda u: softplus(-u)],
    hinge: [lambda u: relu(1 - u)],
    elu: [lambda u: relu(u) + sp.Min(0, sp.exp(u) - 1)],
    leaky_relu: [lambda u: sp.Max(u / 100, u)],
    sp.atan: [lambda u: -sp.atan(-u)],
}
"""function → identities f(u) = g(u) true for every real u (defaults of the parameters)."""


@dataclass(frozen=True)
class Pair:
    lhs: sp.Expr
    rhs: sp.Expr
    true: bool
    how: str


def random_expression(rng: random.Random, depth: int) -> sp.Expr:
    """An expression of exactly this depth of function applications (depth ≥ 1)."""
    if depth == 0:
        return rng.choice([x, y, x, y, 2 * x, x - 1, x + y, sp.Rational(1, 2) * y])
    inner = random_expression(rng, depth - 1)
    kind = rng.random()
    if kind < 0.6:
        return rng.choice(UNARY)(inner)
    other = random_expression(rng, rng.randint(0, depth - 1))
    return rng.choice([inner + other, inner - other, inner * other, inner + 2 * other])


def _nodes(expr: sp.Expr) -> list[sp.Expr]:
    return [e for e in sp.preorder_traversal(expr) if isinstance(e, sp.Basic) and e.args]


def _head(node: sp.Expr):
    return type(node) if type(node) in REWRITES else None


def true_rewrite(expr: sp.Expr, rng: random.Random) -> Pair | None:
    candidates = [n for n in _nodes(expr) if _head(n) is not None]
    if not candidates:
        return None
    node = rng.choice(candidates)
    rule = rng.choice(REWRITES[_head(node)])
    new = expr.xreplace({node: rule(node.args[0])})
    return Pair(expr, new, True, f"rewrite of {type(node).__name__}") if new != expr else None


PERTURBATIONS: list[tuple[str, Callable[[sp.Expr, random.Random], sp.Expr | None]]] = [
    ("sign", lambda n, rng: n.func(-n.args[0], *n.args[1:]) if isinstance(n, sp.Function) else None),
    ("factor", lambda n, rng: 2 * n),
    ("shift", lambda n, rng: n.func(n.args[0] + 1, *n.args[1:]) if isinstance(n, sp.Function) else None),
    ("swap", lambda n, rng: n.func(*reversed(n.args)) if isinstance(n, sp.Pow) else n.func(n.args[0] - 1,
                                                                                           *n.args[1:])),
    ("function", lambda n, rng: rng.choice(UNARY)(n.args[0]) if isinstance(n, sp.Function) else None),
    ("drop", lambda n, rng: n - n.args[0] if isinstance(n, sp.Add) else None),
]


def _value(expr: sp.Expr, point: dict) -> mpmath.mpf | None:
    from identities.prover.numeric import Undecided, Undefined, value

    try:
        return value(expr, 50, point)  # an environment: SymPy never compares the numbers
    except (Undefined, Undecided, TypeError, ValueError, ZeroDivisionError):
        return None


def separated(a: sp.Expr, b: sp.Expr, rng: random.Random) -> bool:
    """True when 50-digit evaluation shows a ≠ b at a sample point (so the pair is certainly meant false)."""
    for _ in range(12):
        point = {x: sp.Rational(rng.randint(-300, 300), rng.choice([7, 10, 3])),
                 y: sp.Rational(rng.randint(-300, 300), rng.choice([7, 10, 3]))}
        va, vb = _value(a, point), _value(b, point)
        if va is None or vb is None:
            continue
        if abs(va - vb) > mpmath.mpf(10) ** -15 * (1 + abs(va) + abs(vb)):
            return True
    return False


def perturbation(expr: sp.Expr, rng: random.Random) -> Pair | None:
    nodes = _nodes(expr)
    for _ in range(10 if nodes else 0):
        node = rng.choice(nodes)
        name, perturb = rng.choice(PERTURBATIONS)
        try:
            changed = perturb(node, rng)
        except (TypeError, ValueError, IndexError):
            continue
        if changed is None:
            continue
        new = expr.xreplace({node: changed})
        if new != expr and separated(expr, new, rng):
            return Pair(expr, new, False, f"{name} of {type(node).__name__}")
    return None


def generate(count: int, seed: int, true_fraction: float = 0.5) -> list[Pair]:
    """`count` pairs, about `true_fraction` of them true, deterministic for the seed."""
    rng = random.Random(seed)
    out: list[Pair] = []
    while len(out) < count:
        expr = random_expression(rng, rng.choice([2, 2, 3]))
        pair = true_rewrite(expr, rng) if rng.random() < true_fraction else perturbation(expr, rng)
        if pair is not None:
            out.append(pair)
    return out
