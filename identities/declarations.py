"""Symbol declarations: the domain of a claim

A claim's `symbols` table maps each name to a declaration. Scalars are real SymPy symbols with assumptions (SymPy
reasons with them: `log(exp(x)) = x` needs x real); sized matrices and vectors are explicit matrices of real entry
symbols; matrices of symbolic size are `MatrixSymbol`s; `function` is an undefined smooth real function.

Main definitions
- `Declaration`: a parsed declaration string.
- `parse_declaration`: `"integer positive"`, `"matrix(2, 3)"`, `"vector(n)"`, `"function"` → `Declaration`.
- `Scope`: the SymPy objects of one claim (declared and implicit names), with labels for matrix entries.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import sympy as sp

from .errors import ClaimError

SCALAR_WORDS = {
    "real": {"real": True},
    "positive": {"positive": True},
    "negative": {"negative": True},
    "nonnegative": {"nonnegative": True, "real": True},
    "nonpositive": {"nonpositive": True, "real": True},
    "nonzero": {"nonzero": True, "real": True},
    "integer": {"integer": True},
}
MAX_EXPLICIT_SIZE = 64
_SHAPED = re.compile(r"^(matrix|vector)\s*\(\s*([^()]*)\)$")
_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_]*$")


@dataclass(frozen=True)
class Declaration:
    """What a declaration string says: a kind (scalar/matrix/function), assumptions and a shape."""

    kind: str
    assumptions: tuple[tuple[str, bool], ...] = ()
    shape: tuple[str, ...] = ()


def parse_declaration(text: str) -> Declaration:
    """Read one declaration string.

    >>> parse_declaration("integer positive").assumptions
    (('integer', True), ('positive', True))
    >>> parse_declaration("matrix(n, d)")
    Declaration(kind='matrix', assumptions=(), shape=('n', 'd'))
    """
    words = text.strip()
    if words == "function":
        return Declaration("function")
    shaped = _SHAPED.match(words)
    if shaped:
        kind, inner = shaped.groups()
        dims = tuple(d.strip() for d in inner.split(","))
        if kind == "vector":
            dims = (*dims, "1")
        if len(dims) != 2 or not all(re.fullmatch(r"\d+|[A-Za-z][A-Za-z0-9_]*", d) for d in dims):
            raise ClaimError(f"bad shape in declaration {text!r}: write matrix(2, 3), matrix(n, d) or vector(n)")
        for d in dims:
            if d.isdigit() and not 1 <= int(d) <= MAX_EXPLICIT_SIZE:
                raise ClaimError(f"size {d} in {text!r} is outside 1..{MAX_EXPLICIT_SIZE}")
        return Declaration("matrix", shape=dims)
    assumptions: dict[str, bool] = {}
    for word in words.split():
        if word not in SCALAR_WORDS:
            known = ", ".join([*SCALAR_WORDS, "matrix(m, n)", "vector(n)", "function"])
            raise ClaimError(f"unknown declaration {word!r} (known: {known})")
        assumptions.update(SCALAR_WORDS[word])
    if not assumptions:
        raise ClaimError("empty declaration")
    if "integer" not in assumptions:
        assumptions.setdefault("real", True)
    return Declaration("scalar", tuple(assumptions.items()))


@dataclass
class Scope:
    """The SymPy objects a claim's expressions may name.

    Names not declared are real scalars (`implicit`); indices of sums and subscripts are integers. `labels`
    maps each entry symbol of an explicit matrix to its user-facing name, e.g. `W[0, 1]`.
    """

    objects: dict[str, object] = field(default_factory=dict)
    declared: dict[str, Declaration] = field(default_factory=dict)
    labels: dict[sp.Symbol, str] = field(default_factory=dict)
    integer_names: set[str] = field(default_factory=set)

    @classmethod
    def from_table(cls, table: dict[str, str], integer_names: set[str] = frozenset()) -> Scope:
        """Build the scope of a `symbols` table; `integer_names` are names used as indices."""
        scope = cls(integer_names=set(integer_names))
        declarations = {}
        for name, text in table.items():
            if not isinstance(text, str):
                raise ClaimError(f"declaration of {name!r} must be a string, got {type(text).__name__}")
            if not _NAME.match(name) or name.startswith("_"):
                raise ClaimError(f"bad symbol name {name!r}")
            try:
                declarations[name] = parse_declaration(text)
            except ClaimError as err:
                raise ClaimError(f"symbol {name!r}: {err.message}") from None
        sizes = {d for decl in declarations.values() if decl.kind == "matrix" for d in decl.shape if not d.isdigit()}
        for name, decl in declarations.items():
            if decl.kind == "scalar":
                facts = dict(decl.assumptions)
                if name in sizes and not (facts.get("integer") and facts.get("positive")):
                    raise ClaimError(f"{name!r} is a matrix size, so it must be declared 'integer positive'")
                scope.objects[name] = sp.Symbol(name, **dict(decl.assumptions))
            elif decl.kind == "function":
                scope.objects[name] = sp.Function(name, real=True)
            scope.declared[name] = decl
        for size in sizes:
            if size not in scope.objects:
                scope.objects[size] = sp.Symbol(size, integer=True, positive=True)
        for name, decl in declarations.items():
            if decl.kind == "matrix":
                scope.objects[name] = scope._matrix(name, decl.shape)
        return scope

    def _matrix(self, name: str, shape: tuple[str, ...]):
        rows, cols = (int(d) if d.isdigit() else self.objects[d] for d in shape)
        if isinstance(rows, int) and isinstance(cols, int):
            def entry(i: int, j: int) -> sp.Symbol:
                sym = sp.Symbol(f"{name}_{i}" if cols == 1 else f"{name}_{{{i},{j}}}", real=True)
                self.labels[sym] = f"{name}[{i}]" if cols == 1 else f"{name}[{i},{j}]"
                return sym
            return sp.ImmutableMatrix(rows, cols, entry)
        return sp.MatrixSymbol(name, rows, cols)

    def lookup(self, name: str) -> object:
        """The object named `name`; an undeclared name becomes a real (or, for an index, integer) symbol."""
        if name not in self.objects:
            if name in self.integer_names:
                self.objects[name] = sp.Symbol(name, integer=True)
            else:
                self.objects[name] = sp.Symbol(name, real=True)
        return self.objects[name]

    def label(self, sym: sp.Basic) -> str:
        """The user-facing name of a symbol (`W[0,1]` for a matrix entry)."""
        return self.labels.get(sym, str(sym))
