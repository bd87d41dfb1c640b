"""A claim in SymPy form

`compile_claim` reads a `Claim`'s text with the whitelist parser into a `Problem`: both sides, the relation, the
hypotheses, the witness substitution, the kink conventions and, for order claims, the point approached. Every
error names the field, so that the claim file's message says file, line, claim id and field.

Main definitions
- `Approach`: `h -> 0`, `x -> 0+`, `t -> oo`.
- `Problem`: the compiled claim.
- `compile_claim`: `Claim` → `Problem`.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from typing import Any

import sympy as sp
from sympy.core.function import AppliedUndef

from .claim import RELATIONS, Claim
from .declarations import Scope
from .errors import ClaimError
from .expression import ExpressionParser, ParseError
from .vocabulary import CONVENTIONS, MatrixSum, is_matrix

_APPROACH = re.compile(r"^\s*([A-Za-z][A-Za-z0-9_]*)\s*->\s*(.+?)\s*$")


@dataclass(frozen=True)
class Approach:
    """The limit `variable -> point` with a direction: '+', '-', or '+-' (two-sided)."""

    variable: sp.Symbol
    point: sp.Expr
    direction: str

    def __str__(self) -> str:
        side = "" if self.direction == "+-" else self.direction
        return f"{self.variable} -> {self.point}{side}"


@dataclass(frozen=True)
class Problem:
    """A claim's mathematics: `lhs relation rhs` for all values of the scope satisfying the hypotheses."""

    claim: Claim
    lhs: Any
    rhs: Any
    relation: str
    scope: Scope
    hypotheses: tuple[sp.Basic, ...] = ()
    witness: tuple[tuple[Any, Any], ...] = ()
    conventions: dict[str, sp.Expr] = field(default_factory=dict)
    approach: Approach | None = None

    @property
    def is_matrix(self) -> bool:
        return is_matrix(self.lhs) or is_matrix(self.rhs)

    def label(self, sym: sp.Basic) -> str:
        return self.scope.label(sym)


def parse_conventions(table: dict[str, str]) -> dict[str, sp.Expr]:
    """Validate a `conventions` table and give each value as an exact number.

    >>> parse_conventions({"relu_prime_at_0": "0"})
    {'relu_prime_at_0': 0}
    """
    out = {}
    for name, value in table.items():
        if name not in CONVENTIONS:
            raise ClaimError(f"unknown convention {name!r} (known: {', '.join(CONVENTIONS)})")
        text = str(value).strip()
        if text not in CONVENTIONS[name]:
            raise ClaimError(f"convention {name} = {value!r}: choose one of {', '.join(CONVENTIONS[name])}")
        out[name] = sp.Rational(text)
    return out


def parse_approach(text: str, parser: ExpressionParser) -> Approach:
    """Read `at = "h -> 0"`, `"x -> 0+"`, `"t -> oo"`, `"t -> -oo"`."""
    match = _APPROACH.match(text or "")
    if not match:
        raise ClaimError(f"at = {text!r}: write it as 'h -> 0', 'x -> 0+' or 't -> oo'")
    name, point = match.groups()
    direction = "+-"
    if point.endswith(("+", "-")) and point not in ("+", "-") and not point.endswith(("++", "--")):
        direction, point = point[-1], point[:-1].strip()
    variable = parser.parse(name)
    value = sp.sympify(parser.parse(point))
    if value in (sp.oo, -sp.oo):
        direction = "-" if value is sp.oo else "+"
    if not isinstance(variable, sp.Symbol):
        raise ClaimError(f"at = {text!r}: {name} is not a scalar variable")
    return Approach(variable, value, direction)


