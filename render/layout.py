"""Display layout: long formulas broken over lines instead of shrunk

A display that does not fit the line is broken where mathematics allows it, and only what still does not fit is
scaled, never below `FLOOR` of its size (the `\\fitmath` macro of `base.tex.j2`). The decision rests on an
estimate of the typeset width of LaTeX maths in em (`width`): letters about half an em, binary operators and
relations with their spaces, fractions as wide as their wider part, scripts at 70 %, matrices as the sum of their
columns. The estimate errs on the wide side, so that a formula estimated to fit does fit.

A claim `lhs ⋈ rhs` that is too wide keeps a short left side beside its right side, continued below it at its
top-level `+` and `−`, when the pieces fit there; else it becomes `lhs` on one line and `⋈ rhs` on the next; a
side still too wide is split at its top-level `+` and `−` (outside every brace, `\\left … \\right` pair and
environment). A
derivation row too wide gets its justification in a narrower paragraph, and if that is not enough the chain
starts on a line of its own and long steps are split the same way.

Main definitions
- `width(tex)`: estimated width of display maths, in em.
- `top_level(tex, tokens)`: positions of tokens outside braces, delimiters and environments.
- `claim_display(math)`: the LaTeX of a claim's display.
- `Row`, `derivation_rows(start, steps)`: the rows of a derivation's `aligned` block.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

LINE = 42.0
"""The text width (16.6 cm at 11 pt) in em, less a margin for the estimate's error."""
FLOOR = 0.8
"""The smallest scale a display is ever set at (the `\\fitmath` macro of `base.tex.j2` applies it)."""
WHY_MIN = 9.0
"""The narrowest paragraph, in em, a justification is set in."""

_SPACE = {",": 0.17, ":": 0.22, ";": 0.28, "!": -0.17, " ": 0.33, "quad": 1.0, "qquad": 2.0}
_WIDE = {"cdot": 0.8, "times": 1.0, "le": 1.3, "ge": 1.3, "leq": 1.3, "geq": 1.3, "ne": 1.3, "neq": 1.3,
         "in": 1.2, "to": 1.5, "approx": 1.3, "setminus": 1.0, "mapsto": 1.5, "infty": 1.0, "sum": 1.4,
         "prod": 1.4, "int": 1.0, "partial": 0.6, "nabla": 0.8, "ldots": 1.2, "cdots": 1.2, "colon": 0.5}
_WORD = ("text", "mathrm", "operatorname", "textrm", "mathit", "textsf", "mathsf", "texttt", "mathtt")
_SCRIPT = 0.7
_TOKEN = re.compile(r"\\([A-Za-z]+|.)|(\s+)|(.)", re.S)
_MATRIX = {"matrix", "pmatrix", "bmatrix", "vmatrix", "Vmatrix", "smallmatrix", "cases", "array", "aligned",
           "dcases"}


def _group(tex: str, k: int) -> tuple[str, int]:
    """The braced group (or single token) at `tex[k:]`: (its contents, the index after it)."""
    while k < len(tex) and tex[k] == " ":
        k += 1
    if k >= len(tex):
        return "", k
    if tex[k] != "{":
        match = _TOKEN.match(tex, k)
        return match.group(0), match.end()
    depth = 0
    for j in range(k, len(tex)):
        if tex[j] == "\\":
            continue
        if tex[j] == "{" and (j == 0 or tex[j - 1] != "\\"):
            depth += 1
        elif tex[j] == "}" and tex[j - 1] != "\\":
            depth -= 1
            if depth == 0:
                return tex[k + 1:j], j + 1
    return tex[k + 1:], len(tex)


def _environment(tex: str, k: int, name: str) -> tuple[str, int]:
    """The body of the environment `name` that starts at `tex[k:]` (after `\\begin{name}`), and the index after."""
    depth, pattern = 1, re.compile(r"\\(begin|end)\{" + re.escape(name) + r"\}")
    for match in pattern.finditer(tex, k):
        depth += 1 if match.group(1) == "begin" else -1
        if depth == 0:
            return tex[k:match.start()], match.end()
    return tex[k:], len(tex)


def _matrix_width(body: str) -> float:
    """Columns side by side, each as wide as its widest cell, 1 em apart."""
    columns: list[float] = []
    for row in (r for r in split_at(body, "\\\\") if r.strip()):
        for j, cell in enumerate(split_at(row, "&")):
            w = width(cell)
            if j < len(columns):
                columns[j] = max(columns[j], w)
            else:
                columns.append(w)
    return sum(columns) + len(columns)


