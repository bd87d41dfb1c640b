"""The layout of rendered sheets: line breaking of long displays, the order of errata and their corrections,
domains in words, asymptotes drawn only from exactly matching limits, counterexamples, the title block."""

from types import SimpleNamespace

import sympy as sp

from derivations.sheet import Curve, Plot
from identities.claim import Claim, Proof, Verdict
from identities.display import domain_words
from identities.text import escape_text, prose
from identities.vocabulary import hinge, softplus
from render.document import (
    Block,
    RenderedClaim,
    RenderedDerivation,
    RenderedErratum,
    RenderedExercise,
    point_latex,
    solution_order,
)
from render.environment import make_env
from render.layout import FLOOR, LINE, claim_display, derivation_rows, split_sum, too_wide, top_level, width
from render.output import build_pdf
from render.plots import PALETTE, Asymptote, asymptote_line, plot_problems, render_plot

# --- width estimate → layout -------------------------------------------------------------------------------


def test_the_width_estimate_adds_letters_operators_and_takes_the_wider_part_of_a_fraction():
    assert width("a") == 0.55
    assert width("a + b") == 2.3
    assert width(r"\frac{a + b}{c}") == 2.6
    assert width("x^{2}") == 0.935
    assert width(r"\begin{matrix}a & b\\c & d\end{matrix}") == 2 * 0.55 + 2


def test_top_level_ignores_what_is_inside_braces_delimiters_and_environments():
    tex = r"a + \left(b + c\right) + \begin{matrix}d + e\end{matrix} + {f + g}"
    assert [tex[k:k + 3] for k in top_level(tex, (" + ",))] == [" + "] * 3
    assert top_level(tex, (" + ",)) == [1, 22, 56]


def test_a_claim_that_fits_stays_on_one_line():
    assert claim_display("a = b + c") == "a = b + c"


def test_a_long_claim_with_a_short_left_side_continues_its_sum_below_the_relation():
    assert claim_display("a = b + c + d + f + g", budget=9.0) == \
        r"\begin{aligned}{}a &= b + c + d + f\\ &\quad + g\end{aligned}"


def test_a_long_claim_puts_its_left_side_on_one_line_and_the_relation_and_right_side_on_the_next():
    assert claim_display("a + a = b + c + d + f + g", budget=9.0) == \
        r"\begin{aligned}{}&a + a\\&\quad = b + c + d + f\\&\qquad + g\end{aligned}"


def test_a_sum_is_split_only_at_top_level_signs():
    assert split_sum(r"\left(a + b + c + d\right) + e", 4.0) == [r"\left(a + b + c + d\right)", "+ e"]
    assert split_sum("a - b - c", 3.0) == ["a - b", "- c"]


def test_a_unary_sign_after_an_operator_is_not_a_break_point():
    assert split_sum(r"a \cdot - b + c", 1.0) == [r"a \cdot - b", "+ c"]


def test_a_long_matrix_claim_is_broken_at_its_relation_not_shrunk_to_fit():
    row = " & ".join(["w_{0} x_{0} + w_{1} x_{1} + w_{2} x_{2} + w_{3} x_{3}"] * 4)
    matrix = r"\left[\begin{matrix}" + row + r"\end{matrix}\right]"
    claim = rf"W \left[\begin{{matrix}}a & b & c\end{{matrix}}\right] = {matrix}"
    assert width(claim) > LINE
    assert claim_display(claim).startswith(r"\begin{aligned}") and r"\\&\quad = " + matrix in claim_display(claim)


def test_the_fit_macro_scales_only_what_still_does_not_fit_and_never_below_the_floor():
    base = make_env().get_template("base.tex.j2").render(sheet=None, solutions=False, version="0")
    assert r"\ifdim\wd\fitbox>\linewidth\scalebox{\fpeval{max(0.8, \linewidth/\wd\fitbox)}}" in base
    assert FLOOR == 0.8 and "adjustbox}{max width" not in base


def test_derivation_rows_keep_one_row_per_step_when_they_fit():
    rows = derivation_rows("a", [("=", "b", "why", "rewrite"), ("=", "c", "because", "identical")])
    assert [(r.left, r.right, r.why, r.mark, r.why_width) for r in rows] == [
        ("a", "= b", "why", "rewrite", None), ("", "= c", "because", "identical", None)]


