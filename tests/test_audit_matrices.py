"""`proofsheet audit` on vectors and matrices written out: columns with ellipses read entry by entry with
declared shapes (`entries.py`), families a_1, …, a_n under max, products uᵀv as one atom."""

from functools import cache

import pytest
import sympy as sp

from derivations.audit import audit
from derivations.audit.notation import parse_notation
from derivations.audit.reader import Unreadable, read_term
from derivations.audit.translate import Scope, to_sympy

SHAPES = parse_notation({"names": {"\\hat{\\sigma}": "sigmoid"},
                         "shapes": {"W": "matrix(d, d)", "x": "vector(d)", "b": "vector(d)"}})
COLUMN_W = (r"\begin{bmatrix} \sum_k W_{1,k}x_k \\ \vdots \\ \sum_k W_{i,k}x_k \\ \vdots \\ \sum_k W_{d,k}x_k "
            r"\end{bmatrix}")
ROWS_W = r"\begin{bmatrix} \sum_k W_{1,k}x_k \\ \vdots \\ \sum_k W_{d,k}x_k \end{bmatrix}"


@cache
def statuses(sheet: str, shapes: bool = True) -> list[tuple[str, str | None, dict | None, tuple]]:
    report = audit(sheet, notation=SHAPES if shapes else None, timeout=30)
    return [(r.status, r.link.reason if r.status == "unparsed" else r.message, r.counterexample,
             r.link.claim.assume if r.link.claim else ()) for r in report.links]


def one(sheet: str, shapes: bool = True):
    found = statuses(sheet, shapes)
    assert len(found) == 1, found
    return found[0]


# -- the reader


def test_a_column_with_ellipses_reads_as_rows_and_vdots():
    tree = read_term(r"\begin{bmatrix} b_1 \\ \vdots \\ b_d \end{bmatrix}").tree
    assert tree.data == "column"
    assert [c.data for c in tree.children] == ["name", "vdots", "name"]


def test_a_matrix_with_several_columns_is_an_explicit_matrix_and_an_ellipsis_in_it_is_not_read():
    assert to_sympy(read_term(r"\begin{bmatrix} 1 & 0 \\ 0 & x \end{bmatrix}"), Scope()) == sp.ImmutableMatrix(
        [[1, 0], [0, sp.Symbol("x", real=True)]])
    with pytest.raises(Unreadable, match="ellipsis"):
        read_term(r"\begin{bmatrix} 1 & \cdots & 0 \\ 0 & \cdots & 1 \end{bmatrix}")


def test_without_shapes_a_column_and_a_sum_without_range_stay_unparsed():
    with pytest.raises(Unreadable, match="column vector"):
        to_sympy(read_term(r"\begin{bmatrix} b_1 \\ b_2 \end{bmatrix}"), Scope())
    with pytest.raises(Unreadable, match="without its index range"):
        to_sympy(read_term(r"\sum_k W_{1,k}x_k"), Scope())


def test_a_transpose_reads_as_before_with_scalars():
    assert str(to_sympy(read_term(r"\mathbf{w}^T (x + 1)"), Scope())) == "w*(x + 1)"


@pytest.mark.parametrize("latex", [r"\max(\{a_1, a_2, \dots, a_n\})", r"\max\{a_1, a_2, \dots, a_n\}",
                                   r"\max(a_1, a_2, \dots, a_n)", r"\max\{a_1, \ldots, a_n\}"])
def test_the_max_of_a_family_is_one_atom(latex):
    reading = read_term(latex)
    assert reading.tree.data == "name" and "atoms" in reading.notes
    assert str(to_sympy(reading, Scope())) == "maxa1_dots_an"


@pytest.mark.parametrize("latex", [r"\max\{a_1, a_3, \dots, a_n\}", r"\max\{a_1, b_2, \dots, a_n\}",
                                   r"\max(a_1, \dots, a_n, a_m)", r"\max(\{a_1, \dots, a_n\} \setminus \{a^*\})",
                                   r"\max\{a_2, \dots, a_n\}"])
def test_a_family_not_written_a_1_a_2_to_a_n_is_not_read(latex):
    with pytest.raises(Unreadable, match="ellipsis"):
        read_term(latex)


# -- entry by entry


