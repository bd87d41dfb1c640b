"""Links of a sheet: every relation of every chain, and implications between consecutive equations

Walking the sheet in order, each chain t_0 r_1 t_1 … r_n t_n gives the links (t_{k-1}, r_k, t_k). A chain whose
first term *introduces a name* is a definition instead of its first link: `o^a = W^{(2)} h^s + b^{(2)}`,
`g_3 := …`, `f_e(a) := …`, `s_0: \\mathbb{R} \\to \\mathbb{R}, x \\mapsto …`, an equation that holds a name
never seen before (`a\\lambda' = a^{n+1}\\lambda` defines λ'), and an inline `$W_3 = W_1 W_2$` after "where",
"let" or "with". A definition is recorded, substituted into every later link (but never into the variable of a
derivative, limit or sum of that link), and never refuted. A name the sheet defined before is a claim again —
unless the prose before it redefines it ("is defined as:", "we can write … as:"). A shape statement
`dim(W^{(1)}) = d_h \\times d` about a name no earlier display uses declares its shape (a definition, whose
dimensions become positive integers); a later `dim(T) = a \\times b` is a link whose claim compares shapes, and
`|N|` of a declared name is its number of entries (see `derivations.audit.shapes`).

`∂L/∂o`, with o defined by an expression and L never defined, reads L as an unspecified differentiable function
of o (the chain rule `∂L/∂x_1 = ∂L/∂o × ∂o/∂x_1` is then a claim about every such L). A vector that a link uses
only in dot products of two barred names (`\\bar{W} \\cdot \\bar{X}`) and norms `\\|v\\|` is claimed through those
numbers as atoms. A chain qualified by a `\\forall` clause is claimed without it (proved, never refuted).

Two consecutive display equations joined by "that is", "so", "hence", "thus", "therefore", "⇒", "which
gives", "i.e." claim that the second follows from the first: the implication link solves the first for a
variable they share (when it is linear in it, with a coefficient known to be nonzero) and substitutes.

A link with names of declared (or defined) vectors and matrices is read with their shapes (`vectors.py`): a
`W_j` that may be a row or a column is read the one way whose shapes agree (when neither does, the readings of
`_Builder.alternative_readings`: each W_j on its own, d/dx as a row, W_k as the entry W_{k,j}); an index free
on one side only is one entry written for the whole unless it numbers no length of the link's shape (then the
link is claimed for every value of it); a link that does not read so and
writes a column or a declared name whole is read entry by entry (`entries.py`, claimed as written, no definition
substituted into it); failing both, its 1 × 1 instance (every dimension 1) is read, which can refute it and never
prove it. An equation whose right side introduces names never seen (`… = W_3x + b_3`) defines them.

Main definitions
- `Link`: one link (where, the LaTeX, the claim to prove or the reason it is not read).
- `Definition`: one definition (where, the LaTeX, what it defines).
- `build_links(text, kind, notation)`: the links and definitions of a sheet.
"""

from __future__ import annotations

import contextlib
import itertools
import re
from contextlib import contextmanager
from dataclasses import dataclass, field
from math import prod

import sympy as sp
from lark import Token
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixElement

from identities import vocabulary
from identities.claim import Claim, Proof, Verdict
from identities.problem import rename_bound_apart
from identities.prover.budget import SoftTimeout, time_limit

from . import vectors
from .chains import Chain, Term, chains_of
from .document import Math, Positions, expand_macros, macros, read_document
from .entries import entry_claim, is_entry_link
from .facts import defines, encloses, family_of, section_paths, survey
from .notation import Notation
from .readback import printed, read_back
from .reader import Name, Reading, decorations, read_term
from .reasons import (
    Dependence,
    FreeIndex,
    IncompleteRelation,
    IntroducesNames,
    NotAClaim,
    ReadBack,
    RelationNotChecked,
    RowOrColumn,
    ShapeMismatch,
    ShapeTrouble,
    UndefinedFunction,
    Unreadable,
)
from .rounding import check_rounding, decimal_places
from .shapes import Shape, ShapeCalculus, declared_name, dim_claim, is_dim, parse_shape, stated_shape
from .translate import BUILTIN_FUNCTIONS, VECTOR_FUNCTIONS, BigO, Scope, claim_text, to_sympy
from .words import CONVENTIONAL

LINK_WORDS = ("that is", "so,", "so ", "hence", "thus", "therefore", "which gives", "which yields", "i.e.",
              "⇒", "\\rightarrow", "consequently", "we get", "this gives", "it follows")
REDEFINING = re.compile(r"(defined as|define|we can write|can be written|is given by|denote|let\b|:\s*$)", re.I)
_WHERE = re.compile(r"\s*[,.]?\s*(where|with)\b", re.I)
"""An inline definition right after a display (`$$…$$ where $u = 2x$`) holds for that display already."""
INLINE_DEFINING = re.compile(r"(where|let|with|define|denote|suppose|know that|given|set)\W*$", re.I)
LET_BE = re.compile(r"\b[Ll]et\s+\$?\s*((?:\\[A-Za-z]+|[A-Za-z])(?:_\{?[A-Za-z0-9]+\}?)?)\s*\$?\s+(?:be|denote)\b")
""""Let L be …" in words: the name is introduced anew (`Builder.introduced_in_words`)."""
UNDEFINABLE = {"dim", "diag", "argmin", "argmax", "Pr", "rank", "tr", "det", "var", "E", "sup", "inf"}
"""Words a sheet applies but never defines by an equation (`dim(W) = d_h × d` states a shape)."""
SHAPE_TROUBLE = (ShapeTrouble, UndefinedFunction)
"""Reasons a link does not read with its vectors' and matrices' shapes (its 1 × 1 instance may still read): a
function the sheet applies to a vector may be one it applies entry by entry."""
_HEADING = re.compile(r"(^|\n)\s{0,3}#{1,6}\s|\\(sub)*section\*?\{|\\(paragraph|chapter|item)\b|(^|\n)\s*"
                      r"(\*\*)?(Exercise|Problem|Question|Task|Aufgabe|Exercice|Ejercicio|Übung|Задача|习题|问题|题)\b",
                      re.I)
"""A heading in prose: Markdown `#`, LaTeX sectioning or `\\item`, or a line that opens an exercise."""
_CHECKED = {"=": "==", "<": "<", ">": ">", "<=": "<=", ">=": ">="}


@dataclass
class Link:
    """One link: `lhs relation rhs` at (line, column, row) of the sheet, kind "chain" or "implication"."""

    line: int
    column: int
    row: int
    latex: str
    kind: str
    relation: str
    claim: Claim | None = None
    reason: str | None = None
    """Why the link is not read (status `unparsed`)."""
    reason_kind: str | None = None
    """The kind of that reason (`reasons.KINDS`), counted in the summary."""
    notes: tuple[str, ...] = ()
    reading: str | None = None
    """The link as read, in LaTeX (printed back from SymPy)."""
    premise: int | None = None
    """For an implication: the index of the link whose equation it starts from."""
    detail: dict = field(default_factory=dict)
    rhs: tuple[int, str] | None = None
    """For a chain link: the offset in the sheet and the LaTeX of its right side."""
    given: tuple[tuple[int, str], ...] = ()
    """The definitions (line, LaTeX) substituted into the link: its verdict holds given them."""
    decided: Proof | None = None
    """The link's verdict when the audit decides it without the prover (a decimal rounded: `rounding.py`)."""
    failure: str | None = None
    """What went wrong inside the audit while reading the link (status `failure_status`)."""
    failure_status: str = "error"

    def unread(self, error: Unreadable) -> None:
        """The link is not read, for the reason `error`."""
        self.reason, self.reason_kind = str(error), error.kind

    def fail(self, message: str, status: str = "error") -> None:
        """Reading the link failed inside the audit (`error`: counted as a crash) or ran out of time."""
        self.failure, self.failure_status = message, status
        self.claim = None


@dataclass
class Definition:
    """A definition of the sheet: `name := value`, recorded and substituted into later links."""

    line: int
    column: int
    latex: str
    name: str
    reason: str | None = None


@dataclass
class _Equation:
    lhs: sp.Expr
    rhs: sp.Expr
    at: tuple[int, int, int]
    latex: str
    is_definition: bool


