"""Numbers at points: rigorous enclosures and high-precision values

Two independent evaluators of a closed SymPy expression (all symbols substituted):
- `enclose`: an Arb ball (python-flint) that certainly contains the value. Two sides whose balls are disjoint
  certainly differ, which is how a counterexample is confirmed when exact arithmetic cannot decide.
- `value`: mpmath at a given number of digits, used by the post-check (a different implementation from the
  enclosure, so that one bug does not hide another).
Neither is ever used by a strategy that proves.

Main definitions
- `Undefined`: the expression has no value at the point (log of a non-positive number, division by zero, an
  unspecified kink value).
- `Undecided`: the precision did not suffice to decide a branch or a sign.
- `enclose(expr, prec)`, `enclosures_differ(a, b)`, `value(expr, digits)`.
"""

from __future__ import annotations

from collections.abc import Callable

import flint
import mpmath
import sympy as sp
from sympy.logic.boolalg import BooleanFalse, BooleanTrue

from ..vocabulary import KinkValue, MLFunction


class Undefined(ArithmeticError):
    """No value at this point."""


class Undecided(ArithmeticError):
    """Not decidable at this precision."""


# -- Arb enclosures ----------------------------------------------------------------------------------------

def _positive(x: flint.arb, what: str) -> flint.arb:
    if x > 0:
        return x
    if x <= 0:
        raise Undefined(f"{what} of a non-positive number")
    raise Undecided(what)


def _nonzero(x: flint.arb) -> flint.arb:
    if x.is_zero():
        raise Undefined("division by zero")
    if x.contains(0):
        raise Undecided("division by a number not known to be non-zero")
    return x


def _pow(base: flint.arb, exponent: sp.Expr, prec: int) -> flint.arb:
    if exponent.is_Integer:
        n = int(exponent)
        return base**n if n >= 0 else 1 / _nonzero(base) ** (-n)
    if exponent.is_Rational and exponent.q == 2 and base >= 0:
        return base.sqrt() ** int(exponent.p) if exponent.p > 0 else 1 / _nonzero(base.sqrt() ** int(-exponent.p))
    return (enclose(exponent, prec) * _positive(base, "power").log()).exp()


def _sign(x: flint.arb) -> int:
    if x > 0:
        return 1
    if x < 0:
        return -1
    if x.is_zero():
        return 0
    raise Undecided("sign")


def _decide(cond: sp.Basic, prec: int) -> bool:
    if isinstance(cond, BooleanTrue):
        return True
    if isinstance(cond, BooleanFalse):
        return False
    if isinstance(cond, sp.And):
        return all(_decide(c, prec) for c in cond.args)
    if isinstance(cond, sp.Or):
        return any(_decide(c, prec) for c in cond.args)
    if isinstance(cond, sp.Not):
        return not _decide(cond.args[0], prec)
    if isinstance(cond, sp.core.relational.Relational):
        s = _sign(enclose(cond.lhs - cond.rhs, prec))
        return {"<": s < 0, "<=": s <= 0, ">": s > 0, ">=": s >= 0, "==": s == 0, "!=": s != 0}[cond.rel_op]
    raise Undecided(f"condition {cond}")


def _piecewise(expr: sp.Piecewise, prec: int) -> flint.arb:
    for piece, cond in expr.args:
        if _decide(cond, prec):
            return enclose(piece, prec)
    raise Undefined("no piece applies")


def _heaviside(expr: sp.Heaviside, prec: int) -> flint.arb:
    s = _sign(enclose(expr.args[0], prec))
    if s == 0:
        return enclose(expr.args[1] if len(expr.args) > 1 else sp.S.Half, prec)
    return flint.arb(1 if s > 0 else 0)


def _extremum(pick: Callable, prec: int) -> Callable:
    def run(expr: sp.Basic) -> flint.arb:
        values = [enclose(a, prec) for a in expr.args]
        out = values[0]
        for v in values[1:]:
            out = pick(out, v)
        return out
    return run


_UNARY: dict[type, Callable[[flint.arb], flint.arb]] = {
    sp.exp: lambda x: x.exp(),
    sp.log: lambda x: _positive(x, "logarithm").log(),
    sp.sin: lambda x: x.sin(), sp.cos: lambda x: x.cos(), sp.tan: lambda x: x.tan(),
    sp.sinh: lambda x: x.sinh(), sp.cosh: lambda x: x.cosh(), sp.tanh: lambda x: x.tanh(),
    sp.asinh: lambda x: x.asinh(), sp.atan: lambda x: x.atan(),
    sp.asin: lambda x: x.asin(), sp.acos: lambda x: x.acos(), sp.acosh: lambda x: x.acosh(),
    sp.atanh: lambda x: x.atanh(),
    sp.erf: lambda x: x.erf(), sp.erfc: lambda x: x.erfc(),
    sp.Abs: lambda x: abs(x),
    sp.sign: lambda x: flint.arb(_sign(x)),
    sp.floor: lambda x: x.floor(), sp.ceiling: lambda x: x.ceil(),
}  # fmt: skip


