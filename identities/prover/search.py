"""The strategy table and the search over it

`STRATEGIES` lists the strategies cheapest first, as data: adding one costs a function and a line here. A goal is
tried against each in turn, each under a soft time limit (a share of what is left), until one proves it.
Strategies that split a goal (cases, entries) prove the parts with the `prove_goal` their goal carries.

Main definitions
- `STRATEGIES`: (name, strategy, share of the remaining time).
- `prove_goal(goal)`: the first strategy's outcome, or None; a strategy that raises is recorded in the goal's
  context (`failure_text`) and the search goes on. The goal's context carries `prove_goal` itself
  (`Context.prover`), with which strategies that split a goal prove its parts: no strategy imports this module.
"""

from __future__ import annotations

import re
from dataclasses import replace

import sympy as sp  # noqa: F401 - the doctests use it

from .budget import SoftTimeout, time_limit
from .goal import Goal, Outcome, Strategy
from .strategies.algebra import exp_rational, exponentiate, identical, last_resort_simplify, targeted_rewrites
from .strategies.cases import cases, kinks_as_atoms
from .strategies.domain import domain_substitution
from .strategies.generalize import generalize
from .strategies.inequalities import critical_point, inequality, monotonicity
from .strategies.limits import limit_value
from .strategies.sums import index_sums

STRATEGIES: tuple[tuple[str, Strategy, float], ...] = (
    ("identical", identical, 1.0),
    ("rewrite", targeted_rewrites, 0.3),
    ("exp-rational", exp_rational, 0.5),
    ("exponentiate", exponentiate, 0.4),
    ("index-sums", index_sums, 0.5),
    ("limit", limit_value, 0.6),
    ("domain", domain_substitution, 0.6),
    ("kinks-as-atoms", kinks_as_atoms, 0.3),
    ("cases", cases, 0.8),
    ("generalize", generalize, 0.6),
    ("inequality", inequality, 0.7),
    ("monotonicity", monotonicity, 0.6),
    ("critical-point", critical_point, 0.6),
    ("simplify", last_resort_simplify, 0.6),
)
"""Strategies, cheapest first, with the share of the remaining time each may use."""

MAX_DEPTH = 6


def failure_text(name: str, error: BaseException) -> str:
    """`name: Type: message` of a strategy that raised, the same in every run: the first line of the message,
    memory addresses masked, at most 200 characters.

    >>> failure_text("cases", ValueError("bad <object at 0x7f3a2b>\\nmore"))
    'cases: ValueError: bad <object at 0x…>'
    """
    message = re.sub(r"0x[0-9a-fA-F]+", "0x…", (str(error).splitlines() or [""])[0])
    return f"{name}: {type(error).__name__}: {message}"[:200]


def prove_goal(goal: Goal, skip: frozenset[str] = frozenset(),
               only: frozenset[str] | None = None) -> tuple[str, Outcome] | None:
    """(strategy name, outcome) of the first strategy (not in `skip`, among `only` when given) that proves
    `goal`, or None.

    >>> x = sp.Symbol("x", real=True)
    >>> name, outcome = prove_goal(Goal(sp.tanh(x), 2 / (1 + sp.exp(-2 * x)) - 1))
    >>> name, outcome.certificate.kind
    ('rewrite', 'rewrite-chain')
    """
    if goal.context.depth > MAX_DEPTH:
        return None
    if goal.context.prover is None:  # the strategies prove their sub-goals with it (`Context.prover`)
        goal = replace(goal, context=replace(goal.context, prover=prove_goal))
    deadline = goal.context.deadline
    for name, strategy, share in STRATEGIES:
        if name in skip or (only is not None and name not in only):
            continue
        seconds = float("inf") if deadline is None else deadline.remaining() * share
        if deadline is not None and seconds < 0.01:
            return None
        try:
            with time_limit(seconds):
                outcome = strategy(goal)
        except SoftTimeout:
            goal.context.expired.append(name)
            if deadline is not None and deadline.expired():
                raise
            continue
        except Exception as error:  # the strategy's bug: recorded, and the search goes on
            goal.context.failures.append(failure_text(name, error))
            continue
        if outcome is not None:
            return name, outcome
    return None
