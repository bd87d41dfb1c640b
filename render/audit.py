"""The annotated LaTeX (and PDF) of an audited sheet: its links, each with a mark and its status

Each link is shown as read (printed back from SymPy by `identities.latex`, so the LaTeX always compiles; a link
that did not read is shown as its source text), with a mark per status: ✓ proved, ✗ refuted (with the
counterexample), (✓) proved given a prose condition or a guessed notation, ? unproved or timeout, ! error, –
unparsed (with the reason); the definitions a verdict is given are listed with their lines.

Main definitions
- `audit_tex(report)`: the LaTeX document.
- `write_audit(report, path, pdf)`: write it atomically (and build the PDF).
"""

from __future__ import annotations

from pathlib import Path

from derivations.audit import AuditReport
from identities.text import escape_text

from .environment import make_env
from .output import build_pdf, write_atomically

MARKS = {"proved": r"\textcolor{proved}{$\checkmark$}", "proved-given": r"($\checkmark$)",
         "refuted": r"\textcolor{refuted}{$\times$}", "unproved": "?", "timeout": "?", "error": "!", "unparsed": "--"}


def _detail(result) -> str:
    if result.status == "refuted" and result.counterexample:
        point = ", ".join(f"{k} = {v}" for k, v in result.counterexample.items())
        return f"at {point}"
    if result.status == "unparsed":
        return result.link.reason or ""
    given = "; ".join(f"{' '.join(latex.split())} (line {line})" for line, latex in result.link.given)
    return " ".join(x for x in (result.method, result.message, f"— given {given}" if given else "") if x)


def audit_tex(report: AuditReport) -> str:
    """The annotated LaTeX of `report` (byte-deterministic)."""
    rows = []
    for r in report.links:
        link = r.link
        # In-line maths, so that a long reading breaks at its relation and its top-level + and − in its column.
        math = (r"\raggedright $" + link.reading + "$") if link.reading else \
            r"\texttt{" + escape_text(" ".join(link.latex.split())) + "}"
        rows.append({"mark": MARKS[r.status], "place": f"{link.line}:{link.column} r{link.row} {link.kind}",
                     "math": math, "status": r.status, "detail": _detail(r)})
    s = report.summary
    summary = (f"{s['links']} links: {s['parsed']} parsed, {s['decided']} decided ({s['proved']} proved, "
               f"{s['refuted']} refuted), {s['unparsed']} unparsed.")
    return make_env().get_template("audit.tex.j2").render(file=Path(report.file).name, summary=summary, rows=rows)


def write_audit(report: AuditReport, path: str | Path, pdf: bool = False) -> Path:
    """Write the annotated LaTeX to `path` (and its PDF beside it when `pdf`)."""
    path = Path(path)
    write_atomically(path, audit_tex(report))
    if pdf:
        build_pdf(path)
    return path


__all__ = ["MARKS", "audit_tex", "write_audit"]
