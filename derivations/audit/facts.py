"""What the whole document says of its names: values, definitions and conditions, wherever they stand

A counterexample is one of the document's only if it respects everything the document says of the names it
assigns. A name with a value or a definition somewhere (another exercise, a table, an inline remark, a list of
inputs, plain text such as "x=1, y=0"), or a condition in the prose (labels one-hot, Σ y = 1, "assume p > q",
y ∈ {0, 1}) may not take the counterexample's value. The link builder substitutes the definitions in force
where the link stands; every other fact about a name of a refuted claim withholds the refutation (`unproved`,
naming the fact and its line): precision comes before coverage.

The survey reads every piece of mathematics once (display, inline, in tables) and the prose between them, before
any link is built, so that a fact stated after a link counts too.

Main definitions
- `Fact`: one thing the document says of a name (its family, line, kind, text).
- `Facts`: the facts of a document, by the name's family (base and superscript, so that `y_k`, `y_1` and `y`
  are one family).
- `survey(maths, positions, read)`: the facts of a document.
- `sections(prose)`: the headings in a piece of prose, with their levels.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace

from lark import Tree

from .chains import chains_of
from .document import Math, Positions
from .reader import Name, Reading
from .reasons import Unreadable

Family = tuple[str, str | None]

CONDITION_WORDS = re.compile(
    r"one[- ]hot|sums? (?:up )?to (?:1|one)|adds? up to (?:1|one)|probability (?:distribution|vector)"
    r"|true class|correct class|exactly one|only one (?:of|entry|element|component)|either 0 or 1|\{0,\s*1\}"
    r"|\{-1,\s*1\}|i\.i\.d|独热|概率分布|和为\s*1|总和为|Wahrscheinlichkeitsverteilung|distribution de "
    r"probabilité|distribución de probabilidad|распределени|確率分布|확률 분포",
    re.I)
"""Words of the prose that state a condition on the names near them for the whole section (labels one-hot,
Σ y = 1, a probability vector)."""
ASSUMING = re.compile(r"\b(assum\w*|suppos\w*|given that|provided|such that|subject to|only if|whenever|"
                      r"angenommen|annehmen|sei|soit|supon\w*|пусть|предполож\w*)\b|假设|假定|仮定|가정", re.I)
"""Words that state a condition on the mathematics that follows them, for the display after it."""
CASE_WORDS = re.compile(r"\b(if|when|whenever|for|at|value of|values of|case|cases|e\.g\.|say|such as|wenn|falls|"
                        r"für|si|cuando|quand|если|при)\b|如果|若|当|の場合|とき|경우|일 때", re.I)
"""Words before an inline value that make it a case (`if $y = 1$`, `a value of $a = 0$`), not the exercise's value."""


def is_case(prose: str) -> bool:
    """Whether the last words of `prose` make the inline value after it a case (see `CASE_WORDS`).

    >>> is_case("A value of"), is_case("- Input:"), is_case("If the label is one, i.e.")
    (True, False, True)
    """
    sentence = re.split(r"(?<=[.!?。！？])\s+(?=[A-Z])|\n\s*\n|\n\s*[-*]\s", prose.rstrip())[-1]
    return bool(CASE_WORDS.search(sentence[-60:]))


DEFINING = re.compile(r"(\b(where|let|with|define[sd]?|denote[sd]?|suppose|know that|given|set|input|output|weights?|"
                      r"bias|target|label|sei|soit|sea|пусть)\b|设|令|:|：|=|\n[ \t]*[-*+][ \t]*|\n[ \t]*\d+[.)][ \t]*)"
                      r"[^.!?。\n]{0,40}$", re.I)
"""Words before inline mathematics that state the exercise's values (`- Input: $x = 2$`, `Let $w = 3$`, `given
$x_1 = 2$`): a value so stated holds in its section; one mentioned in passing only near it."""


def defines(prose: str) -> bool:
    """Whether the inline mathematics after `prose` states values of the exercise (see `DEFINING`), not a case.

    >>> defines("- Input: "), defines("as we use "), defines("If "), defines("Suppose you know that ")
    (True, False, False, True)
    """
    return DEFINING.search(prose[-80:]) is not None and not is_case(prose)