def width(tex: str) -> float:
    """Estimated width of display maths in em (on the wide side).

    >>> width("x"), width("x + y"), width(r"\\frac{a + b}{c}")
    (0.55, 2.3, 2.6)
    >>> width(r"\\begin{matrix}a & b\\\\c & d\\end{matrix}") == 2 * 0.55 + 2
    True
    """
    total, k = 0.0, 0
    while k < len(tex):
        match = _TOKEN.match(tex, k)
        command, space, char = match.groups()
        k = match.end()
        if space:
            continue
        if command is None:
            if char in "{}":
                continue
            if char in "^_":
                script, k = _group(tex, k)
                total += _SCRIPT * width(script)
            elif char in "+-=<>":
                total += 1.2
            elif char in ",;":
                total += 0.45
            elif char in "()[]|.'/":
                total += 0.4
            elif char == "&":
                continue
            else:
                total += 0.55
        elif command in ("frac", "dfrac", "tfrac", "binom"):
            top, k = _group(tex, k)
            bottom, k = _group(tex, k)
            scale = _SCRIPT if command == "tfrac" else 1.0
            total += scale * max(width(top), width(bottom)) + 0.3
        elif command == "sqrt":
            body, k = _group(tex, k)
            total += width(body) + 1.0
        elif command in _WORD:
            body, k = _group(tex, k)
            total += 0.5 * len(re.sub(r"\\[A-Za-z]+|[{}]", "", body)) + (0.4 if command == "operatorname" else 0)
        elif command in ("mathbb", "mathbf", "mathcal", "boldsymbol", "bm", "hat", "bar", "tilde", "vec",
                         "overline", "mathfrak"):
            body, k = _group(tex, k)
            total += max(width(body), 0.7)
        elif command == "begin":
            name, k = _group(tex, k)
            if name == "array":
                _, k = _group(tex, k)
            body, k = _environment(tex, k, name)
            total += _matrix_width(body) + (1.0 if name in ("cases", "dcases") else 0.0)
        elif command in ("left", "right", "bigl", "bigr", "Bigl", "Bigr", "big", "Big"):
            delimiter, k = _group(tex, k)
            total += 0.0 if delimiter == "." else 0.5
        elif command in _SPACE:
            total += _SPACE[command]
        elif command in _WIDE:
            total += _WIDE[command]
        elif command in ("displaystyle", "textstyle", "limits", "nolimits", "mathrel", "mathop", "mathbin"):
            continue
        elif command in "{}|":
            total += 0.5
        elif len(command) > 1 and command in ("log", "exp", "sin", "cos", "tanh", "det", "max", "min", "lim",
                                              "sinh", "cosh", "tan", "ln", "sup", "inf", "arg"):
            total += 0.5 * len(command) + 0.2
        else:
            total += 0.6
    return round(total, 4)


_OPEN = re.compile(r"\\left\b|\\begin\{")
_CLOSE = re.compile(r"\\right\b|\\end\{")


def top_level(tex: str, tokens: tuple[str, ...]) -> list[int]:
    """Where the tokens occur outside braces, `\\left … \\right` pairs and environments.

    >>> top_level(r"a + \\left(b + c\\right) + {d + e}", (" + ",))
    [1, 22]
    """
    found, depth, k = [], 0, 0
    while k < len(tex):
        if depth == 0 and any(tex.startswith(t, k) for t in tokens if t.startswith("\\")):
            found.append(k)
            k += 2
            continue
        if tex.startswith("\\", k):
            opened, closed = _OPEN.match(tex, k), _CLOSE.match(tex, k)
            if opened:
                depth += 1
                k = opened.end() - (1 if tex[opened.end() - 1] == "{" else 0)
                continue
            if closed:
                depth -= 1
                k = closed.end() - (1 if tex[closed.end() - 1] == "{" else 0)
                continue
            k += 2
            continue
        if tex[k] == "{":
            depth += 1
        elif tex[k] == "}":
            depth -= 1
        elif depth == 0:
            for token in tokens:
                if tex.startswith(token, k):
                    found.append(k)
                    break
        k += 1
    return found


def split_at(tex: str, token: str) -> list[str]:
    """`tex` cut at its top-level occurrences of `token` (rows at `\\\\`, cells at `&`).

    >>> split_at(r"a & \\begin{matrix}b & c\\end{matrix}", "&")
    ['a ', ' \\\\begin{matrix}b & c\\\\end{matrix}']
    """
    pieces, last = [], 0
    for k in top_level(tex, (token,)):
        pieces.append(tex[last:k])
        last = k + len(token)
    return [*pieces, tex[last:]]


