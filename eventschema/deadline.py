"""A time limit for one document, so that a text that drives some pattern into
runaway backtracking is reported and skipped instead of stalling the stream.

One alarm a document, not a limit on every match: the regex module's per-call
`timeout` costs some 1.8 microseconds a call, and extraction makes hundreds of small
calls a document (a quarter of its time went there). The regex module checks for
signals while it matches, so the alarm interrupts a runaway match too.
"""
from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise TimeoutError inside the block once `seconds` of wall time have passed.

    Signals reach only the main thread, and only POSIX has interval timers: elsewhere
    (a library caller's worker thread, Windows) the block runs without a limit, as it
    does with `seconds` <= 0. The command line always runs extraction in the main
    thread of a process, one document at a time."""
    usable = seconds > 0 and hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: FrameType | None) -> None:
        raise TimeoutError(f"over the time limit of {seconds:g} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
