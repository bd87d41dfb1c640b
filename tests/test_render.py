"""Rendering a checked sheet: the layout of claims, derivations and errata, the three modes, PDFs without TeX."""

import os
import re
from pathlib import Path

import pytest

from derivations.checking import check_sheets
from derivations.sheet import SheetError, load_sheet
from render.cli import main
from render.sheets import render_sheets, render_text, summary

DATA = Path(__file__).parent / "data"
GOLDEN = Path(__file__).parent / "golden"
SHEET = DATA / "render-test.sheet.toml"


@pytest.fixture(scope="module")
def checked():
    (result,) = check_sheets([load_sheet(SHEET)], jobs=1, timeout=60)
    assert result.problems == []
    return result


def test_the_erratum_box_is_the_golden_one(checked):
    text = render_text(checked, "full")
    box = re.search(r"\\begin\{erratum\}.*?\\end\{erratum\}\n", text, re.S).group(0)
    assert box == (GOLDEN / "erratum-box.tex").read_text(encoding="utf-8")


def test_a_derivation_is_an_aligned_chain_with_justifications_and_methods(checked):
    text = render_text(checked, "full")
    assert (r"\sigma\left(- v\right) &= \frac{1}{1 + e^{v}} &&\text{\small definition of $\Phi$}\ \method{rewrite}\\"
            in text)
    assert r"&= 1 - \sigma\left(v\right) &&" in text
    assert r"{\small for all $v \in \mathbb{R}$.}" in text


def test_the_closing_table_lists_every_claim_and_its_verdict(checked):
    text = render_text(checked, "full")
    table = text[text.index(r"\section*{All claims}"):]
    assert r"1 & \texttt{sigmoid-\allowbreak{}neg-\allowbreak{}eq-\allowbreak{}one-\allowbreak{}sub} & proved" in table
    relu = r"\texttt{relu-\allowbreak{}prime-\allowbreak{}eq-\allowbreak{}input-\allowbreak{}if-\allowbreak{}pos}"
    assert rf"2 & {relu} & refuted" in table


def test_fragment_is_a_body_and_exercises_only_has_no_solutions(checked):
    full, fragment, exercises = (render_text(checked, mode) for mode in ("full", "fragment", "exercises"))
    assert full.startswith(r"\documentclass") and r"\end{document}" in full
    assert r"\documentclass" not in fragment and r"\begin{document}" not in fragment
    assert r"\section*{Exercise 1 --- Sigmoid symmetry}" in fragment
    assert r"\section*{Exercise 2 --- The derivative of the rectifier}" in exercises
    assert "Differentiate rect." in exercises
    for solution in (r"\paragraph{Claim.}", r"\paragraph{Derivation", r"\begin{erratum}", "All claims"):
        assert solution in full and solution not in exercises


def test_rendering_is_byte_deterministic(checked):
    assert render_text(checked, "full") == render_text(checked, "full")


def test_the_summary_counts_links_by_method(checked):
    assert summary(checked) == "900-render-test: 2 exercises, 2 claims, 3 derivation links (rewrite 3)"


