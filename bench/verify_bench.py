#!/usr/bin/env python
"""Independent numerical check of a claim file (default: bench/ml_identities.claims.toml)

Every claim is parsed with the project's parser (`load_claim_file`, `compile_claim`); nothing of the prover is
used. The vocabulary is replaced by this script's own definitions (below, written from the formulas of the
vocabulary's documentation), symbolic sizes and integer indices are given concrete values, sums are expanded,
derivatives are taken by SymPy on the elementary formulas, and both sides are evaluated with mpmath at high
precision (`DPS` digits) at random points of the declared domain (hypotheses by rejection sampling).

- equalities: max over >= 60 points of |lhs - rhs| / max(|lhs|, |rhs|, 1); true below 1e-30, false above 1e-20
- inequalities: random points (wide, small and large) plus a dense grid for one-variable claims; the largest
  violation, measured like a discrepancy; true if no violation beyond 1e-30, false if one beyond 1e-20
- limits: f is evaluated ever closer to the point (or ever farther out); true if the error shrinks below 1e-12,
  false if it stays above 1e-4
- orders (lhs = O(rhs) as h -> h0): |lhs/rhs| at h0 +- 1e-4 ... 1e-40; true if it stays bounded (grows by less
  than 10 from 1e-8 to 1e-40), false if it blows up (by more than 1e6)

Then, for every true claim, whether plain `sympy.simplify(lhs - rhs) == 0` proves it with the definitions
unfolded (10 s per claim; inequalities, limits and orders count as defeating simplify).

Usage: .venv/bin/python bench/verify_bench.py [claims.toml] [--no-simplify] [--seed N]
"""

from __future__ import annotations

import argparse
import random
import signal
import sys
import time
from collections import Counter
from pathlib import Path

import mpmath as mp
import sympy as sp
from sympy.matrices.expressions.applyfunc import ElementwiseApplyFunction
from sympy.matrices.expressions.matexpr import MatrixElement, MatrixExpr

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from identities.claimfile import load_claim_file  # noqa: E402
from identities.errors import ClaimError  # noqa: E402
from identities.problem import compile_claim  # noqa: E402

DPS = 250
TRUE_TOL = mp.mpf("1e-30")
FALSE_TOL = mp.mpf("1e-20")
N_POINTS = 60
N_INEQ_POINTS = 600
SIMPLIFY_SECONDS = 10

# ----------------------------------------------------------------------------------------------------------
# Own definitions of the vocabulary (elementary SymPy formulas). Arguments arrive with defaults filled in.

exp, log, Abs, Max, Min, Pw = sp.exp, sp.log, sp.Abs, sp.Max, sp.Min, sp.Piecewise
SELU_LAMBDA = sp.Rational("1.0507009873554804934193349852946")
SELU_ALPHA = sp.Rational("1.6732632423543772848170429916717")
LEAKY_SLOPE, PLU_SLOPE = sp.Rational(1, 100), sp.Rational(1, 10)


def _elu(x, a):
    return Pw((x, x > 0), (a * (exp(x) - 1), True))


