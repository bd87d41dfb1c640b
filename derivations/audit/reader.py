"""LaTeX of ML sheets → a parse tree, through a small Lark grammar of our own

Why our own grammar (`grammar.lark`, LALR(1), parsed by Lark) and not SymPy's `parse_latex` or
`latex2sympy2_extended`: on the seed sheets those read `\\text{sigmoid}(x)` and `\\Phi(-v)` as products,
`W^{(1)}` as a power, `e` as a symbol and `\\log` as base 10, and they cannot be told which names a sheet has
defined. Here a hand-written *normaliser* reads the sheet's notation first — names with their sub- and
superscripts (`W^{(1)}`, `o^a_k`, `h_j^s`, `\\bar{X}`), function names (`\\text{sigmoid}`,
`\\operatorname{softplus}`, `\\mathrm{ReLU}`, `\\tanh`, words followed by `(`), `\\frac{d}{dx}`,
`\\frac{\\partial}{\\partial x}`, `\\mathbb{1}_{…}`, `O(…)`, `cases` — and turns them into tokens; the grammar
then fixes precedence, implicit products, function application and fractions. Nothing is evaluated.

A superscript on a name is a *decoration* (part of the name) when it is `(…)`, `*`, a prime or a word, or a
letter that the sheet also writes with a subscript on the same base (`o^a` beside `o^a_k`); otherwise it is a
power. `^T` and `^\\top` are transposes, a postfix `\\T` in the tree (read by the vector reading, dropped with a
note by the scalar one).

A one-column `bmatrix`/`pmatrix` is a `\\column` of rows and `\\vdots`; `\\sum_k t` without its range is a
`\\sumover` (both read only entry by entry, with declared shapes). `\\max\\{a_1, a_2, \\dots, a_n\\}` (also
`\\max(\\{…\\})`, `\\max(a_1, …, a_n)`, and `\\min`) is one atom, the extremum of the family, when the written
terms are a_1, a_2, … consecutive from 1 and a last a_n; any other ellipsis is not read.
`|W^{(1)}|`, `|D|` of a capital or a layer-decorated name is its size (a `card` node, see `shapes`).
A norm `\\|v\\|` or `||W||` of one name is one name `norm_v` (noted, a nonnegative number); of an expression it
is not read.

Main definitions
- `Name`: a sheet's name (base, subscript, superscript decoration) and its identifier.
- `Reading`: the parse tree of one term with its name table and notes.
- `read_term(latex, decorated)`: read one term; raises `Unreadable` with the reason.
- `decorations(text)`: the (base, letter) superscripts a sheet uses as names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from lark import Lark, Tree
from lark.exceptions import LarkError

from .reasons import Ambiguous, EllipsisNotRead, Unreadable
from .words import FUNCTIONS, normal_word

GREEK = [
    "alpha", "beta", "gamma", "delta", "epsilon", "varepsilon", "zeta", "eta", "theta", "vartheta", "iota",
    "kappa", "lambda", "mu", "nu", "xi", "omicron", "rho", "varrho", "tau", "upsilon", "phi", "varphi", "chi",
    "psi", "omega", "Gamma", "Delta", "Theta", "Lambda", "Xi", "Pi", "Sigma", "Upsilon", "Phi", "Psi", "Omega"
]
_COMMAND_FUNCTIONS = {"tanh", "sinh", "cosh", "sin", "cos", "tan", "exp", "log", "ln", "max", "min", "arctan",
                      "Pr", "det", "dim", "arg", "sup", "inf", "lg", "sgn", "erf"}
_DROP = {r"\left", r"\right", r"\big", r"\Big", r"\bigg", r"\Bigg", r"\bigl", r"\bigr", r"\Bigl", r"\Bigr",
         r"\displaystyle", r"\textstyle", r"\limits", r"\nolimits", r"\,", r"\;", r"\:", r"\!", r"\ ", "~",
         r"\quad", r"\qquad", r"\middle"}
_NOT_AN_ARGUMENT = (None, "=", ")", "]", "+", "-", "*", "/", ",", r"\cdot", r"\times", "}", "&", r"\\", r"\right",
                    r"\approx", r"\le", r"\leq", r"\ge", r"\geq", "<", ">")
"""What may follow a function word that stands alone (σ, not σ(x)): then it names a value."""
_TRANSPARENT = {r"\ensuremath": (1, 0), r"\mathord": (1, 0), r"\mathop": (1, 0), r"\textcolor": (2, 1),
                r"\color": (1, None), r"\colorbox": (2, 1), r"\hspace": (1, None), r"\vspace": (1, None),
                r"\underbrace": (1, 0), r"\overbrace": (1, 0), r"\underset": (2, 1), r"\overset": (2, 1),
                r"\phantom": (1, None), r"\mathstrut": (0, None), r"\cancel": (1, 0)}
"""Commands read through: how many brace arguments they take, and which one is the term (`None`: none is)."""
_DECORATION_SUPERSCRIPT = re.compile(r"^(\(.*\)|\[.*\]|\*+|\\ast|\\star|\\prime+|'+|\\max|\\min|\\mathrm\{.*\}"
                                     r"|\\text\{.*\})$")
r"""Superscripts that decorate a name: `W^{(2)}` and `z^{[l]}` (a layer), `a^*`, `f'`, `x^{\max}`, `p^{\text{data}}`."""
_POWER_LETTERS = frozenset("nmkdpqNKM")
"""Superscript letters that are exponents even beside a subscript (x_i^n)."""
_BASE = r"(\\(?:" + "|".join(GREEK) + r")(?![A-Za-z])|[A-Za-z])"
_BASE_PATTERN = _BASE
_GROUP = r"(?:\{[^{}]*\}|\\[A-Za-z]+|[^\s{}\\])"
_SUB_THEN_SUP = re.compile(_BASE + r"_" + _GROUP + r"\^\{?([A-Za-z])\}?")
_SUP_THEN_SUB = re.compile(_BASE + r"\^\{?([A-Za-z])\}?_")


@dataclass(frozen=True)
class Name:
    """A name of the sheet: `base` (LaTeX of the letter, with its accent), `sub`, `sup` (decoration)."""

    base: str
    sub: str | None = None
    sup: str | None = None

    @property
    def ident(self) -> str:
        """A Python identifier for the claim grammar, one per name (`W^{(1)}` → `W_up1`, `o^a_k` → `o_k_ua`)."""
        parts = [_ident_part(self.base)]
        if self.sub is not None:
            parts.append(_ident_part(self.sub) or "s")
        if self.sup is not None:
            parts.append("u" + (_ident_part(self.sup) or "s"))
        return "_".join(parts)

    @property
    def latex(self) -> str:
        out = self.base
        if self.sub is not None:
            out += "_{" + self.sub + "}"
        if self.sup is not None:
            out += "^{" + self.sup + "}"
        return out


@dataclass(frozen=True)
class NormName(Name):
    """The norm ‖v‖ of the name v, as one name (`norm_v`), printed `\\|v\\|`."""

    normed: str = ""
    """The LaTeX of the name normed."""

    @property
    def latex(self) -> str:
        return r"\|" + self.normed + r"\|" + ("" if self.sup is None else "_{" + self.sup + "}")

    @property
    def p(self) -> str:
        """Which norm: "1", "2" (written `_2`, or no subscript) or "infty"."""
        return self.sup or "2"


def _ident_part(tex: str) -> str:
    words = {"*": "star", "'": "prime", "(": "p", "+": "plus", "-": "minus", ",": "_", "=": "eq"}
    out = []
    for token in re.findall(r"\\[A-Za-z]+|.", tex):
        if token.startswith("\\"):
            if token[1:] in ("bar", "overline"):
                continue
            out.append({"lambda": "lam"}.get(token[1:], token[1:]))
        elif token.isalnum():
            out.append(token)
        elif token in words:
            out.append(words[token])
    ident = re.sub(r"_+", "_", "".join(out)).strip("_")
    return ident


@dataclass
class Reading:
    """A term read: its parse tree, the names it uses (token → Name) and notes on how it was read."""

    tree: Tree
    names: dict[str, Name]
    notes: set[str] = field(default_factory=set)


def decorations(text: str) -> frozenset[tuple[str, str]]:
    r"""The (base, letter) pairs written both as superscript and beside a subscript, so names (`o_k^a` → (o, a)).

    >>> sorted(decorations(r"o_k^a = 1, h^s_j = 2, x^2"))
    [('h', 's'), ('o', 'a')]
    """
    found = {(m.group(1), m.group(2)) for m in _SUB_THEN_SUP.finditer(text)}
    found |= {(m.group(1), m.group(2)) for m in _SUP_THEN_SUB.finditer(text)}
    if _LAYER_STEP.search(text):
        # `a^{l-1}`, `W^{[2]}`: superscripts number layers; a base written with a layer letter is layered
        found |= {(m.group(1), LAYERED) for m in _LAYER_LETTER.finditer(text)}
    return frozenset(found)


LAYERED = "<layer>"
"""The mark (base, LAYERED) in `decorations`: the base's superscripts are layer numbers (`a^2`: layer 2)."""
_LAYER_STEP = re.compile(r"\^\{\s*(?:[lLk]|\\ell)\s*[-+]\s*\d\s*\}|\^\{?\s*\[")
_LAYER_LETTER = re.compile(_BASE_PATTERN + r"(?:_(?:\{[^{}]*\}|\\?[A-Za-z0-9]))?\^\{?\s*(?:[lL]|\\ell|\[[^\]]*\])")
_LAYER_SUPERSCRIPT = re.compile(r"\s*(?:\d+|[lLk]|\\ell)(?:\s*[-+]\s*\d+)?\s*")


