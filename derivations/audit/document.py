"""Display equations of a Markdown or LaTeX solution sheet, with their places in the file

A sheet is prose with mathematics in it. This module finds every piece of mathematics — `$$…$$`, `\\[…\\]`,
`$…$`, `\\(…\\)` and the display environments (`equation`, `align`, `gather`, `multline`, `eqnarray`, starred
or not) — and keeps, for each, the offset of its first character in the file and the prose that precedes it
(the words that say how it follows from the equation before). `\\newcommand` macros are expanded first; code
blocks (```` ``` ````) and LaTeX comments are skipped.

Main definitions
- `Math`: one piece of mathematics (its text, offset, display or inline, the prose before it).
- `read_document(text, kind)`: every piece of mathematics of a sheet, in order.
- `Positions`: offsets → (line, column), both counted from 1.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass

DISPLAY_ENVIRONMENTS = ("equation", "align", "gather", "multline", "eqnarray", "flalign", "displaymath", "math")
_ENV = "|".join(DISPLAY_ENVIRONMENTS)
_OPENERS = re.compile(r"\$\$|\\\\\[(?![-\d.]+\s*(?:em|ex|pt|mm|cm|mu)\])|\\\\\(|(?<!\\)\\\[|(?<!\\)\\\(|\$"
                      r"|\\begin\{(" + _ENV + r")(\*?)\}|```|`|<!--|<script\s+type=\"math/tex(; *mode=display)?\"\s*>")
"""Where mathematics (or a code block, a code span, an HTML comment, whose `$` are not mathematics) opens:
`$$`, `\\[`, `\\(`, `$`, a display environment, MathJax's `<script type="math/tex">`; in Markdown also `\\\\[` and
`\\\\(` (kramdown's escaped delimiters), never the row spacing `\\\\[1.2em]` of an alignment."""
_CLOSERS = {"$$": ("$$", True), "\\[": ("\\]", True), "\\(": ("\\)", False), "$": ("$", False),
            "\\\\[": ("\\\\]", True), "\\\\(": ("\\\\)", False)}
_NEWCOMMAND = re.compile(r"\\(?:re)?newcommand\*?\s*\{?\s*\\([A-Za-z]+)\s*\}?\s*(?:\[(\d)\])?\s*\{"
                         r"|\\[gex]?def\s*\\([A-Za-z]+)\s*(?:#\d)*\s*\{")
_OPERATOR = re.compile(r"\\DeclareMathOperator\*?\s*\{\s*\\([A-Za-z]+)\s*\}\s*\{")


@dataclass(frozen=True)
class Math:
    """A piece of mathematics: `text` between its delimiters, starting at `offset` of the (expanded) sheet."""

    text: str
    offset: int
    display: bool
    prose: str
    """The prose between the previous piece of mathematics and this one."""
    table: bool = False
    """The mathematics stands in a row of a Markdown table (its relations are entries of a table: values)."""


class Positions:
    """Line and column (from 1) of an offset of a text.

    >>> Positions("ab\\ncd").at(4)
    (2, 2)
    """

    def __init__(self, text: str) -> None:
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def at(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset) - 1
        return line + 1, offset - self.starts[line] + 1


def _group_end(text: str, start: int) -> int:
    """The offset just past the brace group that opens at `start` (the text's end if it never closes)."""
    depth = 0
    k = start
    while k < len(text):
        c = text[k]
        if c == "\\":
            k += 2
            continue
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                return k + 1
        k += 1
    return len(text)


def macros(text: str) -> tuple[dict[str, tuple[int, str]], str]:
    """The macros of a sheet (`\\newcommand`, `\\renewcommand`, `\\def` and `\\gdef`, `\\DeclareMathOperator`:
    name → (arity, body)) and the sheet with their definitions blanked.

    Definitions are replaced by spaces of the same length, so that offsets keep pointing into the file.

    >>> table, rest = macros(r"\\newcommand{\\sg}[1]{\\sigma(#1)} $\\sg{x}$")
    >>> table, rest.strip()
    ({'sg': (1, '\\\\sigma(#1)')}, '$\\\\sg{x}$')
    >>> macros(r"\\gdef\\pd#1#2{\\frac{\\partial #1}{\\partial #2}}")[0]
    {'pd': (2, '\\\\frac{\\\\partial #1}{\\\\partial #2}')}
    """
    table: dict[str, tuple[int, str]] = {}
    out = text
    for match in _NEWCOMMAND.finditer(text):
        end = _group_end(text, match.end() - 1)
        name = match.group(1) or match.group(3)
        arity = int(match.group(2) or 0) if match.group(1) else match.group(0).count("#")
        table[name] = (arity, text[match.end():end - 1])
        out = out[:match.start()] + " " * (end - match.start()) + out[end:]
    for match in _OPERATOR.finditer(text):
        end = _group_end(text, match.end() - 1)
        table[match.group(1)] = (0, r"\operatorname{" + text[match.end():end - 1] + "}")
        out = out[:match.start()] + " " * (end - match.start()) + out[end:]
    return table, out


def expand_macros(math: str, table: dict[str, tuple[int, str]], depth: int = 0) -> str:
    """`math` with the sheet's macros expanded (arguments `#1`…`#9` in brace groups), at most 10 levels deep.

    >>> expand_macros(r"\\sg{2x} + \\one", {"sg": (1, r"\\sigma(#1)"), "one": (0, "1")})
    '\\\\sigma(2x) + 1'
    """
    if not table or depth > 10:
        return math
    pattern = re.compile(r"\\(" + "|".join(sorted(map(re.escape, table), key=len, reverse=True)) + r")(?![A-Za-z])")
    out, k = [], 0
    for match in pattern.finditer(math):
        if match.start() < k:
            continue
        arity, body = table[match.group(1)]
        out.append(math[k:match.start()])
        k = match.end()
        for n in range(1, arity + 1):
            while k < len(math) and math[k].isspace():
                k += 1
            if k < len(math) and math[k] == "{":
                end = _group_end(math, k)
                arg, k = math[k + 1:end - 1], end
            else:
                arg, k = math[k:k + 1], k + 1
            body = body.replace(f"#{n}", arg)
        out.append(body)
    out.append(math[k:])
    expanded = "".join(out)
    return expanded if expanded == math else expand_macros(expanded, table, depth + 1)


_DISPLAY_BEGIN_END = re.compile(r"\\(begin|end)\{(" + _ENV + r")\*?\}")


def _environment_end(text: str, start: int) -> int:
    """The end of a display environment opened just before `start`: its `\\end{…}` of any display environment
    (a sheet may close `align*` with `\\end{align}`), nested ones counted; the text's end if none."""
    depth = 1
    for match in _DISPLAY_BEGIN_END.finditer(text, start):
        depth += 1 if match.group(1) == "begin" else -1
        if depth == 0:
            return match.end()
    return len(text)


def _strip_comments(text: str) -> str:
    """LaTeX comments blanked (`%` to the end of the line, not `\\%`), offsets kept."""
    return re.sub(r"(?<!\\)%[^\n]*", lambda m: " " * len(m.group()), text)


def read_document(text: str, kind: str = "markdown") -> list[Math]:
    """Every piece of mathematics of a sheet (`kind` "markdown" or "latex"), in the order of the file.

    >>> [(m.text, m.display, m.prose.strip()) for m in read_document("So $a=1$ and\\n$$b = 2$$")]
    [('a=1', False, 'So'), ('b = 2', True, 'and')]
    """
    if kind == "latex":
        text = _strip_comments(text)
    found: list[Math] = []
    k, prose_start = 0, 0
    while True:
        match = _OPENERS.search(text, k)
        if match is None:
            break
        token = match.group(0)
        skipped = _SKIPPED.get(token)
        if skipped is not None and (kind == "markdown" or token != "`"):
            close = text.find(skipped, match.end())
            k = len(text) if close < 0 else close + len(skipped)
            continue
        if (token.startswith("\\\\") and kind != "markdown") or token == "`":
            k = match.end()
            continue
        if token == "$" and kind == "markdown" and match.start() > 0 and text[match.start() - 1] == "\\":
            k = match.end()
            continue
        if token.startswith("<script"):
            closer, display = "</script>", bool(match.group(3))
        else:
            closer, display = _CLOSERS.get(token, (None, True))
        if closer is None:
            body_start = match.start()
            end_of_body = _environment_end(text, match.end())
            body = text[body_start:end_of_body]
            after = end_of_body
        else:
            body_start = match.end()
            end = text.find(closer, body_start)
            if token == "$" and (end < 0 or "\n\n" in text[body_start:end]):
                k = match.end()
                continue
            end = len(text) if end < 0 else end
            body = text[body_start:end]
            after = end + len(closer)
        if kind == "markdown":
            body = _BLOCKQUOTE.sub(lambda m: m.group(1) + " " * (len(m.group(0)) - 1), body)
        display = display or _alone_on_its_lines(text, match.start(), after)
        found.append(Math(body, body_start, display, text[prose_start:match.start()],
                          table=kind == "markdown" and _in_table_row(text, match.start(), after)))
        k = prose_start = after
    return found


_SKIPPED = {"```": "```", "`": "`", "<!--": "-->"}
"""Code blocks, code spans (in Markdown) and HTML comments: their `$` are not mathematics."""
_BLOCKQUOTE = re.compile(r"(\n)[ \t]*>[ \t]?")
"""The `>` that opens each line of a Markdown blockquote, inside a display that stands in one."""


_DECORATION = re.compile(r"<[^<>\n]*>|[\s.,;:!?，。：；]|\\\\")
"""What may stand beside a display on its line: HTML tags (`<br />`, `<center>`), spaces, punctuation."""


_LINE_OPENER = re.compile(r"^\s*(?:>\s*)*(?:[-*+]\s+|\d+[.)]\s+|\\item\s+)?"
                          r"(?:\*\*[^*\n]{1,40}\*\*\s*[:：]?|[^\s$:：.。]{1,30}(?:\s[^\s$:：.。]{1,20}){0,3}\s*[:：])?\s*$")
"""What may open the line of a display: a blockquote `>`, a list marker, a short label (`Input:`, `**Loss**:`)."""


_BLOCK_TAG = re.compile(r"</?(?:p|div|br|li|ul|ol|h[1-6]|tr|td|th|blockquote|center)\b[^<>\n]*>", re.I)
"""HTML tags that end a line as a reader sees it (`</p><p><b>Label:</b></p>\\(…\\)<p>`, Anki cards, HTML notes)."""


def _alone_on_its_lines(text: str, start: int, end: int) -> bool:
    r"""Whether the mathematics from `start` to `end` has its lines to itself (inline `$…$` set as a display),
    after a list marker or a short label (`* $f = q + z = 5$`, `- Loss: $L = (y - \hat{y})^2$`); a block-level
    HTML tag ends a line as a newline does.

    >>> _alone_on_its_lines(r"<p><b>Sym:</b></p>\(a = b\)<p><b>Next:</b> more", 18, 27)
    True
    """
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    opening = _BLOCK_TAG.split(text[line_start:start])[-1]
    after = _BLOCK_TAG.split(text[end:len(text) if line_end < 0 else line_end])[0]
    before = _DECORATION.sub("", opening)
    return not _DECORATION.sub("", after) and (not before or _LINE_OPENER.match(
        re.sub(r"<[^<>\n]*>", "", opening)) is not None)


def _in_table_row(text: str, start: int, end: int) -> bool:
    """Whether the mathematics from `start` to `end` stands in a Markdown table row (a line `| … | … |`)."""
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:len(text) if line_end < 0 else line_end].strip()
    return line.startswith("|") and line.count("|") >= 2 and "\n" not in text[start:end]


__all__ = ["DISPLAY_ENVIRONMENTS", "Math", "Positions", "expand_macros", "macros", "read_document"]