class _Builder:
    def __init__(self, text: str, kind: str, notation: Notation, reading_limit: float = 10.0) -> None:
        self.reading_limit = reading_limit
        self.table, self.text = macros(text)
        self.positions = Positions(self.text)
        self.kind = kind
        self.notation = notation
        self.maths = read_document(self.text, kind)
        self.decorated = decorations(" ".join(expand_macros(m.text, self.table) for m in self.maths))
        self.scope = Scope(vocabulary_names=dict(notation.vocabulary_names), symbol_names=dict(notation.symbol_names),
                           declared_functions=set(notation.functions))
        self.domains = dict(notation.domains)
        self.unread_in_instance: set[str] = set()
        self.vector_definitions: dict[str, str] = {}
        """The right sides of the definitions whose values are vectors or matrices (read again in 1 × 1)."""
        self.declare_shapes({k: v for k, v in notation.shapes.items() if k not in notation.shape_lines})
        self.shapes = self.notation_shapes(notation)
        self.links: list[Link] = []
        self.definitions: list[Definition] = []
        self.functions_of = {}
        self.derivative_values: dict[tuple[str, str], sp.Expr] = {}
        self.current = -1
        """The number of the piece of mathematics being read."""
        self.redefined: dict[type, tuple[str, int]] = {}
        """Functions of the vocabulary the sheet writes as something else: where, and the number of the first link
        that writes it (`vocabulary_redefined`)."""
        self.point: dict[str, sp.Number] = {}
        """The values the sheet computes for its defined names at the point of a worked example (`ŷ = -0.622`)."""
        self.defined_in: dict = {}
        """The section each entry of `sources` holds in."""
        self.sources: dict = {}
        """The definition in force of each name, function (by identifier) and index family (("family", base, sup))."""
        self.used: set = set()
        """The keys of `sources` substituted into the link being read."""
        self.facts = survey(self.maths, self.positions, self.read)
        self.sections = section_paths(self.maths)

    def declare_shapes(self, shapes: dict[str, str]) -> None:
        """The notation file's vectors and matrices (and its declared numbers), for the vector reading."""
        for ident, text in shapes.items():
            try:
                self.declare_vector_shape(ident, parse_shape(text, self.scope))
            except Unreadable:
                continue

    def declare_vector_shape(self, ident: str, shape: Shape) -> None:
        """A shape the notation file or the sheet declares, for the vector reading: its sizes (positive-integer
        symbols, `shapes.dimension`) are the dimensions."""
        if shape.scalar:
            self.scope.scalars.add(ident)
        elif shape.known:
            self.scope.dimensions |= {size.name for size in (shape.rows * shape.cols).free_symbols}
            self.scope.shapes[ident] = (shape.rows, shape.cols)

    def notation_shapes(self, notation: Notation) -> ShapeCalculus:
        """The shapes the notation file declares (their sizes |N| too)."""
        calculus = ShapeCalculus(aliases=dict(notation.symbol_names))
        for ident, text in notation.shapes.items():
            try:
                shape = parse_shape(text)
            except Unreadable:
                continue
            calculus.declare(ident, shape)
            if calculus.size(ident) is not None:
                self.scope.sizes[ident] = calculus.size(ident)
        return calculus

    # -- reading
    def read(self, latex: str) -> Reading:
        return read_term(expand_macros(latex, self.table), self.decorated)

    def place(self, offset: int, row: int) -> tuple[int, int, int]:
        line, column = self.positions.at(offset)
        return line, column, row

    # -- the walk
    def run(self) -> None:
        previous: _Equation | None = None
        inline_run = ""
        done: set[int] = set()
        for k, math in enumerate(self.maths):
            if k in done:
                continue
            count = len(self.links)
            try:
                previous, inline_run = self.step(k, math, previous, inline_run, done)
            except Exception as error:  # a failure outside a link: the display's error, never the sheet's
                del self.links[count:]
                line, column = self.positions.at(math.offset)
                link = Link(line, column, 1, latex=" ".join(math.text.split())[:200], kind="display", relation="")
                link.fail(f"internal error: {type(error).__name__}: {error}")
                self.links.append(link)
                previous, inline_run = None, ""

    def step(self, k: int, math: Math, previous: _Equation | None, inline_run: str, done: set[int]
             ) -> tuple[_Equation | None, str]:
        """Read the k-th piece of mathematics; the equation the next display may follow from, and the prose run
        of inline definitions."""
        self.current = k
        self.leave_sections(self.sections[k])
        self.introduced_in_words(math.prose)
        line = self.positions.at(math.offset)[0]
        self.declare_shapes({i: self.notation.shapes[i] for i, start in self.notation.shape_lines.items()
                             if start <= line and i not in self.scope.shapes})
        if not math.display:
            return previous, self.inline(math, inline_run)
        for j in range(k + 1, len(self.maths)):
            after = self.maths[j]
            if after.display or not ((j == k + 1 and _WHERE.match(after.prose)) or (j > k + 1 and j - 1 in done
                                     and after.prose.strip(" ,;") in ("", "and"))):
                break
            self.inline(after, "where")
            done.add(j)
        chains = chains_of(math)
        joined = self.continues(math, chains)
        first: _Equation | None = None
        last: _Equation | None = None
        premise: _Equation | None = None
        before: Chain | None = None
        for n, chain in enumerate(chains):
            implied = premise is not None and not premise.is_definition and chain.relations[:1] == ["="] \
                and not chain.leading
            count = len(self.links)
            equation = self.chain(chain, math.prose if n == 0 else "", joined if n == 0 else None, implied=implied)
            if implied:
                conclusion = self.equation(chain.terms[0], chain.terms[1], chain.rows[1])
                if conclusion is not None:
                    self.solved(before, premise, chain)
                    self.implication(premise, conclusion, equivalence=before.implies == "<=>")
                else:
                    self.unread_implication(before, chain)
            elif before is not None:
                self.unread_implication(before, chain)
            premise = self.equation(chain.terms[-2], chain.terms[-1], chain.rows[-1]) \
                if chain.implies and chain.complete and chain.relations[-1] == "=" else None
            before = chain if chain.implies else None
            self.premise_links = self.links[count:]
            if equation is not None:
                first = first or equation
                last = equation
        if previous is not None and first is not None and _joined_by_link_word(math.prose):
            self.implication(previous, first)
        return last, ""

    premise_links: list[Link]
    """The links of the last chain read (the premise, when an implication follows)."""

    def equation(self, a: Term, b: Term, row: int) -> _Equation | None:
        """The equation `a = b` of two terms, read, or `None`."""
        try:
            lhs, rhs = to_sympy(self.read(a.latex), self.scope), to_sympy(self.read(b.latex), self.scope)
        except Unreadable:
            return None
        return _Equation(lhs, rhs, self.place(b.offset, row), f"{a.latex} = {b.latex}", False)

    def solved(self, before: Chain, premise: _Equation, chain: Chain) -> None:
        """`… = 1 - 2p = 0 \\Rightarrow p = 0.5`: the premise's last link is an equation the sheet solves, not an
        identity (its implication is checked instead)."""
        if not self.premise_links or not premise.rhs.is_number:
            return
        try:
            named = _definition_shape(self.read(chain.terms[0].latex), self.scope)
        except Unreadable:
            return
        if named is not None and named[1] is None:
            link = self.premise_links[-1]
            link.claim = None
            link.unread(NotAClaim("an equation the sheet solves (after ⇒), not an identity"))

    def unread_implication(self, before: Chain, chain: Chain) -> None:
        """A ⇒ between two chains that does not read as an implication between equations: unparsed."""
        term = chain.terms[0] if chain.terms else before.terms[-1]
        link = Link(*self.place(term.offset, chain.rows[0] if chain.rows else 1),
                    latex=f"{before.terms[-1].latex} \\Rightarrow {term.latex}", kind="implication", relation="=>")
        link.unread(RelationNotChecked("⇒ is checked only between two equations"))
        self.links.append(link)

    def continues(self, math: Math, chains: list[Chain]) -> Chain | None:
        """A display that starts with a relation continues the last chain of the display before (the prose
        between them says why the step holds), unless a new section or exercise begins between them."""
        if chains and chains[0].leading and self._last_chain is not None and not self.new_section(math):
            return self._last_chain
        return None

    def new_section(self, math: Math) -> bool:
        """Whether a heading (a new section or exercise) stands in the prose before `math`."""
        return bool(_HEADING.search(math.prose))

    _last_chain: Chain | None = None

    def chain(self, chain: Chain, prose: str, joined: Chain | None, implied: bool = False) -> _Equation | None:
        """Record the links (or the definition) of one chain; the equation t_0 = t_n it states, if all `=`.
        The first relation of an `implied` chain (after ⇒) is the conclusion of an implication, not a link."""
        terms, relations, rows = chain.terms, chain.relations, chain.rows
        if chain.leading and joined is not None and joined.terms:
            terms = [joined.terms[-1], *terms]
            rows = [joined.rows[-1], *rows]
        elif chain.leading:
            # `= b = c` with no chain before it: its first relation has no left side
            self.incomplete(chain, 0, "the display begins with a relation, and no chain before it gives its left "
                            "side")
            relations = relations[1:]
        if len(terms) == len(relations):
            self.incomplete(chain, len(chain.relations) - 1, "the relation has no right side")
            relations = relations[:-1]
        self._last_chain = chain
        if not relations:
            return None
        if "=:" in relations:
            # `x =: a^0` defines the right side by the left one
            for k, relation in enumerate(relations):
                if relation == "=:":
                    self.definition(terms[k + 1].latex, ":=", terms[k].latex, terms[k + 1].offset, "define", terms)
            kept = [k for k, relation in enumerate(relations) if relation != "=:"]
            if not kept:
                return None
        start = 0
        if "|->" in relations:
            self.mapping(terms, *self.positions.at(terms[0].offset))
            return None
        head = implied or self.shape_declaration(terms[0].latex, relations[0], terms[1].latex, terms[0].offset) or \
            self.definition(terms[0].latex, relations[0], terms[1].latex, terms[0].offset, prose, terms)
        if not head and len(relations) == 1 and relations[0] == "=" and not _joined_by_link_word(prose) \
                and not self.states_shape(terms[0].latex):
            head = self.definition(terms[1].latex, "=", terms[0].latex, terms[1].offset, "define", terms, True)
            if head:
                return None
        if head:
            start = 1
        restated = None if head or relations[0] != "=" or _joined_by_link_word(prose) else self.restated(terms[0])
        if not head and relations[0] == "=":
            self.vocabulary_redefined(terms[0], terms[1])
        equations = []
        for k in range(start, len(relations)):
            if relations[k] == "=:":
                continue
            a, b = terms[k], terms[k + 1]
            link = self.link(a.latex, relations[k], b.latex, self.place(b.offset, rows[k + 1]), "chain")
            link.rhs = (b.offset, b.latex)
            equations.append(link)
        if restated is not None and equations:
            # `ŷ = 3 · 2` after `ŷ = w x`: a claim if the sheet restates ŷ, a new definition if it defines ŷ
            # anew (a worked example, a new exercise); a counterexample is not one until we know which.
            first = equations[0]
            first.notes = tuple(sorted({*first.notes, "restated"}))
            first.detail = {**first.detail, "restated": restated}
            if not self.point_value(terms, rows):
                self.definition(terms[0].latex, "=", terms[1].latex, terms[0].offset, "define", terms)
        if chain.qualifier is not None:
            _qualify(equations, chain.qualifier)
            return None
        if all(r == "=" for r in relations):
            try:
                first, last = self.read(terms[0].latex), self.read(terms[-1].latex)
                lhs, rhs = to_sympy(first, self.scope), to_sympy(last, self.scope)
            except Unreadable:
                return None
            if any(note.startswith("norm:") for note in first.notes | last.notes):
                return None  # ‖v‖² = 0 ⇒ ‖v‖ = 0 needs more than solving a linear equation: not an implication read
            return _Equation(lhs, rhs, self.place(terms[0].offset, rows[0]),
                             f"{terms[0].latex} = {terms[-1].latex}", bool(head))
        return None

    def point_value(self, terms: list[Term], rows: list[int]) -> bool:
        """`ŷ = -1.0 \\cdot 0.622 = -0.622` of a defined ŷ: the value of ŷ at the sheet's point (the last number of the
        chain, as written), kept beside its definition (`at_the_point`); whether the chain gave one."""
        try:
            name = _definition_shape(self.read(terms[0].latex), self.scope)
            value = to_sympy(self.read(terms[-1].latex), self.scope)
        except Unreadable:
            return False
        if name is None or name[1] is not None or not isinstance(value, sp.Number):
            return False
        line, column = self.positions.at(terms[-1].offset)
        self.point[name[0]] = value
        self.sources[("point", name[0])] = Definition(line, column, f"{terms[0].latex} = {terms[-1].latex}", name[0])
        self.defined_in[("point", name[0])] = self.sections[self.current]
        return True

    def vocabulary_redefined(self, left: Term, right: Term) -> None:
        """`\\sigma(z) = \\frac{1}{1 - e^{-z}}`: the sheet writes a function of the vocabulary as something else (a
        typo, or its own function of that name). The link is claimed as written; the links after it that use the
        function are read with a guessed notation (the vocabulary's, or the sheet's?). Whether the two differ is
        looked at numerically (at three points): only to choose the caveat, never to decide a link."""
        try:
            function = to_sympy(self.read(left.latex), self.scope)
            value = to_sympy(self.read(right.latex), self.scope)
        except Unreadable:
            return
        if not (isinstance(function, sp.Function) and type(function) in vocabulary.VOCABULARY.values()
                and len(function.args) == 1 and isinstance(function.args[0], sp.Symbol)):
            return
        x = function.args[0]
        try:
            differ = any(abs(complex(sp.N((function - value).subs(x, point).rewrite(sp.exp), 20))) > 1e-9
                         for point in (sp.Rational(1, 3), sp.Rational(-7, 5), sp.Integer(2)))
        except (TypeError, ValueError, ZeroDivisionError, AttributeError):
            differ = True
        if differ:
            line = self.positions.at(right.offset)[0]
            self.redefined[type(function)] = (f"{left.latex} = {right.latex} (line {line})", len(self.links))

    def restated(self, term) -> str | None:
        """The name a chain's first term restates, with where it was defined: a bare name with a value in force, or
        a function in force written with its parameters (`f(x) = …`)."""
        try:
            reading = self.read(term.latex)
        except Unreadable:
            return None
        shape = _definition_shape(reading, self.scope)
        if shape is None:
            return None
        ident = shape[0]
        if shape[1] is not None and ident not in self.scope.functions:
            return None
        if shape[1] is None and ident not in self.scope.values and _family_key(reading) not in self.scope.families:
            return None
        line = next((d.line for d in reversed(self.definitions) if d.name == ident and d.reason is None), None)
        return f"{term.latex}" + (f" (defined at line {line})" if line else "")

    def incomplete(self, chain: Chain, k: int, why: str) -> None:
        """The k-th relation of `chain`, which lacks a side: an unparsed link at the term next to it."""
        term = chain.terms[min(k, len(chain.terms) - 1)]
        row = chain.rows[min(k, len(chain.rows) - 1)]
        mark = chain.marks[k] if k < len(chain.marks) else chain.relations[k]
        latex = f"{mark} {term.latex}" if chain.leading and k == 0 else f"{term.latex} {mark}"
        link = Link(*self.place(term.offset, row), latex=latex, kind="chain", relation=chain.relations[k])
        link.unread(IncompleteRelation(why))
        self.links.append(link)

    # -- definitions
    def states_shape(self, latex: str) -> bool:
        """Whether a term is `dim(T)` (whose equation is a shape statement, never a definition of its other side)."""
        try:
            return is_dim(self.read(latex))
        except Unreadable:
            return False

    def shape_declaration(self, lhs: str, relation: str, rhs: str, offset: int) -> bool:
        """`dim(N) = a \\times b` (or `= n`) declares N's shape when N has none (declared, or as a row, column or
        entry of a declared name) and no earlier display uses N."""
        if relation != "=":
            return False
        try:
            name = declared_name(self.read(lhs))
        except Unreadable:
            return False
        if name is None or self.shapes.has_shape(name) or self.mentioned(name.latex, offset):
            return False
        line, column = self.positions.at(offset)
        try:
            shape = stated_shape(expand_macros(rhs, self.table), self.scope)
        except Unreadable as error:
            self.definitions.append(Definition(line, column, f"{lhs} = {rhs}", name.ident, str(error)))
            return True
        self.shapes.declare(name.ident, shape)
        if not shape.scalar:
            self.declare_vector_shape(name.ident, shape)  # the vector reading takes it as a notation file's
        if self.shapes.size(name.ident) is not None:
            self.scope.sizes[name.ident] = self.shapes.size(name.ident)
        for size in sorted((shape.rows * shape.cols).free_symbols, key=str):
            self.domains.setdefault(size.name, "integer positive")
        self.definitions.append(Definition(line, column, f"{lhs} = {rhs}", name.ident))
        return True

    def definition(self, lhs: str, relation: str, rhs: str, offset: int, prose: str, terms,
                   name_only: bool = False) -> bool:
        """Record `lhs relation rhs` as a definition when it is one; return whether it was."""
        line, column = self.positions.at(offset)
        if relation not in ("=", ":="):
            return False
        try:
            left = self.read(lhs)
        except Unreadable as error:
            if relation == ":=":
                self.definitions.append(Definition(line, column, f"{lhs} := {rhs}", lhs, str(error)))
                return True
            return False
        if any(note.startswith("norm:") for note in left.notes):
            return False  # ‖v‖ = 0 says something of v: a claim, never the definition of a name
        shape = _definition_shape(left, self.scope)
        if name_only and (shape is None or shape[1] is not None):
            return False
        if shape is None:
            if relation == "=":
                return self.solve_for_new_name(lhs, rhs, line, column, left)
            self.definitions.append(Definition(line, column, f"{lhs} := {rhs}", lhs, "not a name"))
            return True
        ident, params = shape
        if ident in self.notation.shapes:
            return False  # a name the notation file declares is the sheet's variable, never defined
        known = ident in self.scope.values or ident in self.scope.functions or _family_key(left) in self.scope.families
        if relation == "=" and known and (not REDEFINING.search(prose.strip()) or _joined_by_link_word(prose)) \
                and prose != "define":
            return False
        try:
            value = to_sympy(self.read(rhs), self.scope)
        except Unreadable as error:
            self.definitions.append(Definition(line, column, f"{lhs} = {rhs}", ident, str(error)))
            self.forget(ident)
            self.shape_value(ident, rhs, params)
            return True
        name = next(n for n in left.names.values() if n.ident == ident) if params is None else None
        if params is not None:
            symbols = tuple(sp.Symbol(p, real=True) for p in params)
            if value.has(sp.Function(ident, real=True)):
                return False
            self.scope.functions[ident] = (symbols, value)
        elif name is not None and name.sub is not None and re.fullmatch(r"[ijkl]", name.sub):
            self.scope.families[_family_key(left)] = (name.sub, value)
        else:
            if sp.Symbol(ident, real=True) in value.free_symbols or self.refers_to(value, ident):
                return False
            if vectors.is_matrix(value):
                self.scope.shapes[ident] = tuple(value.shape)
                self.vector_definitions[ident] = rhs
            self.scope.values[ident] = value
        self.record(Definition(line, column, f"{lhs} = {rhs}", ident),
                    ("family", *_family_key(left)) if name is not None and _family_key(left) in self.scope.families
                    and self.scope.families[_family_key(left)][1] is value else ident)
        self.shape_value(ident, rhs, params)
        return True

    def record(self, definition: Definition, key) -> None:
        """Record a definition in force, so that a link it is substituted into says so (`Link.given`), and where
        it holds: a number (a value of an exercise) in its own section, an expression (the model of the sheet)
        in the section around it, a function (`rect(x) = max(0, x)`) in the whole sheet (`leave_sections`)."""
        self.definitions.append(definition)
        self.sources[key] = definition
        path = self.sections[self.current] if self.current >= 0 else ()
        value = self.scope.values.get(key) if isinstance(key, str) else None
        number = isinstance(value, sp.Number) or (isinstance(key, tuple) and key[0] == "point")
        function = isinstance(key, str) and key in self.scope.functions and key not in self.scope.values
        around = path[:-1] if any(path[:-1]) else path  # the section around (never the whole sheet)
        self.defined_in[key] = () if function else path if number else around

    def leave_sections(self, path: tuple[int, ...]) -> None:
        """Forget the definitions whose section does not hold the section `path` (values do not leak from one
        exercise into the next)."""
        for key, where in list(self.defined_in.items()):
            if encloses(where, path):
                continue
            del self.defined_in[key]
            self.sources.pop(key, None)
            if isinstance(key, tuple) and key[0] == "family":
                self.scope.families.pop(key[1:], None)
            elif isinstance(key, tuple) and key[0] == "point":
                self.point.pop(key[1], None)
            else:
                self.forget(key)
                if key in self.vector_definitions:
                    self.vector_definitions.pop(key)
                    self.scope.shapes.pop(key, None)

    def shape_value(self, ident: str, rhs: str, params: tuple[str, ...] | None) -> None:
        """A defined name has the shape of its value (kept as read, since the order of a product matters)."""
        if params is None:
            with contextlib.suppress(Unreadable):
                self.shapes.define(ident, self.read(rhs))

    def refers_to(self, value: sp.Expr, ident: str) -> bool:
        """Whether `value` with the definitions in force holds the name `ident` (`∂o/∂x_2 = x_1` for o = x_1 x_2
        states a value of x_1's own expression: a claim, not a definition of x_1)."""
        try:
            expanded = self.expand(value, _bound_variables(value) | {ident})
        except Unreadable:
            return False
        return sp.Symbol(ident, real=True) in expanded.free_symbols

    def mentioned(self, latex: str, offset: int, inline: bool = False) -> bool:
        """Whether the name written `latex` appears in the displays (and `inline` maths) before `offset`."""
        before = []
        for m in self.maths:
            if (m.display or inline) and m.offset + len(m.text) <= offset:
                before.append(m.text)
            elif m.offset <= offset < m.offset + len(m.text):
                before.append(m.text[:offset - m.offset])
        return _mentions(" ".join(before), latex)

    def forget(self, ident: str) -> None:
        self.scope.values.pop(ident, None)
        self.scope.functions.pop(ident, None)

    def mapping(self, terms, line: int, column: int) -> None:
        """`s_0: \\mathbb{R} \\to \\mathbb{R}, x \\mapsto body` defines s_0."""
        first = terms[0].latex
        match = re.match(r"\s*(.+?)\s*:", first)
        body = terms[-1].latex
        variable = re.split(r",", terms[-2].latex)[-1].strip().strip("\\ ").strip()
        if not match:
            self.definitions.append(Definition(line, column, first, first, "not a mapping f: A → B, x ↦ …"))
            return
        try:
            name = self.read(match.group(1))
            var = self.read(variable)
            value = to_sympy(self.read(body), self.scope)
        except Unreadable as error:
            self.definitions.append(Definition(line, column, first, match.group(1), str(error)))
            return
        if name.tree.data != "name" or var.tree.data != "name":
            self.definitions.append(Definition(line, column, first, match.group(1), "not a function name"))
            return
        ident = next(iter(name.names.values())).ident
        parameter = next(iter(var.names.values())).ident
        self.scope.functions[ident] = ((sp.Symbol(parameter, real=True),), value)
        self.record(Definition(line, column, f"{match.group(1)}({variable}) := {body}", ident), ident)

    def solve_for_new_name(self, lhs: str, rhs: str, line: int, column: int, left: Reading) -> bool:
        """`a λ' = a^{n+1} λ`, with λ' never seen before and linear in it, defines λ'."""
        try:
            right = self.read(rhs)
            a, b = to_sympy(left, self.scope), to_sympy(right, self.scope)
        except Unreadable:
            return False
        if vectors.is_matrix(a) or vectors.is_matrix(b):
            return False
        offset = self.positions.starts[line - 1] + column - 1
        names = {n.ident: n for n in [*left.names.values(), *right.names.values()]}
        new = [i for i in sorted(names) if i not in self.scope.values and not _mentions(
            " ".join(m.text for m in self.maths if m.offset < offset), names[i].latex)]
        if len(new) != 1:
            return False
        solution = self.linear_solution(a - b, sp.Symbol(new[0], real=True))
        if solution is None:
            return False
        self.scope.values[new[0]] = solution
        self.record(Definition(line, column, f"{lhs} = {rhs}", new[0]), new[0])
        return True

    def inline(self, math: Math, run: str) -> str:
        """Inline mathematics: a domain (`a > 0`) or, after "where"/"let"/…, a definition."""
        prose = run + math.prose
        for chain in chains_of(math):
            if "|->" in chain.relations:
                self.mapping(chain.terms, *self.positions.at(chain.terms[0].offset))
                continue
            if len(chain.terms) == 2 and chain.relations[0] in (">", ">=", "<") and chain.terms[1].latex == "0":
                try:
                    reading = self.read(chain.terms[0].latex)
                except Unreadable:
                    continue
                if reading.tree.data == "name":
                    ident = next(iter(reading.names.values())).ident
                    self.domains.setdefault(ident, {">": "positive", ">=": "nonnegative", "<": "negative"}[
                        chain.relations[0]])
            elif len(chain.terms) == 2 and chain.relations[0] == "=:":
                self.definition(chain.terms[1].latex, ":=", chain.terms[0].latex, chain.terms[1].offset, "define",
                                chain.terms)
            elif len(chain.terms) == 2 and chain.relations[0] in ("=", ":=") and (
                    INLINE_DEFINING.search(prose) or chain.relations[0] == ":=" or self.inline_defines(chain, prose)):
                if self.derivative_value(chain.terms[0], chain.terms[1].latex):
                    continue
                self.definition(chain.terms[0].latex, chain.relations[0], chain.terms[1].latex,
                                chain.terms[0].offset, "define", chain.terms)
        stripped = math.prose.strip()
        return prose if stripped in ("", ",", "and", ", and") else math.prose

    def inline_defines(self, chain: Chain, prose: str) -> bool:
        """Whether an inline `a = b` with no defining word before it still defines: `f(x) = …` (a function
        written with its parameters), or `x = 2` (a value of the exercise, unless a case: `if $y = 1$`)."""
        try:
            shape = _definition_shape(self.read(chain.terms[0].latex), self.scope)
            value = self.read(chain.terms[1].latex)
        except Unreadable:
            return False
        if shape is None:
            return False
        if shape[1] is not None:
            return True
        return value.tree.data == "number" and defines(prose)

    # -- links
    def link(self, lhs: str, relation: str, rhs: str, at: tuple[int, int, int], kind: str) -> Link:
        """The link `lhs relation rhs`, read within the reading limit; whatever goes wrong while reading it is
        that link's `error` (or `timeout`), never the sheet's."""
        link = Link(*at, latex=f"{lhs} {_REL_LATEX.get(relation, relation)} {rhs}", kind=kind, relation=relation)
        self.links.append(link)
        with self.isolated(link):
            self.read_relation(link, lhs, relation, rhs)
        return link

    @contextmanager
    def isolated(self, link: Link):
        """Run the reading of `link` within `READING_LIMIT` seconds; a failure of the audit itself becomes the
        link's internal error, an overrun its timeout."""
        try:
            with time_limit(self.reading_limit):
                yield
        except SoftTimeout:
            link.fail(f"reading the link took more than {self.reading_limit:g} s", status="timeout")
        except Unreadable as error:
            link.unread(error)
        except Exception as error:  # one link's failure is that link's error, never the sheet's
            link.fail(f"internal error: {type(error).__name__}: {error}")

    def read_relation(self, link: Link, lhs: str, relation: str, rhs: str) -> Link:
        self.used = set()
        try:
            return self.read_relation_given(link, lhs, relation, rhs)
        finally:
            link.given = tuple(sorted({(d.line, d.latex) for key in self.used
                                       if (d := self.sources.get(key)) is not None}))

    def read_relation_given(self, link: Link, lhs: str, relation: str, rhs: str) -> Link:
        places = decimal_places(rhs) if relation in ("=", "~") else None
        if places is None and relation in ("=", "~") and decimal_places(lhs) is not None:
            lhs, rhs, places = rhs, lhs, decimal_places(lhs)
        if relation == "~" and places is None:
            link.unread(RelationNotChecked("≈ is checked only as a decimal rounded to the digits it writes"))
            return link
        if relation not in _CHECKED and relation != "~":
            link.unread(RelationNotChecked(f"the relation {relation} is not checked"))
            return link
        try:
            left, right = self.read(lhs), self.read(rhs)
        except Unreadable as error:
            link.unread(error)
            return link
        if places is not None:
            link.detail = {**link.detail, "decimal": places}
            relation = "="
        if relation in ("<", ">", "<=", ">=") and _condition_shaped(left, right):
            raise NotAClaim("an inequality between a name and a number or another name: a condition, not a claim")
        if is_dim(left) and relation == "=":
            return self.dim_link(link, left, rhs)
        self.scope.index_names = set()
        with self.inferred_vectors(left, right):
            return self.read_link(link, left, right, lhs, rhs, relation)

    @contextmanager
    def inferred_vectors(self, left: Reading, right: Reading):
        """For this link only, a name the sheet does not declare that a vector function takes (`softmax(x)`), or a
        family summed over its index with no range written (`\\sum_j e^{z_j}`), is a vector of a length n (a positive
        integer): its subscripts are entries, `\\sum_k` runs over them."""
        names = {}
        for reading in (left, right):
            for tree in reading.tree.iter_subtrees():
                if tree.data == "call" and str(tree.children[0])[1:] in VECTOR_FUNCTIONS \
                        and getattr(tree.children[1], "data", "") == "args" and len(tree.children[1].children) == 1 \
                        and getattr(tree.children[1].children[0], "data", "") == "name":
                    name = reading.names[str(tree.children[1].children[0].children[0])]
                    ident = self.scope.symbol_names.get(name.ident, name.ident)
                    if name.sub is None and ident not in self.scope.shapes and ident not in self.scope.values \
                            and self.notation.shapes.get(ident) != "scalar":
                        names[ident] = name
                elif tree.data == "sum_over":
                    # `\sum_j e^{z_j}` with no range: j runs over the entries of the family z, a vector
                    index = reading.names[str(tree.children[0])].base
                    for token in tree.children[1].scan_values(lambda v: isinstance(v, Token) and v.type == "NAME"):
                        name = reading.names[str(token)]
                        family = Name(name.base, None, name.sup)
                        ident = self.scope.symbol_names.get(family.ident, family.ident)
                        if name.sub is not None and name.sub.strip() == index and ident not in self.scope.shapes \
                                and ident not in self.scope.values and family_of(name) not in self.scope.families \
                                and self.notation.shapes.get(ident) != "scalar":
                            names[ident] = family
        used = {n.ident for r in (left, right) for n in r.names.values()}
        size = self.written_length(left, right, names) or ("n" if "n" not in used else "n_v")
        for ident in names:
            self.scope.shapes[ident] = (vectors.dimension(size), sp.S.One)
        if names:
            self.scope.dimensions.add(size)
        try:
            yield
        finally:
            for ident in names:
                self.scope.shapes.pop(ident, None)
            if names:
                self.scope.dimensions.discard(size)

    @staticmethod
    def written_length(left: Reading, right: Reading, names: dict[str, Name]) -> str | None:
        """The length the link writes for its inferred vectors: `N` of every `\\sum_{j=1}^{N}` over their entries,
        when all such sums agree (`e^{x_i} / \\sum_{j=1}^n e^{x_j} = \\text{softmax}(x)_i`: x has n entries)."""
        lengths = set()
        for reading in (left, right):
            for tree in reading.tree.iter_subtrees():
                if tree.data != "sum":
                    continue
                index, low, high = reading.names[str(tree.children[0])].base, tree.children[1], tree.children[2]
                summed = [reading.names[str(t)] for t in tree.children[3].scan_values(
                    lambda v: isinstance(v, Token) and v.type == "NAME")]
                if not any(n.sub and n.sub.strip() == index and Name(n.base, None, n.sup).ident in names
                           for n in summed):
                    continue
                if getattr(low, "data", "") == "number" and str(low.children[0]) == "1" \
                        and getattr(high, "data", "") == "name":
                    lengths.add(reading.names[str(high.children[0])].ident)
                else:
                    lengths.add(None)
        return lengths.pop() if len(lengths) == 1 and None not in lengths else None

    def read_link(self, link: Link, left: Reading, right: Reading, lhs: str, rhs: str, relation: str) -> Link:
        """A link whose sides read as terms: with shapes, entry by entry, or in its 1 × 1 instance."""
        try:
            a, b, reading = self.sides(left, right)
        except Unreadable as error:
            if is_entry_link([left, right], self.notation):
                # Columns written out (`bmatrix` with `\vdots`), derivatives of W x by an entry: entry by entry.
                try:
                    return self.entry_link(link, left, right)
                except Unreadable as entry_error:
                    if any(t.data == "column" for r in (left, right) for t in r.tree.iter_subtrees()):
                        link.unread(entry_error)
                        return link
            if not self.scope.shapes or not isinstance(error, SHAPE_TROUBLE):
                link.unread(error)
                return link
            # The sheet's vectors and matrices do not read with their shapes; the 1 × 1 instance of the link
            # (every dimension 1, every matrix and vector a number) can still refute it, never prove it.
            with self.one_by_one():
                try:
                    a, b = to_sympy(left, self.scope), to_sympy(right, self.scope)
                except Unreadable:
                    link.unread(error)
                    return link
                self.finish(link, left, right, a, b, f"1 × 1 instance: {error}", relation, (lhs, rhs))
                if link.claim is not None and {s.name for s in sp.Tuple(a, b).free_symbols} & self.unread_in_instance:
                    link.notes = tuple(sorted({*link.notes, "entries free"}))
            if link.claim is None and link.reason is not None:
                link.unread(type(error)(f"{error}; read with every matrix and vector 1 × 1: {link.reason}"))
            return link
        self.finish(link, left, right, a, b, reading, relation, (lhs, rhs))
        return link

    @contextmanager
    def one_by_one(self):
        """Translate with no shapes declared (every dimension 1: the vectors and matrices are numbers), and
        never substitute a definition whose value is a vector or matrix."""
        shapes, dimensions, values = self.scope.shapes, self.scope.dimensions, self.scope.values
        self.scope.shapes, self.scope.dimensions, self.scope.values = {}, set(), dict(values)
        self.scalar_instance = True
        self.unread_in_instance = set()
        try:
            # The sheet's vector definitions, read again as numbers (h^a = W^{(1)} x + b^{(1)} with 1 × 1 W, x, b).
            for ident, rhs in self.vector_definitions.items():
                try:
                    self.scope.values[ident] = to_sympy(self.read(rhs), self.scope)
                except Unreadable:
                    self.scope.values.pop(ident, None)
                    self.unread_in_instance.add(ident)
            yield
        finally:
            self.scope.shapes, self.scope.dimensions, self.scope.values = shapes, dimensions, values
            self.scalar_instance = False

    scalar_instance = False

    def finish(self, link: Link, left: Reading, right: Reading, a: sp.Basic, b: sp.Basic, reading: str | None,
               relation: str, texts: tuple[str, str]) -> None:
        """Notes, read-back, new names and the claim of a link whose sides are read."""
        notes = left.notes | right.notes
        written = {n for n in notes if n.startswith("vector:") and self.notation.shapes.get(n[7:]) != "scalar"
                   and n[7:] not in self.scope.shapes and not _only_dotted(n[7:], notes, a, b)}
        if any(n.startswith("dotted:") for n in notes):
            notes = notes | {"atoms"}
        link.notes = tuple(sorted({n for n in notes if not n.startswith(("vector:", "dotted:", "norm:", "transposed:",
                                                                           "applied:"))}
                                  | ({"vector notation"} if written and not self.scalar_instance else set())
                                  | ({"matrix product", "1x1"} if self.scalar_instance else set())
                                  | ({"entries free"} if self.scalar_instance and _same_family(left, right) else set())
                                  | ({reading} if reading else set())))
        self.applied_guesses(link, notes)
        for side in (a, b):
            reason = read_back(side, self.scope, self.decorated)
            if reason is not None:
                link.unread(ReadBack(reason))
                return
        offset = self.positions.starts[link.line - 1] + link.column - 1
        both = sp.Tuple(a, b)
        indices = {s.name for s in both.free_symbols if s.is_integer} | self.scope.dimensions | {
            s.name for s in vectors.sum_indices(both)}
        new = sorted({n.latex for n in right.names.values() if n.ident not in {m.ident for m in left.names.values()}
                      and n.ident not in indices
                      and n.ident not in self.scope.values and not self.mentioned(n.latex, offset, inline=True)
                      and _family_key_of(n) not in self.scope.families
                      and Name(n.base, None, n.sup).ident not in self.scope.shapes})
        if relation == "=" and new:
            link.unread(IntroducesNames(f"the link introduces {', '.join(new)} (a definition, not a claim)"))
            introduced = {n.ident for n in right.names.values() if n.latex in new}
            if not self.scalar_instance and link.kind == "chain" and not introduced & _bound_variables(both):
                # `W_1W_2x + … = W_3x + b_3` with W_3, b_3 never seen: the sheet defines them by this equation
                # ("where W_3 = W_1 W_2"); a definition, recorded, not a link.
                self.links.remove(link)
                self.definitions.append(Definition(link.line, link.column, link.latex, ", ".join(new),
                                                   "names introduced by an equation (defined by it, not read)"))
            return
        try:
            a, b = self.scalar_atoms(link, a, b, notes)
        except Unreadable as error:
            link.unread(error)
            return
        self.make_claim(link, a, b, _CHECKED[relation])
        if "matrix product" in link.notes and "vector notation" not in link.notes and relation == "=" \
                and link.claim is not None and not self.scalar_instance and not self.scope.shapes:
            self.matrix_reading(link, *texts)

    def sides(self, left: Reading, right: Reading) -> tuple[sp.Basic, sp.Basic, str | None]:
        """Both sides in SymPy, and how the sheet's vector notation was read where it leaves it open.

        `W_j` of a matrix is read as a row or a column, whichever is the only reading whose shapes agree
        (`Unreadable` when both or neither do). When neither does, or the sides' shapes differ, the readings
        `alternative_readings` lists are tried, and taken when exactly one of them has agreeing shapes."""
        try:
            return (*self.same_shape(to_sympy(left, self.scope), to_sympy(right, self.scope)), None)
        except Unreadable as error:
            if not isinstance(error, SHAPE_TROUBLE) or not self.scope.shapes:
                raise
            question, trouble = str(error), type(error)
        readings = {}
        if issubclass(trouble, RowOrColumn):
            for way in ("row", "column"):
                found = self.read_as(left, right, way)
                if found is not None:
                    readings[way] = found
            if len(readings) > 1:
                raise RowOrColumn(question + " (both readings have agreeing shapes)")
            if readings:
                way, (a, b) = next(iter(readings.items()))
                return a, b, f"W_j read as a {way} (the only reading whose shapes agree)"
            question += " (neither reading has agreeing shapes)"
        for tier in self.alternative_readings(left, right):
            found = {}
            for way, layout, described in tier:
                sides = self.read_as(left, right, way, layout)
                if sides is not None:
                    found.setdefault(sides, described)
            if len(found) == 1:
                (a, b), described = next(iter(found.items()))
                return a, b, f"{described} (the only reading whose shapes agree)"
            if found:
                break
        raise trouble(question)

    def read_as(self, left: Reading, right: Reading, way, layout: str = "column") -> tuple[sp.Basic, sp.Basic] | None:
        """Both sides read with `W_j` read `way` (`Scope.matrix_reading`) and derivatives by a column in `layout`,
        when their shapes agree."""
        self.scope.matrix_reading, self.scope.derivative_layout = way, layout
        try:
            return self.same_shape(to_sympy(left, self.scope), to_sympy(right, self.scope))
        except Unreadable:
            return None
        finally:
            self.scope.matrix_reading, self.scope.derivative_layout = None, "column"

    def alternative_readings(self, left: Reading, right: Reading) -> list[list[tuple[dict, str, str]]]:
        """The readings of a link whose vector notation does not read as written, in two tiers; a tier is taken when
        exactly one of its readings has agreeing shapes, the second only when none of the first has.

        1. Each `W_j` of a matrix on its own a row or a column, and `\\frac{d}{dx} f` of a number by a column x
           its gradient or the row of the Jacobian layout (`\\frac{d}{dx} h_k = W_k`: a row).
        2. Also `W_k` of an m × n matrix as its entry W_{k,j}, for an index j free in the link that numbers the
           entries of an n-vector there (`[o_k^s − …] W_k^{(2)} × I_{h_j^a > 0}`: W^{(2)} is m × d_h and h^a a
           d_h-vector), as the sheet's `[o_k^s - \\text{onehot}_m(y)]` stands for the k-th entry."""
        names = {n.latex: n for r in (left, right) for n in r.names.values()}
        bound = {r.names[str(t.children[0])].base for r in (left, right) for t in r.tree.iter_subtrees()
                 if t.data in ("sum", "sum_over", "prod") and isinstance(t.children[0], Token)}
        matrices, vectors_of = {}, {}
        for latex, name in names.items():
            if name.sub is None or name.ident in self.scope.shapes or "," in name.sub:
                continue
            family = Name(name.base, None, name.sup).ident
            shape = self.scope.shapes.get(self.scope.symbol_names.get(family, family))
            if shape is None:
                continue
            if shape[1] == 1:
                if re.fullmatch(r"[A-Za-z]", name.sub.strip()) and name.sub.strip() not in bound:
                    vectors_of.setdefault(name.sub.strip(), set()).add(shape[0])
            else:
                matrices[latex] = (name.sub.strip(), shape)
        options = [["row", "column", *[("entry", j) for j, sizes in sorted(vectors_of.items())
                                       if j != sub and any(vectors.same_size((size,), (shape[1],)) for size in sizes)]]
                   for sub, shape in matrices.values()]
        if 2 * prod(len(o) for o in options) - 2 > 4 * 81:  # the readings the tiers would hold
            return []
        tiers: list[list[tuple[dict, str, str]]] = [[], []]
        for ways in itertools.product(*options):
            way = dict(zip(matrices, ways, strict=True))
            repaired = any(isinstance(w, tuple) for w in ways)
            for layout in ("column", "row"):
                if repaired or layout == "row" or len(set(ways)) > 1:  # not one of the readings `sides` tried
                    tiers[repaired].append((way, layout, _described(way, layout, names)))
        return [tier for tier in tiers if tier]

    @staticmethod
    def same_shape(a: sp.Basic, b: sp.Basic) -> tuple[sp.Basic, sp.Basic]:
        if vectors.is_matrix(a) != vectors.is_matrix(b) or (vectors.is_matrix(a) and not vectors.same_size(a.shape,
                                                                                                         b.shape)):
            raise ShapeMismatch(f"the sides have different shapes ({_shape_text(a)} and {_shape_text(b)})")
        return a, b

    def entry_link(self, link: Link, left: Reading, right: Reading) -> Link:
        """A link read entry by entry (`entries.py`), claimed as it is written: the names it uses must not be
        ones the sheet defined (their definitions are not substituted into entries)."""
        if link.relation != "=":
            link.unread(RelationNotChecked(f"the relation {link.relation} between vectors is not checked"))
            return link
        if "atoms" in left.notes | right.notes:
            raise Unreadable("an extremum of a family in a link read entry by entry")
        a, b, symbols, assume = entry_claim(left, right, self.scope, self.notation)
        both = sp.Tuple(a, b)
        entries = {str(e.base.label) for e in both.atoms(sp.Indexed)}
        defined = sorted({s.name for s in both.free_symbols if isinstance(s, sp.Symbol) and (
            s.name in self.scope.values or s.name in self.scope.functions)} | {
            e for e in entries if e in self.scope.values or e in self.scope.functions
            or any(self.scope.names.get(e) == Name(base, None, sup) for base, sup in self.scope.families)})
        if defined:
            raise Unreadable(f"{', '.join(defined)} defined by the sheet, in a link read entry by entry")
        sizes = {n for n, kind in symbols.items() if kind == "integer positive"}
        clash = sorted(s.name for s in both.free_symbols if isinstance(s, sp.Symbol) and s.name in sizes
                       and not s.is_integer)
        if clash:
            raise Unreadable(f"{', '.join(clash)} is both a size of a declared shape and a value")
        for s in sorted(both.free_symbols - set().union(*[e.free_symbols for e in both.atoms(sp.Indexed)]),
                        key=str):
            if isinstance(s, sp.Symbol) and s.name not in entries:
                symbols.setdefault(s.name, "integer" if s.is_integer else self.domains.get(s.name, "real"))
        for e in both.atoms(sp.Indexed):
            for i in e.indices:
                for s in i.free_symbols & both.free_symbols:
                    symbols.setdefault(s.name, "integer")
        link.notes = ("entries",)
        link.reading = f"{claim_text(a)} = {claim_text(b)}"
        link.claim = Claim(id=f"audit-{link.line}-{link.column}-{len(self.links)}", lhs=claim_text(a),
                           rhs=claim_text(b), relation="==", symbols=symbols, assume=assume, title=link.latex)
        return link

    def note_atoms(self, link: Link, both: sp.Basic) -> None:
        """Note `atoms` when a term holds an atom (uᵀv, the max of a family), also through a definition; an atom
        under a derivative or a limit is not read (how it depends on the variable is hidden in it)."""
        atoms = [s for s in both.free_symbols if isinstance(s, sp.Symbol) and _is_atom(s.name, self.scope)]
        if not atoms:
            return
        if both.has(sp.Derivative, sp.Limit):
            raise Unreadable("a product uᵀv or an extremum of a family, read as one atom, under a derivative or a "
                             "limit (how it depends on the variable is not read)")
        link.notes = tuple(sorted({*link.notes, "atoms"}))

    def dim_link(self, link: Link, left: Reading, rhs: str) -> Link:
        """`dim(T) = a \\times b`: the claim that T is a × b (see `shapes`)."""
        ident = f"audit-{link.line}-{link.column}-{len(self.links)}"
        try:
            link.claim, link.reading, link.notes, link.detail = dim_claim(
                self.shapes, left, expand_macros(rhs, self.table), self.scope, ident, link.latex)
        except Unreadable as error:
            link.unread(error)
        return link

    def matrix_reading(self, link: Link, lhs: str, rhs: str) -> None:
        """A link of products and sums of names only (`W_1(W_2x + b_2) + b_1 = W_1W_2x + W_1b_2 + b_1`), read
        with every name a matrix of its own shape, the shapes the products and sums force (`x` is d × c, a vector
        when c = 1, a scalar λ the matrix λI): the claim `detail["matrix claim"]`, proved when the scalar reading
        is; a proof holds for all such matrices, so for the sheet's; a counterexample may use shapes the sheet does
        not mean (not decided)."""
        self.scope.noncommutative = True
        try:
            a, b = to_sympy(self.read(lhs), self.scope), to_sympy(self.read(rhs), self.scope)
        except Unreadable:
            return
        finally:
            self.scope.noncommutative = False
        both = sp.Tuple(a, b)
        if any(s.is_commutative or self.has_value(s.name) for s in both.free_symbols):
            return
        shapes = _matrix_shapes(a, b)
        if shapes is None:
            return
        dims = sorted({d for shape in shapes.values() for d in shape})
        if any(f"dim_{d}" in shapes for d in dims):
            return
        symbols = {name: f"matrix(dim_{r}, dim_{c})" for name, (r, c) in sorted(shapes.items())}
        link.detail = {**link.detail, "matrix claim": Claim(id=link.claim.id + "-matrices", lhs=claim_text(a),
                                                           rhs=claim_text(b), relation="==", symbols=symbols,
                                                           title=link.latex)}

    def scalar_atoms(self, link: Link, a: sp.Expr, b: sp.Expr, notes: set[str]) -> tuple[sp.Expr, sp.Expr]:
        """Norms and dot products: the numbers a link says of its vectors.

        A norm ‖v‖ (read as the name `norm_v`) is a nonnegative number; of a name the sheet defines it is not read
        (its value is not expanded). A link whose vectors (barred, bold) occur only in products of exactly two of
        them (`\\bar{W}_o \\cdot \\bar{X}`, never transposed, no definition to substitute) is a statement about those
        dot products: each is one real atom, and the link holds for all vectors iff it holds for all values of the
        atoms when every vector is in one atom only (each dot product then takes every real value on its own);
        when a vector is in two atoms (W·X and ‖W‖) the atoms are bound (Cauchy–Schwarz), so a proof holds and a
        counterexample may not be one (noted `dependent atoms`)."""
        norms = {}
        for note in notes:
            if note.startswith("norm:"):
                _, atom, normed = note.split(":", 2)
                if self.has_value(normed):
                    raise Unreadable(f"the norm of {self.scope.names.get(normed, Name(normed)).latex}, which the "
                                     "sheet defines, is not expanded")
                norms[atom] = normed
                self.domains.setdefault(atom, "nonnegative")
        vectors = {n[7:] for n in notes if n.startswith("vector:") and self.notation.shapes.get(n[7:]) != "scalar"}
        if not vectors or any(n.startswith("transposed:") for n in notes):
            return a, b
        both = sp.Tuple(a, b)
        symbols = {s for s in both.free_symbols if s.name in vectors}
        try:
            if self.expand(both, set()) != both or {s.name for s in symbols} != vectors:
                return a, b
            replaced, pairs = _dot_products(both, symbols, self.scope)
        except Unreadable:
            return a, b
        uses = [v for pair in pairs for v in pair] + list(norms.values())
        dependent = len(uses) != len(set(uses))
        link.notes = tuple(sorted({*link.notes, "dot products", *(["dependent atoms"] if dependent else [])}
                                  - {"vector notation"}))
        return replaced[0], replaced[1]

    def make_claim(self, link: Link, a: sp.Expr, b: sp.Expr, relation: str) -> None:
        a, b = self.unspecified_functions(link, a, b)
        if link.reason is not None:
            return
        frozen = _bound_variables(a) | _bound_variables(b)
        both = sp.Tuple(a, b)
        if any(name in self.scope.values and not vectors.is_matrix(self.scope.values[name])
               and not self.scope.values[name].free_symbols for name in frozen):
            # ∂o/∂x_1 = 4 with x_1 = 2 given: the link holds at the sheet's point, the claim is for every x_1 (a
            # proof holds there too; a counterexample elsewhere is not one).
            link.notes = tuple(sorted({*link.notes, "at a given value"}))
        defined = {m.name for m in both.atoms(sp.MatrixSymbol) if m.name in self.scope.values
                   and self.scope.values[m.name].has(sp.MatMul)}
        if defined and not both.has(sp.Derivative, sp.Limit, vocabulary.Gradient):
            # Algebra of the sheet's vectors, without derivatives: claimed for every value they take (proved so,
            # it holds for their definitions; a counterexample so may not be one of them).
            frozen |= defined
            link.notes = tuple(sorted({*link.notes, "entries free"}))
        try:
            written = sp.Tuple(a, b)
            a, b = self.expand(a, frozen), self.expand(b, frozen)
            point = self.at_the_point(a, b)
            if point is not None:
                a, b = point
                link.notes = tuple(n for n in link.notes if n != "at a given value")
            if self.rounded(link, a, b):
                return
            if link.relation == "~":
                raise RelationNotChecked("≈ is checked only between a number and a decimal rounded to the digits it "
                                         "writes")
            one_side = sorted((_free_indices(a) ^ _free_indices(b)) - self.scope.dimensions)
            if vectors.is_matrix(a) and one_side and not _for_every_index(a, b, one_side):
                # ∇L(W) = … h_j …: the sheet states one entry (or row) without saying which; not read whole.
                raise FreeIndex(f"the index {', '.join(one_side)} is free on one side only (a statement about "
                                 "one entry, written for the whole?)")
            if not vectors.is_matrix(a) and any(_summed_free(side, set(one_side)) for side in (a, b)):
                # Σ_{i=1}^n e^{θ_j}: j free on one side only, inside a sum over i: a typo for the summed index?
                link.notes = tuple(sorted({*link.notes, "one-sided index"}))
                link.detail = {**link.detail, "indices": ", ".join(one_side)}
            _check_dependence(a - b)
            self.note_atoms(link, sp.Tuple(a, b))
            at = None
            if a.has(BigO) or b.has(BigO):
                a, b, relation, at = _order_claim(a, b, relation)
            if _matrix_products(sp.Tuple(a, b), self.scope, self.notation, frozenset(self.generic)):
                partial = self.expand(written, frozen | self.matrix_defined(written, frozen))
                if _entries_suffice(partial, self.scope, self.notation) and at is None:
                    # The matrices came in with the definitions of entries (o_j^a = W_j h + b_j): the link with
                    # those entries free reals is proved for every value they take; it cannot be refuted so,
                    # the definitions may restrict those values.
                    a, b = partial
                    link.notes = tuple(sorted({*link.notes, "entries free"}))
                else:
                    link.notes = tuple(sorted({*link.notes, "matrix product"}))
            link.reading = _reading_latex(a, b, relation, self.scope)
            link.claim = self.claim(link, a, b, relation, at)
            self.note_facts(link, sp.Tuple(a, b))
            self.note_unrelated(link, a, b)
            self.note_guesses(link, sp.Tuple(a, b))
        except Unreadable as error:
            link.unread(error)

    def at_the_point(self, a: sp.Expr, b: sp.Expr) -> tuple[sp.Expr, sp.Expr] | None:
        """A link of a worked example (`∂L/∂ŷ · h = -1.394`, a number on one side): its derivatives taken, then
        evaluated at the values the sheet gives its names (inputs, and the numbers it computes for its defined names:
        `ŷ = -0.622`), when that leaves a number; `None` otherwise. The values used are the link's `given`."""
        if not (a.is_number or b.is_number) or vectors.is_matrix(a) or vectors.is_matrix(b):
            return None
        both = sp.Tuple(a, b)
        values = {}
        for s in both.free_symbols:
            if s.name in self.point:
                values[s] = self.point[s.name]
            elif isinstance(self.scope.values.get(s.name), sp.Number):
                values[s] = self.scope.values[s.name]
        if not values:
            return None
        try:
            taken = both.replace(lambda e: isinstance(e, sp.Derivative), lambda e: e.doit())
            evaluated = taken.xreplace(values)
        except (TypeError, ValueError, NotImplementedError):
            return None
        if evaluated.free_symbols or evaluated.has(sp.Derivative, sp.Limit, sp.Subs, AppliedUndef):
            return None
        self.used |= {s.name if s.name not in self.point else ("point", s.name) for s in values}
        return evaluated[0], evaluated[1]

    def rounded(self, link: Link, exact: sp.Expr, written: sp.Expr) -> bool:
        """A number and a decimal the sheet writes (`-\\log(0.37) = 0.994`): decided here, as rounded to the digits
        written (`rounding.py`); whether the link was one."""
        places = link.detail.get("decimal")
        if places is None or not isinstance(written, sp.Rational) or vectors.is_matrix(exact) \
                or exact.free_symbols or exact.has(sp.Derivative, sp.Limit, sp.Integral, BigO) or exact == written:
            return False
        outcome = check_rounding(exact, written, places)
        link.reading = _reading_latex(exact, written, "==", self.scope)
        claim = Claim(id=f"audit-{link.line}-{link.column}-{len(self.links)}", lhs=claim_text(exact),
                      rhs=claim_text(written), title=link.latex)
        link.decided = Proof(claim, Verdict(outcome.status), method="rounding" if outcome.status == "proved" else None,
                             message=outcome.message, values=outcome.values or None,
                             counterexample={} if outcome.status == "refuted" else None)
        return True

    def applied_guesses(self, link: Link, notes: set[str]) -> None:
        """`\\Phi(-v)` of a name the sheet neither defines nor writes alone: read as the product Φ·(−v), though it
        may be a function the sheet does not define (a guessed notation); `y(1 - y)` of a y the sheet writes alone
        elsewhere is a product."""
        for note in notes:
            if not note.startswith("applied:"):
                continue
            name = self.scope.names.get(note[8:])
            if name is not None and not self.written_alone(name.latex):
                link.notes = tuple(sorted({*link.notes, "guessed notation"}))
                link.detail = {**link.detail, "guesses": f"{name.latex}(…) read as a product, {name.latex} a number"}

    def written_alone(self, latex: str) -> bool:
        """Whether some piece of mathematics writes the name `latex` not followed by an argument `(…)`."""
        pattern = re.compile(re.escape(latex) + r"(?![A-Za-z_^{])(?!\s*(\\left\s*)?[(\[])")
        return any(pattern.search(m.text) for m in self.maths)

    def note_guesses(self, link: Link, both: sp.Basic) -> None:
        """Note `guessed notation` where the reading is a guess the sheet does not settle: a power whose exponent is
        an index letter (`s^i`, `(e^z)^i`: the i-th entry?), a function of the vocabulary the sheet also writes as
        something else (before this link, `vocabulary_redefined`)."""
        guesses = []
        for power in both.atoms(sp.Pow):
            if isinstance(power.exp, sp.Symbol) and power.exp.name in ("i", "j", "l"):
                guesses.append(f"^{{{power.exp.name}}} read as a power")
        mapped = set(self.notation.vocabulary_names.values())
        for name, convention in CONVENTIONAL.items():
            if name not in mapped and both.has(vocabulary.VOCABULARY[name]):
                guesses.append(f"{name} read with proofsheet's convention ({convention})")
        if both.has(vocabulary.sigmoid) and any(s.name == "sigma" for s in both.free_symbols):
            guesses.append("σ alone read as a number, though the link also applies σ")
        for function, (where, first) in self.redefined.items():
            if both.has(function) and self.links.index(link) > first:
                guesses.append(f"{function.__name__} read as the vocabulary's, though the sheet writes {where}")
        if guesses:
            link.notes = tuple(sorted({*link.notes, "guessed notation"}))
            link.detail = {**link.detail, "guesses": "; ".join(sorted(set(guesses)))}

    def note_unrelated(self, link: Link, a: sp.Basic, b: sp.Basic) -> None:
        """Note `undetermined` when both sides have free names, share none, and one side is one name (up to a
        number: `e^{θ_k}/Σ_j e^{θ_j} - 1 = ŷ_k - 1`, ŷ never defined): the sheet names the other side by it, through
        something it does not write, so a counterexample is not one."""
        def names(side: sp.Basic) -> set[str]:
            return {s.name for s in side.free_symbols if isinstance(s, sp.Symbol) and not s.is_integer
                    and s.name not in self.scope.dimensions} | {
                f.func.__name__ for f in side.atoms(AppliedUndef)}
        left, right = names(a), names(b)
        if left and right and not left & right and (_names_one(a) or _names_one(b)):
            shown = [self.scope.names[n].latex if n in self.scope.names else n for n in sorted(left | right)]
            link.notes = tuple(sorted({*link.notes, "undetermined"}))
            link.detail = {**link.detail, "undetermined": ", ".join(shown)}

    def note_facts(self, link: Link, both: sp.Basic) -> None:
        """Note what the document says elsewhere of the claim's free names (`facts.py`): a value, a definition
        not in force here, or a condition, under which a counterexample may not be one of its values."""
        variables = {v.name for d in both.atoms(sp.Derivative) for v in d.variables if isinstance(v, sp.Symbol)}
        idents = {s.name for s in both.free_symbols if isinstance(s, sp.Symbol) and not s.is_integer
                  and s.name not in self.scope.dimensions}
        idents |= {f.func.__name__.removesuffix("_of") for f in both.atoms(AppliedUndef)}
        families = {}
        for ident in idents:
            name = self.scope.names.get(ident)
            if name is not None:
                families.setdefault(family_of(name), ident)
        values, conditions = [], []
        for fact in self.facts.restricting(families, self.current, self.sections[self.current]):
            ident = families[fact.family]
            if fact.kind == "domain" and ident in self.domains:
                continue  # `a > 0`: the claim's domain already
            if fact.kind in ("condition", "case", "domain"):
                conditions.append(fact)
            elif fact.kind == "value" or ident not in variables:
                values.append(fact)
        if values:
            link.notes = tuple(sorted({*link.notes, "value elsewhere"}))
            link.detail = {**link.detail, "elsewhere": ", ".join(sorted({f.latex for f in values})),
                           "elsewhere_at": "; ".join(f.described() for f in values[:3])}
        if conditions:
            link.notes = tuple(sorted({*link.notes, "prose condition"}))
            link.detail = {**link.detail, "conditions": "; ".join(f.described() for f in conditions[:3])}

    def unspecified_functions(self, link: Link, a: sp.Expr, b: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
        """`∂L/∂o` with `o` a name the sheet defined by an expression and `L` a name it never defines: the sheet
        treats L as an unspecified differentiable function of o, L = L(o) ("the loss computed at o").

        The link is claimed with L(o + δ) for every L of the link and d/dδ L(o + δ) (= L'(o + δ)) for ∂L/∂o, δ a
        new real: as L ranges over all differentiable functions, so does t ↦ L(t + δ), so the claim holds for
        every L and δ exactly when the link holds for every L; its proof and its counterexamples are the link's.
        Read only when L is differentiated by one such o in the link (∂L/∂x_1 besides is the derivative through
        o); the reading is local to the link (a later ∂L/∂x_1 alone says nothing of o)."""
        self.generic = set()
        both = sp.Tuple(a, b)
        variables: dict[sp.Symbol, set[sp.Symbol]] = {}
        for node in both.atoms(sp.Derivative):
            if isinstance(node.expr, sp.Symbol) and len(node.variable_count) == 1 and node.variable_count[0][1] == 1:
                variables.setdefault(node.expr, set()).add(node.variable_count[0][0])
        replacements: dict[sp.Basic, sp.Basic] = {}
        for function, over in variables.items():
            if not self.undefined_name(function.name):
                continue
            if not all(isinstance(v, sp.Symbol) for v in over):
                continue  # ∂L/∂z_i of an entry: not an unspecified function of a name
            defined = [v for v in over if v.name in self.scope.values and self.scope.values[v.name].free_symbols]
            given = None if defined else self.given_derivative(link, function, over)
            if given is not None:
                replacements.update(given)
                continue
            if len(defined) == 1 and (function.name, defined[0].name) in self.derivative_values:
                # L'(o) = c is given: a generic counterexample may be an L with another derivative there.
                link.notes = tuple(sorted({*link.notes, "at the point"}))
            if not defined and function.name in self.functions_of:
                link.unread(Dependence(
                    f"{function.name} is an unspecified function of {self.functions_of[function.name]} (where "
                    f"∂{function.name}/∂{self.functions_of[function.name]} is written); its derivative's value at the "
                    "point is not substituted"))
                return a, b
            if len(defined) == 1 and self.refers_to(self.scope.values[defined[0].name], function.name):
                continue  # o defined through L itself: L is not a function of o
            shift = sp.Symbol(f"shift_{defined[0].name}", real=True) if len(defined) == 1 else None
            if shift is None or self.scope.names.get(shift.name, _shift_name(defined[0])) != _shift_name(defined[0]):
                continue
            applied = sp.Function(function.name, real=True)(defined[0] + shift)
            replacements[sp.Derivative(function, defined[0])] = sp.Derivative(applied, shift)
            replacements[function] = applied
            self.scope.names.setdefault(shift.name, _shift_name(defined[0]))
            self.generic.add(function.name)
            self.functions_of.setdefault(function.name, defined[0].name)
        if not replacements:
            return a, b
        link.notes = tuple(sorted({*link.notes, "unspecified function"}))
        derivatives = {k: v for k, v in replacements.items() if isinstance(k, sp.Derivative)}
        names = {k: v for k, v in replacements.items() if not isinstance(k, sp.Derivative)}
        return a.xreplace(derivatives).xreplace(names), b.xreplace(derivatives).xreplace(names)

    def introduced_in_words(self, prose: str) -> None:
        """"Let L be the loss function …", "let $h$ denote …": the prose introduces the name anew, so that an
        earlier definition of it (another exercise's L) is no longer in force."""
        for match in LET_BE.finditer(prose):
            try:
                reading = self.read(match.group(1))
            except Unreadable:
                continue
            if reading.tree.data == "name":
                self.forget(next(iter(reading.names.values())).ident)

    def derivative_value(self, term, rhs: str) -> bool:
        """An inline given `$\\frac{\\partial L}{\\partial o} = 5$` (after "know that", "where", …), L a name never
        defined: the value of the derivative at the sheet's point, recorded (and returned True) when it is a number."""
        try:
            left, right = to_sympy(self.read(term.latex), self.scope), to_sympy(self.read(rhs), self.scope)
        except Unreadable:
            return False
        if not (isinstance(left, sp.Derivative) and isinstance(left.expr, sp.Symbol) and len(left.variables) == 1
                and isinstance(left.variables[0], sp.Symbol) and left.derivative_count == 1 and right.is_number
                and self.undefined_name(left.expr.name)):
            return False
        self.derivative_values[(left.expr.name, left.variables[0].name)] = right
        self.functions_of.setdefault(left.expr.name, left.variables[0].name)
        line, column = self.positions.at(term.offset)
        self.definitions.append(Definition(line, column, f"{term.latex} = {rhs}",
                                           f"d{left.expr.name}/d{left.variables[0].name}"))
        return True

    def given_derivative(self, link: Link, function: sp.Symbol, over: set[sp.Symbol]) -> dict | None:
        """With L read as an unspecified function of o and ∂L/∂o = c given at the point: the chain rule
        ∂L/∂x = c · ∂o/∂x for every derivative of L in the link (noted `at the point`: the derivative variable keeps
        its name while the other values are substituted, so a counterexample may lie off the point)."""
        variable = self.functions_of.get(function.name)
        value = self.derivative_values.get((function.name, variable)) if variable is not None else None
        if value is None:
            return None
        o = sp.Symbol(variable, real=True)
        link.notes = tuple(sorted({*link.notes, "at the point"}))
        return {sp.Derivative(function, v): (value if v == o else value * sp.Derivative(o, v)) for v in over}

    def has_value(self, ident: str) -> bool:
        """Whether the sheet gives `ident` a value, itself or through its index family (`o_1^a` of `o_k^a = …`)."""
        return ident in self.scope.values or self.family_value(ident, set()) is not None

    def undefined_name(self, ident: str) -> bool:
        """Whether `ident` is a name the sheet never gives a value, function or index family."""
        return not self.has_value(ident) and not self.scope.is_function(ident)

    generic: set[str] = set()  # noqa: RUF012
    """The names read as unspecified functions in the link being claimed."""
    functions_of: dict[str, str]
    """The names read as unspecified functions so far, with the name they are functions of."""

    def claim(self, link: Link, a: sp.Expr, b: sp.Expr, relation: str, at: str | None) -> Claim:
        both = sp.Tuple(a, b)
        undefined = sorted({f.func.__name__ for f in both.atoms(AppliedUndef)
                            if not self.scope.is_function(f.func.__name__) and not f.func.__name__.endswith("_of")
                            and f.func.__name__ not in self.generic})
        if undefined:
            raise UndefinedFunction(f"{', '.join(undefined)} is applied but not defined (a notation file can "
                                    "declare it)")
        symbols: dict[str, str] = {}
        matrices = {m for m in both.atoms(sp.MatrixSymbol)}
        variables = {s for d in both.atoms(sp.Derivative) for v in d.variables if isinstance(v, MatrixElement)
                     for s in v.free_symbols if s.is_integer and not isinstance(s, sp.MatrixSymbol)}
        for s in sorted((both.free_symbols | variables) - matrices, key=str):
            if s.is_integer or symbols.get(s.name) == "integer":
                symbols[s.name] = "integer positive" if s.name in self.scope.dimensions else "integer"
            else:
                symbols[s.name] = self.domains.get(s.name, "real")
        for s in both.atoms(sp.Sum, vocabulary.MatrixSum):
            for _, low, high in s.limits:
                for limit in high.free_symbols | low.free_symbols:
                    symbols[limit.name] = "integer positive"
        for m in sorted(matrices, key=str):
            rows, cols = m.shape
            symbols[m.name] = f"vector({rows})" if cols == 1 else f"matrix({rows}, {cols})"
            for size in (rows, cols):
                for d in size.free_symbols:
                    symbols[d.name] = "integer positive"
        for f in both.atoms(AppliedUndef):
            symbols[f.func.__name__] = "function"
        ident = f"audit-{link.line}-{link.column}-{len(self.links)}"
        conventions = {}
        if matrices:
            # 1_{t > 0} is the Heaviside step with the value 0 at 0 (the form the prover's vector rules know).
            steps = {p: vocabulary.heaviside(p.args[0][1].lhs) for p in both.atoms(sp.Piecewise)
                     if len(p.args) == 2 and p.args[0][0] == 1 and p.args[1] == (0, True)
                     and isinstance(p.args[0][1], sp.StrictGreaterThan) and p.args[0][1].rhs == 0}
            if steps:
                a, b = a.xreplace(steps), b.xreplace(steps)
                conventions["heaviside_at_0"] = "0"
                if both.has(vocabulary.relu):
                    # the sheet's step 1_{t > 0} is its ReLU's derivative (0 at 0): relu'(0) = 0 is the sheet's
                    # convention, so that a claim through sums of such steps is not lost at the kinks
                    conventions["relu_prime_at_0"] = "0"
            # The sheet's sums from 1 over entries k − 1 are the claim grammar's sums from 0 over entries k.
            free = {s.name for s in both.free_symbols | variables}
            a, b = rename_bound_apart(a, free), rename_bound_apart(b, free)
            a, b = vectors.sums_from_zero(a), vectors.sums_from_zero(b)
            both = sp.Tuple(a, b)
        return Claim(id=ident, lhs=claim_text(a), rhs=claim_text(b), relation=relation, at=at, symbols=symbols,
                     assume=tuple(vectors.index_assumptions(both)), conventions=conventions, title=link.latex)

    def matrix_defined(self, expr: sp.Basic, frozen: set[str]) -> set[str]:
        """The names reachable from `expr` through the definitions whose own definition multiplies a matrix (a
        capital name): `o_j^a` for `o^a = W h + b`, not `o_j^s` for `o^s = softmax(o^a)`."""
        found: set[str] = set()
        seen: set[str] = set()
        def names(e: sp.Basic) -> list[tuple[str, sp.Basic]]:
            return [(s.name, s) for s in e.free_symbols] + [(f.func.__name__, f) for f in e.atoms(AppliedUndef)
                                                           if f.func.__name__.endswith("_of")]

        pending = [(n, e) for n, e in names(expr) if n not in frozen]
        while pending:
            name, node = pending.pop()
            if name in seen:
                continue
            seen.add(name)
            others = ({n for n in self.scope.names if n != name} | {n + "_of" for n in self.scope.names}
                      | frozen) - {name}
            value = self.expand(node, others)
            if value == node:
                continue
            if _matrix_products(value, self.scope, self.notation):
                found.add(name)
            else:
                pending += [(n, e) for n, e in names(value) if n not in frozen]
        return found

    def expand(self, expr: sp.Expr, frozen: set[str]) -> sp.Expr:
        """`expr` with the definitions in force substituted (not into `frozen` names, nor into the variable of a
        derivative or limit: d/dz with z = w x + b stays d/dz), to a fixed point."""
        frozen = frozen | _bound_variables(expr)
        for _ in range(12):
            before = expr
            replacements: dict = {}
            for s in expr.free_symbols:
                if s.name in frozen or (self.scalar_instance and vectors.is_matrix(self.scope.values.get(s.name))):
                    continue
                if s.name in self.scope.values:
                    replacements[s] = self.scope.values[s.name]
                    self.used.add(s.name)
                else:
                    family = self.family_value(s.name, frozen)
                    if family is not None:
                        replacements[s] = family
                        self.used.add(("family", *_family_key_of(self.scope.names[s.name])))
            for f in expr.atoms(AppliedUndef):
                name = f.func.__name__
                if name in self.scope.functions:
                    params, body = self.scope.functions[name]
                    if len(params) != len(f.args):
                        raise Unreadable(f"{name} is applied to {len(f.args)} arguments, defined with {len(params)}")
                    replacements[f] = body.xreplace(dict(zip(params, f.args, strict=True)))
                    self.used.add(name)
                elif name.endswith("_of") and name not in frozen:
                    family = self.family_value(name[:-3], frozen, index=f.args[0])
                    if family is not None:
                        replacements[f] = family
                        self.used.add(("family", *_family_key_of(self.scope.names[name[:-3]])))
            expr = expr.xreplace(replacements) if replacements else expr
            if expr == before:
                return expr
        raise Unreadable("the definitions do not come to an end (a name defined by itself?)")

    def family_value(self, ident: str, frozen: set[str], index: sp.Expr | None = None) -> sp.Expr | None:
        name = self.scope.names.get(ident)
        if name is None:
            return None
        if index is None and (name.sub is None or not re.fullmatch(r"[A-Za-z0-9]", name.sub)):
            return None
        key = (name.base, name.sup)
        if key not in self.scope.families:
            return None
        letter, body = self.scope.families[key]
        mapping = {}
        for s in body.free_symbols:
            inner = self.scope.names.get(s.name)
            if inner is not None and inner.sub == letter:
                if index is not None:
                    family = Name(inner.base, None, inner.sup)
                    self.scope.names.setdefault(family.ident, family)
                    mapping[s] = sp.Function(family.ident + "_of", real=True)(index)
                else:
                    renamed = Name(inner.base, name.sub, inner.sup)
                    self.scope.names.setdefault(renamed.ident, renamed)
                    mapping[s] = sp.Symbol(renamed.ident, real=True)
        letter_index = sp.Symbol(letter, integer=True)
        if letter_index in body.free_symbols:
            # the family's letter inside an entry (b_j of the vector b): the index it is taken at
            sub = name.sub.strip() if name.sub else ""
            mapping[letter_index] = index if index is not None else (
                sp.Integer(sub) if sub.isdigit() else sp.Symbol(sub, integer=True))
        return body.xreplace(mapping)

    def implication(self, premise: _Equation, conclusion: _Equation, equivalence: bool = False) -> None:
        """The link "premise ⇒ conclusion" (see the module docstring)."""
        if conclusion.is_definition or premise.is_definition:
            return
        line, column, row = conclusion.at
        link = Link(line, column, row, latex=f"{premise.latex} \\Rightarrow {conclusion.latex}", kind="implication",
                    relation="=>", notes=("equivalence",) if equivalence else ())
        self.links.append(link)
        with self.isolated(link):
            self.read_implication(link, premise, conclusion)

    def read_implication(self, link: Link, premise: _Equation, conclusion: _Equation) -> None:
        self.used = set()
        try:
            self.read_implication_given(link, premise, conclusion)
        finally:
            link.given = tuple(sorted({(d.line, d.latex) for key in self.used
                                       if (d := self.sources.get(key)) is not None}))

    def read_implication_given(self, link: Link, premise: _Equation, conclusion: _Equation) -> None:
        frozen = _bound_variables(sp.Tuple(premise.lhs, premise.rhs, conclusion.lhs, conclusion.rhs))
        if any(vectors.is_matrix(e) for e in (premise.lhs, premise.rhs, conclusion.lhs, conclusion.rhs)):
            link.unread(RelationNotChecked("an implication between vector or matrix equations is not checked"))
            return
        try:
            p = self.expand(premise.lhs - premise.rhs, frozen)
            a, b = self.expand(conclusion.lhs, frozen), self.expand(conclusion.rhs, frozen)
        except Unreadable as error:
            link.unread(error)
            return
        if p.has(BigO, sp.Derivative, sp.Limit, sp.Sum) or a.has(BigO) or b.has(BigO):
            link.unread(RelationNotChecked("an implication between orders, derivatives, limits or sums is not checked"))
            return
        shared = sorted((p.free_symbols & (a - b).free_symbols), key=str)
        for symbol in shared:
            solution = self.linear_solution(p, symbol)
            if solution is not None:
                link.detail = {"substituted": symbol.name}
                self.make_claim(link, a.xreplace({symbol: solution}), b.xreplace({symbol: solution}), "==")
                if link.claim is not None:
                    return
        if isinstance(a, sp.Symbol) and a in p.free_symbols and a not in b.free_symbols:
            # `… = 0 ⇒ p = 0.5` with the premise not linear in p: the value must solve the premise
            link.detail = {"substituted": a.name}
            link.notes = tuple(sorted({*link.notes, "a solution"}))
            self.make_claim(link, p.xreplace({a: b}), sp.S.Zero, "==")
            return
        link.detail = {"substituted": None}
        if p != 0:
            # (a premise the definitions in force satisfy, `2x + 1 = 5` having defined x, is used through them)
            link.notes = tuple(sorted({*link.notes, "premise unused"}))
        self.make_claim(link, a, b, "==")

    def linear_solution(self, difference: sp.Expr, symbol: sp.Symbol) -> sp.Expr | None:
        """The solution of difference = 0 for `symbol` when it is linear in it with a coefficient known ≠ 0."""
        expanded = sp.expand(difference)
        if not expanded.is_polynomial(symbol) or sp.degree(expanded, symbol) != 1:
            return None
        coefficient = expanded.coeff(symbol, 1)
        assumed = coefficient.subs({s: sp.Symbol(s.name, **_assumptions(self.domains.get(s.name)))
                                    for s in coefficient.free_symbols})
        if assumed.is_nonzero is not True:
            return None
        return -(expanded - coefficient * symbol) / coefficient


_REL_LATEX = {"=:": "=:", "=": "=", "<=": r"\leq", ">=": r"\geq", "<": "<", ">": ">", "!=": r"\neq", "~": r"\approx",
              "=>": r"\Rightarrow", "in": r"\in", "->": r"\to", "|->": r"\mapsto", ":=": ":=", "<=>": r"\iff"}


def _summed_free(side: sp.Basic, indices: set[str]) -> bool:
    """Whether one of the free `indices` stands inside a sum of `side` (over another index)."""
    return any({s.name for s in term.function.free_symbols} & indices
               for term in side.atoms(sp.Sum, vocabulary.MatrixSum))


def _condition_shaped(left: Reading, right: Reading) -> bool:
    """Whether `left < right` is a condition on names (`x > 0`, `p > q`, `0 < \\eta`): bare names and numbers."""
    kinds = [r.tree.data for r in (left, right)]
    return "name" in kinds and all(k in ("name", "number", "neg") for k in kinds) and not (
        left.notes | right.notes) & {"atoms"}


def _names_one(side: sp.Basic) -> bool:
    """Whether `side` is a·n + b of one free name n, with numbers a ≠ 0 and b (a side that names the other)."""
    free = [s for s in side.free_symbols if isinstance(s, sp.Symbol) and not s.is_integer]
    if len(free) != 1 or side.atoms(AppliedUndef) or vectors.is_matrix(side):
        return False
    slope = sp.diff(side, free[0])
    return slope.is_number and slope != 0 and (side - slope * free[0]).is_number


def _free_indices(expr: sp.Basic) -> set[str]:
    """The integer names of `expr` (indices, also those of a derivative's variable) that no sum binds."""
    return {s.name for s in expr.atoms(sp.Symbol) if s.is_integer} - {s.name for s in vectors.sum_indices(expr)}


def _for_every_index(a: sp.Basic, b: sp.Basic, one_side: list[str]) -> bool:
    """Whether a link between matrices of one shape, with indices free on one side only, claims itself for every
    value of those indices: when none of them numbers the entries of a length that is a dimension of the shape
    (∇_x L, a row of length d, = Σ_k … h_j … with j a hidden unit, 1 ≤ j ≤ d_h, cannot be its entry j: the
    link says the same row for every j); otherwise it may be one entry written for the whole, and is not read."""
    if not vectors.same_size(tuple(a.shape), tuple(b.shape)):
        return False
    dimensions = [d for d in a.shape if d != 1]
    sizes = vectors.index_sizes(sp.Tuple(a, b))
    return all(sizes.get(i) and not any(vectors.same_size((size,), (d,)) for size in sizes[i] for d in dimensions)
               for i in one_side)


def _same_family(left: Reading, right: Reading) -> bool:
    """Whether two names of the link are one vector or matrix and its entry (`o^a` and `o_k^a`, `W` and `W_k`):
    distinct numbers when read as scalars, one number in the 1 × 1 instance."""
    keys: dict[tuple[str, str | None], set[str | None]] = {}
    for name in [*left.names.values(), *right.names.values()]:
        keys.setdefault((name.base, name.sup), set()).add(name.sub)
    return any(len(subs) > 1 for subs in keys.values())


def _described(way: dict, layout: str, names: dict[str, Name]) -> str:
    """How a reading of `alternative_readings` reads the sheet's `W_j` and derivatives, in words."""
    parts = []
    for latex, w in way.items():
        if isinstance(w, tuple):
            name = names[latex]
            parts.append(f"{latex} as the entry {Name(name.base, f'{name.sub},{w[1]}', name.sup).latex}")
        else:
            parts.append(f"{latex} as a {w}")
    if layout == "row":
        parts.append("d/dx of a number by a vector as a row")
    return "read with " + ", ".join(parts)


def _shape_text(expr: sp.Basic) -> str:
    return " × ".join(map(str, expr.shape)) if vectors.is_matrix(expr) else "a number"


def _is_atom(ident: str, scope: Scope) -> bool:
    """Whether the symbol `ident` is an atom of the reader or translator: uᵀv, or the max/min of a family."""
    name = scope.names.get(ident)
    return name is not None and name.sub is None and (
        (ident.startswith("dot_") and "^{T}" in name.base) or name.base.startswith((r"\max\{", r"\min\{")))


def _only_dotted(ident: str, notes: set[str], a: sp.Expr, b: sp.Expr) -> bool:
    """Whether the vector `ident` stands in the link only inside products uᵀv read as one atom."""
    if "dotted:" + ident not in notes:
        return False
    both = sp.Tuple(a, b)
    functions = {f.func.__name__ for f in both.atoms(AppliedUndef)}
    return sp.Symbol(ident, real=True) not in both.free_symbols and not any(
        f.startswith(ident.split("_")[0]) for f in functions)


def _assumptions(domain: str | None) -> dict[str, bool]:
    facts = {"real": True}
    for word in (domain or "").split():
        facts[word] = True
    return facts


def _matrix_shapes(a: sp.Expr, b: sp.Expr) -> dict[str, tuple[int, int]] | None:
    """The (rows, columns) of every name of `a = b` as classes of equal dimensions, from the products (the columns
    of a factor are the rows of the next) and sums (terms of one shape); `None` when the link is not made of
    names, numbers times them, products and sums (a power is not read), or a number is added to a matrix."""
    parent: list[int] = []
    names: dict[str, tuple[int, int]] = {}

    def new() -> int:
        parent.append(len(parent))
        return len(parent) - 1

    def find(k: int) -> int:
        while parent[k] != k:
            k = parent[k]
        return k

    def union(p: int, q: int) -> None:
        parent[find(p)] = find(q)

    def same(s: tuple[int, int], t: tuple[int, int]) -> tuple[int, int]:
        union(s[0], t[0])
        union(s[1], t[1])
        return s

    def shape(node: sp.Basic) -> tuple[int, int] | None:
        if node.is_Number:
            return None
        if isinstance(node, sp.Symbol):
            return names.setdefault(node.name, (new(), new()))
        if isinstance(node, sp.Add):
            shapes = [shape(arg) for arg in node.args]
            if any(s is None for s in shapes):
                raise Unreadable("a number added to a matrix")
            for s in shapes[1:]:
                same(shapes[0], s)
            return shapes[0]
        if isinstance(node, sp.Mul):
            current = None
            for arg in node.args:
                s = shape(arg)
                if s is not None and current is not None:
                    union(current[1], s[0])
                    current = (current[0], s[1])
                elif s is not None:
                    current = s
            return current
        raise Unreadable("not a product or sum of names (a power x^2 of a vector is not a matrix power)")

    try:
        left, right = shape(a), shape(b)
    except Unreadable:
        return None
    if (left is None) != (right is None) or left is None:
        return None
    same(left, right)
    return {name: (find(r), find(c)) for name, (r, c) in names.items()}


def _dot_products(expr: sp.Basic, vectors: set[sp.Symbol], scope: Scope
                  ) -> tuple[sp.Basic, set[tuple[str, str]]]:
    """`expr` with each product of exactly two distinct vectors (`a W X y`) replaced by one real atom `dot_W_X`
    (printed `\\bar{W} \\cdot \\bar{X}`), with the pairs found; `Unreadable` when a vector occurs elsewhere (alone,
    squared, in a sum, with a third vector)."""
    pairs: set[tuple[str, str]] = set()

    def visit(node: sp.Basic) -> sp.Basic:
        if node in vectors:
            raise Unreadable("a vector outside a dot product")
        if not node.args:
            return node
        if isinstance(node, sp.Mul):
            inside = [f for f in node.args if f in vectors]
            if len(inside) == 2:
                first, second = sorted(inside, key=str)
                pairs.add((first.name, second.name))
                atom = sp.Symbol(f"dot_{first.name}_{second.name}", real=True)
                latex = [scope.names[v.name].latex if v.name in scope.names else v.name for v in (first, second)]
                scope.names.setdefault(atom.name, Name(f"({latex[0]} \\cdot {latex[1]})"))
                return sp.Mul(*[visit(f) for f in node.args if f not in vectors]) * atom
        return node.func(*[visit(arg) for arg in node.args])

    return visit(expr), pairs


def _qualify(links: list[Link], qualifier: str) -> None:
    """Mark the links of a chain that a clause (`\\forall 0 < i \\leq d`) qualifies: each is claimed for every value
    of its names, so a proof holds under the clause too, but a counterexample may lie outside it (not decided)."""
    for link in links:
        link.notes = tuple(sorted({*link.notes, "qualified"}))
        link.detail = {**link.detail, "qualifier": qualifier}


def _joined_by_link_word(prose: str) -> bool:
    tail = " ".join(prose.lower().split())[-60:]
    return any(word in tail for word in LINK_WORDS)


def _definition_shape(reading: Reading, scope: Scope) -> tuple[str, tuple[str, ...] | None] | None:
    """(name, parameters) when a term has the shape of a defined thing: a name, or f(x, y) of distinct names."""
    tree = reading.tree
    if tree.data == "name" and "atoms" in reading.notes:
        return None
    if tree.data == "name":
        return next(iter(reading.names.values())).ident if len(reading.names) == 1 else None, None
    if tree.data in ("apply", "call") and len(tree.children) == 2 and getattr(tree.children[1], "data", "") == "args":
        head = str(tree.children[0])
        if tree.data == "call":
            ident = head[1:]
            if ident in vocabulary.VOCABULARY or ident in BUILTIN_FUNCTIONS or ident in scope.vocabulary_names \
                    or ident in UNDEFINABLE:
                return None
        else:
            ident = reading.names[head].ident
            if ident in scope.vocabulary_names:
                return None
        params = []
        for arg in tree.children[1].children:
            if getattr(arg, "data", "") != "name":
                return None
            params.append(reading.names[str(arg.children[0])].ident)
        if len(set(params)) != len(params):
            return None
        return ident, tuple(params)
    return None


def _shift_name(variable: sp.Symbol) -> Name:
    """The name δ_o printed for the shift of an unspecified function of o (`Builder.unspecified_functions`)."""
    return Name("\\delta", variable.name)


def _family_key_of(name: Name) -> tuple[str, str | None]:
    return (name.base, name.sup)


def _family_key(reading: Reading) -> tuple[str, str | None]:
    if reading.tree.data != "name":
        return ("", None)
    name = next(iter(reading.names.values()))
    return (name.base, name.sup)


def _mentions(text: str, latex: str) -> bool:
    """Whether `text` writes the name `latex` (its base, then its decoration if any)."""
    match = re.match(r"(\\[A-Za-z]+|[A-Za-z])(?:_\{([^}]*)\})?(?:\^\{([^}]*)\})?", latex.strip())
    if not match:
        return latex in text
    base, sub, sup = match.groups()
    pattern = (r"(?<![A-Za-z\\_])" + re.escape(base) + r"(?![A-Za-z])") if not base.startswith("\\") else \
        re.escape(base) + r"(?![A-Za-z])"
    group = r"(?:\{[^{}]*\}|\\[A-Za-z]+|[^\s{}\\])"
    for found in re.finditer(pattern, text):
        tail = text[found.end():found.end() + 40]
        parts = re.match(r"(?:_(" + group + r"))?(?:\^(" + group + r"))?(?:_(" + group + r"))?('*)", tail)
        sub_found = (parts.group(1) or parts.group(3) or "").strip("{}")
        sup_found = (parts.group(2) or "").strip("{}") + parts.group(4)
        if (sub or "") == sub_found.strip() and (sup or "") == sup_found.strip():
            return True
    return False


def _matrix_products(expr: sp.Basic, scope: Scope, notation: Notation, scalars: frozenset[str] = frozenset()
                     ) -> bool:
    """Whether `expr` uses a capital-letter name (a matrix, unless the notation file declares it a scalar) where
    scalar algebra and matrix algebra part: in a product with another factor that is not a number (`W x = x W`
    and `W_1 W_2 = W_2 W_1` hold for scalars only), or under a power (`(W + V)^2`). Sums of matrices and their
    multiples by numbers (`2 W + V = V + W + W`) obey the same laws as scalars. The names in `scalars` are
    unspecified functions of a scalar (the loss L(o)): never matrices."""

    def capital(node: sp.Basic) -> bool:
        idents = [s.name for s in node.free_symbols if not isinstance(s, sp.MatrixSymbol)] + [
            f.func.__name__.removesuffix("_of")
                                                        for f in node.atoms(AppliedUndef)]
        return any((name := scope.names.get(ident)) is not None and re.fullmatch(r"[A-Z]", name.base)
                   and notation.shapes.get(ident) != "scalar" and ident not in scalars for ident in idents)

    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Mul):
            factors = [f for f in node.args if not f.is_number]
            if len(factors) >= 2 and any(capital(f) for f in factors):
                return True
        if isinstance(node, sp.Pow) and node.exp != 1 and capital(node.base):
            return True
    return False


