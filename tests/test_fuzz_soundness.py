"""Soundness fuzzing: random true and false pairs over the whole vocabulary get no wrong verdict

Hypothesis draws pairs from `tests.fuzz_pairs` (nesting depth ≥ 2, every vocabulary function and SymPy's
elementary functions; true pairs by known rewrites, false pairs by perturbations that 50-digit evaluation
separates). Each pair is proved in this process, as a worker would. A test fails on

- a wrong verdict: a true pair `refuted`, a false pair `proved`;
- a post-check demotion (a `proved` that the post-check disputed: a bug to fix);
- a counterexample that does not hold up: the claim as written is enclosed again in 512-bit Arb balls at the
  reported point, and the balls must be disjoint;

and, per shard, when fewer than 80% of the true pairs are `proved` or fewer than 99% of the false ones `refuted`.

The default run is 8 shards of 250 examples (2,000 in all; xdist spreads the shards over the workers). The slow
profile, `PROOFSHEET_FUZZ=slow`, runs 80 shards (20,000 examples). Each shard's seed is printed (and named in every
failure): `PROOFSHEET_FUZZ_SEED=<base> pytest tests/test_fuzz_soundness.py -k "shard and <k>]"` replays it.
"""

from __future__ import annotations

import faulthandler
import hashlib
import os
from collections import Counter

import hypothesis
import pytest
import sympy as sp
from hypothesis import HealthCheck, Phase, given, settings

from identities.claim import Claim, Proof, Verdict
from identities.problem import compile_claim
from identities.prover import engine
from identities.prover.numeric import enclose
from identities.prover.rules import unfold_vectors
from identities.vocabulary import VOCABULARY, KinkValue
from tests.fuzz_pairs import ELEMENTARY, FUNCTIONS, Pair, pairs

BASE_SEED = int(os.environ.get("PROOFSHEET_FUZZ_SEED", "20261201"))
PROFILES = {"default": (8, 250), "slow": (80, 250)}
SHARDS, PER_SHARD = PROFILES[os.environ.get("PROOFSHEET_FUZZ", "default")]
TIMEOUT = 10.0
"""Seconds per pair: a pair that times out is undecided (it counts against the rates, never as wrong); at 30 s the
9 timeouts of a 2,000-pair run cost 270 s of its wall time."""
STALLED = 3 * TIMEOUT + 10
"""Seconds after which an in-process attempt counts as stalled (its soft limits failed: code stuck in C): the
process exits with every thread's stack, so that the run fails at once instead of hanging."""
PROVED_RATE, REFUTED_RATE = 0.80, 0.99


def claim_of(pair: Pair) -> Claim:
    """The pair as a claim whose id depends only on its text (so sample points replay)."""
    digest = hashlib.sha256(f"{pair.lhs} == {pair.rhs}".encode()).hexdigest()[:12]
    return pair.claim(f"fuzz-{digest}")


def counterexample_holds(claim: Claim, proof: Proof) -> bool:
    """The claim as written, enclosed again at the reported point, with 512-bit balls or at the precision the
    certificate states if that is higher: the two balls are disjoint. A value the claim leaves unspecified (H(0)
    without a convention) must not matter: the balls are disjoint for two choices of it."""
    problem = compile_claim(claim)
    names = {str(s): s for s in problem.lhs.free_symbols | problem.rhs.free_symbols}
    point = {names[n]: sp.Rational(v) for n, v in proof.counterexample.items() if n in names}
    lhs, rhs = (unfold_vectors(side.doit()) for side in (problem.lhs, problem.rhs))
    bits = max(512, proof.certificate.data.get("bits") or 0)
    kinks = {s for s in lhs.free_symbols | rhs.free_symbols if isinstance(s, KinkValue)}
    for choice in ((0, 1) if kinks else (0,)):
        chosen = dict.fromkeys(kinks, sp.Integer(choice))
        a, b = enclose(lhs.xreplace(chosen), bits, point), enclose(rhs.xreplace(chosen), bits, point)
        if a.overlaps(b):
            return False
    return True


def judge(pair: Pair, proof: Proof) -> str | None:
    """What is wrong with this verdict, or None."""
    if pair.true and proof.verdict is Verdict.REFUTED:
        return f"wrong verdict: true pair refuted at {dict(proof.counterexample or {})}"
    if not pair.true and proof.verdict is Verdict.PROVED:
        return f"wrong verdict: false pair proved by {proof.method}"
    if proof.postcheck and not proof.postcheck.get("ok", True):
        return f"post-check demotion: {proof.postcheck}"
    if proof.verdict is Verdict.ERROR:
        return f"error: {proof.message}"
    if proof.verdict is Verdict.REFUTED and not counterexample_holds(proof.claim, proof):
        return f"counterexample {dict(proof.counterexample)} not confirmed by 512-bit balls"
    return None


