"""The example notebook runs from top to bottom in a real kernel (nbclient + ipykernel) and shows what it says:
proofs, refutations and derivations as MathJax LaTeX beside their text, so that the walkthrough cannot rot."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.test_display import assert_mathjax_safe

NOTEBOOK = Path(__file__).parent.parent / "examples" / "walkthrough.ipynb"


@pytest.fixture(scope="module")
def executed(tmp_path_factory, monkeypatch_module) -> nbformat.NotebookNode:
    monkeypatch_module.setenv("IPYTHONDIR", str(tmp_path_factory.mktemp("ipython")))
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    client = NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(NOTEBOOK.parent)}})
    client.execute()
    return notebook


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def outputs(notebook: nbformat.NotebookNode, kind: str) -> list[str]:
    """Every output of this kind ('text/latex', 'text/plain' or 'stream'), in order."""
    found = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if kind == "stream" and output.output_type == "stream":
                found.append(output.text)
            elif kind in output.get("data", {}):
                found.append(output.data[kind])
    return found


def test_the_committed_notebook_is_valid_and_has_no_outputs():
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    nbformat.validate(notebook)
    assert all(not cell.get("outputs") and not cell.get("execution_count")
               for cell in notebook.cells if cell.cell_type == "code")


def test_every_cell_runs_without_error(executed):
    errors = [o for cell in executed.cells for o in cell.get("outputs", []) if o.output_type == "error"]
    assert errors == []
    assert all(cell.execution_count for cell in executed.cells if cell.cell_type == "code")


def test_proofs_display_as_latex_and_text(executed):
    latex = outputs(executed, "text/latex")
    assert len(latex) == 8
    for display in latex:
        assert_mathjax_safe(display)
    assert latex[0].startswith(r"$$\begin{aligned}& \tanh{\left(x \right)} = 2 \sigma\left(2 x\right) - 1 && "
                               r"\text{proved (rewrite)}")
    assert r"& \text{counterexample: x = 1} &&" in latex[1]
    assert latex[2] == (r"$$\begin{gathered}\ln{\left(\sigma\left(v\right) \right)} \le 0 \quad "
                        r"\text{(log-sigmoid-le-zero)} \\ \text{for all }v \in \mathbb{R}\end{gathered}$$")
    assert r"\text{proved (inequality)}" in latex[3]
    assert r"\text{for all }x \in \mathbb{R}\setminus\{0\}" in latex[4]
    assert latex[5].count(r"\checkmark") == 3
    assert r"\text{ (refuted)}" in latex[6]
    assert latex[7].startswith(r"$$\begin{aligned}& \sigma\left(- v\right) = 1 - \sigma\left(v\right) && ")
    plain = outputs(executed, "text/plain")
    assert plain[0].splitlines()[:2] == ["claim interactive: tanh(x) == 2*sigmoid(2*x) - 1   for x real",
                                         "verdict: proved (rewrite)"]


def test_printed_results(executed):
    printed = "".join(outputs(executed, "stream"))
    assert "proved rewrite\n" in printed
    assert "refuted {'x': '1'} {'lhs': '1.31326168751822283" in printed
    assert "proved — except x = 0\n" in printed
    assert ("softplus-sub-softplus-neg-eq-x proved as expected\n"
            "tanh-eq-two-sigmoid-sub-one refuted as expected\n") in printed
    assert "'mismatches': 0}" in printed