_OPERATORS = ("\\cdot", "\\times", "=", "+", "-", "(", "[", ",", "&", "\\le", "\\ge", "<", ">", "\\to")
"""What a sign after which is unary ends with: `a \\cdot - b` is not split there."""


def _terms(tex: str) -> list[str]:
    """A sum split before each top-level `+` or `−` that is binary (the sign starts its term).

    >>> _terms(r"a \\cdot - b + c")
    ['a \\\\cdot - b', '+ c']
    """
    cuts = [k for k in top_level(tex, (" + ", " - ")) if k > 0 and not tex[:k].rstrip().endswith(_OPERATORS)]
    pieces, last = [], 0
    for k in cuts:
        pieces.append(tex[last:k].strip())
        last = k + 1
    pieces.append(tex[last:].strip())
    return [p for p in pieces if p]


_BIG = re.compile(r"\\(sum|prod|int)\b")


def _factors(tex: str) -> list[str]:
    """A product cut at its top-level spaces between factors, up to its first `∑`/`∏` (whose body runs to
    the end and is not cut).

    >>> _factors(r"- y e^{x} \\sigma\\left(z\\right) \\sum_{l} a_{l} b_{l}")
    ['- y', 'e^{x}', '\\\\sigma\\\\left(z\\\\right)', '\\\\sum_{l} a_{l} b_{l}']
    """
    big = next((k for k in top_level(tex, (r"\sum", r"\prod", r"\int"))), len(tex))
    cuts = [k for k in top_level(tex[:big], (" ",)) if k > 0
            and not tex[:k].rstrip().endswith((*_OPERATORS, "-", "+"))
            and not tex[k + 1:].lstrip().startswith(("+", "-", "=", "\\cdot", "\\times", "&", "\\right"))]
    pieces, last = [], 0
    for k in cuts:
        pieces.append(tex[last:k].strip())
        last = k + 1
    pieces.append(tex[last:].strip())
    merged: list[str] = []
    for piece in (p for p in pieces if p):
        if merged and merged[-1] in ("-", "+"):
            merged[-1] += " " + piece
        else:
            merged.append(piece)
    return merged


def _greedy(pieces: list[str], budget: float, joiner: str = "") -> list[str]:
    lines: list[str] = []
    for piece in pieces:
        if lines and width(lines[-1] + " " + piece) <= budget:
            lines[-1] += " " + piece
        else:
            lines.append(f"{joiner}{piece}" if lines and joiner else piece)
    return lines


def split_sum(tex: str, budget: float) -> list[str]:
    """The sum in lines of at most `budget` em (greedy); a term still wider is cut between its factors, the
    next line starting with `·`; what cannot be cut stays one line.

    >>> split_sum("a + b + c + d", 5.0)
    ['a + b + c', '+ d']
    >>> split_sum(r"x^{2} y^{2} z^{2} + w", 2.5)
    ['x^{2} y^{2}', '\\\\cdot z^{2}', '+ w']
    """
    lines: list[str] = []
    for line in _greedy(_terms(tex), budget):
        lines += _greedy(_factors(line), budget, r"\cdot ") if width(line) > budget else [line]
    return lines or [tex]


def too_wide(display: str, budget: float = LINE) -> bool:
    """True when a laid-out display has a line wider than the line even at the smallest scale (`FLOOR`).

    >>> too_wide("x"), too_wide(" + ".join(["x"] * 60))
    (False, True)
    """
    body = display.removeprefix(r"\begin{aligned}").removesuffix(r"\end{aligned}")
    return max(width(row) for row in split_at(body, "\\\\")) > budget / FLOOR


RELATIONS = (" = ", r" \le ", r" \ge ", " < ", " > ")


def claim_display(math: str, budget: float = LINE) -> str:
    """A claim's display: one line when it fits; else the left side, then `⋈ right side` on the next line
    (beside the left side when that is short), both split at top-level sums where they are still too wide.

    >>> claim_display("a = b")
    'a = b'
    >>> print(claim_display("a = b + c + d + f + g", budget=9.0))
    \\begin{aligned}{}a &= b + c + d + f\\\\ &\\quad + g\\end{aligned}
    >>> print(claim_display("a + a = b + c + d + f + g", budget=9.0))
    \\begin{aligned}{}&a + a\\\\&\\quad = b + c + d + f\\\\&\\qquad + g\\end{aligned}
    """
    if width(math) <= budget:
        return math
    cuts = top_level(math, RELATIONS)
    if not cuts:
        return _lines([(line, "") for line in split_sum(math, budget)])
    k = cuts[0]
    lhs = math[:k]
    relation, rhs = math[k:].strip().split(" ", 1)
    if width(lhs) + width(relation) + 1 <= budget / 3:
        rest = budget - width(lhs) - width(relation) - 1
        parts = split_sum(rhs, rest)
        if all(width(p) <= rest for p in parts):
            rows = [f"{lhs} &{relation} {parts[0]}"] + [rf" &\quad {p}" for p in parts[1:]]
            return _aligned(rows)
    left = split_sum(lhs, budget)
    right = split_sum(rhs, budget - 2 - width(relation))
    rows = [f"&{left[0]}"] + [rf"&\quad {p}" for p in left[1:]]
    rows += [rf"&\quad {relation} {right[0]}"] + [rf"&\qquad {p}" for p in right[1:]]
    return _aligned(rows)