def run_shard(seed: int, true: bool, examples: int) -> tuple[Counter, set, list]:
    """Prove `examples` pairs drawn by Hypothesis from `seed`; fail on the first wrong verdict (Hypothesis then
    shrinks it to a small failing pair). Returns the verdict counts, the distinct pairs and the undecided ones."""
    outcomes: Counter = Counter()
    seen: set[tuple[str, str]] = set()
    undecided: list[str] = []

    @hypothesis.seed(seed)
    @settings(max_examples=examples, deadline=None, database=None, phases=[Phase.generate, Phase.shrink],
              suppress_health_check=list(HealthCheck))
    @given(pairs(true))
    def examine(pair: Pair) -> None:
        faulthandler.dump_traceback_later(STALLED, exit=True)  # a stalled attempt fails the run with its stack
        try:
            proof = engine.attempt(claim_of(pair), TIMEOUT)
        finally:
            faulthandler.cancel_dump_traceback_later()
        problem = judge(pair, proof)
        assert problem is None, f"seed {seed}: {pair.lhs} vs {pair.rhs} ({pair.how}): {problem}"
        outcomes[proof.verdict.value] += 1
        seen.add((pair.lhs, pair.rhs))
        if proof.verdict is not (Verdict.PROVED if true else Verdict.REFUTED):
            undecided.append(f"{proof.verdict.value}: {pair.lhs} vs {pair.rhs} ({pair.how})")

    examine()
    return outcomes, seen, undecided


@pytest.mark.parametrize("shard", range(SHARDS))
def test_fuzz_shard(shard):
    seed = BASE_SEED * 1000 + shard
    replay = f'PROOFSHEET_FUZZ_SEED={BASE_SEED} pytest tests/test_fuzz_soundness.py -k "shard and {shard}]"'
    print(f"fuzz seed {seed} (base {BASE_SEED}, shard {shard}); replay: {replay}")
    true, true_seen, true_undecided = run_shard(seed, True, PER_SHARD // 2)
    false, false_seen, false_undecided = run_shard(seed, False, PER_SHARD - PER_SHARD // 2)
    n_true, n_false = sum(true.values()), sum(false.values())
    print(f"shard {shard}: {n_true + n_false} examples ({len(true_seen) + len(false_seen)} distinct); "
          f"true {n_true}: {dict(sorted(true.items()))}; false {n_false}: {dict(sorted(false.items()))}")
    print("undecided:", *true_undecided, *false_undecided, sep="\n  ")
    assert n_true + n_false >= PER_SHARD, f"seed {seed}: only {n_true + n_false} examples ran"
    assert true["proved"] >= PROVED_RATE * n_true, f"seed {seed}: {true['proved']} of {n_true} true pairs proved"
    assert false["refuted"] >= REFUTED_RATE * n_false, \
        f"seed {seed}: {false['refuted']} of {n_false} false pairs refuted: {false_undecided}"


def test_fuzzing_uses_every_vocabulary_function_and_the_elementary_ones():
    used = " ".join(f.template for f in FUNCTIONS.values())
    missing = [name for name in VOCABULARY if f"{name}(" not in used]
    assert missing == []
    assert all(name in FUNCTIONS for name in ELEMENTARY)


def test_the_default_run_has_at_least_2000_examples():
    assert PROFILES["default"][0] * PROFILES["default"][1] >= 2000
    assert PROFILES["slow"][0] * PROFILES["slow"][1] >= 20000


@pytest.mark.parametrize("name", sorted(n for n, f in FUNCTIONS.items() if f.rewrites))
def test_rewrites_are_identities(name):
    """Every rewrite agrees with its function to 40 digits at the sample points (true pairs are true)."""
    import mpmath

    from tests.fuzz_pairs import POINTS, Tree, _values, rewrite, text

    arity = FUNCTIONS[name].arity
    tree = Tree(name, (Tree("x - 1"), Tree("2*y"))[:arity])
    for k in range(len(FUNCTIONS[name].rewrites)):
        values = _values((text(tree), rewrite(tree, (), k)))
        agree = [a is not None and b is not None and abs(a - b) <= mpmath.mpf(10) ** -40 * (1 + abs(a))
                 for a, b in values]
        assert sum(agree) >= len(POINTS) - 1, (name, k, values)
