"""Shapes in `proofsheet audit`: `dim(N) = a × b` declarations, dim links, row/column readings, sizes |N|."""

from functools import cache

import sympy as sp

from derivations.audit import audit
from derivations.audit.links import build_links
from derivations.audit.notation import parse_notation
from derivations.audit.reader import Unreadable, read_term
from derivations.audit.shapes import SCALAR, UNKNOWN, Shape, add_shapes, mul_shapes, split_times, stated_shape
from derivations.audit.translate import Scope, claim_text, to_sympy

DECLARED = "$$dim(W) = m \\times n$$\n\n$$dim(b) = m$$\n\n$$dim(v) = n$$\n\n"
"""A sheet's declarations: W is m × n, b an m-vector, v an n-vector."""

m, n = sp.symbols("m n", real=True)


def statuses(report) -> dict[str, tuple[str, str | None]]:
    return {r.link.latex: (r.status, r.link.reason if r.status == "unparsed" else r.message) for r in report.links}


@cache
def audited(body: str, notation=None):
    return audit(DECLARED + body, timeout=60)


def test_declarations_are_definitions_not_links():
    links, definitions = build_links(DECLARED)
    assert links == []
    assert [(d.name, d.latex, d.reason) for d in definitions] == [
        ("W", "dim(W) = m \\times n", None), ("b", "dim(b) = m", None), ("v", "dim(v) = n", None)]


def test_a_dim_statement_of_a_name_used_before_is_a_link_not_a_declaration():
    links, definitions = build_links("$$y = X + 1$$\n\n$$\\dim(X) = i \\times d$$")
    assert [d.name for d in definitions] == ["y"]
    assert [(k.latex, k.reason) for k in links] == [
        ("\\dim(X) = i \\times d", "the shape of X is not declared (declare it in a notation file)")]


def test_dim_links_of_declared_names_transposes_products_and_sums():
    report = audited("$$dim(W) = m \\times n$$\n\n$$dim(W^T) = n \\times m$$\n\n$$dim(W v + b) = m$$\n\n"
                     "$$dim(b^T W) = 1 \\times n$$\n\n$$dim(2 v^T v) = 1$$")
    assert {k: s for k, (s, _) in statuses(report).items()} == {
        "dim(W) = m \\times n": "proved", "dim(W^T) = n \\times m": "proved", "dim(W v + b) = m": "proved",
        "dim(b^T W) = 1 \\times n": "proved", "dim(2 v^T v) = 1": "proved"}
    claim = report.links[2].link.claim
    assert (claim.lhs, claim.rhs, dict(claim.symbols)) == ("Matrix([m, 1])", "Matrix([m, 1])",
                                                           {"m": "integer positive"})


def test_a_wrong_shape_is_refuted_with_sizes_that_separate_the_sides():
    report = audited("$$dim(b) = n$$")
    result = report.links[0]
    assert result.status == "refuted"
    point = {k: int(v) for k, v in result.counterexample.items()}
    assert point["m"] != point["n"]
    assert result.values == {"lhs": f"{point['m']} × 1", "rhs": f"{point['n']} × 1"}


def test_onehot_softmax_and_indicators():
    report = audited("$$h = W x + b$$\n\n$$dim(\\text{onehot}_m(y)) = m$$\n\n"
                     "$$dim([\\text{softmax}(h) - \\text{onehot}_m(y)]) = 1 \\times j$$\n\n"
                     "$$dim(I_{h_j > 0}) = 1$$\n\n$$dim(h) = m \\times 1$$")
    result = statuses(report)
    assert result["dim(\\text{onehot}_m(y)) = m"][0] == "proved"
    assert result["dim([\\text{softmax}(h) - \\text{onehot}_m(y)]) = 1 \\times j"][0] == "refuted"
    # h = W x + b is m × 1 whatever x is: the sum with the m-vector b must be defined.
    assert result["dim(h) = m \\times 1"][0] == "proved"
    # h_j is an entry of the vector h, so the indicator of h_j > 0 is a scalar.
    assert result["dim(I_{h_j > 0}) = 1"][0] == "proved"


def test_a_row_or_column_name_is_decided_only_when_every_reading_agrees():
    report = audited("$$dim(W_j) = 1 \\times d$$\n\n$$dim(W_j) = 1 \\times n$$")
    wrong, ambiguous = report.links
    assert wrong.status == "refuted"
    assert wrong.link.reading == "1 \\times n (W_{j} as row j); m \\times 1 (W_{j} as column j) = 1 \\times d"
    point = {k: int(v) for k, v in wrong.counterexample.items()}
    assert point["n"] != point["d"] and (point["m"], point["d"]) != (1, 1)
    assert "every reading is wrong" in wrong.message
    assert wrong.values["lhs"] == f"1 × {point['n']} (W_{{j}} as row j); {point['m']} × 1 (W_{{j}} as column j)"
    assert ambiguous.status == "unparsed"
    assert ambiguous.link.reason.startswith("the readings disagree: 1 \\times n (W_{j} as row j); m \\times 1")


def test_undeclared_shapes_shape_errors_and_unknown_functions_stay_unparsed():
    report = audited("$$y = X + W$$\n\n$$dim(X) = m \\times n$$\n\n$$dim(W b) = m$$\n\n$$dim(b + v) = m$$\n\n"
                     "$$r(z) = z^2$$\n\n$$dim(r(b)) = m$$")
    assert {k: v for k, v in statuses(report).items() if k.startswith("dim")} == {
        "dim(X) = m \\times n": ("unparsed", "the shape of X is not declared (declare it in a notation file)"),
        "dim(W b) = m": ("unparsed", "a product of a m × n and a m × 1 term is defined only where n = m (its "
                                     "inner dimensions differ)"),
        "dim(b + v) = m": ("unparsed", "a sum of terms with rows m and n (their shapes differ)"),
        "dim(r(b)) = m": ("unparsed", "the shape of the term is not read")}


