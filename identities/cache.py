"""The proof store: one proof per claim, reused by every command, never trusted blindly

A proof is stored under a key made of everything its verdict depends on: the claim's fields (not its file and
line, so that moving a claim keeps its proof), the time limit, the versions of Python, SymPy, mpmath and
python-flint, and a hash of proofsheet's own source, so that no change to the prover ever meets an entry of the
prover before it. Verdicts are kept, errors are not (an error is tried again), nor a verdict that depends on the
machine (`Proof.storable`: a worker ended by the wall-clock backstop). A timeout is kept: under the same CPU limit
the claim would time out again; a longer `--timeout` (another key) or `--no-cache` tries it again.

Entries are JSON (`identities.serial`: no pickle, nothing executed when read), written atomically (a temporary
file renamed into place) in the user's cache directory (`$XDG_CACHE_HOME/proofsheet/proofs`, by default
`~/.cache/proofsheet/proofs`). An entry that is corrupt, foreign or of another format is ignored and reported
(`ProofCache.ignored`), never trusted. The store is bounded: past `MAX_BYTES` the least recently used entries are
removed. It is on by default for `check`, `render`, `audit`, `prove` and the pytest plugin; `--no-cache` or
`PROOFSHEET_CACHE=0` turns it off, `PROOFSHEET_CACHE=DIR` moves it. proofsheet's own tests turn it off unless a
test turns it on.

Main definitions
- `ProofCache(directory)`: `get(claim, seconds)`, `put(claim, seconds, proof)`, `proof(claim, seconds, prove)`,
  `ignored`, `prune()`.
- `default_cache()`: the store the environment asks for (on by default), or None.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import platform
import tempfile
from collections.abc import Callable
from pathlib import Path

import flint
import mpmath
import sympy as sp

from .claim import Claim, Proof, Verdict
from .serial import BadEntry, Unstorable, proof_from_json, proof_to_json

CACHED = (Verdict.PROVED, Verdict.REFUTED, Verdict.UNPROVED, Verdict.TIMEOUT)
MAX_BYTES = 256 * 1024**2
"""The store's size bound; `prune` brings it back under 3/4 of it, least recently used entries first."""
MAX_ENTRY_BYTES = 8 * 1024**2
"""An entry larger than this is not read (nor written)."""
PACKAGES = ("identities", "derivations", "render")


def cache_directory() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "proofsheet" / "proofs"


@functools.cache
def source_hash() -> str:
    """A hash of proofsheet's own Python source (every module of its packages), computed once per process."""
    root = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for package in PACKAGES:
        for path in sorted((root / package).rglob("*.py")):
            digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def _key(claim: Claim, seconds: float) -> str:
    fields = {k: v for k, v in dataclasses.asdict(claim).items() if k not in ("file", "line", "expressions")}
    if claim.expressions is not None:
        fields["expressions"] = [sp.srepr(side) for side in claim.expressions]
    payload = {"claim": fields, "seconds": seconds, "source": source_hash(),
               "versions": [platform.python_version(), sp.__version__, mpmath.__version__, flint.__version__]}
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


class ProofCache:
    """Proofs on disk, one JSON file per key."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory or cache_directory()
        self.ignored: list[tuple[Path, str]] = []
        """Entries that were found but not trusted, with the reason."""

    def _path(self, key: str) -> Path:
        return self.directory / key[:2] / f"{key}.json"

    def get(self, claim: Claim, seconds: float) -> Proof | None:
        """The stored proof of `claim` (relocated to the claim's file and line), or None."""
        path = self._path(_key(claim, seconds))
        try:
            if path.stat().st_size > MAX_ENTRY_BYTES:
                raise BadEntry("larger than an entry may be")
            data = json.loads(path.read_text(encoding="utf-8"))
            proof = proof_from_json(data, claim)
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError, BadEntry) as err:
            self.ignored.append((path, f"{type(err).__name__}: {err}"))
            return None
        with contextlib.suppress(OSError):
            os.utime(path)  # recently used: kept longest by `prune`
        return proof

    def put(self, claim: Claim, seconds: float, proof: Proof) -> None:
        """Store a proof (not an error) atomically (a reader never sees a half-written file)."""
        if proof.verdict not in CACHED or not proof.storable:
            return
        try:
            text = json.dumps(proof_to_json(proof), sort_keys=True, ensure_ascii=False)
        except (Unstorable, RecursionError):
            return
        if len(text) > MAX_ENTRY_BYTES:
            return
        path = self._path(_key(claim, seconds))
        temporary = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
            os.replace(temporary, path)
        except BaseException as err:  # Ctrl-C half-way included: never leave a partial temporary behind
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            if not isinstance(err, OSError):
                raise

    def proof(self, claim: Claim, seconds: float, prove: Callable[[Claim], Proof]) -> Proof:
        """The stored proof of `claim`, or `prove(claim)`, stored."""
        found = self.get(claim, seconds)
        if found is None:
            found = prove(claim)
            self.put(claim, seconds, found)
        return found

    def prune(self, max_bytes: int = MAX_BYTES) -> int:
        """Remove the least recently used entries while the store holds more than `max_bytes`, down to 3/4 of it;
        the number removed."""
        try:
            entries = [(p.stat().st_mtime, p.stat().st_size, p) for p in self.directory.glob("??/*.json")]
        except OSError:
            return 0
        total = sum(size for _, size, _ in entries)
        if total <= max_bytes:
            return 0
        removed = 0
        for _, size, path in sorted(entries):
            if total <= max_bytes * 3 // 4:
                break
            with contextlib.suppress(OSError):
                path.unlink()
                total -= size
                removed += 1
        return removed


def default_cache() -> ProofCache | None:
    """The store: on unless `PROOFSHEET_CACHE` is 0 (or off); a directory there moves it."""
    setting = os.environ.get("PROOFSHEET_CACHE", "")
    if setting.lower() in ("0", "off", "no", "false"):
        return None
    return ProofCache(None if setting in ("", "1", "on") else Path(setting))
