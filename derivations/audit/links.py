"""Links of a sheet: the walk through its mathematics, every relation a link, a definition or a reason

Walking the sheet in order, each chain t_0 r_1 t_1 … r_n t_n gives the links (t_{k-1}, r_k, t_k); a display that
begins with a relation continues the chain before it; `⇒` inside a display, or "that is", "so", "hence", … between
two displays, makes an implication link. Whatever goes wrong reading one display or link is that link's error,
within the reading limit; the report is always made. The builder is cut by job:

- `definitions.py`: which equations define (a chain whose first term introduces a name, `x =: a^0`, a mapping, an
  equation linear in a name never seen, an inline value the prose states) and where a definition holds (a number in
  its exercise, an expression in the section around it, a function in the whole sheet);
- `readings.py`: how a link's notation is read — with its vectors' shapes (`W_j` as the row or the column whose
  shapes agree, the tiers of `Readings.alternative_readings`), a summed family as a vector, entry by entry
  (`entries.py`), its 1 × 1 instance — and the guesses a reading makes;
- `claims.py`: what the prover is given (the definitions in force substituted, reported as `given`; a worked
  example's numbers at its point; a decimal checked as rounded) and the caveats of the reading noted, from what the
  document says elsewhere (`facts.py`) to sides that share no name (`caveats.py` says what each allows);
- `records.py`, `terms.py`: the records, and pure functions on terms the parts share.

Main definitions
- `Link`: one link (where, the LaTeX, the claim to prove or the reason it is not read).
- `Definition`: one definition (where, the LaTeX, what it defines).
- `build_links(text, kind, notation)`: the links and definitions of a sheet.
"""

from __future__ import annotations

import re
from contextlib import contextmanager

import sympy as sp

from identities.prover.budget import SoftTimeout, time_limit

from . import vectors
from .chains import Chain, Term, chains_of
from .claims import Claims
from .definitions import Definitions
from .document import Math, Positions, expand_macros, macros, read_document
from .entries import is_entry_link
from .facts import section_paths, survey
from .notation import Notation
from .readback import read_back
from .reader import Name, Reading, decorations, read_term
from .readings import Readings, same_family
from .reasons import (
    IncompleteRelation,
    IntroducesNames,
    NotAClaim,
    ReadBack,
    RelationNotChecked,
    ShapeTrouble,
    UndefinedFunction,
    Unreadable,
)
from .records import Definition, Equation, Link
from .rounding import decimal_places, grid_places
from .shapes import Shape, ShapeCalculus, is_dim, parse_shape
from .terms import (
    bound_variables,
    condition_shaped,
    definition_shape,
    family_key_of,
    joined_by_link_word,
    only_dotted,
    substituted_values,
)
from .translate import Scope, to_sympy

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


