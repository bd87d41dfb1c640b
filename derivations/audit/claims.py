"""Claims of links: what the prover is given, with every definition in force and every caveat noted

A link read into SymPy becomes a claim: the definitions in force substituted (never into the variable of a
derivative), its unspecified functions read generically, its numbers at a worked example's point evaluated there,
a decimal checked as rounded, and the caveats of its reading noted — what the document says elsewhere of its names
(`facts.py`), sides that share no name, an index free on one side. Implications solve their premise.

Main definitions
- `Claims`: the builder's part that turns a read link into a claim (a mixin of `links._Builder`).
"""

from __future__ import annotations

import re

import sympy as sp
from sympy.core.function import AppliedUndef
from sympy.matrices.expressions.matexpr import MatrixElement

from identities import vocabulary
from identities.claim import Claim, Proof, Verdict
from identities.problem import rename_bound_apart
from identities.prover.rules import is_kinked

from . import vectors
from .document import expand_macros
from .facts import family_of
from .reader import Name, Reading
from .reasons import (
    Dependence,
    FreeIndex,
    RelationNotChecked,
    UndefinedFunction,
    Unreadable,
)
from .records import Equation, Link
from .rounding import check_grid, check_rounding, widened
from .shapes import dim_claim
from .terms import (
    bound_variables,
    check_dependence,
    dot_products,
    entries_suffice,
    family_key_of,
    family_totals,
    for_every_index,
    free_indices,
    free_names,
    holds_with,
    is_atom,
    matrix_products,
    matrix_shapes,
    names_one,
    order_claim,
    reading_latex,
    shift_name,
    summed_free,
)
from .translate import BigO, claim_text, to_sympy


