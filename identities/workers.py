"""Bounded execution: proofs in worker processes that the parent can kill

Each worker is a child process that proves one claim at a time under a memory limit (`RLIMIT_AS`, set to the
worker's address space at its start plus the claim's allowance, so that a large parent does not eat it) and a CPU
limit: before each claim the worker re-arms `RLIMIT_CPU` at the CPU time it has used plus the claim's timeout and a
grace second, so the kernel ends it (`SIGXCPU`) past its hard limit, even inside C code; the parent reports that
claim as `timeout` and starts a fresh worker. Limits count CPU time, not the wall clock, so a claim gets the same
verdict on a quiet and on a busy machine. The parent's wall-clock backstop, a generous multiple of the limit,
ends only a worker that is not running (stopped, starved or blocked: one that runs is ended by its CPU limit
first); its `timeout` is marked not storable, so the proof cache never keeps it. A worker that dies (a memory
bomb, a crash in a library) gives an `error` verdict for its claim, never a hang or a lost run. Ctrl-C kills every
worker before it propagates.

Main definitions
- `Limits`: time and memory limits of one proof.
- `WorkerPool`: N workers; `run(claims, on_result)` proves claims in parallel and yields proofs in input order.
- `prove_bounded(claim)`: one claim in one fresh worker.
"""

from __future__ import annotations

import contextlib
import math
import multiprocessing as mp
import os
import resource
import signal
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path

from .claim import Claim, Proof, Verdict

GRACE = 1.0
"""CPU seconds a worker may run past a claim's timeout (its soft limits' own margin) before the kernel ends it."""
BACKSTOP = 10.0
"""The wall-clock backstop: a worker still busy after this many times its hard limit (in seconds of the wall
clock, plus `BACKSTOP_MARGIN`) is ended, whatever CPU time it has used."""
BACKSTOP_MARGIN = 30.0


@dataclass(frozen=True)
class Limits:
    """How long and how much memory one proof may use (`memory_bytes` beyond the worker's size at its start)."""

    seconds: float = 10.0
    memory_bytes: int = 3 * 1024**3


def _context() -> mp.context.BaseContext:
    """fork where there is one (workers start at once, with everything imported); the prover sorts what it
    iterates, so that verdicts do not depend on the process's hash seed."""
    return mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")


def _address_space() -> int:
    """This process's virtual memory in bytes (0 where /proc is not available)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def _limit_address_space(memory_bytes: int) -> None:
    """Let this process's address space grow by at most `memory_bytes` (`RLIMIT_AS`, soft limit). A forked worker
    starts with its parent's address space, which may be large (a test process late in a run, a notebook kernel):
    the claim's own allocations are what the limit bounds."""
    _, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = _address_space() + memory_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _cpu_seconds() -> float:
    """CPU time (user and system) this process has used."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _limit_cpu(seconds: float) -> None:
    """Let this process run for at most `seconds` more CPU time before the kernel sends `SIGXCPU` (whose default
    action ends it). `RLIMIT_CPU` counts the process's whole life, so it is re-armed before each claim."""
    _, hard = resource.getrlimit(resource.RLIMIT_CPU)
    limit = math.ceil(_cpu_seconds() + seconds)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (limit, hard))


