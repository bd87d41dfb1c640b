"""`proofsheet audit` on vectors and matrices declared in a notation file: shapes, entries, gradients, the
row/column reading of W_j, the entry read for a vector beside entries, the 1 × 1 instance (issue 7)."""

import pytest

from derivations.audit import audit, build_links, parse_notation

NETWORK = parse_notation({"shapes": {"W": "matrix(m, n)", "b": "vector(m)", "h": "vector(n)"}})
SOFTMAX = r"""
$$z = W h + b$$

$$p = \text{softmax}(z)$$

$$L = -\log(p_y)$$

$$\nabla L(z) = p - \text{onehot}_m(y)$$

$$\nabla L(z) = p + \text{onehot}_m(y)$$

$$\nabla L(b) = p - \text{onehot}_m(y)$$

$$\frac{d}{dh_j} L = (W_j)^T [p - \text{onehot}_m(y)]$$

$$\frac{d}{dh_j} L = \sum_{k=1}^m [p_k - \text{onehot}_m(y)] W_{k,j}$$
"""


@pytest.fixture(scope="module")
def softmax_report():
    return audit(SOFTMAX, notation=NETWORK, jobs=2, timeout=60)


def test_definitions_of_vectors_are_recorded(softmax_report):
    assert [d.name for d in softmax_report.definitions] == ["z", "p", "L"]


def test_the_gradient_of_cross_entropy_through_softmax(softmax_report):
    first, wrong, bias = softmax_report.links[:3]
    assert first.status == "proved"
    assert (first.link.claim.lhs, first.link.claim.rhs) == (
        "grad(-log(softmax(z)[-1 + y]), z)", "-onehot(-1 + y, m) + softmax(z)")
    assert first.link.claim.assume == ("0 <= y - 1", "y - 1 <= m - 1")
    assert wrong.status == "refuted" and wrong.counterexample and wrong.values
    assert bias.status == "proved"  # through o^a = W h + b: the definitions are substituted
    assert "W*h + b" in bias.link.claim.lhs


def test_a_row_or_a_column_is_read_only_when_it_is_the_only_reading_whose_shapes_agree(softmax_report):
    column = softmax_report.links[3]
    assert column.status == "proved"
    assert "W_j read as a column (the only reading whose shapes agree)" in column.link.notes


def test_a_vector_beside_entries_of_one_index_is_its_entry(softmax_report):
    entries = softmax_report.links[4]
    assert entries.status == "proved"
    assert "onehot(-1 + y, m)[k]" in entries.link.claim.rhs


def test_matrix_products_are_never_commuted():
    notation = parse_notation({"shapes": {"V": "matrix(n, n)", "W": "matrix(n, n)"}})
    report = audit(r"$$W V = V W$$" "\n\n" r"$$W (V + W) = W V + W W$$", notation=notation, jobs=2, timeout=60)
    commuted, distributed = report.links
    assert commuted.status == "refuted" and commuted.counterexample
    assert distributed.status == "proved"


def test_a_name_that_multiplies_a_matrix_must_be_declared_a_number():
    notation = parse_notation({"shapes": {"W": "matrix(m, n)", "a": "scalar"}})
    links, _ = build_links(r"$$W x = W x$$" "\n\n" r"$$a W = W a$$", notation=notation)
    assert links[0].claim is None and links[0].reason.startswith("the shape of x is not declared")
    assert links[1].claim is not None


def test_both_readings_agreeing_is_not_read_with_its_shapes():
    notation = parse_notation({"shapes": {"W": "matrix(n, n)", "x": "vector(n)"}})
    links, _ = build_links(r"$$W_j + W_j = 2 W_j$$", notation=notation)
    assert "1 × 1 instance: W_{j} of the matrix W: its row or its column? (both readings have agreeing shapes)" \
        in links[0].notes


