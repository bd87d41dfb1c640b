"""proofsheet against plain SymPy on the bench claims, in one run.

    .venv/bin/python bench/compare.py [CLAIMS_FILE] [--jobs N] [--timeout S]

Plain SymPy gets the claims with the vocabulary unfolded to its definitions (it does not know sigmoid), derivatives
and limits evaluated by `doit`, and answers
- `simplify`: proved when simplify(lhs - rhs) == 0 (entrywise for matrices); it cannot refute;
- `equals`: proved when lhs.equals(rhs) is True, refuted when it is False (a numerical guess).
Relations other than == are out of its reach (counted as not decided). Each plain call has the same time limit.
Prints, for each tool: true claims proved, false claims refuted, wrong verdicts, median and total time, and the
claims each tool left undecided.
"""

from __future__ import annotations

import argparse
import signal
import statistics
import sys
import time
from pathlib import Path

import sympy as sp

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from identities.check import check  # noqa: E402
from identities.claim import Verdict  # noqa: E402
from identities.claimfile import load_claim_file  # noqa: E402
from identities.problem import compile_claim  # noqa: E402
from identities.vocabulary import MLFunction, VectorFunction  # noqa: E402


class _Timeout(BaseException):
    pass


def _alarm(signum, frame):
    raise _Timeout


def _plain(expr):
    """The vocabulary replaced by its definitions, so that plain SymPy can read the claim."""
    for _ in range(6):
        new = expr.replace(lambda a: isinstance(a, MLFunction), lambda a: a.unfold())
        new = new.replace(lambda a: isinstance(a, sp.matrices.expressions.matexpr.MatrixElement)
                          and isinstance(a.parent, VectorFunction), lambda a: a.parent._entry(a.i, a.j))
        if new == expr:
            break
        expr = new
    return expr.doit() if hasattr(expr, "doit") else expr


def plain_sympy(claim, method: str, seconds: float) -> tuple[str, float]:
    """('proved' | 'refuted' | 'undecided', seconds) for plain SymPy."""
    started = time.perf_counter()
    signal.signal(signal.SIGALRM, _alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        problem = compile_claim(claim)
        if claim.relation != "==":
            return "undecided", time.perf_counter() - started
        lhs, rhs = _plain(problem.lhs), _plain(problem.rhs)
        pairs = list(zip(sp.Matrix(lhs), sp.Matrix(rhs), strict=True)) if isinstance(lhs, sp.MatrixBase) \
            else [(lhs, rhs)]
        if method == "simplify":
            ok = all(sp.simplify(a - b) == 0 for a, b in pairs)
            return ("proved" if ok else "undecided"), time.perf_counter() - started
        answers = [sp.sympify(a).equals(b) for a, b in pairs]
        if all(x is True for x in answers):
            return "proved", time.perf_counter() - started
        if any(x is False for x in answers):
            return "refuted", time.perf_counter() - started
        return "undecided", time.perf_counter() - started
    except _Timeout:
        return "undecided", seconds
    except Exception:
        return "undecided", time.perf_counter() - started
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


def summarize(name: str, results: list[tuple[object, str, float]]) -> list[str]:
    true = [(c, v) for c, v, _ in results if c.expected is not False]
    false = [(c, v) for c, v, _ in results if c.expected is False]
    wrong = [c.id for c, v, _ in results if (c.expected is False and v == "proved")
             or (c.expected is not False and v == "refuted")]
    times = [t for _, _, t in results]
    lines = [f"{name:<11} true proved {sum(v == 'proved' for _, v in true):>3}/{len(true):<3} "
             f"false refuted {sum(v == 'refuted' for _, v in false):>3}/{len(false):<3} "
             f"wrong {len(wrong):>2}   median {statistics.median(times):6.3f} s   total {sum(times):7.1f} s"]
    if wrong:
        lines.append(f"            wrong: {', '.join(wrong)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", default=str(ROOT / "bench" / "ml_identities.claims.toml"))
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=20.0)
    args = parser.parse_args(argv)

    claims = load_claim_file(args.file).claims
    started = time.perf_counter()
    report = check([args.file], jobs=args.jobs, timeout=args.timeout)
    wall = time.perf_counter() - started
    ours = [(p.claim, p.verdict.value, p.seconds) for p in report.proofs]
    demoted = [p.claim.id for p in report.proofs if p.postcheck and not p.postcheck.get("ok")]
    unconfirmed = [p.claim.id for p in report.proofs if p.verdict is Verdict.REFUTED
                   and not (p.counterexample is not None or p.certificate.kind in ("true-limit", "true-order"))]
    simplify = [(c, *plain_sympy(c, "simplify", args.timeout)) for c in claims]
    equals = [(c, *plain_sympy(c, "equals", args.timeout)) for c in claims]

    print(f"{len(claims)} claims from {args.file}: {sum(c.expected is not False for c in claims)} true, "
          f"{sum(c.expected is False for c in claims)} false\n")
    for name, results in (("proofsheet", ours), ("simplify", simplify), ("equals", equals)):
        print("\n".join(summarize(name, results)))
    print(f"\nproofsheet wall time {wall:.1f} s with --jobs {args.jobs}; post-check demotions: {len(demoted)}"
          f"{' ' + ', '.join(demoted) if demoted else ''}; refutations without a certificate: {len(unconfirmed)}")
    print("\nnot decided as expected by proofsheet:")
    for claim, verdict, _ in ours:
        if verdict != ("refuted" if claim.expected is False else "proved"):
            print(f"  {verdict:<9} {claim.id}")
    beaten = [c.id for (c, v, _), (_, s, _) in zip(ours, simplify, strict=True)
              if c.expected is not False and v == "proved" and s != "proved"]
    print(f"\ntrue claims proofsheet proves and plain simplify does not: {len(beaten)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
