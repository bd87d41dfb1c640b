"""Chains of relations inside a display: rows, `&=` continuations, `a = b = c`

A display is cut into rows at its top-level `\\\\` (not inside `cases`, a matrix or braces) after its alignment
environment (`aligned`, `split`, `align`, `gather`, …, also mismatched ones: any `\\end{…}` closes the innermost
`\\begin{…}`) is taken off. A row is cut at its top-level relations (`=`, `:=`, `<`, `\\leq`, `\\geq`,
`\\stackrel{…}{=}`, `\\Rightarrow`, …) and at `\\quad` between equations; a row that begins with a relation
continues the chain of the row before (`lhs &= r_1 \\\\ &= r_2`), so that the chain is the sequence of its
terms and relations, each term with its offset in the file.
A top-level `\\forall` (or `\\exists`, `\\text{where …}`, `\\text{for all …}`, `\\text{if …}`) ends the row's
chain: the rest of the row is a clause qualifying it (`v \\cdot x_i = 0, \\forall 0 < i \\leq d, i \\in \\mathbb{Z}`
is one equation under `∀ 0 < i ≤ d`), kept as the chain's `qualifier`, never cut into terms.

Main definitions
- `Term`: a term of a chain (its LaTeX and offset).
- `Chain`: terms t_0 … t_n and relations r_1 … r_n (t_{k-1} r_k t_k), with the row of each term.
- `chains_of(math)`: the chains of one piece of mathematics, every one that holds a relation (one that begins
  with a relation is `leading`; one that ends with a relation lacks its last term: see `Chain.complete`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import Math

ALIGNMENT = ("aligned", "align", "align*", "split", "gather", "gather*", "gathered", "equation", "equation*",
             "multline", "multline*", "eqnarray", "eqnarray*", "flalign", "flalign*", "alignat", "alignat*",
             "alignedat", "displaymath", "math", "array")
RELATIONS = {
    "=": "=", ":=": ":=", "=:": "=:", "<": "<", ">": ">", r"\leq": "<=", r"\le": "<=", r"\leqslant": "<=",
    r"\geq": ">=", r"\ge": ">=", r"\geqslant": ">=", r"\neq": "!=", r"\ne": "!=", r"\approx": "~", r"\equiv": "=",
    r"\Rightarrow": "=>", r"\implies": "=>", r"\Longrightarrow": "=>", r"\Leftrightarrow": "<=>", r"\iff": "<=>",
    r"\in": "in", r"\mapsto": "|->", r"\to": "->", r"\rightarrow": "->", r"\propto": "~", r"\sim": "~",
    r"\coloneqq": ":=", r"\triangleq": ":=", r"\doteq": ":=", r"\stackrel": "=", r"\overset": "=",
}
"""The relations a chain is cut at, with their kinds (`=` is checked, `:=` defines, the others are noted)."""

_TOKEN = re.compile(r"\\[A-Za-z]+\*?|\\.|:=|=:|&|.", re.S)
_SEPARATORS = (r"\quad", r"\qquad")
QUANTIFIERS = (r"\forall", r"\exists")
"""Tokens that open a clause qualifying the chain before them: the rest of the row is that clause, not terms."""


@dataclass(frozen=True)
class Term:
    """A term of a chain: its LaTeX and the offset of its first character in the sheet."""

    latex: str
    offset: int


@dataclass
class Chain:
    """t_0 r_1 t_1 … r_n t_n, read from one or more rows of one display."""

    terms: list[Term] = field(default_factory=list)
    relations: list[str] = field(default_factory=list)
    rows: list[int] = field(default_factory=list)
    """The row (from 1) of each term."""
    marks: list[str] = field(default_factory=list)
    """The LaTeX of each relation as written (e.g. `\\stackrel{1}{=}`)."""
    qualifier: str | None = None
    """A quantifier clause that ends the row and qualifies the chain (`\\forall 0 < i \\leq d, i \\in \\mathbb{Z}`)."""
    leading: bool = False
    """The chain begins with a relation (`= b = c`): it continues a chain before it, or lacks its first term."""
    implies: str | None = None
    """`=>` (or `<=>`) when the chain's equation implies the next chain's (`a = b \\Rightarrow c = d`)."""

    @property
    def complete(self) -> bool:
        """Whether every relation has a term on each side."""
        return len(self.terms) == len(self.relations) + 1 and not self.leading


def _tokens(text: str) -> list[tuple[str, int]]:
    return [(m.group(0), m.start()) for m in _TOKEN.finditer(text)]


def _strip_alignment(text: str, offset: int) -> tuple[str, int]:
    """The body of an outer alignment environment (the environment and its argument removed)."""
    stripped = text.strip()
    lead = len(text) - len(text.lstrip())
    match = re.match(r"\\begin\{([A-Za-z]+\*?)\}(\{[^}]*\})?", stripped)
    if not match or match.group(1) not in ALIGNMENT:
        return text, offset
    end = re.search(r"\\end\{[A-Za-z]+\*?\}\s*$", stripped)
    body_end = end.start() if end else len(stripped)
    return stripped[match.end():body_end], offset + lead + match.end()


_ROW_SPACING = re.compile(r"\s*\[\s*-?[\d.]+\s*(em|ex|pt|mm|cm|mu|in|bp)\s*\]")
"""The extra space after a row break, `\\\\[1.2em]`: not a term."""
def _unwrapped(text: str) -> str:
    """`text` with `\\boxed{…}`, `\\fbox{…}` and colour commands around a relation blanked (same offsets), so that
    the relation inside them is cut like any other."""
    out = text
    for match in re.finditer(r"\\(boxed|fbox|bbox|colorbox\{[^{}]*\}|textcolor\{[^{}]*\})\s*\{", text):
        end = _skip_group(text, match.end() - 1)
        if not re.search(r"=|\\le|\\ge|<|>|\\approx", text[match.end():end - 1]):
            continue
        out = out[:match.start()] + " " * (match.end() - match.start()) + out[match.end():end - 1] + " " + out[end:]
    return out


def _rows(text: str, offset: int) -> list[tuple[str, int]]:
    """Top-level rows of an alignment body, each with its offset; nested environments and braces kept whole."""
    text, offset = _strip_alignment(text, offset)
    rows, depth, start = [], 0, 0
    for token, at in _tokens(text):
        if token in ("{",) or token == r"\begin":
            depth += 1
        elif token == "}" or token == r"\end":
            depth -= 1 if token == "}" else 0
            depth = max(depth, 0)
        if token == r"\end":
            depth = max(depth - 1, 0)
        if token == r"\\" and depth == 0:
            rows.append((text[start:at], offset + start))
            spacing = _ROW_SPACING.match(text, at + 2)
            start = spacing.end() if spacing else at + 2
    rows.append((text[start:], offset + start))
    return [(body, at) for body, at in rows if body.strip()]


def _cut(row: str, offset: int) -> list[tuple[str, int] | tuple[str, int, str]]:
    """A row cut into terms and relations (and `None` for a `\\quad` between separate equations)."""
    pieces: list = []
    depth, start, k = 0, 0, 0
    tokens = _tokens(row)
    env_depth = 0
    while k < len(tokens):
        token, at = tokens[k]
        if token == "{":
            depth += 1
        elif token == "}":
            depth = max(depth - 1, 0)
        elif token == r"\begin":
            env_depth += 1
        elif token == r"\end":
            env_depth = max(env_depth - 1, 0)
        elif token in ("(", r"\{", "[") or token == r"\left":
            depth += 1 if token != r"\left" else 0
        elif token in (")", r"\}", "]"):
            depth = max(depth - 1, 0)
        top = depth == 0 and env_depth == 0
        if top and token in (",", ";") and any(p[0] == "rel" for p in pieces[_last_separator(pieces):]) \
                and _holds_relation(tokens[k + 1:]):
            # `x = 1, y = 2`: equations side by side, separated by a comma
            pieces.append((row[start:at], offset + start))
            pieces.append(("sep", "", token))
            start = at + 1
            k += 1
            continue
        if top and (token in QUANTIFIERS or _clause_word(row, at, token)):
            if not row[start:at].strip() and pieces and pieces[-1][0] == "sep":
                pieces.pop()  # `a = b \quad \forall i`: the clause qualifies the equation before the space
            else:
                pieces.append((row[start:at], offset + start))
            pieces.append(("qual", row[at:].strip()))
            return pieces
        if top and (token in RELATIONS or token in _SEPARATORS or token == "&"):
            if token == "&" and k + 1 < len(tokens) and tokens[k + 1][0] == "&" and row[start:at].strip():
                # `a &= b && \text{from …}`: a second column of comments, cut off the chain (its own equations)
                pieces.append((row[start:at], offset + start))
                note = tokens[k + 1][1] + 1
                pieces.append(("note", row[note:], offset + note))
                return pieces
            if token == "&":
                k += 1
                continue
            if token in (r"\stackrel", r"\overset"):
                end = at
                for _ in range(2):
                    end = _skip_group(row, end + (len(token) if end == at else 0))
                pieces.append((row[start:at], offset + start))
                pieces.append(("rel", "=", row[at:end]))
                start = end
                while k < len(tokens) and tokens[k][1] < end:
                    k += 1
                continue
            if token == "=" and k > 0 and tokens[k - 1][0] == ":":
                pass
            pieces.append((row[start:at], offset + start))
            if token in _SEPARATORS:
                pieces.append(("sep", "", token))
            else:
                pieces.append(("rel", RELATIONS[token], token))
            start = at + len(token)
        k += 1
    pieces.append((row[start:], offset + start))
    return pieces


def _last_separator(pieces: list) -> int:
    """The index just past the last separator among `pieces` (0 if none)."""
    return max((n + 1 for n, p in enumerate(pieces) if p[0] == "sep"), default=0)


def _holds_relation(tokens: list[tuple[str, int]]) -> bool:
    """Whether `tokens` hold a relation at their top level (before any closing bracket of an outer group)."""
    depth = 0
    for token, _ in tokens:
        if token in ("{", "(", "[", r"\{", r"\begin"):
            depth += 1
        elif token in ("}", ")", "]", r"\}", r"\end"):
            depth -= 1
            if depth < 0:
                return False
        elif depth == 0 and token in RELATIONS and token not in (r"\to", r"\rightarrow", r"\mapsto", r"\in"):
            return True
    return False


def _clause_word(row: str, at: int, token: str) -> bool:
    """Whether `\\text{where …}` (or "for all", "for every", "for each", "if", "when") at `at` opens a clause."""
    if token not in (r"\text", r"\textrm", r"\mbox", r"\quad\text"):
        return False
    return re.match(r"\\[a-z]+\s*\{\s*(where|for all|for every|for each|if|when)\b", row[at:], re.I) is not None


def _skip_group(text: str, k: int) -> int:
    while k < len(text) and text[k].isspace():
        k += 1
    if k < len(text) and text[k] == "{":
        depth = 0
        while k < len(text):
            if text[k] == "{":
                depth += 1
            elif text[k] == "}":
                depth -= 1
                if depth == 0:
                    return k + 1
            k += 1
    return k + 1


def _clean(term: str) -> str:
    """A term without alignment marks, tags, labels, the sentence's trailing punctuation and a leading connective
    (`\\therefore`, `\\because`: words of the prose between equations, not mathematics)."""
    term = re.sub(r"\\(tag|label|eqref)\*?\{[^}]*\}|\\nonumber|\\notag", " ", term)
    term = re.sub(r"^(?:\s|\\[,;:!]|\\q?quad(?![A-Za-z]))*\\(?:therefore|because|hence|thus)(?![A-Za-z])"
                  r"(?:\s|\\[,;:!]|\\q?quad(?![A-Za-z]))*", "", term)
    term = _top_level_ampersands(term)
    term = re.sub(r"(\\[,;:!]|\\quad|\\qquad|~|\s)+$", "", term.rstrip())
    term = re.sub(r"[.,;]+$", "", term.rstrip())
    return term.strip()


def _top_level_ampersands(term: str) -> str:
    """`term` with its alignment `&` removed (those of nested `cases` or matrices kept)."""
    out, depth = [], 0
    for token, _ in _tokens(term):
        if token == r"\begin":
            depth += 1
        elif token == r"\end":
            depth = max(depth - 1, 0)
        out.append(" " if token == "&" and depth == 0 else token)
    return "".join(out)


def chains_of(math: Math) -> list[Chain]:
    """The chains of one piece of mathematics (see the module docstring).

    >>> [c.relations for c in chains_of(Math(r"\\begin{aligned} a &= b \\\\ &= c \\end{aligned}", 0, True, ""))]
    [['=', '=']]
    """
    chains: list[Chain] = []
    notes: list[Chain] = []
    current: Chain | None = None
    for row_number, (row, at) in enumerate(_rows(_unwrapped(math.text), math.offset), start=1):
        pieces = _cut(row, at)
        first = pieces[0]
        if current is not None and len(pieces) > 1 and not _clean(first[0]) and pieces[1][0] == "rel":
            pieces = pieces[1:]
        elif current is None or current.relations or len(pieces) == 1 or pieces[1][0] != "rel" or _clean(first[0]):
            current = Chain()
            chains.append(current)
            current.leading = len(pieces) > 1 and pieces[1][0] == "rel" and not _clean(first[0])
        for piece in pieces:
            if piece[0] == "rel":
                current.leading = current.leading or not (current.terms or current.relations)
                current.relations.append(piece[1])
                current.marks.append(piece[2])
            elif piece[0] == "qual":
                current.qualifier = piece[1]
            elif piece[0] == "note":
                notes.extend(_note_chains(piece[1], piece[2], row_number))
            elif piece[0] == "sep":
                current = Chain()
                chains.append(current)
            else:
                text, offset = piece
                cleaned = _clean(text)
                if not cleaned:
                    continue
                lead = len(text) - len(text.lstrip())
                current.terms.append(Term(cleaned, offset + lead))
                current.rows.append(row_number)
    return _split_implications([c for c in chains + notes if c.relations])


_NOTE_WORDS = re.compile(r"^\s*(?:\\(?:text|mathrm|textrm|hspace|quad|qquad)\b\s*(?:\{[^{}]*\})?\s*)+")


def _note_chains(text: str, offset: int, row: int) -> list[Chain]:
    """The chains of a comment column (`&& \\text{from } f' = g`): its words dropped, its equations read alone."""
    words = _NOTE_WORDS.match(text)
    start = words.end() if words else 0
    chains = chains_of(Math(text[start:], offset + start, True, ""))
    for chain in chains:
        chain.rows = [row] * len(chain.rows)
    return chains


IMPLICATIONS = ("=>", "<=>")


def _split_implications(chains: list[Chain]) -> list[Chain]:
    """Chains cut at `\\Rightarrow` and `\\iff`: `a = b \\Rightarrow c = d` is two chains, the first marked
    `implies` (its equation is the premise of the next one's); a lone `\\quad \\Rightarrow \\quad` between two
    equations marks the chain before it."""
    out: list[Chain] = []
    for chain in chains:
        if not chain.terms and all(r in IMPLICATIONS for r in chain.relations) and out:
            out[-1].implies = chain.relations[0]
            continue
        sequence: list[Term | None] = ([None] if chain.leading else []) + list(chain.terms)
        rows: list[int | None] = ([None] if chain.leading else []) + list(chain.rows)
        start = 0
        for k, relation in enumerate(chain.relations):
            if relation in IMPLICATIONS and k + 1 < len(sequence):
                out.append(_part(chain, sequence, rows, start, k, implies=relation))
                start = k + 1
        out.append(_part(chain, sequence, rows, start, len(chain.relations), implies=None))
    return [c for c in out if c.relations or c.implies]


def _part(chain: Chain, sequence: list, rows: list, start: int, end: int, implies: str | None) -> Chain:
    """The chain of `chain`'s terms start … end (relations start … end - 1)."""
    terms = sequence[start:end + 1]
    return Chain(terms=[t for t in terms if t is not None], relations=chain.relations[start:end],
                 rows=[r for t, r in zip(terms, rows[start:end + 1], strict=False) if t is not None],
                 marks=chain.marks[start:end], qualifier=chain.qualifier if implies is None else None,
                 leading=terms[0] is None if terms else False, implies=implies)


__all__ = ["RELATIONS", "Chain", "Term", "chains_of"]
