"""Soundness smoke test: generated true and false claims get no wrong verdict, and no strategy uses a numeric
oracle (numbers are for the refuter and the post-check only)."""

import inspect
import re
import sys
from pathlib import Path

import pytest
import sympy as sp
import sympy.core.evalf

from identities.claim import Claim, Verdict
from identities.prover import engine
from identities.workers import Limits, WorkerPool
from tests.pairs import generate

SEED = 2024


def test_200_generated_pairs_get_no_wrong_verdict():
    pairs = generate(200, SEED)
    claims = [Claim(id=f"pair-{k}", lhs=sp.sstr(p.lhs), rhs=sp.sstr(p.rhs), expected=p.true)
              for k, p in enumerate(pairs)]
    with WorkerPool(2, Limits(seconds=10)) as pool:
        proofs = list(pool.run(claims))
    wrong = [(p, proof) for p, proof in zip(pairs, proofs, strict=True)
             if (p.true and proof.verdict is Verdict.REFUTED) or (not p.true and proof.verdict is Verdict.PROVED)]
    assert wrong == [], f"seed {SEED}: " + "; ".join(f"{pr.claim.lhs} vs {pr.claim.rhs}" for _, pr in wrong)
    demoted = [proof for proof in proofs if proof.postcheck and not proof.postcheck["ok"]]
    assert demoted == []
    true = [proof for p, proof in zip(pairs, proofs, strict=True) if p.true]
    false = [proof for p, proof in zip(pairs, proofs, strict=True) if not p.true]
    assert len(true) >= 60 and len(false) >= 60
    assert sum(p.verdict is Verdict.PROVED for p in true) >= 0.9 * len(true)
    assert sum(p.verdict is Verdict.REFUTED for p in false) >= 0.99 * len(false)


STRATEGY_MODULES = {"identities.prover.search", "identities.prover.rules", "identities.prover.derivatives",
                    "identities.vocabulary.kinks"}


def _is_strategy(module: str) -> bool:
    return module in STRATEGY_MODULES or module.startswith("identities.prover.strategies.")


class OracleUsed(AssertionError):
    pass


def _guard(original, name):
    def guarded(*args, **kwargs):
        caller = sys._getframe(1).f_globals.get("__name__", "")
        if _is_strategy(caller):
            raise OracleUsed(f"{name} called from {caller}")
        return original(*args, **kwargs)

    return guarded


CLAIMS = [
    ("tanh(x)", "2*sigmoid(2*x) - 1", "=="), ("sigmoid(x)", "(tanh(x/2) + 1)/2", "=="),
    ("log(sigmoid(x))", "-softplus(-x)", "=="), ("hardtanh(-v)", "-hardtanh(v)", "=="),
    ("softplus(x)", "relu(x)", ">"), ("softplus(x) - relu(x)", "log(2)", "<="), ("exp(x)", "1 + x", ">="),
    ("logsumexp([x, y])", "Max(x, y)", ">="), ("limit(sigmoid(x), x, oo)", "1", "=="),
    ("diff(relu(x), x)", "Piecewise((1, x > 0), (0, True))", "=="), ("softplus(x) - softplus(-x)", "x", "=="),
    ("log(1 + exp(-25))", "exp(-25)/2", ">"), ("erf(x)", "1", "<"), ("gaussian(x)", "1", "<="),
    ("relu((x - 1)*(x + y))", "(x - 1)*(x + y) + relu(-(x - 1)*(x + y))", "=="),
]  # fmt: skip


@pytest.mark.parametrize("lhs, rhs, relation", CLAIMS)
def test_strategies_prove_without_numeric_oracles(monkeypatch, lhs, rhs, relation):
    claim = Claim(id="oracle-free", lhs=lhs, rhs=rhs, relation=relation)
    baseline = engine.attempt(claim, 30)
    for owner, name in [(sp.Expr, "equals"), (sympy.core.evalf.EvalfMixin, "evalf"),
                        (sympy.core.evalf.EvalfMixin, "n")]:
        monkeypatch.setattr(owner, name, _guard(getattr(owner, name), name))
    lambdify_module = sys.modules["sympy.utilities.lambdify"]
    simplify_module = sys.modules["sympy.simplify.simplify"]
    for module, name in [(sp, "lambdify"), (lambdify_module, "lambdify"), (sp, "nsimplify"),
                         (simplify_module, "nsimplify"), (sp, "N")]:
        monkeypatch.setattr(module, name, _guard(getattr(module, name), name))
    guarded = engine.attempt(claim, 30)
    assert baseline.verdict is Verdict.PROVED
    assert guarded.verdict is baseline.verdict and guarded.method == baseline.method


def test_strategy_sources_call_no_numeric_oracle():
    """The modules that prove never name a numeric oracle (the refuter and the post-check do)."""
    import identities.prover.derivatives
    import identities.prover.rules
    import identities.prover.search
    import identities.prover.strategies as strategies

    files = [Path(m.__file__) for m in (identities.prover.derivatives, identities.prover.rules,
                                        identities.prover.search)]
    files += sorted(Path(inspect.getfile(strategies)).parent.glob("*.py"))
    forbidden = re.compile(r"\.equals\(|\.evalf\(|\blambdify\b|\bnsimplify\b|\bsp\.N\(|\bFloat\(")
    offenders = [f"{f.name}:{k}" for f in files for k, line in enumerate(f.read_text().splitlines(), 1)
                 if forbidden.search(line)]
    assert offenders == []
