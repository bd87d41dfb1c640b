"""LaTeX of claims: SymPy's printer with the notation of ML sheets

The vocabulary's own `_latex` methods are the one source of its notation (σ, softplus, ReLU, …). This printer
adds what SymPy's defaults print badly for sheets: `ln` for the natural logarithm, H(x) for the step, vector
entries as subscripts (vᵢ, softmax(v)ᵢ), an elementwise function as f(Wx), and bound indices without SymPy's
dummy decorations. It dispatches on `_print_<Class>` like every SymPy printer.

Symbol names follow one rule (`symbol_latex`), for claims, steps, counterexamples and domains alike:
- a Greek name or abbreviation prints as the letter: `theta` → θ, `Theta` → Θ, `lam`/`lamda` → λ, `eps` → ε;
- trailing digits are a subscript: `W1` → W₁, `t1` → t₁, `x0` → x₀;
- a name of exactly two letters is a letter with a subscript letter: `dh` → d_h, `nh` → n_h, `hs` → h_s;
- a trailing `p` after such a name (a single letter, a Greek name, either with digits) is a prime:
  `Wp` → W′, `lamp` → λ′, `w2p` → w₂′, `b1p` → b₁′ (so `wp` is w′, not SymPy's Weierstrass ℘);
- the entries of a declared vector or matrix (`W1p_{2,0}`) print as their name under this rule, then the indices;
- every other name keeps SymPy's own printing (`x_1` → x₁, `loss` → loss).

Main definitions
- `MLLatexPrinter`
- `latex(expr)`: the LaTeX of an expression (MathJax-safe: no macros beyond amsmath).
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import sympy as sp
from sympy.printing.latex import LatexPrinter, greek_letters_set

GREEK_ABBREVIATIONS = {"lam": "lambda", "lamda": "lambda", "eps": "varepsilon"}
"""Short spellings of Greek letters that sheets use (SymPy knows `lamda` but not `lam` or `eps`)."""

_SIMPLE = re.compile(r"(?P<head>[A-Za-z]+?)(?P<digits>[0-9]*)")


def entry_latex(name: str, index: str) -> str:
    r"""An entry of a named vector or matrix: `{x}_{i}`, and `\left(W_{2}\right)_{k, j}` when the name has a
    subscript of its own (W₂ₖ,ⱼ would read as one subscript 2k, j)."""
    return r"\left(%s\right)_{%s}" % (name, index) if "_" in name else "{%s}_{%s}" % (name, index)


def _greek(head: str) -> str | None:
    """The LaTeX of a Greek letter's name (`theta`, `Theta`, `lam`), or None."""
    if head in GREEK_ABBREVIATIONS:
        return "\\" + GREEK_ABBREVIATIONS[head]
    if head.lower() in greek_letters_set:
        return "\\" + head
    return None


def _simple(name: str) -> str | None:
    """A single letter, a Greek name or two letters, with optional digits: its LaTeX (None otherwise)."""
    match = _SIMPLE.fullmatch(name)
    if not match:
        return None
    head, digits = match["head"], match["digits"]
    letter = _greek(head) or (head if len(head) == 1 else None)
    if letter is None and len(head) == 2 and not digits:
        return f"{head[0]}_{{{head[1]}}}"
    if letter is None:
        return None
    return f"{letter}_{{{digits}}}" if digits else letter


_ENTRY_SYMBOL = re.compile(r"(?P<stem>[A-Za-z][A-Za-z0-9]*)_(?:\{(?P<braced>[0-9, ]+)\}|(?P<plain>[0-9]+))")


def symbol_latex(name: str) -> str | None:
    """The LaTeX of a symbol's name under the sheet rule (module docstring); None leaves it to SymPy.

    >>> [symbol_latex(n) for n in ("lam", "lamp", "w2p", "Wp", "dh", "W1", "eps", "theta", "loss")]
    ['\\\\lambda', "\\\\lambda'", "w_{2}'", "W'", 'd_{h}', 'W_{1}', '\\\\varepsilon', '\\\\theta', None]
    """
    entry = _ENTRY_SYMBOL.fullmatch(name)
    if entry:  # an entry symbol of a declared vector or matrix, `W1p_{2,0}`: the name's rule, then the indices
        stem = symbol_latex(entry["stem"])
        return None if stem in (None, entry["stem"]) else entry_latex(stem, entry["braced"] or entry["plain"])
    if name.endswith("p") and len(name) > 1:
        stem = name[:-1]
        match = _SIMPLE.fullmatch(stem)
        if match and (len(match["head"]) == 1 or _greek(match["head"])):
            return f"{_simple(stem)}'"
    return _simple(name)


