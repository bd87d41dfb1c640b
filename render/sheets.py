"""Rendering sheets: check, lay out, write

Main definitions
- `OUTPUT`: the `output/` directory of the project.
- `render_text(checked, mode)`: the LaTeX of a checked sheet (`full`, `fragment`, or `exercises` without solutions).
- `render_sheets(paths, ...)`: check the sheets, refuse those with problems, write `.tex` (and PDFs).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from derivations.checking import CheckedSheet, check_sheets
from derivations.sheet import load_sheet, sheet_files
from identities.cache import ProofCache
from identities.check import VERSION

from .document import build
from .environment import make_env
from .output import build_pdf, write_atomically

OUTPUT = Path("output")
"""Where sheets are written by default: `output/` of the current directory (the project root for the catalog)."""
TEMPLATES = {"full": "sheet.tex.j2", "fragment": "fragment.tex.j2", "exercises": "sheet.tex.j2"}


@dataclass
class Rendered:
    """What a render produced (files) or why it refused (problems)."""

    checked: list[CheckedSheet] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def render_text(checked: CheckedSheet, mode: str = "full") -> str:
    """The LaTeX of a checked sheet: `full` document, `fragment` (a body to \\input), or `exercises` only."""
    solutions = mode != "exercises"
    context = build(checked, solutions=solutions)
    template = make_env().get_template(TEMPLATES[mode])
    return template.render(sheet=context, solutions=solutions, version=VERSION)


def _name(checked: CheckedSheet, mode: str) -> str:
    suffix = {"full": "", "fragment": "-fragment", "exercises": "-exercises"}[mode]
    return f"{checked.sheet.name}{suffix}.tex"


def render_sheets(paths: Sequence[str] = (), *, output: Path = OUTPUT, mode: str = "full", pdf: bool = False,
                  jobs: int = 1, timeout: float = 20.0, cache: ProofCache | None = None,
                  on_result: Callable | None = None) -> Rendered:
    """Check the sheets (all of `derivations/sheets/` by default); write those without problems."""
    sheets = [load_sheet(p) for p in sheet_files(list(paths))]
    result = Rendered(checked=check_sheets(sheets, jobs=jobs, timeout=timeout, cache=cache, on_result=on_result))
    for checked in result.checked:
        if not checked.ok:
            result.problems += checked.problems
            continue
        target = output / _name(checked, mode)
        write_atomically(target, render_text(checked, mode))
        result.written.append(target)
        if pdf and mode != "fragment":
            result.written.append(build_pdf(target))
    return result
