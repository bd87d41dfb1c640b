"""Working interactively: `derive`, `show` and the shell's namespace

Main definitions
- `Chain`: a derivation typed in a session, each link proved; it displays as text and as MathJax LaTeX.
- `derive(start, *steps)`: check a chain. A step is an expression (an equality), `(expr, why)`, or
  `(relation, expr, why)` with relation `"<="`, `Le`, …
- `show(claim_id)`: a catalog claim proved, for display.
- `namespace()`: the vocabulary, SymPy's usual names, real symbols x y z t a b v w, and `prove`, `derive`, `show`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sympy as sp

from identities.check import CATALOG, load, prove_claims
from identities.claim import Claim, Proof, Verdict
from identities.display import proof_text
from identities.latex import latex
from identities.prover import claim_from_relation, prove
from identities.workers import cpu_count

from .display import Row, chain_latex, chain_text

RELATIONS = {sp.Eq: "==", sp.Le: "<=", sp.Lt: "<", sp.Ge: ">=", sp.Gt: ">", "==": "==", "<=": "<=", "<": "<",
             ">=": ">=", ">": ">", "=": "=="}  # fmt: skip
BUILD = {"==": sp.Eq, "<=": sp.Le, "<": sp.Lt, ">=": sp.Ge, ">": sp.Gt}


@dataclass
class Chain:
    """start ⋈ e₁ ⋈ e₂ …, each link proved (or not) on its own."""

    start: sp.Expr
    steps: list[tuple[str, sp.Expr, str]] = field(default_factory=list)
    proofs: list[Proof] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True when every link is proved."""
        return all(p.verdict is Verdict.PROVED for p in self.proofs)

    def rows(self) -> list[Row]:
        """The links to show, each with its proof."""
        return [Row(relation, sp.sstr(expr), latex(expr), why, proof)
                for (relation, expr, why), proof in zip(self.steps, self.proofs, strict=True)]

    def __repr__(self) -> str:
        return chain_text(sp.sstr(self.start), self.rows())

    def _repr_pretty_(self, printer, cycle) -> None:
        printer.text(repr(self))

    def _repr_latex_(self) -> str:
        return chain_latex(latex(self.start), self.rows())


def _step(step) -> tuple[str, sp.Expr, str]:
    if isinstance(step, tuple):
        if len(step) == 3:
            relation, expr, why = step
            return RELATIONS[relation], sp.sympify(expr), str(why)
        if len(step) == 2:
            return "==", sp.sympify(step[0]), str(step[1])
    return "==", sp.sympify(step), ""


def derive(start, *steps, timeout: float = 20.0, jobs: int | None = None) -> Chain:
    """Check the chain start ⋈ step₁ ⋈ step₂ …, each link proved in a bounded worker.

    >>> x = sp.Symbol("x", real=True)
    >>> from identities.vocabulary import sigmoid
    >>> chain = derive(sigmoid(-x), (1 / (1 + sp.exp(x)), "definition"), (1 - sigmoid(x), "algebra"))
    >>> chain.ok
    True
    """
    chain = Chain(sp.sympify(start), [_step(s) for s in steps])
    claims, previous = [], chain.start
    for k, (relation, expr, why) in enumerate(chain.steps, start=1):
        claim = claim_from_relation(BUILD[relation](previous, expr, evaluate=False), id=f"step-{k}", title=why)
        claims.append(claim)
        previous = expr
    chain.proofs = prove_claims(claims, jobs=jobs or cpu_count(), timeout=timeout)
    return chain


def find_claim(claim_id: str) -> Claim:
    """The catalog claim with this id (KeyError when there is none)."""
    items, _ = load([CATALOG], [claim_id])
    for item in items:
        if isinstance(item, Claim):
            return item
    raise KeyError(f"no catalog claim {claim_id!r}")


def show(claim_id: str, timeout: float = 20.0) -> Proof:
    """A catalog claim with its proof (displayed as text in a terminal, as LaTeX in a notebook)."""
    return prove(find_claim(claim_id), timeout=timeout)


SYMBOLS = "x y z t a b v w"


def namespace() -> dict[str, object]:
    """What `proofsheet shell` preloads."""
    from identities import vocabulary

    names: dict[str, object] = {name: getattr(sp, name) for name in (
        "Eq", "Le", "Lt", "Ge", "Gt", "exp", "log", "ln", "sqrt", "sin", "cos", "tan", "atan", "tanh", "sinh", "cosh",
        "erf", "erfc", "Abs", "Max", "Min", "sign", "floor", "ceiling", "Heaviside", "Piecewise", "diff", "limit",
        "integrate", "series", "Sum", "Derivative", "Integral", "Limit", "Matrix", "MatrixSymbol", "eye", "zeros",
        "ones", "det", "trace", "Trace", "transpose", "oo", "pi", "E", "Rational", "Symbol", "symbols", "Function",
        "KroneckerDelta", "simplify", "latex")}
    names.update({name: getattr(vocabulary, name) for name in vocabulary.VOCABULARY})
    names.update({str(s): s for s in sp.symbols(SYMBOLS, real=True)})
    names.update({"prove": prove, "derive": derive, "show": show, "sp": sp, "Claim": Claim,
                  "proof_text": proof_text})
    return names
