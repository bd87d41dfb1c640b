"""`proofsheet audit` on the command line: text, JSON, the annotated LaTeX, exit status."""

import json
import subprocess

from render.cli import main

SHEET = r"""# A sheet

To show:

$$\text{sigmoid}(-x) = 1 - \text{sigmoid}(x)$$

We have

$$\begin{aligned} \tanh(x) &= \frac{e^x - e^{-x}}{e^x + e^{-x}} \\ &= 2 \cdot \text{sigmoid}(2x) + 1 \end{aligned}$$

and $$\frac{\partial}{\partial x} \left( \dots \right) = 0$$
"""


def run(tmp_path, *args):
    from io import StringIO

    sheet = tmp_path / "sheet.md"
    sheet.write_text(SHEET, encoding="utf-8")
    out, err = StringIO(), StringIO()
    status = main(["audit", str(sheet), "--jobs", "1", "--timeout", "60", *args], out, err)
    return status, out.getvalue(), err.getvalue()


def test_text_output_and_exit_status(tmp_path):
    status, out, _ = run(tmp_path)
    lines = [line.split("sheet.md:", 1)[1] for line in out.splitlines()[:-2]]
    assert status == 1
    assert lines == [
        r"5:24: proved [chain row 1] \text{sigmoid}(-x) = 1 - \text{sigmoid}(x) — rewrite",
        r"9:31: proved [chain row 1] \tanh(x) = \frac{e^x - e^{-x}}{e^x + e^{-x}} — rewrite",
        r"9:71: refuted [chain row 2] \frac{e^x - e^{-x}}{e^x + e^{-x}} = 2 \cdot \text{sigmoid}(2x) + 1 — at x = 0; "
        "lhs = 0, rhs = 2.0000000000000000000",
        r"11:58: unparsed [chain row 1] \frac{\partial}{\partial x} \left( \dots \right) = 0 — an ellipsis (…) "
        "stands for terms that are not written",
    ]
    out_lines = out.splitlines()
    assert out_lines[-2:] == ["4 links: 3 parsed, 3 decided (2 proved, 1 refuted), 0 proved given a condition or a "
                              "guess, 0 unproved, 0 timeout, 0 error (0 internal), 1 unparsed; 0 definitions",
                              "unparsed: 1 ellipsis"]


def test_json_fields(tmp_path):
    status, out, _ = run(tmp_path, "--json")
    data = json.loads(out)
    assert status == 1
    assert set(data) == {"file", "links", "definitions", "summary"}
    link = data["links"][2]
    assert {"line", "column", "row", "latex", "status", "method", "counterexample", "values", "reason"} <= set(link)
    assert (link["line"], link["row"], link["status"]) == (9, 2, "refuted")
    assert link["counterexample"] and link["values"]
    assert data["links"][3]["status"] == "unparsed" and "ellipsis" in data["links"][3]["reason"]
    assert data["summary"]["refuted"] == 1 and data["summary"]["links"] == 4


def test_annotated_latex_is_deterministic(tmp_path):
    tex = tmp_path / "audit.tex"
    run(tmp_path, "--tex", str(tex))
    first = tex.read_bytes()
    run(tmp_path, "--tex", str(tex))
    assert tex.read_bytes() == first
    text = first.decode()
    assert r"\textcolor{refuted}{$\times$}" in text and r"\textcolor{proved}{$\checkmark$}" in text
    assert "ellipsis" in text


def test_missing_file_is_an_input_error(tmp_path):
    from io import StringIO

    err = StringIO()
    assert main(["audit", str(tmp_path / "none.md")], StringIO(), err) == 2
    assert "none.md" in err.getvalue()


def test_notation_file_maps_names_and_rejects_expressions(tmp_path):
    from io import StringIO

    notation = tmp_path / "n.toml"
    notation.write_text('[names]\n"\\\\Phi" = "sigmoid"\n', encoding="utf-8")
    sheet = tmp_path / "s.md"
    sheet.write_text(r"$$\Phi(-v) = 1 - \Phi(v)$$", encoding="utf-8")
    out = StringIO()
    assert main(["audit", str(sheet), "--notation", str(notation), "--jobs", "1", "--timeout", "60"], out,
                StringIO()) == 0
    assert " proved " in out.getvalue()
    notation.write_text('[names]\n"\\\\Phi" = "1/(1 + exp(-x))"\n', encoding="utf-8")
    err = StringIO()
    assert main(["audit", str(sheet), "--notation", str(notation)], StringIO(), err) == 2
    assert "neither a vocabulary name nor a name" in err.getvalue()


def test_annotated_pdf_shows_every_link_with_its_status(tmp_path, tex_installed):
    tex = tmp_path / "audit.tex"
    run(tmp_path, "--tex", str(tex), "--pdf")
    pdf = tex.with_suffix(".pdf")
    assert pdf.exists()
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    for word in ("proved", "refuted", "unparsed", "5:24", "9:71", "at x = 0"):
        assert word in text, word