SCALAR = {
    "sigmoid": lambda x: 1 / (1 + exp(-x)),
    "softplus": lambda x: log(1 + exp(x)),
    "relu": lambda x: Max(0, x),
    "relu6": lambda x: Min(Max(0, x), 6),
    "leaky_relu": lambda x, a=LEAKY_SLOPE: Pw((x, x > 0), (a * x, True)),
    "hardtanh": lambda x: Max(-1, Min(1, x)),
    "logsigmoid": lambda x: log(1 / (1 + exp(-x))),
    "logit": lambda p: log(p / (1 - p)),
    "silu": lambda x: x / (1 + exp(-x)),
    "swish": lambda x, b=1: x / (1 + exp(-b * x)),
    "gelu": lambda x: x / 2 * (1 + sp.erf(x / sp.sqrt(2))),
    "mish": lambda x: x * sp.tanh(log(1 + exp(x))),
    "elu": lambda x, a=1: _elu(x, a),
    "selu": lambda x, lam=SELU_LAMBDA, a=SELU_ALPHA: lam * _elu(x, a),
    "softsign": lambda x: x / (1 + Abs(x)),
    "gaussian": lambda x: exp(-(x**2)),
    "plu": lambda x, a=PLU_SLOPE, c=1: Max(a * (x + c) - c, Min(a * (x - c) + c, x)),
    "hinge": lambda t: Max(0, 1 - t),
    "squared_hinge": lambda t: Max(0, 1 - t) ** 2,
    "logistic_loss": lambda t: log(1 + exp(-t)),
    "huber": lambda x, d=1: Pw((x**2 / 2, Abs(x) <= d), (d * (Abs(x) - d / 2), True)),
    "binary_cross_entropy": lambda p, y: -(y * log(p) + (1 - y) * log(1 - p)),
}


def _entries(v):
    return [v[i, 0] for i in range(v.rows)]


def _softmax(v):
    s = sp.Add(*[exp(e) for e in _entries(v)])
    return sp.ImmutableMatrix([exp(e) / s for e in _entries(v)])


VECTOR = {
    "softmax": _softmax,
    "log_softmax": lambda v: sp.ImmutableMatrix([e - log(sp.Add(*[exp(u) for u in _entries(v)])) for e in _entries(v)]),
    "logsumexp": lambda v: log(sp.Add(*[exp(e) for e in _entries(v)])),
    "onehot": lambda k, m: sp.ImmutableMatrix([1 if i == int(k) else 0 for i in range(int(m))]),
    "cross_entropy": lambda p, y: -sp.Add(*[b * log(a) for a, b in zip(_entries(p), _entries(y), strict=True)]),
    "dot": lambda u, v: sp.Add(*[a * b for a, b in zip(_entries(u), _entries(v), strict=True)]),
    "sqnorm": lambda v: sp.Add(*[a**2 for a in _entries(v)]),
    "Gradient": lambda f, X: sp.ImmutableMatrix(X.rows, X.cols, [sp.Derivative(f, e) for e in X]),
}


def unfold(e):
    """Replace every vocabulary function of an expression by this script's definition (sizes must be concrete)."""
    if isinstance(e, sp.MatrixBase):
        return sp.ImmutableMatrix(e.rows, e.cols, [unfold(a) for a in e])
    name = type(e).__name__
    if name in SCALAR:
        return SCALAR[name](*[unfold(a) for a in e.args])
    if name in VECTOR:
        args = [unfold(a) for a in e.args]
        args = [a.as_explicit() if isinstance(a, MatrixExpr) else a for a in args]
        return VECTOR[name](*args)
    if isinstance(e, MatrixElement):
        parent = unfold(e.parent)
        if isinstance(parent, MatrixExpr):
            parent = parent.doit()
            parent = parent.as_explicit() if isinstance(parent, MatrixExpr) else parent
        i, j = e.indices
        return parent[int(i), int(j)]
    if isinstance(e, ElementwiseApplyFunction):
        M = unfold(e.expr)
        M = M.as_explicit() if isinstance(M, MatrixExpr) else M
        return M.applyfunc(lambda t: unfold(e.function(t)))
    if not e.args or isinstance(e, (sp.Symbol, sp.Number, sp.MatrixSymbol)):
        return e
    return e.func(*[unfold(a) for a in e.args])


def expand_sums(e):
    """Write out every Sum whose bounds are integers."""

    def one(s):
        body, (i, a, b) = s.function, s.limits[0]
        out = sp.Add(*[body.xreplace({i: sp.Integer(k)}) for k in range(int(a), int(b) + 1)])
        return sp.Sum(out, *s.limits[1:]) if len(s.limits) > 1 else out

    return e.replace(lambda a: isinstance(a, sp.Sum), one)