@lru_cache(maxsize=1)
def _parser() -> Lark:
    grammar = resources.files("derivations.audit").joinpath("grammar.lark").read_text(encoding="utf-8")
    return Lark(grammar, parser="lalr", maybe_placeholders=False)


_TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[0-9]+(?:\.[0-9]+)?|\s+|.", re.S)


class _Normaliser:
    """LaTeX tokens → grammar tokens (see the module docstring)."""

    def __init__(self, latex: str, decorated: frozenset[tuple[str, str]]) -> None:
        self.tokens = [t for t in _TOKEN.findall(latex)]
        self.k = 0
        self.decorated = decorated
        self.out: list[str] = []
        self.names: dict[str, Name] = {}
        self.notes: set[str] = set()
        self.abs_open = 0

    # -- token access
    def peek(self, n: int = 0, skip_space: bool = True) -> str | None:
        """The n-th token ahead, past spaces and spacing commands (`skip_space`), or past spaces only (a space
        means nothing in LaTeX: `x _i` is `x_i`)."""
        k = self.k
        seen = 0
        while k < len(self.tokens):
            t = self.tokens[k]
            if t.isspace() or (skip_space and t in _DROP):
                k += 1
                continue
            if seen == n:
                return t
            seen += 1
            k += 1
        return None

    def next(self) -> str:
        while self.k < len(self.tokens) and (self.tokens[self.k].isspace() or self.tokens[self.k] in _DROP):
            self.k += 1
        if self.k >= len(self.tokens):
            raise Unreadable("the term ends too early")
        t = self.tokens[self.k]
        self.k += 1
        return t

    def group(self) -> str:
        """The LaTeX of the next argument: a brace group's content or one token."""
        t = self.next()
        if t != "{":
            return t
        depth, parts = 1, []
        while self.k < len(self.tokens):
            t = self.tokens[self.k]
            self.k += 1
            if t == "{":
                depth += 1
            elif t == "}":
                depth -= 1
                if depth == 0:
                    return "".join(parts).strip()
            parts.append(t)
        raise Unreadable("a brace group does not close")

    def emit(self, *tokens: str) -> None:
        self.out.extend(tokens)

    def name_token(self, name: Name) -> str:
        for token, known in self.names.items():
            if known == name:
                return token
        token = f"N{len(self.names)}"
        self.names[token] = name
        return token

    def sub_reading(self, latex: str) -> None:
        """Normalise `latex` (a group's content) in place, inside braces."""
        inner = _Normaliser(latex, self.decorated)
        inner.names = self.names
        inner.notes = self.notes
        inner.run()
        self.out.extend(inner.out)

    # -- the reading
    def run(self) -> None:
        while self.peek() is not None:
            self.step()

    def step(self) -> None:
        t = self.next()
        if t in ("\\left.", "\\right."):
            return
        if t in (r"\cdot", r"\times", "*", r"\ast"):
            return self.emit("*")
        if t in ("+", "-", "/", ",", "!", "=", "<", ">"):
            return self.emit(t)
        if t == ";":
            return self.emit(",")
        if t in (r"\div",):
            return self.emit("/")
        if t == r"\pm" or t == r"\mp":
            raise Unreadable("± is not a single value")
        if t in (r"\leq", r"\le", r"\leqslant"):
            return self.emit(r"\le")
        if t in (r"\geq", r"\ge", r"\geqslant"):
            return self.emit(r"\ge")
        if t in (r"\neq", r"\ne"):
            return self.emit(r"\ne")
        if t in (r"\to", r"\rightarrow"):
            return self.emit(r"\to")
        if t in ("[", r"\lbrack") and _bracket_row(self):
            return None
        if t in ("(", "[", r"\{", r"\lbrack", r"\lbrace", r"\langle"):
            return self.emit("(")
        if t in (")", "]", r"\}", r"\rbrack", r"\rbrace", r"\rangle"):
            return self.emit(")")
        if t == "{":
            self.k -= 1
            content = self.group()
            if content.startswith(r"\left(") and content.endswith(r"\right)"):
                return self.sub_reading(content)
            self.emit("{")
            self.sub_reading(content)
            return self.emit("}")
        if t == "}":
            raise Unreadable("an unmatched }")
        if t == "|" and self.k < len(self.tokens) and self.tokens[self.k] == "|":
            self.k += 1
            return self.norm(("|", "|"))
        if t in ("|", r"\vert", r"\lvert", r"\rvert", r"\mid"):
            return self.bar(t)
        if t in (r"\|", r"\Vert", r"\lVert", r"\rVert"):
            return self.norm((t if t in (r"\|", r"\Vert") else r"\rVert",))
        if t == "'":
            return self.emit("'")
        if t == "^":
            return self.superscript_of_expression()
        if t == "_":
            if self.out and self.out[-1] in (")", "}"):
                # `\mathrm{softmax}(x)_i`, `{\text{softmax}(\theta)}_k`: the entry i of the value of a (vector)
                # function, or of a braced name (`{\hat y}_k`, read as the name ŷ_k)
                self.emit("_", "{")
                self.sub_reading(self.group())
                return self.emit("}")
            raise Unreadable("a subscript on something that is not a name")
        if t[0].isdigit():
            return self.emit(t)
        if t in (r"\frac", r"\dfrac", r"\tfrac"):
            return self.fraction()
        if t == r"\sqrt":
            if self.peek(skip_space=False) == "[":
                raise Unreadable(r"\sqrt[n] is not read")
            self.emit(r"\sqrt", "{")
            self.sub_reading(self.group())
            return self.emit("}")
        if t in (r"\sum", r"\prod"):
            return self.big_operator(t)
        if t == r"\lim":
            return self.limit()
        if t == r"\nabla":
            return self.nabla()
        if t in (r"\infty",):
            return self.emit(r"\infty")
        if t == r"\pi":
            return self.emit(r"\pi")
        if t == r"\begin":
            return self.environment()
        if t in (r"\text", r"\mathrm", r"\operatorname", r"\textrm", r"\mathit", r"\textit", r"\rm"):
            return self.word(self.group())
        if t in _TRANSPARENT:
            self.k -= 1
            return self.transparent()
        if t in (r"\mathbb",):
            return self.blackboard(self.group())
        if t in (r"\bf", r"\boldmath") and self.peek() is not None and self.peek() != "{":
            return self.name_from(self.next(), vector=True)
        if t in (r"\mathbf", r"\boldsymbol", r"\bm", r"\pmb", r"\vec", r"\mathbfit", r"\bold", r"\bf",
                 r"\mathfrak", r"\mathscr", r"\mathsf", r"\mathtt"):
            return self.name_from(self.group(), vector=True)
        if t in (r"\bar", r"\overline", r"\hat", r"\tilde", r"\widehat", r"\widetilde", r"\dot", r"\mathcal"):
            inner = self.group()
            if not re.fullmatch(_BASE, inner) and not re.fullmatch(r"\\mathbf\{[A-Za-z]\}|\\boldsymbol\{[A-Za-z]\}",
                                                                    inner) and inner != r"\sigma":
                raise Unreadable(f"{t}{{{inner}}} is not a name")
            inner = re.sub(r"\\(mathbf|boldsymbol)\{([A-Za-z])\}", r"\2", inner)
            return self.name_from(f"{t}{{{inner}}}", vector=t in (r"\bar", r"\overline"))
        if t in (r"\dots", r"\cdots", r"\ldots", r"\vdots", r"\ddots", "...", r"\dotsb", r"\dotsc"):
            raise EllipsisNotRead("an ellipsis (…) stands for terms that are not written")
        if t == r"\sigma":
            if self.peek(skip_space=False) in ("_", "^") or self.peek() in _NOT_AN_ARGUMENT:
                return self.name_from(t)  # `\sigma_j`, or σ alone (`\sigma = \frac{1}{1 + e^{-x}}`): a name
            return self.emit("Fsigmoid")
        if t[1:] in _COMMAND_FUNCTIONS and t.startswith("\\"):
            return self.function(t[1:])
        if t.startswith("\\") and (t[1:] in GREEK or t == r"\ell"):
            return self.name_from(t)
        if t in (r"\circ", r"\otimes", r"\odot", r"\oplus", r"\wedge", r"\vee", r"\cup", r"\cap", r"\setminus"):
            raise Unreadable(f"the operator {t} is not read")
        if t.isalpha() and len(t) == 1:
            return self.letters(t)
        if t == ".":
            raise Unreadable("a stray '.'")
        if t == "&":
            return
        raise Unreadable(f"{t} is not read")

    def letters(self, first: str) -> None:
        """A run of letters: a word followed by `(` is a function; otherwise each letter is a name."""
        run = first
        while self.k < len(self.tokens) and self.tokens[self.k].isalpha() and len(self.tokens[self.k]) == 1:
            run += self.tokens[self.k]
            self.k += 1
        after = self.peek(skip_space=False)
        if len(run) > 1 and (after in ("(", "'", r"\left") or (after == "_" and run in FUNCTIONS)):
            return self.function(run)
        if len(run) >= 3 or (len(run) == 2 and run[0] == "d"):
            self.notes.add("juxtaposed:" + run)  # `dw`, `loss`: a product of letters, or one name (a guess)
        for letter in run[:-1]:
            self.single_letter(letter, last=False)
        self.single_letter(run[-1], last=True)

    def single_letter(self, letter: str, last: bool) -> None:
        if letter == "e" and not (last and self.peek(skip_space=False) == "_"):
            return self.emit(r"\E")
        if letter == "O" and last and self.peek() == "(":
            return self.emit(r"\bigO")
        if letter == "I" and last and self.peek(skip_space=False) == "_":
            save = self.k
            self.next()
            sub = self.group()
            if re.search(r"[<>]|\\leq|\\geq|\\le\b|\\ge\b", sub):
                self.emit(r"\ind", "_", "{")
                self.sub_reading(sub)
                return self.emit("}")
            self.k = save
        if not last:
            return self.emit(self.name_token(Name(letter)))
        return self.name_from(letter)

    def name_from(self, base: str, vector: bool = False) -> None:
        """A name with its sub- and superscripts and primes (see the module docstring)."""
        sub = sup = None
        power = None
        transposed = False
        for _ in range(3):
            nxt = self.peek(skip_space=False)
            if nxt == "_" and sub is None:
                self.next()
                sub = self.group()
            elif nxt == "^" and sup is None and power is None:
                save = self.k
                self.next()
                content = self.group()
                letter = re.fullmatch(r"[A-Za-z]", content)
                if content in ("T", r"\top", r"\intercal", r"\mathsf{T}", r"\mathrm{T}"):
                    transposed = True
                    sup = ""
                elif _DECORATION_SUPERSCRIPT.match(content) or (letter and self.is_decoration(base, content, sub)) \
                        or self.is_layer(base, content):
                    sup = content
                else:
                    power = content
                    self.k = save
                    break
            else:
                break
        if transposed:
            sup = None if sup == "" else sup
        while self.peek(skip_space=False) == "'" and self.peek(1, skip_space=False) not in ("(",):
            self.next()
            sup = (sup or "") + "'"
        name = Name(base, sub, sup)
        if vector or transposed:
            self.notes.add("vector:" + name.ident)
        if transposed:
            self.notes.add("transposed:" + name.ident)
        self.emit(self.name_token(name))
        if transposed:
            self.emit(r"\T")

    def is_decoration(self, base: str, letter: str, sub: str | None) -> bool:
        """A letter superscript is a name's when the sheet writes it beside a subscript, or it is a capital."""
        if (base, letter) in self.decorated:
            return True
        return (sub is not None or letter.isupper()) and letter not in _POWER_LETTERS

    def is_layer(self, base: str, content: str) -> bool:
        """A superscript that numbers a layer (`a^2`, `z^{l-1}`) of a base the sheet writes with layer letters."""
        return (base, LAYERED) in self.decorated and _LAYER_SUPERSCRIPT.fullmatch(content) is not None

    def superscript_of_expression(self) -> None:
        content = self.group()
        if content in ("T", r"\top", r"\intercal"):
            return self.emit(r"\T")  # the translator notes a transpose of what is not a declared vector
        self.emit("^", "{")
        self.sub_reading(content)
        self.emit("}")

    def norm(self, closing: tuple[str, ...]) -> None:
        """`\\|v\\|`, `||W||` of one name: its norm ‖v‖, a nonnegative number, read as one name `norm_v` (noted
        `norm:` with the name normed, so that the link knows its domain and which vector it measures)."""
        k = self.k
        while k < len(self.tokens) and tuple(self.tokens[k:k + len(closing)]) != closing:
            k += 1
        if k >= len(self.tokens):
            raise Unreadable("a norm ‖·‖ without its closing bars")
        inner = _Normaliser("".join(self.tokens[self.k:k]), self.decorated)
        inner.run()
        if len(inner.out) != 1 or inner.out[0] not in inner.names:
            raise Unreadable("a norm ‖·‖ of an expression (not of one name) is not read")
        self.k = k + len(closing)
        normed = inner.names[inner.out[0]]
        order = None
        if self.peek(skip_space=False) == "_":
            save = self.k
            self.next()
            order = self.group().strip()
            if order not in ("1", "2", r"\infty"):
                self.k = save
                raise Unreadable(f"the norm ‖·‖_{order} is not read")
            order = None if order == "2" else order.lstrip("\\")
        atom = NormName("norm", normed.ident, order, normed.latex)
        self.notes.add(f"norm:{atom.ident}:{normed.ident}")
        self.emit(self.name_token(atom))

    def bar(self, token: str) -> None:
        """`|x|` → \\abs{x}; `|W^{(1)}|` of a matrix or set name is its size (\\card, read when its shape is
        declared)."""
        depth, k = 0, self.k
        while k < len(self.tokens):
            t = self.tokens[k]
            if t in ("{", "(", r"\left"):
                depth += 1 if t != r"\left" else 0
            elif t in ("}", ")"):
                depth -= 1
            elif t in ("|", r"\vert", r"\rvert", r"\mid") and depth == 0:
                break
            k += 1
        else:
            raise Unreadable("an unmatched |")
        inner = "".join(self.tokens[self.k:k])
        self.k = k + 1
        if re.fullmatch(r"\s*([A-Z]|[A-Za-z]\^\{\(\d+\)\}|\\mathcal\{[A-Z]\})\s*", inner):
            self.emit(r"\card", "(")
            self.sub_reading(inner)
            return self.emit(")")
        self.emit(r"\abs", "{")
        self.sub_reading(inner)
        self.emit("}")

    def fraction(self) -> None:
        top, bottom = self.group(), self.group()
        d = r"(?:d|\\partial|\\mathrm\{d\}|\\mathrm d)"
        match_bottom = re.fullmatch(rf"\s*{d}\s*(.+?)\s*", bottom)
        match_top = re.fullmatch(rf"\s*{d}(\^\{{?2\}}?)?(?![A-Za-z_^])\s*(.*)", top) or \
            re.fullmatch(rf"\s*{d}(\^\{{?2\}}?)?\s+(.*)", top) or re.fullmatch(rf"\s*{d}(\^\{{?2\}}?)?(.*)", top)
        second = bool(match_top and match_top.group(1))
        variable = match_bottom.group(1) if match_bottom else ""
        if second:
            variable = re.sub(r"\^\{?2\}?$", "", variable)
        if match_bottom and match_top and bottom.lstrip().startswith(r"\partial") and re.search(r"[A-Za-z]", variable) \
                and not self._is_name(variable):
            raise Unreadable(f"a derivative by the expression {variable.strip()} (a chain rule through "
                             "Jacobians) is not read")
        if match_bottom and match_top and self._is_name(variable):
            body = match_top.group(2).strip()
            if body and self._is_function_word(body):
                body = f"{body}({variable})"  # dσ/dz: the derivative of σ(z)
            # ∂f/∂x (\diff) holds its body, and so does ∂/∂x followed by a group (its scope written); the operator
            # ∂/∂x before anything else (\dop) applies to what follows it
            grouped = not body and self.peek() in ("(", "[", r"\left", r"\big", r"\Big", r"\bigl", r"\Bigl")
            self.emit((r"\diff" if body or grouped else r"\dop") + ("2" if second else ""), "{")
            self.sub_reading(variable)
            self.emit("}")
            if body:
                self.emit("(")
                self.sub_reading(body)
                self.emit(")")
            return
        self.emit(r"\frac", "{")
        self.sub_reading(top)
        self.emit("}", "{")
        self.sub_reading(bottom)
        self.emit("}")

    def _is_function_word(self, latex: str) -> bool:
        """Whether `latex` is a function written without its argument (`\\sigma`, `\\tanh`, `\\text{ReLU}`)."""
        try:
            inner = _Normaliser(latex, self.decorated)
            inner.run()
        except Unreadable:
            return False
        return len(inner.out) == 1 and inner.out[0].startswith("F")

    def _is_name(self, latex: str) -> bool:
        try:
            inner = _Normaliser(latex, self.decorated)
            inner.names = dict(self.names)
            inner.run()
        except Unreadable:
            return False
        return len(inner.out) == 1 and inner.out[0].startswith("N")

    def transparent(self) -> None:
        """A command whose argument is read as it stands: `\\ensuremath{x}`, `\\mathord{x}`, `\\textcolor{red}{x}`,
        `\\underbrace{x}_{…}` (its label dropped), `\\color{red}` and `\\hspace{…}` (nothing)."""
        t = self.next()
        arguments, read = _TRANSPARENT[t]
        groups = [self.group() for _ in range(arguments)]
        if t in (r"\underbrace", r"\overbrace") and self.peek() in ("_", "^"):
            self.next()
            self.group()
        if read is not None:
            self.emit("{")
            self.sub_reading(groups[read])
            self.emit("}")

    def skip_limits(self) -> None:
        """Past `\\limits`, `\\nolimits` and spaces, which only place a big operator's range."""
        while self.k < len(self.tokens) and (self.tokens[self.k].isspace()
                                             or self.tokens[self.k] in (r"\limits", r"\nolimits")):
            self.k += 1

    def big_operator(self, t: str) -> None:
        self.skip_limits()
        if self.peek(skip_space=False) != "_":
            raise Unreadable(f"{t} without its index range")
        self.next()
        lower = self.group()
        self.skip_limits()
        if self.peek(skip_space=False) != "^" and t == r"\sum" and re.fullmatch(r"\s*[A-Za-z]\s*", lower):
            return self.emit(r"\sumover", "_", "{", self.name_token(Name(lower.strip())), "}")
        if self.peek(skip_space=False) != "^":
            raise Unreadable(f"{t}_{{{lower}}} without an upper bound")
        self.next()
        upper = self.group()
        match = re.fullmatch(r"\s*([A-Za-z])\s*=\s*(.+)", lower)
        if not match:
            raise Unreadable(f"{t}_{{{lower}}}: the index range is not i = a")
        self.emit(t, "_", "{", self.name_token(Name(match.group(1))), "=")
        self.sub_reading(match.group(2))
        self.emit("}", "^", "{")
        self.sub_reading(upper)
        self.emit("}")

    def limit(self) -> None:
        if self.peek(skip_space=False) != "_":
            raise Unreadable(r"\lim without its variable")
        self.next()
        below = self.group()
        match = re.fullmatch(r"\s*(.+?)\s*(\\to|\\rightarrow)\s*(.+)", below)
        if match and not self._is_name(match.group(1)):
            raise Unreadable(rf"\lim_{{{below}}}: the limit variable is not a name but the expression "
                             f"{match.group(1)} (a limit as an expression tends somewhere, the rest held how, is not "
                             "read)")
        if not match:
            raise Unreadable(rf"\lim_{{{below}}}: the limit variable is not a name")
        self.emit(r"\lim", "_", "{")
        self.sub_reading(match.group(1))
        self.emit(r"\to")
        self.sub_reading(match.group(3))
        self.emit("}")

    def script(self, *markers: str) -> bool:
        """A following `_…` or `^…` (one of `markers`) emitted as `_ { … }`; whether there was one."""
        marker = self.peek(skip_space=False)
        if marker not in markers:
            return False
        self.next()
        self.emit(marker, "{")
        self.sub_reading(self.group())
        self.emit("}")
        return True

    def nabla(self) -> None:
        self.emit(r"\nabla")
        self.script("_", "^")

    def word(self, text: str) -> None:
        key = normal_word(text.strip())
        if re.fullmatch(r"[A-Za-z]+\s*\(.*\)", key):
            return self.sub_reading(key)  # `\text{softmax(x)}`: a function written inside the text
        if key in FUNCTIONS or (re.fullmatch(r"[A-Za-z]+", key) and self.peek() in ("(", "'", "_", "^")):
            return self.function(key)
        if key in ("e",):
            return self.emit(r"\E")
        if re.fullmatch(r"[A-Za-z]", key):
            return self.name_from(key)
        if _TEXT_NAME.fullmatch(key) and key.lower().replace("\\", "") not in PROSE_WORDS:
            return self.name_from(rf"\text{{{key}}}")  # `\text{output} = σ(Wx + b)`: a name written as a word
        raise Unreadable(f"the text '{key}' inside the mathematics")

    def function(self, word: str) -> None:
        if word in ("max", "min") and _family_extremum(self, word):
            return None
        name = FUNCTIONS.get(word, word)
        based = name == "log" and self.peek(skip_space=False) == "_"
        self.emit("Flog_base" if based else "F" + re.sub(r"\W", "_", name))
        self.script("_")

    def blackboard(self, letter: str) -> None:
        if letter.strip() == "1":
            self.emit(r"\ind")
            self.script("_")
            return None
        if letter.strip() == "R" and self.peek(skip_space=False) == "_":
            self.next()
            sign = self.group()
            if sign in ("+", r"\geq 0", r"{+}"):
                return self.emit(r"\Rpos")
            if sign in ("-", "{-}"):
                return self.emit(r"\Rneg")
        raise Unreadable(rf"\mathbb{{{letter}}} (a set) is not read")

    def environment(self) -> None:
        name = self.group()
        if name in _COLUMN_ENVIRONMENTS:
            return _column(self)
        if name not in ("cases", "dcases"):
            raise Unreadable(f"the environment {name} (matrices and arrays are not read)")
        depth, k, start = 1, self.k, self.k
        while k < len(self.tokens):
            if self.tokens[k] == r"\begin":
                depth += 1
            elif self.tokens[k] == r"\end":
                depth -= 1
                if depth == 0:
                    break
            k += 1
        body = "".join(self.tokens[start:k])
        self.k = k + 1
        if self.k <= len(self.tokens):
            self.group()
        self.emit(r"\cases", "{")
        rows = [r for r in _split_top(body, r"\\") if r.strip()]
        for n, row in enumerate(rows):
            if n:
                self.emit(r"\row")
            parts = _split_top(row, "&")
            if len(parts) != 2:
                raise Unreadable("a case without its condition after &")
            value, condition = parts
            value = re.sub(r",\s*$", "", value.strip())
            otherwise = bool(_OTHERWISE.search(condition))
            condition = _CONDITION_WORDS.sub(" ", condition)
            condition = re.sub(r"[.,;]\s*$", "", condition.strip()).strip()
            self.sub_reading(value)
            self.emit(r"\amp")
            if otherwise or not condition:
                self.emit(r"\else")
            else:
                self.sub_reading(condition)
        self.emit("}")