class Claims:
    """Turn a read link into the prover's claim (see the module docstring)."""

    generic: set[str] = set()  # noqa: RUF012
    """The names read as unspecified functions in the link being claimed."""
    functions_of: dict[str, str]
    """The names read as unspecified functions so far, with the name they are functions of."""

    def note_atoms(self, link: Link, both: sp.Basic) -> None:
        """Note `atoms` when a term holds an atom (uᵀv, the max of a family), also through a definition; an atom
        under a derivative or a limit is not read (how it depends on the variable is hidden in it)."""
        atoms = [s for s in both.free_symbols if isinstance(s, sp.Symbol) and is_atom(s.name, self.scope)]
        if not atoms:
            return
        if both.has(sp.Derivative, sp.Limit):
            raise Unreadable("a product uᵀv or an extremum of a family, read as one atom, under a derivative or a "
                             "limit (how it depends on the variable is not read)")
        link.note("atoms")

    def dim_link(self, link: Link, left: Reading, rhs: str) -> Link:
        """`dim(T) = a \\times b`: the claim that T is a × b (see `shapes`)."""
        ident = self.claim_id(link)
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
        shapes = matrix_shapes(a, b)
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
            replaced, pairs = dot_products(both, symbols, self.scope)
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
        a, b = self.graph_derivatives(a), self.graph_derivatives(b)
        frozen = bound_variables(a) | bound_variables(b)
        both = sp.Tuple(a, b)
        if any(name in self.scope.values and not vectors.is_matrix(self.scope.values[name])
               and not self.scope.values[name].free_symbols for name in frozen):
            # ∂o/∂x_1 = 4 with x_1 = 2 given: the link holds at the sheet's point, the claim is for every x_1 (a
            # proof holds there too; a counterexample elsewhere is not one).
            link.note("at a given value")
        defined = {m.name for m in both.atoms(sp.MatrixSymbol) if m.name in self.scope.values
                   and self.scope.values[m.name].has(sp.MatMul)}
        if defined and not both.has(sp.Derivative, sp.Limit, vocabulary.Gradient):
            # Algebra of the sheet's vectors, without derivatives: claimed for every value they take (proved so,
            # it holds for their definitions; a counterexample so may not be one of them).
            frozen |= defined
            link.note("entries free")
        try:
            written = sp.Tuple(a, b)
            a, b = self.expand(a, frozen), self.expand(b, frozen)
            point = self.at_the_point(a, b)
            if point is not None:
                a, b = point
                link.notes = tuple(n for n in link.notes if n != "at a given value")
            if self.rounded(link, a, b):
                return
            self.note_substituted(link, sp.Tuple(a, b))
            if link.relation == "~":
                raise RelationNotChecked("≈ is checked only between a number and a decimal rounded to the digits it "
                                         "writes")
            one_side = sorted((free_indices(a) ^ free_indices(b)) - self.scope.dimensions)
            if vectors.is_matrix(a) and one_side and not for_every_index(a, b, one_side):
                # ∇L(W) = … h_j …: the sheet states one entry (or row) without saying which; not read whole.
                raise FreeIndex(f"the index {', '.join(one_side)} is free on one side only (a statement about "
                                 "one entry, written for the whole?)")
            if not vectors.is_matrix(a) and any(summed_free(side, set(one_side)) for side in (a, b)):
                # Σ_{i=1}^n e^{θ_j}: j free on one side only, inside a sum over i: a typo for the summed index?
                link.note("one-sided index", indices=", ".join(one_side))
            check_dependence(a - b)
            self.note_atoms(link, sp.Tuple(a, b))
            at = None
            if a.has(BigO) or b.has(BigO):
                a, b, relation, at = order_claim(a, b, relation)
            if matrix_products(sp.Tuple(a, b), self.scope, self.notation, frozenset(self.generic)):
                partial = self.expand(written, frozen | self.matrix_defined(written, frozen))
                if entries_suffice(partial, self.scope, self.notation) and at is None:
                    # The matrices came in with the definitions of entries (o_j^a = W_j h + b_j): the link with
                    # those entries free reals is proved for every value they take; it cannot be refuted so,
                    # the definitions may restrict those values.
                    a, b = partial
                    link.note("entries free")
                else:
                    link.note("matrix product")
            link.reading = reading_latex(a, b, relation, self.scope)
            link.claim = self.claim(link, a, b, relation, at)
            self.note_facts(link, sp.Tuple(a, b))
            self.note_unrelated(link, a, b)
            self.note_guesses(link, sp.Tuple(a, b))
            self.note_normalised(link, a, b)
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
        grid = link.detail.get("decimal grid")
        if grid is not None:
            return self.rounded_grid(link, exact, written, grid)
        places = link.detail.get("decimal")
        if places is None or not isinstance(written, sp.Rational) or vectors.is_matrix(exact) \
                or exact.free_symbols or exact.has(sp.Derivative, sp.Limit, sp.Integral, BigO) or exact == written:
            return False
        self.decide_rounding(link, exact, written, check_rounding(exact, written, places, self.possible_values(link)))
        return True

    def decide_rounding(self, link: Link, exact: sp.Basic, written: sp.Basic, outcome) -> None:
        """The link decided by a rounding check (`rounding.Rounding`), with the claim it stands for."""
        link.reading = reading_latex(exact, written, "==", self.scope)
        claim = Claim(id=self.claim_id(link), lhs=claim_text(exact), rhs=claim_text(written), title=link.latex)
        link.decided = Proof(claim, Verdict(outcome.status), method="rounding" if outcome.status == "proved" else None,
                             message=outcome.message, values=outcome.values or None,
                             counterexample={} if outcome.status == "refuted" else None)

    def possible_values(self, link: Link):
        """The values the arithmetic of a worked example's link can have when each decimal of 3 digits or more it
        writes is itself rounded (`0.8808 × 0.1192 ≈ 0.1050`): an Arb ball, or a matrix of them for a matrix of
        numbers; `None` when the arithmetic holds a name (a definition substituted) or writes no such decimal."""
        text = link.detail.get("computed")
        if text is None:
            return None
        self.scope.rounded_inputs = inputs = {}
        try:
            value = to_sympy(self.read(text), self.scope)
        except Unreadable:
            return None
        finally:
            self.scope.rounded_inputs = None
        if not inputs or (value.free_symbols - set(inputs)):
            return None
        if isinstance(value, sp.MatrixBase):
            balls = [[widened(e, inputs, 128) for e in value.row(i)] for i in range(value.rows)]
            return None if any(b is None for row in balls for b in row) else balls
        return widened(value, inputs, 128)

    def rounded_grid(self, link: Link, exact: sp.Basic, written: sp.Basic, places: tuple) -> bool:
        """A matrix or row of numbers and one of decimals (`σ(z) ≈ [0.8808, 0.9084]`): each entry decided as
        rounded to the digits it writes (`rounding.check_grid`); whether the link was one."""
        if not (isinstance(exact, sp.MatrixBase) and isinstance(written, sp.MatrixBase)) \
                or exact.shape != written.shape or exact.shape != (len(places), len(places[0])) \
                or exact.free_symbols or written.free_symbols or not all(e.is_Rational for e in written) \
                or exact.has(sp.Derivative, sp.Limit, sp.Integral, BigO):
            raise RelationNotChecked("a matrix of decimals is checked only against a matrix of numbers of its shape")
        self.decide_rounding(link, exact, written, check_grid(exact, written, places, self.possible_values(link)))
        return True

    def note_unrelated(self, link: Link, a: sp.Basic, b: sp.Basic) -> None:
        """Note `undetermined` when both sides have free names, share none, and one side is one name (up to a
        number: `e^{θ_k}/Σ_j e^{θ_j} - 1 = ŷ_k - 1`, ŷ never defined): the sheet names the other side by it, through
        something it does not write, so a counterexample is not one."""
        left, right = free_names(a, self.scope.dimensions), free_names(b, self.scope.dimensions)
        if left and right and not left & right and (names_one(a) or names_one(b)):
            shown = [self.scope.names[n].latex if n in self.scope.names else n for n in sorted(left | right)]
            link.note("undetermined", undetermined=", ".join(shown))

    def note_substituted(self, link: Link, both: sp.Basic) -> None:
        """Note `substituted values` when the right side writes numbers for names of the left one (`x·y = 1·2`)
        that stay free in the claim: the document computes at values it does not give here."""
        values = link.detail.get("values written") or {}
        free = {s.name for s in both.free_symbols}
        if free & set(values):
            shown = [f"{self.scope.names[i].latex if i in self.scope.names else i} = {v}"
                     for i, v in sorted(values.items())]
            link.note("substituted values", substituted=", ".join(shown))

    def note_normalised(self, link: Link, a: sp.Basic, b: sp.Basic) -> None:
        """Note `normalised` when the link holds once a family's total is 1 (`ŷ_k Σ_i y_i = ŷ_k`,
        `(t_0 + t_1 + t_2) y_0 = y_0`): documents leave Σ y = 1 of a probability vector or a one-hot label to the
        reader, so a counterexample with another total is not one of the document's values."""
        if vectors.is_matrix(a) or vectors.is_matrix(b):
            return
        for total in family_totals(sp.Tuple(a, b)):
            if holds_with(a - b, total):
                link.note("normalised", normalised=f"{sp.sstr(total)} = 1")
                return

    def note_facts(self, link: Link, both: sp.Basic) -> None:
        """Note what the document says elsewhere of the claim's free names (`facts.py`): a value, a definition
        not in force here, or a condition, under which a counterexample may not be one of its values."""
        variables = {v.name for d in both.atoms(sp.Derivative) for v in d.variables if isinstance(v, sp.Symbol)}
        idents = {name.removesuffix("_of") for name in free_names(both, self.scope.dimensions)}
        families = {}
        for ident in sorted(idents):
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
            link.note("value elsewhere", elsewhere=", ".join(sorted({f.latex for f in values})),
                      elsewhere_at="; ".join(f.described() for f in values[:3]))
        if conditions:
            link.note("prose condition", conditions="; ".join(f.described() for f in conditions[:3]))

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
                link.note("at the point")
            if not defined and function.name in self.functions_of:
                link.unread(Dependence(
                    f"{function.name} is an unspecified function of {self.functions_of[function.name]} (where "
                    f"∂{function.name}/∂{self.functions_of[function.name]} is written); its derivative's value at the "
                    "point is not substituted"))
                return a, b
            if len(defined) == 1 and self.refers_to(self.scope.values[defined[0].name], function.name):
                continue  # o defined through L itself: L is not a function of o
            shift = sp.Symbol(f"shift_{defined[0].name}", real=True) if len(defined) == 1 else None
            if shift is None or self.scope.names.get(shift.name, shift_name(defined[0])) != shift_name(defined[0]):
                continue
            applied = sp.Function(function.name, real=True)(defined[0] + shift)
            replacements[sp.Derivative(function, defined[0])] = sp.Derivative(applied, shift)
            replacements[function] = applied
            self.scope.names.setdefault(shift.name, shift_name(defined[0]))
            self.generic.add(function.name)
            self.functions_of.setdefault(function.name, defined[0].name)
        if not replacements:
            return a, b
        link.note("unspecified function")
        derivatives = {k: v for k, v in replacements.items() if isinstance(k, sp.Derivative)}
        names = {k: v for k, v in replacements.items() if not isinstance(k, sp.Derivative)}
        return a.xreplace(derivatives).xreplace(names), b.xreplace(derivatives).xreplace(names)

    def given_derivative(self, link: Link, function: sp.Symbol, over: set[sp.Symbol]) -> dict | None:
        """With L read as an unspecified function of o and ∂L/∂o = c given at the point: the chain rule
        ∂L/∂x = c · ∂o/∂x for every derivative of L in the link (noted `at the point`: the derivative variable keeps
        its name while the other values are substituted, so a counterexample may lie off the point)."""
        variable = self.functions_of.get(function.name)
        value = self.derivative_values.get((function.name, variable)) if variable is not None else None
        if value is None:
            return None
        o = sp.Symbol(variable, real=True)
        link.note("at the point")
        return {sp.Derivative(function, v): (value if v == o else value * sp.Derivative(o, v)) for v in over}

    def has_value(self, ident: str) -> bool:
        """Whether the sheet gives `ident` a value, itself or through its index family (`o_1^a` of `o_k^a = …`)."""
        return ident in self.scope.values or self.family_value(ident, set()) is not None

    def undefined_name(self, ident: str) -> bool:
        """Whether `ident` is a name the sheet never gives a value, function or index family."""
        return not self.has_value(ident) and not self.scope.is_function(ident)

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
        ident = self.claim_id(link)
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
            if matrix_products(value, self.scope, self.notation):
                found.add(name)
            else:
                pending += [(n, e) for n, e in names(value) if n not in frozen]
        return found

    def graph_derivatives(self, expr: sp.Basic) -> sp.Basic:
        """∂f/∂q where q is itself a name the document defines by an expression (`q = x·y`, `f = q + z`: a
        computational graph, as worked backpropagation examples write it): f with the definitions in force
        substituted except q's, differentiated by q (SymPy's `diff`, for smooth expressions only: no case, no
        unspecified function), so that the link may substitute q's value everywhere else (`∂f/∂q · ∂q/∂x = y`).
        Other derivatives stay."""
        if not isinstance(expr, sp.Basic) or vectors.is_matrix(expr) or not expr.has(sp.Derivative):
            return expr

        def local(d: sp.Derivative) -> sp.Basic:
            variables = {v.name for v in d.variables if isinstance(v, sp.Symbol)}
            nodes = {v for v in variables & set(self.scope.values) if not vectors.is_matrix(self.scope.values[v])
                     and self.scope.values[v].free_symbols}  # defined by an expression, not given a number
            if not nodes or vectors.is_matrix(d.expr):
                return d
            inner = self.expand(d.expr, variables)
            if inner.has(sp.Derivative, sp.Limit, sp.Integral, AppliedUndef, MatrixElement) \
                    or any(is_kinked(n) for n in sp.preorder_traversal(inner)) \
                    or not {v.name for v in inner.free_symbols} & variables:
                return d
            return sp.Derivative(inner, *d.variable_count).doit()

        return expr.replace(lambda e: isinstance(e, sp.Derivative), local)

    def expand(self, expr: sp.Expr, frozen: set[str]) -> sp.Expr:
        """`expr` with the definitions in force substituted (not into `frozen` names, nor into the variable of a
        derivative or limit: d/dz with z = w x + b stays d/dz), to a fixed point."""
        frozen = frozen | bound_variables(expr)
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
                        self.used.add(("family", *family_key_of(self.scope.names[s.name])))
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
                        self.used.add(("family", *family_key_of(self.scope.names[name[:-3]])))
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

    def implication(self, premise: Equation, conclusion: Equation, equivalence: bool = False) -> None:
        """The link "premise ⇒ conclusion" (see the module docstring)."""
        if conclusion.is_definition or premise.is_definition:
            return
        line, column, row = conclusion.at
        link = Link(line, column, row, latex=f"{premise.latex} \\Rightarrow {conclusion.latex}", kind="implication",
                    relation="=>", notes=("equivalence",) if equivalence else ())
        self.links.append(link)
        with self.isolated(link):
            self.read_implication(link, premise, conclusion)

    def read_implication(self, link: Link, premise: Equation, conclusion: Equation) -> None:
        frozen = bound_variables(sp.Tuple(premise.lhs, premise.rhs, conclusion.lhs, conclusion.rhs))
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
            link.note("a solution")
            self.make_claim(link, p.xreplace({a: b}), sp.S.Zero, "==")
            return
        link.detail = {"substituted": None}
        if p != 0:
            # (a premise the definitions in force satisfy, `2x + 1 = 5` having defined x, is used through them)
            link.note("premise unused")
        self.make_claim(link, a, b, "==")


__all__ = ["Claims"]
