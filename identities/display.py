"""Proofs as text: for terminals, logs and the interactive session

Main definitions
- `claim_text(claim)`: the claim as one line of mathematics with its domain.
- `proof_text(proof)`: verdict, method, the chain of steps with their justifications, and the evidence.
- `claim_pretty(claim)`: the claim typeset in Unicode (SymPy's pretty printer), for terminals.
- `result_line(proof)`: `file:line: verdict id — message`, the line editors and CI annotators parse.
- `claim_latex(claim)`, `proof_latex(proof)`: MathJax displays for notebooks (no custom macros).
"""

from __future__ import annotations

import contextlib
import re

import sympy as sp

from .claim import Claim, Proof, Verdict, evidence_text
from .declarations import parse_declaration
from .latex import latex
from .plain import plain, pretty
from .problem import compile_claim
from .text import math_unicode, safe_math
from .written import written, written_latex

RELATION_WORDS = {"O": "= O"}
RELATION = {"==": "=", "<": "<", "<=": r"\le", ">": ">", ">=": r"\ge"}
CONVENTION_WORDS = {
    "heaviside_at_0": r"$H(0) = %s$", "relu_prime_at_0": r"$\operatorname{ReLU}'(0) = %s$",
    "abs_prime_at_0": r"$|\cdot|'(0) = %s$",
}  # fmt: skip
SETS = {"real": r"\mathbb{R}", "positive": r"(0, \infty)", "negative": r"(-\infty, 0)",
        "nonnegative": r"[0, \infty)", "nonpositive": r"(-\infty, 0]", "nonzero": r"\mathbb{R}\setminus\{0\}",
        "integer": r"\mathbb{Z}"}  # fmt: skip


def claim_text(claim: Claim) -> str:
    """`lhs relation rhs  (x real, …)` as written in the claim.

    >>> claim_text(Claim(id="a", lhs="sigmoid(-v)", rhs="1 - sigmoid(v)", symbols={"v": "real"}))
    'sigmoid(-v) == 1 - sigmoid(v)   for v real'
    """
    relation = RELATION_WORDS.get(claim.relation, claim.relation)
    rhs = f"({claim.rhs}) as {claim.at}" if claim.relation == "O" else claim.rhs
    text = " ".join([claim.lhs, claim.rhs, *claim.assume])
    declared = ", ".join(f"{name} {kind}" for name, kind in claim.symbols if re.search(rf"\b{re.escape(name)}\b", text))
    hypotheses = "; ".join(claim.assume)
    where = "   for " + "; ".join(p for p in (declared, hypotheses) if p) if declared or hypotheses else ""
    return f"{claim.lhs} {relation} {rhs}{where}"