def rename_bound_apart(expr: Any, taken: set[str]) -> Any:
    """`expr` with the index of each sum or product that is also a free name of the claim renamed apart (i → i_1):
    ∂/∂x_i Σ_i x_i² is ∂/∂x_i Σ_{i_1} x_{i_1}², the same sum (a bound index is a dummy) that SymPy no longer
    confuses with the free i.

    >>> i, n = sp.symbols("i n", integer=True)
    >>> rename_bound_apart(sp.Sum(i**2, (i, 0, n)) + i, {"i", "n"})
    i + Sum(i_1**2, (i_1, 0, n))
    """
    if not isinstance(expr, sp.Basic) or not taken:
        return expr
    used = set(taken) | {s.name for s in expr.atoms(sp.Symbol)}

    def rename(total: sp.Basic) -> sp.Basic:
        function, limits = total.function, []
        for index, *bounds in total.limits:
            if index.name in taken:
                k = 1
                while f"{index.name}_{k}" in used:
                    k += 1
                fresh = sp.Symbol(f"{index.name}_{k}", **index.assumptions0)
                used.add(fresh.name)
                function = function.xreplace({index: fresh})
                index = fresh
            limits.append((index, *bounds))
        return type(total)(function, *limits)

    return expr.replace(lambda e: isinstance(e, (sp.Sum, sp.Product, MatrixSum)), rename)


def in_scope(expr: Any, scope: Scope) -> Any:
    """`expr` (built in Python) with each symbol, matrix symbol and undefined function replaced by the scope's
    object of the same name, so that the sides share the objects the prover declares.

    >>> x = sp.Symbol("x")
    >>> in_scope(x + 1, Scope.from_table({"x": "real"})).free_symbols.pop().is_real
    True
    """
    mapping = {obj: scope.objects[obj.name] for obj in sp.sympify(expr).atoms(sp.Symbol, sp.MatrixSymbol)
               if obj.name in scope.objects and scope.objects[obj.name] != obj}
    out = expr.xreplace(mapping) if mapping else expr
    functions = {f.func.__name__: scope.objects[f.func.__name__] for f in sp.sympify(out).atoms(AppliedUndef)
                 if f.func.__name__ in scope.objects and scope.objects[f.func.__name__] != f.func}
    if functions:
        out = out.replace(lambda e: isinstance(e, AppliedUndef) and e.func.__name__ in functions,
                          lambda e: functions[e.func.__name__](*e.args))
    return out


def index_ranges(sides: tuple[Any, ...], scope: Scope, declared: set[str], stated: list) -> list:
    """`0 ≤ i`, `i ≤ n − 1` for each free index `i` (a name used as an index, neither declared nor bounded by the
    `stated` hypotheses) from the size of the vector or matrix it indexes; a `ClaimError` names a free index whose
    range nothing gives.

    >>> scope = Scope.from_table({"z": "vector(n)"}, integer_names={"j"})
    >>> z, j = scope.objects["z"], scope.lookup("j")
    >>> index_ranges((z[j, 0],), scope, {"z"}, [])
    [j >= 0, j <= n - 1]
    """
    given = {s for h in stated for s in h.free_symbols}
    free = sorted({s for side in sides for s in sp.sympify(side).free_symbols
                   if s.name in scope.integer_names and s.name not in declared and s.is_integer
                   and s not in given}, key=str)  # an index whose range the claim states keeps that range
    if not free:
        return []
    bounds: dict[sp.Symbol, list] = {k: [] for k in free}
    for side in sides:
        for element in sp.sympify(side).atoms(sp.matrices.expressions.matexpr.MatrixElement):
            for index, size in zip((element.i, element.j), element.parent.shape, strict=True):
                if index in bounds:
                    for bound in (sp.Ge(index, 0), sp.Le(index, size - 1)):
                        if bound not in bounds[index]:
                            bounds[index].append(bound)
    unknown = [str(k) for k in free if not bounds[k]]
    if unknown:
        raise ClaimError(f"free index {', '.join(unknown)}: its range is not given by a size it indexes; "
                         "state it with assume (e.g. '0 <= i', 'i <= n - 1') or declare it in symbols")
    return [b for k in free for b in bounds[k]]


