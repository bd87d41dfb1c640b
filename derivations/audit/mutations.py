"""Single-token mutations of a sheet's links: how many wrong steps does the audit catch?

A mutation changes one token of a link's right side in the sheet — a digit d → d + 1, `+` ↔ `-`, a variable
x → 2x — so that the link (correct before) is almost surely wrong after. The mutated sheet is read again (with
its definitions), and the audit of the mutated links measures the catch rate.

Main definitions
- `mutants(latex, rng, count)`: up to `count` single-token mutations of `latex`.
- `mutated_links(text, links, rng)`: the mutated links, each read in its mutated sheet.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable

from .links import Link, build_links
from .notation import Notation

_TOKEN = re.compile(r"\\[A-Za-z]+|[0-9]|[+-]|[A-Za-z]|.", re.S)


def mutants(latex: str, rng: random.Random, count: int = 2) -> list[str]:
    """Up to `count` single-token mutations of `latex`, chosen by `rng`.

    >>> mutants("2x + 1", random.Random(0), count=9)
    ['2x - 1', '3x + 1', '22x + 1', '2x + 2']
    """
    options = []
    tokens = [(m.group(0), m.start()) for m in _TOKEN.finditer(latex)]
    for n, (token, at) in enumerate(tokens):
        before = tokens[n - 1][0] if n else ""
        after = tokens[n + 1][0] if n + 1 < len(tokens) else ""
        if token.isdigit() and before not in ("_", "{") and not (before == "(" and after == ")"):
            replacement = str((int(token) + 1) % 10)
        elif token in "+-" and n > 0 and before not in ("{", "^", "_"):
            replacement = {"+": "-", "-": "+"}[token]
        elif token in ("x", "v", "a", "z", "t") and before not in ("_", "^", "{", "\\") and not after.isalpha() \
                and not before.isalpha():
            replacement = "2" + token
        else:
            continue
        options.append(latex[:at] + replacement + latex[at + len(token):])
    rng.shuffle(options)
    return options[:count]


def mutated_links(text: str, links: Iterable[Link], rng: random.Random, *, kind: str = "markdown",
                  notation: Notation | None = None, count: int = 2) -> list[Link]:
    """For each chain link, up to `count` mutations of its right side, each read in the sheet mutated there."""
    found = []
    for link in links:
        if link.rhs is None:
            continue
        offset, latex = link.rhs
        if text[offset:offset + len(latex)] != latex:
            continue
        for mutant in mutants(latex, rng, count):
            mutated = text[:offset] + mutant + text[offset + len(latex):]
            again, _ = build_links(mutated, kind, notation)
            match = [k for k in again if k.rhs == (offset, mutant)]
            if match:
                found.append(match[0])
    return found


__all__ = ["mutants", "mutated_links"]