def _worker_main(conn: Connection, memory_bytes: int, prover: Callable[[Claim, float], Proof] | None) -> None:
    """Child: prove claims received on `conn` until it is closed."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGXCPU, signal.SIG_DFL)
    with contextlib.suppress(ValueError, OSError):
        _limit_address_space(memory_bytes)
        resource.setrlimit(resource.RLIMIT_CORE, (0, resource.getrlimit(resource.RLIMIT_CORE)[1]))
    if prover is None:
        from .prover.engine import attempt as prover
    attempt = prover

    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        index, claim, seconds = job
        with contextlib.suppress(ValueError, OSError):
            _limit_cpu(seconds + GRACE)
        try:
            proof = attempt(claim, seconds)
        except MemoryError:
            proof = Proof(claim, Verdict.ERROR, message="memory limit exceeded")
        except Exception as err:
            proof = Proof(claim, Verdict.ERROR, message=f"internal error: {type(err).__name__}: {err}")
        try:
            conn.send((index, proof))
        except MemoryError:
            conn.send((index, Proof(claim, Verdict.ERROR, message="memory limit exceeded")))
        except (OSError, ValueError) as err:
            conn.send((index, Proof(claim, Verdict.ERROR, message=f"result could not be returned: {err}")))


class _Worker:
    def __init__(self, limits: Limits, prover: Callable | None = None) -> None:
        ctx = _context()
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(child, limits.memory_bytes, prover), daemon=True)
        self.process.start()
        child.close()
        self.job: tuple[int, Claim] | None = None
        self.last: int | None = None
        """The index of the claim this worker took last (its neighbour comes next)."""
        self.started = self.backstop = self.seconds = 0.0

    def submit(self, index: int, claim: Claim, seconds: float) -> None:
        self.job = (index, claim)
        self.last = index
        self.seconds = seconds
        self.started = time.monotonic()
        self.backstop = self.started + BACKSTOP * (seconds + GRACE) + BACKSTOP_MARGIN
        self.conn.send((index, claim, seconds))

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class WorkerPool:
    """A pool of `jobs` workers proving claims under `limits`.

    >>> from identities.claim import Claim
    >>> with WorkerPool(jobs=1, limits=Limits(seconds=20)) as pool:
    ...     [p.verdict.value for p in pool.run([Claim(id="a", lhs="sigmoid(0)", rhs="1/2")])]
    ['proved']
    """

    def __init__(self, jobs: int = 1, limits: Limits = Limits(), prover: Callable | None = None) -> None:
        self.jobs = max(1, jobs)
        self.limits = limits
        self.prover = prover
        """A module-level function (claim, seconds) -> Proof; by default the prover's `attempt`."""
        self.workers: list[_Worker] = []

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        for w in self.workers:
            w.kill()
        self.workers = []

    def run(self, claims: Iterable[Claim], seconds_of: Callable[[Claim], float] | None = None,
            on_result: Callable[[Proof], None] | None = None) -> Iterator[Proof]:
        """Prove every claim; yield the proofs in input order (each as soon as those before it are done)."""
        pending = _Pending(list(claims))
        results: dict[int, Proof] = {}
        next_out, total = 0, len(pending.claims)
        seconds_of = seconds_of or (lambda c: self.limits.seconds)
        try:
            while next_out < total:
                self._dispatch(pending, seconds_of)
                for proof_index, proof in self._collect():
                    results[proof_index] = proof
                    if on_result:
                        on_result(proof)
                while next_out in results:
                    yield results.pop(next_out)
                    next_out += 1
        except BaseException:
            self.close()
            raise

    def _dispatch(self, pending: _Pending, seconds_of) -> None:
        while len(self.workers) < self.jobs and pending.left:
            self.workers.append(_Worker(self.limits, self.prover))
        for w in self.workers:
            if w.job is None and pending.left:
                consumed = {o.last for o in self.workers if o is not w and o.job is not None}
                index = pending.take(w.last, consumed)
                w.submit(index, pending.claims[index], seconds_of(pending.claims[index]))

    def _collect(self) -> list[tuple[int, Proof]]:
        busy = [w for w in self.workers if w.job is not None]
        if not busy:
            return []
        timeout = max(0.0, min(w.backstop for w in busy) - time.monotonic())
        ready = wait([w.conn for w in busy], timeout=min(timeout, 0.5))
        out = []
        for w in busy:
            index, claim = w.job
            if w.conn in ready:
                try:
                    _, proof = w.conn.recv()
                    w.job = None
                    out.append((index, proof))
                    continue
                except (EOFError, OSError):
                    proof = _death(w, claim)
            elif time.monotonic() >= w.backstop:
                proof = Proof(claim, Verdict.TIMEOUT, storable=False, seconds=time.monotonic() - w.started,
                              message=f"worker ended by the wall-clock backstop after "
                                      f"{time.monotonic() - w.started:.0f} s without finishing its "
                                      f"{w.seconds:g} s of CPU time (stopped or starved); not stored")
            else:
                continue
            self._replace(w)
            out.append((index, proof))
        return out

    def _replace(self, worker: _Worker) -> None:
        worker.kill()
        self.workers.remove(worker)


class _Pending:
    """The claims not yet handed to a worker. A worker takes the claim after the one it took last; when that one
    is taken, it starts in the middle of the longest run of claims left if another worker is working through that
    run from its start, else at the run's start. Each worker thus proves neighbouring claims (the catalog keeps
    related claims together, and they share expressions that SymPy's caches and the prover's keep: about a tenth
    less CPU than claims dealt alternately), and the work stays balanced. With one worker the order is the input's.

    >>> pending = _Pending(list("abcdefgh"))
    >>> first = pending.take(None, set())
    >>> second = pending.take(None, {first})
    >>> first, second, pending.take(first, {second}), pending.take(second, {1})
    (0, 4, 1, 5)
    """

    def __init__(self, claims: list[Claim]) -> None:
        self.claims = claims
        self.waiting = [True] * len(claims)

    @property
    def left(self) -> int:
        return self.waiting.count(True)

    def take(self, last: int | None, consumed: set[int | None]) -> int:
        after = None if last is None else last + 1
        if after is not None and after < len(self.waiting) and self.waiting[after]:
            index = after
        else:
            start, length = self._longest_run()
            index = start + length // 2 if start - 1 in consumed and length > 1 else start
        self.waiting[index] = False
        return index

    def _longest_run(self) -> tuple[int, int]:
        """(start, length) of the first longest run of waiting claims."""
        best, start = (0, 0), None
        for k, waiting in enumerate([*self.waiting, False]):
            if waiting and start is None:
                start = k
            elif not waiting and start is not None:
                if k - start > best[1]:
                    best = (start, k - start)
                start = None
        return best


def _death(worker: _Worker, claim: Claim) -> Proof:
    """The proof of a claim whose worker died: `timeout` when the kernel ended it at its CPU limit."""
    worker.process.join(timeout=1)
    code = worker.process.exitcode
    seconds = time.monotonic() - worker.started
    if code == -signal.SIGXCPU:
        return Proof(claim, Verdict.TIMEOUT, seconds=seconds,
                     message=f"worker ended past the time limit of {worker.seconds:g} s of CPU time")
    if code is not None and code < 0:
        return Proof(claim, Verdict.ERROR, seconds=seconds,
                     message=f"worker died (signal {-code}; the memory limit may have been exceeded)")
    return Proof(claim, Verdict.ERROR, seconds=seconds, message=f"worker died (exit status {code})")


def prove_bounded(claim: Claim, limits: Limits = Limits()) -> Proof:
    """Prove one claim in a fresh worker, killed past `limits`."""
    with WorkerPool(1, limits) as pool:
        return next(pool.run([claim]))


def cpu_count() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
