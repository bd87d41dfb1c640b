"""Activation functions

The scalar activation functions of neural networks as unevaluated SymPy functions. Each states its definition,
derivative, exact special values and sign; kinked ones (ReLU, hard tanh, …) have derivatives whose values at
breakpoints are `KinkValue`s until a convention decides them.

Main definitions
- smooth: `sigmoid`, `softplus`, `logsigmoid`, `logit`, `silu`, `swish`, `gelu`, `mish`, `softsign`, `gaussian`
- kinked: `relu`, `relu6`, `leaky_relu`, `hardtanh`, `elu`, `selu`, `plu`
- `heaviside`: SymPy's `Heaviside` with the value at 0 left to the claim's convention
"""

from __future__ import annotations

import sympy as sp
from sympy import Piecewise, S, exp, log

from .base import MLFunction, clamp, exact_number
from .kinks import HEAVISIDE_AT_0, RELU_PRIME_AT_0, piecewise_derivative


class KinkedFunction(MLFunction):
    """A piecewise-defined activation; its derivative is exact inside pieces and honest at breakpoints."""

    is_kinked = True

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        if argindex != 1:
            return super().fdiff(argindex)
        t = sp.Dummy("t", real=True)
        pw = self.definition(t, *self.args[1:]).rewrite(Piecewise)
        return piecewise_derivative(sp.piecewise_fold(pw), t).xreplace({t: self.args[0]})

    @classmethod
    def _numeric_value(cls, *args) -> sp.Expr | None:
        """Exact value at exact rational arguments (the pieces are decided without floating point)."""
        if all(exact_number(a) for a in args):
            return cls.definition(*args).rewrite(Piecewise)
        return None


class sigmoid(MLFunction):
    """σ(x) = 1/(1 + e^{-x}); σ' = σ(1 − σ); 0 < σ(x) < 1; σ(0) = 1/2.

    >>> x = sp.Symbol("x", real=True)
    >>> sigmoid(x).diff(x)
    (1 - sigmoid(x))*sigmoid(x)
    >>> sigmoid(0), sigmoid(x).rewrite(sp.exp)
    (1/2, 1/(1 + exp(-x)))
    """

    latex_name = r"\sigma"

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return S.Half
        if x is sp.oo:
            return S.One
        if x is -sp.oo:
            return S.Zero
        return None

    @classmethod
    def definition(cls, x):
        return 1 / (1 + exp(-x))

    def fdiff(self, argindex=1):
        return self * (1 - self)

    def _eval_rewrite_as_tanh(self, x, **hints):
        return (sp.tanh(x / 2) + 1) / 2

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None

    def _eval_is_finite(self):
        return True if self.args[0].is_extended_real else None


class softplus(MLFunction):
    """softplus(x) = ln(1 + eˣ); softplus' = σ; softplus(x) > 0; softplus(0) = ln 2.

    >>> x = sp.Symbol("x", real=True)
    >>> softplus(x).diff(x), softplus(0)
    (sigmoid(x), log(2))
    """

    latex_name = r"\operatorname{softplus}"

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return log(2)
        if x is sp.oo:
            return sp.oo
        if x is -sp.oo:
            return S.Zero
        return None

    @classmethod
    def definition(cls, x):
        return log(1 + exp(x))

    def fdiff(self, argindex=1):
        return sigmoid(self.args[0])

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None


class logsigmoid(MLFunction):
    """logsigmoid(x) = ln σ(x) = −ln(1 + e^{-x}); derivative σ(−x); logsigmoid(x) < 0.

    >>> x = sp.Symbol("x", real=True)
    >>> logsigmoid(x).diff(x)
    sigmoid(-x)
    """

    latex_name = r"\operatorname{logsigmoid}"

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return -log(2)
        return None

    @classmethod
    def definition(cls, x):
        return -log(1 + exp(-x))

    def fdiff(self, argindex=1):
        return sigmoid(-self.args[0])

    def _eval_is_negative(self):
        return True if self.args[0].is_real else None


class logit(MLFunction):
    """logit(p) = ln(p/(1 − p)) for 0 < p < 1, the inverse of σ; logit'(p) = 1/(p(1 − p)).

    >>> p = sp.Symbol("p", positive=True)
    >>> logit(p).diff(p), logit(sp.S.Half)
    (1/(p*(1 - p)), 0)
    """

    finite_on_reals = False
    latex_name = r"\operatorname{logit}"
    parameters = ("p",)

    @classmethod
    def eval(cls, p):
        if p == S.Half:
            return S.Zero
        return None

    @classmethod
    def definition(cls, p):
        return log(p / (1 - p))

    def fdiff(self, argindex=1):
        p = self.args[0]
        return 1 / (p * (1 - p))

    def _eval_is_extended_real(self):
        p = self.args[0]
        if p.is_positive and (1 - p).is_positive:
            return True
        return None