_TEXT_NAME = re.compile(r"[A-Za-z][A-Za-z0-9]*(?:\\?_[A-Za-z0-9]+)*")
"""A word inside `\\text{…}` that may be a name (`output`, `Loss`, `in\\_grad`)."""
PROSE_WORDS = frozenset({
    "and", "or", "if", "for", "where", "with", "then", "else", "otherwise", "all", "each", "every", "when", "since",
    "so", "is", "are", "the", "of", "to", "in", "on", "at", "by", "as", "we", "let", "be", "such", "that", "st", "iff",
    "not", "any", "some", "also", "und", "oder", "für", "wenn", "sonst", "et", "ou", "pour", "si", "où", "sinon",
    "y", "o", "para", "donde"})
"""Words of the prose written inside the mathematics (`\\text{ for all }`, `\\text{und}`): never names."""


_ELLIPSES = (r"\dots", r"\ldots", r"\cdots", "...")
_FAMILY_ITEM = re.compile(r"(?P<base>[A-Za-z]|\\[A-Za-z]+)_(?:\{(?P<sub>[A-Za-z0-9]+)\}|(?P<sub1>[A-Za-z0-9]))")


def _family_extremum(normaliser: _Normaliser, word: str) -> bool:
    r"""`\max\{a_1, a_2, \dots, a_n\}` (also `\max(\{…\})`, `\max(a_1, \dots, a_n)`): the max of the family
    a_i, i = 1, …, n, read as one real atom (noted `atoms`: no claim is refuted through it), when the written
    terms are a_1, a_2, … (consecutive from 1) and a last a_n (n a letter or a larger number). Whether the
    argument list holds an ellipsis; consumed then, else untouched."""
    save = normaliser.k
    opening = normaliser.peek()
    if opening not in ("(", r"\{"):
        return False
    normaliser.next()
    depth, inner = 1, []
    while depth:
        if normaliser.k >= len(normaliser.tokens):
            normaliser.k = save
            return False
        t = normaliser.tokens[normaliser.k]
        normaliser.k += 1
        depth += 1 if t in ("(", r"\{", "{") else -1 if t in (")", r"\}", "}") else 0
        if depth:
            inner.append(t)
    text = "".join(t for t in inner if t not in _DROP).strip()
    if opening == "(" and text.startswith(r"\{") and text.endswith(r"\}"):
        text = text[2:-2]
    items = [item.strip() for item in _split_top(text, ",")]
    if not any(item in _ELLIPSES for item in items):
        normaliser.k = save
        return False
    normaliser.emit(normaliser.name_token(Name(_family_name(word, items))))
    normaliser.notes.add("atoms")
    return True