def _entries_suffice(written: sp.Basic, scope: Scope, notation: Notation) -> bool:
    """Whether the link as written can be claimed with its names as free reals: no capital name in a product, no
    derivative or limit (whose meaning needs the definitions: how a name depends on a variable)."""
    return not written.has(sp.Derivative, sp.Limit) and not _matrix_products(written, scope, notation)


def _check_dependence(expr: sp.Expr) -> None:
    """A derivative d/dv of an expression without v is 0, which no sheet means: the sheet does not say how."""
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Derivative):
            for v in node.variables:
                if not node.expr.has(v.parent if isinstance(v, MatrixElement) else v):
                    raise Dependence(f"the sheet does not say how {node.expr} depends on {v}")
        elif isinstance(node, vocabulary.Gradient) and not node.args[0].has(node.args[1]):
            raise Dependence(f"the sheet does not say how {node.args[0]} depends on {node.args[1]}")


def _bound_variables(expr: sp.Expr) -> set[str]:
    names = set()
    for node in sp.preorder_traversal(expr):
        if isinstance(node, sp.Derivative):
            names |= {v.name for v in node.variables if isinstance(v, sp.Symbol)}
            names |= {v.parent.name for v in node.variables if isinstance(v, MatrixElement)}
        elif isinstance(node, (vocabulary.Gradient, sp.Limit)):
            names.add(node.args[1].name)
    return names