LABEL_FAMILIES: tuple[Family, ...] = (("y", None), ("t", None), (r"\hat{y}", None))
"""The names a condition about labels is about when the prose names none (a guess used only to withhold)."""
_PLAIN_VALUE = re.compile(r"(?<![A-Za-z0-9_\\$])([A-Za-z])\s*=\s*(-?\d+(?:\.\d+)?)(?![A-Za-z0-9_.])")
"""`x=1` written in plain text, outside any mathematics."""
_HEADING = re.compile(r"(?m)^[ \t]{0,3}(#{1,6})[ \t]+(.*)$|\\(part|chapter|section|subsection|subsubsection|paragraph)"
                      r"\*?\{([^{}]*)\}|^[ \t]*(?:\*\*)?((?:Exercise|Problem|Question|Task|Aufgabe|Exercice|Ejercicio|"
                      r"Übung|Задача|Задание|习题|问题|题目|練習|問題|문제)\b|\d+[.)][ \t])")
_EXERCISE_TITLE = re.compile(r"\W*(Exercise|Problem|Question|Task|Part|Aufgabe|Teil|Exercice|Partie|Ejercicio|Übung|"
                             r"Задача|Задание|习题|问题|题目|練習|問題|문제|\d+(\.\d+)*\b|[a-hA-H]\)|\([a-hA-H]\))",
                             re.I)
"""A heading that opens an exercise (or a part of one), not a topic or a step of a worked example: values given in
one exercise are its own, while a worked example's steps share theirs."""
_LATEX_LEVEL = {"part": 0, "chapter": 1, "section": 2, "subsection": 3, "subsubsection": 4, "paragraph": 5}


@dataclass(frozen=True)
class Fact:
    """Something the document says of a name: `kind` "value" (= a number), "definition" (= an expression) or
    "condition" (an inequality, a membership, a sum, or prose), at `line`, in the mathematics numbered `where`
    (-1: plain prose)."""

    family: Family
    latex: str
    line: int
    kind: str
    text: str
    where: int
    section: tuple[int, ...] = ()
    """The section the fact is stated in (see `section_paths`): it holds there and in its subsections."""
    applies_to: tuple[int, ...] | None = None
    """For a fact stated in prose (inline mathematics, plain text, `assume …`): the numbers of the displays it
    qualifies — the display after it, and the one before it when it follows that display — the only ones it
    restricts; `None` for a fact that holds in its whole section."""

    def described(self) -> str:
        return f"{self.text} (line {self.line})"

    def holds_at(self, where: int, section: tuple[int, ...]) -> bool:
        """Whether the fact may restrict the names of a link in the mathematics numbered `where` of `section`."""
        if self.where == where:
            return False
        if self.applies_to is not None:
            return where in self.applies_to
        return encloses(self.section, section)


@dataclass
class Facts:
    """The facts of a document, by family."""

    by_family: dict[Family, list[Fact]] = field(default_factory=dict)
    section: tuple[int, ...] = ()
    """The section of the facts being added (while surveying)."""
    nearby: tuple[int, ...] | None = None
    """While surveying prose or inline mathematics: the displays its facts qualify (`Fact.applies_to`)."""

    def add(self, fact: Fact, nearby: bool = True) -> None:
        fact = replace(fact, section=self.section, applies_to=self.nearby if nearby else None)
        self.by_family.setdefault(fact.family, []).append(fact)

    def about(self, family: Family) -> list[Fact]:
        return self.by_family.get(family, [])

    def restricting(self, families: Iterable[Family], where: int, section: tuple[int, ...]) -> list[Fact]:
        """The facts about these families that may restrict a link in the mathematics numbered `where` of
        `section`: those of its section or an enclosing one, and the cases stated just before it."""
        found = [f for family in families for f in self.about(family) if f.holds_at(where, section)]
        return sorted(found, key=lambda f: (f.line, f.latex, f.kind))  # the order of the text, in every process


def encloses(outer: tuple[int, ...], inner: tuple[int, ...]) -> bool:
    """Whether the section `outer` holds the section `inner` (is it or one of its ancestors).

    >>> encloses((2,), (2, 5)), encloses((2, 1), (2, 5)), encloses((), (3,))
    (True, False, True)
    """
    return inner[:len(outer)] == outer


