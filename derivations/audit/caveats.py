"""What a verdict may conclude under each caveat of a link's reading: one table

A link is read under caveats — a vector read as a number, a counterexample that may leave the point the sheet
works at, a notation the audit had to guess, a condition the prose states and the claim does not carry. Each
caveat bounds what the prover's verdict may become: a proof may stay `proved`, become `proved-given` (it holds
given something the reader should know: reported apart, not counted as decided) or `unproved`; a counterexample
may stay `refuted` or become `unproved`. The status of a link is the prover's verdict lowered by every caveat of
its reading, and the message names each caveat that lowered it.

Main definitions
- `Caveat`: one caveat (its note, the strongest status after a proof and after a counterexample, its meaning).
- `CAVEATS`: the table, by note.
- `conclude(verdict, notes, detail)`: the status and the messages of a link's verdict under its notes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

PROVED, GIVEN, REFUTED, UNPROVED = "proved", "proved-given", "refuted", "unproved"
_RANK = {PROVED: 2, REFUTED: 2, GIVEN: 1, UNPROVED: 0}


@dataclass(frozen=True)
class Caveat:
    """A caveat of a reading: the strongest status after a proof (`proved`) and after a counterexample
    (`refuted`) under it, and what it means (`says`, formatted with the link's `detail`)."""

    note: str
    proved: str
    refuted: str
    says: str
    kept: str = ""
    """Said when the verdict stands under the caveat (how to read it)."""


CAVEATS: dict[str, Caveat] = {c.note: c for c in (
    Caveat("vector notation", UNPROVED, UNPROVED,
           "its vectors and matrices were read as numbers, which does not decide it (declare shapes in a notation "
           "file)"),
    Caveat("matrix product", UNPROVED, REFUTED,
           "its matrices were read as numbers, which does not decide it (declare shapes in a notation file)",
           kept="every matrix and vector 1 × 1"),
    Caveat("matrix product with a sum", UNPROVED, UNPROVED,
           "its matrices were read as numbers, and a sum's range could be a dimension (declare shapes in a "
           "notation file)"),
    Caveat("1x1", UNPROVED, REFUTED,
           "only its 1 × 1 instance (every dimension 1) reads, which can refute it but never prove it",
           kept="every matrix and vector 1 × 1"),
    Caveat("at the point", PROVED, UNPROVED,
           "the derivative values the sheet gives hold at its point only, which the counterexample may leave"),
    Caveat("at a given value", PROVED, UNPROVED,
           "the sheet gives the variable of its derivative a value, where the link may hold"),
    Caveat("dependent atoms", PROVED, UNPROVED,
           "its dot products and norms were read as free numbers, which the vectors they share bind"),
    Caveat("qualified", PROVED, UNPROVED,
           "the clause {qualifier} restricts its names"),
    Caveat("entries free", PROVED, UNPROVED,
           "its entries were read as free reals, which their definitions may not allow"),
    Caveat("atoms", PROVED, UNPROVED,
           "its atoms (products uᵀv, extrema of families) were read as free reals, which they may not be "
           "(uᵀv = vᵀu, wᵀw ≥ 0, max ≥ a_1)"),
    Caveat("premise unused", PROVED, UNPROVED,
           "the conclusion was claimed without its premise, which was not solved for a name of it"),
    Caveat("a solution", GIVEN, REFUTED,
           "the value solves the premise; that it is its only solution is not checked",
           kept="the value solves the premise; that it is its only solution is not checked"),
    Caveat("equivalence", UNPROVED, REFUTED,
           "only the direction ⇒ of the equivalence ⇔ is checked"),
    Caveat("one-sided index", PROVED, UNPROVED,
           "the index {indices} is free on one side only (a typo for a summed index, or one entry written for all?)"),
    Caveat("undetermined", PROVED, UNPROVED,
           "its sides share no name ({undetermined}): what relates them the document does not write here"),
    Caveat("restated", PROVED, UNPROVED,
           "the document may define {restated} anew here rather than restate it"),
    Caveat("value elsewhere", PROVED, UNPROVED,
           "the document gives {elsewhere} a value or definition the claim does not carry ({elsewhere_at})"),
    Caveat("prose condition", PROVED, UNPROVED,
           "the prose states a condition the claim does not carry ({conditions})"),
    Caveat("condition applied", GIVEN, REFUTED,
           "it rests on a condition the prose states ({applied})", kept="given {applied}"),
    Caveat("substituted values", PROVED, UNPROVED,
           "it writes the values {substituted} for its names, which the document does not give here"),
    Caveat("normalised", PROVED, UNPROVED,
           "it holds when {normalised} (a probability vector, a one-hot label), which the document may assume"),
    Caveat("guessed notation", GIVEN, UNPROVED,
           "it was read with a guessed notation ({guesses})", kept="reading {guesses}"),
)}
"""Every caveat, by the note a link carries (notes not in the table only describe the reading)."""


class _Detail(dict):
    def __missing__(self, key: str) -> str:
        return "…"


def conclude(verdict: str, notes: Iterable[str], detail: Mapping[str, object] = ()) -> tuple[str, list[str]]:
    """The status of a link whose claim got `verdict`, under the caveats among its `notes`, and the meaning of
    each caveat that lowered it (in the order of the table).

    >>> conclude("refuted", ["qualified", "W_j read as a row"], {"qualifier": "∀ i"})
    ('unproved', ['refuted, but the clause ∀ i restricts its names (not decided)'])
    >>> conclude("proved", ["qualified"])
    ('proved', [])
    >>> conclude("proved", ["vector notation"])[0]
    'unproved'
    """
    if verdict not in (PROVED, REFUTED):
        return verdict, []
    status, said, kept = verdict, [], []
    values = _Detail(detail)
    for note, caveat in CAVEATS.items():
        if note not in notes:
            continue
        bound = caveat.proved if verdict == PROVED else caveat.refuted
        if bound == verdict:
            if caveat.kept:
                kept.append(caveat.kept.format_map(values))
            continue
        if bound == GIVEN:
            said.append(caveat.kept.format_map(values))
        else:
            said.append(f"{verdict}, but {caveat.says.format_map(values)} (not decided)")
        if _RANK[bound] < _RANK[status]:
            status = bound
    return status, said if status != verdict else kept


__all__ = ["CAVEATS", "GIVEN", "PROVED", "REFUTED", "UNPROVED", "Caveat", "conclude"]
