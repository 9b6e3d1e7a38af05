"""Time for the virtual phone line: real (paced) or instant (tests run unpaced)."""

from __future__ import annotations

import threading
import time


class RealClock:
    """Pacing in wall-clock time; a pause ends early when ``interrupt`` is set."""

    paced = True

    def now(self) -> float:
        return time.monotonic()

    def pause(self, seconds: float, interrupt: threading.Event | None = None) -> bool:
        """Wait ``seconds``; False if ``interrupt`` was set first."""
        if seconds <= 0:
            return not (interrupt and interrupt.is_set())
        waiter = interrupt or threading.Event()
        return not waiter.wait(seconds)


class InstantClock:
    """No waiting at all; ``now`` adds up the pauses so durations can still be reported."""

    paced = False

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._elapsed = 0.0

    def now(self) -> float:
        with self._lock:
            return self._elapsed

    def pause(self, seconds: float, interrupt: threading.Event | None = None) -> bool:
        with self._lock:
            self._elapsed += max(0.0, seconds)
        return not (interrupt and interrupt.is_set())