def _family_name(word: str, items: list[str]) -> str:
    """The LaTeX of the family extremum written by `items`, or `Unreadable` when they are not a_1, a_2, …, a_n."""
    reason = "an ellipsis whose written terms are not a_1, a_2, …, a_n"
    if len(items) < 3 or items[-2] not in _ELLIPSES or items.count(items[-2]) != 1:
        raise EllipsisNotRead(reason)
    matches = [_FAMILY_ITEM.fullmatch(item) for item in items[:-2] + items[-1:]]
    if not all(matches):
        raise EllipsisNotRead(reason)
    bases = {m.group("base") for m in matches}
    subs = [m.group("sub") or m.group("sub1") for m in matches]
    last = subs[-1]
    if len(bases) != 1 or subs[:-1] != [str(n + 1) for n in range(len(subs) - 1)] or not (
            re.fullmatch(r"[A-Za-z]", last) or (last.isdigit() and int(last) > len(subs) - 1)):
        raise EllipsisNotRead(reason)
    base = bases.pop()
    return rf"\{word}\{{{base}_{{1}}, \dots, {base}_{{{last}}}\}}"


_COLUMN_ENVIRONMENTS = ("bmatrix", "pmatrix", "matrix", "Bmatrix")
"""Environments read as a column vector when they have one column (the entry reading of `entries.py`)."""