class silu(MLFunction):
    """silu(x) = x·σ(x); silu' = σ(x)(1 + x(1 − σ(x))); silu(0) = 0.

    >>> x = sp.Symbol("x", real=True)
    >>> silu(x).diff(x)
    x*(1 - sigmoid(x))*sigmoid(x) + sigmoid(x)
    """

    latex_name = r"\operatorname{SiLU}"

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return S.Zero
        return None

    @classmethod
    def definition(cls, x):
        return x / (1 + exp(-x))

    def fdiff(self, argindex=1):
        x = self.args[0]
        return sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x))


class swish(MLFunction):
    """swish(x, b) = x·σ(b x), with b = 1 by default (then swish = silu).

    >>> x = sp.Symbol("x", real=True)
    >>> swish(x).args, swish(x, 2).rewrite(sp.exp)
    ((x, 1), x/(1 + exp(-2*x)))
    """

    latex_name = r"\operatorname{swish}"
    parameters = ("x", "b")
    defaults = (S.One,)

    @classmethod
    def eval(cls, x, b):
        if x.is_zero:
            return S.Zero
        return None

    @classmethod
    def definition(cls, x, b):
        return x / (1 + exp(-b * x))


class gelu(MLFunction):
    """gelu(x) = x·Φ(x) = (x/2)(1 + erf(x/√2)), Φ the standard normal distribution function.

    >>> x = sp.Symbol("x", real=True)
    >>> gelu(x).rewrite(sp.exp)
    x*(erf(sqrt(2)*x/2) + 1)/2
    """

    latex_name = r"\operatorname{GELU}"

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return S.Zero
        return None

    @classmethod
    def definition(cls, x):
        return x * (1 + sp.erf(x / sp.sqrt(2))) / 2


class mish(MLFunction):
    """mish(x) = x·tanh(softplus(x)) = x·tanh(ln(1 + eˣ)).

    >>> mish(0)
    0
    """

    latex_name = r"\operatorname{mish}"

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return S.Zero
        return None

    @classmethod
    def definition(cls, x):
        return x * sp.tanh(log(1 + exp(x)))


class softsign(MLFunction):
    """softsign(x) = x/(1 + |x|); softsign' = 1/(1 + |x|)²; −1 < softsign(x) < 1.

    >>> x = sp.Symbol("x", real=True)
    >>> softsign(x).diff(x), softsign(sp.Rational(-3))
    ((Abs(x) + 1)**(-2), -3/4)
    """

    latex_name = r"\operatorname{softsign}"

    @classmethod
    def eval(cls, x):
        if x.is_Rational:
            return x / (1 + abs(x))
        return None

    @classmethod
    def definition(cls, x):
        return x / (1 + sp.Abs(x))

    def fdiff(self, argindex=1):
        return 1 / (1 + sp.Abs(self.args[0])) ** 2


class gaussian(MLFunction):
    """gaussian(x) = e^{-x²}; gaussian' = −2x e^{-x²}; 0 < gaussian(x) ≤ 1.

    >>> x = sp.Symbol("x", real=True)
    >>> gaussian(x).diff(x), gaussian(0)
    (-2*x*gaussian(x), 1)
    """

    latex_name = r"\operatorname{gaussian}"

    @classmethod
    def eval(cls, x):
        if x.is_zero:
            return S.One
        return None

    @classmethod
    def definition(cls, x):
        return exp(-(x**2))

    def fdiff(self, argindex=1):
        return -2 * self.args[0] * self

    def _eval_is_positive(self):
        return True if self.args[0].is_real else None


class relu(KinkedFunction):
    """ReLU(x) = max(0, x); ReLU'(x) = H(x) for x ≠ 0, with ReLU'(0) the convention `relu_prime_at_0`.

    >>> x = sp.Symbol("x", real=True)
    >>> relu(x).diff(x), relu(-2), relu(sp.Rational(3, 2))
    (Heaviside(x, relu_prime_at_0), 0, 3/2)
    """

    latex_name = r"\operatorname{ReLU}"

    @classmethod
    def eval(cls, x):
        return cls._numeric_value(x)

    @classmethod
    def definition(cls, x):
        return clamp(x, lower=0)

    def fdiff(self, argindex=1):
        return sp.Heaviside(self.args[0], RELU_PRIME_AT_0)

    def _eval_rewrite_as_Heaviside(self, x, **hints):
        return x * sp.Heaviside(x, 0)

    def _eval_is_nonnegative(self):
        return True if self.args[0].is_real else None

    def _eval_is_positive(self):
        return self.args[0].is_positive


