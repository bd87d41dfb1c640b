"""The opt-in proof cache: keyed by everything a verdict depends on, in the user's cache directory, never used
unless asked for."""

from __future__ import annotations

import dataclasses
import io

import identities.cache as cache_module
from identities.cache import ProofCache, _key, cache_directory, default_cache
from identities.claim import Claim, Proof, Verdict
from render.cli import main

CLAIM = Claim(id="tanh-eq", lhs="tanh(x)", rhs="2*sigmoid(2*x) - 1", file="a.claims.toml", line=3)


def test_the_key_covers_claim_conventions_time_limit_and_versions(monkeypatch):
    base = _key(CLAIM, 20.0)
    assert _key(dataclasses.replace(CLAIM, file="b.claims.toml", line=40), 20.0) == base  # moving keeps it
    assert _key(dataclasses.replace(CLAIM, rhs="2*sigmoid(2*x) + 1"), 20.0) != base
    assert _key(dataclasses.replace(CLAIM, conventions={"heaviside_at_0": "0"}), 20.0) != base
    assert _key(CLAIM, 30.0) != base
    for module, attribute in [(cache_module, "VERSION"), (cache_module.sp, "__version__"),
                              (cache_module.mpmath, "__version__")]:
        with monkeypatch.context() as patched:
            patched.setattr(module, attribute, "9.9.9")
            assert _key(CLAIM, 20.0) != base


def test_errors_are_not_kept_timeouts_are_and_a_hit_is_relocated(tmp_path):
    cache = ProofCache(tmp_path)
    cache.put(CLAIM, 20.0, Proof(CLAIM, Verdict.ERROR, message="worker died"))
    assert cache.get(CLAIM, 20.0) is None
    cache.put(CLAIM, 20.0, Proof(CLAIM, Verdict.TIMEOUT))
    assert cache.get(CLAIM, 20.0).verdict is Verdict.TIMEOUT and cache.get(CLAIM, 30.0) is None
    cache.put(CLAIM, 20.0, Proof(CLAIM, Verdict.PROVED, method="rewrite"))
    moved = dataclasses.replace(CLAIM, file="moved.claims.toml", line=99)
    hit = cache.get(moved, 20.0)
    assert (hit.verdict, hit.method, hit.claim.file, hit.claim.line) == (Verdict.PROVED, "rewrite",
                                                                         "moved.claims.toml", 99)


def test_the_cache_lives_in_the_users_cache_directory_and_is_off_by_default(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache_directory() == tmp_path / "proofsheet"
    assert default_cache() is None
    monkeypatch.setenv("PROOFSHEET_CACHE", "1")
    assert default_cache().directory == tmp_path / "proofsheet"


def test_check_with_cache_reuses_proofs_and_no_cache_ignores_them(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    path = tmp_path / "c.claims.toml"
    path.write_text('[[claim]]\nid = "one"\nlhs = "softplus(x) - softplus(-x)"\nrhs = "x"\n')
    assert main(["check", str(path), "--cache", "--jobs", "1"], io.StringIO(), io.StringIO()) == 0
    entries = list((tmp_path / "xdg" / "proofsheet").rglob("*.pickle"))
    assert len(entries) == 1
    calls = []
    monkeypatch.setattr(cache_module.ProofCache, "get", lambda self, c, s: calls.append(c.id))
    main(["check", str(path), "--cache", "--no-cache", "--jobs", "1"], io.StringIO(), io.StringIO())
    assert calls == []
    main(["check", str(path), "--cache", "--jobs", "1"], io.StringIO(), io.StringIO())
    assert calls == ["one"]