def _order_claim(a: sp.Expr, b: sp.Expr, relation: str) -> tuple[sp.Expr, sp.Expr, str, str]:
    """`a = b + O(g)` (or `a + O(g) = b`) → the claim a − b = O(g) as the variable of g tends to 0."""
    if relation != "==":
        raise Unreadable("an order term O(·) in an inequality is not read")
    orders = [t for t in sp.Add.make_args(sp.expand(b - a, deep=False)) if t.has(BigO)]
    if len(orders) != 1 or (not isinstance(orders[0], BigO) and not (-orders[0]).func == BigO):
        raise Unreadable("O(·) is read only as one term added to one side")
    order = orders[0] if isinstance(orders[0], BigO) else -orders[0]
    gauge = order.args[0]
    free = sorted(gauge.free_symbols, key=str)
    if len(free) != 1:
        raise Unreadable("O(g) needs g of one variable")
    rest = sp.expand(b - a, deep=False) - orders[0]
    if rest.has(BigO):
        raise Unreadable("O(·) on both sides is not read")
    return -rest, gauge, "O", f"{free[0].name} -> 0"


def _reading_latex(a: sp.Expr, b: sp.Expr, relation: str, scope: Scope) -> str:
    from identities.latex import latex

    names = {}
    for s in (a - b).free_symbols:
        name = scope.names.get(s.name)
        if name is not None:
            names[s] = name.latex
    rel = {"==": "=", "<=": r"\leq", ">=": r"\geq", "<": "<", ">": ">", "O": r"= O"}[relation]
    if sp.Tuple(a, b).has(sp.MatrixSymbol):
        # Vectors and entries in the sheet's own names and 1-based indices.
        return f"{printed(a, scope, False)} {rel} {printed(b, scope, False)}"
    right = latex(b, symbol_names=names)
    return f"{latex(a, symbol_names=names)} {rel} " + (f"\\left({right}\\right)" if relation == "O" else right)


def build_links(text: str, kind: str = "markdown", notation: Notation | None = None, reading_limit: float = 10.0
                ) -> tuple[list[Link], list[Definition]]:
    r"""The links and definitions of a sheet, in the order of the file; reading each link takes at most
    `reading_limit` seconds, and a failure on one link or display is that link's `error`.

    >>> links, definitions = build_links("$$g(x) = x^2$$\n\n$$g(2) = 4 = 5$$")
    >>> [(d.name, d.line) for d in definitions], [(k.latex, k.claim.lhs) for k in links]
    ([('g', 1)], [('g(2) = 4', '4'), ('4 = 5', '4')])
    """
    try:
        builder = _Builder(text, kind, notation or Notation(), reading_limit)
    except Exception as error:  # the document cannot be cut into displays: one error, the report still made
        link = Link(1, 1, 1, latex="", kind="document", relation="")
        link.fail(f"internal error: the document was not read ({type(error).__name__}: {error})")
        return [link], []
    builder.run()
    return builder.links, builder.definitions


__all__ = ["LINK_WORDS", "Definition", "Link", "build_links"]