class relu6(KinkedFunction):
    """ReLU6(x) = min(max(0, x), 6).

    >>> relu6(7), relu6(-1), relu6(sp.Rational(5, 2))
    (6, 0, 5/2)
    """

    latex_name = r"\operatorname{ReLU6}"

    @classmethod
    def eval(cls, x):
        return cls._numeric_value(x)

    @classmethod
    def definition(cls, x):
        return clamp(x, lower=0, upper=6)

    def _eval_is_nonnegative(self):
        return True if self.args[0].is_real else None


class leaky_relu(KinkedFunction):
    """LeakyReLU(x, a) = x for x > 0 and a·x otherwise, with a = 1/100 by default.

    >>> x = sp.Symbol("x", real=True)
    >>> leaky_relu(-3), leaky_relu(x).diff(x)
    (-3/100, Piecewise((1/100, x < 0), (kink, Eq(x, 0)), (1, True)))
    """

    latex_name = r"\operatorname{LeakyReLU}"
    parameters = ("x", "a")
    defaults = (sp.Rational(1, 100),)

    @classmethod
    def eval(cls, x, a):
        return cls._numeric_value(x, a)

    @classmethod
    def definition(cls, x, a):
        return Piecewise((x, x > 0), (a * x, True))


class hardtanh(KinkedFunction):
    """hardtanh(x) = max(−1, min(1, x)): −1 below −1, x on [−1, 1], 1 above 1.

    >>> hardtanh(-5), hardtanh(sp.Rational(1, 3))
    (-1, 1/3)
    """

    latex_name = r"\operatorname{hardtanh}"

    @classmethod
    def eval(cls, x):
        return cls._numeric_value(x)

    @classmethod
    def definition(cls, x):
        return clamp(x, lower=-1, upper=1)


class elu(KinkedFunction):
    """ELU(x, a) = x for x > 0 and a(eˣ − 1) otherwise, with a = 1 by default (then ELU is C¹).

    >>> x = sp.Symbol("x", real=True)
    >>> elu(x).diff(x)
    Piecewise((exp(x), x < 0), (1, True))
    """

    latex_name = r"\operatorname{ELU}"
    parameters = ("x", "a")
    defaults = (S.One,)

    @classmethod
    def eval(cls, x, a):
        if x.is_zero:
            return S.Zero
        if x.is_Rational and x.is_positive:
            return x
        return None

    @classmethod
    def definition(cls, x, a):
        return Piecewise((x, x > 0), (a * (exp(x) - 1), True))


SELU_LAMBDA = sp.Rational("1.0507009873554804934193349852946")
SELU_ALPHA = sp.Rational("1.6732632423543772848170429916717")


class selu(KinkedFunction):
    """SELU(x, λ, a) = λ·ELU(x, a), by default λ ≈ 1.0507 and a ≈ 1.6733 (Klambauer et al., 31 digits, exact).

    >>> selu(0), selu(1) == SELU_LAMBDA
    (0, True)
    """

    latex_name = r"\operatorname{SELU}"
    parameters = ("x", "lam", "a")
    defaults = (SELU_LAMBDA, SELU_ALPHA)

    @classmethod
    def eval(cls, x, lam, a):
        if x.is_zero:
            return S.Zero
        if x.is_Rational and x.is_positive:
            return lam * x
        return None

    @classmethod
    def definition(cls, x, lam, a):
        return lam * Piecewise((x, x > 0), (a * (exp(x) - 1), True))


class plu(KinkedFunction):
    """PLU(x, a, c) = max(a(x + c) − c, min(a(x − c) + c, x)), by default a = 1/10, c = 1.

    >>> plu(0), plu(3)
    (0, 6/5)
    """

    latex_name = r"\operatorname{PLU}"
    parameters = ("x", "a", "c")
    defaults = (sp.Rational(1, 10), S.One)

    @classmethod
    def eval(cls, x, a, c):
        return cls._numeric_value(x, a, c)

    @classmethod
    def definition(cls, x, a, c):
        return sp.Max(a * (x + c) - c, sp.Min(a * (x - c) + c, x))


def heaviside(x: sp.Expr, at_zero: sp.Expr = HEAVISIDE_AT_0) -> sp.Expr:
    """The Heaviside step H(x): 0 for x < 0, 1 for x > 0, and `at_zero` (the convention) at 0.

    It is SymPy's `Heaviside`; without a convention its value at 0 is the unspecified `heaviside_at_0`.

    >>> x = sp.Symbol("x", real=True)
    >>> heaviside(x, 0).subs(x, 0), heaviside(x).subs(x, 0)
    (0, heaviside_at_0)
    """
    return sp.Heaviside(x, at_zero)
