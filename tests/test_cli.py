"""The command line: exit statuses, the text lines, the JSON shape."""

import io
import json
import sys
from pathlib import Path

from render.cli import main

CLAIMS = """
[[claim]]
id = "good"
lhs = "sigmoid(-x)"
rhs = "1 - sigmoid(x)"

[[claim]]
id = "false-as-expected"
lhs = "sigmoid(-x)"
rhs = "sigmoid(x)"
expected = false

[[claim]]
id = "false-but-claimed-true"
lhs = "tanh(x)"
rhs = "2*sigmoid(x) - 1"
"""


def run(*argv):
    out, err = io.StringIO(), io.StringIO()
    status = main(list(argv), out, err)
    return status, out.getvalue(), err.getvalue()


def write(tmp_path, text, name="c.claims.toml"):
    path = tmp_path / name
    path.write_text(text)
    return str(path)


def test_check_text_lines_and_mismatch_status(tmp_path):
    path = write(tmp_path, CLAIMS)
    status, out, _ = run("check", path, "--jobs", "2")
    lines = out.splitlines()
    assert status == 1
    assert lines[0] == f"{path}:2: proved good — by rewrite"
    assert lines[1].startswith(f"{path}:7: refuted false-as-expected — fails at x = ")
    assert lines[2].startswith(f"{path}:13: refuted false-but-claimed-true") and lines[2].endswith(
        "[expected proved]")
    assert lines[3] == "3 claims: 1 proved, 2 refuted, 0 unproved, 0 timeout, 0 error; 1 differ from their expectation"


def test_check_all_as_expected_exits_zero(tmp_path):
    path = write(tmp_path, CLAIMS)
    assert run("check", path, "--id", "good", "--id", "false-as-expected")[0] == 0


def test_json_shape(tmp_path):
    path = write(tmp_path, CLAIMS)
    _, out, _ = run("check", path, "--json", "--id", "false-as-expected")
    report = json.loads(out)
    assert set(report) == {"version", "claims", "errors", "warnings", "summary"}
    assert set(report["version"]) >= {"proofsheet", "sympy", "mpmath"}
    (c,) = report["claims"]
    for key in ("id", "title", "file", "line", "sources", "relation", "verdict", "expected", "method",
                "certificate", "seconds", "counterexample", "evidence", "message", "steps"):
        assert key in c
    assert c["verdict"] == "refuted" and c["expected"] is False and c["line"] == 7
    assert set(c["certificate"]) >= {"kind", "data"}
    assert report["summary"] == {"total": 1, "proved": 0, "refuted": 1, "unproved": 0, "timeout": 0,
                                 "error": 0, "mismatches": 0}


def test_input_errors_exit_two_and_other_claims_still_checked(tmp_path):
    path = write(tmp_path, CLAIMS + '\n[[claim]]\nid = "broken"\nlhs = "x.__class__"\nrhs = "1"\n')
    status, out, _ = run("check", path)
    assert status == 2
    assert f"{path}:20: error broken — lhs: attribute .__class__ is not allowed" in out
    assert "proved good" in out


def test_unusable_file_exits_two(tmp_path):
    path = tmp_path / "bin.claims.toml"
    path.write_bytes(b"\x00\x00")
    status, out, _ = run("check", str(path))
    assert status == 2 and "binary data (a NUL byte), not TOML text" in out


def test_usage_error_exits_two():
    assert run("check", "--jobs")[0] == 2
    assert run("frobnicate")[0] == 2


def test_prove_prints_the_steps():
    status, out, _ = run("prove", "sigmoid(-v)", "1 - sigmoid(v)", "--symbols", "v=real")
    assert status == 0
    assert "verdict: proved" in out and "definition of sigmoid" in out and "post-check: 20 points" in out


def test_prove_refutation_exits_one():
    status, out, _ = run("prove", "softplus(x)", "relu(x)")
    assert status == 1 and "counterexample: x = " in out


def test_show_and_list_the_catalog():
    status, out, _ = run("show", "sigmoid-neg-eq-one-sub")
    assert status == 0 and "sources: 004/1a" in out and "verdict: proved" in out
    status, out, _ = run("list", "--jobs", "2", "--timeout", "60", "identities/catalog/linear-algebra.claims.toml")
    assert status == 0 and "sheet 004\n  6\n" in out and "proved    affine-comp-affine-eq-affine\n" in out


def test_show_unknown_id():
    status, _, err = run("show", "no-such-claim")
    assert status == 2 and "no catalog claim" in err


def test_json_is_byte_deterministic_for_reproducible_builds(tmp_path, monkeypatch):
    path = write(tmp_path, CLAIMS)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")
    first = run("check", path, "--json", "--jobs", "2")[1]
    second = run("check", path, "--json", "--jobs", "1")[1]
    assert first == second and '"seconds": 0.0' in first


def _stderr_on_a_terminal(argv: list[str]) -> tuple[str, str]:
    """Run the command with stderr on a pseudo-terminal; (stdout, what the terminal received)."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import termios
    import threading

    controller, terminal = pty.openpty()
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 100, 0, 0))  # a terminal has a size
    received: list[bytes] = []

    def drain() -> None:
        while True:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal's side is closed
                return
            if not chunk:
                return
            received.append(chunk)

    reader = threading.Thread(target=drain)
    reader.start()
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=terminal, text=True, timeout=300)
    os.close(terminal)
    reader.join(timeout=10)
    os.close(controller)
    return done.stdout, b"".join(received).decode("utf-8", "replace")


def test_progress_shows_on_a_terminal_and_never_in_a_pipe_or_json(tmp_path):
    path = write(tmp_path, CLAIMS)
    proofsheet = str(Path(sys.executable).parent / "proofsheet")
    out, terminal = _stderr_on_a_terminal([proofsheet, "check", str(path), "--jobs", "1"])
    assert "0/3 [00:00" in terminal and "proof/s" in terminal and "c.claims.toml" in terminal  # done of total, file
    assert "3 claims:" in out and "3/3" not in out
    _, quiet = _stderr_on_a_terminal([proofsheet, "check", str(path), "--jobs", "1", "--json"])
    assert quiet == ""
    _, _, err = run("check", path, "--jobs", "1")  # a pipe: nothing
    assert err == ""
