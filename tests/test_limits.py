"""Time and memory limits hold, and Ctrl-C stops a check cleanly

- a claim that makes SymPy work for minutes gets `timeout` within its limit plus one second;
- a memory bomb is stopped by the memory limit (`RLIMIT_AS`), well before its time limit, and the pool goes on;
- a file mixing both with normal claims finishes and reports every claim, in order;
- Ctrl-C (SIGINT to the process group, as a terminal sends it) stops `proofsheet check` with exit status 130, a
  partial report of the claims decided so far, and no worker process left behind.
"""

from __future__ import annotations

import json
import mmap
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import sympy as sp

from identities.check import CheckInterrupted, check
from identities.claim import Claim, Verdict
from identities.workers import GRACE, Limits, WorkerPool

HANG = "integrate(exp(-x**2)*log(1 + x**4)*sin(x**3), (x, 0, 1))"
"""SymPy works for minutes on this definite integral."""
SERIES_BOMB = ("series(exp(sin(x)), x, 0, 400)", "series(exp(sin(x)), x, 0, 400) + x**500")
"""A Taylor polynomial of degree 400 of exp(sin x): SymPy's series needs 80 MB more within seconds."""
NORMAL = Claim(id="normal", lhs="sigmoid(-x)", rhs="1 - sigmoid(x)")
MEGABYTE = 1024**2


def _expand_bomb(claim: Claim, seconds: float):
    """An attempt that expands (x + y + z + w + 1)^200 (about 70 million terms): only the memory limit stops it."""
    x, y, z, w = sp.symbols("x y z w")
    return sp.expand((x + y + z + w + 1) ** 200)


@pytest.mark.parametrize("limit", [2.0, 4.0])
def test_a_hanging_claim_times_out_within_its_limit_plus_one_second(limit):
    with WorkerPool(1, Limits(seconds=limit)) as pool:
        (proof,) = pool.run([Claim(id="hang", lhs=HANG, rhs="1/10")])
    assert proof.verdict is Verdict.TIMEOUT
    assert proof.seconds <= limit + GRACE + 0.2


def test_a_memory_bomb_is_stopped_by_the_memory_limit_and_the_pool_goes_on():
    started = time.monotonic()
    with WorkerPool(1, Limits(seconds=120, memory_bytes=300 * MEGABYTE), prover=_expand_bomb) as pool:
        proofs = pool.run([Claim(id="bomb", lhs="x", rhs="x"), Claim(id="bomb-again", lhs="x", rhs="x")])
        first = next(proofs)
        stopped = time.monotonic() - started
        second = next(proofs)
    assert (first.verdict, first.message) == (Verdict.ERROR, "memory limit exceeded")
    assert (second.verdict, second.message) == (Verdict.ERROR, "memory limit exceeded")
    assert stopped < 60  # the memory limit stopped it, not the time limit of 120 s


def test_the_memory_limit_counts_from_the_workers_start():
    # A forked worker starts with its parent's address space (a test process late in a run, a notebook kernel):
    # a parent larger than the allowance must not leave its workers without memory to receive a claim.
    ballast = mmap.mmap(-1, 400 * MEGABYTE)  # address space, never touched
    try:
        with WorkerPool(1, Limits(seconds=30, memory_bytes=300 * MEGABYTE)) as pool:
            (proof,) = pool.run([NORMAL])
    finally:
        ballast.close()
    assert proof.verdict is Verdict.PROVED


MIXED = """
import json, sys, time
import identities.prover.engine
from identities.check import check
started = time.monotonic()
report = check([sys.argv[1]], jobs=2, timeout=90, memory_bytes=80 * 1024**2)
print(json.dumps({"seconds": time.monotonic() - started,
                  "claims": [[p.claim.id, p.verdict.value, p.message] for p in report.proofs]}))
"""
"""The check runs in a fresh process: its heap holds no freed memory that the bomb could reuse unseen (a warm
test process can serve tens of megabytes from its free lists without growing its address space)."""


@pytest.mark.skipif(not Path("/proc/self/statm").exists(),
                    reason="needs /proc (a worker's memory allowance counts from its size there)")
