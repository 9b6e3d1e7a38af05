"""Time for the virtual phone line: real (paced) or instant (tests run unpaced)."""

from __future__ import annotations

import threading
import time


class RealClock:
    """Pacing in wall-clock time, optionally sped up ``speed`` times (line
    seconds pass ``speed`` times faster); a pause ends early when
    ``interrupt`` is set."""

    paced = True

    def __init__(self, speed: float = 1.0) -> None:
        if speed <= 0:
            raise ValueError("speed must be positive")
        self.speed = speed

    def now(self) -> float:
        return time.monotonic() * self.speed

    def pause(self, seconds: float, interrupt: threading.Event | None = None) -> bool:
        """Wait ``seconds`` of line time; False if ``interrupt`` was set first."""
        if seconds <= 0:
            return not (interrupt and interrupt.is_set())
        waiter = interrupt or threading.Event()
        return not waiter.wait(seconds / self.speed)


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
