"""Scale: 1,000 generated claims checked with 1 and 2 jobs, and re-checked from the proof cache.

    .venv/bin/python bench/scale.py [--claims 1000] [--false 0.2] [--timeout 20] [--seed 6] [--keep DIR]

The claims come from the soundness fuzzer's function table (`tests/fuzz_pairs.py`: every vocabulary function and
SymPy's elementary functions), drawn deterministically from the seed: each claim's left side is a tree whose
skeleton (the nesting of function names) no other claim has, so that the claims are pairwise different in
structure; a fraction `--false` of them (at least 10%) are perturbations that 50-digit evaluation separates, the
others rewrites by known identities. They are written to one claim file and checked by the `proofsheet` command
in fresh processes:

- `check --jobs 1` and `check --jobs 2` (cache off): wall time, claims/s, speed-up, peak memory (the largest
  resident set of the command or any of its workers, from `getrusage`), verdict counts;
- `check --jobs 2 --cache` twice with an empty cache directory: the whole process's cold and warm wall time
  (text output), and the warm time with `--json` (which prints the LaTeX of every step).

Timings depend on the machine and its load; the report says what ran, with which command.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.fuzz_pairs import FUNCTIONS, LEAVES, PERTURBATIONS, Tree, perturb, rewrite, separated, text  # noqa: E402

PROOFSHEET = Path(sys.executable).parent / "proofsheet"
UNARY = sorted(n for n, f in FUNCTIONS.items() if f.arity == 1)
BINARY = sorted(n for n, f in FUNCTIONS.items() if f.arity == 2)


def random_tree(rng: random.Random, depth: int) -> Tree:
    """A tree of exactly this nesting depth."""
    if depth == 0:
        return Tree(rng.choice(LEAVES))
    name = rng.choice(UNARY + BINARY)
    deep = random_tree(rng, depth - 1)
    if FUNCTIONS[name].arity == 1:
        return Tree(name, (deep,))
    other = random_tree(rng, rng.randint(0, depth - 1))
    return Tree(name, (deep, other) if rng.random() < 0.5 else (other, deep))


def skeleton(tree: Tree) -> str:
    """The structure of a tree: its function names and their nesting, leaves erased."""
    return f"{tree.name}({','.join(skeleton(a) for a in tree.args)})" if tree.args else "_"


def generate(count: int, false_fraction: float, seed: int) -> list[dict]:
    """`count` claims with pairwise different skeletons, `false_fraction` of them false."""
    rng = random.Random(seed)
    seen: set[str] = set()
    claims: list[dict] = []
    n_false = max(round(count * false_fraction), -(-count // 10))
    while len(claims) < count:
        tree = random_tree(rng, rng.choice([2, 2, 3]))
        shape = skeleton(tree)
        if shape in seen:
            continue
        want_false = sum(not c["expected"] for c in claims) < n_false and rng.random() < 2 * false_fraction
        lhs = text(tree)
        if want_false:
            path = rng.choice(tree.paths())
            rhs = perturb(tree, path, rng.choice(PERTURBATIONS))
            if rhs == lhs or separated(lhs, rhs) is None:
                continue
        else:
            paths = [p for p in tree.paths() if FUNCTIONS[tree.at(p).name].rewrites]
            if not paths:
                continue
            path = rng.choice(paths)
            rhs = rewrite(tree, path, rng.randrange(len(FUNCTIONS[tree.at(path).name].rewrites)))
        seen.add(shape)
        claims.append({"id": f"scale-{len(claims):04d}", "lhs": lhs, "rhs": rhs, "expected": not want_false})
    if sum(not c["expected"] for c in claims) < n_false:
        raise SystemExit("too few false claims: raise --false or change --seed")
    return claims


def toml_file(claims: list[dict]) -> str:
    def quoted(s: str) -> str:
        return json.dumps(s)  # a JSON string is a TOML basic string for this alphabet

    return "".join(f"[[claim]]\nid = {quoted(c['id'])}\nlhs = {quoted(c['lhs'])}\nrhs = {quoted(c['rhs'])}\n"
                   f"expected = {'true' if c['expected'] else 'false'}\nallow_unproved = true\n\n" for c in claims)


MEASURE = """
import json, resource, subprocess, sys, time
started = time.monotonic()
done = subprocess.run(sys.argv[1:], capture_output=True, text=True)
wall = time.monotonic() - started
peak = max(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, 0)
print(json.dumps({"wall": wall, "peak_kib": peak, "status": done.returncode, "stdout": done.stdout}))
"""
"""Run a command in a fresh process and report its wall time and the largest resident set among its processes."""


def measure(command: list[str], env: dict) -> dict:
    out = subprocess.run([sys.executable, "-c", MEASURE, *command], capture_output=True, text=True, env=env,
                         check=True)
    return json.loads(out.stdout)


def summary(run: dict) -> dict:
    report = json.loads(run["stdout"])
    return report["summary"]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--claims", type=int, default=1000)
    parser.add_argument("--false", type=float, default=0.2)
    parser.add_argument("--timeout", type=float, default=20.0)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--keep", help="write the claim file here instead of a temporary directory")
    args = parser.parse_args(argv)

    claims = generate(args.claims, args.false, args.seed)
    with tempfile.TemporaryDirectory(prefix="proofsheet-scale-") as scratch:
        directory = Path(args.keep) if args.keep else Path(scratch)
        directory.mkdir(parents=True, exist_ok=True)
        path = directory / "scale.claims.toml"
        path.write_text(toml_file(claims))
        n_false = sum(not c["expected"] for c in claims)
        print(f"{len(claims)} claims ({n_false} false, {len({c['lhs'] for c in claims})} distinct left sides, "
              f"pairwise different skeletons) in {path}")
        env = {k: v for k, v in os.environ.items() if k != "PROOFSHEET_CACHE"}
        base = [str(PROOFSHEET), "check", str(path), "--json", "--timeout", str(args.timeout)]
        runs = {}
        for jobs in (1, 2):
            runs[jobs] = measure([*base, "--jobs", str(jobs), "--no-cache"], env)
            s = summary(runs[jobs])
            print(f"--jobs {jobs}: {runs[jobs]['wall']:.1f} s wall, {len(claims) / runs[jobs]['wall']:.2f} claims/s, "
                  f"peak memory {runs[jobs]['peak_kib'] / 1024:.0f} MiB (largest process); "
                  f"{s['proved']} proved, {s['refuted']} refuted, {s['unproved']} unproved, {s['timeout']} timeout, "
                  f"{s['error']} error; {s['mismatches']} differ from their expectation")
        print(f"speed-up with 2 jobs: {runs[1]['wall'] / runs[2]['wall']:.2f}x")
        wrong = [c["id"] for c, p in zip(claims, json.loads(runs[2]["stdout"])["claims"], strict=True)
                 if (c["expected"] and p["verdict"] == "refuted") or (not c["expected"] and p["verdict"] == "proved")]
        print(f"wrong verdicts: {len(wrong)} {wrong[:10]}")
        env["XDG_CACHE_HOME"] = str(directory / "cache")
        text = [str(PROOFSHEET), "check", str(path), "--timeout", str(args.timeout), "--jobs", "2", "--cache"]
        cold, warm, warm_json = measure(text, env), measure(text, env), measure([*base, "--jobs", "2", "--cache"], env)
        same = cold["stdout"].splitlines()[-1] == warm["stdout"].splitlines()[-1]
        print(f"cache (check --jobs 2 --cache, whole process): cold {cold['wall']:.1f} s, warm {warm['wall']:.2f} s "
              f"({cold['wall'] / warm['wall']:.0f}x); warm with --json {warm_json['wall']:.2f} s (LaTeX of every "
              f"step); same summary: {same}")
    return 0 if not wrong else 1


if __name__ == "__main__":
    sys.exit(main())
