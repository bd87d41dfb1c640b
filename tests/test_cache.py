"""The proof store: keyed by everything a verdict depends on (proofsheet's own source included), JSON entries read
from a whitelist (no pickle), a foreign or corrupt entry ignored and reported, bounded, on by default for the
commands; a warm run's output is byte for byte the cold run's."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import pickle

import pytest

import identities.cache as cache_module
from identities.cache import ProofCache, _key, cache_directory, default_cache
from identities.claim import Claim, Proof, Verdict
from identities.workers import WorkerPool
from render.cli import main

CLAIM = Claim(id="tanh-eq", lhs="tanh(x)", rhs="2*sigmoid(2*x) - 1", file="a.claims.toml", line=3)
FILE = '[[claim]]\nid = "one"\nlhs = "softplus(x) - softplus(-x)"\nrhs = "x"\n'


def test_the_key_covers_claim_conventions_time_limit_versions_and_source(monkeypatch):
    base = _key(CLAIM, 20.0)
    assert _key(dataclasses.replace(CLAIM, file="b.claims.toml", line=40), 20.0) == base  # moving keeps it
    assert _key(dataclasses.replace(CLAIM, rhs="2*sigmoid(2*x) + 1"), 20.0) != base
    assert _key(dataclasses.replace(CLAIM, conventions={"heaviside_at_0": "0"}), 20.0) != base
    assert _key(CLAIM, 30.0) != base
    for module, attribute in [(cache_module.sp, "__version__"), (cache_module.mpmath, "__version__"),
                              (cache_module.flint, "__version__")]:
        with monkeypatch.context() as patched:
            patched.setattr(module, attribute, "9.9.9")
            assert _key(CLAIM, 20.0) != base
    with monkeypatch.context() as patched:  # any change to proofsheet's source is another key
        patched.setattr(cache_module, "source_hash", lambda: "another prover")
        assert _key(CLAIM, 20.0) != base


def test_errors_and_machine_dependent_verdicts_are_not_kept_timeouts_are_and_a_hit_is_relocated(tmp_path):
    cache = ProofCache(tmp_path)
    cache.put(CLAIM, 20.0, Proof(CLAIM, Verdict.ERROR, message="worker died"))
    assert cache.get(CLAIM, 20.0) is None
    cache.put(CLAIM, 20.0, Proof(CLAIM, Verdict.TIMEOUT, storable=False, message="wall-clock backstop"))
    assert cache.get(CLAIM, 20.0) is None
    cache.put(CLAIM, 20.0, Proof(CLAIM, Verdict.TIMEOUT))
    assert cache.get(CLAIM, 20.0).verdict is Verdict.TIMEOUT and cache.get(CLAIM, 30.0) is None
    cache.put(CLAIM, 20.0, Proof(CLAIM, Verdict.PROVED, method="rewrite"))
    moved = dataclasses.replace(CLAIM, file="moved.claims.toml", line=99)
    hit = cache.get(moved, 20.0)
    assert (hit.verdict, hit.method, hit.claim.file, hit.claim.line) == (Verdict.PROVED, "rewrite",
                                                                         "moved.claims.toml", 99)
    assert [p.suffix for p in tmp_path.rglob("*") if p.is_file()] == [".json"]


def test_the_store_is_on_by_default_in_the_users_cache_directory(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("PROOFSHEET_CACHE")
    assert cache_directory() == tmp_path / "proofsheet" / "proofs"
    assert default_cache().directory == tmp_path / "proofsheet" / "proofs"
    monkeypatch.setenv("PROOFSHEET_CACHE", str(tmp_path / "elsewhere"))
    assert default_cache().directory == tmp_path / "elsewhere"
    for off in ("0", "off"):
        monkeypatch.setenv("PROOFSHEET_CACHE", off)
        assert default_cache() is None


def _run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def test_check_reuses_proofs_and_no_cache_neither_reads_nor_writes(tmp_path, monkeypatch):
    monkeypatch.setenv("PROOFSHEET_CACHE", str(tmp_path / "store"))
    path = tmp_path / "c.claims.toml"
    path.write_text(FILE)
    assert _run("check", str(path), "--no-cache", "--jobs", "1")[0] == 0
    assert not (tmp_path / "store").exists()
    assert _run("check", str(path), "--jobs", "1")[0] == 0
    (entry,) = (tmp_path / "store").rglob("*.json")
    assert json.loads(entry.read_text())["verdict"] == "proved"

    def no_worker(*args, **kwargs):
        raise AssertionError("a stored proof was proved again")

    monkeypatch.setattr(WorkerPool, "run", no_worker)
    status, out, err = _run("check", str(path), "--jobs", "1")
    assert (status, err) == (0, "") and "proved one" in out


@pytest.mark.parametrize("content", [
    b"\x80\x05garbage",  # not JSON (a pickle would be: it is never loaded as one)
    json.dumps({"format": 1, "verdict": "proved"}).encode(),  # truncated
    json.dumps({"format": 99}).encode(),  # another format
], ids=["binary", "truncated", "format"])
def test_a_corrupt_or_foreign_entry_is_ignored_reported_and_proved_again(tmp_path, monkeypatch, content):
    monkeypatch.setenv("PROOFSHEET_CACHE", str(tmp_path / "store"))
    path = tmp_path / "c.claims.toml"
    path.write_text(FILE)
    assert _run("check", str(path), "--jobs", "1")[0] == 0
    (entry,) = (tmp_path / "store").rglob("*.json")
    entry.write_bytes(content)
    status, out, err = _run("check", str(path), "--jobs", "1")
    assert status == 0 and "proved one" in out
    assert err.startswith(f"proof store: ignored 1 entries that could not be trusted (proved again); first: {entry}")
    assert json.loads(entry.read_text())["verdict"] == "proved"  # replaced by the new proof


def test_an_entry_naming_a_class_outside_the_whitelist_is_never_built(tmp_path):
    cache = ProofCache(tmp_path)
    proof = Proof(CLAIM, Verdict.PROVED, method="rewrite")
    cache.put(CLAIM, 20.0, proof)
    (entry,) = tmp_path.rglob("*.json")
    data = json.loads(entry.read_text())
    data["certificate"] = {"kind": "x", "data": {"f": "os:system", "a": ["touch pwned"]}, "parts": []}
    entry.write_text(json.dumps(data))
    assert cache.get(CLAIM, 20.0) is None
    assert cache.ignored == [(entry, "BadEntry: unknown class 'os:system'")]
    pickled = pickle.dumps(proof)
    entry.write_bytes(pickled)
    assert cache.get(CLAIM, 20.0) is None and len(cache.ignored) == 2


def test_the_store_is_bounded_least_recently_used_first(tmp_path):
    cache = ProofCache(tmp_path)
    claims = [dataclasses.replace(CLAIM, id=f"c{k}") for k in range(4)]
    for k, claim in enumerate(claims):
        cache.put(claim, 20.0, Proof(claim, Verdict.PROVED, method="rewrite", message="x" * 1000))
        (newest,) = [p for p in tmp_path.rglob("*.json") if p.name.startswith(_key(claim, 20.0))]
        os.utime(newest, (1000 + k, 1000 + k))
    cache.get(claims[0], 20.0)  # used now: kept
    size = sum(p.stat().st_size for p in tmp_path.rglob("*.json"))
    assert cache.prune(max_bytes=size - 1) == 2
    assert [cache.get(c, 20.0) is not None for c in claims] == [True, False, False, True]


def test_a_warm_run_writes_byte_for_byte_what_the_cold_run_wrote(tmp_path, monkeypatch):
    """Every proof of a sheet (its claims and every derivation link) and of a catalog file read back from the
    store renders the same `.tex` and the same JSON, and proves nothing."""
    monkeypatch.setenv("PROOFSHEET_CACHE", str(tmp_path / "store"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    catalog = str(cache_module.Path(cache_module.__file__).parent / "catalog" / "derivatives.claims.toml")
    sheet = str(cache_module.Path(cache_module.__file__).parent.parent / "derivations" / "sheets"
                / "003-foundations-of-deep-learning-exercise-1.toml")
    cold_status, cold_json, _ = _run("check", catalog, "--json", "--jobs", "2")
    _run("render", sheet, "--output", str(tmp_path / "cold"), "--jobs", "2")

    def no_worker(*args, **kwargs):
        raise AssertionError("a stored proof was proved again")

    monkeypatch.setattr(WorkerPool, "run", no_worker)
    warm_status, warm_json, err = _run("check", catalog, "--json", "--jobs", "2")
    assert (warm_status, warm_json, err) == (cold_status, cold_json, "")
    assert _run("render", sheet, "--output", str(tmp_path / "warm"), "--jobs", "2")[0] == 0
    (cold,), (warm,) = (list((tmp_path / d).glob("*.tex")) for d in ("cold", "warm"))
    assert warm.read_bytes() == cold.read_bytes()