_ENTRY_NAME = re.compile(r"(?P<name>[A-Za-z][A-Za-z0-9_]*)(?:\[(?P<index>[0-9]+(?:, ?[0-9]+)?)\])?")


def name_latex(label: str) -> str | None:
    """The LaTeX of a user-facing name, as counterexamples label their coordinates: a symbol (`lam` → λ) or a
    matrix entry (`W1[0,1]` → (W₁)₀,₁); None for anything else.

    >>> name_latex("lamp"), name_latex("W1[0,1]"), name_latex("x[2]"), name_latex("f(t)")
    ("\\\\lambda'", '\\\\left(W_{1}\\\\right)_{0, 1}', '{x}_{2}', None)
    """
    match = _ENTRY_NAME.fullmatch(label.strip())
    if not match:
        return None
    name = latex(sp.Symbol(match["name"]))
    if match["index"] is None:
        return name
    return entry_latex(name, ", ".join(i.strip() for i in match["index"].split(",")))


class MLLatexPrinter(LatexPrinter):
    """SymPy's LaTeX printer with sheet notation (see the module docstring)."""

    _default_settings: ClassVar[dict] = {**LatexPrinter._default_settings, "ln_notation": True}

    def _print_Symbol(self, expr, style="plain"):
        tex = None if self._settings["symbol_names"].get(expr) else symbol_latex(expr.name)
        if tex is None:
            return super()._print_Symbol(expr, style=style)
        return r"\mathbf{%s}" % tex if style == "bold" else tex

    def _print_Heaviside(self, expr, exp=None):
        tex = r"H\left(%s\right)" % self._print(expr.args[0])
        return r"%s^{%s}" % (tex, exp) if exp is not None else tex

    def _print_Dummy(self, expr):
        return self._print(sp.Symbol(expr.name))

    def _print_MatrixElement(self, expr):
        parent = self.parenthesize(expr.parent, sp.printing.precedence.PRECEDENCE["Atom"], strict=True)
        if getattr(expr.parent, "latex_name", None):
            parent = self._print(expr.parent)
        cols = sp.sympify(expr.parent.shape[1])
        index = self._print(expr.i) if cols == 1 else f"{self._print(expr.i)}, {self._print(expr.j)}"
        return entry_latex(parent, index)

    def _print_ElementwiseApplyFunction(self, expr):
        """f(M) for f applied to each entry of M, printed with f's own notation (extra arguments kept)."""
        fn = expr.function
        body, (t,) = fn.expr, fn.variables
        if isinstance(body, sp.Function) and body.args and body.args[0] == t and not any(
                a.has(t) for a in body.args[1:]):
            # f printed at a placeholder, then the matrix put in its place: f's own notation, braces balanced
            shown = self._print(body.func(_PLACEHOLDER, *body.args[1:]))
            return shown.replace(self._print(_PLACEHOLDER), self._print(expr.expr))
        return super()._print_ElementwiseApplyFunction(expr)


_PLACEHOLDER = sp.Symbol("elementwiseargument", real=True)


def latex(expr: Any, **settings: Any) -> str:
    """The LaTeX of `expr` in sheet notation.

    >>> from identities.vocabulary import sigmoid, softplus
    >>> x = sp.Symbol("x", real=True)
    >>> latex(sp.log(sigmoid(x)) + softplus(-x))
    '\\\\ln{\\\\left(\\\\sigma\\\\left(x\\\\right) \\\\right)} + \\\\operatorname{softplus}\\\\left(- x\\\\right)'
    """
    return MLLatexPrinter(settings).doprint(expr)
