"""Functions of vectors: softmax and its relatives, one-hot vectors, and vector calculus

A vector is a column: an explicit `ImmutableMatrix` (size known, entries are SymPy expressions) or a general-
dimension `MatrixSymbol`/matrix expression (size n symbolic). Vector-valued functions are matrix expressions whose
entries are computed on demand, so that `softmax(v)[i]` stays written as the sheet wrote it until a proof
unfolds it; scalar functions of vectors are `MLFunction`s taking a matrix argument.

Main definitions
- `softmax(v)`, `log_softmax(v)`, `onehot(k, m)`: columns; entries exp(vᵢ)/Σⱼexp(vⱼ), vᵢ − logsumexp(v), δᵢₖ
- `logsumexp(v)`, `cross_entropy(p, y)`, `dot(u, v)`, `sqnorm(v)`: scalars
- `grad(f, X)`: the gradient of a scalar f, shaped like X, entry (i, j) being ∂f/∂X_ij
- `MatrixSum(M, (k, a, b))`: Σ_{k=a}^{b} M(k) of matrices of one shape, entry (i, j) being Σ_k M(k)_ij
- `elementwise(fn, M)`: a scalar function applied to every entry of M
"""

from __future__ import annotations

from collections.abc import Callable

import sympy as sp
from sympy import exp, log
from sympy.matrices.expressions.matexpr import MatrixElement, MatrixExpr

from .base import Matrixish, MLFunction, elementwise, is_matrix

__all__ = ["elementwise", "is_matrix"]

def is_explicit(v: Matrixish) -> bool:
    """True when the size of `v` is a pair of integers (its entries can be listed)."""
    return all(sp.sympify(d).is_Integer for d in v.shape)


def entry(v: Matrixish, i: sp.Expr, j: sp.Expr = sp.S.Zero) -> sp.Expr:
    """Entry (i, j) of `v`, computed (not left as `v[i, j]`) when `v` is a vocabulary matrix expression."""
    if isinstance(v, sp.MatrixBase):
        i, j = sp.sympify(i), sp.sympify(j)
        if i.is_Integer and j.is_Integer:
            return v[int(i), int(j)]
        return MatrixElement(v, i, j)
    if hasattr(v, "_entry"):
        return v._entry(i, j)
    return v[i, j]


def fresh_index(*exprs: sp.Basic, prefer: str = "j") -> sp.Dummy:
    """A summation index that no other symbol can ever capture: a `Dummy`, named (for printing) by a letter free
    in `exprs`. A plain symbol named j would be confused with a free j of the claim (∂/∂v_j of Σ_j e^{v_j}
    went wrong that way)."""
    taken = {s.name for e in exprs for s in getattr(e, "free_symbols", ())}
    name = next((n for n in (prefer, "j", "l", "r", "s", "q", "p", "u") if n not in taken), prefer)
    return sp.Dummy(name, integer=True)


def vector_sum(v: Matrixish, term: Callable[[sp.Expr], sp.Expr], *context: sp.Basic) -> sp.Expr:
    """Σᵢ term(vᵢ) over the entries of the column `v`: an explicit sum or a `Sum` over a fresh index."""
    n = sp.sympify(v.shape[0])
    if n.is_Integer:
        return sp.Add(*[term(entry(v, i)) for i in range(int(n))])
    j = fresh_index(v, *context)
    return sp.Sum(term(entry(v, j)), (j, 0, n - 1))


class VectorFunction(MatrixExpr):
    """A column-valued function of vectors whose entries are computed on demand (`_entry`)."""

    latex_name = ""

    def __new__(cls, *args):
        return sp.Basic.__new__(cls, *[sp.sympify(a) for a in args])

    @property
    def shape(self):
        return (sp.sympify(self.args[0].shape[0]), sp.S.One)

    def _eval_transpose(self):
        return None

    def _latex(self, printer, exp=None) -> str:
        inner = ", ".join(printer._print(a) for a in self.args)
        return r"%s\left(%s\right)" % (self.latex_name, inner)

    def doit(self, **hints):
        args = [a.doit(**hints) if hasattr(a, "doit") else a for a in self.args]
        result = type(self)(*args)
        if is_explicit(result):
            return sp.ImmutableMatrix(result.as_explicit())
        return result


