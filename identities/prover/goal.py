"""Goals and outcomes: what a strategy receives and what it returns

A `Goal` is one scalar statement `lhs ⋈ rhs` (⋈ one of ==, <, <=, >, >=) under a `Context`: the hypotheses, the
kink conventions and, inside a case split, the region of the case. A strategy maps a goal to an `Outcome` (the
goal is proved, with its certificate and steps) or to None (it does not know).

Main definitions
- `Region`: an interval of one variable, or a set of substitutions, that a case stands for.
- `Context`, `Goal`, `Outcome`.
- `Strategy`: the type of a strategy.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

import sympy as sp

from ..claim import Certificate, Step
from .budget import Deadline


@dataclass(frozen=True)
class Interval:
    """lo < x < hi (or ≤ where closed); the bounds may be ±oo."""

    variable: sp.Symbol
    lo: sp.Expr = -sp.oo
    hi: sp.Expr = sp.oo
    lo_closed: bool = False
    hi_closed: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "lo", sp.sympify(self.lo))
        object.__setattr__(self, "hi", sp.sympify(self.hi))

    def __str__(self) -> str:
        left = "[" if self.lo_closed else "("
        right = "]" if self.hi_closed else ")"
        return f"{self.variable} ∈ {left}{self.lo}, {self.hi}{right}"

    def contains(self, value: sp.Expr) -> bool:
        above = value >= self.lo if self.lo_closed else value > self.lo
        below = value <= self.hi if self.hi_closed else value < self.hi
        return bool(above) and bool(below)


@dataclass(frozen=True)
class Context:
    """What a goal may assume: hypotheses, conventions, the interval of a case, and the time left."""

    hypotheses: tuple[sp.Basic, ...] = ()
    conventions: dict[str, sp.Expr] = field(default_factory=dict)
    interval: Interval | None = None
    positive: tuple[sp.Symbol, ...] = ()
    """Fresh symbols introduced by a case split that are known to be positive."""
    deadline: Deadline | None = None
    depth: int = 0
    expired: list[str] = field(default_factory=list)
    """Strategies stopped by their soft time limit (shared by every sub-goal of an attempt)."""
    failures: list[str] = field(default_factory=list)
    """Strategies that raised, as `name: Type: message` (shared by every sub-goal of an attempt): reported with the
    proof as its `diagnostics`, so that a bug in a strategy does not pass for a weak prover."""
    prover: Callable[..., Any] | None = field(default=None, compare=False, repr=False)
    """The recursive search (`search.prove_goal`), set by the search on every goal it is given: a strategy that
    splits a goal proves the parts with it and never imports the search (`sympy.strategies` passes the recursion
    in the same way)."""

    def deeper(self, **changes: Any) -> Context:
        return replace(self, depth=self.depth + 1, **changes)


@dataclass(frozen=True)
class Goal:
    """A scalar statement `lhs relation rhs` to prove in a context."""

    lhs: sp.Expr
    rhs: sp.Expr
    relation: str = "=="
    context: Context = field(default_factory=Context)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lhs", sp.sympify(self.lhs))
        object.__setattr__(self, "rhs", sp.sympify(self.rhs))

    @property
    def difference(self) -> sp.Expr:
        """lhs − rhs."""
        return self.lhs - self.rhs

    def with_sides(self, lhs: sp.Expr, rhs: sp.Expr, **context_changes: Any) -> Goal:
        context = self.context.deeper(**context_changes) if context_changes else self.context.deeper()
        return Goal(lhs, rhs, self.relation, context)

    def __str__(self) -> str:
        return f"{self.lhs} {self.relation} {self.rhs}"


@dataclass(frozen=True)
class Outcome:
    """A proved goal: the certificate, the chain of steps shown to a reader, and points left out of the domain."""

    certificate: Certificate
    steps: tuple[Step, ...] = ()
    excluded: tuple[str, ...] = ()
    """Points (as readable conditions, e.g. 'x = 0') where the claim has no value: kinks without convention."""
    needs_postcheck: tuple[str, ...] = ()
    """Results computed by SymPy that only the post-check may confirm (limits, series)."""


Strategy = Callable[[Goal], Outcome | None]
