"""Bounded execution: time limits, memory limits, dead workers; check never hangs and never dies."""

import signal
import time

from identities.check import check
from identities.claim import Claim, Proof, Verdict
from identities.prover import engine
from identities.workers import Limits, WorkerPool

# SymPy works for minutes on this definite integral.
SLOW = Claim(id="slow", lhs="integrate(exp(-x**2)*log(1 + x**4)*sin(x**3), (x, 0, 1))", rhs="1/10")
NORMAL = Claim(id="normal", lhs="sigmoid(-x)", rhs="1 - sigmoid(x)")


def test_a_slow_claim_times_out_within_its_limit_plus_a_second():
    started = time.monotonic()
    with WorkerPool(1, Limits(seconds=3)) as pool:
        (proof,) = pool.run([SLOW])
    elapsed = time.monotonic() - started
    assert proof.verdict is Verdict.TIMEOUT
    assert elapsed < 3 + 1 + 1.5  # the limit, the grace second, and process start-up


def _deaf(claim, seconds):
    """An attempt that ignores soft limits (as code stuck in C would): only the parent's kill stops it."""
    signal.signal(signal.SIGALRM, signal.SIG_IGN)
    time.sleep(60)
    return Proof(claim, Verdict.PROVED)


def test_the_parent_kills_a_worker_that_ignores_its_soft_limit():
    started = time.monotonic()
    with WorkerPool(1, Limits(seconds=1), prover=_deaf) as pool:
        (proof,) = pool.run([NORMAL])
    assert proof.verdict is Verdict.TIMEOUT and "killed" in proof.message
    assert time.monotonic() - started < 1 + 1 + 1.5


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
