"""Sheets: the TOML format of a solution sheet

A sheet (`derivations/sheets/NNN-slug.toml`, or a file of the user's own) holds a header and the exercises in the
sheet's order and numbering. Each exercise has its statement (prose with `$...$` maths), the claims it
establishes (catalog ids or ids from the sheet's own claim files), derivations (hand-written chains, or
`automatic = true`), errata (false claims the original sheet states, shown with their counterexample) and plots.

```toml
[sheet]
number = "004"
slug = "com526000-assignment-1"
title = "Deep Learning — Assignment 1, solutions"
course = "COM526000 Deep Learning"
claim_files = ["my-claims.claims.toml"]   # optional, relative to the sheet; the catalog is always available

[[exercise]]
label = "1a"
title = "Sigmoid symmetry"
statement = 'Show that the sigmoid $\\Phi$ satisfies $\\Phi(-v) = 1 - \\Phi(v)$.'
claims = ["sigmoid-neg-eq-one-sub"]

[[exercise.derivation]]
claim = "sigmoid-neg-eq-one-sub"
steps = [
  { expr = "1/(1 + exp(v))", why = "definition of $\\Phi$" },
  { expr = "exp(-v)/(exp(-v) + 1)", why = "multiply numerator and denominator by $e^{-v}$" },
  { expr = "1 - sigmoid(v)", why = "$\\frac{e^{-v}}{1 + e^{-v}} = 1 - \\frac{1}{1 + e^{-v}}$" },
]

[[exercise.erratum]]
claim = "some-false-claim"        # expected = false in the catalog, with its errata line
why = "what went wrong"

[[exercise.plot]]
title = "softplus and its asymptotes"
x = [-6, 6]
curves = [{ expr = "softplus(x)", label = "$s_0(x)$" }]
asymptotes = ["softplus-tendsto-zero-at-minus-oo"]   # ids of proved limit claims
```

Main definitions
- `SheetError`: a malformed sheet (file, line, exercise, field).
- `Sheet`, `Exercise`, `Erratum`, `Plot`, `Curve`.
- `load_sheet(path)`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from identities.claim import ID_PATTERN, RELATIONS
from identities.errors import ClaimError

from .derivation import Derivation, Link

SHEETS = Path(__file__).parent / "sheets"
_SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class SheetError(ClaimError):
    """A sheet file that cannot be read: file, line, exercise and what is wrong."""

    def __str__(self) -> str:
        where = ":".join(str(p) for p in (self.file, self.line) if p is not None)
        who = f"exercise {self.claim_id}" if self.claim_id else ""
        return ": ".join(p for p in (where, who, self.message) if p)


@dataclass(frozen=True)
class Curve:
    expr: str
    label: str = ""


@dataclass(frozen=True)
class Plot:
    """A pgfplots figure: curves (expressions in x) on an x range, with asymptotes taken from proved limits."""

    title: str
    x: tuple[float, float]
    curves: tuple[Curve, ...]
    asymptotes: tuple[str, ...] = ()
    y: tuple[float, float] | None = None
    variable: str = "x"


@dataclass(frozen=True)
class Erratum:
    """A false claim the original sheet states; rendered with the sheet's text and its counterexample."""

    claim: str
    why: str = ""


@dataclass(frozen=True)
class Exercise:
    label: str
    title: str = ""
    statement: str = ""
    claims: tuple[str, ...] = ()
    derivations: tuple[Derivation, ...] = ()
    errata: tuple[Erratum, ...] = ()
    plots: tuple[Plot, ...] = ()
    answer: str = ""
    remark: str = ""


@dataclass
class Sheet:
    number: str
    slug: str
    title: str
    course: str = ""
    authors: str = ""
    date: str = ""
    source: str = ""
    intro: str = ""
    claim_files: tuple[Path, ...] = ()
    exercises: list[Exercise] = field(default_factory=list)
    path: str = ""

    @property
    def name(self) -> str:
        """`NNN-slug`, the name of the rendered files."""
        return f"{self.number}-{self.slug}" if self.number else self.slug

    @property
    def claim_ids(self) -> list[str]:
        """Every claim the sheet shows, in order of appearance, without repetition."""
        ids: list[str] = []
        for e in self.exercises:
            ids += list(e.claims) + [d.claim for d in e.derivations] + [x.claim for x in e.errata]
        return list(dict.fromkeys(ids))