def concretize(expr, values: dict, matrices: dict):
    """Sizes/indices -> integers, matrix symbols -> explicit matrices, sums expanded, vocabulary unfolded, doit."""
    e = expr.xreplace(values) if values else expr
    if matrices:
        table = {}
        for M in e.atoms(sp.MatrixSymbol):
            table[M] = matrices[M.name][: int(M.rows), : int(M.cols)]
        e = e.xreplace(table)
    e = expand_sums(e)
    e = unfold(e)
    e = e.doit()
    if isinstance(e, MatrixExpr):
        e = e.as_explicit()
    return e


# ----------------------------------------------------------------------------------------------------------
# Sampling


def sample_real(rng: random.Random, kind: str) -> sp.Rational:
    """A random exact rational of the declared kind: moderate, small, large, near +-1."""
    r = rng.random()
    if r < 0.45:
        v = rng.uniform(-6, 6)
    elif r < 0.6:
        v = rng.uniform(-1.5, 1.5)
    elif r < 0.75:
        v = rng.choice([-1, 1]) * 10 ** rng.uniform(-12, -1)
    elif r < 0.9:
        v = rng.uniform(-100, 100)
    else:
        v = rng.choice([-1, 1]) * 10 ** rng.uniform(-0.5, 2)
    if kind in ("positive", "nonnegative"):
        v = abs(v) if rng.random() < 0.85 else 10 ** rng.uniform(-12, 0)
    elif kind in ("negative", "nonpositive"):
        v = -abs(v)
    if v == 0:
        v = 0.375
    return sp.Rational(repr(v))


def scalar_kind(sym: sp.Symbol) -> str:
    if sym.is_integer:
        return "integer"
    if sym.is_positive:
        return "positive"
    if sym.is_negative:
        return "negative"
    if sym.is_nonnegative:
        return "nonnegative"
    if sym.is_nonpositive:
        return "nonpositive"
    return "real"


class Instance:
    """A claim with concrete sizes: sides as SymPy expressions in real symbols, ready to evaluate."""

    def __init__(self, problem, sizes: dict, integers: dict, rng: random.Random):
        self.problem = problem
        values = {**sizes, **integers}
        matrices = {}
        for name, obj in problem.scope.objects.items():
            if isinstance(obj, sp.MatrixSymbol):
                rows = int(sp.sympify(obj.rows).xreplace(sizes))
                cols = int(sp.sympify(obj.cols).xreplace(sizes))
                matrices[name] = sp.ImmutableMatrix(
                    rows, cols, lambda i, j, name=name: sp.Symbol(f"{name}__{i}_{j}", real=True))
        self.values = values
        self.matrices = matrices
        self.limit = None
        lhs, rhs = problem.lhs, problem.rhs
        if isinstance(lhs, sp.Limit):
            f, var, point, direction = lhs.args
            self.limit = (concretize(f, values, matrices), var, point, str(direction))
            lhs = sp.S.Zero
        self.lhs = concretize(lhs, values, matrices)
        self.rhs = concretize(rhs, values, matrices)
        self.hypotheses = [h.xreplace(values) for h in problem.hypotheses]
        parts = [self.lhs, self.rhs, *self.hypotheses]
        if self.limit:
            parts.append(self.limit[0])
        free = set().union(*[p.free_symbols for p in parts])
        kinks = {s for s in free if type(s).__name__ == "KinkValue"}
        self.kinks = {s: sp.S.Half for s in kinks}
        if self.limit:
            free.discard(self.limit[1])
        self.symbols = sorted(free - kinks, key=str)

    def points(self, rng: random.Random, count: int):
        """Up to `count` random assignments satisfying the hypotheses."""
        out, tries = [], 0
        while len(out) < count and tries < 200 * count:
            tries += 1
            point = {s: sample_real(rng, scalar_kind(s)) for s in self.symbols}
            if all(bool(h.xreplace(point)) for h in self.hypotheses):
                out.append(point)
        return out