def test_a_file_mixing_a_hang_and_a_memory_bomb_with_normal_claims_reports_all(tmp_path):
    path = tmp_path / "mixed.claims.toml"
    path.write_text(
        f'[[claim]]\nid = "memory-bomb"\nlhs = "{SERIES_BOMB[0]}"\nrhs = "{SERIES_BOMB[1]}"\n\n'
        '[[claim]]\nid = "before"\nlhs = "tanh(x)"\nrhs = "2*sigmoid(2*x) - 1"\n\n'
        f'[[claim]]\nid = "hang"\nlhs = "{HANG}"\nrhs = "1/10"\n\n'
        '[[claim]]\nid = "after"\nlhs = "softplus(x)"\nrhs = "softplus(-x)"\nexpected = false\n'
    )
    done = subprocess.run([sys.executable, "-c", MIXED, str(path)], capture_output=True, text=True, check=True,
                          cwd=Path(__file__).parent.parent, timeout=300)
    result = json.loads(done.stdout)
    got = [(ident, verdict) for ident, verdict, _ in result["claims"]]
    assert [g for k, g in enumerate(got) if k != 2] == [("memory-bomb", "error"), ("before", "proved"),
                                                         ("after", "refuted")]
    assert "memory limit" in result["claims"][0][2]  # MemoryError, or the worker died in C code (abort)
    # the integral grows too: under 80 MB of headroom either limit may stop it (the time limit alone is tested
    # above); what matters here is that it is stopped, reported in its place, and the others are not disturbed
    hang = result["claims"][2]
    assert hang[0] == "hang" and (hang[1] == "timeout" or (hang[1] == "error" and "memory limit" in hang[2]))
    assert result["seconds"] < 90 + GRACE + 15  # the slowest claim's limit, the grace second, start-up, the rest


def _session_processes(session: int) -> list[int]:
    """The processes of a session (a worker left behind would still be in its parent's session)."""
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == session:
                out.append(int(entry.name))
    return out


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc")
def test_ctrl_c_stops_cleanly_with_a_partial_report_and_no_orphaned_workers(tmp_path):
    path = tmp_path / "slow.claims.toml"
    path.write_text(
        '[[claim]]\nid = "quick"\nlhs = "sigmoid(-x)"\nrhs = "1 - sigmoid(x)"\n\n'
        '[[claim]]\nid = "quick-false"\nlhs = "sigmoid(x)"\nrhs = "sigmoid(-x)"\nexpected = false\n\n'
        + "".join(f'[[claim]]\nid = "hang-{k}"\nlhs = "{HANG}"\nrhs = "{k}/10"\n\n' for k in range(4))
    )
    command = [sys.executable, "-c", "from render.cli import entrypoint; entrypoint()", "check", str(path),
               "--jobs", "2", "--timeout", "120"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                               start_new_session=True, cwd=Path(__file__).parent.parent)
    deadline = time.monotonic() + 90
    while len(_session_processes(process.pid)) < 3 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert len(_session_processes(process.pid)) == 3  # the command and its two workers
    time.sleep(6)  # the two quick claims are decided, the workers are busy on the hangs
    os.killpg(process.pid, signal.SIGINT)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    lines = out.splitlines()
    assert lines[0] == f"{path}:1: proved quick — by rewrite"
    assert lines[1].startswith(f"{path}:6: refuted quick-false — fails at x = ")
    assert lines[2] == ("2 claims: 1 proved, 1 refuted, 0 unproved, 0 timeout, 0 error; "
                        "0 differ from their expectation")
    assert err.strip().splitlines()[-1] == "interrupted: 4 claims not checked; the report above is partial"
    assert _session_processes(process.pid) == []


def test_an_interrupted_check_raises_with_the_partial_report(tmp_path, monkeypatch):
    """The library raises `CheckInterrupted` (a KeyboardInterrupt) carrying the claims decided so far."""
    path = tmp_path / "two.claims.toml"
    path.write_text('[[claim]]\nid = "one"\nlhs = "sigmoid(-x)"\nrhs = "1 - sigmoid(x)"\n\n'
                    '[[claim]]\nid = "two"\nlhs = "tanh(x)"\nrhs = "2*sigmoid(2*x) - 1"\n')
    calls = []

    def interrupt_after_first(proof):
        calls.append(proof.claim.id)
        raise KeyboardInterrupt

    with pytest.raises(CheckInterrupted) as stop:
        check([path], jobs=1, timeout=30, on_result=interrupt_after_first)
    report = stop.value.report
    assert [(p.claim.id, p.verdict.value) for p in report.proofs] == [("one", "proved")]
    assert report.unchecked == 1 and report.to_json()["interrupted"] == {"unchecked": 1}
    assert calls == ["one"]
