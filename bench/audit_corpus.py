"""`proofsheet audit` measured on the public corpus of real documents (issue 14)

Audits every document of `bench/audit-corpus/documents/` as a user first would (no notation file, `--jobs`,
the default per-link limit) and compares the links with the hand-made labels of `bench/audit-corpus/labels/`
(format: `bench/audit-corpus/LABELS.md`). Per document and in total:

- relations: counted by hand in the labels (the audit's own count of links and definitions beside it);
- decided %: (proved + refuted) / the relations counted by hand; `proved-given` is not decided;
- refuted, false alarms (refutations not at a labelled error), errors found (labelled errors refuted) of those
  labelled; proofs given a prose condition or a guessed notation (`proved-given`); wrong proofs (`proved` at a
  labelled error); crashes (internal errors, or a document whose report was not made); seconds.

A link is at a labelled error when it is on the labelled line (or the next, for a relation written over two lines)
and its LaTeX and the labelled relation, without spaces and spacing commands, contain one another.

The holdout (`bench/audit-corpus/holdout.toml`, drawn once by `--split` with the seed of SELECTION.md) is left
out unless `--holdout` is given; it is looked at once, at the end. It is spent (RESULTS.md): the fresh set,
`bench/audit-corpus/fresh/` (documents picked and labelled by the same rules after the holdout was measured, its
labels committed before any run), is the next holdout, measured with `--fresh`, once.

    .venv/bin/python bench/audit_corpus.py [--jobs 2] [--timeout 20] [--holdout | --fresh] [--only ID] [--show]
    .venv/bin/python bench/audit_corpus.py --split     # once, when the corpus is complete
"""

from __future__ import annotations

import argparse
import random
import re
import sys
import time
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from derivations.audit import audit_file  # noqa: E402

CORPUS = ROOT / "bench" / "audit-corpus"
FRESH = CORPUS / "fresh"
HOLDOUT = CORPUS / "holdout.toml"
SEED = 20261207


@dataclass
class Labels:
    id: str
    file: Path
    relations: int
    errors: list[dict]
    traps: list[dict]
    meta: dict


