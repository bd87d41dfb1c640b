"""The README's Python walkthrough runs as written and prints what its comments say."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

README = Path(__file__).parent.parent / "README.md"


def python_blocks() -> list[str]:
    """The ```python blocks of the README's '## Python' section, in order."""
    text = README.read_text(encoding="utf-8")
    section = text[text.index("## Python\n"):]
    section = section[:re.search(r"\n## (?!#)", section[3:]).start() + 3]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_the_python_walkthrough_runs_and_prints_what_it_says():
    blocks = python_blocks()
    assert len(blocks) == 4
    out = io.StringIO()
    names: dict[str, object] = {}
    with contextlib.redirect_stdout(out):
        for block in blocks:
            exec(compile(block, str(README), "exec"), names)  # the README's own code, not user input
    printed = out.getvalue().splitlines()
    assert printed[0] == "proved rewrite"
    assert printed[1] == "== tanh(x) + 1 - 2/(1 + exp(-2*x))   -- definition of sigmoid"
    assert "refuted {'x': '1'} {'lhs': '1.313261687518222834', 'rhs': '0.313261687518222834'}" in printed
    assert ("no strategy proved it and no counterexample was found: the relation holds at all 63 points tried, to "
            "38 digits (smallest margin |lhs - rhs| = 0.0113, at x = -1)") in printed
    assert "proved except x = 0" in printed
    assert printed[-5:-3] == ["True", "sigmoid(-x)"]
    assert printed[-3] == "  == 1/(exp(x) + 1)   [definition] ✓"
