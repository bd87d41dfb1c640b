"""Same verdicts on a busy machine: the catalog and the five sheets, quiet and oversubscribed

    .venv/bin/python bench/under_load.py [--jobs 2] [--busy 4] [--timeout 20]

Proves every catalog claim and every claim and derivation link of the five sheets twice: once on a quiet machine,
once with `--busy` processes spinning on the CPU (4 busy processes on this 2-core machine oversubscribe it three
times). Prints every verdict that differs (there should be none: limits count CPU time, not the wall clock), the
wall time of both runs, and the claims that used more than half their limit of CPU time (the ones closest to a
verdict that depends on the machine at all).
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import sys
import time
from contextlib import contextmanager

from derivations.checking import check_sheets
from derivations.sheet import load_sheet, sheet_files
from identities.check import check
from identities.claim import Proof


def _spin() -> None:
    while True:
        sum(range(10_000))


@contextmanager
def busy(processes: int):
    """`processes` processes keeping the CPU busy for the duration of the block."""
    spinners = [mp.get_context("fork").Process(target=_spin, daemon=True) for _ in range(processes)]
    for p in spinners:
        p.start()
    try:
        yield
    finally:
        for p in spinners:
            p.kill()
            p.join()


def run(jobs: int, timeout: float) -> tuple[dict[tuple, Proof], float]:
    """Every proof of the catalog and the sheets, keyed by what was proved; and the wall time."""
    proofs: dict[tuple, Proof] = {}

    def keep(proof: Proof) -> None:
        c = proof.claim
        proofs[(c.id, c.lhs, c.rhs, c.relation)] = proof

    started = time.monotonic()
    check(jobs=jobs, timeout=timeout, on_result=keep)
    check_sheets([load_sheet(p) for p in sheet_files()], jobs=jobs, timeout=timeout, on_result=keep)
    return proofs, time.monotonic() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--busy", type=int, default=4, help="busy processes during the loaded run")
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args()

    quiet, quiet_wall = run(args.jobs, args.timeout)
    print(f"quiet: {len(quiet)} proofs in {quiet_wall:.0f} s", flush=True)
    with busy(args.busy):
        loaded, loaded_wall = run(args.jobs, args.timeout)
    print(f"with {args.busy} busy processes: {len(loaded)} proofs in {loaded_wall:.0f} s")

    differ = [(key, quiet[key], loaded.get(key)) for key in quiet
              if loaded.get(key) is None or loaded[key].verdict is not quiet[key].verdict]
    print(f"verdicts that differ: {len(differ)}")
    for (claim_id, *_), a, b in differ:
        print(f"  {claim_id}: quiet {a.verdict.value}, loaded {b.verdict.value if b else 'missing'}"
              f" ({b.message if b else ''})")
    close = sorted((p for p in quiet.values() if p.seconds > args.timeout / 2), key=lambda p: -p.seconds)
    print(f"claims over half their limit of {args.timeout:g} s of CPU time (quiet run): {len(close)}")
    for p in close:
        print(f"  {p.seconds:6.2f} s {p.verdict.value:<8} {p.claim.id}")
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
