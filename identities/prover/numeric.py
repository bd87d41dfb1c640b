"""Numbers at points, without letting SymPy compare numbers

SymPy's `evalf` loses relative precision near cancellations (ln(1 + e^-80) evaluates to 0 at 15 digits), and
SymPy decides comparisons of numbers with it, so `Max(1, 1 - ln(1 + e^-25))` collapses to the wrong argument the
moment its arguments are numbers. proofsheet therefore never substitutes a point into a SymPy expression to
evaluate it: one tree walker evaluates the symbolic expression with an environment (symbol → number), and every
max, min, case condition and sign is decided by the arithmetic backend:

- `ArbBackend`: python-flint's Arb balls, rigorous enclosures. Disjoint balls prove two sides differ; this is how
  the refuter certifies a counterexample.
- `MpmathBackend`: mpmath at a given number of digits, for the post-check (a different arithmetic from the
  refuter's, so that one bug does not hide another).
Neither is used by a strategy that proves.

Main definitions
- `Undefined`: no value at the point (log of a non-positive number, division by zero, an unspecified kink value).
- `Undecided`: the precision does not suffice to decide a branch or a sign.
- `evaluate(expr, backend, env)`, `enclose(expr, prec, env)`, `value(expr, digits, env)`.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any, ClassVar

import flint
import mpmath
import sympy as sp
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from ..exact import relation_holds
from ..vocabulary import KinkValue, MLFunction


class Undefined(ArithmeticError):
    """No value at this point."""


class Undecided(ArithmeticError):
    """Not decidable at this precision."""


class ArbBackend:
    """Rigorous ball arithmetic at `prec` bits."""

    def __init__(self, prec: int = 128) -> None:
        self.prec = prec
        flint.ctx.prec = prec

    def rational(self, p: int, q: int) -> flint.arb:
        return flint.arb(flint.fmpq(p, q)) if q != 1 else flint.arb(p)

    def constant(self, name: str) -> flint.arb:
        return {"E": flint.arb.const_e, "pi": flint.arb.pi}[name]()

    def sign(self, x: flint.arb) -> int:
        if x > 0:
            return 1
        if x < 0:
            return -1
        if x.is_zero():
            return 0
        raise Undecided("sign")

    def unary(self, name: str, x: flint.arb) -> flint.arb:
        return getattr(x, {"ceiling": "ceil", "Abs": "__abs__"}.get(name, name))()

    def log(self, x: flint.arb) -> flint.arb:
        return x.log()

    def power(self, base: flint.arb, exponent: flint.arb) -> flint.arb:
        return (exponent * base.log()).exp()

    def maximum(self, a, b):
        return a.max(b)

    def minimum(self, a, b):
        return a.min(b)


@functools.lru_cache(maxsize=8)
def _mpmath_context(digits: int) -> tuple[mpmath.ctx_mp.MPContext, Any]:
    """A private mpmath context at `digits` + 10 digits and its "too close to 0" threshold, made once per precision
    (a context takes a millisecond to build; no caller changes its precision)."""
    ctx = mpmath.mp.clone()
    ctx.dps = digits + 10
    return ctx, ctx.mpf(10) ** (-(digits + 5))


class MpmathBackend:
    """mpmath floating point at `digits` digits; signs closer to 0 than the precision are undecided."""

    def __init__(self, digits: int = 50) -> None:
        self.digits = digits
        self.ctx, self.tiny = _mpmath_context(digits)

    def rational(self, p: int, q: int):
        return self.ctx.mpf(p) / q

    def constant(self, name: str):
        return {"E": self.ctx.e, "pi": self.ctx.pi}[name]

    def sign(self, x) -> int:
        if abs(x) <= self.tiny:
            if x == 0:
                return 0
            raise Undecided("sign")
        return 1 if x > 0 else -1

    def unary(self, name: str, x):
        if name == "Abs":
            return abs(x)
        if name == "ceiling":
            return self.ctx.ceil(x)
        return getattr(self.ctx, name)(x)

    def log(self, x):
        return self.ctx.log(x)

    def power(self, base, exponent):
        return self.ctx.power(base, exponent)

    def maximum(self, a, b):
        return max(a, b)

    def minimum(self, a, b):
        return min(a, b)


UNARY = {
    sp.exp: "exp", sp.sin: "sin", sp.cos: "cos", sp.tan: "tan", sp.sinh: "sinh", sp.cosh: "cosh",
    sp.tanh: "tanh", sp.asinh: "asinh", sp.atan: "atan", sp.asin: "asin", sp.acos: "acos", sp.acosh: "acosh",
    sp.atanh: "atanh", sp.erf: "erf", sp.erfc: "erfc", sp.Abs: "Abs", sp.floor: "floor", sp.ceiling: "ceiling",
}  # fmt: skip


# The walker meets the same nodes at every point of a search: their structural preparation is computed once.
@functools.lru_cache(maxsize=50_000)
def _numer_denom(expr: sp.Mul) -> tuple[sp.Expr, sp.Expr]:
    return expr.as_numer_denom()


@functools.lru_cache(maxsize=10_000)
def _unfolded(expr: MLFunction) -> sp.Expr:
    return expr.unfold()


@functools.lru_cache(maxsize=10_000)
def _difference(cond: sp.core.relational.Relational) -> sp.Expr:
    return cond.lhs - cond.rhs


@functools.lru_cache(maxsize=2_000)
def _with_indices(expr: sp.Basic, indices: frozenset) -> sp.Basic:
    return sp.sympify(expr).xreplace(dict(indices))


class _Walker:
    """Evaluate a SymPy tree with `backend`, symbols read from `env` (SymPy never sees a number)."""

    def __init__(self, backend, env: Mapping[sp.Symbol, Any]) -> None:
        self.backend = backend
        self.env = env

    def __call__(self, expr: sp.Basic) -> Any:
        b = self.backend
        if expr.is_Rational:
            return b.rational(int(expr.p), int(expr.q))
        if expr is sp.E or expr is sp.pi:
            return b.constant(str(expr) if expr is sp.pi else "E")
        if isinstance(expr, KinkValue):
            raise Undefined(f"the value {expr.name} is not fixed by a convention")
        if expr.is_Symbol:
            if expr in self.env:
                return self.env[expr]
            raise Undecided(f"free symbol {expr}")
        handler = self.HANDLERS.get(type(expr))
        if handler is not None:
            return handler(self, expr)
        if isinstance(expr, MLFunction):
            return self(_unfolded(expr))
        if type(expr) in UNARY:
            return b.unary(UNARY[type(expr)], self(expr.args[0]))
        raise Undecided(f"cannot evaluate {type(expr).__name__}")

    def add(self, expr):
        total = self(expr.args[0])
        for term in expr.args[1:]:
            total = total + self(term)
        return total

    def mul(self, expr):
        numer, denom = _numer_denom(expr)
        if denom != 1:
            return self(numer) / self._nonzero(self(denom))
        out = self(expr.args[0])
        for factor in expr.args[1:]:
            out = out * self(factor)
        return out

    def _nonzero(self, x):
        if self.backend.sign(x) == 0:
            raise Undefined("division by zero")
        return x

    def pow(self, expr):
        base, exponent = expr.args
        if exponent.is_Integer:
            value = self(base)
            n = int(exponent)
            return value**n if n >= 0 else 1 / self._nonzero(value) ** (-n)
        value = self(base)
        s = self.backend.sign(value)
        if s < 0 or (s == 0 and not (exponent.is_number and exponent > 0)):
            raise Undefined("non-integer power of a non-positive number")
        if s == 0:
            return value
        return self.backend.power(value, self(exponent))

    def log(self, expr):
        value = self(expr.args[0])
        if self.backend.sign(value) <= 0:
            raise Undefined("logarithm of a non-positive number")
        out = self.backend.log(value)
        return out / self.backend.log(self(expr.args[1])) if len(expr.args) > 1 else out

    def sign(self, expr):
        return self.backend.rational(self.backend.sign(self(expr.args[0])), 1)

    def extremum(self, expr):
        pick = self.backend.maximum if isinstance(expr, sp.Max) else self.backend.minimum
        out = self(expr.args[0])
        for a in expr.args[1:]:
            out = pick(out, self(a))
        return out

    def decide(self, cond) -> bool:
        if isinstance(cond, BooleanTrue):
            return True
        if isinstance(cond, BooleanFalse):
            return False
        if isinstance(cond, sp.And):
            return all(self.decide(c) for c in cond.args)
        if isinstance(cond, sp.Or):
            return any(self.decide(c) for c in cond.args)
        if isinstance(cond, sp.Not):
            return not self.decide(cond.args[0])
        if isinstance(cond, sp.core.relational.Relational):
            return relation_holds(cond.rel_op, self.backend.sign(self(_difference(cond))))
        raise Undecided(f"condition {cond}")

    def piecewise(self, expr):
        for piece, cond in expr.args:
            if self.decide(cond):
                return self(piece)
        raise Undefined("no piece applies")

    def heaviside(self, expr):
        s = self.backend.sign(self(expr.args[0]))
        if s == 0:
            return self(expr.args[1] if len(expr.args) > 1 else sp.S.Half)
        return self.backend.rational(1 if s > 0 else 0, 1)

    def kronecker(self, expr):
        i, j = (self(a) for a in expr.args[:2])
        return self.backend.rational(1 if self.backend.sign(i - j) == 0 else 0, 1)

    def sum(self, expr):
        (index, lo, hi), *rest = expr.limits
        inner = sp.Sum(expr.function, *rest) if rest else expr.function
        low, high = (int(sp.sympify(e).xreplace({k: v for k, v in self.env.items() if k.is_integer}))
                     for e in (lo, hi))
        if high - low > 10_000:
            raise Undecided("sum too long")
        total = self.backend.rational(0, 1)
        for k in range(low, high + 1):
            total = total + _Walker(self.backend, {**self.env, index: self.backend.rational(k, 1)})(
                inner.xreplace({index: sp.Integer(k)}))
        return total

    HANDLERS: ClassVar[dict[type, Callable]] = {
        sp.Add: add, sp.Mul: mul, sp.Pow: pow, sp.log: log, sp.sign: sign, sp.Max: extremum, sp.Min: extremum,
        sp.Piecewise: piecewise, sp.Heaviside: heaviside, sp.KroneckerDelta: kronecker, sp.Sum: sum,
    }  # fmt: skip


def evaluate(expr: sp.Basic, backend, env: Mapping[sp.Symbol, Any] | None = None) -> Any:
    """The value of `expr` with its symbols read from `env`, computed by `backend`."""
    try:
        return _Walker(backend, env or {})(sp.sympify(expr))
    except (ZeroDivisionError, ValueError) as err:
        raise Undefined(str(err)) from None


def _indices_first(expr: sp.Basic, env) -> tuple[sp.Basic, dict]:
    """Integer symbols (indices) substituted exactly, so that v[k] and δ_{ik} are decided; the reals stay in env."""
    env = env or {}
    indices = frozenset((s, v) for s, v in env.items() if s.is_integer)
    reals = {s: v for s, v in env.items() if not s.is_integer}
    return (_with_indices(expr, indices) if indices else expr), reals


def enclose(expr: sp.Basic, prec: int = 128, env: Mapping[sp.Symbol, sp.Rational] | None = None) -> flint.arb:
    """An Arb ball that contains the value of `expr` at the rational point `env`, at `prec` bits.

    >>> x = sp.Symbol("x", real=True)
    >>> enclose(sp.log(1 + sp.exp(x)) - x, 128, {x: sp.Integer(40)}) > 0
    True
    """
    backend = ArbBackend(prec)
    expr, point = _indices_first(expr, env)
    return evaluate(expr, backend, {s: backend.rational(int(v.p), int(v.q)) for s, v in point.items()})


def value(expr: sp.Basic, digits: int = 50, env: Mapping[sp.Symbol, sp.Rational] | None = None) -> mpmath.mpf:
    """The value of `expr` at the rational point `env` with mpmath at `digits` digits.

    >>> x = sp.Symbol("x", real=True)
    >>> float(value(sp.Max(1, 1 - sp.log(1 + sp.exp(-x))), 30, {x: sp.Integer(25)}))
    1.0
    """
    backend = MpmathBackend(digits)
    expr, point = _indices_first(expr, env)
    out = evaluate(expr, backend, {s: backend.rational(int(v.p), int(v.q)) for s, v in point.items()})
    if not backend.ctx.isfinite(out):
        raise Undefined("not finite")
    return out