def _column(normaliser: _Normaliser) -> None:
    r"""`\begin{bmatrix} a \\ \vdots \\ c \end{bmatrix}` → `\column { a \row \vdots \row c }`: a column of
    written entries and vertical ellipses (what they stand for is decided by `entries.column_entry`)."""
    depth, k, start = 1, normaliser.k, normaliser.k
    tokens = normaliser.tokens
    while k < len(tokens) and depth:
        depth += {r"\begin": 1, r"\end": -1}.get(tokens[k], 0)
        k += 1
    if depth:
        raise Unreadable("a matrix environment does not end")
    body = "".join(tokens[start:k - 1])
    normaliser.k = k
    normaliser.group()
    rows = [row.strip() for row in _split_top(body, r"\\") if row.strip()]
    if not rows:
        raise Unreadable("an empty matrix")
    if any(len(_split_top(row, "&")) > 1 for row in rows):
        return _grid(normaliser, [[entry.strip() for entry in _split_top(row, "&")] for row in rows])
    normaliser.emit(r"\column", "{")
    for n, row in enumerate(rows):
        if n:
            normaliser.emit(r"\row")
        if row in (r"\vdots", r"\cdots", r"\dots", r"\ldots"):
            normaliser.emit(r"\vdots")
        else:
            normaliser.sub_reading(row)
    normaliser.emit("}")