def load_labels(corpus: Path = CORPUS) -> list[Labels]:
    found = []
    for path in sorted((corpus / "labels").glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        doc = data["document"]
        found.append(Labels(doc["id"], corpus / doc["file"], int(doc["relations"]), data.get("error", []),
                            data.get("trap", []), doc))
    return found


def split(labels: list[Labels]) -> list[str]:
    """The holdout: the ids sorted, shuffled by `random.Random(SEED)`, the first third (rounded up)."""
    ids = sorted(label.id for label in labels)
    random.Random(SEED).shuffle(ids)
    return sorted(ids[:-(-len(ids) // 3)])


_SPACING = re.compile(r"\\[,;:!> ]|\\(quad|qquad|left|right|big|Big|bigg|Bigg|displaystyle|limits)(?![A-Za-z])|[\s&{}]")


def _normal(latex: str) -> str:
    return _SPACING.sub("", latex)


def at_label(link, label: dict) -> bool:
    """Whether the audited `link` is the labelled relation (see the module docstring)."""
    if not label["line"] <= link.line <= label["line"] + 1 + label["relation"].count("\n"):
        return False
    written, labelled = _normal(link.latex), _normal(label["relation"])
    return bool(written) and (written in labelled or labelled in written)


@dataclass
class Figures:
    relations: int = 0
    links: int = 0
    proved: int = 0
    refuted: int = 0
    given: int = 0
    false_alarms: int = 0
    labelled: int = 0
    found: int = 0
    wrong_proofs: int = 0
    crashes: int = 0
    seconds: float = 0.0
    notes: list[str] = field(default_factory=list)

    def add(self, other: Figures) -> None:
        for name in ("relations", "links", "proved", "refuted", "given", "false_alarms", "labelled", "found",
                     "wrong_proofs", "crashes", "seconds"):
            setattr(self, name, getattr(self, name) + getattr(other, name))

    @property
    def decided(self) -> float:
        return 100.0 * (self.proved + self.refuted) / self.relations if self.relations else 0.0

    def row(self, name: str) -> str:
        return (f"{name:<44} {self.relations:>5} {self.links:>5} {self.decided:>6.1f} {self.refuted:>4} "
                f"{self.false_alarms:>5} {self.found:>3}/{self.labelled:<3} {self.given:>5} {self.wrong_proofs:>5} "
                f"{self.crashes:>5} {self.seconds:>7.1f}")


HEADER = (f"{'document':<44} {'rels':>5} {'links':>5} {'dec%':>6} {'ref':>4} {'false':>5} {'found':>7} "
          f"{'given':>5} {'wrong':>5} {'crash':>5} {'seconds':>7}")


def measure(label: Labels, jobs: int, timeout: float, show: bool) -> Figures:
    figures = Figures(relations=label.relations, labelled=len(label.errors))
    start = time.monotonic()
    try:
        report = audit_file(label.file, jobs=jobs, timeout=timeout)
    except Exception as error:  # a report that is not made is a crash of the whole document
        figures.crashes = max(1, label.relations)
        figures.notes.append(f"no report: {type(error).__name__}: {error}")
        figures.seconds = time.monotonic() - start
        return figures
    figures.seconds = time.monotonic() - start
    figures.links = len(report.links) + len(report.definitions)
    found = set()
    for result in report.links:
        errors = [k for k, e in enumerate(label.errors) if at_label(result.link, e)]
        if result.status == "proved":
            figures.proved += 1
            if errors:
                figures.wrong_proofs += 1
                figures.notes.append(f"WRONG PROOF {result.link.line}: {result.link.latex}")
        elif result.status == "refuted":
            figures.refuted += 1
            if errors:
                found.update(errors)
                figures.notes.append(f"found {result.link.line}: {result.link.latex} — at {result.counterexample}")
            else:
                figures.false_alarms += 1
                figures.notes.append(f"FALSE ALARM {result.link.line}: {result.link.latex} — {result.link.reading} at "
                                     f"{result.counterexample}")
        elif result.status == "proved-given":
            figures.given += 1
        if result.internal:
            figures.crashes += 1
            figures.notes.append(f"CRASH {result.link.line}: {result.message}")
        if show and result.status not in ("refuted",):
            figures.notes.append(f"  {result.status} {result.link.line}: {' '.join(result.link.latex.split())[:100]}"
                                 f" — {(result.message or result.link.reason or '')[:120]}")
    figures.found = len(found)
    for k, error in enumerate(label.errors):
        if k not in found:
            figures.notes.append(f"missed {error['line']}: {error['relation'][:80]}")
    return figures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--timeout", type=float, default=20.0)
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--holdout", action="store_true", help="measure the holdout (spent: see RESULTS.md)")
    which.add_argument("--fresh", action="store_true", help="measure the fresh set, the next holdout (once)")
    parser.add_argument("--split", action="store_true", help="draw the holdout and write holdout.toml")
    parser.add_argument("--only", action="append", default=[], help="documents whose id contains this")
    parser.add_argument("--show", action="store_true", help="print every link's status, not only refutations")
    parser.add_argument("--quiet", action="store_true", help="figures only")
    args = parser.parse_args()
    labels = load_labels()
    if args.split:
        if HOLDOUT.exists():
            print(f"{HOLDOUT} exists: the holdout is drawn once", file=sys.stderr)
            return 2
        ids = split(labels)
        HOLDOUT.write_text("# drawn by bench/audit_corpus.py --split: ids sorted, shuffled by "
                           f"random.Random({SEED}), the first third\nholdout = [\n"
                           + "".join(f'  "{i}",\n' for i in ids) + "]\n", encoding="utf-8")
        print(f"{len(ids)} of {len(labels)} documents in the holdout")
        return 0
    holdout = set(tomllib.loads(HOLDOUT.read_text(encoding="utf-8"))["holdout"]) if HOLDOUT.exists() else set()
    if args.fresh:
        labels, holdout = load_labels(FRESH), set()
    chosen = [label for label in labels if (label.id in holdout) == args.holdout
              and (not args.only or any(part in label.id for part in args.only))]
    total = Figures()
    print(HEADER)
    for label in chosen:
        figures = measure(label, args.jobs, args.timeout, args.show)
        total.add(figures)
        print(figures.row(label.id))
        if not args.quiet:
            for note in figures.notes:
                print("    " + " ".join(note.split()))
    name = "holdout" if args.holdout else "fresh" if args.fresh else "development"
    print(total.row(f"{name}: {len(chosen)} documents"))
    precision = 100.0 * (total.refuted - total.false_alarms) / total.refuted if total.refuted else 100.0
    recall = 100.0 * total.found / total.labelled if total.labelled else 0.0
    print(f"refutations that are real errors: {precision:.1f}%; labelled errors found: {recall:.1f}%; "
          f"decided: {total.decided:.1f}%; wrong proofs: {total.wrong_proofs}; crashes: {total.crashes}; "
          f"{total.seconds:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
