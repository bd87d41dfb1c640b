"""The catalog's figures: verdicts, claims per seed sheet and per kind, general dimension versus explicit sizes,
errata with their seed lines, the slowest claims and the wall time of the whole check.

    .venv/bin/python bench/catalog_figures.py [--jobs 2]

Kinds: `order` (relation O), `limit` (a side is a limit), `existence` (a witness), `inequality`, `equality`.
Dimension: `general` when a matrix or vector has a symbolic size, `explicit` when every shape is numeric,
`scalar` otherwise.
"""

from __future__ import annotations

import argparse
import time
from collections import Counter

from identities.check import check
from identities.claim import Claim
from identities.declarations import parse_declaration


def kind(claim: Claim) -> str:
    if claim.relation == "O":
        return "order"
    if "limit(" in claim.lhs or "limit(" in claim.rhs:
        return "limit"
    if claim.witness:
        return "existence"
    return "equality" if claim.relation == "==" else "inequality"


def dimension(claim: Claim) -> str:
    shapes = [d.shape for d in map(parse_declaration, dict(claim.symbols).values()) if d.kind == "matrix"]
    if not shapes:
        return "scalar"
    return "explicit" if all(s.isdigit() for shape in shapes for s in shape) else "general"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--jobs", type=int, default=2)
    args = parser.parse_args()
    started = time.monotonic()
    report = check([], jobs=args.jobs)
    wall = time.monotonic() - started
    proofs = report.proofs
    print(f"claims {len(proofs)}: {dict(Counter(p.verdict.value for p in proofs))}; "
          f"mismatches {sum(not p.matches_expectation for p in proofs)}; "
          f"post-check demotions {sum(bool(p.postcheck) and not p.postcheck['ok'] for p in proofs)}")
    print(f"wall {wall:.1f} s with --jobs {args.jobs}; claim seconds {sum(p.seconds for p in proofs):.1f}")
    sheets = Counter(s.split("/")[0] for p in proofs for s in dict.fromkeys(x.split("/")[0] for x in p.claim.sources))
    print("claims per seed sheet:", dict(sorted(sheets.items())))
    print("claims per kind:", dict(Counter(kind(p.claim) for p in proofs).most_common()))
    by_dim = Counter((dimension(p.claim), p.verdict.value) for p in proofs)
    print("by dimension:", {f"{d} {v}": n for (d, v), n in sorted(by_dim.items())})
    errata = sorted((p.claim.sources[0].split("/")[0], p.claim.errata.line, p.claim.errata.kind, p.claim.id)
                    for p in proofs if p.claim.errata)
    print(f"errata {len(errata)}:")
    for seed, line, how, claim_id in errata:
        print(f"  {seed}:{line} {how:<11} {claim_id}")
    print("slowest five:")
    for p in sorted(proofs, key=lambda p: -p.seconds)[:5]:
        print(f"  {p.seconds:6.2f} s {p.verdict.value:<8} {p.claim.id}")


if __name__ == "__main__":
    main()