def compile_claim(claim: Claim) -> Problem:
    """Parse a claim's expressions in its scope; a `ClaimError` names the field that is wrong.

    A claim is immutable and so is what it compiles to (nobody parses into a problem's scope afterwards), so the
    last `COMPILED` problems are kept: rendering a sheet reads each claim's problem for its display, its domain
    and its steps (about 1,000 compilations for the five sheets, 40% of a warm render).

    >>> problem = compile_claim(Claim(id="t", lhs="tanh(x)", rhs="2*sigmoid(2*x) - 1", symbols={"x": "real"}))
    >>> problem.lhs, problem.rhs
    (tanh(x), 2*sigmoid(2*x) - 1)
    """
    try:
        return _compiled(claim)
    except TypeError:  # an unhashable claim (objects that SymPy cannot hash): compiled each time
        return _compile(claim)


COMPILED = 256


@functools.lru_cache(maxsize=COMPILED)
def _compiled(claim: Claim) -> Problem:
    return _compile(claim)


def _compile(claim: Claim) -> Problem:
    def where(field_name: str):
        return lambda err: ClaimError(f"{field_name}: {err.message}", file=claim.file, line=claim.line,
                                      claim_id=claim.id)

    if claim.relation not in RELATIONS:
        raise where("relation")(ClaimError(f"unknown relation {claim.relation!r} (use {', '.join(RELATIONS)})"))
    try:
        scope = Scope.from_table(dict(claim.symbols))
    except ClaimError as err:
        raise where("symbols")(err) from None
    try:
        conventions = parse_conventions(dict(claim.conventions))
    except ClaimError as err:
        raise where("conventions")(err) from None
    parser = ExpressionParser(scope, conventions)

    def parse(field_name: str, text: str) -> Any:
        try:
            return parser.parse(text)
        except ParseError as err:
            raise where(field_name)(err) from None

    if claim.expressions is not None:
        lhs, rhs = (in_scope(side, scope) for side in claim.expressions)
    else:
        lhs, rhs = parse("lhs", claim.lhs), parse("rhs", claim.rhs)
    assumed = [parse(f"assume[{k}]", text) for k, text in enumerate(claim.assume)]
    free = {s.name for e in (lhs, rhs, *assumed) for s in sp.sympify(e).free_symbols}
    lhs, rhs = rename_bound_apart(lhs, free), rename_bound_apart(rhs, free)
    if is_matrix(lhs) != is_matrix(rhs) and claim.relation == "==":
        raise where("rhs")(ClaimError("one side is a matrix and the other a scalar"))
    if is_matrix(lhs) and is_matrix(rhs) and tuple(lhs.shape) != tuple(rhs.shape):
        shapes = f"{tuple(lhs.shape)} and {tuple(rhs.shape)}"
        raise where("rhs")(ClaimError(f"the sides have different shapes {shapes}"))
    if is_matrix(lhs) and claim.relation != "==":
        raise where("relation")(ClaimError("matrices can only be compared with =="))
    hypotheses = []
    for k, (text, hypothesis) in enumerate(zip(claim.assume, assumed, strict=True)):
        if not isinstance(hypothesis, sp.logic.boolalg.Boolean):
            raise where(f"assume[{k}]")(ClaimError(f"{text!r} is not a condition (write e.g. '0 < a')"))
        hypotheses.append(hypothesis)
    try:
        hypotheses += index_ranges((lhs, rhs), scope, {name for name, _ in claim.symbols}, hypotheses)
    except ClaimError as err:
        raise where("sides")(err) from None
    witness = []
    for name, text in claim.witness:
        target = parse(f"witness.{name}", name)
        witness.append((target, parse(f"witness.{name}", text)))
    approach = None
    if claim.relation == "O":
        if not claim.at:
            raise where("at")(ClaimError("an order claim (relation 'O') needs at = \"h -> 0\""))
        try:
            approach = parse_approach(claim.at, parser)
        except (ClaimError, ParseError) as err:
            raise where("at")(ClaimError(err.message)) from None
    elif claim.at:
        raise where("at")(ClaimError("'at' is only meaningful with relation = \"O\" (use limit(...) otherwise)"))
    return Problem(claim, lhs, rhs, claim.relation, scope, tuple(hypotheses), tuple(witness), conventions, approach)