def test_notation_shapes_declare_shapes():
    notation = parse_notation({"shapes": {"X": "vector(d)"}})
    report = audit("$$dim(X) = i \\times d$$", notation=notation, timeout=60)
    assert report.links[0].status == "refuted"
    assert report.definitions == []


def test_sizes_of_declared_names_and_sets():
    report = audit("$$dim(W) = m \\times n$$\n\n$$dim(b^{(1)}) = m$$\n\n$$dim(v) = n$$\n\n"
                   "$$p = |W| + |b^{(1)}|$$\n\n$$p = m \\cdot n + m$$\n\n$$q = |W| + 1 = m n$$\n\n"
                   "$$r = \\frac{1}{|D|}$$\n\n$$|v| + 1 = n + 1$$", timeout=60)
    result = statuses(report)
    assert result["p = m \\cdot n + m"][0] == "proved"
    assert result["|W| + 1 = m n"][0] == "refuted"
    assert [d.reason for d in report.definitions if d.name == "r"] == ["|D| is the size of a matrix or a set"]
    # |v| of a small-letter vector may be its norm: not read.
    assert result["|v| + 1 = n + 1"] == ("unparsed", "|v| of a vector or matrix: its norm or its number of entries?")


def test_the_size_of_a_square_matrix_is_not_read():
    links, _ = build_links("$$dim(A) = n \\times n$$\n\n$$|A| = n^2$$")
    assert links[0].reason == "|A| is the size of a matrix or a set"


def test_reader_transpose_and_size_nodes_keep_the_scalar_reading():
    assert read_term("W^T x").tree.children[0].data == "transpose"
    assert read_term("(a + b)^{\\top}").tree.data == "transpose"
    assert claim_text(to_sympy(read_term("(W^{(1)})^T x + (a + b)^T"), Scope())) == "a + b + W_up1*x"
    tree = read_term("|W^{(1)}|").tree
    assert tree.data == "card"
    assert to_sympy(read_term("|W^{(1)}|"), Scope(sizes={"W_up1": m * n})) == m * n


def test_shape_calculus_with_unknown_factors():
    matrix, vector = Shape(m, n), Shape(m, sp.Integer(1))
    assert mul_shapes(matrix, UNKNOWN) == Shape(m, None)
    assert add_shapes(mul_shapes(matrix, UNKNOWN), vector) == vector
    assert mul_shapes(SCALAR, matrix) == matrix
    assert add_shapes(SCALAR, SCALAR) == SCALAR
    try:
        add_shapes(SCALAR, vector)
    except Unreadable as error:
        assert str(error) == "a scalar added to a m × 1 term"
    else:
        raise AssertionError("a scalar plus an m-vector has no shape")


def test_stated_shapes():
    assert split_times("(m + 1) \\times d_h") == ["(m + 1)", "d_h"]
    assert stated_shape("d_h") == Shape(sp.Symbol("d_h", integer=True, positive=True), sp.Integer(1))
    try:
        stated_shape("a \\times b \\times c")
    except Unreadable as error:
        assert "is not a shape a × b" in str(error)
    else:
        raise AssertionError("three dimensions are not a matrix shape")


def test_a_row_or_column_name_that_the_sheet_defines_has_the_shape_of_its_value():
    report = audit(DECLARED + "$$W_j = W v$$\n\n$$dim(W_j) = m$$", timeout=60)
    assert [(r.link.latex, r.status, r.link.reading) for r in report.links] == [
        ("dim(W_j) = m", "proved", "m \\times 1 = m \\times 1")]


def test_a_name_mapped_to_another_has_its_shape():
    notation = parse_notation({"names": {"X": "x"}, "shapes": {"x": "vector(d)"}})
    report = audit("$$dim(X) = d \\times 1$$\n\n$$dim(X) = i \\times d$$", notation=notation, timeout=60)
    assert [r.status for r in report.links] == ["proved", "refuted"]


SPACES = "Let $W \\in \\mathbb{R}^{m \\times n}$ and $v, b \\in \\mathbb R^n$, $c \\in \\mathbb{R}$.\n\n"
"""The same kind of declarations as they are usually written: membership of a real space, inline."""


def test_membership_of_a_real_space_declares_shapes_as_dim_does():
    links, definitions = build_links(SPACES + "$$dim(W v) = m$$\n\n$$X \\in \\mathbb{Z}^{n}$$")
    assert [(d.name, d.reason) for d in definitions] == [("W", None), ("v", None), ("b", None), ("c", None)]
    assert [k.latex for k in links] == ["dim(W v) = m", "X \\in \\mathbb{Z}^{n}"]  # not a real space: no declaration
    report = audit(SPACES + "$$dim(W v) = m$$\n\n$$dim(W b) = n$$", timeout=60)
    assert [r.status for r in report.links] == ["proved", "refuted"]


def test_a_membership_of_a_name_used_before_declares_nothing():
    _, definitions = build_links("$$y = W + 1$$\n\nwhere $W \\in \\mathbb{R}^{m \\times n}$")
    assert [d.name for d in definitions] == ["y"]
