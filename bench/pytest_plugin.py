"""Timing the pytest plugin: a 100-claim file with and without `-n 2`, and what the plugin costs pytest

The 100-claim file is the first 100 claims of `bench/ml_identities.claims.toml` (its `[defaults]` kept), written
to a temporary folder with nothing else in it. In a folder without claim files, `pytest --version` (which pytest 9
answers before loading plugins), `pytest --version --version` (which loads them) and a run of one plain test are
timed with the plugin (as installed) and without it (`-p no:proofsheet`), interleaved; each figure is a median.

    .venv/bin/python bench/pytest_plugin.py [--runs 5] [--claims 100]

Main definitions
- `first_claims(path, n)`: the text of a claim file cut after its first n claims.
- `main()`: print the figures.
"""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).parent / "ml_identities.claims.toml"


def first_claims(path: Path, n: int) -> str:
    """The file's text up to (not including) its (n+1)-th `[[claim]]` header."""
    text = path.read_text(encoding="utf-8")
    headers = [m.start() for m in re.finditer(r"(?m)^\[\[claim\]\]", text)]
    if len(headers) < n:
        raise SystemExit(f"{path} has only {len(headers)} claims")
    return text if len(headers) == n else text[:headers[n]]


def wall(command: list[str], cwd: Path) -> tuple[float, str]:
    """Seconds of wall time, and the last line of the output."""
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=dict(os.environ))
    seconds = time.perf_counter() - started
    lines = (result.stdout + result.stderr).strip().splitlines()
    return seconds, lines[-1] if lines else ""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs of `pytest --version` per figure")
    parser.add_argument("--claims", type=int, default=100)
    args = parser.parse_args(argv)
    pytest = [sys.executable, "-m", "pytest"]
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        claims, empty = root / "claims", root / "empty"
        claims.mkdir()
        empty.mkdir()
        (claims / f"bench{args.claims}.claims.toml").write_text(first_claims(BENCH, args.claims), encoding="utf-8")
        for label, extra in (("serial", []), ("-n 2", ["-n", "2"])):
            seconds, summary = wall([*pytest, "-q", "-p", "no:cacheprovider", *extra], claims)
            print(f"pytest over {args.claims} claims, {label}: {seconds:.1f} s wall   ({summary})")
        (empty / "test_plain.py").write_text("def test_one():\n    assert True\n", encoding="utf-8")
        for label, command in (("pytest --version", ["--version"]),
                               ("pytest --version --version (loads plugins)", ["--version", "--version"]),
                               ("pytest -q (one plain test, no claim file)", ["-q", "-p", "no:cacheprovider"])):
            with_plugin, without = [], []
            for _ in range(args.runs):  # interleaved, so that a change of load affects both alike
                with_plugin.append(wall([*pytest, *command], empty)[0])
                without.append(wall([*pytest, *command, "-p", "no:proofsheet"], empty)[0])
            print(f"{label}: with the plugin {statistics.median(with_plugin) * 1000:.0f} ms, without it "
                  f"(-p no:proofsheet) {statistics.median(without) * 1000:.0f} ms (medians of {args.runs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