def _grid(normaliser: _Normaliser, rows: list[list[str]]) -> None:
    r"""A matrix of written entries, `\begin{bmatrix} a & b \\ c & d \end{bmatrix}` or the row `[a, b]`, →
    `\grid { a \col b \row c \col d }` (no ellipsis: what one stands for in a grid is not read)."""
    normaliser.emit(r"\grid", "{")
    for n, row in enumerate(rows):
        if n:
            normaliser.emit(r"\row")
        for m, entry in enumerate(row):
            if m:
                normaliser.emit(r"\col")
            if entry in (*_ELLIPSES, r"\vdots", r"\ddots") or not entry:
                raise EllipsisNotRead("an ellipsis (…) in a matrix of written entries")
            normaliser.sub_reading(entry)
    normaliser.emit("}")


def _bracket_row(normaliser: _Normaliser) -> bool:
    r"""`[a, b]` or `\left[a, b\right]` (the `[` just read), two entries or more separated by commas at the top
    level, after no name or function (`E[g^2]`, `f[x]`): a row of written entries, read as a 1 × n grid. Whether
    it was one (consumed then; untouched otherwise)."""
    if normaliser.out and (normaliser.out[-1].startswith(("N", "F")) or normaliser.out[-1] in (")", "}")):
        return False
    depth, k, tokens = 1, normaliser.k, normaliser.tokens
    while k < len(tokens):
        t = tokens[k]
        if t in ("[", "{", "(", r"\{"):
            depth += 1
        elif t in ("]", "}", ")", r"\}"):
            depth -= 1
            if depth == 0:
                break
        k += 1
    if k >= len(tokens) or tokens[k] != "]":
        return False
    inner = "".join(tokens[normaliser.k:k])
    inner = re.sub(r"\\right\s*$", "", inner)
    entries = [e.strip() for e in _split_top(inner, ",")]
    if len(entries) < 2:
        return False
    normaliser.k = k + 1
    _grid(normaliser, [[re.sub(r"^\\,|\\,$", "", e).strip() for e in entries]])
    return True


