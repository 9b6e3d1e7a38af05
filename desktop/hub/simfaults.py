"""Bad days on the network, switched on for tests and demos of the simulator.

A ``FaultPlan`` decides, request by request and reproducibly from its seed,
whether the hub refuses (503/500/429, before doing anything), is slow, or
does the work and then loses the answer (dropped connection, truncated or
garbled body) — the last is the case that idempotency keys exist for.
"""

from __future__ import annotations

import random
import threading
from dataclasses import dataclass, field, fields
from typing import Any

SIMULATOR_PREFIX = "/v1/_sim/"


@dataclass(slots=True)
class FaultSettings:
    error_rate: float = 0.0
    error_status: int = 503
    latency_ms: int = 0
    drop_rate: float = 0.0
    truncate_rate: float = 0.0
    garble_rate: float = 0.0
    rate_limit_rate: float = 0.0
    retry_after: int = 2
    seed: int = 0
    # Faults stop by themselves after this many, so a test can say "fail twice".
    max_faults: int | None = None
    # Only requests whose path starts with this suffer; empty means all.
    path_prefix: str = ""

    @classmethod
    def from_mapping(cls, values: dict[str, Any]) -> FaultSettings:
        known = {item.name for item in fields(cls)}
        unknown = set(values) - known
        if unknown:
            raise ValueError(f"unknown fault settings: {', '.join(sorted(unknown))}")
        settings = cls(**values)
        settings.check()
        return settings

    def check(self) -> None:
        for name in ("error_rate", "drop_rate", "truncate_rate", "garble_rate", "rate_limit_rate"):
            rate = getattr(self, name)
            if isinstance(rate, bool) or not isinstance(rate, int | float) or not 0 <= rate <= 1:
                raise ValueError(f"{name} must be a number from 0 to 1")
        if self.error_status not in (500, 502, 503, 504):
            raise ValueError("error_status must be 500, 502, 503 or 504")
        for name in ("latency_ms", "retry_after", "seed"):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ValueError(f"{name} must be a whole number from 0")
        if self.max_faults is not None and (
            isinstance(self.max_faults, bool) or not isinstance(self.max_faults, int)
        ):
            raise ValueError("max_faults must be a whole number or null")
        if not isinstance(self.path_prefix, str):
            raise ValueError("path_prefix must be text")


@dataclass(frozen=True, slots=True)
class Verdict:
    """What happens to one request. ``before`` refuses it; ``after`` spoils the answer."""

    latency_ms: int = 0
    before: str | None = None  # "error" | "rate_limit"
    after: str | None = None  # "drop" | "truncate" | "garble"


@dataclass(slots=True)
class FaultPlan:
    settings: FaultSettings = field(default_factory=FaultSettings)
    _random: random.Random = field(default_factory=random.Random)
    _spent: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def configure(self, settings: FaultSettings) -> None:
        with self._lock:
            self.settings = settings
            self._random = random.Random(settings.seed)
            self._spent = 0

    def judge(self, path: str) -> Verdict:
        if path.startswith(SIMULATOR_PREFIX):
            return Verdict()
        with self._lock:
            plan = self.settings
            if not path.startswith(plan.path_prefix):
                return Verdict()
            exhausted = plan.max_faults is not None and self._spent >= plan.max_faults
            if exhausted:
                return Verdict(plan.latency_ms)
            roll = self._random.random
            verdict = Verdict(plan.latency_ms)
            if roll() < plan.drop_rate:
                verdict = Verdict(plan.latency_ms, after="drop")
            elif roll() < plan.error_rate:
                verdict = Verdict(plan.latency_ms, before="error")
            elif roll() < plan.rate_limit_rate:
                verdict = Verdict(plan.latency_ms, before="rate_limit")
            elif roll() < plan.truncate_rate:
                verdict = Verdict(plan.latency_ms, after="truncate")
            elif roll() < plan.garble_rate:
                verdict = Verdict(plan.latency_ms, after="garble")
            if verdict.before or verdict.after:
                self._spent += 1
            return verdict

    def truncate(self, body: bytes) -> bytes:
        with self._lock:
            cut = self._random.randrange(0, max(1, len(body) - 1))
        return body[:cut]

    def garble(self, body: bytes) -> bytes:
        """Line noise: a burst of random bytes, and the first byte is never JSON."""
        if not body:
            return b"\xff"
        noisy = bytearray(body)
        with self._lock:
            start = self._random.randrange(len(noisy))
            for index in range(start, min(len(noisy), start + 24)):
                noisy[index] = self._random.randrange(256)
            noisy[0] = self._random.choice(b"\x00\x7f\x9c\xfe\xff<")
        return bytes(noisy)
