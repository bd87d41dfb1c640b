"""Definitions of a sheet: which equations define, where they hold, and what the sheet gives its names

A chain whose first term introduces a name defines it (`o^a = W^{(2)} h^s + b^{(2)}`, `f(x) = …`, `x =: a^0`,
`s_0: \\mathbb{R} \\to \\mathbb{R}, x \\mapsto …`, an equation linear in one name never seen); inline mathematics
after defining words, or stating a value, defines; `dim(N) = a \\times b` declares a shape. A definition is recorded
with its line and holds where it was made (`Definitions.record`, `Definitions.leave_sections`): a number in its
exercise, an expression in the section around it, a function in the whole sheet. A name restated without a link word
may be defined anew; a number written for a defined name is its value at a worked example's point.

Main definitions
- `Definitions`: the builder's part that recognises and records definitions (a mixin of `links._Builder`).
"""

from __future__ import annotations

import contextlib
import itertools
import re

import sympy as sp

from identities import vocabulary

from . import vectors
from .chains import Chain, Term, chains_of
from .document import Math, expand_macros
from .facts import defines, encloses
from .reader import Reading
from .reasons import (
    Unreadable,
)
from .records import Definition
from .shapes import SCALAR, declared_name, is_dim, split_top_level, stated_shape
from .terms import (
    assumptions,
    bound_variables,
    definition_shape,
    family_key,
    joined_by_link_word,
    mentions,
)
from .translate import to_sympy

REAL_SPACE = re.compile(r"\\mathbb\s*(?:\{\s*R\s*\}|R)\s*(?:\^\s*(?:\{(?P<braced>[^{}]*(?:\{[^{}]*\}[^{}]*)*)\}"
                        r"|(?P<bare>\\?[A-Za-z0-9]+)))?")
"""`\\mathbb{R}`, `\\mathbb R^n`, `\\mathbb{R}^{m \\times n}`: the real space a declaration `x \\in …` names."""


REDEFINING = re.compile(r"(defined as|define|we can write|can be written|is given by|denote|let\b|:\s*$)", re.I)
INLINE_DEFINING = re.compile(r"(where|let|with|define|denote|suppose|know that|given|set)\W*$", re.I)
LET_BE = re.compile(r"\b[Ll]et\s+\$?\s*((?:\\[A-Za-z]+|[A-Za-z])(?:_\{?[A-Za-z0-9]+\}?)?)\s*\$?\s+(?:be|denote)\b")
""""Let L be …" in words: the name is introduced anew (`Builder.introduced_in_words`)."""