def enclose(expr: sp.Basic, prec: int = 128) -> flint.arb:
    """An Arb ball containing the value of the closed expression `expr`, at `prec` bits.

    >>> ball = enclose(sp.log(1 + sp.exp(40)) - 40, 128)
    >>> ball > 0
    True
    """
    flint.ctx.prec = prec
    expr = sp.sympify(expr)
    if expr.is_Integer:
        return flint.arb(int(expr))
    if expr.is_Rational:
        return flint.arb(flint.fmpq(int(expr.p), int(expr.q)))
    if expr is sp.E:
        return flint.arb.const_e()
    if expr is sp.pi:
        return flint.arb.pi()
    if isinstance(expr, KinkValue):
        raise Undefined(f"the value {expr.name} is not fixed by a convention")
    if expr.is_Symbol:
        raise Undecided(f"free symbol {expr}")
    if isinstance(expr, MLFunction):
        return enclose(expr.unfold(), prec)
    if expr.is_Add:
        total = flint.arb(0)
        for term in expr.args:
            total += enclose(term, prec)
        return total
    if expr.is_Mul:
        numer, denom = expr.as_numer_denom()
        if denom != 1:
            return enclose(numer, prec) / _nonzero(enclose(denom, prec))
        out = flint.arb(1)
        for factor in expr.args:
            out *= enclose(factor, prec)
        return out
    if expr.is_Pow:
        return _pow(enclose(expr.base, prec), expr.exp, prec)
    if isinstance(expr, sp.Piecewise):
        return _piecewise(expr, prec)
    if isinstance(expr, sp.Heaviside):
        return _heaviside(expr, prec)
    if isinstance(expr, sp.Max):
        return _extremum(lambda a, b: a.max(b), prec)(expr)
    if isinstance(expr, sp.Min):
        return _extremum(lambda a, b: a.min(b), prec)(expr)
    if type(expr) in _UNARY:
        return _UNARY[type(expr)](enclose(expr.args[0], prec))
    if isinstance(expr, sp.log) and len(expr.args) == 1:
        return _UNARY[sp.log](enclose(expr.args[0], prec))
    raise Undecided(f"cannot enclose {type(expr).__name__}")


def enclosures_differ(a: sp.Basic, b: sp.Basic, precisions=(64, 128, 256, 1024)) -> tuple[bool, str, str]:
    """(True, a, b) when a and b certainly differ (disjoint balls); the balls' texts are returned for reports."""
    last: tuple[bool, str, str] = (False, "", "")
    for prec in precisions:
        try:
            ea, eb = enclose(a, prec), enclose(b, prec)
        except Undecided:
            continue
        if not ea.overlaps(eb):
            return True, ea.str(20, radius=False), eb.str(20, radius=False)
        last = (False, ea.str(20, radius=False), eb.str(20, radius=False))
    return last


# -- mpmath values -------------------------------------------------------------------------------------------

def value(expr: sp.Basic, digits: int = 60) -> mpmath.mpf:
    """The value of a closed real expression with mpmath at `digits` digits (raises Undefined if none).

    >>> float(value(sp.exp(1), 30))
    2.718281828459045
    """
    expr = sp.sympify(expr)
    if any(isinstance(s, KinkValue) for s in expr.free_symbols):
        raise Undefined("unspecified kink value")
    if expr.free_symbols:
        raise Undecided(f"free symbols {sorted(map(str, expr.free_symbols))}")
    expr = expr.replace(lambda a: isinstance(a, MLFunction), lambda a: a.unfold())
    number = expr.evalf(digits, maxn=4 * digits)
    if number.has(sp.nan, sp.zoo) or not number.is_number:
        raise Undefined("no value")
    if number in (sp.oo, -sp.oo):
        raise Undefined("infinite")
    re, im = number.as_real_imag()
    if im != 0 and abs(im) > sp.Float(10) ** (-digits // 2) * (1 + abs(re)):
        raise Undefined("complex value")
    with mpmath.workdps(digits):
        return mpmath.mpf(sp.Float(re, digits)._mpf_)
