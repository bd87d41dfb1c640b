"""Loss functions of a margin or of a probability

Scalar losses as unevaluated SymPy functions, in the margin form t = y·f(x) where that is the convention of the
literature (hinge, logistic) and of a predicted probability p and label y otherwise.

Main definitions
- margin losses: `hinge`, `squared_hinge`, `logistic_loss`
- regression: `huber`
- probabilities: `binary_cross_entropy` (vector `cross_entropy` lives with the vector functions)
"""

from __future__ import annotations

import sympy as sp
from sympy import Piecewise, S, exp, log

from .activations import KinkedFunction, sigmoid
from .base import MLFunction


class hinge(KinkedFunction):
    """hinge(t) = max(0, 1 − t), the SVM loss of the margin t = y·f(x).

    >>> hinge(3), hinge(-1)
    (0, 2)
    """

    latex_name = r"\operatorname{hinge}"
    parameters = ("t",)

    @classmethod
    def eval(cls, t):
        return cls._numeric_value(t)

    @classmethod
    def definition(cls, t):
        return sp.Max(0, 1 - t)

    def _eval_is_nonnegative(self):
        return True if self.args[0].is_real else None


class squared_hinge(KinkedFunction):
    """squared_hinge(t) = max(0, 1 − t)², a C¹ margin loss.

    >>> squared_hinge(-1)
    4
    """

    latex_name = r"\operatorname{hinge}^{2}"
    parameters = ("t",)

    @classmethod
    def eval(cls, t):
        return cls._numeric_value(t)

    @classmethod
    def definition(cls, t):
        return sp.Max(0, 1 - t) ** 2

    def _eval_is_nonnegative(self):
        return True if self.args[0].is_real else None

    def _latex(self, printer, exp=None):
        inner = printer._print(self.args[0])
        power = "2" if exp is None else r"2 \cdot %s" % exp
        return r"\operatorname{hinge}^{%s}\left(%s\right)" % (power, inner)


class logistic_loss(MLFunction):
    """logistic_loss(t) = ln(1 + e^{-t}) = softplus(−t); its derivative is −σ(−t).

    >>> t = sp.Symbol("t", real=True)
    >>> logistic_loss(t).diff(t), logistic_loss(0)
    (-sigmoid(-t), log(2))
    """

    latex_name = r"\operatorname{logistic}"
    parameters = ("t",)

    @classmethod
    def eval(cls, t):
        if t.is_zero:
            return log(2)
        return None

    @classmethod
    def definition(cls, t):
        return log(1 + exp(-t))

    def fdiff(self, argindex=1):
        return -sigmoid(-self.args[0])

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None


class huber(KinkedFunction):
    """huber(x, d) = x²/2 for |x| ≤ d and d(|x| − d/2) otherwise (d > 0, by default 1); C¹.

    >>> huber(sp.Rational(1, 2)), huber(3)
    (1/8, 5/2)
    """

    latex_name = r"\operatorname{Huber}"
    parameters = ("x", "d")
    defaults = (S.One,)

    @classmethod
    def eval(cls, x, d):
        return cls._numeric_value(x, d)

    @classmethod
    def definition(cls, x, d):
        return Piecewise((x**2 / 2, sp.Abs(x) <= d), (d * (sp.Abs(x) - d / 2), True))

    def _eval_is_nonnegative(self):
        x, d = self.args
        return True if x.is_real and d.is_positive else None


class binary_cross_entropy(MLFunction):
    """BCE(p, y) = −(y ln p + (1 − y) ln(1 − p)) for a predicted probability 0 < p < 1 and a label y.

    >>> p, y = sp.symbols("p y", positive=True)
    >>> binary_cross_entropy(p, y).diff(p)
    (1 - y)/(1 - p) - y/p
    """

    finite_on_reals = False
    latex_name = r"\operatorname{BCE}"
    parameters = ("p", "y")

    @classmethod
    def eval(cls, p, y):
        return None

    @classmethod
    def definition(cls, p, y):
        return -(y * log(p) + (1 - y) * log(1 - p))

    def fdiff(self, argindex=1):
        p, y = self.args
        if argindex == 1:
            return -y / p + (1 - y) / (1 - p)
        return -log(p) + log(1 - p)

    def _eval_is_extended_real(self):
        p, y = self.args
        if p.is_positive and (1 - p).is_positive and y.is_real:
            return True
        return None