def test_derivation_rows_set_long_justifications_in_a_paragraph_of_the_room_left():
    rows = derivation_rows("a", [("=", "b", "a rather long reason " * 8, "rewrite")])
    assert rows[0].why_width == round(LINE - width("a") - width("= b") - 4, 1)


def test_derivation_rows_start_on_their_own_line_and_split_long_steps_when_nothing_else_fits():
    long = " + ".join(f"x_{{{k}}}" for k in range(40))
    rows = derivation_rows("y", [("=", long, "sum", "rewrite")])
    assert rows[0].left == "" and rows[0].right == "y"
    assert rows[1].right.startswith(r"\quad = x_{0} + ") and rows[1].why == "sum"
    assert all(r.right.startswith(r"\qquad + ") and r.why == "" for r in rows[2:]) and len(rows) > 2


# --- the order of an exercise ----------------------------------------------------------------------------


def _claim(claim_id):
    return RenderedClaim(claim_id, "", "", "", "proved", "")


def test_an_erratum_comes_first_followed_by_its_corrected_derivation_and_claim_then_the_rest():
    other, right = _claim("other"), _claim("right")
    erratum = RenderedErratum("wrong", 1, "", "", "", "", "", "", right)
    derivations = [RenderedDerivation("other", "", "", [], ""), RenderedDerivation("right", "", "", [], "")]
    order = [(b.kind, getattr(b.item, "id", None) or b.item.claim_id)
             for b in solution_order([other, right], derivations, [erratum])]
    assert order == [("erratum", "wrong"), ("derivation", "right"), ("claim", "right"), ("claim", "other"),
                     ("derivation", "other")]


def test_without_errata_claims_come_before_derivations():
    order = [b.kind for b in solution_order([_claim("a")], [RenderedDerivation("a", "", "", [], "")], [])]
    assert order == ["claim", "derivation"]


# --- domains in words ------------------------------------------------------------------------------------


def test_general_sizes_are_positive_integers_and_bounded_indices_are_ranges():
    claim = Claim(id="a", lhs="(W*x)[i]", rhs="(W*x)[i]", symbols={"W": "matrix(n, d)", "x": "vector(d)",
                                                                  "i": "integer"}, assume=("0 <= i", "i <= n - 1"))
    assert domain_words(claim, None) == (r"for all $d, n \in \mathbb{Z}_{>0}$, $W \in \mathbb{R}^{n \times d}$, "
                                         r"$i \in \{0, \ldots, n - 1\}$, $x \in \mathbb{R}^{d}$")


def test_a_hypothesis_reads_with_and_symbols_of_one_set_are_listed_together():
    claim = Claim(id="a", lhs="x/y", rhs="x/y", symbols={"x": "real", "y": "real"}, assume=("y != 0",))
    assert domain_words(claim, None) == r"for all $x, y \in \mathbb{R}$ with $y \neq 0$"


def test_a_witness_is_shown_as_its_substitution_and_not_quantified():
    claim = Claim(id="a", lhs="lamp*a", rhs="lam*a**2", symbols={"a": "positive", "lam": "real", "lamp": "real"},
                  witness=(("lamp", "a*lam"),))
    words = domain_words(claim, None)
    assert words.startswith(r"for all $a \in (0, \infty)$, $")
    assert ", with $" in words and "= a" in words
    assert words.count(r"\in ") == 2


def test_excluded_kinks_are_shown_as_formulas_when_few_and_in_words_when_many():
    claim = Claim(id="a", lhs="relu(w*x + b)", rhs="relu(w*x + b)", symbols={"w": "real", "x": "real", "b": "real"})
    proof = Proof(claim, Verdict.PROVED, domain="except b + w*x > 0, b + w*x = 0")
    assert domain_words(claim, proof).endswith(r", except where $b + w x = 0$")
    many = Proof(claim, Verdict.PROVED, domain="except " + ", ".join(f"p{k} = 0" for k in range(5)))
    assert domain_words(claim, many).endswith(
        ", except where one of the 5 arguments of its kinks (a unit's pre-activation) is 0")


# --- plots -----------------------------------------------------------------------------------------------


