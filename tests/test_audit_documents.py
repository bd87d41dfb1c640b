"""`proofsheet audit` on documents nobody here wrote (issue 14): every relation accounted for, never a crash, facts
the document states elsewhere never applied silently, decimals checked to their digits, readings that are guesses
never refuted. Each sheet below is made up, of the kind the public corpus holds."""

import json
from io import StringIO

import pytest

from derivations.audit import audit, build_links
from derivations.audit import links as links_module
from render.cli import main


def results(text: str, kind: str = "markdown"):
    return [(r.link.line, r.status) for r in audit(text, kind, jobs=1, timeout=30).links]


# -- every relation accounted for


def test_a_display_that_begins_with_a_relation_continues_the_chain_before_it():
    sheet = "$$\\tanh(x) = \\frac{e^x - e^{-x}}{e^x + e^{-x}}$$\n\nand, dividing by $e^x$,\n\n$$= 2\\sigma(2x) + 1$$\n"
    assert results(sheet) == [(1, "proved"), (5, "refuted")]


def test_a_relation_without_a_side_is_an_unparsed_link():
    links, _ = build_links("$$= 2$$\n\n$$a + b =$$\n")
    assert [(k.line, k.reason_kind) for k in links] == [(1, "incomplete"), (3, "incomplete")]


@pytest.mark.parametrize("sheet", [
    "> $$\n> \\sigma(-x) = 1 - \\sigma(x)\n> $$\n",
    "<script type=\"math/tex; mode=display\">\n\\sigma(-x) = 1 - \\sigma(x)\n</script>\n",
    "$$\\boxed{\\sigma(-x) = 1 - \\sigma(x)}$$\n",
    "- Symmetry: $\\sigma(-x) = 1 - \\sigma(x)$\n",
    "Symmetry:\n\\\\[ \\sigma(-x) = 1 - \\sigma(x) \\\\]\n",
])
def test_displays_in_blockquotes_script_tags_boxes_lists_and_kramdown_delimiters_are_read(sheet):
    assert [status for _, status in results(sheet)] == ["proved"]


def test_row_spacing_is_not_a_display_and_every_row_is_read():
    sheet = "\\begin{align}\na &= (x + 1)^2 \\\\[1.2em]\n&= x^2 + 2x + 1\n\\end{align}\n"
    assert [k.latex for k in build_links(sheet, "latex")[0]] == ["(x + 1)^2 = x^2 + 2x + 1"]


def test_the_summary_counts_unparsed_links_by_the_kind_of_their_reason():
    report = audit("$$= 2$$\n\n$$a \\in \\mathbb{Z}$$\n\n$$x \\circ y = 1$$\n", jobs=1, timeout=30)
    assert report.summary["unparsed_by_reason"] == {"incomplete": 1, "notation": 1, "relation": 1}


# -- never a crash


def test_a_failure_inside_the_audit_is_that_links_error_and_the_report_is_made(monkeypatch):
    original = links_module._Builder.read_link

    def broken(self, link, left, right, lhs, rhs, relation):
        if "boom" in lhs:
            raise ZeroDivisionError("inside the audit")
        return original(self, link, left, right, lhs, rhs, relation)

    monkeypatch.setattr(links_module._Builder, "read_link", broken)
    report = audit("$$boom = 1 + 1 = 2$$\n\n$$\\sigma(0) = \\frac{1}{2}$$\n", jobs=1, timeout=30)
    assert [(r.status, r.internal) for r in report.links] == [("error", True), ("proved", False), ("proved", False)]
    assert report.links[0].message == "internal error: ZeroDivisionError: inside the audit"
    assert report.summary["crashes"] == 1


def test_a_document_that_is_not_read_at_all_still_gets_its_report(monkeypatch):
    def unreadable(text, kind):
        raise RecursionError("too deep")

    monkeypatch.setattr(links_module, "read_document", unreadable)
    report = audit("$$x = 1$$", jobs=1, timeout=30)
    assert [(r.status, r.internal, r.message) for r in report.links] == [
        ("error", True, "internal error: the document was not read (RecursionError: too deep)")]


def test_a_definition_is_never_substituted_into_the_variable_of_a_derivative():
    sheet = "$$z = w x + b$$\n\n$$dz = \\frac{dL(a, y)}{dz} = a - y$$\n"
    assert all(not r.internal for r in audit(sheet, jobs=1, timeout=30).links)


# -- decimals


def test_a_decimal_is_checked_as_rounded_to_the_digits_it_writes():
    sheet = ("$$-\\log(0.37) = 0.994$$\n\n$$-\\log(0.37) = 0.991$$\n\n$$-\\ln 0.619 = 0.479$$\n\n"
             "$$\\sigma(2) \\approx 0.88$$\n\n$$x \\approx 0.5$$\n")
    report = audit(sheet, jobs=1, timeout=30)
    assert [(r.status, r.method) for r in report.links] == [
        ("proved", "rounding"), ("refuted", None), ("unproved", None), ("proved", "rounding"), ("unparsed", None)]
    assert report.links[1].values == {"lhs": "0.9942523", "rhs": "0.991"}


# -- what the document says elsewhere


def test_a_value_the_document_states_is_applied_and_reported_with_its_line():
    sheet = "- Input: $x = 2$\n- Weight: $w = 3$\n\n$$\\hat{y} = w x$$\n\n$$\\hat{y} = 3 \\cdot 2 = 6$$\n"
    report = audit(sheet, jobs=1, timeout=30)
    assert [r.status for r in report.links] == ["proved", "proved"]
    assert report.links[0].link.given == ((1, "x = 2"), (2, "w = 3"), (4, "\\hat{y} = w x"))
    assert json.loads(json.dumps(report.to_json()))["links"][0]["given"] == [
        {"line": 1, "latex": "x = 2"}, {"line": 2, "latex": "w = 3"}, {"line": 4, "latex": "\\hat{y} = w x"}]


