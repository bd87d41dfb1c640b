"""One proof attempt, in this process: claim → proof

`attempt` compiles a claim, prepares both sides (witness substituted, derivatives evaluated honestly at kinks,
Taylor polynomials and finite sums written out, entries of vector functions unfolded), then:

1. tries a quick refutation at a dozen points (a false claim is usually caught here, cheaply);
2. runs the strategies on the claim's goal, by kind: a scalar goal, the entries of an explicit matrix, the
   entries (i, j) of a general-dimension matrix with i, j symbolic, or an order of magnitude;
3. post-checks a proof at ≥ 20 points, demoting it to `unproved` on any disagreement;
4. otherwise searches harder for a counterexample, and reports `unproved` with the evidence if there is none.

Time is shared out under soft limits, in CPU time (`budget`); the searches for a counterexample are bounded by
counts of points. The worker running the attempt is killed past the hard limit.

Main definitions
- `Prepared`: the sides as the strategies see them, with the steps that got them there.
- `prepare(problem)`, `attempt(claim, timeout)`.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field, replace
from typing import Any

import sympy as sp
from sympy.matrices.expressions.matexpr import MatrixExpr

from ..claim import Certificate, Claim, Proof, Step, Verdict
from ..errors import ClaimError
from ..problem import Problem, compile_claim
from ..vocabulary import KinkValue, apply_conventions, is_matrix
from ..vocabulary.vectors import is_explicit
from .budget import Deadline, SoftTimeout, clock, time_limit
from .derivatives import evaluate_derivatives
from .goal import Context, Goal, Outcome
from .instances import instances
from .points import seed_of
from .postcheck import postcheck
from .refuter import Evidence, Refutation, check_point, refute
from .rules import evaluate_finite_sums, evaluate_taylor, unfold_vectors
from .search import prove_goal
from .strategies.limits import evaluate_limits, order_outcome
from .strategies.sums import canonical_indices

QUICK_POINTS = 12
QUICK_INSTANCES = 2
QUICK_SECONDS = 1.5
"""The quick search for a counterexample before any proof is tried: a few points, at most this much CPU time."""
FULL_POINTS = 160


@dataclass
class Prepared:
    """The sides of a problem ready for the strategies, and the steps of the preparation."""

    lhs: Any
    rhs: Any
    original_lhs: Any
    original_rhs: Any
    steps: list[Step] = field(default_factory=list)


def _witness_substitution(problem: Problem) -> dict:
    table: dict = {}
    for target, value in problem.witness:
        if isinstance(target, sp.MatrixBase):
            value = sp.ImmutableMatrix(value) if is_matrix(value) else None
            if value is None or value.shape != target.shape:
                raise ClaimError(f"witness for a {target.shape[0]}×{target.shape[1]} matrix must have that shape")
            table.update(dict(zip(target, value, strict=True)))
        else:
            table[target] = value
    return table


def _evaluate_side(expr: Any, conventions) -> Any:
    if isinstance(expr, MatrixExpr) and not isinstance(expr, sp.MatrixBase) and is_explicit(expr):
        expr = sp.ImmutableMatrix(expr.as_explicit())
    if isinstance(expr, sp.MatrixBase):
        return sp.ImmutableMatrix(expr.applyfunc(lambda e: _evaluate_side(e, conventions)))
    if isinstance(expr, MatrixExpr):
        return expr
    expr = evaluate_taylor(expr)
    expr = evaluate_derivatives(expr, conventions)
    return canonical_indices(unfold_vectors(evaluate_finite_sums(expr)))


def _antiderivative(lhs, rhs, steps: list[Step]):
    """∫ f dx = F (indefinite) means F′ = f: the claim becomes f == d/dx F, equal up to a constant."""
    for side, other, flip in ((lhs, rhs, False), (rhs, lhs, True)):
        if isinstance(side, sp.Integral) and all(len(lim) == 1 for lim in side.limits) and len(side.limits) == 1:
            variable = side.limits[0][0]
            new = (side.function, sp.Derivative(other, variable))
            new = new[::-1] if flip else new
            steps.append(Step("==", new[0] - new[1], f"an antiderivative is determined up to a constant: compare "
                              f"d/d{variable} of both sides", "antiderivative"))
            return new
    return lhs, rhs


def prepare(problem: Problem) -> Prepared:
    """Witness substituted, then derivatives, Taylor polynomials, finite sums and vector entries evaluated."""
    lhs, rhs = problem.lhs, problem.rhs
    steps: list[Step] = []
    table = _witness_substitution(problem)
    if table:
        lhs, rhs = lhs.xreplace(table), rhs.xreplace(table)
        shown = ", ".join(f"{name} = {text}" for name, text in problem.claim.witness)
        steps.append(Step("==", lhs - rhs if not is_matrix(lhs) else lhs, f"take {shown}", "witness"))
    lhs, rhs = _antiderivative(lhs, rhs, steps)
    original_lhs, original_rhs = lhs, rhs
    new_lhs, new_rhs = _evaluate_side(lhs, problem.conventions), _evaluate_side(rhs, problem.conventions)
    if (new_lhs, new_rhs) != (lhs, rhs) and not is_matrix(new_lhs):
        what = "evaluate derivatives" if (lhs - rhs).has(sp.Derivative) else "evaluate sums and entries"
        steps.append(Step("==", new_lhs - new_rhs, what, "evaluate"))
    return Prepared(new_lhs, new_rhs, original_lhs, original_rhs, steps)


# -- the kinds of problems ------------------------------------------------------------------------------------


def _scalar_goal(problem: Problem, lhs, rhs, context: Context) -> tuple[str, Outcome] | None:
    if isinstance(lhs, sp.Integral) or isinstance(rhs, sp.Integral):
        lhs, rhs = lhs.doit(), rhs.doit()
    return prove_goal(Goal(lhs, rhs, problem.relation, context))


def _entrywise(problem: Problem, lhs, rhs, context: Context) -> tuple[str, Outcome] | None:
    L, R = sp.ImmutableMatrix(lhs), sp.ImmutableMatrix(rhs)
    parts, excluded, checks = [], [], []
    for i in range(L.rows):
        for j in range(L.cols):
            found = prove_goal(Goal(L[i, j], R[i, j], "==", context))
            if found is None:
                return None
            parts.append(Certificate("entry", {"entry": f"[{i},{j}]", "method": found[0]},
                                     (found[1].certificate,)))
            excluded += found[1].excluded
            checks += found[1].needs_postcheck
    return "entrywise", Outcome(Certificate("entrywise", {"shape": list(L.shape)}, tuple(parts)),
                                excluded=tuple(excluded), needs_postcheck=tuple(checks))


def _general_matrix(problem: Problem, lhs, rhs, context: Context) -> tuple[str, Outcome] | None:
    difference = (lhs - rhs).doit()
    expanded = difference.expand() if hasattr(difference, "expand") else difference
    if expanded == 0 or isinstance(expanded, sp.ZeroMatrix) or getattr(expanded, "is_ZeroMatrix", False):
        return "matrix-algebra", Outcome(Certificate("matrix-algebra", {"normal form": "0"}))
    rows, cols = lhs.shape
    # A dimension of size 1 (a column or row vector) has the single index 0, not a symbol ranging over [0, 0].
    # Fresh dummies: a claim's own (bound) index named i must not capture the entry's index.
    i = sp.S.Zero if rows == 1 else sp.Dummy("i", integer=True)
    j = sp.S.Zero if cols == 1 else sp.Dummy("j", integer=True)
    ranges = tuple(r for k, size in ((i, rows), (j, cols)) if k.is_Symbol for r in (sp.Ge(k, 0), sp.Le(k, size - 1)))
    entry_lhs = lhs._entry(i, j, expand=True) if isinstance(lhs, MatrixExpr) else lhs[i, j]
    entry_rhs = rhs._entry(i, j, expand=True) if isinstance(rhs, MatrixExpr) else rhs[i, j]
    entry_lhs, entry_rhs = (_evaluate_side(e, problem.conventions) for e in (entry_lhs, entry_rhs))
    sub = replace(context, hypotheses=context.hypotheses + ranges)
    found = prove_goal(Goal(entry_lhs, entry_rhs, "==", sub))
    if found is None:
        return None
    name, outcome = found
    certificate = Certificate("entrywise-general", {"entry": f"({i}, {j})", "method": name}, (outcome.certificate,))
    return "entrywise-general", replace(outcome, certificate=certificate)


def _pairs(problem: Problem, lhs, rhs) -> list[tuple[str | None, Any, Any]]:
    if is_matrix(lhs):
        L, R = sp.ImmutableMatrix(lhs.as_explicit()), sp.ImmutableMatrix(rhs.as_explicit())
        return [(f"[{i},{j}]", L[i, j], R[i, j]) for i in range(L.rows) for j in range(L.cols)]
    return [(None, sp.sympify(lhs), sp.sympify(rhs))]


def _search_counterexample(problem: Problem, prepared: Prepared, count: int, seed: int,
                           most: int | None = None) -> tuple[Refutation | None, Evidence | None, dict]:
    """A certified counterexample at explicit instances (the first `most` of them) of the prepared sides, if one
    is found among `count` points of each."""
    evidence = None
    sides = [prepared.lhs, prepared.rhs]
    for inst in itertools.islice(instances(sides, hypotheses=problem.hypotheses), most):
        lhs, rhs = inst.apply(prepared.lhs), inst.apply(prepared.rhs)
        if is_matrix(lhs) != is_matrix(rhs):
            continue
        if is_matrix(lhs) and not all(sp.sympify(d).is_Integer for d in lhs.shape):
            continue
        if (sp.sympify(lhs).has(sp.Limit) if not is_matrix(lhs) else False):
            continue
        pairs = [(e, _evaluate_side(left, problem.conventions), _evaluate_side(right, problem.conventions))
                 for e, left, right in _pairs(problem, lhs, rhs)]
        hypotheses = tuple(inst.apply(h) for h in problem.hypotheses)
        labels = {**problem.scope.labels, **inst.labels}
        found, evidence = refute(pairs, problem.relation, seed=seed, count=count, hypotheses=hypotheses,
                                 labels=labels,
                                 confirm=lambda f, inst=inst: _confirmed_as_written(problem, prepared, inst, f))
        if found is not None:
            return found, evidence, inst.description
    return None, evidence, {}


def _confirmed_as_written(problem: Problem, prepared: Prepared, inst, found: Refutation) -> bool:
    """Defence in depth: at the counterexample, the claim as written (SymPy's own `doit` for derivatives and
    sums, every bound index fresh) must certainly fail: its balls must be disjoint. A point naming a symbol the
    claim does not declare or use (a bound variable leaked by a preparation) is rejected. At a kink SymPy's
    `doit` uses its own conventions, so the prepared form (which uses the claim's) decides there."""
    from .postcheck import _closed, _entries, _on_kink

    point = found.symbols or {}
    entries = _entries(inst.apply(prepared.original_lhs, evaluate=False),
                       inst.apply(prepared.original_rhs, evaluate=False))
    free = {s for _, left, right in entries for s in left.free_symbols | right.free_symbols
            if not isinstance(s, KinkValue)}
    declared = {o for o in problem.scope.objects.values() if isinstance(o, sp.Symbol)}
    declared |= {s for h in problem.hypotheses for s in h.free_symbols}
    if not set(point) <= free | declared:
        return False
    for entry, left, right in entries:
        if entry != found.entry:
            continue
        try:
            if _on_kink(left - right, point):
                return True
            (a, env), (b, _) = _closed(left, point), _closed(right, point)
            a, b = apply_conventions(a, problem.conventions), apply_conventions(b, problem.conventions)
            # Off the kinks an unspecified kink value changes nothing: the claim must fail for two choices of it.
            kinks = {s for s in a.free_symbols | b.free_symbols if isinstance(s, KinkValue)}
            checks = [check_point(a.xreplace(dict.fromkeys(kinks, v)), b.xreplace(dict.fromkeys(kinks, v)),
                                  problem.relation, {**env, **point}) for v in ((0, 1) if kinks else (0,))]
        except (ArithmeticError, TypeError, ValueError, NotImplementedError):
            return False
        return all(checked is not None and checked[0] for checked in checks)
    return False


def _refuted(claim: Claim, prepared: Prepared, found: Refutation, described: dict, started: float) -> Proof:
    point = {**described, **found.point}
    entry = f" (entry {found.entry})" if found.entry else ""
    message = f"fails at {', '.join(f'{k} = {v}' for k, v in point.items()) or 'every point'}{entry}: " \
              f"lhs = {found.lhs}, rhs = {found.rhs} ({found.how_text()})"
    return Proof(claim, Verdict.REFUTED, method="counterexample",
                 certificate=Certificate("counterexample", {"point": point, "confirmed": found.how,
                                                            "bits": found.bits, "difference": found.difference,
                                                            "entry": found.entry}),
                 steps=tuple(prepared.steps), counterexample=point, message=message,
                 values={"lhs": found.lhs, "rhs": found.rhs}, seconds=clock() - started)


def _limit_refutation(problem: Problem, prepared: Prepared, seed: int):
    """A limit claim is refuted by the true limit: computed, post-checked, and certainly different."""
    computed = [evaluate_limits(side, problem.hypotheses) for side in (prepared.lhs, prepared.rhs)]
    if any(c is None for c in computed):
        return None
    (lhs, lims_l), (rhs, lims_r) = computed
    found, _ = refute([(None, lhs, rhs)], problem.relation, seed=seed, count=40,
                      hypotheses=problem.hypotheses)
    if found is None:
        return None
    check = postcheck(replace(problem, lhs=prepared.lhs, rhs=lhs, relation="=="), prepared.lhs, lhs, seed)
    if not check.ok:
        return None
    return found, [{"limit": sp.sstr(lim), "value": sp.sstr(v)} for lim, v in lims_l + lims_r]


def attempt(claim: Claim, timeout: float = 10.0) -> Proof:
    """Prove or refute `claim` in this process within about `timeout` seconds (soft limits)."""
    started = clock()
    try:
        problem = compile_claim(claim)
    except ClaimError as err:
        return Proof(claim, Verdict.ERROR, message=err.message, input_error=True)
    deadline = Deadline.after(timeout * 0.95)
    failures: list[str] = []
    try:
        with time_limit(timeout * 0.95):
            proof = _attempt(problem, deadline, started, failures)
    except SoftTimeout:
        proof = Proof(claim, Verdict.TIMEOUT, message=f"time limit of {timeout:g} s reached",
                      seconds=clock() - started)
    except ClaimError as err:
        proof = Proof(claim, Verdict.ERROR, message=err.message, input_error=True, seconds=clock() - started)
    except RecursionError:
        proof = Proof(claim, Verdict.ERROR, message="expression too deeply nested for SymPy",
                      seconds=clock() - started)
    return replace(proof, diagnostics=tuple(dict.fromkeys(failures))) if failures else proof


def _attempt(problem: Problem, deadline: Deadline, started: float, failures: list[str]) -> Proof:
    claim = problem.claim
    seed = seed_of(claim.id)
    prepared = prepare(problem)
    context = Context(hypotheses=problem.hypotheses, conventions=problem.conventions,
                      deadline=Deadline(started + (deadline.at - started) * 0.65), failures=failures)
    if problem.relation == "O":
        return _attempt_order(problem, prepared, started, seed)
    quick = None
    try:
        with time_limit(min(QUICK_SECONDS, 0.25 * deadline.remaining())):
            quick, _, described = _search_counterexample(problem, prepared, QUICK_POINTS, seed,
                                                         most=QUICK_INSTANCES)
    except SoftTimeout:
        if deadline.expired():
            raise
    if quick is not None:
        return _refuted(claim, prepared, quick, described, started)
    found = None
    try:
        with time_limit(max(0.01, context.deadline.remaining())):
            if isinstance(prepared.lhs, sp.MatrixBase):
                found = _entrywise(problem, prepared.lhs, prepared.rhs, context)
            elif is_matrix(prepared.lhs):
                found = _general_matrix(problem, prepared.lhs, prepared.rhs, context)
            else:
                found = _scalar_goal(problem, prepared.lhs, prepared.rhs, context)
    except SoftTimeout:
        context.expired.append("strategies")
        if deadline.expired():
            raise
    if found is not None:
        return _proved(problem, prepared, found, started, seed, deadline)
    refutation, evidence, described = _search_counterexample(problem, prepared, FULL_POINTS, seed)
    if refutation is not None:
        return _refuted(claim, prepared, refutation, described, started)
    limit = _limit_refutation(problem, prepared, seed) if sp.sympify(
        prepared.lhs - prepared.rhs if not is_matrix(prepared.lhs) else 0).has(sp.Limit) else None
    if limit is not None:
        found_point, limits = limit
        proof = _refuted(claim, prepared, found_point, {}, started)
        return replace(proof, method="true-limit",
                       certificate=Certificate("true-limit", {"limits": limits, "point": found_point.point}))
    evidence_json = evidence.to_json() if evidence else None
    seen = evidence.text() if evidence else "no point of the domain could be evaluated"
    if context.expired:
        stopped = ", ".join(dict.fromkeys(context.expired))
        return Proof(claim, Verdict.TIMEOUT, steps=tuple(prepared.steps), evidence=evidence_json,
                     message=f"time limit reached (stopped: {stopped}); no counterexample found: {seen}",
                     seconds=clock() - started)
    return Proof(claim, Verdict.UNPROVED, steps=tuple(prepared.steps), evidence=evidence_json,
                 message=f"no strategy proved it and no counterexample was found: {seen}",
                 seconds=clock() - started)


def _domain(excluded: tuple[str, ...]) -> str | None:
    return "except " + ", ".join(dict.fromkeys(excluded)) if excluded else None


def _proved(problem: Problem, prepared: Prepared, found: tuple[str, Outcome], started: float, seed: int,
            deadline: Deadline) -> Proof:
    name, outcome = found
    check = postcheck(problem, prepared.original_lhs, prepared.original_rhs, seed,
                      Deadline(max(deadline.at, clock() + 5)))
    proof = Proof(problem.claim, Verdict.PROVED, method=name, certificate=outcome.certificate,
                  steps=tuple(prepared.steps) + outcome.steps, domain=_domain(outcome.excluded),
                  postcheck=check.to_json(), seconds=clock() - started)
    if not check.ok:
        return replace(proof, verdict=Verdict.UNPROVED,
                       message=f"post-check disagrees with the {name} proof: {check.failure}")
    return proof


def _attempt_order(problem: Problem, prepared: Prepared, started: float, seed: int) -> Proof:
    approach = problem.approach
    assert approach is not None
    result = order_outcome(prepared.lhs, prepared.rhs, approach.variable, approach.point, approach.direction)
    claim = problem.claim
    if result is None:
        return Proof(claim, Verdict.UNPROVED, steps=tuple(prepared.steps),
                     message="the expansions could not be computed", seconds=clock() - started)
    verdict, payload = result
    if verdict == "proved":
        check = postcheck(problem, prepared.original_lhs, prepared.original_rhs, seed)
        proof = Proof(claim, Verdict.PROVED, method="taylor-order", certificate=payload.certificate,
                      steps=tuple(prepared.steps) + payload.steps, postcheck=check.to_json(),
                      seconds=clock() - started)
        if not check.ok:
            return replace(proof, verdict=Verdict.UNPROVED, message=f"post-check disagrees: {check.failure}")
        return proof
    check = postcheck(replace(problem, rhs=problem.rhs), prepared.original_lhs, prepared.original_rhs, seed)
    witness = next((inst.description for inst in instances([prepared.lhs])), {})
    message = (f"lhs is of order h^{payload['true order']}, not O(h^{payload['claimed order']}) as "
               f"{approach}: lhs ~ {payload['lhs']}")
    if check.ok:
        return Proof(claim, Verdict.UNPROVED, message="expansion says false but the numerical check disagrees",
                     seconds=clock() - started)
    return Proof(claim, Verdict.REFUTED, method="true-order", certificate=Certificate("true-order", payload),
                 counterexample=witness or None, message=message, seconds=clock() - started)
