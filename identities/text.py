"""Prose into LaTeX, safely

Prose comes from claim and sheet files (titles, statements, justifications, answers): it may hold inline maths
between `$...$`, and it may hold anything else. Text outside maths is escaped character by character, so that
`\\input`, `\\write18`, `%`, `#` and unbalanced braces print as themselves. A maths segment is kept as maths only
when every command in it is on a whitelist of mathematical commands, its environments are mathematical, its
braces balance and it has no `%`, `#`, `^^` (TeX's notation for a character by its code) or non-ASCII character
left after translation; otherwise the whole segment, dollars included, prints as literal text.
Unicode mathematics in prose (σ, ′, ⁿ, ≤, ℝ …) becomes its LaTeX equivalent.

Main definitions
- `escape_text(s)`: plain text → LaTeX.
- `safe_math(s)`: True when a maths segment may be typeset as maths.
- `prose(s)`: text with `$...$` maths → LaTeX.
"""

from __future__ import annotations

import re

SPECIAL = {
    "\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#", "%": r"\%",
    "_": r"\_", "^": r"\textasciicircum{}", "~": r"\textasciitilde{}", "<": r"\textless{}", ">": r"\textgreater{}",
    "|": r"\textbar{}", '"': r"\textquotedbl{}",
}  # fmt: skip

UNICODE = {
    "σ": r"\sigma", "Φ": r"\Phi", "φ": r"\varphi", "θ": r"\theta", "λ": r"\lambda", "δ": r"\delta",
    "ε": r"\varepsilon", "α": r"\alpha", "β": r"\beta", "γ": r"\gamma", "μ": r"\mu", "π": r"\pi", "τ": r"\tau",
    "Σ": r"\Sigma", "Π": r"\Pi", "Θ": r"\Theta", "ℝ": r"\mathbb{R}", "ℕ": r"\mathbb{N}", "∞": r"\infty",
    "′": "'", "″": "''", "·": r"\cdot", "×": r"\times", "−": "-", "±": r"\pm", "≤": r"\le", "≥": r"\ge",
    "≠": r"\ne", "≈": r"\approx", "∈": r"\in", "∉": r"\notin", "∖": r"\setminus", "→": r"\to", "⇒": r"\Rightarrow",
    "⟺": r"\iff", "∀": r"\forall", "∃": r"\exists", "∂": r"\partial", "∇": r"\nabla", "√": r"\surd",
    "∑": r"\sum", "∏": r"\prod", "⋈": r"\bowtie", "∘": r"\circ", "‖": r"\|", "…": r"\ldots", "⁻": "^{-}",
    "ⁿ": "^{n}", "ᵢ": "_{i}", "ⱼ": "_{j}", "ₖ": "_{k}", "ᵏ": "^{k}", "ᵗ": "^{t}", "ᵘ": "^{u}", "ᵃ": "^{a}",
    "ᵇ": "^{b}", "ˣ": "^{x}", "ʸ": "^{y}", "⁰": "^{0}", "¹": "^{1}", "²": "^{2}", "³": "^{3}", "⁴": "^{4}",
    "₀": "_{0}", "₁": "_{1}", "₂": "_{2}", "₃": "_{3}", "½": r"\tfrac12", "⌊": r"\lfloor", "⌋": r"\rfloor",
    "ᵀ": "^{T}", "⁺": "^{+}", "₊": "_{+}", "₋": "_{-}", "ₙ": "_{n}", "ₘ": "_{m}", "ₜ": "_{t}", "ₓ": "_{x}",
    "ₒ": "_{o}", "ₐ": "_{a}", "ₗ": "_{l}", "ₚ": "_{p}", "ₛ": "_{s}", "⁵": "^{5}", "⁶": "^{6}", "⁷": "^{7}",
    "⁸": "^{8}", "⁹": "^{9}", "₄": "_{4}", "₅": "_{5}", "₆": "_{6}", "₇": "_{7}", "₈": "_{8}", "₉": "_{9}",
    "ᵐ": "^{m}", "ᵈ": "^{d}", "ʰ": "^{h}", "ⁱ": "^{i}", "ʲ": "^{j}", "ᵖ": "^{p}", "ˡ": "^{l}", "ᵒ": "^{o}",
    "⁼": "^{=}", "₌": "_{=}", "⁽": "^{(}", "⁾": "^{)}",
    "ℤ": r"\mathbb{Z}", "ℚ": r"\mathbb{Q}", "ℂ": r"\mathbb{C}", "𝔼": r"\mathbb{E}", "ℓ": r"\ell", "∅": r"\emptyset",
    "∫": r"\int", "∧": r"\wedge", "∨": r"\vee", "¬": r"\neg", "⊂": r"\subset", "⊆": r"\subseteq", "∪": r"\cup",
    "∩": r"\cap", "⊙": r"\odot", "⊗": r"\otimes", "⊕": r"\oplus", "⟨": r"\langle", "⟩": r"\rangle",
    "≡": r"\equiv", "∝": r"\propto", "↦": r"\mapsto", "←": r"\leftarrow", "↔": r"\leftrightarrow",
    "⇔": r"\Leftrightarrow", "⟹": r"\implies", "≪": r"\ll", "≫": r"\gg", "∼": r"\sim", "≃": r"\simeq",
    "⌈": r"\lceil", "⌉": r"\rceil", "⋅": r"\cdot", "∗": r"\ast", "†": r"\dagger", "ϵ": r"\epsilon",
    "ϑ": r"\vartheta", "ϕ": r"\phi", "ζ": r"\zeta", "η": r"\eta", "ι": r"\iota", "κ": r"\kappa", "ν": r"\nu",
    "ξ": r"\xi", "ρ": r"\rho", "υ": r"\upsilon", "χ": r"\chi", "ψ": r"\psi", "ω": r"\omega", "Γ": r"\Gamma",
    "Δ": r"\Delta", "Λ": r"\Lambda", "Ξ": r"\Xi", "Υ": r"\Upsilon", "Ψ": r"\Psi", "Ω": r"\Omega",
    "∓": r"\mp", "∣": r"\mid", "⊤": r"\top", "⊥": r"\perp", "ℋ": r"\mathcal{H}",
    "ℒ": r"\mathcal{L}", "𝒩": r"\mathcal{N}", "∄": r"\nexists", "∋": r"\ni", "⊇": r"\supseteq",
}  # fmt: skip
TEXT_ONLY = {"—": "---", "–": "--", "’": "'", "‘": "`", "“": "``", "”": "''", "é": r"\'e", "è": r"\`e",
             "ü": r"\"u", "ö": r"\"o", "à": r"\`a", "ç": r"\c{c}", "ë": r"\"e", "\u00a0": "~"}  # fmt: skip