class softmax(VectorFunction):
    """softmax(v)ᵢ = exp(vᵢ) / Σⱼ exp(vⱼ): a probability vector (positive entries summing to one).

    >>> x, y = sp.symbols("x y", real=True)
    >>> softmax(sp.ImmutableMatrix([x, y]))._entry(0, 0)
    exp(x)/(exp(x) + exp(y))
    """

    latex_name = r"\operatorname{softmax}"

    def _entry(self, i, j, **kwargs):
        v = self.args[0]
        return exp(entry(v, i)) / vector_sum(v, exp, i)


class log_softmax(VectorFunction):
    """log_softmax(v)ᵢ = vᵢ − logsumexp(v) = ln softmax(v)ᵢ.

    >>> x, y = sp.symbols("x y", real=True)
    >>> v = sp.ImmutableMatrix([x, y])
    >>> log_softmax(v)._entry(1, 0) == y - logsumexp(v)
    True
    """

    latex_name = r"\operatorname{log\,softmax}"

    def _entry(self, i, j, **kwargs):
        v = self.args[0]
        return entry(v, i) - logsumexp(v)


class onehot(VectorFunction):
    """onehot(k, m): the m-vector with 1 at (0-based) index k and 0 elsewhere; entry i is δᵢₖ.

    >>> onehot(1, 3).as_explicit().T
    Matrix([[0, 1, 0]])
    """

    latex_name = r"\operatorname{onehot}"

    @property
    def shape(self):
        return (self.args[1], sp.S.One)

    def _entry(self, i, j, **kwargs):
        return sp.KroneckerDelta(i, self.args[0])

    def _latex(self, printer, exp=None) -> str:
        k, m = (printer._print(a) for a in self.args)
        return r"\operatorname{onehot}_{%s}\left(%s\right)" % (m, k)


class MatrixArgumentFunction(MLFunction):
    """A scalar function of vectors; differentiated through its definition (the chain rule needs entries).

    Its value is a real number, so it commutes. SymPy would otherwise infer `is_commutative` from the matrix
    arguments, and that inference depended on the order of questions: "not commutative, hence not complex, hence
    not real" when is_complex was asked before is_real (Max(cross_entropy(...), 0) failed), and True in one
    process, False in another (printed sums reordered, so rendered sheets were not byte-deterministic)."""

    takes_matrix = True
    is_commutative = True

    def _eval_derivative(self, s):
        return self.unfold().diff(s)

    def _eval_is_extended_real(self):
        return True

    def _eval_is_finite(self):
        return True

    def fdiff(self, argindex=1):
        raise sp.ArgumentIndexError(self, argindex)


class logsumexp(MatrixArgumentFunction):
    """logsumexp(v) = ln Σᵢ exp(vᵢ); max(v) ≤ logsumexp(v) ≤ max(v) + ln n; its gradient is softmax(v).

    >>> x, y = sp.symbols("x y", real=True)
    >>> logsumexp(sp.ImmutableMatrix([x, y])).unfold()
    log(exp(x) + exp(y))
    """

    latex_name = r"\operatorname{logsumexp}"
    parameters = ("v",)

    @classmethod
    def eval(cls, v):
        return None

    @classmethod
    def definition(cls, v):
        return log(vector_sum(v, exp))


