"""The README's first command, timed: the catalog check and the sheets' render, cold and warm

    .venv/bin/python bench/main_job.py [--jobs 2] [--pdf]

Runs `proofsheet check` and then `proofsheet render [--pdf]` (into a scratch directory) as the README does, first
with an empty proof store (cold), then again with the store the first run filled (warm), and prints the wall time
of each command and of each run. The cold run proves every claim once: `render` after `check` reuses the catalog's
proofs and proves only the sheets' own derivation links.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROOFSHEET = Path(sys.executable).parent / "proofsheet"


def timed(argv: list[str], env: dict[str, str]) -> float:
    started = time.monotonic()
    done = subprocess.run(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {done.returncode}: {done.stderr[-2000:]}")
    return time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--pdf", action="store_true", help="also build the PDFs (needs TeX)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        env = {**os.environ, "PROOFSHEET_CACHE": str(Path(scratch) / "store")}
        check = [str(PROOFSHEET), "check", "--jobs", str(args.jobs)]
        render = [str(PROOFSHEET), "render", "--jobs", str(args.jobs), "--output", str(Path(scratch) / "output")]
        render += ["--pdf"] if args.pdf else []
        for run in ("cold", "warm"):
            a, b = timed(check, env), timed(render, env)
            print(f"{run}: check {a:.1f} s, render{' --pdf' if args.pdf else ''} {b:.1f} s, together {a + b:.1f} s",
                  flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