MATH_COMMANDS = frozenset([
    "frac", "dfrac", "tfrac", "sqrt", "left", "right", "cdot", "times", "ldots", "dots", "cdots", "vdots",
    "ddots", "sum", "prod", "int", "oint", "lim", "limits", "nolimits", "nabla", "partial", "infty", "to",
    "mapsto", "in", "notin", "ni", "subset", "subseteq", "supset", "supseteq", "setminus", "cup", "cap", "forall",
    "exists",
    "nexists", "leq", "geq", "le", "ge", "neq", "ne", "approx", "equiv", "sim", "simeq", "propto", "pm", "mp",
    "circ", "log", "ln", "exp", "sin", "cos", "tan", "cot", "sec", "csc", "arcsin", "arccos", "arctan", "sinh",
    "cosh", "tanh", "coth", "max", "min", "arg", "sup", "inf", "det", "dim", "ker", "deg", "gcd", "Pr", "mathrm",
    "mathbf", "mathbb", "mathcal", "mathit", "mathsf", "mathtt", "mathfrak", "boldsymbol", "bm", "text", "textrm",
    "textbf", "textit", "texttt", "textsf", "emph", "operatorname", "hat", "bar", "overline", "underline",
    "tilde", "widetilde", "widehat", "vec", "dot", "ddot", "check", "breve", "acute", "grave", "prime", "quad",
    "qquad", "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta",
    "iota", "kappa", "lambda", "mu", "nu", "xi", "pi", "varpi", "rho", "varrho", "sigma", "varsigma", "tau",
    "upsilon", "phi", "varphi", "chi", "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma",
    "Upsilon", "Phi", "Psi", "Omega", "begin", "end", "mid", "vert", "Vert", "lvert", "rvert", "lVert", "rVert",
    "langle", "rangle", "lbrace", "rbrace", "lfloor", "rfloor", "lceil", "rceil", "big", "Big", "bigg", "Bigg",
    "bigl", "bigr", "Bigl", "Bigr", "biggl", "biggr", "Biggl", "Biggr", "stackrel", "overset", "underset", "top",
    "intercal", "ell", "leftarrow", "rightarrow", "Rightarrow", "Leftarrow", "Leftrightarrow", "leftrightarrow",
    "longrightarrow", "longleftarrow", "Longrightarrow", "iff", "implies", "impliedby", "odot", "otimes", "oplus",
    "ominus", "star", "ast", "bullet", "displaystyle", "textstyle", "scriptstyle", "underbrace", "overbrace",
    "colon", "ldotp", "cdotp", "surd", "neg", "lnot", "land", "lor", "wedge", "vee", "emptyset", "varnothing",
    "aleph", "hbar", "imath", "jmath", "Re", "Im", "wp", "angle", "triangle", "square", "diamond", "bowtie",
    "perp", "parallel", "models", "vdash", "dashv", "uparrow", "downarrow", "updownarrow", "hookrightarrow",
    "leadsto", "nearrow", "searrow", "leqslant", "geqslant", "ll", "gg", "lesssim", "gtrsim", "subsetneq", "cong",
    "dagger", "ddagger", "sharp", "flat", "natural", "clubsuit", "spadesuit", "heartsuit", "diamondsuit",
    "smallsetminus", "not", "tfrac1", "mathring",
])
"""Commands allowed in maths from claim and sheet files."""

