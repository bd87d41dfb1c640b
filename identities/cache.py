"""An opt-in cache of proofs, so that an unchanged re-check is near-instant

A proof is stored under a key made of everything its verdict depends on: the claim's fields (not its file and
line, so that moving a claim keeps its proof), the time limit, and the versions of proofsheet, SymPy, mpmath and
python-flint. Verdicts are kept, errors are not (an error is tried again). A timeout is kept too: under the same
time limit the claim would time out again, and re-running it would cost the whole limit each time; a longer
`--timeout` (another key) or `--no-cache` tries it again.
Entries are pickles written atomically (a temporary file renamed into place) in the user's cache directory
(`$XDG_CACHE_HOME/proofsheet`, by default `~/.cache/proofsheet`). The cache is off unless asked for (`--cache` or
`PROOFSHEET_CACHE=1`); the test suite never turns it on.

Main definitions
- `ProofCache(directory)`: `get(claim, seconds)`, `put(claim, seconds, proof)`.
- `default_cache()`: the cache when enabled by the environment, else None.
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import json
import os
import pickle
import tempfile
from pathlib import Path

import flint
import mpmath
import sympy as sp

from .claim import Claim, Proof, Verdict

VERSION = "0.1.0"
CACHED = (Verdict.PROVED, Verdict.REFUTED, Verdict.UNPROVED, Verdict.TIMEOUT)


def cache_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "proofsheet"


def _key(claim: Claim, seconds: float) -> str:
    fields = {k: v for k, v in dataclasses.asdict(claim).items() if k not in ("file", "line")}
    payload = {"claim": fields, "seconds": seconds,
               "versions": [VERSION, sp.__version__, mpmath.__version__, flint.__version__]}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class ProofCache:
    """Proofs on disk, one file per key."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or cache_directory()

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.pickle"

    def get(self, claim: Claim, seconds: float) -> Proof | None:
        """The cached proof of `claim` (relocated to the claim's file and line), or None."""
        path = self._path(_key(claim, seconds))
        try:
            # The stored expressions are already in SymPy's canonical form: rebuilding them without evaluation
            # gives equal objects and skips SymPy's constructors (Max/Min simplification, assumption queries),
            # which made a warm re-check of 1,000 claims take seconds.
            with path.open("rb") as handle, sp.evaluate(False):
                proof = pickle.load(handle)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None
        return dataclasses.replace(proof, claim=claim) if isinstance(proof, Proof) else None

    def put(self, claim: Claim, seconds: float, proof: Proof) -> None:
        """Store a proof (not an error) atomically (a reader never sees a half-written file)."""
        if proof.verdict not in CACHED:
            return
        path = self._path(_key(claim, seconds))
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(proof, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException as err:  # Ctrl-C half-way included: never leave a partial temporary behind
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            if not isinstance(err, (OSError, pickle.PicklingError, AttributeError, TypeError)):
                raise


def default_cache() -> ProofCache | None:
    """The cache when `PROOFSHEET_CACHE` is set to 1 (or a directory), else None."""
    setting = os.environ.get("PROOFSHEET_CACHE", "")
    if setting in ("", "0"):
        return None
    return ProofCache(None if setting == "1" else Path(setting))