def family_of(name: Name) -> Family:
    """The family of a name: its base and superscript (`y_k`, `y_1` and `y` are one family)."""
    return (name.base, name.sup)


SUBPART = re.compile(r"(?m)^[ \t]*(?:[-*][ \t]+)?(?:\*\*)?\(?[a-h]\)(?:\*\*)?[ \t]|\\item\b")
"""A sub-exercise: a line that opens with `a)`, `(b)`, `- c)` or `\\item` (a level below every heading)."""
_SUBPART_LEVEL = 7
_TOPIC = 8
"""The level `sections` gives a heading of a topic or a step: no section of its own, but the end of a
sub-exercise."""


def section_paths(maths: list[Math]) -> list[tuple[int, ...]]:
    """The section of each piece of mathematics: the numbers of the headings above it, outermost first (a
    heading of level L ends every section of level L or deeper).

    >>> section_paths([Math("a", 10, True, "# Exercise 1"), Math("b", 20, True, "a) x"), Math("c", 30, True, "## 2")])
    [(1,), (1, 0, 0, 0, 0, 0, 1), (1, 1)]
    """
    counters: list[int] = []
    paths = []
    for math in maths:
        for level in sections(math.prose):
            if level == _TOPIC:
                counters = counters[:_SUBPART_LEVEL - 1]  # a topic heading closes the sub-exercise before it
                continue
            counters = counters[:level] + [0] * (level - len(counters))
            counters[level - 1] += 1
        paths.append(tuple(counters))
    return paths


def sections(prose: str) -> list[int]:
    """The levels of the exercise headings and sub-exercises in `prose`, in order (1 the highest; a line that
    opens an exercise is level 2, a sub-exercise `a)` level 7). Headings of topics and steps (`## Forward pass`,
    `### Step 1`) are not sections (level 8, `_TOPIC`): a worked example's steps share its values.

    >>> sections("## Part A\\n text \\\\subsection{B} \\n Exercise 3\\n(b) more\\n### Step 2")
    [2, 8, 2, 7, 8]
    """
    found = []
    for match in _HEADING.finditer(prose):
        if match.group(1):
            found.append((match.start(), len(match.group(1)) if _EXERCISE_TITLE.match(match.group(2)) else _TOPIC))
        elif match.group(3):
            found.append((match.start(), _LATEX_LEVEL[match.group(3)] if _EXERCISE_TITLE.match(match.group(4))
                          else _TOPIC))
        else:
            found.append((match.start(), 2))
    found += [(match.start(), _SUBPART_LEVEL) for match in SUBPART.finditer(prose)]
    return [level for _, level in sorted(found)]


def _bare_name(reading: Reading) -> Name | None:
    if reading.tree.data == "name" and len(reading.names) == 1:
        return next(iter(reading.names.values()))
    return None


def _applied_name(reading: Reading) -> Name | None:
    """f of `f(x)` (`q_i(z)`): a definition of it is a fact about f, which a link may write bare (`q_i`)."""
    tree = reading.tree
    if tree.data == "apply" and not isinstance(tree.children[0], Tree) and str(tree.children[0]) in reading.names:
        return reading.names[str(tree.children[0])]
    return None


def _is_number(reading: Reading) -> bool:
    return all(getattr(t, "data", "") in ("number", "neg") for t in [reading.tree]) and not reading.names


def _summed_family(reading: Reading) -> list[Name]:
    """The names summed in `\\sum_k y_k` (a condition Σ y = 1 is about the family y)."""
    body = reading.tree.children[-1] if reading.tree.data in ("sum", "sum_over") else None
    if getattr(body, "data", "") == "name":
        return [n for n in reading.names.values() if n.sub is not None]
    return []


