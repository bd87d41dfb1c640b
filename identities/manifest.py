"""Manifests: what each seed sheet states, line by line, and which catalog claims carry it

A manifest (`identities/catalog/manifests/NNN.toml`) maps every exercise of seed sheet NNN and every display
equation of it (by the line where its `$$` block opens) to catalog claims, or to `not_a_claim` with a reason (a
definition, a restatement of the question, code). A question without a formula has an `answer` in prose and the
claims that support it. The coverage test reads manifests to prove that the catalog misses nothing.

```toml
seed = "001"
source = "001_905fa587fd095814.txt"
title = "IFT3395/6390 Assignment 2 & 3"
exercise_pattern = '^#{1,3} \\d+\\.\\d+'     # lines that open an exercise

[[exercise]]
label = "1.1"                  # as the sheet prints it; catalog sources say "001/1.1"
line = 12
also = [40]                    # optional: other lines that open it (e.g. its solution, when the sheet restarts)
claims = ["sigmoid-eq-half-tanh-half-add-one"]
answer = "…"                   # optional: for a question asked in words

[[equation]]
line = 16                      # the line where the display opens
exercise = "1.1"
claims = ["sigmoid-eq-half-tanh-half-add-one"]   # or: not_a_claim = "defines Φ"
```

Main definitions
- `SEEDS`: the directory of the seed sheets; `display_lines(text)`: where display equations open.
- `Manifest`, `load_manifest(path)`, `load_manifests()`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ClaimError

MANIFESTS = Path(__file__).parent / "catalog" / "manifests"
SEEDS = Path(__file__).resolve().parent.parent / "derivations" / "seeds"


@dataclass(frozen=True)
class Exercise:
    label: str
    line: int
    title: str = ""
    claims: tuple[str, ...] = ()
    answer: str | None = None
    also: tuple[int, ...] = ()

    @property
    def lines(self) -> tuple[int, ...]:
        return (self.line, *self.also)


@dataclass(frozen=True)
class Equation:
    line: int
    exercise: str
    claims: tuple[str, ...] = ()
    not_a_claim: str | None = None


@dataclass
class Manifest:
    seed: str
    source: str
    title: str
    exercise_pattern: str
    exercises: list[Exercise] = field(default_factory=list)
    equations: list[Equation] = field(default_factory=list)
    path: str = ""

    @property
    def text(self) -> str:
        return (SEEDS / self.source).read_text(encoding="utf-8")

    def exercise(self, label: str) -> Exercise | None:
        return next((e for e in self.exercises if e.label == label), None)


def display_lines(text: str) -> list[int]:
    """1-based lines where a `$$` display equation opens (a block may span several lines).

    >>> display_lines("a\\n$$x$$\\n$$\\\\begin{aligned}\\nb\\n\\\\end{aligned}$$\\n")
    [2, 3]
    """
    starts, inside = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        for _ in re.finditer(r"\$\$", line):
            if not inside:
                starts.append(number)
            inside = not inside
    return sorted(set(starts))


def _strings(value, what: str, path: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ClaimError(f"{what} must be a list of claim ids", file=path)
    return tuple(value)


def load_manifest(path: str | Path) -> Manifest:
    """Read one manifest; a malformed one raises `ClaimError` naming the file."""
    name = str(path)
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        raise ClaimError(f"unreadable manifest: {err}", file=name) from None
    manifest = Manifest(seed=data["seed"], source=data["source"], title=data.get("title", ""),
                        exercise_pattern=data["exercise_pattern"], path=name)
    for e in data.get("exercise", []):
        manifest.exercises.append(Exercise(label=e["label"], line=e["line"], title=e.get("title", ""),
                                           claims=_strings(e.get("claims", []), "claims", name),
                                           answer=e.get("answer"), also=tuple(e.get("also", ()))))
    for q in data.get("equation", []):
        manifest.equations.append(Equation(line=q["line"], exercise=q["exercise"],
                                           claims=_strings(q.get("claims", []), "claims", name),
                                           not_a_claim=q.get("not_a_claim")))
    return manifest


def load_manifests() -> dict[str, Manifest]:
    """Every manifest of the catalog, by seed number."""
    return {m.seed: m for m in (load_manifest(p) for p in sorted(MANIFESTS.glob("*.toml")))}
