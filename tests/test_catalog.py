"""The whole catalog, one test per claim: every true claim is proved (the post-check included), every statement a
seed sheet gets wrong is refuted, and no strategy raises on the way. xdist spreads the claims over the workers."""

import pytest

from identities.check import CATALOG, claim_files
from identities.claim import Verdict
from identities.claimfile import load_claim_file
from identities.prover import attempt

CLAIMS = [c for path in claim_files([CATALOG]) for c in load_claim_file(path).claims]
SECONDS = 60.0
"""Generous: the suite shares the machine with other workers (the catalog's own budget is `proofsheet check`'s)."""


@pytest.mark.parametrize("claim", CLAIMS, ids=[c.id for c in CLAIMS])
def test_catalog_claim_gets_its_verdict(claim):
    proof = attempt(claim, SECONDS)
    expected = Verdict.REFUTED if claim.expected is False else Verdict.PROVED
    assert proof.verdict is expected, str(proof)
    assert proof.diagnostics == (), proof.diagnostics  # no strategy raises on a catalog claim
    if proof.verdict is Verdict.PROVED:
        assert proof.postcheck is not None and proof.postcheck["ok"], proof.postcheck