def test_the_one_by_one_instance_refutes_but_never_proves():
    notation = parse_notation({"shapes": {"W": "matrix(m, n)", "h": "vector(n)", "b": "vector(m)"}})
    sheet = r"$$\frac{d}{dW_k} (W_k h + b) = 1$$" "\n\n" r"$$\frac{d}{dW_k} (W_k h + b) = h$$"
    wrong, right = audit(sheet, notation=notation, jobs=2, timeout=60).links
    assert wrong.status == "refuted" and "every matrix and vector 1 × 1" in wrong.message
    assert right.status == "unproved"


def test_a_shape_declared_from_a_line_on():
    notation = parse_notation({"shapes": {"x": {"shape": "vector(d)", "from_line": 3},
                                          "W": "matrix(m, d)"}})
    links, _ = build_links("$$x^2 = x x$$\n\n$$W x = W x$$", notation=notation)
    assert links[0].claim is not None and dict(links[0].claim.symbols) == {"x": "real"}
    assert dict(links[1].claim.symbols)["x"] == "vector(d)"


def test_a_whole_vector_equal_to_a_term_with_a_free_index_is_not_read():
    # j numbers the entries of p, as long as ∇L(b): entry j written for the whole vector?
    sheet = SOFTMAX + "\n" + r"$$\nabla L(b) = [p - \text{onehot}_m(y)] p_j$$" + "\n"
    links, _ = build_links(sheet, notation=NETWORK)
    assert links[-1].claim is None
    assert links[-1].reason == ("the index j is free on one side only (a statement about one entry, written for the "
                                "whole?)")
    # j numbers the entries of h (length n), none of ∇L(b) (length m): the same vector for every j
    sheet = SOFTMAX + "\n" + r"$$\nabla L(b) = [p - \text{onehot}_m(y)] h_j$$" + "\n"
    links, _ = build_links(sheet, notation=NETWORK)
    assert links[-1].claim.rhs == "h[-1 + j]*(-onehot(-1 + y, m) + softmax(W*h + b))"


def test_entries_of_a_vector_function_and_sums_over_its_entries():
    # x is not declared: softmax takes it, so in this link it is a vector of a length n.
    sheet = (r"$$\nabla_{x_j} \mathrm{softmax}(x)_i = \nabla_{x_j} \frac{e^{x_i}}{\sum_k e^{x_k}} = "
             r"\begin{cases} \mathrm{softmax}(x)_i (1 - \mathrm{softmax}(x)_i) & i = j \\ "
             r"-\mathrm{softmax}(x)_i \mathrm{softmax}(x)_j & i \neq j \end{cases}$$" "\n\n"
             r"$$\nabla_{x_j} \mathrm{softmax}(x)_i = \mathrm{softmax}(x)_i \mathrm{softmax}(x)_j$$" "\n\n"
             r"$$\tanh(x) = \frac{e^{2x} - 1}{e^{2x} + 1}$$")
    report = audit(sheet, jobs=2, timeout=60)
    first, second, wrong, scalar = report.links
    assert first.link.claim.rhs == "diff(exp(x[-1 + i])/Sum(exp(x[k]), (k, 0, -1 + n)), x[-1 + j])"
    assert dict(first.link.claim.symbols) == {"i": "integer", "j": "integer", "n": "integer positive",
                                              "x": "vector(n)"}
    assert [first.status, second.status, wrong.status, scalar.status] == ["proved", "proved", "refuted", "proved"]
    assert dict(scalar.link.claim.symbols) == {"x": "real"}  # the next link's x is a number again


def test_a_sum_without_its_range_runs_over_the_entries_of_the_family_it_sums():
    """`\\sum_k x_k` with no range: x is a vector of some length n for the link, k runs over its entries."""
    links, _ = build_links(r"$$\sum_k x_k = \sum_k x_k$$")
    assert (links[0].claim.lhs, dict(links[0].claim.symbols)["x"]) == ("Sum(x[k], (k, 0, -1 + n))", "vector(n)")
    links, _ = build_links(r"$$\sum_k y = \sum_k y$$")  # no family of k: not read
    assert links[0].claim is None and "without its index range" in links[0].reason


