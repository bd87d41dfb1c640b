"""Shared helpers: build a claim from text and prove it in this process."""

from __future__ import annotations

import os
import shutil

import pytest

from identities.claim import Claim, Proof
from identities.prover import attempt


def claim(lhs: str, rhs: str, relation: str = "==", id: str = "test-claim", **fields) -> Claim:
    """A claim with real symbols x, y, z, v, t, a, b unless `symbols` says otherwise."""
    fields.setdefault("symbols", {})
    return Claim(id=id, lhs=lhs, rhs=rhs, relation=relation, **fields)


def run(lhs: str, rhs: str, relation: str = "==", timeout: float = 30.0, **fields) -> Proof:
    """The proof of `lhs relation rhs`, attempted in this process."""
    return attempt(claim(lhs, rhs, relation, **fields), timeout)


@pytest.fixture
def prove_text():
    return run


@pytest.fixture(autouse=True)
def _no_proof_cache(monkeypatch):
    """The proof store is off in the tests (and in the commands they run), whatever the environment says; a test
    that needs it turns it on."""
    monkeypatch.setenv("PROOFSHEET_CACHE", "0")


@pytest.fixture
def tex_installed() -> None:
    """Skip a test that builds or reads PDFs when TeX (latexmk, pdflatex, pdftotext) is not installed, with the
    reason; where `PROOFSHEET_REQUIRE_TEX=1` (CI, which installs TeX) never skip: a missing TeX must fail there."""
    missing = [p for p in ("latexmk", "pdflatex", "pdftotext") if shutil.which(p) is None]
    if missing and os.environ.get("PROOFSHEET_REQUIRE_TEX") != "1":
        pytest.skip(f"TeX is not installed here ({', '.join(missing)} missing); CI installs it and sets "
                    "PROOFSHEET_REQUIRE_TEX=1")