def survey(maths: list[Math], positions: Positions, read: Callable[[str], Reading]) -> Facts:
    """The facts of a document (see the module docstring)."""
    facts = Facts()
    paths = section_paths(maths)
    for where, math in enumerate(maths):
        facts.section = paths[where]
        facts.nearby = _nearby_displays(maths, where)
        _prose_facts(facts, math, where, positions, read)
        if math.display or math.table or defines(math.prose):
            facts.nearby = None  # a display's, a table's or a stated value's facts hold in its section
        for chain in chains_of(math):
            if not chain.complete:
                continue
            for k, relation in enumerate(chain.relations):
                a, b = chain.terms[k], chain.terms[k + 1]
                line = positions.at(b.offset)[0]
                text = f"{a.latex} {chain.marks[k]} {b.latex}"
                try:
                    left = read(a.latex)
                except Unreadable:
                    continue
                try:
                    right = read(b.latex)
                except Unreadable:
                    # `\hat{y}_k = \frac{e^{z_k}}{\sum_j e^{z_j}}` with a right side not read: still a definition
                    named = _bare_name(left)
                    if named is not None and k == 0 and relation in ("=", ":="):
                        facts.add(Fact(family_of(named), named.latex, line, "definition", text, where))
                    continue
                _relation_facts(facts, left, relation, right, line, text, where, head=k == 0)
    return facts


def _nearby_displays(maths: list[Math], where: int) -> tuple[int, ...]:
    """The displays that prose before (or inline mathematics at) `where` qualifies: the next display, and the
    display before when no paragraph break stands between (`$$…$$ where $u = 2x$`)."""
    after = next((k for k in range(where, len(maths)) if maths[k].display), None)
    before = None
    for k in range(where - 1, -1, -1):
        if "\n\n" in maths[k + 1].prose:
            break
        if maths[k].display:
            before = k
            break
    return tuple(k for k in (before, after) if k is not None)


def _relation_facts(facts: Facts, left: Reading, relation: str, right: Reading, line: int, text: str, where: int,
                    head: bool) -> None:
    named_left, named_right = _bare_name(left), _bare_name(right)
    if named_left is None and relation in ("=", ":=") and head:
        named_left = _applied_name(left)
    if relation in ("=", ":=", "~") and named_left is not None and head:
        kind = "value" if _is_number(right) else "definition"
        facts.add(Fact(family_of(named_left), named_left.latex, line, kind, text, where))
    elif named_right is not None and relation == "=:":
        facts.add(Fact(family_of(named_right), named_right.latex, line, "definition", text, where))
    elif relation in ("<", ">", "<=", ">=", "in", "!=", "=>", "<=>"):
        sign = relation in ("<", ">", "<=", ">=") and (_is_zero(right) or _is_zero(left))
        for name in (named_left, named_right):
            if name is not None:
                facts.add(Fact(family_of(name), name.latex, line, "domain" if sign else "condition", text, where))
    if relation == "=" and (_is_number(right) or _is_number(left)):
        for name in _summed_family(left) + _summed_family(right):  # Σ_k y_k = 1
            facts.add(Fact(family_of(name), name.latex, line, "condition", text, where))


def _is_zero(reading: Reading) -> bool:
    return reading.tree.data == "number" and float(str(reading.tree.children[0])) == 0


def _prose_facts(facts: Facts, math: Math, where: int, positions: Positions,
                 read: Callable[[str], Reading]) -> None:
    """Values written in plain text (`x=1, y=0`) and conditions stated in words before `math`."""
    start = math.offset - len(math.prose)
    for match in _PLAIN_VALUE.finditer(math.prose):
        line = positions.at(start + match.start())[0]
        facts.add(Fact((match.group(1), None), match.group(1), line, "value", match.group(0), -1), nearby=False)
    sentence = re.split(r"(?<=[.!?。！？])\s+|\n\s*\n", math.prose.rstrip())[-1]
    strong, weak = CONDITION_WORDS.search(sentence), ASSUMING.search(sentence)
    if strong is None and weak is None:
        return
    found = strong or weak
    line = positions.at(start + len(math.prose) - len(sentence) + found.start())[0]
    text = " ".join(sentence.split())[-120:]
    named: list[Name] = []
    if not math.display:
        for chain in chains_of(math):
            for term in chain.terms:
                try:
                    named += read(term.latex).names.values()
                except Unreadable:
                    continue
    families = {family_of(name): name.latex for name in named}
    if not families and strong is not None:
        families = {family: family[0] for family in LABEL_FAMILIES}
    for family, latex in families.items():
        facts.add(Fact(family, latex, line, "condition", text, -1), nearby=strong is None)


__all__ = ["ASSUMING", "CASE_WORDS", "CONDITION_WORDS", "Fact", "Facts", "defines", "encloses", "family_of", "is_case",
           "section_paths", "sections", "survey"]
