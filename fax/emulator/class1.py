"""The Class 1 / 1.0 personality of the emulated modem (T.31): the host runs T.30.

The modem only carries what the host gives it: V.21 HDLC frames
(``+FTH=3``/``+FRH=3``; the FCS is added on transmit, checked on receive and
passed on to the host, as T.31 says) and high-speed carriers
(``+FTM``/``+FRM``) with raw octets. On the virtual line a frame travels as
``Signal("hdlc", (octets, fcs_good))`` and a V.21 transmission ends with
``Signal("hdlc_end")``; a high-speed carrier is ``Signal("carrier", code)``,
``"data"`` chunks and ``"data_end"``. The carrier after a DCS is the
training check and travels as one ``"tcf"`` signal, so the line's
training-failure fault reaches it and page counting for the carrier-loss
fault sees only page data.

Class 1 specific faults (damaged or lost frames, a line that does not carry
the fastest speeds) are set with ``set_class1_faults``.
"""

from __future__ import annotations

import threading
from collections import deque
from dataclasses import dataclass, field

import numpy as np

from fax.emulator.line import (
    CED_SECONDS,
    PREAMBLE_SECONDS,
    V21_RATE,
    Call,
    Signal,
    VirtualLine,
)
from fax.emulator.modem import EmulatedModem, register_personality
from fax.emulator.parameters import ParameterStore
from fax.modem.dle import DLE, END_OF_DATA, ETX, DleDecoder, escape
from fax.modem.hdlc import fcs
from fax.modem.t30 import BY_CODE, MODULATIONS, Frame

SIGNAL_TIMEOUT = 60.0
HOST_TIMEOUT = 5.0  # T.31: no frame data from the host for 5 s is an error
LINE_CHUNK = 512
POLL = 0.02
# Training time by family: (long, short). V.17 at 2400 baud: long training is
# segments 1-4 of 256 + 2976 + 64 + 48 symbols; short training keeps segment 1,
# shortens segment 2 to 38 symbols and leaves out segment 3.
V17_BAUD = 2400
TRAINING_SECONDS = {
    "v17": ((256 + 2976 + 64 + 48) / V17_BAUD, (256 + 38 + 48) / V17_BAUD),
    "v29": (0.25, 0.25),
    "v27": (0.95, 0.95),
}
ABORTED = "aborted"


@dataclass
class Class1Faults:
    """Trouble for calls to one number. Counts per frame name (-1: every one)."""

    training_limit: int = 0  # bit/s; a training check faster than this arrives garbled
    data_limit: int = 0  # bit/s; page data faster than this gets bit errors (TCF passes)
    data_bit_error_rate: float = 1e-3
    rng: np.random.Generator = field(default_factory=lambda: np.random.default_rng(11))
    corrupt: dict[str, int] = field(default_factory=dict)  # frames arriving with a bad FCS
    swallow: dict[str, int] = field(default_factory=dict)  # frames lost on the line

    def take(self, table: dict[str, int], name: str) -> bool:
        count = table.get(name, 0)
        if count == 0:
            return False
        if count > 0:
            table[name] = count - 1
        return True


_faults: dict[tuple[str, str], Class1Faults] = {}
_faults_lock = threading.Lock()


def set_class1_faults(line: VirtualLine, number: str, faults: Class1Faults | None) -> None:
    with _faults_lock:
        if faults is None:
            _faults.pop((line.name, number), None)
        else:
            _faults[(line.name, number)] = faults


def _faults_for(call: Call) -> Class1Faults | None:
    with _faults_lock:
        return _faults.get((call.line.name, call.callee.number))