MATH_ENVIRONMENTS = frozenset({"aligned", "cases", "pmatrix", "bmatrix", "matrix", "vmatrix", "Vmatrix",
                               "split", "gathered", "array", "smallmatrix", "alignedat", "dcases"})

_COMMAND = re.compile(r"\\([A-Za-z]+|.)")
_ENVIRONMENT = re.compile(r"\\(?:begin|end)\s*\{([^{}]*)\}")
_MATH = re.compile(r"\$([^$]+)\$")


def escape_text(s: str) -> str:
    """Plain text as LaTeX that prints exactly these characters.

    >>> escape_text(r"50% of \\input{x} & {y}")
    '50\\\\% of \\\\textbackslash{}input\\\\{x\\\\} \\\\& \\\\{y\\\\}'
    """
    out, k = [], 0
    while k < len(s):
        run = _SCRIPT_RUN.match(s, k)
        if run:
            out.append(f"${_script(run.group())}$")
            k = run.end()
            continue
        ch, k = s[k], k + 1
        if ch in SPECIAL:
            out.append(SPECIAL[ch])
        elif ch in TEXT_ONLY:
            out.append(TEXT_ONLY[ch])
        elif ch in UNICODE:
            out.append(f"${UNICODE[ch]}$")
        elif (ord(ch) < 32 and ch not in "\n\t") or ord(ch) == 127:
            out.append("?")  # a control character (TOML allows "\u0000"): TeX would stop on it
        elif ord(ch) < 128:
            out.append(ch)
        else:
            out.append("?")
    return "".join(out)


def _balanced(s: str) -> bool:
    depth = 0
    for token in re.finditer(r"\\[{}]|[{}]", s):
        if token.group() in ("\\{", "\\}"):
            continue
        depth += 1 if token.group() == "{" else -1
        if depth < 0:
            return False
    return depth == 0