def test_values_do_not_leak_from_one_exercise_into_the_next():
    sheet = "## Exercise 1\n\nLet $x = 2$.\n\n$$x^2 = 4$$\n\n## Exercise 2\n\n$$x^2 = 4$$\n"
    report = audit(sheet, jobs=1, timeout=30)
    assert [(r.link.line, r.status) for r in report.links] == [(5, "proved"), (9, "refuted")]
    assert report.links[0].link.given == ((3, "x = 2"),)


def test_a_value_stated_later_in_the_exercise_withholds_a_refutation():
    sheet = "$$\\frac{\\partial L}{\\partial w} = 2 w x$$\n\nwhere $x = 3$ and\n\n$$L = w^2 x$$\n\n$$L = 6$$\n"
    statuses = results(sheet)
    assert statuses[-1] == (7, "unproved")


def test_a_condition_in_the_prose_withholds_a_refutation_and_is_named():
    sheet = "The labels $y$ are one-hot.\n\n$$\\sum_{k=1}^{K} y_k = 1$$\n"
    report = audit(sheet, jobs=1, timeout=30)
    assert report.links[0].status == "unproved"
    assert "one-hot" in report.links[0].message


def test_a_case_in_the_prose_restricts_only_the_display_next_to_it():
    sheet = "If $y = 1$:\n\n$$L = -\\log p$$\n\nIn general,\n\n$$y (1 - y) = y$$\n"
    assert results(sheet)[-1] == (7, "refuted")


def test_an_equation_the_sheet_solves_is_not_an_identity_and_its_solution_is_checked():
    sheet = ("$$\\frac{d}{dp}[p(1-p)] = 1 - 2p = 0 \\implies p = 0.5$$\n\n$$2x + 1 = 5 \\Rightarrow x = 3$$\n\n"
             "$$-\\log p + \\log(1-p) = 0 \\implies p = 0.5$$\n")
    report = audit(sheet, jobs=1, timeout=30)
    # 2x + 1 = 5 defines x (linear in a name never seen): x = 3 is refuted through that definition
    assert [(r.link.kind, r.status) for r in report.links] == [
        ("chain", "proved"), ("chain", "unparsed"), ("implication", "proved"),
        ("implication", "refuted"),
        ("chain", "unparsed"), ("implication", "proved-given")]


def test_a_name_restated_without_a_link_word_may_be_defined_anew():
    sheet = "$$\\hat{y} = w x$$\n\n$$\\hat{y} = w + x$$\n\nThat is,\n\n$$\\hat{y} = x w + 1$$\n"
    report = audit(sheet, jobs=1, timeout=30)
    # the restatement may be a new definition (not refuted); after "That is" the sheet claims it: refuted
    assert [(r.link.kind, r.status) for r in report.links] == [
        ("chain", "unproved"), ("chain", "refuted"), ("implication", "refuted")]
    assert "may define \\hat{y} (defined at line 1) anew" in report.links[0].message


def test_an_update_rule_defines_and_is_not_refuted():
    sheet = "$$v_t = \\beta v_{t-1} + (1 - \\beta) g_t^2$$\n\n$$w_t = w_{t-1} - \\eta g_t$$\n"
    assert results(sheet) == []


# -- guesses


def test_sides_that_share_no_name_are_not_refuted():
    sheet = ("$$L = -\\log \\hat{y}_k$$\n\n"
             "$$\\frac{e^{\\theta_k}}{\\sum_{j=1}^n e^{\\theta_j}} - 1 = \\hat{y}_k - 1$$\n")
    report = audit(sheet, jobs=1, timeout=30)
    assert report.links[-1].status == "unproved" and "share no name" in report.links[-1].message


def test_a_vocabulary_function_the_sheet_writes_otherwise_is_a_guess_after_that_line():
    sheet = ("$$\\sigma(z) = \\frac{1}{1-e^{-z}}$$\n\n"
             "$$\\frac{1}{1-e^{-z}}\\frac{-e^{-z}}{1-e^{-z}} = \\sigma(z)(1-\\sigma(z))$$\n")
    assert results(sheet) == [(1, "refuted"), (3, "unproved")]


def test_a_conventional_function_word_is_a_guessed_notation():
    report = audit("$$\\operatorname{LeakyReLU}(x) = \\max(x, x/10)$$\n", jobs=1, timeout=30)
    assert report.links[0].status == "unproved" and "slope 1/100" in report.links[0].message


def test_the_softmax_gradient_is_read_with_sums_over_the_family():
    sheet = ("$$\\frac{\\partial}{\\partial z_i} \\log \\sum_j e^{z_j} = \\frac{e^{z_i}}{\\sum_j e^{z_j}}$$\n\n"
             "$$\\frac{\\partial}{\\partial z_i} \\log \\sum_j e^{z_j} = \\frac{e^{z_i}}{\\sum_j e^{2 z_j}}$$\n")
    assert results(sheet) == [(1, "proved"), (3, "refuted")]


def test_text_output_names_what_a_proof_is_given(tmp_path):
    sheet = tmp_path / "example.md"
    sheet.write_text("- Input: $x = 2$\n\n$$x^2 + 1 = 5$$\n", encoding="utf-8")
    out, err = StringIO(), StringIO()
    assert main(["audit", str(sheet), "--jobs", "1", "--timeout", "30"], out, err) == 0
    assert out.getvalue().splitlines()[0].endswith("x^2 + 1 = 5 — identical — given x = 2 (line 1)")