class _Builder(Definitions, Readings, Claims):
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
        previous: Equation | None = None
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

    def step(self, k: int, math: Math, previous: Equation | None, inline_run: str, done: set[int]
             ) -> tuple[Equation | None, str]:
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
        first: Equation | None = None
        last: Equation | None = None
        premise: Equation | None = None
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
        if previous is not None and first is not None and joined_by_link_word(math.prose):
            self.implication(previous, first)
        return last, ""

    premise_links: list[Link]
    """The links of the last chain read (the premise, when an implication follows)."""

    def equation(self, a: Term, b: Term, row: int) -> Equation | None:
        """The equation `a = b` of two terms, read, or `None`."""
        try:
            lhs, rhs = to_sympy(self.read(a.latex), self.scope), to_sympy(self.read(b.latex), self.scope)
        except Unreadable:
            return None
        return Equation(lhs, rhs, self.place(b.offset, row), f"{a.latex} = {b.latex}", False)

    def solved(self, before: Chain, premise: Equation, chain: Chain) -> None:
        """`… = 1 - 2p = 0 \\Rightarrow p = 0.5`: the premise's last link is an equation the sheet solves, not an
        identity (its implication is checked instead)."""
        if not self.premise_links or not premise.rhs.is_number:
            return
        try:
            named = definition_shape(self.read(chain.terms[0].latex), self.scope)
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

    def chain(self, chain: Chain, prose: str, joined: Chain | None, implied: bool = False) -> Equation | None:
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
        if not head and len(relations) == 1 and relations[0] == "=" and not joined_by_link_word(prose) \
                and not self.states_shape(terms[0].latex):
            head = self.definition(terms[1].latex, "=", terms[0].latex, terms[1].offset, "define", terms, True)
            if head:
                return None
        if head:
            start = 1
        restated = None if head or relations[0] != "=" or joined_by_link_word(prose) else self.restated(terms[0])
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
            first.note("restated", restated=restated)
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
            return Equation(lhs, rhs, self.place(terms[0].offset, rows[0]),
                             f"{terms[0].latex} = {terms[-1].latex}", bool(head))
        return None


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
        """Run the reading of `link` within `reading_limit` seconds; a failure of the audit itself becomes the
        link's internal error, an overrun its timeout. The definitions substituted while reading it are its
        `given`."""
        self.used = set()
        try:
            with time_limit(self.reading_limit):
                yield
        except SoftTimeout:
            link.fail(f"reading the link took more than {self.reading_limit:g} s", status="timeout")
        except Unreadable as error:
            link.unread(error)
        except Exception as error:  # one link's failure is that link's error, never the sheet's
            link.fail(f"internal error: {type(error).__name__}: {error}")
        finally:
            link.given = tuple(sorted({(d.line, d.latex) for key in self.used
                                       if (d := self.sources.get(key)) is not None}))

    def claim_id(self, link: Link) -> str:
        """The id of the claim of `link`: its place and its number in the sheet."""
        return f"audit-{link.line}-{link.column}-{len(self.links)}"

    def read_relation(self, link: Link, lhs: str, relation: str, rhs: str) -> Link:
        places = decimal_places(rhs) if relation in ("=", "~") else None
        if places is None and relation in ("=", "~") and decimal_places(lhs) is not None:
            lhs, rhs, places = rhs, lhs, decimal_places(lhs)
        grid = grid_places(rhs) if relation in ("=", "~") and places is None else None
        if grid is None and relation in ("=", "~") and places is None and (flipped := grid_places(lhs)) is not None:
            lhs, rhs, grid = rhs, lhs, flipped
        if places is not None or grid is not None:
            link.detail["computed"] = lhs  # the arithmetic whose result the decimals write (`rounding.widened`)
        if grid is not None:
            link.detail["decimal grid"] = grid
        elif relation == "~" and places is None:
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
        elif grid is not None:
            relation = "="
        if relation in ("<", ">", "<=", ">=") and condition_shaped(left, right):
            raise NotAClaim("an inequality between a name and a number or another name: a condition, not a claim")
        if is_dim(left) and relation == "=":
            return self.dim_link(link, left, rhs)
        self.scope.index_names = set()
        with self.inferred_vectors(left, right):
            return self.read_link(link, left, right, lhs, rhs, relation)


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
                    # a matrix of written entries keeps its shape in the instance: the sides must still agree
                    a, b = self.same_shape(to_sympy(left, self.scope), to_sympy(right, self.scope))
                except Unreadable:
                    link.unread(error)
                    return link
                self.finish(link, left, right, a, b, f"1 × 1 instance: {error}", relation, (lhs, rhs))
                if link.claim is not None and {s.name for s in sp.Tuple(a, b).free_symbols} & self.unread_in_instance:
                    link.note("entries free")
            if link.claim is None and link.reason is not None:
                link.unread(type(error)(f"{error}; read with every matrix and vector 1 × 1: {link.reason}"))
            return link
        self.finish(link, left, right, a, b, reading, relation, (lhs, rhs))
        return link


    def finish(self, link: Link, left: Reading, right: Reading, a: sp.Basic, b: sp.Basic, reading: str | None,
               relation: str, texts: tuple[str, str]) -> None:
        """Notes, read-back, new names and the claim of a link whose sides are read."""
        notes = left.notes | right.notes
        written = {n for n in notes if n.startswith("vector:") and self.notation.shapes.get(n[7:]) != "scalar"
                   and n[7:] not in self.scope.shapes and not only_dotted(n[7:], notes, a, b)}
        if any(n.startswith("dotted:") for n in notes):
            notes = notes | {"atoms"}
        link.notes = tuple(sorted({n for n in notes if not n.startswith(("vector:", "dotted:", "norm:", "transposed:",
                                                                           "applied:", "applied to a column:",
                                                                           "juxtaposed:"))}
                                  | ({"vector notation"} if written and not self.scalar_instance else set())
                                  | ({"matrix product", "1x1"} if self.scalar_instance else set())
                                  | ({"entries free"} if self.scalar_instance and same_family(left, right) else set())
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
                      and family_key_of(n) not in self.scope.families
                      and Name(n.base, None, n.sup).ident not in self.scope.shapes})
        if relation == "=" and new:
            link.unread(IntroducesNames(f"the link introduces {', '.join(new)} (a definition, not a claim)"))
            introduced = {n.ident for n in right.names.values() if n.latex in new}
            if not self.scalar_instance and link.kind == "chain" and not introduced & bound_variables(both):
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
        substituted = substituted_values(left, right)
        if substituted:
            link.detail = {**link.detail, "values written": substituted}
        self.make_claim(link, a, b, _CHECKED[relation])
        if "matrix product" in link.notes and "vector notation" not in link.notes and relation == "=" \
                and link.claim is not None and not self.scalar_instance and not self.scope.shapes:
            self.matrix_reading(link, *texts)


_REL_LATEX = {"=:": "=:", "=": "=", "<=": r"\leq", ">=": r"\geq", "<": "<", ">": ">", "!=": r"\neq", "~": r"\approx",
              "=>": r"\Rightarrow", "in": r"\in", "->": r"\to", "|->": r"\mapsto", ":=": ":=", "<=>": r"\iff"}


def _qualify(links: list[Link], qualifier: str) -> None:
    """Mark the links of a chain that a clause (`\\forall 0 < i \\leq d`) qualifies: each is claimed for every value
    of its names, so a proof holds under the clause too, but a counterexample may lie outside it (not decided)."""
    for link in links:
        link.note("qualified", qualifier=qualifier)


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