def safe_math(s: str) -> bool:
    """True when `s` uses only mathematical commands and environments, with balanced braces.

    >>> safe_math(r"\\frac{a}{b} + \\sigma(x)"), safe_math(r"\\input{/etc/passwd}"), safe_math("x % y")
    (True, False, False)
    >>> safe_math("^^5cinput{/etc/passwd}")
    False
    """
    if "%" in s or "#" in s or "\n\n" in s or "^^" in s or not _balanced(s):
        return False  # ^^5c is TeX's own spelling of a backslash: ^^5cinput would be \input
    if any(ord(ch) > 127 for ch in s):
        return False  # a character that pdflatex cannot typeset in maths
    for match in _COMMAND.finditer(s):
        name = match.group(1)
        if name.isalpha() and name not in MATH_COMMANDS:
            return False
        if not name.isalpha() and name not in "\\,;:! {}|&_^'\"-.()[]<>=+/":
            return False
    return all(env.strip().rstrip("*") in MATH_ENVIRONMENTS for env in _ENVIRONMENT.findall(s))


_SUPER = {ch: v[2:-1] for ch, v in UNICODE.items() if v.startswith("^{") and v.endswith("}")}
_SUB = {ch: v[2:-1] for ch, v in UNICODE.items() if v.startswith("_{") and v.endswith("}")}
_SCRIPT_RUN = re.compile("[%s]+|[%s]+" % ("".join(map(re.escape, _SUPER)), "".join(map(re.escape, _SUB))))


def _script(run: str) -> str:
    """A run of Unicode super- or subscripts as one script: `ᵢⱼ` → `_{ij}` (two scripts in a row do not typeset).

    >>> _script("ᵢⱼ"), _script("⁻¹")
    ('_{ij}', '^{-1}')
    """
    mark, table = ("^", _SUPER) if run[0] in _SUPER else ("_", _SUB)
    return mark + "{" + "".join(table[ch] for ch in run) + "}"


def math_unicode(s: str) -> str:
    """Unicode mathematics as LaTeX maths: `δᵢⱼ` → `\\delta_{ij}`, `2×m` → `2\\times m` (a command is kept apart
    from a letter that follows it).

    >>> math_unicode("δᵢⱼ"), math_unicode("k×m")
    ('\\\\delta_{ij}', 'k\\\\times m')
    """
    s = _SCRIPT_RUN.sub(lambda m: _script(m.group()), s)
    out = []
    for k, ch in enumerate(s):
        shown = UNICODE.get(ch, ch) if ord(ch) > 127 else ch
        if shown != ch and re.search(r"\\[A-Za-z]+$", shown) and s[k + 1:k + 2].isascii() and s[k + 1:k + 2].isalpha():
            shown += " "
        out.append(shown)
    return "".join(out)


def prose(s: str) -> str:
    """Text with inline `$maths$`: text escaped, safe maths kept (non-ASCII symbols translated), unsafe maths
    printed literally.

    >>> prose(r"multiply by $e^{-v}$ (not $\\input{x}$)")
    'multiply by $e^{-v}$ (not \\\\$\\\\textbackslash{}input\\\\{x\\\\}\\\\$)'
    """
    out, last = [], 0
    for match in _MATH.finditer(s):
        out.append(escape_text(s[last:match.start()]))
        body = match.group(1)
        out.append(f"${math_unicode(body)}$" if safe_math(math_unicode(body)) else escape_text(match.group(0)))
        last = match.end()
    out.append(escape_text(s[last:]))
    return "".join(out)


MACRO_SPELLINGS = {r"\mathbb{1}": r"\mathbf{1}"}
"""Macros that files write and the document's fonts lack, with the spelling that prints the same symbol: amssymb
has no blackboard 1, so the indicator 𝟙_A is printed bold (MathJax-safe, like every translation here)."""


def display(s: str) -> str | None:
    r"""A display formula from a file (a claim's `latex`): kept when safe, else None (the caller shows text).

    >>> display(r"$\mathbb{1}_{\{x>0\}}(x)$")
    '\\mathbf{1}_{\\{x>0\\}}(x)'
    """
    body = math_unicode(s.strip().strip("$"))
    for macro, spelling in MACRO_SPELLINGS.items():
        body = body.replace(macro, spelling)
    return body if safe_math(body) else None