def _split_top(text: str, separator: str) -> list[str]:
    parts, depth, start, k = [], 0, 0, 0
    while k < len(text):
        if text.startswith(r"\begin", k):
            depth += 1
        elif text.startswith(r"\end", k):
            depth -= 1
        elif text[k] == "{":
            depth += 1
        elif text[k] == "}":
            depth -= 1
        if depth == 0 and text.startswith(separator, k) and not (separator == "&" and text.startswith(r"\&", k - 1)):
            parts.append(text[start:k])
            k += len(separator)
            start = k
            continue
        if text[k] == "\\" and not text.startswith(separator, k):
            k += 2 if not text[k + 1:k + 2].isalpha() else 1
            continue
        k += 1
    parts.append(text[start:])
    return parts


_OTHERWISE = re.compile(r"\\(?:text|mathrm)\s*\{\s*(else|otherwise)\s*\}|\b(otherwise|else)\b")
_CONDITION_WORDS = re.compile(r"\\(?:text|mathrm)\s*\{\s*(if|for|when|,|)\s*\}")
"""The words of a case's condition: "otherwise" / "else" make it the last case; "if", "for" are dropped."""


_OPEN = {"(": ")", "{": "}", "[": "]"}
_SUM_ELLIPSIS = re.compile(r"\\(?:c|l)?dots(?![A-Za-z])")