def _lines(lines: list[tuple[str, str]]) -> str:
    rows = [f"&{line}" if not k else rf"&\quad {line}" for k, (line, _) in enumerate(lines)]
    return _aligned(rows)


def _aligned(rows: list[str]) -> str:
    """Rows in an `aligned` block; `{}` first, as mathtools fails on a block that opens with `&` when a later
    row holds an operator such as `\\ln` ("Missing control sequence inserted")."""
    return r"\begin{aligned}{}" + r"\\".join(rows) + r"\end{aligned}"


class FailedMark(str):
    """The mark of a step whose check failed (its verdict and why), set in the refuted colour in a draft."""


@dataclass(frozen=True)
class Row:
    """One row of a derivation's `aligned` block: `left & right && why mark`, the justification set in a
    paragraph `why_width` em wide when it is given."""

    left: str
    right: str
    why: str = ""
    mark: str = ""
    why_width: float | None = None
    below: bool = False
    """The justification on a row of its own under its step (when no column beside the steps is wide enough)."""


def _why_width(why: str) -> float:
    """Estimated width of a justification (small text with inline maths), in em."""
    return 0.45 * len(re.sub(r"\\[A-Za-z]+|[{}$^_]", "", why)) + 1.5


def derivation_rows(start: str, steps: list[tuple[str, str, str, str]], budget: float = LINE) -> list[Row]:
    """The rows of a chain `start ⋈ e₁ ⋈ e₂ …` (steps as (relation, expression, why, mark)).

    Three layouts, the first that fits: each step on a row beside the start's column; the same with the
    justifications in a paragraph of the width that is left (at least `WHY_MIN` em); the start on a row of its
    own and the steps below it, long steps split at top-level sums, justifications in paragraphs beside them, or
    under each step when the widest step leaves less than `WHY_MIN` em.

    >>> [r.left for r in derivation_rows("a", [("=", "b", "why", "")])]
    ['a']
    >>> rows = derivation_rows("a + a", [("=", "b + b + b + b", "a long reason " * 4, "")], budget=12.0)
    >>> [(r.left, r.right) for r in rows]
    [('', 'a + a'), ('', '\\\\quad = b + b'), ('', '\\\\qquad + b + b'), ('', '')]
    """
    start_w = width(start)
    expr_w = max(width(f"{rel} {expr}") for rel, expr, _, _ in steps)
    why_w = max(_why_width(why) + (2.0 if mark else 0.0) for _, _, why, mark in steps)
    if start_w + expr_w + why_w + 2 <= budget:
        return [Row(start if k == 0 else "", f"{rel} {expr}", why, mark) for k, (rel, expr, why, mark)
                in enumerate(steps)]
    room = budget - start_w - expr_w - 4
    if room >= WHY_MIN:
        return [Row(start if k == 0 else "", f"{rel} {expr}", why, mark, round(room, 1))
                for k, (rel, expr, why, mark) in enumerate(steps)]
    expr_budget = max(budget - max(WHY_MIN, min(why_w, budget / 3)) - 4, budget / 2)
    split = [(rel, split_sum(expr, expr_budget - 1 - width(rel)), why, mark) for rel, expr, why, mark in steps]
    shown = max(width(p) + width(rel) + 2 for rel, parts, _, _ in split for p in parts)
    room = budget - shown - 4
    below = room < WHY_MIN
    rows = [Row("", start)]
    for rel, parts, why, mark in split:
        if below:
            rows.append(Row("", rf"\quad {rel} {parts[0]}"))
            rows += [Row("", rf"\qquad {p}") for p in parts[1:]]
            rows.append(Row("", "", why, mark, round(budget - 6, 1), below=True))
        else:
            rows.append(Row("", rf"\quad {rel} {parts[0]}", why, mark, round(room, 1)))
            rows += [Row("", rf"\qquad {p}") for p in parts[1:]]
    return rows