def _line_of(text: str, needle: str, after: int = 1) -> int | None:
    """The first line (from line `after` on) that holds `needle`."""
    for k, line in enumerate(text.splitlines(), start=1):
        if k >= after and needle in line:
            return k
    return None


class _Reader:
    """Typed access to a TOML table, failing with the sheet's file, the line and the exercise."""

    def __init__(self, path: str, text: str, label: str | None = None) -> None:
        self.path, self.text, self.label = path, text, label

    def fail(self, message: str, needle: str | None = None) -> SheetError:
        """The error at the first line holding `needle` within the exercise (else at the exercise's label)."""
        start = _line_of(self.text, f'label = "{self.label}"') if self.label else None
        line = _line_of(self.text, needle, after=start or 1) if needle else None
        return SheetError(message, file=self.path, line=line or start, claim_id=self.label)

    def string(self, table: dict, key: str, default: str = "") -> str:
        value = table.get(key, default)
        if not isinstance(value, str):
            raise self.fail(f"{key} must be a string", f"{key} =")
        return value

    def strings(self, table: dict, key: str) -> tuple[str, ...]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise self.fail(f"{key} must be a list of strings", f"{key} =")
        return tuple(value)

    def ids(self, table: dict, key: str) -> tuple[str, ...]:
        ids = self.strings(table, key)
        for claim_id in ids:
            if not ID_PATTERN.match(claim_id):
                raise self.fail(f"{key}: {claim_id!r} is not a claim id", claim_id)
        return ids

    def tables(self, table: dict, key: str) -> list[dict]:
        value = table.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
            raise self.fail(f"{key} must be an array of tables ([[exercise.{key}]])", key)
        return value

    def pair(self, table: dict, key: str, required: bool = True) -> tuple[float, float] | None:
        value = table.get(key)
        if value is None and not required:
            return None
        if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, (int, float)) for v in value)
                and value[0] < value[1]):
            raise self.fail(f"{key} must be [low, high] with low < high", f"{key} =")
        return float(value[0]), float(value[1])


def _derivation(r: _Reader, table: dict) -> Derivation:
    claim = r.string(table, "claim")
    here = f'claim = "{claim}"'
    _known(r, table, "derivation", here)
    if not ID_PATTERN.match(claim):
        raise r.fail(f"derivation: claim {claim!r} is not a claim id", here)
    automatic = table.get("automatic", False)
    if not isinstance(automatic, bool):
        raise r.fail("automatic must be true or false", "automatic =")
    links = []
    for k, step in enumerate(table.get("steps", []), start=1):
        if not isinstance(step, dict) or not isinstance(step.get("expr"), str):
            raise r.fail(f"derivation of {claim}: step {k} must be a table with expr (and why, relation)", here)
        _known(r, step, "step", here)
        relation = step.get("relation", "==")
        if relation not in RELATIONS or relation == "O":
            raise r.fail(f"derivation of {claim}: step {k} has relation {relation!r}", here)
        links.append(Link(relation, step["expr"], r.string(step, "why"), None))
    if automatic and links:
        raise r.fail(f"derivation of {claim}: give steps or automatic = true, not both", here)
    if not automatic and not links:
        raise r.fail(f"derivation of {claim}: no steps (write them, or automatic = true)", here)
    start = table.get("start")
    if start is not None and not isinstance(start, str):
        raise r.fail("start must be an expression string", "start =")
    return Derivation(claim, tuple(links), start, automatic, r.string(table, "title"))


def _erratum(r: _Reader, table: dict) -> Erratum:
    claim = r.string(table, "claim")
    _known(r, table, "erratum", f'claim = "{claim}"')
    return Erratum(claim, r.string(table, "why"))


