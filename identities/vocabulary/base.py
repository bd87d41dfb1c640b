"""The common shape of a vocabulary function

Every machine-learning function of the vocabulary is a `sympy.Function` subclass that stays unevaluated (a claim
reads as the sheet wrote it), knows its defining formula, its derivative, its exact values at special points, its
real/positive/bounded assumptions and its LaTeX notation.

Main definitions
- `MLFunction`: the base class; a subclass declares `parameters`, `defaults`, `latex_name` and `definition`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

import sympy as sp
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixExpr

Matrixish = sp.MatrixBase | MatrixExpr


def is_matrix(obj: object) -> bool:
    """True for explicit matrices and matrix expressions."""
    return isinstance(obj, (sp.MatrixBase, MatrixExpr))


ENTRY = sp.Symbol("_entry", real=True)
"""The bound variable of every entrywise function f(M) = [f(Mᵢⱼ)]. One symbol for all (claims cannot name it:
names starting with '_' are refused), so that two spellings of σ(Wx) are the same expression — with a fresh
Dummy per call, σ(Wx) − σ(Wx) did not cancel and a chain ending in σ(Wx) did not match its claim."""


def elementwise(fn: Callable[[sp.Expr], sp.Expr], M: Matrixish) -> Matrixish:
    """`fn` applied to every entry of `M` (explicitly when M is explicit).

    >>> x, y = sp.symbols("x y", real=True)
    >>> elementwise(sp.exp, sp.ImmutableMatrix([x, y])).T
    Matrix([[exp(x), exp(y)]])
    >>> W = sp.MatrixSymbol("W", 2, 2)
    >>> elementwise(sp.exp, W) == elementwise(sp.exp, W)
    True
    """
    if isinstance(M, sp.MatrixBase):
        return sp.ImmutableMatrix(M.applyfunc(fn))
    body = fn(ENTRY)
    if body.xreplace({ENTRY: sp.S.Zero}).has(ENTRY):
        t = sp.Dummy("t", real=True)  # the body binds ENTRY itself (f(M, g(N)ᵢ)): keep the scopes apart
        return ElementwiseApplyFunction(sp.Lambda(t, fn(t)), M)
    return ElementwiseApplyFunction(sp.Lambda(ENTRY, body), M)


def entrywise_call(name: str, fn: Callable[..., sp.Expr], args: tuple) -> Matrixish | None:
    """f(M, a, …) = [f(Mᵢⱼ, a, …)]: a scalar function of a matrix, entry by entry; None when M is not a matrix.

    Only the first argument may be a matrix: f(M, N) with two matrices has no entrywise meaning here.

    >>> x, y = sp.symbols("x y", real=True)
    >>> entrywise_call("max", sp.Max, (sp.ImmutableMatrix([x, y]), 0)).T
    Matrix([[Max(0, x), Max(0, y)]])
    """
    if not args or not is_matrix(args[0]):
        return None
    if any(is_matrix(a) for a in args[1:]):
        raise TypeError(f"{name}: only the first argument may be a vector or matrix (the function then acts on "
                        "each entry)")
    return elementwise(lambda t: fn(t, *args[1:]), args[0])


def clamp(x: sp.Expr, lower: sp.Expr | None = None, upper: sp.Expr | None = None) -> sp.Expr:
    """min(max(x, lower), upper), built without SymPy's search for redundant arguments unless x is a number.

    `Max(0, x)` compares x with 0 by factoring their difference, which costs seconds for the large pre-activations
    of an explicit network; the unevaluated form is the same function.

    >>> x = sp.Symbol("x", real=True)
    >>> clamp(x, lower=0), clamp(sp.Integer(-3), lower=0), clamp(x, -1, 1)
    (Max(0, x), 0, Max(-1, Min(1, x)))
    """
    evaluate = x.is_number
    out = x
    if upper is not None:
        out = sp.Min(upper, out, evaluate=evaluate)
    if lower is not None:
        out = sp.Max(lower, out, evaluate=evaluate)
    return out


class MLFunction(sp.Function):
    """A real function of the vocabulary: f(x, *parameters), unevaluated, with a defining formula.

    Subclasses set `parameters` (names, the first is the argument), `defaults` (values of trailing optional
    parameters, stored explicitly so that `f(x)` and `f(x, default)` are one expression) and `latex_name`, and
    implement `definition(*args)`: the formula in SymPy's elementary functions.
    """

    parameters: ClassVar[tuple[str, ...]] = ("x",)
    defaults: ClassVar[tuple[sp.Expr, ...]] = ()
    latex_name: ClassVar[str] = ""
    is_kinked: ClassVar[bool] = False
    """True for functions with breakpoints (their derivative has no value there without a convention)."""
    takes_matrix: ClassVar[bool] = False
    """False: applied to a matrix, the function acts on each entry."""
    finite_on_reals: ClassVar[bool] = True
    """True when the function is defined and finite at every finite real argument (not logit, BCE)."""

    def __new__(cls, *args, **options):
        args = tuple(sp.sympify(a) for a in args)
        if not cls.takes_matrix:
            entrywise = entrywise_call(cls.__name__, lambda *a: cls(*a, **options), args)
            if entrywise is not None:
                return entrywise
        missing = len(cls.parameters) - len(args)
        if 0 < missing <= len(cls.defaults):
            args = args + tuple(cls.defaults[len(cls.defaults) - missing :])
        return super().__new__(cls, *args, **options)

    @classmethod
    def definition(cls, *args: sp.Expr) -> sp.Expr:
        raise NotImplementedError

    def unfold(self) -> sp.Expr:
        """This application with the function replaced by its definition."""
        return self.definition(*self.args)

    def _eval_rewrite_as_exp(self, *args, **hints):
        return self.definition(*args).rewrite(sp.exp)

    def _eval_rewrite_as_Piecewise(self, *args, **hints):
        return self.definition(*args).rewrite(sp.Piecewise)

    def _eval_rewrite_as_log(self, *args, **hints):
        return self.definition(*args)

    def _eval_rewrite_as_tractable(self, *args, limitvar=None, **hints):
        """The definition, for SymPy's `limit` (Gruntz's algorithm rewrites each function as 'tractable' before
        it compares growth): an opaque function there gave wrong limits (softplus(a·x)/a → zoo·x·σ(zoo·x)).
        The definition's own functions are rewritten too (erf as erfs, which Gruntz needs)."""
        return self.definition(*args).rewrite("tractable", deep=True, limitvar=limitvar)


    def fdiff(self, argindex: int = 1) -> sp.Expr:
        """Derivative in the argument `argindex`, from the definition (overridden where a closed form reads better)."""
        dummies = [sp.Dummy(f"a{i}", real=True) for i in range(len(self.args))]
        derivative = sp.diff(self.definition(*dummies), dummies[argindex - 1])
        return derivative.xreplace(dict(zip(dummies, self.args, strict=True)))

    def _eval_is_extended_real(self):
        if all(a.is_extended_real for a in self.args):
            return True
        return None

    # SymPy's default for the sign of a numeric expression evaluates it at 2 digits, and -ln(1 + e^-25) then
    # looks like 0 (so that logsigmoid(25).is_zero was True and elu(logsigmoid(25)) built as 0). The vocabulary
    # states its signs structurally in `_eval_is_positive` & co.; it never lets SymPy guess one numerically.
    def _eval_is_extended_positive(self):
        return None

    def _eval_is_extended_negative(self):
        return None

    def _eval_is_zero(self):
        return None

    def _eval_is_finite(self):
        if self.finite_on_reals and all(getattr(a, "is_finite", None) and a.is_extended_real for a in self.args):
            return True
        return None

    def _eval_evalf(self, prec):
        return self.unfold()._eval_evalf(prec)

    def shown_args(self) -> tuple[sp.Expr, ...]:
        """The arguments worth printing: trailing parameters equal to their defaults are left out."""
        args = list(self.args)
        defaults = list(self.defaults)
        first_default = len(self.parameters) - len(defaults)
        while len(args) > max(1, first_default) and args[-1] == defaults[len(args) - 1 - first_default]:
            args.pop()
        return tuple(args)

    def _latex(self, printer, exp=None) -> str:
        inner = ", ".join(printer._print(a) for a in self.shown_args())
        head = self.latex_name
        if exp is not None:
            head = r"%s^{%s}" % (head, exp)
        return r"%s\left(%s\right)" % (head, inner)


def exact_number(x: sp.Expr) -> bool:
    """True when `x` is an exact real number whose sign SymPy decides without floating point."""
    return bool(x.is_Rational) or x in (sp.oo, -sp.oo)