class Class1Personality:
    def __init__(self, modem: EmulatedModem, fclass: str) -> None:
        self.modem = modem
        self.fclass = fclass
        self.parameters = ParameterStore(fclass)
        self.reset()

    def reset(self) -> None:
        self.call: Call | None = None
        self.side = ""
        self._inbox: deque[Signal] = deque()
        self._tcf_next = False

    @property
    def clock(self):
        return self.modem.line.clock

    def _pause(self, seconds: float) -> None:
        call = self.call
        self.clock.pause(seconds, call.dropped if call else None)

    def _codes(self) -> list[int]:
        limit = self.modem.line.bit_rate
        codes = {m.long_code for m in MODULATIONS if m.bit_rate <= limit}
        codes |= {m.short_code for m in MODULATIONS if m.bit_rate <= limit}
        return sorted(codes)

    # -- commands -------------------------------------------------------------
    def execute(self, name: str, operator: str, argument: str) -> str | None:
        handlers = {
            "+FTH": self._transmit_frames,
            "+FRH": self._receive_frame,
            "+FTM": self._transmit_carrier,
            "+FRM": self._receive_carrier,
            "+FTS": self._silence,
            "+FRS": self._silence,
        }
        if name in handlers:
            if operator == "=?":
                listing = "3" if name in ("+FTH", "+FRH") else ",".join(map(str, self._codes()))
                self.modem.info(listing)
                return "OK"
            if operator != "=" or not argument.strip().isdigit():
                return "ERROR"
            value = int(argument.strip())
            if name in ("+FTS", "+FRS"):
                return handlers[name](value)
            if self.call is None or self.call.dropped.is_set():
                self._end_call()
                return "NO CARRIER"
            if name in ("+FTH", "+FRH") and value != 3:
                return "ERROR"
            if name in ("+FTM", "+FRM") and value not in self._codes():
                return "ERROR"
            return handlers[name](value)
        if name in ("+FMI", "+FMM", "+FMR") and operator == "?":
            modem = self.modem
            self.modem.info(
                {"+FMI": modem.manufacturer, "+FMM": modem.model}.get(name, modem.revision)
            )
            return "OK"
        parameters = self.parameters
        if operator == "=?" and parameters.ranges(name) is not None:
            self.modem.info(parameters.ranges(name))
            return "OK"
        if parameters.handles(name):
            if operator == "?":
                self.modem.info(parameters.read(name))
                return "OK"
            if operator == "=":
                return "OK" if parameters.write(name, argument) else "ERROR"
            return "ERROR"
        return "UNKNOWN"

    def _silence(self, tens_of_ms: int) -> str:
        self._pause(tens_of_ms / 100)
        return "OK"

    # -- calls ------------------------------------------------------------------
    def dial(self, number: str) -> str | None:
        modem = self.modem
        if self.call is not None or modem.call is not None:
            return "ERROR"
        outcome = modem.dial_out(number, SIGNAL_TIMEOUT)
        if isinstance(outcome, str):
            self.reset()
            return outcome
        self.call, self.side = outcome, "caller"
        # After dialling a Class 1 modem listens for V.21 at once (an implied +FRH=3).
        return self._receive_frame(3)

    def answer(self, call: Call | None) -> str | None:
        modem = self.modem
        if self.call is not None:
            return "ERROR"
        call = call or modem.wait_incoming(0 if modem.incoming_call else modem.registers.get(7, 60))
        if call is None or call.dropped.is_set():
            return "NO CARRIER"
        call.mark_answered()
        self.call, self.side = call, "callee"
        modem.call = call
        self._pause(CED_SECONDS)
        # After answering, a Class 1 modem sends V.21 at once (an implied +FTH=3).
        return self._transmit_frames(3)

    def _end_call(self) -> None:
        if self.call is not None:
            self.call.hang_up()
        self.modem.call = None
        self.reset()

    # -- signals from the line -------------------------------------------------------
    def _next_signal(self, timeout: float = SIGNAL_TIMEOUT) -> Signal | str | None:
        """The next signal, ABORTED if the host sent a character first, None on timeout."""
        if self._inbox:
            return self._inbox.popleft()
        call = self.call
        waited = 0.0
        while call is not None and waited < timeout:
            if self.modem.dte_out_waiting():
                self.modem.take_dte(4096, 0)
                return ABORTED
            signal = call.receive(self.side, POLL)
            if signal is not None:
                return signal
            waited += POLL
        return None

    def _skip_carrier(self) -> Signal | None:
        """Let a carrier we cannot demodulate pass; the signal that ended it if not its end."""
        while True:
            signal = self._next_signal()
            if not isinstance(signal, Signal) or signal.kind in ("data_end", "drop"):
                return signal if isinstance(signal, Signal) and signal.kind == "drop" else None

    # -- V.21 HDLC -------------------------------------------------------------------
    def _read_host_frame(self) -> bytes | None:
        decoder = DleDecoder(terminators=bytes([ETX]))
        frame = bytearray()
        while True:
            chunk = self.modem.take_dte(LINE_CHUNK, HOST_TIMEOUT)
            if not chunk:
                return None
            data, terminator, rest = decoder.feed(chunk)
            frame += data
            if terminator is not None:
                self.modem.unread(rest)
                return bytes(frame)

    def _transmit_frames(self, modulation: int) -> str | None:
        call = self.call
        assert call is not None
        faults = _faults_for(call)
        self.modem.result("CONNECT")
        first = True
        while True:
            octets = self._read_host_frame()
            if octets is None:
                call.send(self.side, Signal("hdlc_end"))
                return "ERROR"
            parsed = Frame.parse(octets)
            name = parsed.name if parsed else "?"
            self._pause((PREAMBLE_SECONDS if first else 0.0) + (len(octets) + 3) * 8 / V21_RATE)
            first = False
            if parsed is not None and parsed.command == 0x82:
                self._tcf_next = True  # the next carrier from this host is the TCF
            good = not (faults and faults.take(faults.corrupt, name))
            if not (faults and faults.take(faults.swallow, name)):
                call.send(self.side, Signal("hdlc", (octets, good)))
            if call.dropped.is_set():
                self._end_call()
                return "NO CARRIER"
            if parsed is None or parsed.final:
                call.send(self.side, Signal("hdlc_end"))
                return "OK"
            self.modem.result("CONNECT")

    def _receive_frame(self, modulation: int) -> str | None:
        while True:
            signal = self._next_signal()
            if signal == ABORTED:
                return "OK"
            if signal is None or signal.kind == "drop":
                self._end_call()
                return "NO CARRIER"
            if signal.kind == "carrier":
                if self._skip_carrier() is not None:
                    self._end_call()
                    return "NO CARRIER"
                continue
            if signal.kind != "hdlc":
                continue
            octets, good = signal.value
            self.modem.result("CONNECT")
            self.modem.emit(escape(octets + fcs(octets)) + END_OF_DATA)
            return "OK" if good else "ERROR"

    # -- high-speed carriers -------------------------------------------------------
    def _transmit_carrier(self, code: int) -> str | None:
        call = self.call
        assert call is not None
        modulation = BY_CODE[code]
        is_tcf, self._tcf_next = self._tcf_next, False
        self.modem.result("CONNECT")
        call.send(self.side, Signal("carrier", code))
        long_train, short_train = TRAINING_SECONDS[modulation.family]
        self._pause(
            short_train if code == modulation.short_code != modulation.long_code else long_train
        )
        decoder = DleDecoder(terminators=bytes([ETX]))
        rate = modulation.bit_rate
        started = self.clock.now()
        bits = 0
        training = bytearray()
        terminator = None
        while terminator is None:
            chunk = self.modem.take_dte(LINE_CHUNK, SIGNAL_TIMEOUT)
            if not chunk:
                self._end_call()
                return "ERROR"
            data, terminator, rest = decoder.feed(chunk)
            self.modem.unread(rest)
            if not data:
                continue
            bits += len(data) * 8
            self._pause(started + bits / rate - self.clock.now())
            if is_tcf:
                training += data
            elif not call.dropped.is_set():
                faults = _faults_for(call)
                if faults and faults.data_limit and rate > faults.data_limit:
                    data = _bit_errors(data, faults.data_bit_error_rate, faults.rng)
                call.send(self.side, Signal("data", data))
        if is_tcf:
            faults = _faults_for(call)
            if faults and faults.training_limit and rate > faults.training_limit:
                training = bytearray(_garble(bytes(training)))
            call.send(self.side, Signal("tcf", bytes(training)))
        call.send(self.side, Signal("data_end"))
        if not is_tcf:
            call.end_page()
        return "OK"

    def _receive_carrier(self, code: int) -> str | None:
        wanted = BY_CODE[code]
        while True:
            signal = self._next_signal()
            if signal == ABORTED:
                return "OK"
            if signal is None or signal.kind == "drop":
                self._end_call()
                return "NO CARRIER"
            if signal.kind == "hdlc":
                self._inbox.appendleft(signal)  # V.21 instead: the host reads it with +FRH=3
                return "+FCERROR"
            if signal.kind != "carrier":
                continue
            sent = BY_CODE[signal.value]
            if (sent.family, sent.bit_rate) != (wanted.family, wanted.bit_rate):
                if self._skip_carrier() is not None:
                    self._end_call()
                    return "NO CARRIER"
                continue
            return self._deliver_carrier(sent.bit_rate)

    def _deliver_carrier(self, rate: int) -> str | None:
        modem = self.modem
        modem.result("CONNECT")
        while True:
            signal = self._next_signal()
            if signal == ABORTED:
                modem.emit(END_OF_DATA)
                self._skip_carrier()
                return "OK"
            if signal is None or signal.kind == "drop":
                modem.emit(END_OF_DATA)
                self._end_call()
                return "NO CARRIER"
            if signal.kind == "data":
                modem.emit(escape(signal.value))
            elif signal.kind == "tcf":
                data = signal.value
                if data is False:  # the line's training-failure fault
                    data = _garble(bytes(int(rate * 1.5 / 8)))
                modem.emit(escape(data))
            elif signal.kind == "data_end":
                modem.emit(bytes([DLE, ETX]))
                return "NO CARRIER"


def _bit_errors(data: bytes, rate: float, rng: np.random.Generator) -> bytes:
    """``data`` with bits flipped at random, ``rate`` of them on average."""
    bits = np.unpackbits(np.frombuffer(data, dtype=np.uint8))
    bits ^= (rng.random(len(bits)) < rate).astype(np.uint8)
    return np.packbits(bits).tobytes()


def _garble(data: bytes) -> bytes:
    """What a training check sounds like through a modem that did not train."""
    rng = np.random.default_rng(len(data))
    return rng.integers(0, 256, size=max(len(data), 16), dtype=np.uint8).tobytes()


register_personality("1", lambda modem: Class1Personality(modem, "1"))
register_personality("1.0", lambda modem: Class1Personality(modem, "1.0"))

__all__ = ["Class1Faults", "Class1Personality", "set_class1_faults"]