PRETTY_RELATION = {"==": sp.Eq, "<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge, "O": sp.Eq}


def claim_pretty(claim: Claim) -> str:
    """`lhs ⋈ rhs` typeset by SymPy's Unicode pretty printer (several lines for fractions and matrices).

    >>> print(claim_pretty(Claim(id="a", lhs="sigmoid(-v)", rhs="1 - sigmoid(v)", relation="<=")))
    sigmoid(-v) ≤ 1 - sigmoid(v)
    """
    problem = compile_claim(claim)
    rhs = sp.Function("O")(problem.rhs) if claim.relation == "O" else problem.rhs
    try:
        relation = PRETTY_RELATION[claim.relation](problem.lhs, rhs, evaluate=False)
        text = pretty(relation)
    except (TypeError, ValueError, AttributeError):  # a relation SymPy cannot form (e.g. between matrices)
        text = "\n".join([pretty(problem.lhs), claim.relation, pretty(rhs)])
    text = "\n".join(line.rstrip() for line in text.split("\n"))
    return text + (f"   as {problem.approach}" if claim.relation == "O" else "")


def _summary(proof: Proof) -> str:
    if proof.verdict is Verdict.PROVED:
        text = f"by {proof.method}"
        return f"{text}, {proof.domain}" if proof.domain else text
    if proof.message:
        return proof.message
    if proof.evidence:
        return f"no proof; {evidence_text(proof.evidence)}"
    return ""


def result_line(proof: Proof) -> str:
    """`file:line: verdict id — message` (and the expectation when the verdict differs from it).

    >>> result_line(Proof(Claim(id="a", lhs="1", rhs="1", file="f.claims.toml", line=3), Verdict.PROVED,
    ...                   method="identical"))
    'f.claims.toml:3: proved a — by identical'
    """
    where = f"{proof.claim.file}:{proof.claim.line}" if proof.claim.file else "<claim>"
    text = f"{where}: {proof.verdict.value} {proof.claim.id}"
    summary = _summary(proof)
    if summary:
        text += f" — {summary}"
    if not proof.matches_expectation and not proof.input_error:
        text += f" [expected {proof.claim.expected_verdict.value}]"
    return text


def proof_text(proof: Proof) -> str:
    """A readable proof: the claim, the verdict, each step with its justification, and the checks."""
    lines = [f"claim {proof.claim.id}: {claim_text(proof.claim)}"]
    lines.append(f"verdict: {proof.verdict.value}" + (f" ({proof.method})" if proof.method else "")
                 + (f" — {proof.domain}" if proof.domain else ""))
    if proof.steps:
        lines.append("steps:")
        rows = [(step.relation, plain(step.expr), step.justification) for step in proof.steps]
        start = _difference(proof.claim)
        if start is not None:
            rows.insert(0, (" " * len(rows[0][0]), start, "lhs - rhs"))
        width = min(max(len(expr) for _, expr, _ in rows), 70)
        lines += [f"  {relation} {expr:<{width}}   [{why}]" for relation, expr, why in rows]
    if proof.certificate is not None:
        lines.append(f"certificate: {proof.certificate.kind} {dict(proof.certificate.data) or ''}".rstrip())
    if proof.counterexample:
        point = ", ".join(f"{k} = {v}" for k, v in proof.counterexample.items())
        lines.append(f"counterexample: {point}")
    if proof.values:
        lines.append(f"values there: lhs = {proof.values.get('lhs')}, rhs = {proof.values.get('rhs')}")
    if proof.message and proof.verdict is not Verdict.REFUTED:
        lines.append(f"note: {proof.message}")
    if proof.evidence:
        lines.append(f"evidence (not a proof): {evidence_text(proof.evidence)}")
    if proof.postcheck:
        pc = proof.postcheck
        lines.append(f"post-check: {pc.get('points')} points at {pc.get('digits')} digits, "
                     f"largest |lhs - rhs| = {pc.get('max_difference')}" + ("" if pc.get("ok") else " — FAILED"))
    lines += diagnostic_lines(proof, "")
    lines.append(f"time: {proof.seconds:.2f} s")
    return "\n".join(lines)


def diagnostic_lines(proof: Proof, indent: str = "    ") -> list[str]:
    """The strategies that raised while the claim was tried (`Proof.diagnostics`), one line each.

    >>> diagnostic_lines(Proof(Claim(id="a", lhs="1", rhs="1"), Verdict.PROVED, diagnostics=("cases: KeyError: x",)))
    ['    diagnostic: the strategy cases raised KeyError: x (the verdict does not rest on it)']
    """
    out = []
    for line in proof.diagnostics:
        name, _, rest = line.partition(": ")
        out.append(f"{indent}diagnostic: the strategy {name} raised {rest} (the verdict does not rest on it)")
    return out


def failure_text(proof: Proof) -> str:
    """Why a claim's test fails: the verdict against the expectation, the claim as written and as mathematics,
    the counterexample with both sides' values there, the evidence, and the steps the proof reached."""
    claim = proof.claim
    lines = [f"verdict {proof.verdict.value}, expected {claim.expected_verdict.value}"
             + (f" — {proof.message}" if proof.message else ""),
             f"claim {claim.id}: {claim_text(claim)}"]
    with contextlib.suppress(Exception):  # a claim that cannot be read: the verdict already says why
        lines += ["    " + line for line in claim_pretty(claim).split("\n")]
    if proof.counterexample:
        lines.append("counterexample: " + ", ".join(f"{k} = {v}" for k, v in proof.counterexample.items()))
    if proof.values:
        lines += [f"    lhs = {proof.values.get('lhs')}", f"    rhs = {proof.values.get('rhs')}"]
    if proof.evidence:
        lines.append(f"evidence (not a proof): {evidence_text(proof.evidence)}")
    if proof.postcheck and not proof.postcheck.get("ok", True):
        lines.append(f"post-check FAILED: {dict(proof.postcheck)}")
    if proof.steps:
        lines.append("steps reached:")
        lines += [f"    {s.relation} {plain(s.expr)}   [{s.justification}]" for s in proof.steps]
    lines += diagnostic_lines(proof, "")
    return "\n".join(lines)


def _difference(claim: Claim) -> str | None:
    """`lhs - (rhs)` as written, where an equation's steps start (None for other relations and matrices)."""
    if claim.relation != "==":
        return None
    try:
        problem = compile_claim(claim)
    except Exception:  # an unreadable claim has no steps to start
        return None
    if isinstance(problem.lhs, sp.MatrixBase) or not isinstance(problem.lhs, sp.Expr):
        return None
    return f"{plain(problem.lhs)} - ({plain(problem.rhs)})"



def _side(claim: Claim, text: str, evaluated_side) -> str:
    """A side as written (`identities.written`); its evaluated form only when the written form cannot be built."""
    try:
        return written_latex(written(claim, text))
    except Exception:  # display only: the proof used the evaluated form, which parsed
        return latex(evaluated_side)


def claim_math(claim: Claim) -> str:
    """`lhs ⋈ rhs` in LaTeX as written (for an order claim: lhs = O(rhs) as x → x₀).

    >>> claim_math(Claim(id="a", lhs="gaussian(0)", rhs="1"))
    '\\\\operatorname{gaussian}\\\\left(0\\\\right) = 1'
    """
    problem = compile_claim(claim)
    lhs, rhs = _side(claim, claim.lhs, problem.lhs), _side(claim, claim.rhs, problem.rhs)
    if claim.relation == "O":
        approach = problem.approach
        arrow = rf"{latex(approach.variable)} \to {latex(approach.point)}"
        return rf"{lhs} = O\left({rhs}\right) \quad ({arrow})"
    return f"{lhs} {RELATION[claim.relation]} {rhs}"


def _sizes(claim: Claim) -> set[str]:
    """Names that are a dimension of a declared matrix or vector (sizes: positive integers)."""
    sizes: set[str] = set()
    for _, decl in claim.symbols:
        parsed = parse_declaration(decl)
        if parsed.kind == "matrix":
            sizes |= {n for d in parsed.shape for n in re.findall(r"[A-Za-z_]\w*", str(d))}
    return sizes


def _index_ranges(hypotheses) -> tuple[dict, list]:
    """Integer indices bounded by hypotheses `0 ≤ i` and `i ≤ e` (or `i < e`): {i: e}, and the other hypotheses."""
    lower, upper = {}, {}
    for h in hypotheses:
        if isinstance(h, (sp.LessThan, sp.StrictLessThan, sp.GreaterThan, sp.StrictGreaterThan)):
            small, big = (h.lhs, h.rhs) if isinstance(h, (sp.LessThan, sp.StrictLessThan)) else (h.rhs, h.lhs)
            strict = isinstance(h, (sp.StrictLessThan, sp.StrictGreaterThan))
            if small == 0 and not strict and isinstance(big, sp.Symbol) and big.is_integer:
                lower[big] = h
            elif isinstance(small, sp.Symbol) and small.is_integer and big.free_symbols:
                upper[small] = (big - 1 if strict else big, h)
    ranges = {i: upper[i][0] for i in lower if i in upper}
    used = {lower[i] for i in ranges} | {upper[i][1] for i in ranges}
    return ranges, [h for h in hypotheses if h not in used]


def _kink_arguments(problem) -> dict[str, sp.Basic]:
    """Subexpressions of the claim's sides by their SymPy strings (as the prover names excluded kinks)."""
    found: dict[str, sp.Basic] = {}
    for side in (problem.lhs, problem.rhs):
        if not isinstance(side, sp.Basic):
            continue
        shapes = [side]
        with contextlib.suppress(Exception):  # display only: the unevaluated side is searched anyway
            shapes.append(side.doit())
        for shape in shapes:
            for node in sp.preorder_traversal(shape):
                if isinstance(node, sp.Expr) and not node.is_number:
                    found.setdefault(sp.sstr(node), node)
                    found.setdefault(sp.sstr(sp.expand(node)), node)
    return found


def _witness_latex(claim: Claim, name: str, text: str, target, value) -> str:
    """`λ' = aⁿλ`: the witness substitution, an explicit matrix by its name and its value as written."""
    if not isinstance(target, sp.MatrixBase):
        return f"{latex(target)} = {latex(value)}"
    try:
        shown = written_latex(written(claim, text))
    except Exception:  # display only: the value parsed when the claim was compiled
        shown = latex(value)
    return f"{latex(sp.Symbol(name))} = {shown}"


MAX_SHOWN_KINKS = 3
"""More kink conditions than this are summarised in words."""


def _excluded_words(conditions: list[str], problem) -> str:
    """The kinks a proof leaves out, briefly: where its arguments vanish, as formulas when they are few."""
    zeros = list(dict.fromkeys(c[: -len(" = 0")] for c in conditions if c.endswith(" = 0")))
    known = _kink_arguments(problem)
    if zeros and len(zeros) <= MAX_SHOWN_KINKS and all(z in known for z in zeros):
        return ", except where " + " or ".join(rf"${latex(known[z])} = 0$" for z in zeros)
    if zeros:
        return f", except where one of the {len(zeros)} arguments of its kinks (a unit's pre-activation) is 0" \
            if len(zeros) > 1 else ", except where the argument of its kink is 0"
    return ", except at its kinks"


def domain_words(claim: Claim, proof: Proof | None) -> str:
    """'for all n, d ∈ ℤ_{>0}, x ∈ ℝ∖{0}, i ∈ {0, …, n − 1} with det X ≠ 0, with λ′ = aⁿλ, with ReLU'(0) = 0' — the
    declared domain (sizes of matrices as positive integers, symbols with the same set together, bounded indices
    as ranges), the hypotheses, the witness substitution (its symbols are not quantified), the kinks a proof
    leaves out (as formulas when they are few) and the conventions.

    >>> domain_words(Claim(id="a", lhs="x*y", rhs="y*x", symbols={"x": "real", "y": "real"}), None)
    'for all $x, y \\\\in \\\\mathbb{R}$'
    """
    problem = compile_claim(claim)
    declared = dict(claim.symbols)
    sizes = _sizes(claim)
    witnesses = {str(target) for target, _ in problem.witness} | {name for name, _ in claim.witness}
    names = sorted({s.name for s in problem.scope.objects.values() if isinstance(s, sp.Symbol)} |
                   {n for n, d in declared.items() if "matrix" in d or "vector" in d or d == "function"})
    used = {str(s) for side in (problem.lhs, problem.rhs, *problem.hypotheses)
            for s in getattr(side, "free_symbols", set())}
    used |= {f.func.__name__ for side in (problem.lhs, problem.rhs) if isinstance(side, sp.Basic)
             for f in side.atoms(sp.core.function.AppliedUndef)}
    used |= {name for name, obj in problem.scope.objects.items() if isinstance(obj, sp.MatrixBase)
             and {str(s) for s in obj.free_symbols} & used}  # an explicit matrix is used when one entry is
    used |= {n for name, decl in declared.items() if name in used for n in _sizes(Claim(id="s", lhs="0", rhs="0",
                                                                                       symbols={name: decl}))}
    ranges, hypotheses = _index_ranges(problem.hypotheses)
    ranged = {str(i): upper for i, upper in ranges.items()}
    excluded = proof.domain[len("except "):].split(", ") if proof and proof.domain else []
    groups: dict[str, list[str]] = {}
    functions = []
    for name in names:
        if name not in used or name in witnesses:
            continue
        decl = declared.get(name, "integer positive" if name in sizes else "real")
        parsed = parse_declaration(decl)
        shown = latex(sp.Symbol(name))
        if parsed.kind == "function":
            functions.append(rf"smooth $ {name}\colon \mathbb{{R}} \to \mathbb{{R}}$")
            continue
        if parsed.kind == "matrix":
            rows, cols = parsed.shape
            shape = rows if cols == "1" else rf"{rows} \times {cols}"
            groups.setdefault(rf"\mathbb{{R}}^{{{shape}}}", []).append(shown)
            continue
        words = decl.split()
        space = SETS["integer"] if "integer" in words else SETS.get(words[-1], SETS["real"])
        if "integer" in words and "positive" in words:
            space = r"\mathbb{Z}_{>0}"
        if name in ranged:
            space = rf"\{{0, \ldots, {latex(ranged[name])}\}}"
        points = [p.split(" = ")[1] for p in excluded if p.startswith(f"{name} = ")]
        if points:
            space = rf"{space}\setminus\{{{', '.join(latex(sp.sympify(p)) for p in points)}\}}"
        groups.setdefault(space, []).append(shown)
    sized = [space for space, members in groups.items() if space == r"\mathbb{Z}_{>0}"]
    order = sized + [space for space in groups if space not in sized]
    parts = [rf"${', '.join(groups[space])} \in {space}$" for space in order] + functions
    text = "for all " + ", ".join(parts) if parts else "for all values"
    if hypotheses:
        text += " with " + ", ".join(rf"${latex(h)}$" for h in hypotheses)
    if problem.witness:
        text += ", with " + ", ".join(rf"${_witness_latex(claim, name, shown, target, value)}$" for (name, shown),
                                      (target, value) in zip(claim.witness, problem.witness, strict=True))
    others = [p for p in excluded if not any(p.startswith(f"{n} = ") for n in names)]
    if others:
        text += _excluded_words(others, problem)
    for name, value in claim.conventions:
        text += ", with " + CONVENTION_WORDS[name] % latex(sp.Rational(value))
    return text


def mathjax_text(s: str) -> str:
    """Prose for MathJax: text parts in \\text{}, inline `$maths$` kept when safe (no custom macros anywhere).

    >>> print(mathjax_text("since $x > 0$, 50% & more"))
    \\text{since }x > 0\\text{, 50    more}
    """
    parts, last = [], 0
    for match in re.finditer(r"\$([^$]+)\$", s):
        parts.append(_text_part(s[last:match.start()]))
        body = math_unicode(match.group(1))
        parts.append(body if safe_math(body) else _text_part(match.group(0)))
        last = match.end()
    parts.append(_text_part(s[last:]))
    return "".join(parts)


def _text_part(s: str) -> str:
    if not s:
        return ""
    cleaned = "".join(ch if ch not in "\\{}$%&#^_~" else " " for ch in s)
    return r"\text{%s}" % cleaned  # MathJax typesets Unicode text as it is


def _domain_latex(claim: Claim, proof: Proof | None) -> str:
    """The domain sentence in MathJax form (empty when it cannot be stated)."""
    try:
        return mathjax_text(domain_words(claim, proof))
    except Exception:  # an unreadable claim: its verdict says why
        return ""


def claim_latex(claim: Claim) -> str:
    """The claim as a MathJax display: lhs ⋈ rhs with its id, then its domain, hypotheses and conventions."""
    try:
        math = claim_math(claim)
    except Exception:
        return f"$$ {_text_part(claim.id + ': unreadable claim')} $$"
    domain = _domain_latex(claim, None)
    lines = [f"{math} \\quad {_text_part('(' + claim.id + ')')}"] + ([domain] if domain else [])
    return "$$\\begin{gathered}" + " \\\\ ".join(lines) + "\\end{gathered}$$"


def proof_latex(proof: Proof) -> str:
    """A proof as a MathJax display: the claim and its verdict, the domain where it holds, the chain of steps
    with their justifications (from lhs − rhs for an equation), the counterexample with both sides' values
    there, the evidence of an unproved claim and the post-check."""
    claim = proof.claim
    verdict = proof.verdict.value + (f" ({proof.method})" if proof.method else "")
    try:
        head = claim_math(claim)
    except Exception:
        return f"$$ {_text_part(claim.id + ': ' + verdict)} $$"
    rows = [f"& {head} && {_text_part(verdict)}"]
    domain = _domain_latex(claim, proof)
    if domain:
        claimed = "" if proof.verdict is Verdict.PROVED else _text_part("claimed ")
        rows.append(f"& {claimed}{domain} &&")
    if proof.steps and _difference(claim) is not None:
        problem = compile_claim(claim)
        rows.append(f"& {latex(problem.lhs)} - \\left({latex(problem.rhs)}\\right) && \\text{{the difference}}")
    for step in proof.steps:
        rows.append(f"& {RELATION.get(step.relation, '=')} {latex(step.expr)} && {mathjax_text(step.justification)}")
    if proof.counterexample:
        point = ", ".join(f"{k} = {v}" for k, v in proof.counterexample.items())
        rows.append(f"& {_text_part('counterexample: ' + point)} &&")
    if proof.values:
        values = f"there lhs = {proof.values.get('lhs')}, rhs = {proof.values.get('rhs')}"
        rows.append(f"& {_text_part(values)} &&")
    if proof.evidence:
        evidence = f"evidence, not a proof: {evidence_text(proof.evidence)}"
        rows.append(f"& {_text_part(evidence)} &&")
    if proof.postcheck and proof.verdict is Verdict.PROVED:
        pc = proof.postcheck
        check = f"post-check: {pc.get('points')} points at {pc.get('digits')} digits"
        rows.append(f"& {_text_part(check)} &&")
    return "$$\\begin{aligned}" + " \\\\ ".join(rows) + "\\end{aligned}$$"
