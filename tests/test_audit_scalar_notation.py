"""Readings of scalar sheet notation (seeds 000, 003, 004): the chain rule through an unspecified function, a value
stated about a name's own expression, quantifier clauses that qualify an equation."""

from derivations.audit import audit
from derivations.audit.chains import chains_of
from derivations.audit.document import Math
from derivations.audit.links import build_links

NEURON = r"""Suppose that you know that $x_1 = 2$, $x_2 = 3$.

First, we have that

$$x_1 \times x_2 = o$$

So, we have

$$\frac{\partial o}{\partial x_1} = x_2 \quad \frac{\partial o}{\partial x_2} = x_1$$

By chain rule,

$$\frac{\partial L}{\partial x_1} = \frac{\partial L}{\partial o} \times \frac{\partial o}{\partial x_1}$$

$$\frac{\partial L}{\partial x_2} = \frac{\partial L}{\partial o} \times \frac{\partial o}{\partial x_2}$$

Plug in values, we get

$$\frac{\partial L}{\partial x_1} = 5 \times 3$$
"""


def statuses(text: str) -> list[tuple[int, str]]:
    return [(r.link.line, r.status) for r in audit(text, timeout=20).links]


def test_chain_rule_through_an_undefined_name_is_a_function_of_the_defined_name():
    links, _ = build_links(NEURON)
    first = next(k for k in links if k.line == 13)
    assert first.claim.lhs == "diff(L(shift_o + 3*x_1), x_1)"
    assert first.claim.rhs == "diff(3*x_1, x_1)*diff(L(shift_o + 3*x_1), shift_o)"
    assert dict(first.claim.symbols) == {"shift_o": "real", "x_1": "real", "L": "function"}
    assert "unspecified function" in first.notes and "matrix product" not in first.notes
    report = audit(NEURON, timeout=20)
    assert [(r.link.line, r.status) for r in report.links if r.link.line in (13, 15)] == [(13, "proved"),
                                                                                          (15, "proved")]


def test_a_derivative_value_of_the_unspecified_function_is_not_substituted():
    links, _ = build_links(NEURON)
    last = next(k for k in links if k.line == 19 and k.latex.startswith(r"\frac{\partial L}{\partial x_1} = 5"))
    assert last.claim is None
    assert last.reason == ("L is an unspecified function of o (where ∂L/∂o is written); its derivative's value at "
                           "the point is not substituted")


def test_a_wrong_chain_rule_is_refuted():
    wrong = NEURON.replace(r"\frac{\partial L}{\partial o} \times \frac{\partial o}{\partial x_1}",
                           r"\frac{\partial L}{\partial o} \times x_1")
    # At the sheet's point (x_1 = 2, x_2 = 3) a counterexample at another x_1 is not one: not decided there.
    assert (13, "unproved") in statuses(wrong)
    anywhere = wrong.replace("Suppose that you know that $x_1 = 2$, $x_2 = 3$.", "")
    assert (13, "refuted") in statuses(anywhere)  # the sentence leaves an empty line in its place


def test_no_chain_rule_without_a_defined_intermediate_name():
    # o never defined: nothing says how L depends on x_1 through o.
    text = "Let $o$ be the output.\n\n" \
           r"$$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial o} \times \frac{\partial o}{\partial x}$$"
    links, _ = build_links(text)
    assert links[0].claim is None
    assert links[0].reason.startswith("the sheet does not say how")


def test_no_chain_rule_for_a_name_the_sheet_defines():
    text = "$$L = o^2$$\n\n$$o = 3 x$$\n\n" \
           r"$$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial o} \times \frac{\partial o}{\partial x}$$"
    links, _ = build_links(text)
    assert "unspecified function" not in links[-1].notes


def test_a_value_of_a_names_own_expression_is_a_claim_not_its_definition():
    # x_1 = 2 is given; ∂o/∂x_2 = x_1 with o = x_1 x_2 is a claim (read backwards it would define x_1 by itself).
    _, definitions = build_links(NEURON)
    assert [(d.name, d.line) for d in definitions] == [("x_1", 1), ("x_2", 1), ("o", 5)]
    assert [(line, s) for line, s in statuses(NEURON) if line == 9] == [(9, "proved"), (9, "proved")]


