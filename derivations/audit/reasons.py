"""Why a term or a link is not read: one exception class per kind of reason

A link that the audit cannot read is reported `unparsed` with a reason. The reason is an exception whose class
says what kind of trouble it is — the audit decides what to try next by the class (a link whose shapes do not
agree may still be read in its 1 × 1 instance; a `W_j` that may be a row or a column is read both ways), never
by the words of its message — and whose message says it in words for the user. The summary of an audit counts
its unparsed links by `kind`.

Main definitions
- `Unreadable`: the root (kind "notation": a piece of LaTeX the reader does not know).
- `ShapeTrouble` and its kinds: the vector reading's shapes do not agree (`RowOrColumn`, `ShapeMismatch`, …).
- `NotAClaim`: a relation that states no identity (an update rule, an equation to be solved, a definition).
- `Ambiguous`: the plausible readings of a link disagree.
- `KINDS`: every kind, with what it means (for the documentation and the summary).
"""

from __future__ import annotations


class Unreadable(ValueError):
    """A term or link the audit does not read; the message is the reason (status `unparsed`)."""

    kind = "notation"


class EllipsisNotRead(Unreadable):
    """An ellipsis that stands for terms not written, in a pattern the reader does not know."""

    kind = "ellipsis"


class IncompleteRelation(Unreadable):
    """A relation without one of its sides (a display that ends with `=`, a lone `= b` with nothing before)."""

    kind = "incomplete"


class RelationNotChecked(Unreadable):
    """A relation the audit does not check (`\\in`, `\\to`, `\\sim`, `\\propto`, `\\iff`, …)."""

    kind = "relation"


class NotAClaim(Unreadable):
    """A relation that states no identity: an update rule, an equation to be solved, a value in a table."""

    kind = "not a claim"


class IntroducesNames(Unreadable):
    """A link whose right side introduces names never seen (a definition of them, not a claim)."""

    kind = "new names"


class UndefinedFunction(Unreadable):
    """A function applied that neither the sheet, the vocabulary nor a notation file defines."""

    kind = "undefined function"


class Dependence(Unreadable):
    """A derivative of an expression that does not contain its variable: the sheet does not say how."""

    kind = "dependence"


class FreeIndex(Unreadable):
    """An index free on one side only: one entry written for the whole?"""

    kind = "free index"


class UndeclaredShape(Unreadable):
    """A name whose shape matters (it multiplies a matrix, it is written as a vector) and is not declared."""

    kind = "undeclared shape"


class ShapeTrouble(Unreadable):
    """The link does not read with the shapes of its vectors and matrices (its 1 × 1 instance may still read)."""

    kind = "shapes"


class RowOrColumn(ShapeTrouble):
    """`W_j` of a matrix W: its j-th row or its j-th column?"""


class ShapeMismatch(ShapeTrouble):
    """Shapes that do not agree: a number plus a vector, a product of shapes that do not chain, sides of two
    shapes, the derivative of a vector (a Jacobian)."""


class VectorNotation(ShapeTrouble):
    """Vector notation read only with declared shapes: a column written out, `\\sum_k` without its range, a
    vector function of an undeclared name."""


class Ambiguous(Unreadable):
    """The plausible readings of the link disagree, or both have agreeing shapes: not read."""

    kind = "ambiguous"


class ReadBack(Unreadable):
    """The reading printed back and read again gives something else: not a stable reading."""

    kind = "read back"


class InternalError(Exception):
    """Not a reason of the document: a failure of the audit itself while reading one link (status `error`)."""


KINDS = {cls.kind: (cls.__doc__ or "").split("\n")[0] for cls in (
    Unreadable, EllipsisNotRead, IncompleteRelation, RelationNotChecked, NotAClaim, IntroducesNames,
    UndefinedFunction, Dependence, FreeIndex, UndeclaredShape, ShapeTrouble, Ambiguous, ReadBack)}
"""Every kind of reason, with its meaning."""


__all__ = ["KINDS", "Ambiguous", "Dependence", "EllipsisNotRead", "FreeIndex", "IncompleteRelation",
           "InternalError", "IntroducesNames", "NotAClaim", "ReadBack", "RelationNotChecked", "RowOrColumn",
           "ShapeMismatch", "ShapeTrouble", "UndeclaredShape", "UndefinedFunction", "Unreadable", "VectorNotation"]
