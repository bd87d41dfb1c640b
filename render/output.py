"""Writing rendered sheets: atomic `.tex` files, PDFs by latexmk

A `.tex` file is written to a temporary file in the same directory and renamed into place, so that an interrupted
render never leaves a truncated file. PDFs are built by latexmk with pdflatex in a private build directory,
without shell escape, with `SOURCE_DATE_EPOCH` and `FORCE_SOURCE_DATE=1` (and `\\pdftrailerid{}` in the preamble)
so that the same `.tex` gives the same PDF on one TeX installation; the PDF is then moved into place atomically.

Main definitions
- `write_atomically(path, text)`.
- `TeXMissing`: latexmk or pdflatex is not installed (the message says what to install).
- `build_pdf(tex_path)`: the PDF next to the `.tex` (its log kept in `output/.build/`).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from identities.errors import RenderError

INSTALL = ("sudo apt-get install -y --no-install-recommends latexmk texlive-latex-base texlive-latex-recommended "
           "texlive-latex-extra texlive-pictures texlive-fonts-recommended lmodern")
EPOCH = "1700000000"
"""The date a PDF records when SOURCE_DATE_EPOCH is not set (a fixed date keeps builds reproducible)."""


class TeXMissing(RenderError):
    """No TeX installation to build PDFs with."""


def write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file renamed into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
        os.chmod(temporary, _readable())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _readable() -> int:
    """The mode an ordinary new file gets (0o666 less the umask); mkstemp's 0o600 would hide outputs from others."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def build_pdf(tex: Path, timeout: float = 300) -> Path:
    """latexmk -pdf on `tex` (no shell escape); returns the PDF path next to it."""
    if shutil.which("latexmk") is None or shutil.which("pdflatex") is None:
        raise TeXMissing(f"building PDFs needs latexmk and pdflatex: {INSTALL}")
    build = tex.parent / ".build" / tex.stem
    build.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", EPOCH), "FORCE_SOURCE_DATE": "1"}
    command = ["latexmk", "-pdf", "-interaction=nonstopmode", "-halt-on-error", "-no-shell-escape",
               "-file-line-error", f"-outdir={build}", str(tex)]
    result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout, check=False)
    produced = build / f"{tex.stem}.pdf"
    if result.returncode != 0 or not produced.exists():
        log = build / f"{tex.stem}.log"
        tail = log.read_text(errors="replace")[-1500:] if log.exists() else result.stdout[-1500:]
        raise RenderError(f"LaTeX failed on {tex}: see {log}\n{tail}")
    target = tex.with_suffix(".pdf")
    fd, temporary = tempfile.mkstemp(dir=tex.parent, prefix=f".{target.name}.", suffix=".tmp")
    os.close(fd)
    shutil.copyfile(produced, temporary)
    os.chmod(temporary, _readable())
    os.replace(temporary, target)
    return target