def _plot(r: _Reader, table: dict) -> Plot:
    _known(r, table, "plot", "[[exercise.plot]]")
    curves = []
    for c in r.tables(table, "curves"):
        _known(r, c, "curve", "curves")
        if not isinstance(c.get("expr"), str):
            raise r.fail("each curve needs expr", "curves")
        curves.append(Curve(c["expr"], r.string(c, "label")))
    if not curves:
        raise r.fail("a plot needs at least one curve", "[[exercise.plot]]")
    return Plot(r.string(table, "title"), r.pair(table, "x"), tuple(curves), r.ids(table, "asymptotes"),
                r.pair(table, "y", required=False), r.string(table, "variable", "x"))


KNOWN = {"sheet": {"number", "slug", "title", "course", "authors", "date", "source", "intro", "claim_files"},
         "exercise": {"label", "title", "statement", "claims", "derivation", "erratum", "plot", "answer", "remark"},
         "derivation": {"claim", "steps", "start", "automatic", "title"}, "step": {"expr", "why", "relation"},
         "erratum": {"claim", "why"}, "plot": {"title", "x", "y", "curves", "asymptotes", "variable"},
         "curve": {"expr", "label"}}
"""The keys each table may hold; any other key is an error (TOML gives a key written after `[[exercise.derivation]]`
to the derivation, so an exercise's `remark` placed there would otherwise vanish)."""


def _known(r: _Reader, table: dict, kind: str, needle: str) -> None:
    unknown = sorted(set(table) - KNOWN[kind])
    if unknown:
        hint = (f" (a key written after [[exercise.{kind}]] belongs to the {kind}: write the exercise's keys "
                "before its first sub-table)") if set(unknown) & KNOWN["exercise"] else ""
        raise r.fail(f"{kind}: unknown keys {unknown}{hint}", needle)


def load_sheet(path: str | Path) -> Sheet:
    """Read and validate a sheet file (raises `SheetError` naming the file, the line and the exercise)."""
    name = str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise SheetError(f"cannot read the sheet: {err}", file=name) from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise SheetError(f"malformed TOML: {err}", file=name) from None
    r = _Reader(name, text)
    header = data.get("sheet")
    if not isinstance(header, dict):
        raise r.fail("a sheet starts with a [sheet] table (number, slug, title)")
    unknown = set(header) - KNOWN["sheet"]
    if unknown:
        raise r.fail(f"unknown keys in [sheet]: {sorted(unknown)}", "[sheet]")
    number, slug = r.string(header, "number"), r.string(header, "slug")
    if number and not re.fullmatch(r"\d{3}", number):
        raise r.fail("number must have three digits, e.g. \"004\"", "number =")
    if not _SLUG.match(slug):
        raise r.fail("slug must be lowercase words joined by '-'", "slug =")
    base = Path(path).parent
    sheet = Sheet(number=number, slug=slug, title=r.string(header, "title"), course=r.string(header, "course"),
                  authors=r.string(header, "authors"), date=r.string(header, "date"),
                  source=r.string(header, "source"), intro=r.string(header, "intro"),
                  claim_files=tuple(base / f for f in r.strings(header, "claim_files")), path=name)
    labels = set()
    for table in r.tables(data, "exercise"):
        label = table.get("label")
        if not isinstance(label, str) or not label:
            raise r.fail("every [[exercise]] needs a label, as the sheet prints it", "[[exercise]]")
        if label in labels:
            raise r.fail(f"exercise {label} appears twice", f'label = "{label}"')
        labels.add(label)
        er = _Reader(name, text, label)
        unknown = set(table) - KNOWN["exercise"]
        if unknown:
            raise er.fail(f"unknown keys {sorted(unknown)}")
        sheet.exercises.append(Exercise(
            label=label, title=er.string(table, "title"), statement=er.string(table, "statement"),
            claims=er.ids(table, "claims"),
            derivations=tuple(_derivation(er, d) for d in er.tables(table, "derivation")),
            errata=tuple(_erratum(er, e) for e in er.tables(table, "erratum")),
            plots=tuple(_plot(er, p) for p in er.tables(table, "plot")),
            answer=er.string(table, "answer"), remark=er.string(table, "remark")))
    return sheet


def sheet_files(paths: list[str] | tuple[str, ...] = ()) -> list[Path]:
    """The sheets named, or every sheet of `derivations/sheets/`."""
    return [Path(p) for p in paths] if paths else sorted(SHEETS.glob("*.toml"))

