"""Soft time limits inside a proof attempt

A proof runs in a worker process that its parent kills past the claim's hard limit. Inside the worker, each
strategy also gets a soft limit, so that one slow strategy (a `simplify` that never returns) does not use up the
time of the strategies after it or of the refuter. The soft limit is a `SIGALRM` timer raising `SoftTimeout`, a
`BaseException`, so that SymPy's `except Exception` clauses do not swallow it.

Main definitions
- `SoftTimeout`: raised when a soft limit expires.
- `Deadline`: the time left to a whole attempt.
- `time_limit`: a context manager that bounds a block (nested limits take the earliest expiry).
"""

from __future__ import annotations

import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass


class SoftTimeout(BaseException):
    """A soft time limit expired (BaseException: library code must not catch it)."""


@dataclass(frozen=True)
class Deadline:
    """An absolute time (monotonic clock) by which an attempt must finish."""

    at: float

    @classmethod
    def after(cls, seconds: float) -> Deadline:
        return cls(time.monotonic() + seconds)

    def remaining(self) -> float:
        return max(0.0, self.at - time.monotonic())

    def expired(self) -> bool:
        return time.monotonic() >= self.at


_active: list[float] = []


def _raise(signum, frame) -> None:
    raise SoftTimeout


def _arm() -> None:
    if _active:
        signal.setitimer(signal.ITIMER_REAL, max(1e-3, min(_active) - time.monotonic()))
    else:
        signal.setitimer(signal.ITIMER_REAL, 0)


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Run the block for at most `seconds` (raising `SoftTimeout`); a no-op outside the main thread.

    >>> with time_limit(5):
    ...     1 + 1
    2
    """
    if threading.current_thread() is not threading.main_thread() or seconds == float("inf"):
        yield
        return
    if seconds <= 0:
        raise SoftTimeout
    previous = signal.signal(signal.SIGALRM, _raise)
    expiry = time.monotonic() + seconds
    _active.append(expiry)
    try:
        _arm()
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        _active.remove(expiry)
        if _active:
            _arm()
        signal.signal(signal.SIGALRM, previous)
