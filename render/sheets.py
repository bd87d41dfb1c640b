"""Rendering sheets: check, lay out, write

Main definitions
- `OUTPUT`: the `output/` directory of the project.
- `render_text(checked, mode)`: the LaTeX of a checked sheet (`full`, `fragment`, or `exercises` without solutions).
- `render_sheets(paths, ...)`: check the sheets (and their plots' asymptotes), refuse those with problems, write
  `.tex` (and PDFs).
- `summary(checked)`: one line per sheet, its links counted by the method that proved them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from derivations.checking import CheckedSheet, check_sheets
from derivations.sheet import load_sheet, sheet_files
from identities.cache import ProofCache
from identities.check import VERSION

from .document import build
from .environment import make_env
from .output import TeXMissing, build_pdf, write_atomically
from .plots import plot_problems

OUTPUT = Path("output")
"""Where sheets are written by default: `output/` of the current directory (the project root for the catalog)."""
DRAFTS = "draft"
"""Where `render --draft` writes a sheet with problems, under the output directory."""
TEMPLATES = {"full": "sheet.tex.j2", "fragment": "fragment.tex.j2", "exercises": "sheet.tex.j2"}


@dataclass
class Rendered:
    """What a render produced (files), why it refused a sheet (problems), and why PDFs were not built."""

    checked: list[CheckedSheet] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    pdf_missing: str | None = None
    """Set when PDFs were asked for and TeX is not installed: what to install (the `.tex` files are written)."""


def link_methods(checked: CheckedSheet) -> Counter[str]:
    """How the sheet's derivation links were proved: method → number of links."""
    return Counter((link.proof.method or link.proof.verdict.value) if link.proof else "missing"
                   for exercise in checked.exercises for derivation in exercise.derivations
                   for link in derivation.links)


def summary(checked: CheckedSheet) -> str:
    """One line per sheet: exercises, claims, links by method.

    The counts are what was checked, so that a reader can see at a glance how much of a sheet rests on which
    kind of argument."""
    methods = link_methods(checked)
    by_method = ", ".join(f"{name} {count}" for name, count in sorted(methods.items(), key=lambda m: (-m[1], m[0])))
    return (f"{checked.sheet.name}: {len(checked.sheet.exercises)} exercises, {len(checked.proofs)} claims, "
            f"{sum(methods.values())} derivation links" + (f" ({by_method})" if by_method else ""))


def render_text(checked: CheckedSheet, mode: str = "full", draft: bool = False) -> str:
    """The LaTeX of a checked sheet: `full` document, `fragment` (a body to \\input), or `exercises` only; a
    `draft` prints the sheet's problems where they are, and DRAFT with their number on every page."""
    solutions = mode != "exercises"
    context = build(checked, solutions=solutions, draft=draft)
    template = make_env().get_template(TEMPLATES[mode])
    return template.render(sheet=context, solutions=solutions, version=VERSION)


def _name(checked: CheckedSheet, mode: str) -> str:
    suffix = {"full": "", "fragment": "-fragment", "exercises": "-exercises"}[mode]
    return f"{checked.sheet.name}{suffix}.tex"


def render_sheets(paths: Sequence[str] = (), *, output: Path = OUTPUT, mode: str = "full", pdf: bool = False,
                  jobs: int = 1, timeout: float = 20.0, cache: ProofCache | None = None,
                  on_result: Callable | None = None, draft: bool = False) -> Rendered:
    """Check the sheets (all of `derivations/sheets/` by default); write those without problems. With `draft`,
    a sheet with problems is written too, under `output/draft/`, every failing check marked where it is."""
    sheets = [load_sheet(p) for p in sheet_files(list(paths))]
    result = Rendered(checked=check_sheets(sheets, jobs=jobs, timeout=timeout, cache=cache, on_result=on_result))
    texs = []
    for checked in result.checked:
        checked.problems += plot_problems(checked)
        if not checked.ok:
            result.problems += checked.problems
            if draft:
                target = output / DRAFTS / _name(checked, mode)
                write_atomically(target, render_text(checked, mode, draft=True))
                texs.append(target)
            continue
        target = output / _name(checked, mode)
        write_atomically(target, render_text(checked, mode))
        texs.append(target)
    result.written += texs
    if pdf and mode != "fragment" and texs:
        try:
            with ThreadPoolExecutor(max_workers=max(1, jobs)) as builders:  # latexmk runs in its own process
                result.written += list(builders.map(build_pdf, texs))
        except TeXMissing as missing:
            result.pdf_missing = str(missing)
    return result
