"""The notation file of an audit: a sheet's names → vocabulary names or symbols, domains and shapes

A notation file (TOML) may only *name* things, never give expressions, so that it cannot hide a wrong step:

```toml
[names]                 # a sheet's name → a vocabulary function or another name
"\\Phi" = "sigmoid"
"s_1" = "sigmoid"
"s_0" = "softplus"
"f" = "function"        # a generic smooth function

[domains]               # a name → real, positive, negative, nonnegative, nonzero, integer (combinable)
a = "positive"

[shapes]                # a name → "scalar" (a bold w that is a number), "vector(n)", "matrix(m, n)"
w = "scalar"
W = "matrix(m, n)"
x = { shape = "vector(d)", from_line = 90 }   # from line 90 of the sheet on (x is a number before)
```

A name written as a vector (bold, barred, transposed) whose shape is not declared is read as a scalar, and a link
using it is never decided, unless its shape is declared `scalar`. A name declared a vector or matrix is read as
one (`derivations.audit.vectors`: matrix products are never commuted); a link that the vector reading cannot
read and that writes such a name whole (`W x`), or a column (`bmatrix`), is read entry by entry (`entries.py`).
The shapes declared here also feed the shape calculus of `dim(T) = a \\times b` links and sizes `|N|`
(`derivations.audit.shapes`), as the sheet's own `dim(N) = …` declarations do.

Main definitions
- `Notation`: the parsed file.
- `load_notation(path)`: read and validate a notation file (`NotationError` names the key at fault).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from identities import vocabulary
from identities.errors import ClaimError

from .reader import Unreadable, read_term

DOMAINS = {"real", "positive", "negative", "nonnegative", "nonzero", "integer"}


class NotationError(ClaimError):
    """A notation file that is not valid (the message names the file and the key)."""


@dataclass(frozen=True)
class Notation:
    """Name mappings and domains, keyed by the claim identifiers of the sheet's names."""

    vocabulary_names: dict[str, str] = field(default_factory=dict)
    symbol_names: dict[str, str] = field(default_factory=dict)
    functions: frozenset[str] = frozenset()
    domains: dict[str, str] = field(default_factory=dict)
    shapes: dict[str, str] = field(default_factory=dict)
    shape_lines: dict[str, int] = field(default_factory=dict)
    """For a name the sheet reuses (a scalar x in part A, the input vector x in part B): the line of the sheet
    from which its declared shape holds."""


def _ident(latex: str, where: str) -> str:
    if re.fullmatch(r"[A-Za-z]{2,}", latex):
        return latex  # a function word of the sheet (`rect`), applied as `rect(x)`
    # In a notation file `h^s` names the sheet's h^s: a letter superscript is a decoration, never a power.
    decorated = frozenset((m.group(1), m.group(2)) for m in re.finditer(r"(\\[A-Za-z]+|[A-Za-z])\^\{?([A-Za-z])\}?",
                                                                        latex))
    try:
        reading = read_term(latex, decorated)
    except Unreadable as error:
        raise NotationError(f"{where}: {latex!r} is not a name ({error})") from None
    if reading.tree.data != "name":
        if reading.tree.data == "call":
            return str(reading.tree.children[0])[1:]
        raise NotationError(f"{where}: {latex!r} is not a name (a notation file maps names, never expressions)")
    return next(iter(reading.names.values())).ident


def parse_notation(data: dict, source: str = "notation") -> Notation:
    """A `Notation` from the parsed TOML `data`.

    >>> n = parse_notation({"names": {"\\\\Phi": "sigmoid", "s_1": "sigmoid"}, "domains": {"a": "positive"}})
    >>> n.vocabulary_names, n.domains
    ({'Phi': 'sigmoid', 's_1': 'sigmoid'}, {'a': 'positive'})
    """
    unknown = set(data) - {"names", "domains", "shapes"}
    if unknown:
        raise NotationError(f"{source}: unknown table(s) {', '.join(sorted(unknown))} (use [names], [domains], "
                            "[shapes])")
    vocab, symbols, functions, domains = {}, {}, set(), {}
    for key, value in data.get("names", {}).items():
        where = f"{source}: names.{key}"
        if not isinstance(value, str):
            raise NotationError(f"{where}: the value must be a name")
        ident = _ident(key, where)
        if value == "function":
            functions.add(ident)
        elif value in vocabulary.VOCABULARY:
            vocab[ident] = value
        elif re.fullmatch(r"[A-Za-z\\][A-Za-z0-9_{}^()\\']*", value):
            symbols[ident] = _ident(value, where)
        else:
            raise NotationError(f"{where}: {value!r} is neither a vocabulary name nor a name")
    for key, value in data.get("domains", {}).items():
        where = f"{source}: domains.{key}"
        words = str(value).split()
        if not words or not set(words) <= DOMAINS:
            raise NotationError(f"{where}: {value!r} is not a domain ({', '.join(sorted(DOMAINS))})")
        domains[_ident(key, where)] = " ".join(words)
    shapes, shape_lines = {}, {}
    for key, value in data.get("shapes", {}).items():
        where = f"{source}: shapes.{key}"
        line = None
        if isinstance(value, dict):
            if set(value) - {"shape", "from_line"} or not isinstance(value.get("from_line", 1), int):
                raise NotationError(f"{where}: a shape table has `shape` and an integer `from_line`")
            value, line = value.get("shape"), value.get("from_line")
        if not isinstance(value, str) or not re.fullmatch(r"scalar|(vector|matrix)\([^()]*\)", value.strip()):
            raise NotationError(f"{where}: {value!r} is not a shape (scalar, vector(n), matrix(m, n))")
        ident = _ident(key, where)
        shapes[ident] = value.strip()
        if line is not None:
            shape_lines[ident] = line
    return Notation(vocab, symbols, frozenset(functions), domains, shapes, shape_lines)


def load_notation(path: str | Path) -> Notation:
    """Read a notation file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise NotationError(f"{path}: {error}") from None
    return parse_notation(data, str(path))


__all__ = ["DOMAINS", "Notation", "NotationError", "load_notation", "parse_notation"]