def test_an_asymptote_is_drawn_from_a_limit_of_a_curve_minus_a_line():
    x = sp.Symbol("x", real=True)
    claim = Claim(id="a", lhs="limit(softplus(t) - t, t, oo)", rhs="0", symbols={"t": "real"})
    assert asymptote_line(claim, [softplus(x)], x) == Asymptote(x, 0, "right")
    level = Claim(id="b", lhs="limit(softplus(t), t, -oo)", rhs="0", symbols={"t": "real"})
    assert asymptote_line(level, [softplus(x)], x) == Asymptote(sp.S.Zero, 0, "left")


def test_a_limit_that_is_not_a_curve_minus_a_line_draws_nothing_and_is_a_problem():
    x = sp.Symbol("x", real=True)
    claim = Claim(id="a", lhs="limit(log(1 + exp(1 - t)) - hinge(t), t, -oo)", rhs="0", symbols={"t": "real"})
    assert asymptote_line(claim, [softplus(1 - x), hinge(x)], x) == \
        "the argument of the limit is none of the curves minus a line a*x + b"
    plot = Plot("p", (-3.0, 3.0), (Curve("softplus(1 - x)"), Curve("hinge(x)")), ("a",))
    checked = SimpleNamespace(sheet=SimpleNamespace(name="900-t", exercises=[SimpleNamespace(label="1", plots=[plot])]),
                              proofs={"a": Proof(claim, Verdict.PROVED)})
    assert plot_problems(checked) == ["900-t: exercise 1: plot 'p': asymptote a: the argument of the limit is none "
                                      "of the curves minus a line a*x + b"]
    assert render_plot(plot, checked).asymptotes == []


def test_an_unproved_limit_is_a_problem():
    claim = Claim(id="a", lhs="limit(softplus(t), t, -oo)", rhs="0", symbols={"t": "real"})
    plot = Plot("p", (-3.0, 3.0), (Curve("softplus(x)"),), ("a",))
    checked = SimpleNamespace(sheet=SimpleNamespace(name="900-t", exercises=[SimpleNamespace(label="1", plots=[plot])]),
                              proofs={"a": Proof(claim, Verdict.UNPROVED)})
    assert plot_problems(checked) == ["900-t: exercise 1: plot 'p': asymptote a: the limit is not proved"]


def test_each_curve_has_its_own_colour_and_its_asymptote_shares_it():
    claim = Claim(id="a", lhs="limit(softplus(t) - t, t, oo)", rhs="0", symbols={"t": "real"})
    plot = Plot("p", (-3.0, 3.0), (Curve("sigmoid(x)", "$s_1$"), Curve("softplus(x)")), ("a",))
    checked = SimpleNamespace(proofs={"a": Proof(claim, Verdict.PROVED)})
    rendered = render_plot(plot, checked)
    assert [c.color for c in rendered.curves] == list(PALETTE[:2])
    assert [c.label for c in rendered.curves] == ["$s_1$", r"$\operatorname{softplus}\left(x\right)$"]
    assert [(a.color, a.label, a.style) for a in rendered.asymptotes] == [(PALETTE[1], "$y = x$", "dashed")]
    level = Claim(id="b", lhs="limit(softplus(t), t, -oo)", rhs="0", symbols={"t": "real"})
    both = Plot("p", (-3.0, 3.0), (Curve("softplus(x)"),), ("a", "b"))
    proofs = {"a": Proof(claim, Verdict.PROVED), "b": Proof(level, Verdict.PROVED)}
    two = render_plot(both, SimpleNamespace(proofs=proofs))
    assert [(a.color, a.style) for a in two.asymptotes] == [(PALETTE[0], "dashed"), (PALETTE[0], "densely dotted")]


# --- counterexamples, the title block, text --------------------------------------------------------------


def test_a_counterexample_function_prints_as_a_function_and_values_stay_exact():
    assert point_latex("f", "Lambda(t1, exp(t1))") == "$f(t) = e^{t}$"
    assert point_latex("g", "Lambda(t1, t1**3 - 2*t1)") == "$g(t) = t^{3} - 2 t$"
    assert point_latex("x", "3/4") == r"$x = \frac{3}{4}$"
    assert point_latex("x", "sqrt(2)") == r"$x = \sqrt{2}$"
    assert point_latex("x", "__import__('os')") == escape_text("x = __import__('os')")