def test_a_forall_clause_qualifies_the_chain_instead_of_being_cut():
    chains = chains_of(Math(r"v \cdot x_i = 0, \forall 0 < i \leq d, i \in \mathbb{Z}", 0, True, ""))
    assert [([t.latex for t in c.terms], c.relations, c.qualifier) for c in chains] == [
        ([r"v \cdot x_i", "0"], ["="], r"\forall 0 < i \leq d, i \in \mathbb{Z}")]
    spaced = chains_of(Math(r"a_i = b_i \quad \forall i", 0, True, ""))
    assert [(c.relations, c.qualifier) for c in spaced] == [(["="], r"\forall i")]


def test_a_qualified_link_is_proved_but_never_refuted():
    assert statuses(r"$$(a + b)^2 = a^2 + 2 a b + b^2, \forall a > 0$$") == [(1, "proved")]
    report = audit(r"$$a b = 0, \forall a > 0$$", timeout=20)
    assert [r.status for r in report.links] == ["unproved"]
    assert report.links[0].message == r"refuted, but the clause \forall a > 0 restricts its names (not decided)"


HINGE = r"""If we plug in the loss function, for $a > 0$:

$$\max(0, a - y(a \cdot \bar{W}_o \cdot \bar{X})) = a \cdot \max(0, 1 - y(\bar{W}_o \cdot \bar{X}))$$
"""


def test_a_dot_product_of_two_barred_vectors_is_one_real_atom():
    links, _ = build_links(HINGE)
    assert (links[0].claim.lhs, links[0].claim.rhs) == ("Max(0, a - a*dot_W_o_X*y)", "a*Max(0, 1 - dot_W_o_X*y)")
    assert dict(links[0].claim.symbols) == {"a": "positive", "dot_W_o_X": "real", "y": "real"}
    assert links[0].notes == ("dot products",)
    assert links[0].reading == (r"\max\left(0, - a (\bar{W}_{o} \cdot \bar{X}) y + a\right) = "
                                r"a \max\left(0, - (\bar{W}_{o} \cdot \bar{X}) y + 1\right)")
    assert [r.status for r in audit(HINGE, timeout=20).links] == ["proved"]


def test_a_wrong_dot_product_identity_is_refuted():
    wrong = HINGE.replace(r"a \cdot \max(0, 1 - y", r"a \cdot \max(0, 2 - y")
    assert [r.status for r in audit(wrong, timeout=20).links] == ["refuted"]


def test_vectors_outside_one_dot_product_stay_vector_notation():
    for latex in (r"$$\bar{x} \cdot \bar{x} = \bar{x}^2$$",
                  r"$$\bar{u}(\bar{v} + \bar{w}) = \bar{u}\bar{v} + \bar{u}\bar{w}$$"):
        links, _ = build_links(latex)
        assert "vector notation" in links[0].notes and "dot products" not in links[0].notes, latex
        assert [r.status for r in audit(latex, timeout=20).links] == ["unproved"], latex
    # uᵀv and vᵀu are two atoms (the products as written): the link is refuted so, which decides nothing.
    latex = r"$$\bar{u}^T \bar{v} + c = c + \bar{v}^T \bar{u}$$"
    links, _ = build_links(latex)
    assert links[0].notes == ("atoms",)
    assert [r.status for r in audit(latex, timeout=20).links] == ["unproved"]


def test_a_norm_of_a_name_is_a_nonnegative_atom():
    latex = (r"$$a \lambda ||W_o||^n + \max(0, 1 - y(\bar{W}_o \cdot \bar{X})) = "
             r"\max(0, 1 - y(\bar{W}_o \cdot \bar{X})) + a\lambda \|W_o\|^n$$")
    links, _ = build_links(latex)
    assert dict(links[0].claim.symbols)["norm_Wo"] == "nonnegative"
    assert links[0].notes == ("dependent atoms", "dot products")
    assert [r.status for r in audit(latex, timeout=20).links] == ["proved"]


def test_a_counterexample_through_bound_atoms_is_not_a_refutation():
    # ‖x‖ and x · y share x: the atoms are not free of each other (|x·y| ≤ ‖x‖‖y‖).
    report = audit(r"$$\|\bar{x}\| + \bar{x} \cdot \bar{y} = \|\bar{x}\|$$", timeout=20)
    assert [r.status for r in report.links] == ["unproved"]
    assert report.links[0].message.startswith("refuted, but its dot products and norms were read as free numbers")


