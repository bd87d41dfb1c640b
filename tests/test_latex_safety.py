"""LaTeX safety: prose from claim and sheet files prints as literal text, and no build enables shell escape

Titles, statements, justifications and answers may hold `\\input`, `\\write18`, TeX's `^^5c` spelling of a
backslash, unbalanced braces and every LaTeX special character. The escape filter turns them into text; maths
between dollars is kept only when it is made of mathematical commands. A sheet full of such prose is rendered and
compiled (when TeX is installed) and its PDF's text is read back.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from identities.text import SPECIAL, escape_text, prose

ROOT = Path(__file__).parent.parent
HOSTILE_PROSE = [
    r"\input{/etc/passwd}",
    r"\immediate\write18{touch sentinel}",
    r"\write18{touch sentinel}",
    r"^^5cinput{/etc/passwd}",
    r"\def\x{\x}\x",
    r"\catcode`\%=11 }}} {{{",
    r"\end{document}",
    r"$\input{/etc/passwd}$",
    r"$^^5cinput{/etc/passwd}$",
    r"$\text{\write18{touch sentinel}}$",
    r"$x$ costs 100% & #1 of ~_^ <|> \"",
    "controls \u0000\u001b end",
]


@pytest.mark.parametrize("char, latex", sorted(SPECIAL.items()))
def test_every_special_character_prints_as_itself(char, latex):
    assert escape_text(f"a{char}b") == f"a{latex}b"
    assert prose(f"a{char}b") == f"a{latex}b"


def test_commands_in_prose_are_text():
    assert escape_text(r"\input{x}") == r"\textbackslash{}input\{x\}"
    assert prose(r"\write18{touch s}") == r"\textbackslash{}write18\{touch s\}"
    assert escape_text("^^5cinput") == r"\textasciicircum{}\textasciicircum{}5cinput"


def test_unsafe_maths_prints_literally_and_safe_maths_stays():
    assert prose(r"see $\input{x}$") == r"see \$\textbackslash{}input\{x\}\$"
    assert prose("see $^^5cinput$") == r"see \$\textasciicircum{}\textasciicircum{}5cinput\$"
    assert prose(r"see $\frac{1}{1 + e^{-v}}$") == r"see $\frac{1}{1 + e^{-v}}$"
    assert prose("$σ(x)$") == r"$\sigma(x)$"


def test_control_characters_never_reach_tex():
    assert escape_text("a\u0000b\u001bc\u007fd") == "a?b?c?d"


def _no_command_survives(tex: str) -> None:
    for bad in (r"\input{/etc", r"\write18{", r"\immediate", r"\catcode", r"\def\x", "^^5c"):
        assert bad not in tex


def _sheet(tmp_path: Path) -> Path:
    def text(s: str) -> str:
        """A TOML basic string holding s exactly (control characters, quotes and backslashes as \\uXXXX)."""
        return '"' + "".join(f"\\u{ord(c):04x}" if ord(c) < 32 or c in '"\\' else c for c in s) + '"'

    body = "\n".join(HOSTILE_PROSE)
    sheet = tmp_path / "999-hostile.toml"
    sheet.write_text(
        "[sheet]\n"
        'number = "999"\nslug = "hostile"\n'
        f"title = {text(body)}\n"
        f"course = {text(HOSTILE_PROSE[1])}\n\n"
        "[[exercise]]\n"
        'label = "1"\n'
        f"title = {text(HOSTILE_PROSE[0])}\n"
        f"statement = {text(body)}\n"
        'claims = ["sigmoid-neg-eq-one-sub"]\n\n'
        "[[exercise.derivation]]\n"
        'claim = "sigmoid-neg-eq-one-sub"\n'
        "steps = [\n"
        f"  {{ expr = \"1/(1 + exp(v))\", why = {text(HOSTILE_PROSE[2])} }},\n"
        f"  {{ expr = \"1 - sigmoid(v)\", why = {text(HOSTILE_PROSE[9])} }},\n"
        "]\n"
    )
    return sheet


def test_a_hostile_sheet_renders_its_prose_as_text(tmp_path, monkeypatch):
    from render.sheets import render_sheets

    monkeypatch.chdir(tmp_path)
    result = render_sheets([str(_sheet(tmp_path))], output=tmp_path / "out", jobs=1, timeout=60)
    assert result.problems == []
    (tex_path,) = result.written
    tex = tex_path.read_text()
    _no_command_survives(tex)
    assert r"\textbackslash{}input\{/etc/passwd\}" in tex
    assert r"\textbackslash{}write18\{touch sentinel\}" in tex


@pytest.mark.skipif(shutil.which("latexmk") is None or shutil.which("pdftotext") is None,
                    reason="needs latexmk and pdftotext")
def test_a_hostile_sheet_compiles_and_its_pdf_shows_the_prose_literally(tmp_path, monkeypatch):
    from render.sheets import render_sheets

    monkeypatch.chdir(tmp_path)
    result = render_sheets([str(_sheet(tmp_path))], output=tmp_path / "out", pdf=True, jobs=1, timeout=60)
    assert result.problems == []
    pdf = next(p for p in result.written if p.suffix == ".pdf")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    squeezed = re.sub(r"\s+", "", text)
    for literal in (r"\input{/etc/passwd}", r"\write18{touchsentinel}", r"^^5cinput{/etc/passwd}",
                    r"\end{document}", "100%&#1"):
        assert literal in squeezed
    assert not (tmp_path / "sentinel").exists()
    log = next((tmp_path / "out" / ".build").rglob("*.log")).read_text(errors="replace")
    assert "write18 enabled" not in log  # pdfTeX announces "restricted \\write18 enabled" when it is not off


def test_no_build_enables_shell_escape():
    sources = [p for p in (ROOT / "render").rglob("*.py")] + [ROOT / ".ci" / "run"]
    for path in sources:
        if path.exists():
            code = path.read_text()
            assert re.search(r"(?<!no-)shell-escape|--enable-write18|\\\\write18", code) is None, path
    from render.output import build_pdf

    assert "-no-shell-escape" in Path(build_pdf.__code__.co_filename).read_text()