class Definitions:
    """Recognise and record the sheet's definitions (see the module docstring)."""

    def point_value(self, terms: list[Term], rows: list[int]) -> bool:
        """`ŷ = -1.0 \\cdot 0.622 = -0.622` of a defined ŷ: the value of ŷ at the sheet's point (the last number of the
        chain, as written), kept beside its definition (`at_the_point`); whether the chain gave one."""
        try:
            name = definition_shape(self.read(terms[0].latex), self.scope)
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
        shape = definition_shape(reading, self.scope)
        if shape is None:
            return None
        ident = shape[0]
        if shape[1] is not None and ident not in self.scope.functions:
            return None
        if shape[1] is None and ident not in self.scope.values and family_key(reading) not in self.scope.families:
            return None
        line = next((d.line for d in reversed(self.definitions) if d.name == ident and d.reason is None), None)
        return f"{term.latex}" + (f" (defined at line {line})" if line else "")

    def states_shape(self, latex: str) -> bool:
        """Whether a term is `dim(T)` (whose equation is a shape statement, never a definition of its other side)."""
        try:
            return is_dim(self.read(latex))
        except Unreadable:
            return False

    def shape_declaration(self, lhs: str, relation: str, rhs: str, offset: int) -> bool:
        """`dim(N) = a \\times b` (or `= n`) declares N's shape when N has none (declared, or as a row, column or
        entry of a declared name) and no earlier display uses N; so does `N \\in \\mathbb{R}^{a \\times b}`."""
        if relation == "in":
            return self.space_declaration(lhs, rhs, offset)
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
        self.declare_shape(name.ident, shape)
        self.definitions.append(Definition(line, column, f"{lhs} = {rhs}", name.ident))
        return True

    def declare_shape(self, ident: str, shape) -> None:
        """Record a shape the sheet states for a name; its sizes are positive integers."""
        self.shapes.declare(ident, shape)
        if not shape.scalar:
            self.declare_vector_shape(ident, shape)  # the vector reading takes it as a notation file's
        if self.shapes.size(ident) is not None:
            self.scope.sizes[ident] = self.shapes.size(ident)
        for size in sorted((shape.rows * shape.cols).free_symbols, key=str):
            self.domains.setdefault(size.name, "integer positive")

    def space_declaration(self, lhs: str, rhs: str, offset: int) -> bool:
        """`N \\in \\mathbb{R}^{a \\times b}` (or `^{n}`: a column; or `\\mathbb{R}`: a number) declares N's shape as
        `dim(N) = a \\times b` does, for each name of `x, y \\in …` that has none and that no earlier display uses;
        any other set (`\\mathbb{Z}`, an interval, `\\mathbb{R}^{n}_{+}`) declares nothing."""
        match = REAL_SPACE.fullmatch(expand_macros(rhs, self.table).strip())
        if match is None:
            return False
        names = []
        for part in split_top_level(lhs, ","):
            try:
                reading = self.read(part)
            except Unreadable:
                return False
            if reading.tree.data != "name":
                return False
            names.append(next(iter(reading.names.values())))
        line, column = self.positions.at(offset)
        exponent = match.group("braced") or match.group("bare")
        try:
            shape = stated_shape(exponent, self.scope) if exponent else SCALAR
        except Unreadable as error:
            self.definitions.append(Definition(line, column, f"{lhs} \\in {rhs}", names[0].ident, str(error)))
            return True
        for name in names:
            if self.shapes.has_shape(name) or self.mentioned(name.latex, offset):
                continue
            self.declare_shape(name.ident, shape)
            self.definitions.append(Definition(line, column, f"{lhs} \\in {rhs}", name.ident))
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
        shape = definition_shape(left, self.scope)
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
        known = ident in self.scope.values or ident in self.scope.functions or family_key(left) in self.scope.families
        if params is not None and ident in self.scope.functions and len(self.scope.functions[ident][0]) != len(params):
            known = False  # `f(x, y, z, t) = …` after `f(x, y, z) = …`: another f (a claim could not apply it so)
        if relation == "=" and known and (not REDEFINING.search(prose.strip()) or joined_by_link_word(prose)) \
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
            self.scope.families[family_key(left)] = (name.sub, value)
        else:
            if sp.Symbol(ident, real=True) in value.free_symbols or self.refers_to(value, ident):
                return False
            if vectors.is_matrix(value):
                self.scope.shapes[ident] = tuple(value.shape)
                self.vector_definitions[ident] = rhs
            self.scope.values[ident] = value
        self.record(Definition(line, column, f"{lhs} = {rhs}", ident),
                    ("family", *family_key(left)) if name is not None and family_key(left) in self.scope.families
                    and self.scope.families[family_key(left)][1] is value else ident)
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
            expanded = self.expand(value, bound_variables(value) | {ident})
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
        return mentions(" ".join(before), latex)

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
        new = [i for i in sorted(names) if i not in self.scope.values and not mentions(
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
            elif len(chain.terms) == 2 and chain.relations[0] == "in":
                self.space_declaration(chain.terms[0].latex, chain.terms[1].latex, chain.terms[0].offset)
            elif len(chain.terms) == 2 and chain.relations[0] == "=:":
                self.definition(chain.terms[1].latex, ":=", chain.terms[0].latex, chain.terms[1].offset, "define",
                                chain.terms)
            elif len(chain.terms) == 2 and chain.relations[0] in ("=", ":=") and (
                    INLINE_DEFINING.search(prose) or chain.relations[0] == ":=" or self.inline_defines(chain, prose)):
                if self.derivative_value(chain.terms[0], chain.terms[1].latex):
                    continue
                self.definition(chain.terms[0].latex, chain.relations[0], chain.terms[1].latex,
                                chain.terms[0].offset, "define", chain.terms)
            elif len(chain.terms) > 2 and set(chain.relations) == {"="} and (
                    INLINE_DEFINING.search(prose) or defines(prose)):
                self.defining_chain(chain)
        stripped = math.prose.strip()
        return prose if stripped in ("", ",", "and", ", and") else math.prose

    def defining_chain(self, chain: Chain) -> None:
        """"Let $x_3 = g(x_4) = e^{x_4}$": a function written with its parameters in the middle of the chain is
        defined by the term after it (the functions first, from the last), and the first name by the term after it.
        A pair whose left side is not a function with its parameters is no definition (`2 + 3 = 5`: an inline
        computation, not checked)."""
        terms = chain.terms
        for a, b in reversed(list(itertools.pairwise(terms[1:]))):
            try:
                shape = definition_shape(self.read(a.latex), self.scope)
            except Unreadable:
                continue
            if shape is not None and shape[1] is not None:  # "let": defined anew if the sheet had a g before
                self.definition(a.latex, "=", b.latex, a.offset, "define", terms)
        self.definition(terms[0].latex, "=", terms[1].latex, terms[0].offset, "define", terms)

    def inline_defines(self, chain: Chain, prose: str) -> bool:
        """Whether an inline `a = b` with no defining word before it still defines: `f(x) = …` (a function
        written with its parameters), or `x = 2` (a value of the exercise, unless a case: `if $y = 1$`)."""
        try:
            shape = definition_shape(self.read(chain.terms[0].latex), self.scope)
            value = self.read(chain.terms[1].latex)
        except Unreadable:
            return False
        if shape is None:
            return False
        if shape[1] is not None:
            return True
        return value.tree.data == "number" and defines(prose)

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

    def linear_solution(self, difference: sp.Expr, symbol: sp.Symbol) -> sp.Expr | None:
        """The solution of difference = 0 for `symbol` when it is linear in it with a coefficient known ≠ 0."""
        expanded = sp.expand(difference)
        if not expanded.is_polynomial(symbol) or sp.degree(expanded, symbol) != 1:
            return None
        coefficient = expanded.coeff(symbol, 1)
        assumed = coefficient.subs({s: sp.Symbol(s.name, **assumptions(self.domains.get(s.name)))
                                    for s in coefficient.free_symbols})
        if assumed.is_nonzero is not True:
            return None
        return -(expanded - coefficient * symbol) / coefficient


__all__ = ["Definitions"]
