"""Soft time limits (`identities.prover.budget`) are never lost

- a limit raises `SoftTimeout` in plain Python code within a few hundredths of a second of its expiry;
- nested limits take the earliest expiry, and an inner limit left early re-arms the outer one;
- a `SoftTimeout` that some handler swallows (a strategy taking an outer limit for its own, or Python itself, which
  drops an exception raised in a garbage-collector callback) is raised again, until the block of the expired limit
  is left; after that block, nothing more is raised;
- an in-process proof attempt ends within its limit plus a margin even when a strategy swallows its timeout;
- limits count the process's CPU time: time spent asleep (or starved of the CPU) does not use them up.

(Code that swallows every timeout in a loop, like code stuck in C, is bounded only by the parent's kill:
`test_workers.py`.)
"""

from __future__ import annotations

import contextlib
import gc
import signal
import sys
import time

import pytest

from identities.claim import Claim, Verdict
from identities.prover import budget, engine
from identities.prover.budget import SoftTimeout, time_limit

cpu = time.process_time


def busy(seconds: float) -> None:
    """Pure Python work for `seconds` of CPU time (interruptible between bytecodes)."""
    end = cpu() + seconds
    while cpu() < end:
        sum(range(100))


def test_a_limit_interrupts_its_block_on_time():
    started = cpu()
    with pytest.raises(SoftTimeout), time_limit(0.2):
        busy(5)
    assert 0.2 <= cpu() - started < 0.4


def test_nested_limits_take_the_earliest_expiry_and_an_inner_limit_left_early_rearms_the_outer():
    started = cpu()
    with pytest.raises(SoftTimeout), time_limit(0.3):
        with time_limit(5):
            busy(0.1)
        busy(5)
    assert 0.3 <= cpu() - started < 0.5
    with pytest.raises(SoftTimeout), time_limit(5), time_limit(0.1):
        busy(5)
    assert budget._active == []


@pytest.mark.parametrize("inner", [None, 10], ids=["in the block", "in an inner limit"])
def test_a_swallowed_timeout_is_raised_again_until_its_block_is_left(inner):
    # A handler that takes the limit for someone else's (around the expired block's code, or around an inner
    # limit of 10 s) swallows it three times; the block still ends within a firing of each.
    started = cpu()
    swallowed = 0
    with pytest.raises(SoftTimeout), time_limit(0.2):
        for _ in range(3):
            try:
                with contextlib.nullcontext() if inner is None else time_limit(inner):
                    busy(5)
            except SoftTimeout:
                swallowed += 1
        busy(5)
    assert swallowed == 3
    assert cpu() - started < 0.2 + 4 * budget.RETRY + 0.2
    busy(3 * budget.RETRY)  # the expired block is left: nothing more is raised
    assert budget._active == [] and signal.getitimer(signal.ITIMER_PROF) == (0.0, 0.0)


def test_a_timeout_that_fires_inside_a_gc_callback_is_raised_after_it(monkeypatch):
    # Python prints and drops an exception raised in a garbage-collector callback (Hypothesis installs one): the
    # alarm is deferred until the callback has returned, and raised there.
    calls, dropped = [], []
    monkeypatch.setattr(sys, "unraisablehook", dropped.append)

    def slow_once(phase, info):
        if not calls:
            calls.append(phase)
            busy(0.3)  # spans the expiry

    started = cpu()
    with pytest.raises(SoftTimeout), time_limit(0.1):
        gc.callbacks.append(slow_once)
        try:
            gc.collect()
            busy(5)
        finally:
            gc.callbacks.remove(slow_once)
    assert calls and dropped == []
    assert 0.3 <= cpu() - started < 0.3 + 2 * budget.RETRY + 0.2


def test_an_attempt_ends_on_time_even_when_a_strategy_swallows_its_timeout(monkeypatch):
    from identities.prover import search

    def deaf(goal):
        """A strategy that swallows a SoftTimeout and goes on (the bug this guards against)."""
        with contextlib.suppress(SoftTimeout):
            busy(60)
        busy(60)

    monkeypatch.setattr(search, "STRATEGIES", (("deaf", deaf, 1.0),))
    started = cpu()
    proof = engine.attempt(Claim(id="deaf", lhs="sigmoid(x) + exp(x)", rhs="exp(x) + 1/(1 + exp(-x))"), 2.0)
    assert proof.verdict is Verdict.TIMEOUT
    assert cpu() - started < 2.0 + 1.0


def test_a_limit_counts_cpu_time_not_time_asleep():
    started = cpu()
    with time_limit(0.3):
        time.sleep(0.6)  # twice the limit on the wall clock, almost no CPU time
        busy(0.1)
    assert cpu() - started < 0.3
