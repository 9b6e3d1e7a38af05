"""A virtual phone line: emulated modems reach each other by number.

A ``Call`` carries T.30 both ways in one form, as a real line does: V.21
HDLC frames and high-speed carriers with their octets, as ``Signal``
objects (see ``fax.emulator.t30_signals``), so every personality (Class 1,
2, 2.0) can call every other. The line paces
nothing itself: each modem pauses by the line's clock for what it sends.
Faults are set per called number and applied here: busy, no answer,
carrier lost after some page data, bit errors, failed training.

The timing helpers at the end price what a V.21 transmission costs on the
line, so an emulated modem that runs T.30 itself spends the same line time
as a host running it over Class 1.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from fax.emulator.clock import InstantClock, RealClock
from fax.modem import t30

if TYPE_CHECKING:
    from fax.emulator.modem import EmulatedModem

# Line timing (T.30): V.21 control frames at 300 bit/s after a one-second
# flag preamble, a 1.5 s training check (after the long training), 75 ms between
# transmissions.
V21_RATE = 300
PREAMBLE_SECONDS = 1.0
TCF_SECONDS = 1.5
TURNAROUND_SECONDS = 0.075
DIAL_SECONDS = 1.5
RING_CYCLE_SECONDS = 3.0
CED_SECONDS = 3.0
MAX_RINGS = 10

_lines: dict[str, VirtualLine] = {}
_registry_lock = threading.Lock()


def get_line(name: str) -> VirtualLine | None:
    with _registry_lock:
        return _lines.get(name)


@dataclass
class Signal:
    kind: str  # hdlc hdlc_end carrier tcf data data_end drop (and named ones inside Class 2)
    value: Any = None


@dataclass
class Faults:
    """Trouble to inject into calls to one number. Counts are calls still to be
    affected (-1: every call)."""

    busy: int = 0
    no_answer: int = 0
    carrier_loss: int = 0
    carrier_loss_page: int = 1
    carrier_loss_after_bytes: int = 2000
    training_failure: int = 0
    bit_error_rate: float = 0.0
    bit_error_calls: int = -1
    seed: int = 7

    def take(self, name: str) -> bool:
        """True if this call gets fault ``name``; counts it down."""
        count = getattr(self, name)
        if count == 0:
            return False
        if count > 0:
            setattr(self, name, count - 1)
        return True


@dataclass
class CallFaults:
    carrier_loss: bool = False
    carrier_loss_page: int = 1
    carrier_loss_after_bytes: int = 2000
    training_failure: bool = False
    bit_error_rate: float = 0.0
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(7))


class Call:
    """One call between two modems: two queues of signals and one hang-up state."""

    def __init__(
        self, line: VirtualLine, caller: EmulatedModem, callee: EmulatedModem, faults: CallFaults
    ) -> None:
        self.line = line
        self.caller = caller
        self.callee = callee
        self.faults = faults
        self._cond = threading.Condition()
        self._queues: dict[str, deque[Signal]] = {"caller": deque(), "callee": deque()}
        self.dropped = threading.Event()
        self.answered = threading.Event()
        self.given_up = threading.Event()
        self.pages_started = 0
        self.page_bytes = 0
        self.data_bytes = 0
        self.bit_errors = 0

    @property
    def clock(self) -> RealClock | InstantClock:
        return self.line.clock

    def other(self, side: str) -> str:
        return "callee" if side == "caller" else "caller"

    def send(self, side: str, signal: Signal) -> bool:
        """Put ``signal`` on the line towards the other side; False if the call is gone."""
        if self.dropped.is_set():
            return False
        if signal.kind == "data":
            signal = self._through_line(signal)
            if signal is None:
                return False
        elif signal.kind == "tcf" and self.faults.training_failure:
            signal = Signal("tcf", False)
        with self._cond:
            self._queues[self.other(side)].append(signal)
            self._cond.notify_all()
        return True

    def _through_line(self, signal: Signal) -> Signal | None:
        data: bytes = signal.value
        faults = self.faults
        if self.page_bytes == 0:
            self.pages_started += 1
        if (
            faults.carrier_loss
            and self.pages_started == faults.carrier_loss_page
            and self.page_bytes + len(data) >= faults.carrier_loss_after_bytes
        ):
            keep = max(0, faults.carrier_loss_after_bytes - self.page_bytes)
            with self._cond:
                if keep:
                    self._queues["callee"].append(Signal("data", data[:keep]))
            self.drop()
            return None
        self.page_bytes += len(data)
        self.data_bytes += len(data)
        if faults.bit_error_rate > 0 and data:
            count = int(faults.rng.binomial(len(data) * 8, min(1.0, faults.bit_error_rate)))
            if count:
                self.bit_errors += count
                corrupted = bytearray(data)
                for position in faults.rng.integers(0, len(data) * 8, size=count):
                    corrupted[position // 8] ^= 1 << (position % 8)
                data = bytes(corrupted)
        return Signal("data", data)

    def mark_answered(self) -> None:
        with self._cond:
            self.answered.set()
            self._cond.notify_all()

    def give_up(self) -> None:
        with self._cond:
            self.given_up.set()
            self._cond.notify_all()

    def wait_answer(self, timeout: float) -> str | None:
        """ "answered", "given_up" or "dropped" once one happens; None on timeout."""
        with self._cond:
            self._cond.wait_for(
                lambda: self.answered.is_set() or self.given_up.is_set() or self.dropped.is_set(),
                timeout=timeout,
            )
        if self.answered.is_set():
            return "answered"
        if self.given_up.is_set():
            return "given_up"
        return "dropped" if self.dropped.is_set() else None

    def end_page(self) -> None:
        self.page_bytes = 0

    def receive(self, side: str, timeout: float) -> Signal | None:
        """The next signal for ``side``; a "drop" signal once the call is gone; None on timeout."""
        with self._cond:
            if not self._cond.wait_for(
                lambda: self._queues[side] or self.dropped.is_set(), timeout=timeout
            ):
                return None
            if self._queues[side]:
                return self._queues[side].popleft()
            return Signal("drop")

    def drop(self) -> None:
        """Carrier lost or a side hung up: both ends see "drop" from now on."""
        with self._cond:
            self.dropped.set()
            self._cond.notify_all()
        self.line.call_ended(self)

    def hang_up(self) -> None:
        self.drop()


class VirtualLine:
    """Numbers, modems and calls; the process-wide registry finds it by name."""

    def __init__(
        self, name: str = "line", *, bit_rate: int = 14400, paced: bool = False, speed: float = 1.0
    ) -> None:
        if bit_rate not in (2400, 4800, 7200, 9600, 12000, 14400):
            raise ValueError("bit_rate must be one of 2400, 4800, 7200, 9600, 12000, 14400")
        self.name = name
        self.bit_rate = bit_rate
        self.clock: RealClock | InstantClock = RealClock(speed) if paced else InstantClock()
        self.modems: dict[str, EmulatedModem] = {}
        self.faults: dict[str, Faults] = {}
        self.calls: list[Call] = []
        self._lock = threading.Lock()
        with _registry_lock:
            _lines[name] = self

    @property
    def max_br(self) -> int:
        return {2400: 0, 4800: 1, 7200: 2, 9600: 3, 12000: 4, 14400: 5}[self.bit_rate]

    def add_modem(self, number: str, **options: Any) -> EmulatedModem:
        from fax.emulator.modem import EmulatedModem

        with self._lock:
            if number in self.modems:
                raise ValueError(f"number {number} is already on line {self.name}")
            modem = EmulatedModem(self, number, **options)
            self.modems[number] = modem
        modem.start()
        return modem

    def url(self, number: str) -> str:
        return f"movedesk-modem://{self.name}/{number}"

    def set_faults(self, number: str, faults: Faults) -> None:
        with self._lock:
            self.faults[number] = faults

    def place_call(self, caller: EmulatedModem, number: str) -> Call | str:
        """A ringing call, or the result word for why there is none."""
        digits = "".join(c for c in number if c.isdigit())
        with self._lock:
            callee = self.modems.get(digits)
            faults = self.faults.setdefault(digits, Faults())
            if callee is None or callee is caller:
                return "NO CARRIER"
            if faults.take("busy") or callee.busy:
                return "BUSY"
            if faults.take("no_answer"):
                return "NO ANSWER"
            call_faults = CallFaults(
                carrier_loss=faults.take("carrier_loss"),
                carrier_loss_page=faults.carrier_loss_page,
                carrier_loss_after_bytes=faults.carrier_loss_after_bytes,
                training_failure=faults.take("training_failure"),
                bit_error_rate=faults.bit_error_rate if faults.take("bit_error_calls") else 0.0,
                rng=np.random.default_rng(faults.seed + len(self.calls)),
            )
            call = Call(self, caller, callee, call_faults)
            self.calls.append(call)
        callee.incoming(call)
        return call

    def call_ended(self, call: Call) -> None:
        call.caller.wake()
        call.callee.wake()

    def close(self) -> None:
        for modem in list(self.modems.values()):
            modem.close()
        with _registry_lock:
            if _lines.get(self.name) is self:
                del _lines[self.name]

    def __enter__(self) -> VirtualLine:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# Each V.21 frame carries its two FCS octets and is closed by a flag.
FRAME_TRAILER_OCTETS = 3


def frame_seconds(*frames: int, preamble: bool = True) -> float:
    """How long one V.21 transmission takes on the line: the preamble, then frames of
    the given octets (address, control, FCF, FIF), each with its FCS and closing flag."""
    octets = sum(frames) + FRAME_TRAILER_OCTETS * len(frames)
    return (PREAMBLE_SECONDS if preamble else 0.0) + octets * 8 / V21_RATE


# Octets of a PPS frame (address, control, FCF, then the post-page message, page,
# block and frame counters) and of a PPR frame (a bit for each frame of a block).
PPS_OCTETS = len(t30.frame(t30.PPS, t30.pps_fif(t30.MPS, 0, 0, 1), x_bit=True).encode())
PPR_OCTETS = len(t30.frame(t30.PPR, t30.ppr_fif(set())).encode())
