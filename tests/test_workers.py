"""Bounded execution: time limits, memory limits, dead workers; check never hangs and never dies.

Limits count CPU time: a worker stopped or starved for longer than its limit still reaches its verdict, and only
the wall-clock backstop (a large multiple of the limit) ends a worker that does not run.
"""

import os
import signal
import threading
import time

from identities import workers
from identities.check import check
from identities.claim import Claim, Proof, Verdict
from identities.prover import engine
from identities.workers import Limits, WorkerPool

# SymPy works for minutes on this definite integral.
SLOW = Claim(id="slow", lhs="integrate(exp(-x**2)*log(1 + x**4)*sin(x**3), (x, 0, 1))", rhs="1/10")
NORMAL = Claim(id="normal", lhs="sigmoid(-x)", rhs="1 - sigmoid(x)")


def test_a_slow_claim_times_out_at_its_soft_limit():
    with WorkerPool(1, Limits(seconds=3)) as pool:
        (proof,) = pool.run([SLOW])
    assert proof.verdict is Verdict.TIMEOUT and proof.message.startswith("time limit")
    assert proof.storable


def _deaf(claim, seconds):
    """An attempt that ignores soft limits (as code stuck in C would) and keeps the CPU busy: only the kernel's
    CPU limit stops it."""
    signal.signal(signal.SIGPROF, signal.SIG_IGN)
    while True:
        sum(range(1000))


def test_the_kernel_ends_a_worker_that_ignores_its_soft_limit_and_a_fresh_one_goes_on():
    with WorkerPool(1, Limits(seconds=1), prover=_deaf) as pool:
        proofs = list(pool.run([NORMAL, NORMAL]))
    assert [p.verdict for p in proofs] == [Verdict.TIMEOUT] * 2
    assert proofs[0].message == "worker ended past the time limit of 1 s of CPU time"
    assert proofs[0].storable


def _stops_then_proves(claim, seconds):
    """The attempt, after the worker has been stopped (as a starved process is) for longer than its limit."""
    os.kill(os.getpid(), signal.SIGSTOP)
    return engine.attempt(claim, seconds)


def test_a_worker_stopped_for_longer_than_its_limit_reaches_the_same_verdict():
    with WorkerPool(1, Limits(seconds=1), prover=_stops_then_proves) as pool:
        resume = threading.Timer(1 + workers.GRACE + 2, lambda: os.kill(pool.workers[0].process.pid, signal.SIGCONT))
        resume.start()
        try:
            (proof,) = pool.run([NORMAL])
        finally:
            resume.cancel()
    assert proof.verdict is Verdict.PROVED and proof.storable


def _asleep(claim, seconds):
    """A worker that does not run (blocked): its CPU limit never comes."""
    time.sleep(60)
    return Proof(claim, Verdict.PROVED)


def test_the_wall_clock_backstop_ends_a_worker_that_does_not_run_and_its_verdict_is_not_stored(monkeypatch):
    monkeypatch.setattr(workers, "BACKSTOP", 1.0)
    monkeypatch.setattr(workers, "BACKSTOP_MARGIN", 0.0)
    with WorkerPool(1, Limits(seconds=1), prover=_asleep) as pool:
        (proof,) = pool.run([NORMAL])
    assert proof.verdict is Verdict.TIMEOUT and not proof.storable
    assert proof.message.startswith("worker ended by the wall-clock backstop after 2 s")


def test_a_memory_bomb_is_stopped_and_the_others_are_checked():
    bomb = Claim(id="bomb", lhs="(x + y + z + w + 1)**400", rhs="(x + y + z + w + 1)**400 + 1")
    with WorkerPool(2, Limits(seconds=30, memory_bytes=300 * 1024**2)) as pool:
        proofs = list(pool.run([bomb, NORMAL]))
    assert [p.claim.id for p in proofs] == ["bomb", "normal"]
    assert proofs[1].verdict is Verdict.PROVED


def test_results_come_in_input_order_and_a_killed_worker_is_replaced():
    claims = [NORMAL, SLOW, Claim(id="after", lhs="tanh(x)", rhs="2*sigmoid(2*x) - 1")]
    with WorkerPool(2, Limits(seconds=2)) as pool:
        proofs = list(pool.run(claims))
    assert [p.claim.id for p in proofs] == ["normal", "slow", "after"]
    assert [p.verdict for p in proofs] == [Verdict.PROVED, Verdict.TIMEOUT, Verdict.PROVED]


def test_check_of_a_file_mixing_slow_and_normal_claims_finishes(tmp_path):
    path = tmp_path / "mixed.claims.toml"
    path.write_text(
        '[[claim]]\nid = "slow"\nlhs = "integrate(exp(-x**2)*log(1 + x**4)*sin(x**3), (x, 0, 1))"\nrhs = "1/10"\n'
        '[[claim]]\nid = "fine"\nlhs = "softplus(x) - softplus(-x)"\nrhs = "x"\n'
    )
    report = check([path], jobs=2, timeout=2)
    assert [p.verdict.value for p in report.proofs] == ["timeout", "proved"]
    assert report.exit_status() == 1


def test_a_false_antiderivative_is_refuted():
    proof = engine.attempt(Claim(id="anti", lhs="integrate(sigmoid(x), x)", rhs="softplus(-x)"), 20)
    assert proof.verdict is Verdict.REFUTED
