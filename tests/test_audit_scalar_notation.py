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
    assert (13, "refuted") in statuses(wrong)


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
    assert report.links[0].message == (r"refuted for every value of its names, but the clause \forall a > 0 "
                                       "restricts them (not decided)")