def test_an_entry_written_with_a_number_presupposes_the_size():
    notation = parse_notation({"shapes": {"x": "vector(d)"}})
    links, _ = build_links(r"$$\frac{\partial}{\partial x_2} \|x\|_2^2 = 2 x_2$$", notation=notation)
    assert links[0].claim.assume == ("2 <= d",)


ROWS = parse_notation({"shapes": {"W": "matrix(m, n)", "x": "vector(n)", "c": "vector(m)", "z": "vector(p)"}})
ROWS_SHEET = r"""
$$L = \sum_{k=1}^m c_k (W x)_k$$

$$\nabla L(x) = \sum_{k=1}^m c_k (W_k)^T$$

$$\frac{d}{dx} L = \sum_{k=1}^m c_k W_k$$

$$\frac{d}{dx} L = \sum_{k=1}^m c_k W_1$$

$$\nabla L(x) = \sum_{k=1}^m c_k (W_k)^T z_j$$
"""


@pytest.fixture(scope="module")
def rows_report():
    return audit(ROWS_SHEET, notation=ROWS, jobs=2, timeout=60)


def test_a_sum_of_vectors_is_a_vector(rows_report):
    gradient = rows_report.links[0]
    assert gradient.status == "proved", gradient.message
    assert gradient.link.claim.rhs == "Sum(c[k]*W.T*onehot(k, m), (k, 0, -1 + m))"
    assert "W_j read as a row (the only reading whose shapes agree)" in gradient.link.notes


def test_d_by_dx_of_a_number_is_read_as_a_row_when_only_that_reading_agrees(rows_report):
    row, wrong = rows_report.links[1:3]
    assert row.status == "proved", row.message
    assert row.link.claim.lhs.endswith(", x).T")
    assert ("read with W_{k} as a row, d/dx of a number by a vector as a row (the only reading whose shapes agree)"
            in row.link.notes)
    assert wrong.status == "refuted" and int(wrong.counterexample["m"]) >= 2


def test_an_index_free_on_one_side_that_numbers_no_entry_of_the_other_is_claimed_for_every_value(rows_report):
    # j numbers z (length p), not ∇L(x) (length n): the link says the same vector for every j, and it is wrong.
    every = rows_report.links[3]
    assert every.status == "refuted"
    assert {"0 <= j - 1", "j - 1 <= p - 1"} <= set(every.link.claim.assume)


ENTRY_SHEET = r"""
$$L = \sum_{k=1}^m c_k (W h)_k$$

$$\frac{d}{dh_j} L = \sum_{k=1}^m c_k W_k$$

$$\frac{d}{dh_j} L = \sum_{k=1}^m c_j W_k$$
"""


def test_a_row_where_a_number_is_needed_is_the_entry_of_the_links_free_index():
    # W_k of the m × n matrix W beside d/dh_j (h an n-vector): neither a row nor a column reads; the entry W_{k,j}
    # is the only reading whose shapes agree (as the sheet writes [o_k^s - onehot_m(y)] for the k-th entry).
    notation = parse_notation({"shapes": {"W": "matrix(m, n)", "h": "vector(n)", "c": "vector(m)"}})
    right, wrong = audit(ENTRY_SHEET, notation=notation, jobs=2, timeout=60).links
    assert right.status == "proved", right.message
    assert "W[k, -1 + j]" in right.link.claim.rhs
    assert ("read with W_{k} as the entry W_{k,j} (the only reading whose shapes agree)" in right.link.notes)
    assert wrong.status == "refuted"


def test_a_sum_over_rows_presupposes_that_they_exist():
    # Σ_{k=1}^{m} of the rows W_k of an n × q matrix: the sheet presupposes m ≤ n.
    notation = parse_notation({"shapes": {"W": "matrix(n, q)", "x": "vector(q)", "c": "vector(m)"}})
    links, _ = build_links(r"$$\nabla_{x} \sum_{k=1}^m c_k (W x)_k = \sum_{k=1}^m c_k (W_k)^T$$",
                           notation=notation)
    assert "m - 1 <= n - 1" in links[0].claim.assume