class cross_entropy(MatrixArgumentFunction):
    """cross_entropy(p, y) = −Σᵢ yᵢ ln pᵢ for a probability vector p and a target distribution y.

    >>> p1, p2, y1, y2 = sp.symbols("p1 p2 y1 y2", positive=True)
    >>> cross_entropy(sp.ImmutableMatrix([p1, p2]), sp.ImmutableMatrix([y1, y2])).unfold()
    -y1*log(p1) - y2*log(p2)
    """

    latex_name = r"\operatorname{CE}"
    parameters = ("p", "y")

    @classmethod
    def eval(cls, p, y):
        return None

    @classmethod
    def definition(cls, p, y):
        n = sp.sympify(p.shape[0])
        if n.is_Integer:
            return -sp.Add(*[entry(y, i) * log(entry(p, i)) for i in range(int(n))])
        i = fresh_index(p, y, prefer="i")
        return -sp.Sum(entry(y, i) * log(entry(p, i)), (i, 0, n - 1))


class dot(MatrixArgumentFunction):
    """dot(u, v) = Σᵢ uᵢvᵢ = uᵀv.

    >>> a, b, c, d = sp.symbols("a b c d", real=True)
    >>> dot(sp.ImmutableMatrix([a, b]), sp.ImmutableMatrix([c, d])).unfold()
    a*c + b*d
    """

    parameters = ("u", "v")

    @classmethod
    def eval(cls, u, v):
        return None

    @classmethod
    def definition(cls, u, v):
        n = sp.sympify(u.shape[0])
        if n.is_Integer:
            return sp.Add(*[entry(u, i) * entry(v, i) for i in range(int(n))])
        i = fresh_index(u, v, prefer="i")
        return sp.Sum(entry(u, i) * entry(v, i), (i, 0, n - 1))

    def _latex(self, printer, exp=None):
        u, v = (printer._print(a) for a in self.args)
        body = r"%s \cdot %s" % (u, v)
        return r"\left(%s\right)^{%s}" % (body, exp) if exp is not None else body


class sqnorm(MatrixArgumentFunction):
    """sqnorm(v) = ‖v‖² = Σᵢ vᵢ².

    >>> a, b = sp.symbols("a b", real=True)
    >>> sqnorm(sp.ImmutableMatrix([a, b])).unfold()
    a**2 + b**2
    """

    parameters = ("v",)

    @classmethod
    def eval(cls, v):
        return None

    @classmethod
    def definition(cls, v):
        return vector_sum(v, lambda t: t**2)

    def _eval_is_nonnegative(self):
        return True

    def _latex(self, printer, exp=None):
        body = r"\left\lVert %s\right\rVert^{2}" % printer._print(self.args[0])
        return r"\left(%s\right)^{%s}" % (body, exp) if exp is not None else body


class Gradient(MatrixExpr):
    """grad(f, X) for a general-dimension X: the matrix of partial derivatives ∂f/∂X_ij, shaped like X.

    Its entries are computed entrywise (a `Derivative` with respect to one entry), never by SymPy's matrix
    calculus, whose derivatives with respect to matrix symbols have been wrong before.
    """

    def __new__(cls, f, X):
        return sp.Basic.__new__(cls, sp.sympify(f), X)

    @property
    def shape(self):
        return self.args[1].shape

    def _entry(self, i, j, **kwargs):
        f, X = self.args
        return sp.Derivative(f, X[i, j])

    def _latex(self, printer, exp=None):
        f, X = (printer._print(a) for a in self.args)
        return r"\nabla_{%s} %s" % (X, f)


def grad(f: sp.Expr, X: Matrixish) -> Matrixish:
    """The gradient of the scalar `f` with respect to `X`, shaped like X (unevaluated derivatives).

    >>> a, b = sp.symbols("a b", real=True)
    >>> grad(a**2 * b, sp.ImmutableMatrix([a, b]))
    Matrix([
    [Derivative(a**2*b, a)],
    [Derivative(a**2*b, b)]])
    """
    if isinstance(X, sp.MatrixBase):
        return sp.ImmutableMatrix(X.rows, X.cols, [sp.Derivative(f, x) for x in X])
    return Gradient(f, X)