def test_a_norm_of_a_defined_name_or_an_expression_is_not_read():
    text = "$$\\bar{v} = \\sum_{i=1}^d \\alpha_i \\bar{x}_i$$\n\nThat is:\n\n$$\\|\\bar{v}\\|^2 = 0$$\n\nThat is:\n\n" \
           "$$\\|\\bar{v}\\| = 0$$"
    links, definitions = build_links(text)
    assert [d.name for d in definitions] == ["v"]
    assert [(k.kind, k.reason) for k in links] == [("chain", r"the norm of \bar{v}, which the sheet defines, is not "
                                                             "expanded")] * 2
    links, _ = build_links(r"$$\|x + y\| = 1$$")
    assert links[0].reason == "a norm ‖·‖ of an expression (not of one name) is not read"


GIVEN = NEURON.replace("Suppose that you know that $x_1 = 2$",
                       r"Let L be the loss. Suppose that you know that $\frac{\partial L}{\partial o} = 5$, $x_1 = 2$")


def test_a_given_derivative_value_is_substituted_through_the_chain_rule():
    links, definitions = build_links("$$L = x^2$$\n\n" + GIVEN)
    assert ("dL/do", 3) in [(d.name, d.line) for d in definitions]
    last = next(k for k in links if k.line == 21 and k.kind == "chain")
    # ∂L/∂x_1 = 5 ∂o/∂x_1 with o = 3 x_1: the derivative taken, the link is a number at the sheet's point
    assert (last.claim.lhs, last.claim.rhs) == ("15", "15")
    assert "at the point" in last.notes
    report = audit(GIVEN, timeout=20)
    assert [(r.link.line, r.link.kind, r.status) for r in report.links if r.link.line in (13, 15, 19)] == [
        (13, "chain", "proved"), (15, "chain", "proved"), (19, "chain", "proved"), (19, "implication", "unparsed")]


def test_a_link_off_the_given_derivative_is_never_refuted():
    wrong = GIVEN.replace(r"= 5 \times 3$$", r"= 5 \times 2$$")
    report = audit(wrong, timeout=20)
    last = next(r for r in report.links if r.link.line == 19 and r.link.kind == "chain")
    assert (last.link.line, last.status) == (19, "unproved")
    assert last.message.startswith("refuted, but the derivative values the sheet gives hold at its point only")


def test_let_be_in_words_introduces_a_name_anew():
    # Without "Let L be", the L = x^2 of another exercise would be in force and no chain rule read.
    links, _ = build_links("$$L = x^2$$\n\n" + GIVEN)
    assert next(k for k in links if k.line == 15).claim.lhs == "diff(L(shift_o + 3*x_1), x_1)"
    links, _ = build_links("$$L = x^2$$\n\n" + GIVEN.replace("Let L be the loss. ", ""))
    assert next(k for k in links if k.line == 15).claim is None


def test_no_chain_rule_when_o_is_defined_through_l():
    chain = r"$$\frac{\partial L}{\partial x} = \frac{\partial L}{\partial o} \times \frac{\partial o}{\partial x}$$"
    links, _ = build_links("$$o = L + x$$\n\n" + chain)
    assert links[0].claim is None and "unspecified function" not in links[0].notes


def test_let_in_words_needs_a_name_and_be_or_denote():
    from derivations.audit.links import LET_BE

    found = [m.group(1) for t in ("Let L be the loss", r"let $h_1$ denote it", "Let us be clear", "let x = 2")
             for m in LET_BE.finditer(t)]
    assert found == ["L", "h_1"]


