"""Soft time limits inside a proof attempt, in CPU time

A proof runs in a worker process that its parent kills past the claim's hard limit. Inside the worker, each
strategy also gets a soft limit, so that one slow strategy (a `simplify` that never returns) does not use up the
time of the strategies after it or of the refuter. The soft limit is a `SIGPROF` timer raising `SoftTimeout`, a
`BaseException`, so that SymPy's `except Exception` clauses do not swallow it.

Every limit counts the process's CPU time (`ITIMER_PROF`, `time.process_time`), never the wall clock: on a busy
machine a process gets less of the CPU per second, not less work per CPU second, so a claim reaches the same
verdict on a quiet and on an oversubscribed machine (`bench/under_load.py` measures it).

A limit is never lost. Once one has expired the timer keeps firing, every `RETRY` seconds, until the block of the
expired limit is left: a `SoftTimeout` that is swallowed is raised again. Python itself swallows one raised inside
a `__del__` method or a garbage-collector callback (it prints "Exception ignored"; Hypothesis installs such a
callback), and a strategy may take an outer limit's expiry for its own. A one-shot timer lost its limit there, and
an in-process attempt ran on unbounded. An alarm is not raised inside a garbage-collector callback, nor while a
limit is entered, left or re-armed (that would leave the table of open limits inconsistent), but at the next
firing after it. Code that Python cannot interrupt (a long call into a C library) still overruns a soft limit:
only the parent's kill bounds it.

Main definitions
- `SoftTimeout`: raised when a soft limit expires.
- `Deadline`: the time left to a whole attempt.
- `time_limit`: a context manager that bounds a block (nested limits take the earliest expiry).
"""

from __future__ import annotations

import gc
import signal
import threading
import time
from dataclasses import dataclass
from types import FrameType

RETRY = 0.05
"""CPU seconds between firings once a limit has expired, until its block is left."""

clock = time.process_time
"""The clock of every limit: this process's CPU time (all threads, user and system)."""


class SoftTimeout(BaseException):
    """A soft time limit expired (BaseException: library code must not catch it)."""


@dataclass(frozen=True)
class Deadline:
    """An absolute CPU time (`clock`) by which an attempt must finish."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(clock() + seconds)

    def remaining(self) -> float:
        return max(0.0, self.at - clock())

    def expired(self) -> bool:
        return clock() >= self.at


_active: list[float] = []
"""Expiries (`clock`) of the open limits, innermost last."""


def _arm() -> None:
    """Set the timer to the earliest open expiry, then every `RETRY` seconds; or stop it."""
    if _active:
        signal.setitimer(signal.ITIMER_PROF, max(1e-3, min(_active) - clock()), RETRY)
    else:
        signal.setitimer(signal.ITIMER_PROF, 0)


def _on_alarm(signum: int, frame: FrameType | None) -> None:
    """Raise `SoftTimeout` when an open limit has expired, except inside the code that keeps `_active`."""
    if not _active:
        return
    if clock() < min(_active):
        _arm()  # an early firing (a limit was left, a later one stays): wait for the earliest open expiry
        return
    if frame is not None and (frame.f_code in _BOOKKEEPING or _in_gc_callback(frame)):
        return  # the timer fires again in RETRY seconds, outside this code
    raise SoftTimeout


def _in_gc_callback(frame: FrameType | None) -> bool:
    """Whether `frame` runs inside a garbage-collector callback (where Python would drop the exception)."""
    codes = {getattr(callback, "__code__", None) for callback in gc.callbacks}
    while frame is not None:
        if frame.f_code in codes:
            return True
        frame = frame.f_back
    return False


class time_limit:
    """Run the block for at most `seconds` of CPU time (raising `SoftTimeout`); a no-op outside the main thread.

    >>> with time_limit(5):
    ...     1 + 1
    2
    """

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.expiry: float | None = None

    def __enter__(self) -> None:
        if threading.current_thread() is not threading.main_thread() or self.seconds == float("inf"):
            return
        if self.seconds <= 0:
            raise SoftTimeout
        self.previous = signal.signal(signal.SIGPROF, _on_alarm)
        self.expiry = clock() + self.seconds
        _active.append(self.expiry)
        _arm()

    def __exit__(self, *exc_info: object) -> bool:
        if self.expiry is not None:
            _active.remove(self.expiry)
            _arm()
            signal.signal(signal.SIGPROF, self.previous)
            self.expiry = None
        return False


_BOOKKEEPING = frozenset({_arm.__code__, _on_alarm.__code__, time_limit.__enter__.__code__,
                          time_limit.__exit__.__code__})
"""The code that keeps `_active` and the timer: an alarm is never raised inside it."""