def in_domain(sym: sp.Symbol, value: sp.Rational) -> bool:
    """Whether a value lies in the declared domain of the symbol (for grid points)."""
    kind = scalar_kind(sym)
    return {"positive": value > 0, "negative": value < 0, "nonnegative": value >= 0,
            "nonpositive": value <= 0, "integer": value.is_integer}.get(kind, True)


def to_mpf(q):
    q = sp.Rational(q)
    return mp.mpf(int(q.p)) / int(q.q)


def evaluator(expr, symbols):
    """A function of mpf arguments giving the value(s) of `expr` (a scalar or a list of matrix entries)."""
    if isinstance(expr, sp.MatrixBase):
        fs = [sp.lambdify(symbols, e, modules="mpmath") for e in expr]
        return lambda *a: [mp.mpmathify(f(*a)) for f in fs]
    f = sp.lambdify(symbols, expr, modules="mpmath")
    return lambda *a: [mp.mpmathify(f(*a))]


def rel(a, b):
    return abs(a - b) / max(abs(a), abs(b), mp.mpf(1))


def fmt_point(point) -> str:
    shown = (f"{s}={int(v)}" if sp.sympify(v).is_Integer else f"{s}={mp.nstr(to_mpf(v), 8)}" for s, v in point.items())
    return "{" + ", ".join(shown) + "}"


# ----------------------------------------------------------------------------------------------------------
# Checks: each returns (verdict 'true'/'false'/'unclear', measure, detail)


def size_choices(problem):
    sizes = sorted({s for M in problem.scope.objects.values() if isinstance(M, sp.MatrixSymbol)
                    for s in sp.sympify(M.shape).free_symbols}, key=str)
    if not sizes:
        return [{}]
    combos = [{s: sp.Integer(v) for s in sizes} for v in (2, 3, 4)]
    if len(sizes) > 1:
        combos += [dict(zip(sizes, map(sp.Integer, vals), strict=False)) for vals in ((2, 3, 4), (4, 2, 3), (3, 4, 2))]
    return combos


def integer_choices(problem, sizes, rng):
    free = set().union(problem.lhs.free_symbols, problem.rhs.free_symbols,
                       *[h.free_symbols for h in problem.hypotheses])
    ints = sorted({s for s in free if isinstance(s, sp.Symbol) and s.is_integer and s not in sizes}, key=str)
    if not ints:
        return [{}]
    out = []
    for _ in range(400):
        pick = {s: sp.Integer(rng.randint(-3, 6)) for s in ints}
        hyps = [h.xreplace({**sizes, **pick}) for h in problem.hypotheses]
        hyps = [h for h in hyps if not h.free_symbols]
        if all(bool(h) for h in hyps) and pick not in out:
            out.append(pick)
    return out or [{s: sp.Integer(0) for s in ints}]


def instances(problem, rng):
    for sizes in size_choices(problem):
        for integers in integer_choices(problem, sizes, rng):
            yield Instance(problem, sizes, integers, rng)


