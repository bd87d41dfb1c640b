"""The Jinja2 environment for LaTeX templates

In the manner of mbr/latex: LaTeX-friendly delimiters (`\\VAR{...}`, `\\BLOCK{...}`, `\\#{...}` comments), no
autoescaping (maths from the printer is LaTeX already) and `StrictUndefined` (a missing value is an error, not an
empty string). Prose goes through the `prose` filter (escaped text with safe inline maths), plain text through
`escape`; display maths through `broken` (broken over lines when too wide, `render.layout.claim_display`).

Main definitions
- `make_env()`: the environment, loading `render/templates/*.tex.j2`.
"""

from __future__ import annotations

from pathlib import Path

import jinja2

from identities.text import escape_text, prose

from .layout import FailedMark, claim_display

TEMPLATES = Path(__file__).parent / "templates"


def make_env() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(TEMPLATES)),
        block_start_string=r"\BLOCK{",
        block_end_string="}",
        variable_start_string=r"\VAR{",
        variable_end_string="}",
        comment_start_string=r"\#{",
        comment_end_string="}",
        line_statement_prefix="%%",
        line_comment_prefix="%#",
        trim_blocks=True,
        lstrip_blocks=True,
        autoescape=False,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
    )
    env.tests["failing"] = lambda mark: isinstance(mark, FailedMark)
    env.filters["escape"] = escape_text
    env.filters["e"] = escape_text
    env.filters["prose"] = prose
    env.filters["broken"] = claim_display
    env.filters["ident"] = lambda s: escape_text(s).replace("-", r"-\allowbreak{}")
    return env