def _title_block(**header):
    sheet = SimpleNamespace(title="T", source="", course="", authors="", date="", intro="", exercises=[], table=[],
                            failing=None)
    for key, value in header.items():
        setattr(sheet, key, value)
    return make_env().get_template("sheet.tex.j2").render(sheet=sheet, solutions=True, version="0")


def test_the_title_block_names_the_source_and_omits_a_missing_course():
    text = _title_block(source="Exercise sheet 4")
    assert r"{\small Solutions to Exercise sheet 4}\\[0.4ex]" in text
    assert r"{\large }" not in text
    assert r"{\large C}\\[0.6ex]" in _title_block(course="C")


def test_transpose_and_other_unicode_maths_letters_are_typeset():
    assert escape_text("Wᵀx") == "W$^{T}$x"
    assert prose("$Wᵀ x$ and xᵢ") == "$W^{T} x$ and x$_{i}$"
    assert "?" not in escape_text("ℤ ∅ ∫ ∧ ∨ ⊂ ⊆ ∪ ∩ ⊙ ⊗ ω ρ χ ψ η κ ν ξ ζ ℓ ⟨ ⟩ ≡ ∝ ↦ ⁺ ₊ ᵀ ₙ ₘ ⌈ ⌉")


def test_broken_displays_and_rows_typeset_without_errors_or_overfull_boxes(tmp_path, tex_installed):
    logs = " + ".join(rf"y_{{{k}}} \ln{{\left(p_{{{k}}} \right)}}" for k in range(14))
    product = " ".join(f"p_{{{k}}}" for k in range(16))
    claim = claim_display(rf"\ln{{\left({product}\right)}} = {logs}")
    assert claim.startswith(r"\begin{aligned}{}&")  # mathtools fails on a block opening with & before a later \ln
    rows = derivation_rows("y", [("=", logs, "a long justification " * 6, "rewrite")])
    body = "\n".join(rf"{r.left} &{r.right} &&\text{{\parbox[t]{{{r.why_width}em}}{{\small {r.why}}}}}\\"
                     if r.why_width else rf"{r.left} &{r.right} &&\\" for r in rows)
    document = make_env().from_string(
        "\\BLOCK{extends 'base.tex.j2'}\\BLOCK{block body}\\begin{center}\\fitmath{\\VAR{claim}}\\end{center}"
        "\\begin{center}\\fitmath{\\begin{aligned}{}\n\\VAR{body}\n\\end{aligned}}\\end{center}\\BLOCK{endblock}"
    ).render(claim=claim, body=body.removesuffix("\\\\"))
    tex = tmp_path / "layout.tex"
    tex.write_text(document, encoding="utf-8")
    build_pdf(tex)
    log = (tmp_path / ".build" / "layout" / "layout.log").read_text(errors="replace")
    assert "Overfull" not in log


def test_a_claim_too_wide_even_broken_and_scaled_says_so_and_shows_the_sheets_form():
    huge = r"\left[\begin{matrix}" + " & ".join([r"\sigma\left(x\right)"] * 40) + r"\end{matrix}\right]"
    assert too_wide(claim_display(f"A = {huge}"))
    claim = RenderedClaim("c", "", f"A = {huge}", "for all values", "proved", "entrywise", "A = B", legible=False)
    exercise = RenderedExercise("1", "", "", claims=[claim], blocks=[Block("claim", claim)])
    sheet = SimpleNamespace(intro="", exercises=[exercise], table=[])
    text = make_env().get_template("exercises.tex.j2").render(sheet=sheet, solutions=True)
    assert huge not in text
    assert (r"{\small\itshape The statement as checked is too wide to print legibly; the sheet's own form follows.}"
            in text)
    assert r"{\small The sheet writes: $A = B$}" in text


def test_justifications_go_under_their_steps_when_the_widest_step_leaves_no_room_beside_it():
    body = r"\sum_{l=0}^{d - 1} " + " ".join(rf"\sigma\left(w_{{{k}}} x_{{{k}}}\right)" for k in range(8))
    rows = derivation_rows("y", [("=", body, "why", "rewrite"), ("=", "z", "because", "identical")])
    assert [(r.right, r.why, r.below) for r in rows] == [
        ("y", "", False), (rf"\quad = {body}", "", False), ("", "why", True), (r"\quad = z", "", False),
        ("", "because", True)]
    assert rows[2].why_width == LINE - 6