def test_products_and_sums_of_matrices_are_claimed_as_matrices():
    links, _ = build_links(r"$$W_1(W_2x + b_2) + b_1 = W_1W_2x + W_1b_2 + b_1$$")
    claim = links[0].detail["matrix claim"]
    assert (claim.lhs, claim.rhs) == ("b_1 + W_1*(b_2 + W_2*x)", "b_1 + W_1*b_2 + W_1*W_2*x")
    assert dict(claim.symbols) == {"W_1": "matrix(dim_2, dim_6)", "W_2": "matrix(dim_6, dim_8)",
                                   "b_1": "matrix(dim_2, dim_9)", "b_2": "matrix(dim_6, dim_9)",
                                   "x": "matrix(dim_8, dim_9)"}
    assert links[0].notes == ("matrix product",)
    report = audit(r"$$W_1(W_2x + b_2) + b_1 = W_1W_2x + W_1b_2 + b_1$$", timeout=30)
    assert [(r.status, r.message) for r in report.links] == [("proved", "for matrices of every shape the products "
                                                              "allow")]


def test_commuting_matrices_is_never_decided_by_the_matrix_reading():
    for latex in (r"$$W_1 W_2 = W_2 W_1$$", r"$$W x + b = x W + b$$", r"$$\lambda W x = W \lambda x$$"):
        report = audit(latex, timeout=30)
        assert [r.status for r in report.links] == ["unproved"], latex
        assert report.links[0].message.startswith("proved reading the matrices as scalars, refuted reading the "
                                                  "names as matrices"), latex


def test_no_matrix_reading_with_a_number_added_or_a_function():
    for latex in (r"$$W x + 1 = 1 + x W$$", r"$$\tanh(W x) = \tanh(x W)$$"):
        links, _ = build_links(latex)
        assert "matrix claim" not in links[0].detail and "matrix product" in links[0].notes, latex


def test_no_matrix_reading_of_a_power():
    links, _ = build_links(r"$$(W + V)^2 = W^2 + W V + V W + V^2$$")
    assert "matrix claim" not in links[0].detail and "matrix product" in links[0].notes


def test_a_where_clause_in_a_display_qualifies_the_chain():
    chains = chains_of(Math(r"a &= \frac{\partial}{\partial y} \tanh(y) & \text{where } y = \mathrm{softmax}(x)_i",
                            0, True, ""))
    assert [(c.relations, c.qualifier) for c in chains] == [(["="], r"\text{where } y = \mathrm{softmax}(x)_i")]
    # an `\text{if}` inside cases is the case's condition, not a clause of the chain
    cases = chains_of(Math(r"f(x) = \begin{cases} 1 & \text{if } x > 0 \\ 0 & x \le 0 \end{cases}", 0, True, ""))
    assert [(c.relations, c.qualifier) for c in cases] == [(["="], None)]


def test_a_given_derivative_value_alone_reads_l_as_a_function_of_o():
    text = (r"Suppose that you know that $\frac{\partial L}{\partial o} = 5$, $x_2 = 3$." "\n\n"
            r"$$o = x_1 x_2$$" "\n\n" r"$$\frac{\partial L}{\partial x_1} = 15$$" "\n\n"
            r"$$\frac{\partial L}{\partial h} = 15$$")
    links, _ = build_links(text)
    assert (links[0].claim.lhs, links[0].claim.rhs) == ("5*diff(3*x_1, x_1)", "15")
    assert links[1].claim is None and links[1].reason == "the sheet does not say how 3*x_1 depends on h"


def test_a_derivative_at_a_value_the_sheet_gives_is_taken_there():
    sheet = ("Let $x_1 = 2$.\n\n$$o = x_1^2$$\n\n$$\\frac{\\partial o}{\\partial x_1} = 4$$\n\n"
             "$$\\frac{\\partial o}{\\partial x_1} = 2 x_1$$\n")
    at_two, everywhere = audit(sheet, timeout=30).links
    # ∂o/∂x_1 = 4 is a number: the derivative taken at the sheet's x_1 = 2, proved given it
    assert at_two.status == "proved" and (1, "x_1 = 2") in at_two.link.given
    assert everywhere.status == "proved"
    wrong = audit(sheet.replace("= 4$$", "= 5$$"), timeout=30).links[0]
    assert wrong.status == "refuted" and (1, "x_1 = 2") in wrong.link.given


def test_a_leading_therefore_or_because_is_a_word_of_the_prose_not_a_name():
    chains = chains_of(Math(r"\therefore \frac{d}{dx} x^2 = 2x \\ \because\, e^{0} = 1", 0, True, ""))
    assert [[t.latex for t in c.terms] for c in chains] == [[r"\frac{d}{dx} x^2", "2x"], ["e^{0}", "1"]]
