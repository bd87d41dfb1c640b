"""The audit reads back everything proofsheet prints: every function of the vocabulary, printed by the project's
LaTeX printer, reads as itself (issue 14)."""

import pytest
import sympy as sp

from derivations.audit.readback import printed
from derivations.audit.reader import read_term
from derivations.audit.translate import Scope, to_sympy
from derivations.audit.words import CONVENTIONAL, FUNCTIONS, vocabulary_words
from identities import vocabulary
from identities.latex import latex

x, y = sp.symbols("x y", real=True)
SAMPLES = {"binary_cross_entropy": (x, y), "cross_entropy": (sp.MatrixSymbol("p", 3, 1), sp.MatrixSymbol("q", 3, 1)),
           "onehot": (sp.Integer(1), sp.Integer(3)), "dot": None, "sqnorm": None, "grad": None}
"""Arguments for the functions that take more than a number (None: not a function a sheet writes by a word)."""
VECTOR = sp.MatrixSymbol("v", 3, 1)


def unfolded(expr: sp.Basic) -> sp.Basic:
    return expr.replace(lambda e: isinstance(e, vocabulary.MLFunction), lambda e: e.unfold())


WORDS = sorted(name for name in vocabulary.VOCABULARY if SAMPLES.get(name, ()) is not None)
"""Every function of the vocabulary a sheet writes by a word (dot, sqnorm, grad are operations of the claim
grammar, which sheets write as uᵀv, ‖v‖², ∇)."""


def test_every_word_is_tried():
    assert set(vocabulary.VOCABULARY) - set(WORDS) == {"dot", "sqnorm", "grad"}


@pytest.mark.parametrize("name", WORDS)
def test_every_vocabulary_function_reads_back(name):
    function = vocabulary.VOCABULARY[name]
    of_vectors = isinstance(function, type) and (getattr(function, "takes_matrix", False)
                                                 or issubclass(function, vocabulary.VectorFunction))
    args = SAMPLES.get(name) or ((VECTOR,) if of_vectors else (x,))
    expr = function(*args)
    three = (sp.Integer(3), sp.Integer(1))
    scope = Scope(shapes={"v": three, "p": three, "q": three})
    # The catalog's printer writes onehot's label from 0, a sheet from 1: the audit reads a sheet's, so onehot is
    # printed back as a sheet writes it (`readback.printed`, the form the audit's read-back check uses).
    tex = printed(expr, scope) if name == "onehot" else latex(expr)
    again = to_sympy(read_term(tex), scope)
    assert again == expr or sp.simplify(unfolded(again) - unfolded(expr)) == 0, (tex, again)


def test_every_word_of_the_vocabulary_is_known_and_the_conventions_are_vocabulary_names():
    assert set(vocabulary_words().values()) <= set(vocabulary.VOCABULARY)
    assert {"GELU", "SiLU", "ELU", "LeakyReLU", "ReLU6", "Huber", "logsoftmax", "BCE"} <= set(FUNCTIONS)
    assert set(CONVENTIONAL) <= set(vocabulary.VOCABULARY)
