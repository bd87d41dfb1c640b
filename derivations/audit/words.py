"""Function words of sheets: which words name which function, from the vocabulary itself

A sheet writes a function as a word: `\\operatorname{GELU}(x)`, `\\text{softplus}(x)`, `\\mathrm{ReLU}(z)`,
`\\tanh x`. The words of the vocabulary's functions come from the vocabulary — each function's `latex_name`, the
way proofsheet's own printer writes it, and its name — so that everything proofsheet prints, the audit reads
back (`tests/test_audit_words.py` checks every function of the vocabulary). A few spellings sheets use besides
(`\\sigma`, `\\ln`, `sgn`, `Sigmoid`) are kept by hand.

Some functions of the vocabulary are defined by a convention a sheet may not share: the slope of a leaky ReLU,
the threshold of the Huber loss, the order of the arguments of a cross-entropy, `H` for the Heaviside step. A
sheet's word for one of them is read as the vocabulary's, and the link then rests on a guessed notation
(`CONVENTIONAL`: never refuted, a proof is `proved-given`), unless a notation file maps the word.

Main definitions
- `FUNCTIONS`: word → vocabulary or SymPy function name.
- `CONVENTIONAL`: the vocabulary functions whose reading is a guess, with the convention read.
- `vocabulary_words()`: the words of the vocabulary's functions, from their LaTeX.
"""

from __future__ import annotations

import re

from identities import vocabulary

SHEET_WORDS = {
    "tanh": "tanh", "sinh": "sinh", "cosh": "cosh", "sin": "sin", "cos": "cos", "tan": "tan", "exp": "exp",
    "log": "log", "ln": "log", "max": "max", "min": "min", "abs": "abs", "sgn": "sign", "sign": "sign",
    "erf": "erf", "sqrt": "sqrt", "arctan": "atan", "sigma": "sigmoid", "Sigmoid": "sigmoid", "Softplus": "softplus",
    "Tanh": "tanh", "relu": "relu", "sigmoid": "sigmoid",
}  # fmt: skip
"""Spellings of sheets that are not the vocabulary's own words (SymPy's functions, capitalised words)."""

CONVENTIONAL = {
    "leaky_relu": "the slope 1/100 for x < 0", "elu": "α = 1", "selu": "the SELU constants λ, α",
    "swish": "β = 1", "plu": "the PLU's slope and bound", "huber": "the Huber threshold as its second argument",
    "logistic_loss": "log(1 + e^{-x}) of the margin", "hinge": "max(0, 1 - x) of the margin",
    "squared_hinge": "max(0, 1 - x)^2 of the margin", "gaussian": "e^{-x^2}",
    "binary_cross_entropy": "BCE(p, y): the prediction first", "cross_entropy": "CE(p, y): the prediction first",
    "heaviside": "H as the Heaviside step",
}
"""Functions whose reading from a sheet's word rests on a convention (what the vocabulary takes)."""


def _word(latex_name: str) -> str | None:
    """The word of a `latex_name` (`\\operatorname{log\\,softmax}` → `logsoftmax`), `None` when it is a symbol."""
    match = re.fullmatch(r"\\operatorname\{([^{}]*)\}(\^\{?\d\}?)?", latex_name.strip())
    if not match:
        return None
    return re.sub(r"\\[,;:! ]|\s", "", match.group(1))


def vocabulary_words() -> dict[str, str]:
    """Word → vocabulary name, from each function's `latex_name` and its own name.

    >>> words = vocabulary_words()
    >>> words["GELU"], words["logsoftmax"], words["BCE"], words["gelu"]
    ('gelu', 'log_softmax', 'binary_cross_entropy', 'gelu')
    """
    words = {}
    for name, function in vocabulary.VOCABULARY.items():
        if not isinstance(function, type):
            continue
        words[name] = name
        word = _word(getattr(function, "latex_name", "") or "")
        if word and not (name == "squared_hinge" and word == "hinge"):
            words[word] = name
    return words


FUNCTIONS = {**vocabulary_words(), **SHEET_WORDS}
"""Function words of sheets → vocabulary or SymPy names (other words followed by `(` are the sheet's own)."""


def normal_word(text: str) -> str:
    """A word as `FUNCTIONS` keys it: spacing commands and spaces dropped (`log\\,softmax` → `logsoftmax`)."""
    return re.sub(r"\\[,;:! ]|\s", "", text)


__all__ = ["CONVENTIONAL", "FUNCTIONS", "SHEET_WORDS", "normal_word", "vocabulary_words"]
