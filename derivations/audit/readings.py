"""Readings of a link: with its vectors' shapes, entry by entry, in its 1 × 1 instance, and its guesses

A link with vectors and matrices is read with their shapes (`W_j` of a matrix as its row or its column, whichever
alone has agreeing shapes; the alternative readings of `Readings.alternative_readings` taken when exactly one of a
tier agrees); a family summed with no range, or a name a vector function takes, is a vector for the link; failing
those, a link that writes a column is read entry by entry, or its 1 × 1 instance. The guesses a reading makes (a
product for an application, a power with an index exponent, a conventional function word) are noted for the
caveats table (`caveats.py`).

Main definitions
- `Readings`: the builder's part that chooses how a link's notation is read (a mixin of `links._Builder`).
"""

from __future__ import annotations

import itertools
import re
from contextlib import contextmanager
from math import prod

import sympy as sp
from lark import Token

from identities import vocabulary
from identities.claim import Claim

from . import vectors
from .entries import entry_claim
from .facts import family_of
from .reader import Name, Reading
from .reasons import (
    RelationNotChecked,
    RowOrColumn,
    ShapeMismatch,
    ShapeTrouble,
    UndefinedFunction,
    Unreadable,
)
from .records import Link
from .translate import VECTOR_FUNCTIONS, claim_text, to_sympy
from .words import CONVENTIONAL

SHAPE_TROUBLE = (ShapeTrouble, UndefinedFunction)
"""Reasons a link does not read with its vectors' and matrices' shapes (its 1 × 1 instance may still read): a
function the sheet applies to a vector may be one it applies entry by entry."""


KRONECKER_LIKE = re.compile(r"delta_\{?[A-Za-z],?\s*[A-Za-z]\}?")
"""`\\delta_{ik}`, `\\delta_{i,k}`: δ with two index letters, most often Kronecker's delta, read as one number."""


def described(way: dict, layout: str, names: dict[str, Name]) -> str:
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


def shape_text(expr: sp.Basic) -> str:
    return " × ".join(map(str, expr.shape)) if vectors.is_matrix(expr) else "a number"


def same_family(left: Reading, right: Reading) -> bool:
    """Whether two names of the link are one vector or matrix and its entry (`o^a` and `o_k^a`, `W` and `W_k`):
    distinct numbers when read as scalars, one number in the 1 × 1 instance."""
    keys: dict[tuple[str, str | None], set[str | None]] = {}
    for name in [*left.names.values(), *right.names.values()]:
        keys.setdefault((name.base, name.sup), set()).add(name.sub)
    return any(len(subs) > 1 for subs in keys.values())


class Readings:
    """Choose how a link's notation is read (see the module docstring)."""

    scalar_instance = False
    """Whether the link is being read in its 1 × 1 instance (`one_by_one`)."""

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
                    tiers[repaired].append((way, layout, described(way, layout, names)))
        return [tier for tier in tiers if tier]

    @staticmethod
    def same_shape(a: sp.Basic, b: sp.Basic) -> tuple[sp.Basic, sp.Basic]:
        if vectors.is_matrix(a) != vectors.is_matrix(b) or (vectors.is_matrix(a) and not vectors.same_size(a.shape,
                                                                                                         b.shape)):
            raise ShapeMismatch(f"the sides have different shapes ({shape_text(a)} and {shape_text(b)})")
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
        self.applied_guesses(link, left.notes | right.notes)
        self.note_normalised(link, a, b)
        link.reading = f"{claim_text(a)} = {claim_text(b)}"
        link.claim = Claim(id=self.claim_id(link), lhs=claim_text(a),
                           rhs=claim_text(b), relation="==", symbols=symbols, assume=assume, title=link.latex)
        return link

    def applied_guesses(self, link: Link, notes: set[str]) -> None:
        """`\\Phi(-v)` of a name the sheet neither defines nor writes alone: read as the product Φ·(−v), though it
        may be a function the sheet does not define (a guessed notation), as is `\\hat{\\sigma}` of a column. A Latin
        letter before parentheses (`y(1 - y)`, `W_1(W_2 x + b)`) is a number or a matrix times them, as sheets
        write."""
        for note in notes:
            if note.startswith("juxtaposed:"):
                run = note.split(":", 1)[1]
                link.note("guessed notation", guesses=f"{run} read as the product {'·'.join(run)} (or one name?)")
                continue
            if not note.startswith(("applied:", "applied to a column:")):
                continue
            name = self.scope.names.get(note.split(":", 1)[1])
            latin = name is not None and re.fullmatch(r"[A-Za-z]", name.base) is not None
            if name is not None and (note.startswith("applied to a column:")
                                     or (not latin and not self.written_alone(name.latex))):
                link.note("guessed notation", guesses=f"{name.latex}(…) read as a product, {name.latex} a number")

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
        for s in both.free_symbols:
            if isinstance(s, sp.Symbol) and KRONECKER_LIKE.fullmatch(s.name):
                guesses.append(f"{s.name} read as a number (a Kronecker delta?)")
        if both.has(vocabulary.sigmoid) and any(s.name == "sigma" for s in both.free_symbols):
            guesses.append("σ alone read as a number, though the link also applies σ")
        for function, (where, first) in self.redefined.items():
            if both.has(function) and self.links.index(link) > first:
                guesses.append(f"{function.__name__} read as the vocabulary's, though the sheet writes {where}")
        if guesses:
            link.note("guessed notation", guesses="; ".join(sorted(set(guesses))))


__all__ = ["Readings", "same_family"]