def test_the_derivative_by_an_entry_of_w_is_read_entry_by_entry_and_proved():
    status, _, _, assume = one(rf"$$\frac{{\partial}}{{\partial W_{{i,j}}}} {COLUMN_W} = "
                               r"\begin{bmatrix} 0 \\ \vdots \\ x_j \\ \vdots \\ 0 \end{bmatrix}$$")
    assert status == "proved"
    assert {"0 <= i", "i <= d - 1", "0 <= j", "j <= d - 1", "0 <= r", "r <= d - 1"} <= set(assume)


def test_a_wrong_row_in_a_column_is_refuted_with_a_separating_counterexample():
    status, _, point, _ = one(rf"$$\frac{{\partial}}{{\partial W_{{i,j}}}} {COLUMN_W} = "
                              r"\begin{bmatrix} 0 \\ \vdots \\ x_i \\ \vdots \\ 0 \end{bmatrix}$$")
    assert status == "refuted"
    assert point["i"] != point["j"] and point["i"] == point["r"]


def test_a_transposed_column_of_w_is_refuted():
    status, _, point, _ = one(rf"$$\frac{{\partial}}{{\partial x_i}} {ROWS_W} = "
                              r"\begin{bmatrix} W_{i,1} \\ \vdots \\ W_{i,d} \end{bmatrix}$$")
    assert status == "refuted" and point["i"] != point["r"]
    assert one(rf"$$\frac{{\partial}}{{\partial x_i}} {ROWS_W} = "
               r"\begin{bmatrix} W_{1,i} \\ \vdots \\ W_{d,i} \end{bmatrix}$$")[0] == "proved"


def test_w_x_plus_b_entry_by_entry():
    assert one(rf"$$W\mathbf{{x}} + \mathbf{{b}} = {ROWS_W} + \mathbf{{b}}$$")[0] == "proved"
    assert one(r"$$W\mathbf{x} = \begin{bmatrix} \sum_k W_{k,1}x_k \\ \vdots \\ \sum_k W_{k,d}x_k "
               r"\end{bmatrix}$$")[0] == "refuted"


def test_a_derivative_applies_to_the_product_after_it():
    assert one(r"$$\frac{\partial}{\partial x_i}(W\mathbf{x} + \mathbf{b}) = \frac{\partial}{\partial x_i} "
               r"W\mathbf{x}$$")[0] == "proved"


UNREAD = [
    (r"$$\frac{\partial}{\partial b_i}(W\mathbf{x} + \mathbf{b}) = \frac{\partial}{\partial b_i} W\mathbf{x}$$",
     "does not say how"),
    (r"$$\frac{\partial}{\partial b_i} \mathbf{b} = \begin{bmatrix} 0 \\ \vdots \\ 1 \\ \vdots \\ 0 \end{bmatrix}$$",
     "in which row"),
    (r"$$\mathbf{x} + \mathbf{b} = \begin{bmatrix} x_1 + 1 \\ \vdots \\ x_d + d \end{bmatrix}$$", "not one term"),
    (r"$$\mathbf{x} + \mathbf{b} = \begin{bmatrix} x_1 \\ x_2 \\ x_3 \end{bmatrix}$$", "do not agree"),
    (r"$$\frac{\partial}{\partial x_i} \mathbf{x} = \begin{bmatrix} x_{i+1} \\ x_{i+1} \end{bmatrix}$$", "index i+1"),
    (r"$$A\mathbf{x} = \mathbf{x} A$$", "the shape of A is not declared"),
]
"""A derivative by a variable the term does not hold, a one-hot column with no column beside it to say its row,
rows that are not one term at their indices, vectors of different sizes: not read."""


@pytest.mark.parametrize("sheet,reason", UNREAD)
def test_what_is_not_read_entry_by_entry(sheet, reason):
    status, why, _, _ = one(sheet)
    assert status == "unparsed" and reason in why


def test_whole_vectors_read_with_their_shapes():
    """Links of whole declared vectors and matrices are read as matrices (`vectors.py`), before any entry reading."""
    assert one(r"$$(W\mathbf{x})^T = \mathbf{x}^T W$$")[0] == "refuted"  # (W x)^T is x^T W^T
    assert one(r"$$\mathbf{b} + \operatorname{softmax}(\mathbf{x}) = \mathbf{x} + \mathbf{b}$$")[0] == "refuted"
    assert one(r"$$(W\mathbf{x})^T = \mathbf{x}^T W^T$$")[0] == "proved"
    status, why, _, _ = one(r"$$\mathbf{x} + \mathbf{v} = \mathbf{v} + \mathbf{x}$$")  # v: no shape declared
    assert status == "unproved" and "its matrices were read as numbers" in why


