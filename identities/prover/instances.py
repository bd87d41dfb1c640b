"""Instances: a general claim at explicit sizes and with concrete functions

The refuter and the post-check evaluate numbers, so a claim over matrices of symbolic size n × d is instantiated
at explicit sizes (each `MatrixSymbol` becomes a matrix of fresh real entries, each sum over 0..n−1 is written
out), and an undefined function f becomes a concrete smooth function. An instance is never a proof of the general
claim; it only gives points to evaluate.

Main definitions
- `SAMPLE_FUNCTIONS`: concrete smooth functions standing in for an undefined f.
- `Instance`: the substitution of one instantiation, with the names to report in a counterexample.
- `instances(exprs, sizes)`: the instantiations of a claim's sides.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field

import sympy as sp
from sympy.core.function import AppliedUndef, UndefinedFunction

from .rules import evaluate_finite_sums

_t = sp.symbols("t1:5", real=True)
SHAPES: tuple[tuple[str, object], ...] = (
    ("exp", lambda s: sp.exp(s)),
    ("cubic", lambda s: s**3 - 2 * s),
    ("sin", lambda s: sp.sin(s)),
    ("rational", lambda s: 1 / (1 + s**2)),
)
"""Smooth shapes with non-vanishing derivatives of every order somewhere (a finite-difference error shows)."""


def sample_functions(arity: int) -> list[sp.Lambda]:
    """Concrete smooth functions of `arity` arguments: each shape of t₁ + 2t₂ + 3t₃ + …"""
    args = _t[:arity]
    inner = sp.Add(*[(k + 1) * a for k, a in enumerate(args)])
    return [sp.Lambda(args if arity > 1 else args[0], shape(inner)) for _, shape in SHAPES]


SAMPLE_FUNCTIONS = tuple((name, fn) for (name, _), fn in zip(SHAPES, sample_functions(1), strict=True))


@dataclass
class Instance:
    """One instantiation: what to substitute, and how to name the new variables in a report."""

    substitution: dict = field(default_factory=dict)
    functions: dict = field(default_factory=dict)
    labels: dict[sp.Symbol, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)

    @property
    def trivial(self) -> bool:
        return not (self.substitution or self.functions)

    def apply(self, expr, evaluate: bool = True):
        """expr with matrices, sizes and functions instantiated (then evaluated by `doit` unless told not to)."""
        if self.trivial:
            return expr
        out = expr.xreplace(self.substitution)
        for f, fn in self.functions.items():
            out = out.replace(f, fn)
        return evaluate_finite_sums(out).doit() if evaluate else out


def _matrix_symbols(exprs) -> set[sp.MatrixSymbol]:
    found: set[sp.MatrixSymbol] = set()
    for e in exprs:
        found |= {a for a in sp.sympify(e).atoms(sp.MatrixSymbol)} if isinstance(e, sp.Basic) else set()
    return found


def _functions(exprs) -> dict[UndefinedFunction, int]:
    """Undefined functions applied in exprs, with their number of arguments."""
    found: dict[UndefinedFunction, int] = {}
    for e in exprs:
        if isinstance(e, sp.Basic):
            for a in e.atoms(AppliedUndef):
                found[type(a)] = len(a.args)
    return found


def _entry_symbols(name: str, cols: int, labels: dict):
    """The entry (i, j) of an instantiated matrix: a real symbol, labelled `name[i,j]` for reports."""
    def entry(i: int, j: int) -> sp.Symbol:
        sym = sp.Symbol(f"{name}_{i}" if cols == 1 else f"{name}_{{{i},{j}}}", real=True)
        labels[sym] = f"{name}[{i}]" if cols == 1 else f"{name}[{i},{j}]"
        return sym

    return entry


def _least_sizes(exprs, matrices) -> dict[sp.Symbol, int]:
    """The least value of each symbolic size that the literal indices of `exprs` need: `z[2]` of an n-vector z
    needs n ≥ 3 (at a smaller size the claim does not mean anything)."""
    least: dict[sp.Symbol, int] = {}
    named = {m: m.shape for m in matrices}
    for e in exprs:
        if not isinstance(e, sp.Basic):
            continue
        for entry in e.atoms(sp.matrices.expressions.matexpr.MatrixElement):
            for index, size in zip(entry.indices, named.get(entry.parent, ()), strict=False):
                if index.is_Integer and size.is_Symbol and index >= 0:
                    least[size] = max(least.get(size, 1), int(index) + 1)
    return least


def instances(exprs, sizes=(2, 3), hypotheses=()) -> Iterator[Instance]:
    """The instantiations to evaluate `exprs` at: explicit sizes × concrete functions (one when none needed).
    A size is never below what a literal index needs (`_least_sizes`)."""
    exprs = list(exprs) + list(hypotheses)
    matrices = sorted(_matrix_symbols(exprs), key=str)
    dims = sorted({d for m in matrices for d in m.shape if not d.is_Integer}, key=str)
    arities = _functions(exprs)
    functions = sorted(arities, key=str)
    least = _least_sizes(exprs, matrices)
    choices = [[s for s in sizes if s >= least.get(d, 1)] or [least[d], least[d] + 1] for d in dims]
    size_choices = list(itertools.product(*choices)) if dims else [()]
    function_choices = list(itertools.product(*[sample_functions(arities[f]) for f in functions])) if functions \
        else [()]
    for chosen_sizes, chosen_functions in itertools.product(size_choices, function_choices):
        inst = Instance()
        size_of = dict(zip(dims, chosen_sizes, strict=True))
        for d, value in size_of.items():
            inst.substitution[d] = sp.Integer(value)
            inst.description[str(d)] = str(value)
        for m in matrices:
            rows, cols = (int(sp.sympify(k).xreplace(size_of)) for k in m.shape)

            inst.substitution[m] = sp.ImmutableMatrix(rows, cols, _entry_symbols(m.name, cols, inst.labels))
        for f, fn in zip(functions, chosen_functions, strict=True):
            inst.functions[f] = fn
            inst.description[str(f)] = sp.sstr(fn)
        yield inst