class MatrixSum(MatrixExpr):
    """Σ_{k=a}^{b} M(k): a sum of matrices of one shape (`Sum(c[k]*W.T*onehot(k, n), (k, 0, m - 1))`), whose entry
    (i, j) is the number Σ_{k=a}^{b} M(k)_ij; k is bound. SymPy's `Sum` of a matrix expression has no shape.

    >>> k, m = sp.Symbol("k", integer=True), sp.Symbol("m", integer=True, positive=True)
    >>> total = MatrixSum(k * onehot(k, 3), (k, 0, 2))
    >>> total.shape, total.doit().T
    ((3, 1), Matrix([[0, 1, 2]]))
    >>> MatrixSum(k * onehot(k, m), (k, 0, m - 1))._entry(1, 0)
    Sum(k*KroneckerDelta(1, k), (k, 0, m - 1))
    """

    def __new__(cls, function, limit):
        function, limit = sp.sympify(function), sp.Tuple(*limit)
        if not is_matrix(function):
            return sp.Sum(function, limit)
        if len(limit) != 3 or not isinstance(limit[0], sp.Symbol):
            raise ValueError("a sum of matrices takes one limit (k, a, b)")
        return sp.Basic.__new__(cls, function, limit)

    @property
    def function(self) -> sp.Basic:
        return self.args[0]

    @property
    def limits(self) -> tuple[sp.Tuple, ...]:
        return (self.args[1],)

    @property
    def variables(self) -> list[sp.Symbol]:
        return [self.args[1][0]]

    @property
    def bound_symbols(self) -> list[sp.Symbol]:
        return self.variables

    @property
    def free_symbols(self) -> set[sp.Basic]:
        index, low, high = self.args[1]
        return (self.function.free_symbols - {index}) | low.free_symbols | high.free_symbols

    @property
    def shape(self):
        return self.function.shape

    def _entry(self, i, j, **kwargs):
        index, low, high = self.args[1]
        function = self.function
        if index in sp.sympify(i).free_symbols | sp.sympify(j).free_symbols:
            fresh = sp.Dummy(index.name, **index.assumptions0)
            function, index = function.xreplace({index: fresh}), fresh
        return sp.Sum(entry(function, i, j), (index, low, high))

    def _eval_transpose(self):
        return MatrixSum(self.function.T, self.args[1])

    def _eval_subs(self, old, new):
        if old == self.args[1][0]:
            return self
        return None

    def doit(self, **hints):
        """Σ_{k=a}^{b} M(k) = M(a) + … + M(b) (evaluated) for integer bounds; otherwise the sum as it is: SymPy
        multiplies a matrix by a number with `doit`, and evaluating the summand's own sums and derivatives every
        time would cost seconds."""
        index, low, high = self.args[1]
        if not (low.is_Integer and high.is_Integer and int(high) >= int(low) - 1):
            return self
        terms = [self.function.xreplace({index: sp.Integer(k)}) for k in range(int(low), int(high) + 1)]
        if not terms:
            return sp.ZeroMatrix(*self.shape)
        total = sp.MatAdd(*terms) if len(terms) > 1 else terms[0]
        return total.doit(**hints)

    def _latex(self, printer, exp=None):
        index, low, high = (printer._print(a) for a in self.args[1])
        return r"\sum_{%s=%s}^{%s} %s" % (index, low, high, printer.parenthesize(self.function, 40))

    def _sympystr(self, printer):
        # as the claim grammar writes it
        index, low, high = (printer._print(a) for a in self.args[1])
        return f"Sum({printer._print(self.function)}, ({index}, {low}, {high}))"


def jacobian(F: Matrixish, x: Matrixish) -> sp.ImmutableMatrix:
    """The Jacobian ∂Fᵢ/∂xⱼ of an explicit column F with respect to an explicit column x (unevaluated)."""
    F, x = sp.ImmutableMatrix(F), sp.ImmutableMatrix(x)
    return sp.ImmutableMatrix(F.rows, x.rows, lambda i, j: sp.Derivative(F[i, 0], x[j, 0]))