def test_a_written_column_and_sigma_hat_entrywise():
    status, _, _, assume = one(r"$$\hat{\sigma}\left(\begin{bmatrix} x_1 \\ x_2 \end{bmatrix}\right) = "
                               r"\begin{bmatrix} \sigma(x_1) \\ \sigma(x_2) \end{bmatrix}$$")
    assert status == "proved" and "2 <= d" in assume
    status, _, point, _ = one(r"$$\hat{\sigma}\left(\begin{bmatrix} x_1 \\ x_2 \end{bmatrix}\right) = "
                              r"\begin{bmatrix} \sigma(x_1) \\ \sigma(x_1) \end{bmatrix}$$")
    assert status == "refuted" and point["x[0]"] != point["x[1]"]


# -- atoms


def test_a_product_w_t_x_is_one_atom_and_the_link_is_decided():
    status, _, _, _ = one(r"$$\ln(e^0 + e^{1-y_i(\mathbf{w}^T x_i)}) = \ln(1 + e^{1-y_i(\mathbf{w}^T x_i)})$$",
                          shapes=False)
    assert status == "proved"


def test_atoms_never_refute():
    status, message, _, _ = one(r"$$\mathbf{u}^T \mathbf{v} = \mathbf{v}^T \mathbf{u}$$", shapes=False)
    assert status == "unproved" and "atoms" in message
    status, _, _, _ = one(r"Let $a_1 > 0$. $$\max\{a_1, a_2, \dots, a_n\} + 1 = \max\{a_1, a_2, \dots, a_n\}$$",
                          shapes=False)
    assert status == "unproved"


def test_a_matrix_product_is_not_an_atom():
    status, _, _, _ = one(r"$$\mathbf{w}^T W x = x W^T \mathbf{w}$$", shapes=False)
    assert status == "unproved"


def test_a_max_of_a_family_defined_by_a_name_is_proved_by_its_definition():
    sheet = (r"Let $a_1, a_2, \dots, a_n \in \mathbb{R}$, where $a^* = \max(\{a_1, a_2, \dots, a_n\})$." + "\n\n"
             r"$$\ln e^{a^*} = a^* = \max\{a_1, a_2, \dots, a_n\}$$")
    assert [s for s, *_ in statuses(sheet, shapes=False)] == ["proved", "proved"]


def test_a_one_hot_column_takes_its_row_from_the_column_on_either_side():
    assert one(r"$$\begin{bmatrix} 0 \\ \vdots \\ 1 \\ \vdots \\ 0 \end{bmatrix} = \frac{\partial}{\partial b_i} "
               r"\begin{bmatrix} b_1 \\ \vdots \\ b_i \\ \vdots \\ b_d \end{bmatrix}$$")[0] == "proved"


def test_a_free_index_and_a_bound_one_of_the_same_letter():
    assert one(r"$$\frac{\partial}{\partial x_i} \sum_i x_i = \frac{\partial}{\partial x_i} (\mathbf{b}^T \mathbf{x} "
               r"- \mathbf{b}^T \mathbf{x} + \sum_k x_k)$$")[0] == "proved"


def test_a_column_of_zeros_has_the_one_declared_size_and_several_sizes_make_it_ambiguous():
    sheet = r"$$\mathbf{x} + \begin{bmatrix} 0 \\ \vdots \\ 0 \end{bmatrix} = \mathbf{b} + \mathbf{x} - \mathbf{b}$$"
    assert one(sheet)[0] == "proved"
    two = parse_notation({"shapes": {"x": "vector(d)", "b": "vector(d)", "W": "matrix(m, d)"}})
    [result] = audit(sheet, notation=two, timeout=30).links
    assert result.status == "unparsed" and "more than one pattern" in result.link.reason


# -- sums written with an ellipsis

