"""The figures of `proofsheet audit` on the five seed sheets (issue 7)

Per seed: links found, parsed, decided (proved or refuted), refuted; overall parse and decision rates; false
alarms (refuted links on lines that are not an erratum of the catalog, unless they repeat word for word links
refuted on an erratum's line, as 001:273 repeats 249's dim statements); the
refutations on the corrected copies (tests/audit/corrections.toml); the mutation catch rate (one single-token
mutation of each proved chain link, read in its mutated sheet).

    .venv/bin/python bench/audit_seeds.py [--jobs N] [--timeout S] [--no-notation]
"""

from __future__ import annotations

import argparse
import random
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from derivations.audit import audit, load_notation  # noqa: E402
from derivations.audit.audit import link_result  # noqa: E402
from derivations.audit.mutations import mutated_links  # noqa: E402
from identities.check import prove_claims  # noqa: E402
from identities.claimfile import load_claim_file  # noqa: E402

SEEDS = ROOT / "derivations" / "seeds"


def known_errors() -> set[tuple[str, int]]:
    found: set[tuple[str, int]] = set()
    for path in sorted((ROOT / "identities" / "catalog").glob("*.claims.toml")):
        for claim in load_claim_file(path).claims:
            if claim.errata is not None:
                found.add((claim.sources[0].split("/")[0], claim.errata.line))
    return found


def false_alarms(number: str, report, known: set[tuple[str, int]]) -> list[int]:
    """The refuted lines that are no erratum's line and do not only repeat links refuted on an erratum's line."""
    refuted = [r for r in report.links if r.status == "refuted"]
    on_errata = {" ".join(r.link.latex.split()) for r in refuted if (number, r.link.line) in known}
    lines = sorted({r.link.line for r in refuted if (number, r.link.line) not in known})
    return [line for line in lines if not all(" ".join(r.link.latex.split()) in on_errata
                                              for r in refuted if r.link.line == line)]


def corrected(number: str, text: str) -> str:
    fixes = tomllib.loads((ROOT / "tests" / "audit" / "corrections.toml").read_text(encoding="utf-8"))["fix"]
    lines = text.split("\n")
    for fix in fixes:
        if fix["seed"] == number:
            lines[fix["line"] - 1] = lines[fix["line"] - 1].replace(fix["old"], fix["new"])
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--no-notation", action="store_true", help="as a user first runs it: no notation file")
    args = parser.parse_args()
    known = known_errors()
    totals = dict(links=0, parsed=0, decided=0, refuted=0, false=0, corrected=0)
    mutation_links = []
    print(f"{'seed':6} {'notation':9} {'links':>5} {'parsed':>6} {'decided':>7} {'refuted':>7}  refuted lines")
    for path in sorted(SEEDS.glob("*.txt")):
        number = path.name[:3]
        text = path.read_text(encoding="utf-8")
        notation_file = ROOT / "tests" / "audit" / "notation" / f"{number}.toml"
        notation = load_notation(notation_file) if notation_file.exists() and not args.no_notation else None
        report = audit(text, notation=notation, jobs=args.jobs, timeout=args.timeout, file=path.name)
        s = report.summary
        lines = sorted({r.link.line for r in report.links if r.status == "refuted"})
        false = false_alarms(number, report, known)
        fixed = audit(corrected(number, text), notation=notation, jobs=args.jobs, timeout=args.timeout)
        totals["corrected"] += fixed.summary["refuted"]
        for key in ("links", "parsed", "decided", "refuted"):
            totals[key] += s[key]
        totals["false"] += len(false)
        print(f"{number:6} {'yes' if notation else 'no':9} {s['links']:5} {s['parsed']:6} {s['decided']:7} "
              f"{s['refuted']:7}  {lines}")
        proved = [r.link for r in report.links if r.status == "proved" and r.link.kind == "chain"]
        mutation_links += mutated_links(text, proved, random.Random(7), notation=notation, count=1)
    claims = [k.claim for k in mutation_links if k.claim is not None]
    proofs = iter(prove_claims(claims, jobs=args.jobs, timeout=args.timeout))
    results = [link_result(k, next(proofs)) for k in mutation_links if k.claim is not None]
    caught = sum(1 for r in results if r.status == "refuted")
    t = totals
    print(f"all: {t['links']} links, parsed {t['parsed']} ({t['parsed'] / t['links']:.0%}), decided {t['decided']} "
          f"({t['decided'] / t['links']:.0%} of all links), refuted {t['refuted']}, false alarms {t['false']}, "
          f"refuted on the corrected copies {t['corrected']}")
    print(f"mutations: {caught}/{len(results)} parsed mutants refuted ({caught / max(len(results), 1):.0%}); "
          f"{len(mutation_links) - len(results)} mutants did not read")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