def check_equality(problem, rng):
    worst, witness = mp.mpf(0), None
    insts = list(instances(problem, rng))
    per = max(8, N_POINTS // len(insts))
    n = 0
    for inst in insts:
        syms = inst.symbols
        L = evaluator(inst.lhs.xreplace(inst.kinks), syms)
        R = evaluator(inst.rhs.xreplace(inst.kinks), syms)
        for point in inst.points(rng, per):
            args = [to_mpf(point[s]) for s in syms]
            for a, b in zip(L(*args), R(*args), strict=True):
                d = rel(a, b)
                n += 1
                if d > worst or witness is None:
                    worst, witness = d, (inst.values, point, a, b)
    if n == 0:
        return "unclear", None, "no sample point satisfies the hypotheses"
    vals, point, a, b = witness
    where = f"at {fmt_point({**vals, **point})}: lhs={mp.nstr(a, 12)} rhs={mp.nstr(b, 12)} ({n} values)"
    verdict = "true" if worst < TRUE_TOL else "false" if worst > FALSE_TOL else "unclear"
    return verdict, worst, where


def slack(rel_name, a, b):
    """How far `a rel b` is from failing, relative like a discrepancy (negative: violated by that much)."""
    scale = max(abs(a), abs(b), mp.mpf(1))
    return ((b - a) if rel_name in ("<", "<=") else (a - b)) / scale


def check_inequality(problem, rng):
    """Largest violation over the points (ties of a strict relation count as rounding-size, i.e. 0); the
    witness is the violating point for a false claim, the tightest point for a true one."""
    worst, tightest, witness, n, ties = mp.mpf(0), None, None, 0, 0
    for inst in instances(problem, rng):
        syms = inst.symbols
        L = evaluator(inst.lhs.xreplace(inst.kinks), syms)
        R = evaluator(inst.rhs.xreplace(inst.kinks), syms)
        points = inst.points(rng, N_INEQ_POINTS)
        if len(syms) == 1:
            s = syms[0]
            grid = [{s: sp.Rational(k, 100)} for k in range(-2000, 2001) if k != 0]
            grid += [{s: sp.Rational(sign * 10**k)} for k in range(-15, 7) for sign in (1, -1)]
            points += [p for p in grid if in_domain(s, p[s]) and all(bool(h.xreplace(p)) for h in inst.hypotheses)]
        for point in points:
            args = [to_mpf(point[s]) for s in syms]
            a, b = L(*args)[0], R(*args)[0]
            n += 1
            gap = slack(problem.relation, a, b)
            ties += gap == 0 and problem.relation in ("<", ">")
            worst = max(worst, -gap)
            if tightest is None or gap < tightest:
                tightest, witness = gap, (point, a, b)
    point, a, b = witness
    where = (f"{'violated' if worst > 0 else 'tightest'} at {fmt_point(point)}: lhs={mp.nstr(a, 12)} "
             f"rhs={mp.nstr(b, 12)} ({n} points" + (f", {ties} ties within rounding)" if ties else ")"))
    verdict = "true" if worst < TRUE_TOL else "false" if worst > FALSE_TOL else "unclear"
    return verdict, worst, where


def approach_points(point, direction):
    if point is sp.oo:
        return [[mp.mpf(10) ** k for k in (1, 2, 4, 8, 12, 16, 24, 32)]]
    if point is -sp.oo:
        return [[-(mp.mpf(10) ** k) for k in (1, 2, 4, 8, 12, 16, 24, 32)]]
    c = to_mpf(point)
    steps = [mp.mpf(10) ** -k for k in (2, 4, 8, 12, 16, 24, 32, 40)]
    sides = {"+": [1], "-": [-1], "+-": [1, -1]}[direction]
    return [[c + s * h for h in steps] for s in sides]


def check_limit(problem, rng):
    inst = next(iter(instances(problem, rng)))
    f, var, point, direction = inst.limit
    syms = inst.symbols
    F = sp.lambdify([var, *syms], f.xreplace(inst.kinks), modules="mpmath")
    R = evaluator(inst.rhs.xreplace(inst.kinks), syms)
    worst_final, worst_first, witness = mp.mpf(0), mp.mpf(0), None
    for pt in inst.points(rng, 40) if syms else [{}]:
        args = [to_mpf(pt[s]) for s in syms]
        target = R(*args)[0]
        for side in approach_points(point, direction):
            errs = [abs(mp.mpmathify(F(t, *args)) - target) for t in side]
            if errs[-1] >= worst_final:
                worst_final, witness = errs[-1], (pt, side[-1], F(side[-1], *args), target)
            worst_first = max(worst_first, errs[0])
    pt, t, value, target = witness
    where = (f"{var} -> {point}{'' if direction == '+-' or point in (sp.oo, -sp.oo) else direction}: "
             f"f({mp.nstr(t, 5)})={mp.nstr(value, 12)} vs {mp.nstr(target, 12)} at {fmt_point(pt)}")
    if worst_final < mp.mpf("1e-12"):
        return "true", worst_final, where
    if worst_final > mp.mpf("1e-4"):
        return "false", worst_final, where
    return "unclear", worst_final, where


def check_order(problem, rng):
    inst = next(iter(instances(problem, rng)))
    h, h0 = problem.approach.variable, problem.approach.point
    syms = [s for s in inst.symbols if s != h]
    L = sp.lambdify([h, *syms], inst.lhs.xreplace(inst.kinks), modules="mpmath")
    R = sp.lambdify([h, *syms], inst.rhs.xreplace(inst.kinks), modules="mpmath")
    worst_growth, witness = mp.mpf(0), None
    sides = {"+": [1], "-": [-1], "+-": [1, -1]}[problem.approach.direction]
    for pt in inst.points(rng, 10) if syms else [{}]:
        args = [to_mpf(pt[s]) for s in syms]
        for s in sides:
            ratios = {}
            for k in (4, 8, 16, 32, 40):
                t = to_mpf(h0) + s * mp.mpf(10) ** -k
                ratios[k] = abs(mp.mpmathify(L(t, *args)) / mp.mpmathify(R(t, *args)))
            base = max(ratios[4], ratios[8], mp.mpf("1e-300"))
            growth = max(ratios[16], ratios[32], ratios[40]) / base
            if growth >= worst_growth:
                worst_growth, witness = growth, (pt, s, ratios)
    pt, s, ratios = witness
    where = (f"|lhs/rhs| at h = {'+' if s > 0 else '-'}1e-4, 1e-8, 1e-16, 1e-32, 1e-40: "
             + ", ".join(mp.nstr(ratios[k], 4) for k in (4, 8, 16, 32, 40)) + (f" at {fmt_point(pt)}" if pt else ""))
    if worst_growth < 10:
        return "true", worst_growth, where
    if worst_growth > 1e6:
        return "false", worst_growth, where
    return "unclear", worst_growth, where


def numeric_truth(problem, rng):
    if problem.relation == "O":
        return "order", *check_order(problem, rng)
    if isinstance(problem.lhs, sp.Limit):
        return "limit", *check_limit(problem, rng)
    if problem.relation != "==":
        return "inequality", *check_inequality(problem, rng)
    symbolic = [o for o in problem.scope.objects.values() if isinstance(o, sp.MatrixSymbol)]
    if any(o.cols == 1 for o in symbolic):
        kind = "index-sum"
    elif symbolic:
        kind = "matrix (general size)"
    elif problem.is_matrix:
        kind = "matrix"
    else:
        kind = "scalar"
    return kind, *check_equality(problem, rng)


# ----------------------------------------------------------------------------------------------------------
# Plain SymPy: does simplify(lhs - rhs) == 0 prove a true equality?


class Timeout(Exception):
    pass


def _alarm(signum, frame):
    raise Timeout


def symbolic_unfold(e):
    """The project-independent unfolding for general sizes: entries of vector functions and definitions."""
    e = e.replace(lambda a: isinstance(a, MatrixElement) and hasattr(a.parent, "_entry"),
                  lambda a: a.parent._entry(*a.indices))
    return e.replace(lambda a: hasattr(a, "unfold"), lambda a: a.unfold())


def simplify_proves(problem) -> tuple[bool, str]:
    if problem.relation != "==":
        return False, "inequality/order"
    if isinstance(problem.lhs, sp.Limit) or isinstance(problem.rhs, sp.Limit):
        return False, "limit"
    old = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(SIMPLIFY_SECONDS)
    try:
        general = any(isinstance(o, sp.MatrixSymbol) for o in problem.scope.objects.values())
        if general:
            lhs, rhs = symbolic_unfold(problem.lhs).doit(), symbolic_unfold(problem.rhs).doit()
        else:
            lhs, rhs = concretize(problem.lhs, {}, {}), concretize(problem.rhs, {}, {})
        d = sp.simplify(lhs - rhs)
        if isinstance(d, sp.MatrixBase):
            ok = all(sp.simplify(x) == 0 for x in d)
        elif isinstance(d, MatrixExpr):
            ok = isinstance(d, sp.ZeroMatrix) or d == 0
        else:
            ok = d == 0
        return bool(ok), "simplify -> 0" if ok else f"simplify -> {str(d)[:60]}"
    except Timeout:
        return False, f"timeout {SIMPLIFY_SECONDS}s"
    except Exception as err:  # any failure of plain SymPy counts as not proving
        return False, f"raises {type(err).__name__}"
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# ----------------------------------------------------------------------------------------------------------


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default=str(ROOT / "bench" / "ml_identities.claims.toml"))
    ap.add_argument("--no-simplify", action="store_true")
    ap.add_argument("--seed", type=int, default=20240601)
    ap.add_argument("-q", "--quiet", action="store_true", help="print only disagreements and the summary")
    args = ap.parse_args()
    mp.mp.dps = DPS
    rng = random.Random(args.seed)

    cf = load_claim_file(args.path)
    if cf.fatal:
        print(f"FATAL: {cf.fatal}")
        return 2
    for err in cf.errors:
        print(f"PARSE ERROR: {err}")
    for w in cf.warnings:
        print(f"WARNING: {w}")

    kinds = Counter()
    disagreements, defeaters, proved_by_simplify, compile_errors = [], [], [], []
    start = time.time()
    for claim in cf.claims:
        expected = claim.expected is not False
        try:
            problem = compile_claim(claim)
        except ClaimError as err:
            compile_errors.append(claim.id)
            print(f"COMPILE ERROR {claim.id}: {err}")
            continue
        t0 = time.time()
        kind, verdict, measure, detail = numeric_truth(problem, rng)
        kinds[(expected, kind)] += 1
        agree = verdict == ("true" if expected else "false")
        if not agree:
            disagreements.append(claim.id)
        line = (f"[{'TRUE ' if expected else 'FALSE'}] {claim.id} ({kind}): numeric {verdict}, "
                f"measure {mp.nstr(measure, 3) if measure is not None else '-'}; {detail}")
        if expected and not args.no_simplify:
            ok, why = simplify_proves(problem)
            (proved_by_simplify if ok else defeaters).append(claim.id)
            line += f"\n        simplify: {'PROVES' if ok else 'defeated'} ({why})"
        line += f"  [{time.time() - t0:.1f}s]"
        if not args.quiet or not agree:
            print(("!! DISAGREES " if not agree else "") + line, flush=True)

    n_true = sum(1 for c in cf.claims if c.expected is not False)
    n_false = len(cf.claims) - n_true
    print("\n================ summary ================")
    print(f"file: {args.path}")
    print(f"claims: {len(cf.claims) + len(cf.errors)} ({len(cf.claims)} parse OK, {len(cf.errors)} parse errors, "
          f"{len(cf.warnings)} warnings, {len(compile_errors)} compile errors)")
    print(f"true claims: {n_true}   false claims: {n_false}")
    for expected in (True, False):
        row = ", ".join(f"{k}: {v}" for (e, k), v in sorted(kinds.items()) if e == expected)
        print(f"  {'true ' if expected else 'false'} by kind: {row}")
    print(f"numerical truth disagreeing with `expected`: {len(disagreements)} {disagreements if disagreements else ''}")
    if not args.no_simplify:
        print(f"true claims defeating plain sympy.simplify: {len(defeaters)} of {n_true}")
        print("  " + "\n  ".join(defeaters))
        print(f"true claims plain simplify proves: {len(proved_by_simplify)}")
    print(f"time: {time.time() - start:.0f}s")
    return 0 if not disagreements and not cf.errors and not cf.warnings and not compile_errors else 1


if __name__ == "__main__":
    sys.exit(main())