SUMS = [
    (r"\ln(e^{a_1} + e^{a_2} + \dots + e^{a_n})", "log(Sum(exp(a_of(i)), (i, 1, n)))"),
    (r"x_{1} + x_{2} + \ldots + x_{N}", "Sum(x_of(i), (i, 1, N))"),
    (r"i x_1 + i x_2 + \cdots + i x_n", "Sum(i*x_of(j), (j, 1, n))"),
    (r"x_1 y_1 + x_2 y_2 + \dots + x_n y_n", "Sum(x_of(i)*y_of(i), (i, 1, n))"),
]


@pytest.mark.parametrize("latex,reading", SUMS)
def test_a_sum_written_with_an_ellipsis_is_the_sum_of_its_pattern(latex, reading):
    assert str(to_sympy(read_term(latex), Scope())) == reading


@pytest.mark.parametrize("latex", [r"0 + 0 + \dots + 1 + \dots + 0", r"2x_1 + x_2 + \dots + x_n",
                                   r"x_1 + \dots + x_n - y", r"x_1 + x_2 + \dots + x_2",
                                   r"x_1 y_2 + x_2 y_3 + \dots + x_n y_{n+1}",
                                   r"e^{a_1} + e^{a_2} + \dots + e^{a^*} + \dots + e^{a_n}"])
def test_a_sum_whose_terms_are_not_one_pattern_is_not_read(latex):
    with pytest.raises(Unreadable, match="ellipsis"):
        read_term(latex)


def test_a_link_between_written_sums_is_decided():
    assert one(r"$$x_1 + x_2 + \dots + x_n = \sum_{i=1}^n x_i$$", shapes=False)[0] == "proved"
    assert one(r"$$2x_1 + 2x_2 + \dots + 2x_n = \sum_{i=1}^n x_i + 1$$", shapes=False)[0] == "refuted"


def test_an_atom_under_a_derivative_or_in_a_sum_is_not_one():
    status, reason, _, _ = one(r"$$\frac{d}{dv}(\mathbf{w}^T \mathbf{x} + v) = 1$$", shapes=False)
    assert status == "unparsed" and "atom" in reason
    status, _, _, _ = one(r"$$\sum_{i=1}^n \mathbf{w}^T x_i = n \mathbf{w}^T x_i$$", shapes=False)
    assert status == "unproved"


def test_an_atom_through_a_definition_never_refutes():
    sheet = (r"Let $a_1, a_2, \dots, a_n \in \mathbb{R}^+$, where $a^* = \max(\{a_1, a_2, \dots, a_n\})$." + "\n\n"
             r"$$a^* = |a^*|$$" + "\n\n" r"$$\frac{d}{dx} (x + a^*) = 1$$")
    results = statuses(sheet, shapes=False)
    assert results[0][0] == "unproved"
    assert results[1][0] == "unparsed" and "atom" in results[1][1]


def test_a_derivative_by_an_expression_and_a_limit_of_an_expression_say_so():
    with pytest.raises(Unreadable, match="derivative by the expression"):
        read_term(r"\frac{\partial \log(1 + u)}{\partial \mathbf{w}^T \mathbf{x}}")
    with pytest.raises(Unreadable, match="not a name but the expression"):
        read_term(r"\lim_{(a - b) \rightarrow -\infty} e^{a - b}")


def test_norms_of_a_declared_vector_and_the_gradient_as_a_column():
    l2 = (r"$$\frac{\partial ||\mathbf{x}||_2^2}{\partial \mathbf{x}} = \begin{pmatrix} \frac{\partial}{\partial x_1} "
          r"||\mathbf{x}||_2^2 \\ \dots \\ \frac{\partial}{\partial x_d} ||\mathbf{x}||_2^2 \end{pmatrix} = "
          r"\begin{pmatrix} 2x_1 \\ \dots \\ 2x_d \end{pmatrix}$$")
    report = audit(l2, notation=SHAPES, timeout=60)
    assert [r.status for r in report.links] == ["proved", "proved"]
    wrong = l2.replace("2x_1 \\\\ \\dots \\\\ 2x_d", "x_1 \\\\ \\dots \\\\ x_d")
    assert [r.status for r in audit(wrong, notation=SHAPES, timeout=60).links] == ["proved", "refuted"]
    l1 = r"$$\frac{\partial}{\partial x_i} ||\mathbf{x}||_1 = \frac{\partial}{\partial x_i} |x_i|$$"
    assert one(l1)[0] == "proved"
    assert one(r"$$||\mathbf{x}||_3 = ||\mathbf{x}||$$")[0] == "unparsed"