def written_sums(latex: str) -> str:
    r"""`t(1) + t(2) + \dots + t(n)` → `\sum_{i=1}^{n} {t(i)}`, when the terms around one ellipsis (inside the
    innermost brackets that hold it) are one term at the indices 1, 2, … (written as subscripts `_1`, `_{2}`) and
    a last one at a letter or a larger number; any other ellipsis is left as written (and not read).

    >>> written_sums(r"\ln(e^{a_1} + e^{a_2} + \dots + e^{a_n})")
    '\\ln(\\sum_{i=1}^{n} {e^{a_{i}}})'
    >>> written_sums(r"0 + 0 + \dots + 1 + \dots + 0")
    '0 + 0 + \\dots + 1 + \\dots + 0'
    """
    for match in _SUM_ELLIPSIS.finditer(latex):
        start, end = _enclosing(latex, match.start())
        rewritten = _family_sum(latex[start:end])
        if rewritten is not None:
            return written_sums(latex[:start] + rewritten + latex[end:])
    return latex


def _enclosing(text: str, at: int) -> tuple[int, int]:
    """The span of the content of the innermost brackets around `at` (the whole text when there are none)."""
    depth, start = 0, 0
    for k in range(at - 1, -1, -1):
        if text[k] in _OPEN.values() and text[k - 1:k] != "\\":
            depth += 1
        elif text[k] in _OPEN and text[k - 1:k] != "\\":
            if depth == 0:
                start = k + 1
                break
            depth -= 1
    depth, end = 0, len(text)
    for k in range(at, len(text)):
        if text[k] in _OPEN and text[k - 1:k] != "\\":
            depth += 1
        elif text[k] in _OPEN.values() and text[k - 1:k] != "\\":
            if depth == 0:
                end = k
                break
            depth -= 1
    return start, end


def _family_sum(content: str) -> str | None:
    """`\\sum_{i=1}^{n} {t(i)}` for `t(1) + t(2) + … + t(n)`, or None when the terms are not of that pattern."""
    items = [item.strip() for item in _split_top(content, "+")]
    dots = [n for n, item in enumerate(items) if _SUM_ELLIPSIS.fullmatch(item)]
    if len(dots) != 1 or dots[0] != len(items) - 2 or len(items) < 3 or any(
            _SUM_ELLIPSIS.search(item) for item in items[:-2]):
        return None
    index = next((c for c in "ijklm" if not re.search(rf"(?<![A-Za-z\\]){c}(?![A-Za-z])", content)), None)
    last = re.search(r"_\{?([A-Za-z]|\d+)\}?", items[-1])
    if index is None or last is None:
        return None
    written = [*[(item, str(n + 1)) for n, item in enumerate(items[:-2])], (items[-1], last.group(1))]
    if last.group(1).isdigit() and int(last.group(1)) <= len(items) - 2:
        return None
    templates = set()
    for item, at in written:
        pattern = rf"_(?:\{{{re.escape(at)}\}}|{re.escape(at)}(?![0-9A-Za-z]))"
        if not re.search(pattern, item):
            return None
        templates.add(re.sub(pattern, "_{" + index + "}", item))
    if len(templates) != 1:
        return None
    return rf"\sum_{{{index}=1}}^{{{last.group(1)}}} {{{templates.pop()}}}"


def read_term(latex: str, decorated: frozenset[tuple[str, str]] = frozenset(), printed: bool = False) -> Reading:
    r"""The parse tree of one term (a side of a relation), with its names.

    >>> r = read_term(r"\text{sigmoid}(x) W^{(1)}")
    >>> r.tree.data, sorted(n.ident for n in r.names.values())
    ('mul', ['W_up1', 'x'])
    """
    normaliser = _Normaliser(written_sums(latex), decorated)
    normaliser.run()
    tokens = normaliser.out
    if not tokens:
        raise Unreadable("an empty term")
    try:
        tree = _parser().parse(" ".join(tokens))
    except LarkError as error:
        raise Unreadable(f"not a formula the reader knows ({type(error).__name__})") from None
    if not printed:  # proofsheet's own printing writes ∂/∂x f g for (∂f/∂x) g: read as printed
        _operator_scopes(tree)
    return Reading(tree, normaliser.names, normaliser.notes)


_DERIVATIVE_OPERATORS = frozenset({"diff_operator", "diff2_operator"})
_GROUPED = frozenset({"add", "sub", "neg", "mul", "div"})
"""Operands that only parentheses put in a factor's place: the operator's scope is written."""


def _factors_of(term: Tree | object) -> list:
    """The factors of a product (through ·, /, and a leading minus)."""
    if isinstance(term, Tree) and term.data in ("mul", "mul_neg", "div", "neg"):
        return [f for child in term.children for f in _factors_of(child)]
    return [term]


def _operator_scopes(tree: Tree) -> None:
    r"""A term with a derivative operator (∂/∂x, d/dx with nothing above the bar) not followed by parentheses, which
    further terms follow, is not read: `∂/∂w w a + b` may mean ∂(wa)/∂w + b or ∂(wa + b)/∂w, and sheets mean both
    (the operator applies to the product after it, as the grammar reads it; where that product ends is the guess).

    >>> _operator_scopes(read_term(r"\frac{\partial}{\partial w} (w a + b)").tree)
    >>> _operator_scopes(read_term(r"\frac{\partial L}{\partial w} a + b").tree)
    >>> _operator_scopes(read_term(r"\frac{\partial}{\partial w} w a + b").tree)
    Traceback (most recent call last):
    ...
    derivations.audit.reasons.Ambiguous: the scope of a derivative operator is not written: ...
    """
    for node in tree.iter_subtrees():
        if node.data not in ("add", "sub"):
            continue
        term = node.children[0]
        while isinstance(term, Tree) and term.data in ("add", "sub"):
            term = term.children[-1]
        for factor in _factors_of(term):
            if isinstance(factor, Tree) and factor.data in _DERIVATIVE_OPERATORS and not (
                    isinstance(factor.children[-1], Tree) and factor.children[-1].data in _GROUPED):
                raise Ambiguous("the scope of a derivative operator is not written: it may end before the terms "
                                "that follow or take them in (∂/∂x (…) says which)")


__all__ = ["FUNCTIONS", "Name", "Reading", "Unreadable", "decorations", "read_term"]
