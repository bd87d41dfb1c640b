"""Outputs are atomic and deterministic: an interrupted write leaves the old file (or none), never a truncated
one; the same input gives the same bytes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from identities.cache import ProofCache
from identities.claim import Claim, Proof, Verdict
from render.cli import main
from render.output import write_atomically


class Interrupted(KeyboardInterrupt):
    pass


def _interrupt_half_way(monkeypatch):
    """Every file opened for writing stores half of the first text written to it, then Ctrl-C arrives."""
    import os

    original = os.fdopen

    class HalfWriter:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, text):
            self.handle.write(text[: len(text) // 2])
            self.handle.flush()
            raise Interrupted

    monkeypatch.setattr(os, "fdopen", lambda *a, **k: HalfWriter(original(*a, **k)))


def test_an_interrupted_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    target = tmp_path / "001-sheet.tex"
    target.write_text("old complete file\n")
    _interrupt_half_way(monkeypatch)
    with pytest.raises(Interrupted):
        write_atomically(target, "\\documentclass{article}\n" * 1000)
    monkeypatch.undo()
    assert target.read_text() == "old complete file\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["001-sheet.tex"]


def test_an_interrupted_first_write_leaves_no_file(tmp_path, monkeypatch):
    target = tmp_path / "out" / "002-sheet.tex"
    _interrupt_half_way(monkeypatch)
    with pytest.raises(Interrupted):
        write_atomically(target, "x" * 10_000)
    monkeypatch.undo()
    assert list(target.parent.iterdir()) == []


def test_an_interrupted_render_never_leaves_a_truncated_tex(tmp_path, monkeypatch):
    from render.sheets import render_sheets
    from tests.test_latex_safety import _sheet

    out = tmp_path / "out"
    sheet = str(_sheet(tmp_path))
    (first,) = render_sheets([sheet], output=out, timeout=60).written
    complete = first.read_bytes()
    _interrupt_half_way(monkeypatch)
    with pytest.raises(Interrupted):
        render_sheets([sheet], output=out, timeout=60)
    monkeypatch.undo()
    assert first.read_bytes() == complete and complete.rstrip().endswith(b"\\end{document}")
    assert sorted(p.name for p in out.iterdir()) == [first.name]
    (again,) = render_sheets([sheet], output=out, timeout=60).written
    assert again.read_bytes() == complete  # byte-deterministic


def test_a_cache_entry_is_written_atomically(tmp_path, monkeypatch):
    import identities.cache as cache_module

    cache = ProofCache(tmp_path / "cache")
    claim = Claim(id="a", lhs="1", rhs="1")
    proof = Proof(claim, Verdict.PROVED, method="identical")

    class Handle(io.StringIO):
        def write(self, text):
            raise Interrupted

    real_fdopen = cache_module.os.fdopen

    def broken_fdopen(fd, *args, **kwargs):
        real_fdopen(fd, *args, **kwargs).close()
        return Handle()

    monkeypatch.setattr(cache_module.os, "fdopen", broken_fdopen)
    with pytest.raises(Interrupted):
        cache.put(claim, 10.0, proof)
    monkeypatch.undo()
    assert [p for p in (tmp_path / "cache").rglob("*") if p.is_file()] == []
    assert cache.get(claim, 10.0) is None
    cache.put(claim, 10.0, proof)
    assert cache.get(claim, 10.0).verdict is Verdict.PROVED


def test_check_json_is_byte_deterministic(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    path = Path(__file__).parent / "hostile" / "duplicates.toml.hostile"
    runs = []
    for jobs in ("1", "2"):
        out = io.StringIO()
        main(["check", str(path), "--json", "--jobs", jobs, "--timeout", "60"], out, io.StringIO())
        runs.append(out.getvalue())
    assert runs[0] == runs[1]
    assert json.loads(runs[0])["summary"]["total"] == 7