def _statuses(text: str) -> list[tuple[int, str]]:
    return [(r.link.line, r.status) for r in audit(text, timeout=60).links]


def test_a_worked_example_with_matrices_of_written_numbers():
    """Rows `[a, b]` and matrices of written entries are explicit matrices in a link of numbers: products and
    sums are checked exactly, a scalar function applies entry by entry, and a matrix of decimals is checked entry by
    entry as rounded to the digits each writes (the wrong entry named)."""
    text = ("$$[1, 2] \\cdot \\begin{bmatrix}0.5 & 0.6 \\\\ 0.7 & 0.8\\end{bmatrix} + [0.1, 0.2] = [2.0, 2.4]$$\n\n"
            "$$\\sigma([2, 0]) \\approx [0.8808, 0.5]$$\n\n"
            "$$\\left[\\frac{1}{1+e^{-2.0}}, \\frac{1}{1+e^{-2.4}}\\right] \\approx [0.8808, 0.9084]$$\n\n"
            "$$\\begin{bmatrix}0.5-0.0005 & 0.6 \\\\ 0.7-0.00004 & 0.8\\end{bmatrix} \\approx "
            "\\begin{bmatrix}0.4995 & 0.6 \\\\ 0.6996 & 0.8\\end{bmatrix}$$\n")
    report = audit(text, timeout=60)
    assert [(r.link.line, r.status) for r in report.links] == [(1, "proved"), (3, "proved"), (5, "refuted"),
                                                                (7, "refuted")]
    assert report.links[2].message.startswith("entry (1, 2): not the value rounded to 4 digits: the value is 0.9168")
    assert report.links[3].message.startswith("entry (2, 1): not the value rounded to 4 digits")


def test_names_beside_a_matrix_of_written_entries_are_not_read_as_numbers():
    """`W [x_1, x_2]` with W never defined: W may be a matrix, so the link is not read with W a number (the
    translator asks for W's shape), nor `σ(t)·[1, 2]`; names inside the entries are numbers."""
    report = audit("$$a = [1, 2]$$\n\n$$W \\cdot [x_1, x_2] + [0, 0] = [W x_1, W x_2 + 1]$$\n\n"
                   "$$\\sigma(t) \\cdot [1, 2] = [\\sigma(t), 2 \\sigma(t)]$$\n\n$$[t, 1] + [1, 2] = [t + 1, 3]$$\n",
                   timeout=60)
    assert [r.status for r in report.links] == ["unparsed", "unparsed", "proved"]
    assert report.links[0].link.reason.startswith("the shape of W is not declared")
    assert report.links[1].link.reason.startswith("the shape of t is not declared")


def test_arithmetic_on_rounded_intermediates_is_not_refuted_within_their_rounding():
    """`0.8808 × 0.1192 ≈ 0.1051`: the exact product is 0.104991…, more than a unit of the last digit away, but
    the factors are themselves rounded to 4 digits, so 0.1051 is within reach: unproved, not refuted; a result
    out of that reach is refuted."""
    assert _statuses("$$0.8808 \\times 0.1192 \\approx 0.1051$$\n\n$$0.8808 \\times 0.1192 \\approx 0.1070$$\n") == [
        (1, "unproved"), (3, "refuted")]


def test_a_matrix_of_written_entries_keeps_its_shape_in_the_1x1_instance():
    """With a matrix defined (shapes in force), a link whose names do not read with their shapes is read in its
    1 × 1 instance; a row written out keeps its 1 × 2 shape there, so the sides disagree: unparsed, where it was an
    internal error (a number minus a matrix)."""
    report = audit("$$W = \\begin{bmatrix} 1 & 2 \\\\ 3 & 4 \\end{bmatrix}$$\n\n"
                   "$$a_2 - y = \\begin{bmatrix} 0.8896 & 0.8004 \\end{bmatrix} - \\begin{bmatrix} 0.1 & 0.05 "
                   "\\end{bmatrix}$$\n", timeout=60)
    assert [(r.status, r.link.reason) for r in report.links] == [
        ("unparsed", "the sides have different shapes (a number and 1 × 2)")]
