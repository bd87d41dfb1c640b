"""Numbers at points, without letting SymPy compare numbers

SymPy's `evalf` loses relative precision near cancellations (ln(1 + e^-80) evaluates to 0 at 15 digits), and
SymPy decides comparisons of numbers with it, so `Max(1, 1 - ln(1 + e^-25))` collapses to the wrong argument the
moment its arguments are numbers. proofsheet therefore never substitutes a point into a SymPy expression to
evaluate it: each expression is compiled once into an evaluator of its tree (`_compiled`), run with an environment
(symbol → number) at every point, and every max, min, case condition and sign is decided by the arithmetic backend:

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
from typing import Any

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


# The evaluators are compiled from the same nodes again and again: their structural preparation is computed once.
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


Compiled = Callable[[Any, Mapping[sp.Symbol, Any]], Any]
"""An expression compiled for evaluation: (backend, environment) → value."""


@functools.lru_cache(maxsize=4096)
def _compiled(expr: sp.Basic) -> Compiled:
    """expr compiled once: a search or a post-check evaluates the same expression at 20 points or more, and
    walking the SymPy tree anew at each point (type dispatch, attribute look-ups) cost more than the arithmetic."""
    return _compile(expr)


_PROCESS_STATE = (RecursionError, MemoryError)
"""Failures of the process, not of the expression: never kept with it as an evaluator that raises."""


def _compile(expr: sp.Basic) -> Compiled:
    """The evaluator of one node. Nothing is evaluated here, only prepared; a node that cannot be prepared
    becomes an evaluator that raises, so a branch never taken (a case that does not apply) never fails. (The
    `try` is written here and in `_condition` rather than in a shared helper: one more frame per level of the
    tree would halve the nesting the evaluator reaches, `tests/test_hostile.py`.)"""
    try:
        return _compile_node(expr)
    except _PROCESS_STATE:
        raise
    except Exception as error:  # raised where the walk would have met it, and only if it does
        return _raising(error)


def _raising(error: BaseException) -> Compiled:
    def fail(b, env):
        raise error.with_traceback(None)

    return fail


def _compile_node(expr: sp.Basic) -> Compiled:
    if expr.is_Rational:
        p, q = int(expr.p), int(expr.q)
        return lambda b, env: b.rational(p, q)
    if expr is sp.E or expr is sp.pi:
        name = "pi" if expr is sp.pi else "E"
        return lambda b, env: b.constant(name)
    if isinstance(expr, KinkValue):
        return _raising(Undefined(f"the value {expr.name} is not fixed by a convention"))
    if expr.is_Symbol:
        def symbol(b, env):
            if expr in env:
                return env[expr]
            raise Undecided(f"free symbol {expr}")

        return symbol
    compiler = COMPILERS.get(type(expr))
    if compiler is not None:
        return compiler(expr)
    if isinstance(expr, MLFunction):
        return _compile(_unfolded(expr))
    if type(expr) in UNARY:
        name, f = UNARY[type(expr)], _compile(expr.args[0])
        return lambda b, env: b.unary(name, f(b, env))
    return _raising(Undecided(f"cannot evaluate {type(expr).__name__}"))


def _nonzero(b, x):
    if b.sign(x) == 0:
        raise Undefined("division by zero")
    return x


def _add(expr: sp.Add) -> Compiled:
    first, *rest = [_compile(a) for a in expr.args]

    def add(b, env):
        total = first(b, env)
        for term in rest:
            total = total + term(b, env)
        return total

    return add


def _mul(expr: sp.Mul) -> Compiled:
    numer, denom = _numer_denom(expr)
    if denom != 1:
        top, bottom = _compile(numer), _compile(denom)
        return lambda b, env: top(b, env) / _nonzero(b, bottom(b, env))
    first, *rest = [_compile(a) for a in expr.args]

    def mul(b, env):
        out = first(b, env)
        for factor in rest:
            out = out * factor(b, env)
        return out

    return mul


def _pow(expr: sp.Pow) -> Compiled:
    base, exponent = expr.args
    f = _compile(base)
    if exponent.is_Integer:
        n = int(exponent)
        if n >= 0:
            return lambda b, env: f(b, env) ** n
        return lambda b, env: 1 / _nonzero(b, f(b, env)) ** (-n)
    g = _compile(exponent)

    def power(b, env):
        value = f(b, env)
        s = b.sign(value)
        if s < 0 or (s == 0 and not (exponent.is_number and exponent > 0)):
            raise Undefined("non-integer power of a non-positive number")
        if s == 0:
            return value
        return b.power(value, g(b, env))

    return power


def _log(expr: sp.log) -> Compiled:
    f = _compile(expr.args[0])
    base = _compile(expr.args[1]) if len(expr.args) > 1 else None

    def log(b, env):
        value = f(b, env)
        if b.sign(value) <= 0:
            raise Undefined("logarithm of a non-positive number")
        out = b.log(value)
        return out / b.log(base(b, env)) if base is not None else out

    return log


def _sign(expr: sp.sign) -> Compiled:
    f = _compile(expr.args[0])
    return lambda b, env: b.rational(b.sign(f(b, env)), 1)


def _extremum(expr: sp.Max | sp.Min) -> Compiled:
    first, *rest = [_compile(a) for a in expr.args]
    largest = isinstance(expr, sp.Max)

    def extremum(b, env):
        pick = b.maximum if largest else b.minimum
        out = first(b, env)
        for f in rest:
            out = pick(out, f(b, env))
        return out

    return extremum


def _condition(cond: sp.Basic) -> Compiled:
    """A case condition compiled to a test: True or False at the point, decided by the backend's signs; one that
    cannot be prepared fails only when a point reaches it, as in `_compile`."""
    try:
        return _condition_node(cond)
    except _PROCESS_STATE:
        raise
    except Exception as error:
        return _raising(error)


def _condition_node(cond: sp.Basic) -> Compiled:
    if isinstance(cond, BooleanTrue):
        return lambda b, env: True
    if isinstance(cond, BooleanFalse):
        return lambda b, env: False
    if isinstance(cond, (sp.And, sp.Or)):
        tests = [_condition(c) for c in cond.args]
        if isinstance(cond, sp.And):
            return lambda b, env: all(t(b, env) for t in tests)
        return lambda b, env: any(t(b, env) for t in tests)
    if isinstance(cond, sp.Not):
        test = _condition(cond.args[0])
        return lambda b, env: not test(b, env)
    if isinstance(cond, sp.core.relational.Relational):
        op, f = cond.rel_op, _compile(_difference(cond))
        return lambda b, env: relation_holds(op, b.sign(f(b, env)))
    return _raising(Undecided(f"condition {cond}"))


def _piecewise(expr: sp.Piecewise) -> Compiled:
    cases = [(_compile(piece), _condition(cond)) for piece, cond in expr.args]

    def piecewise(b, env):
        for piece, applies in cases:
            if applies(b, env):
                return piece(b, env)
        raise Undefined("no piece applies")

    return piecewise


def _heaviside(expr: sp.Heaviside) -> Compiled:
    f = _compile(expr.args[0])
    at_zero = _compile(expr.args[1] if len(expr.args) > 1 else sp.S.Half)

    def heaviside(b, env):
        s = b.sign(f(b, env))
        if s == 0:
            return at_zero(b, env)
        return b.rational(1 if s > 0 else 0, 1)

    return heaviside


def _kronecker(expr: sp.KroneckerDelta) -> Compiled:
    f, g = (_compile(a) for a in expr.args[:2])
    return lambda b, env: b.rational(1 if b.sign(f(b, env) - g(b, env)) == 0 else 0, 1)


def _sum(expr: sp.Sum) -> Compiled:
    """Σ_{k=lo}^{hi}: the bounds read at the point (integer symbols only), each term compiled with k a number."""
    (index, lo, hi), *rest = expr.limits
    inner = sp.Sum(expr.function, *rest) if rest else expr.function

    def total(b, env):
        integers = {k: v for k, v in env.items() if k.is_integer}
        low, high = (int(sp.sympify(e).xreplace(integers)) for e in (lo, hi))
        if high - low > 10_000:
            raise Undecided("sum too long")
        if high < low - 1:
            raise Undecided("a sum with reversed bounds")
        out = b.rational(0, 1)
        for k in range(low, high + 1):
            out = out + _compiled(inner.xreplace({index: sp.Integer(k)}))(b, {**env, index: b.rational(k, 1)})
        return out

    return total


COMPILERS: dict[type, Callable[[Any], Compiled]] = {
    sp.Add: _add, sp.Mul: _mul, sp.Pow: _pow, sp.log: _log, sp.sign: _sign, sp.Max: _extremum,
    sp.Min: _extremum, sp.Piecewise: _piecewise, sp.Heaviside: _heaviside, sp.KroneckerDelta: _kronecker,
    sp.Sum: _sum,
}  # fmt: skip


def evaluate(expr: sp.Basic, backend, env: Mapping[sp.Symbol, Any] | None = None) -> Any:
    """The value of `expr` with its symbols read from `env`, computed by `backend`."""
    try:
        return _compiled(sp.sympify(expr))(backend, env or {})
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
