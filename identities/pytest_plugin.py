"""pytest plugin: every claim of a `*.claims.toml` file is a test

Registered through the `pytest11` entry point. It imports nothing heavy (no SymPy) until pytest collects a claim
file, so projects without claim files pay nothing for it. Each claim is an item named by its id (so `-k`, `--lf`,
`-x`, `-n` and `--junitxml` work as for any test); it passes when its verdict is the expected one. A failing item
reports the verdict, the claim as mathematics, both sides' values at the counterexample and the proof steps
reached; the proof is attached as a report section.

Claims are proved in one bounded worker per pytest process (per xdist worker with `-n`), started at the first
claim and reused, so that its imports and caches are paid once; a worker past its time limit is killed and a
fresh one takes its place. An `unproved` verdict fails unless `--proofsheet-allow-unproved` or the claim's
`allow_unproved` is given; a proof that the post-check demoted to `unproved` always fails (a bug of the prover).

Options: `--proofsheet-allow-unproved` (an `unproved` verdict passes), `--proofsheet-catalog` (also collect the
built-in catalog), `--proofsheet-timeout S` (per claim, default 20).

Main definitions
- `ClaimFileCollector`, `ClaimItem`, `ClaimInputItem`
- `prove_claim(config, claim)`: a claim's proof from the session's worker
"""

from __future__ import annotations

from pathlib import Path

import pytest

SUFFIX = ".claims.toml"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("proofsheet", "proofsheet claim files")
    group.addoption("--proofsheet-allow-unproved", action="store_true", default=False,
                    help="an 'unproved' verdict does not fail the claim's test")
    group.addoption("--proofsheet-catalog", action="store_true", default=False,
                    help="collect the built-in catalog of claims too")
    group.addoption("--proofsheet-timeout", type=float, default=20.0, help="seconds per claim (default 20)")


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("proofsheet_catalog"):
        catalog = Path(__file__).parent / "catalog"
        config.args.append(str(catalog))


POOL = pytest.StashKey[object]()
"""The session's worker pool (one worker, reused from claim to claim, replaced when it is killed)."""


def pytest_unconfigure(config: pytest.Config) -> None:
    pool = config.stash.get(POOL, None)
    if pool is not None:
        pool.close()


def prove_claim(config: pytest.Config, claim):
    """The claim's proof from the proof store, or from the session's bounded worker (started at the first claim
    proved, so that a session without claim files starts none; a worker past its time limit is ended and a fresh
    one takes its place)."""
    from .cache import default_cache
    from .workers import Limits, WorkerPool

    seconds = config.getoption("proofsheet_timeout")

    def prove(claim):
        pool = config.stash.get(POOL, None)
        if pool is None:
            pool = config.stash[POOL] = WorkerPool(1, Limits(seconds=seconds))
        (proof,) = pool.run([claim])  # run to its end: closing the generator early would kill the worker
        return proof

    store = default_cache()
    return prove(claim) if store is None else store.proof(claim, seconds, prove)


def pytest_collect_file(file_path: Path, parent: pytest.Collector) -> pytest.Collector | None:
    if file_path.name.endswith(SUFFIX):
        return ClaimFileCollector.from_parent(parent, path=file_path)
    return None


def demoted(proof) -> bool:
    """True when a proof was demoted to `unproved` because the post-check disagreed with it."""
    return proof.verdict.value == "unproved" and bool(proof.postcheck) and not proof.postcheck.get("ok", True)


class ClaimMismatch(Exception):
    """A claim's verdict differs from the expected one."""

    def __init__(self, proof) -> None:
        super().__init__(proof.verdict.value)
        self.proof = proof


class ClaimFileCollector(pytest.File):
    """A claim file: one item per claim (and one per claim that cannot be read)."""

    def collect(self):
        from .claim import Claim
        from .claimfile import load_claim_file
        from .errors import ClaimError

        try:
            loaded = load_claim_file(self.path)
        except Exception as err:  # a bug of the reader: one failing item, not an interrupted session
            error = ClaimError(f"internal error reading the file: {type(err).__name__}: {err}", file=str(self.path))
            yield ClaimInputItem.from_parent(self, name="<file>", error=error)
            return
        if loaded.fatal is not None:
            yield ClaimInputItem.from_parent(self, name="<file>", error=loaded.fatal)
            return
        for entry in loaded.entries:
            if isinstance(entry, Claim):
                yield ClaimItem.from_parent(self, name=entry.id, claim=entry)
            else:
                name = entry.claim_id or f"line-{entry.line}"
                yield ClaimInputItem.from_parent(self, name=name, error=entry)


class ClaimInputItem(pytest.Item):
    """A claim that cannot be read: fails with the file, line and claim of the error."""

    def __init__(self, *, error, **kwargs) -> None:
        super().__init__(**kwargs)
        self.error = error

    def runtest(self) -> None:
        raise self.error

    def repr_failure(self, excinfo, style=None) -> str:
        return f"input error: {self.error}"

    def reportinfo(self):
        return self.path, (self.error.line or 1) - 1, f"claim {self.name}"


class ClaimItem(pytest.Item):
    """One claim: proved (or refuted, when expected false) in a bounded worker."""

    def __init__(self, *, claim, **kwargs) -> None:
        super().__init__(**kwargs)
        self.claim = claim
        self.proof = None

    def runtest(self) -> None:
        from .claim import Verdict
        from .display import proof_text

        self.proof = prove_claim(self.config, self.claim)
        self.add_report_section("call", "proof", proof_text(self.proof))
        if demoted(self.proof):  # a bug of the prover: no option or field excuses it (DESIGN.md, post-check)
            raise ClaimMismatch(self.proof)
        if self.proof.matches_expectation:
            return
        if self.config.getoption("proofsheet_allow_unproved") and self.proof.verdict is Verdict.UNPROVED:
            return
        raise ClaimMismatch(self.proof)

    def repr_failure(self, excinfo, style=None):
        if not isinstance(excinfo.value, ClaimMismatch):
            return super().repr_failure(excinfo, style)
        from .display import failure_text

        return failure_text(excinfo.value.proof)

    def reportinfo(self):
        return self.path, (self.claim.line or 1) - 1, f"claim {self.claim.id}"