def test_without_tex_the_tex_is_written_and_the_note_says_what_to_install(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("PATH", str(tmp_path / "no-tex-here"))
    status = main(["render", str(SHEET), "--pdf", "--output", str(tmp_path), "--jobs", "1"])
    captured = capsys.readouterr()
    assert status == 0
    assert (tmp_path / "900-render-test.tex").exists() and not (tmp_path / "900-render-test.pdf").exists()
    assert "no PDF: building PDFs needs latexmk and pdflatex: sudo apt-get install" in captured.err


def test_a_broken_step_names_the_sheet_the_exercise_and_the_step_and_writes_nothing(tmp_path, capsys):
    broken = tmp_path / "broken.toml"
    broken.write_text(SHEET.read_text().replace("exp(-v)/(exp(-v) + 1)", "exp(-v)/(exp(-v) + 2)"))
    status = main(["render", str(broken), "--output", str(tmp_path), "--jobs", "1"])
    out = capsys.readouterr().out
    assert status == 1
    assert ("problem: 900-render-test: exercise 1: derivation of sigmoid-neg-eq-one-sub: step 2 (1/(1 + exp(v)) == "
            "exp(-v)/(exp(-v) + 2)) is refuted: fails at v = 0: "
            "lhs = 0.50000000000000000000, rhs = 0.3333333333333333333") in out
    assert not list(tmp_path.glob("*.tex"))


def test_a_draft_writes_the_broken_sheet_with_its_failing_step_marked_and_draft_on_every_page(tmp_path, capsys):
    broken = tmp_path / "broken.toml"
    broken.write_text(SHEET.read_text().replace("exp(-v)/(exp(-v) + 1)", "exp(-v)/(exp(-v) + 2)"))
    status = main(["render", str(broken), "--draft", "--output", str(tmp_path), "--jobs", "1"])
    out = capsys.readouterr().out
    assert status == 1 and "problem: 900-render-test: exercise 1: derivation of sigmoid-neg-eq-one-sub: step 2" in out
    assert not list(tmp_path.glob("*.tex"))  # nothing published
    (draft,) = (tmp_path / "draft").glob("*.tex")
    assert f"wrote {draft}" in out
    text = draft.read_text(encoding="utf-8")
    # step 2 is false, and so is step 3 (it starts from step 2's false right side): two failing checks
    assert r"\pagestyle{myheadings}\markright{\textcolor{refuted}{DRAFT --- 2 failing checks}}" in text
    assert r"{\large\bfseries\color{refuted} DRAFT: 2 failing checks, marked below}" in text
    assert (r"\textsf{\scriptsize\color{refuted}[step refuted: fails at v = 0: lhs = 0.50000000000000000000, "
            r"rhs = 0.3333333333333333333 (\textbar{}lhs - rhs\textbar{} = 0.167, by Arb balls at 64 bits)]}") in text
    assert r"&= \frac{1}{1 + e^{v}} &&\text{\small definition of $\Phi$}\ \method{rewrite}\\" in text  # step 1 holds


@pytest.mark.parametrize(("text", "line", "message"), [
    ('[sheet]\nnumber = "1"\nslug = "a"\n', 2, 'number must have three digits'),
    ('[sheet]\nnumber = "001"\nslug = "a"\n\n[[exercise]]\nlabel = "1"\nclaims = ["Not An Id"]\n', 7,
     "exercise 1: claims: 'Not An Id' is not a claim id"),
    ('[sheet]\nnumber = "001"\nslug = "a"\n\n[[exercise]]\nlabel = "1"\n\n[[exercise.derivation]]\nclaim = "x"\n',
     9, "exercise 1: derivation of x: no steps (write them, or automatic = true)"),
    ('[sheet]\nnumber = "001"\nslug = "a"\n\n[[exercise]]\nlabel = "1"\nwat = 1\n', 6,
     "exercise 1: unknown keys ['wat']"),
    ('[sheet]\nnumber = "001"\nslug = "a"\n\n[[exercise]]\nlabel = "1"\n\n[[exercise.derivation]]\nclaim = "x"\n'
     'automatic = true\nremark = "lost"\n', 9, "exercise 1: derivation: unknown keys ['remark'] (a key written after "
     "[[exercise.derivation]] belongs to the derivation: write the exercise's keys before its first sub-table)"),
    ('[sheet]\nnumber = "001"\nslug = "a"\n\n[[exercise]]\nlabel = "1"\n\n[[exercise.erratum]]\nclaim = "x"\n'
     'because = "?"\n', 9, "exercise 1: erratum: unknown keys ['because']"),
])
def test_a_malformed_sheet_names_the_file_the_line_and_the_exercise(tmp_path, text, line, message):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(SheetError) as raised:
        load_sheet(path)
    assert str(raised.value).startswith(f"{path}:{line}: ")
    assert message in str(raised.value)


def test_an_unknown_claim_is_a_problem_and_nothing_is_written(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('[sheet]\nnumber = "001"\nslug = "a"\n\n[[exercise]]\nlabel = "1"\nclaims = ["no-such-claim"]\n')
    result = render_sheets([str(path)], output=tmp_path, jobs=1)
    assert result.problems == ["001-a: exercise 1: no claim 'no-such-claim' in the catalog or the sheet's claim files"]
    assert result.written == [] and not list(tmp_path.glob("*.tex"))
    assert os.listdir(tmp_path) == ["s.toml"]


def test_automatic_steps_never_differentiate_by_a_matrix_entry_with_the_scalar_rules(tmp_path):
    """d/dΘₐᵢ of σ(Θᵀ W x) is not 0 although the expression does not contain Θₐᵢ itself: the scalar rules must not
    run there (they gave `step 1 (… == 0) is refuted`); without a route, the sheet is told to write one."""
    path = tmp_path / "s.toml"
    path.write_text('[sheet]\nnumber = "901"\nslug = "a"\n\n[[exercise]]\nlabel = "1"\n\n[[exercise.derivation]]\n'
                    'claim = "ce-softmax-grad-theta-entry-eq-softmax-sub-target-mul-wx"\nautomatic = true\n')
    result = render_sheets([str(path)], output=tmp_path, jobs=1, timeout=60)
    assert result.problems == [
        "901-a: exercise 1: derivation of ce-softmax-grad-theta-entry-eq-softmax-sub-target-mul-wx: no automatic "
        "steps: the rules do not apply and the proof has no steps that can be shown as written; write the steps by "
        "hand"]
