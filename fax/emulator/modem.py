"""An emulated fax modem: the AT command interpreter and its host-side byte streams.

The host (our driver through the pyserial URL handler, or a program on a
pseudo-terminal) writes bytes with ``dte_write`` and reads with
``dte_read``; the modem runs on its own thread. Plain AT commands live
here; fax classes are personalities registered in ``PERSONALITIES`` (Class
1 and 1.0 in ``fax.emulator.class1``, 2 and 2.0 in ``fax.emulator.class2``)
and get every +F command and ATD/ATA while selected.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from fax.emulator.line import DIAL_SECONDS, MAX_RINGS, RING_CYCLE_SECONDS, Call
from fax.emulator.parameters import GCAP, ParameterStore
from fax.modem.dle import XOFF, XON

if TYPE_CHECKING:
    from fax.emulator.line import VirtualLine

BUFFER_SIZE = 4096
# Cadence of rings on an unpaced line, so a waiting host sees them one by one.
UNPACED_RING_GAP = 0.05
HIGH_WATER = 3072
LOW_WATER = 1024
NUMERIC = {
    "OK": "0",
    "CONNECT": "1",
    "RING": "2",
    "NO CARRIER": "3",
    "ERROR": "4",
    "NO DIALTONE": "6",
    "BUSY": "7",
    "NO ANSWER": "8",
}


class Personality(Protocol):
    """A fax class the modem can take on."""

    fclass: str

    def execute(self, name: str, operator: str, argument: str) -> str | None:
        """Run one command; return the final result word, None if already reported,
        or "UNKNOWN" when the command is not this personality's."""

    def answer(self, call: Call | None) -> str | None: ...

    def dial(self, number: str) -> str | None: ...

    def reset(self) -> None: ...


PERSONALITIES: dict[str, Callable[[EmulatedModem], Personality]] = {}


def register_personality(fclass: str, factory: Callable[[EmulatedModem], Personality]) -> None:
    PERSONALITIES[fclass] = factory


def split_commands(body: str) -> list[tuple[str, str, str]]:
    """``E0V1+FCLASS=2;+FLI="0311"`` -> [(E,"",0), (V,"",1), (+FCLASS,"=",2), (+FLI,"=",'"0311"')]."""
    commands: list[tuple[str, str, str]] = []
    i, size = 0, len(body)
    while i < size:
        c = body[i]
        if c in " ;":
            i += 1
        elif c == "+":
            j = i + 1
            while j < size and (body[j].isalnum() or body[j] == "."):
                j += 1
            name = body[i:j].upper()
            operator, argument = "", ""
            if body.startswith("=?", j):
                operator, j = "=?", j + 2
            elif j < size and body[j] == "?":
                operator, j = "?", j + 1
            elif j < size and body[j] == "=":
                operator, j = "=", j + 1
                start, quoted = j, False
                while j < size and (quoted or body[j] != ";"):
                    quoted = quoted != (body[j] == '"')
                    j += 1
                argument = body[start:j]
            commands.append((name, operator, argument.strip()))
            i = j
        elif c.upper() == "D":
            commands.append(("D", "", body[i + 1 :].strip()))
            break
        elif c.upper() == "S":
            j = i + 1
            while j < size and body[j].isdigit():
                j += 1
            register = body[i + 1 : j]
            if body.startswith("=", j):
                k = j + 1
                while k < size and body[k].isdigit():
                    k += 1
                commands.append(("S" + register, "=", body[j + 1 : k]))
                i = k
            elif body.startswith("?", j):
                commands.append(("S" + register, "?", ""))
                i = j + 1
            else:
                commands.append(("S" + register, "", ""))
                i = j
        else:
            j = i + 1
            name = c.upper()
            if c == "&" and j < size:
                name = "&" + body[j].upper()
                j += 1
            start = j
            while j < size and body[j].isdigit():
                j += 1
            commands.append((name, "", body[start:j]))
            i = j
    return commands


class EmulatedModem:
    """One modem on a ``VirtualLine``, answering under ``number``."""

    def __init__(
        self,
        line: VirtualLine,
        number: str,
        *,
        manufacturer: str = "MoveDesk",
        model: str = "Emulated Fax Modem",
        revision: str = "1.0",
        classes: tuple[str, ...] = ("2", "2.0"),
        class2_receive_reversed: bool = False,
        capabilities: str | None = None,
    ) -> None:
        self.line = line
        self.number = number
        self.manufacturer = manufacturer
        self.model = model
        self.revision = revision
        self.classes = tuple(c for c in classes if c in PERSONALITIES)
        # Like many Rockwell-based Class 2 modems: received data comes MSB
        # first whatever +FBOR says.
        self.class2_receive_reversed = class2_receive_reversed
        self.default_capabilities = capabilities
        self._cond = threading.Condition()
        self._from_dte = bytearray()
        self._to_dte = bytearray()
        self._command_line = bytearray()
        self._closed = False
        self._dte_open = False
        self.software_flow = False
        self._xoff_sent = False
        self.incoming_call: Call | None = None
        self.call: Call | None = None
        self.rings = 0
        self._ring_due = 0.0
        self._auto_answer_now = False
        # Set while the host's ATA waits for a call (lets a test dial at the right moment).
        self.answer_waiting = threading.Event()
        self.personality: Personality | None = None
        self.transcript: list[str] = []
        self.reset()
        self._thread = threading.Thread(target=self._run, name=f"modem-{number}", daemon=True)

    # -- host side ---------------------------------------------------------
    def start(self) -> None:
        self._thread.start()

    def open_dte(self) -> None:
        with self._cond:
            if self._dte_open:
                raise OSError(f"modem {self.number} is already open")
            self._dte_open = True
            self._from_dte.clear()
            self._to_dte.clear()

    def close_dte(self) -> None:
        """The host let go of the port (DTR dropped): hang up and reset."""
        with self._cond:
            self._dte_open = False
            self._cond.notify_all()
        if self.call is not None:
            self.call.hang_up()

    def dte_write(self, data: bytes, timeout: float | None = None) -> int:
        """Take bytes from the host; blocks while the buffer is full (hardware flow control)."""
        written = 0
        with self._cond:
            while written < len(data):
                if not self._cond.wait_for(
                    lambda: len(self._from_dte) < BUFFER_SIZE or self._closed, timeout=timeout
                ):
                    break
                if self._closed:
                    break
                room = BUFFER_SIZE - len(self._from_dte)
                self._from_dte += data[written : written + room]
                written += min(room, len(data) - written)
                if self.software_flow and not self._xoff_sent and len(self._from_dte) > HIGH_WATER:
                    self._to_dte.append(XOFF)
                    self._xoff_sent = True
                self._cond.notify_all()
        return written

    def dte_read(self, size: int, timeout: float | None = None) -> bytes:
        with self._cond:
            self._cond.wait_for(lambda: self._to_dte or self._closed, timeout=timeout)
            data = bytes(self._to_dte[:size])
            del self._to_dte[:size]
            self._cond.notify_all()
            return data

    def dte_in_waiting(self) -> int:
        with self._cond:
            return len(self._to_dte)

    def dte_out_waiting(self) -> int:
        with self._cond:
            return len(self._from_dte)

    def wake(self) -> None:
        with self._cond:
            self._cond.notify_all()

    def close(self) -> None:
        with self._cond:
            self._closed = True
            self._cond.notify_all()
        if self.call is not None:
            self.call.hang_up()

    @property
    def closed(self) -> bool:
        return self._closed

    # -- what personalities use --------------------------------------------
    def emit(self, data: bytes) -> None:
        with self._cond:
            self._to_dte += data
            self._cond.notify_all()

    def info(self, text: str) -> None:
        self.transcript.append("< " + text)
        if len(self.transcript) > 4000:
            del self.transcript[:1000]
        self.emit(f"\r\n{text}\r\n".encode("latin-1", "replace"))

    def result(self, word: str) -> None:
        self.transcript.append("< " + word)
        if self.quiet:
            return
        if self.verbose:
            self.emit(f"\r\n{word}\r\n".encode())
        else:
            self.emit(f"{NUMERIC.get(word, '4')}\r".encode())

    def take_dte(self, size: int, timeout: float) -> bytes:
        """Raw bytes from the host in a data mode (b"" when none came in time)."""
        with self._cond:
            self._cond.wait_for(lambda: self._from_dte or self._closed, timeout=timeout)
            data = bytes(self._from_dte[:size])
            del self._from_dte[:size]
            if self._xoff_sent and len(self._from_dte) < LOW_WATER:
                self._to_dte.append(XON)
                self._xoff_sent = False
            self._cond.notify_all()
            return data

    def unread(self, data: bytes) -> None:
        """Put bytes that followed the end of a data stream back in front of the input."""
        if data:
            with self._cond:
                self._from_dte[:0] = data
                self._cond.notify_all()

    def release_flow(self) -> None:
        with self._cond:
            if self._xoff_sent:
                self._to_dte.append(XON)
                self._xoff_sent = False
                self._cond.notify_all()

    def wait_output_drained(self, timeout: float) -> bool:
        with self._cond:
            return self._cond.wait_for(lambda: not self._to_dte or self._closed, timeout=timeout)

    def incoming(self, call: Call) -> None:
        with self._cond:
            self.incoming_call = call
            self.rings = 0
            self._ring_due = 0.0
            self._cond.notify_all()

    def wait_incoming(self, timeout: float) -> Call | None:
        """Off hook waiting for a caller (ATA on a silent line), up to ``timeout`` seconds."""
        with self._cond:
            self.answer_waiting.set()
            try:
                self._cond.wait_for(lambda: self.incoming_call or self._closed, timeout=timeout)
            finally:
                self.answer_waiting.clear()
            call, self.incoming_call = self.incoming_call, None
            return call

    def dial_out(self, number: str, answer_timeout: float) -> Call | str:
        """Dial and wait for the answer: the answered call, or the result word.

        After a result word the modem holds no call again.
        """
        clock = self.line.clock
        clock.pause(DIAL_SECONDS)
        outcome = self.line.place_call(self, number)
        if isinstance(outcome, str):
            if outcome == "NO ANSWER":
                clock.pause(RING_CYCLE_SECONDS * MAX_RINGS)
            return outcome
        self.call = outcome
        state = outcome.wait_answer(answer_timeout + RING_CYCLE_SECONDS * MAX_RINGS)
        if state != "answered":
            outcome.hang_up()
            self.call = None
            return "NO ANSWER" if state in ("given_up", None) else "NO CARRIER"
        return outcome

    @property
    def busy(self) -> bool:
        return self.call is not None or self.incoming_call is not None

    # -- the command interpreter --------------------------------------------
    def reset(self) -> None:
        self.echo = True
        self.verbose = True
        self.quiet = False
        self.registers = {0: 0, 7: 60}
        self.fclass = "0"
        self.personality = None
        self.interface = ParameterStore("0")

    def _run(self) -> None:
        while not self._closed:
            line = self._next_line()
            if line is None:
                continue
            try:
                self._execute_line(line)
            except Exception:  # a bug in the emulator must not kill the modem
                import logging

                logging.getLogger(__name__).exception("emulated modem failed on %r", line)
                self.result("ERROR")

    def _next_line(self) -> str | None:
        with self._cond:
            while not self._closed:
                self._ring_if_due()
                if self._auto_answer_now:
                    self._auto_answer_now = False
                    return "ATA"
                newline = self._from_dte.find(b"\r")
                if newline >= 0:
                    raw = bytes(self._from_dte[: newline + 1])
                    del self._from_dte[: newline + 1]
                    self._cond.notify_all()
                    if self.echo:
                        self._to_dte += raw
                    text = raw.decode("latin-1").replace("\n", "").strip("\r\x00 ")
                    text = "".join(c for c in text if 32 <= ord(c) < 127)
                    if text.upper().startswith("AT"):
                        return text
                    continue
                if len(self._from_dte) > 512:
                    self._from_dte.clear()
                self._cond.wait(timeout=self._ring_wait())
        return None

    def _ring_wait(self) -> float | None:
        if self.incoming_call is None:
            return None
        if self.line.clock.paced:
            clock = self.line.clock
            return max(0.0, (self._ring_due - clock.now()) / clock.speed)
        return max(0.0, self._ring_due - time.monotonic()) or UNPACED_RING_GAP

    def _ring_if_due(self) -> None:
        call = self.incoming_call
        if call is None:
            return
        if call.dropped.is_set() or call.given_up.is_set():
            self.incoming_call = None
            return
        if self.line.clock.paced:
            if self.line.clock.now() < self._ring_due:
                return
            self._ring_due = self.line.clock.now() + RING_CYCLE_SECONDS
            if self.rings >= MAX_RINGS:
                call.give_up()
                self.incoming_call = None
                return
        else:
            # Unpaced: ring again only once the host has read the last RING,
            # and never give up, so a busy host cannot miss a test call.
            if self._to_dte or time.monotonic() < self._ring_due:
                return
            self._ring_due = time.monotonic() + UNPACED_RING_GAP
        self.rings += 1
        self._to_dte += b"\r\nRING\r\n" if self.verbose else b"2\r"
        auto = self.registers.get(0, 0)
        if auto and self.rings >= auto and self.personality is not None:
            self._auto_answer_now = True

    def _execute_line(self, line: str) -> None:
        self.transcript.append("> " + line)
        body = line[2:]
        if not body.strip():
            self.result("OK")
            return
        final: str | None = "OK"
        for name, operator, argument in split_commands(body):
            final = self._execute(name, operator, argument)
            if final != "OK":
                break
        if final is not None:
            self.result(final)

    def _execute(self, name: str, operator: str, argument: str) -> str | None:
        if name.startswith("+F"):
            if name == "+FCLASS":
                return self._fclass(operator, argument)
            if self.personality is None:
                return "ERROR"
            answer = self.personality.execute(name, operator, argument)
            return "ERROR" if answer == "UNKNOWN" else answer
        if name.startswith("+G"):
            return self._identification(name, operator)
        if name.startswith("+I") and self.interface.ranges(name) is not None:
            if operator == "=?":
                self.info(self.interface.ranges(name) or "")
            elif operator == "?":
                self.info(self.interface.read(name))
            elif operator != "=" or not self.interface.write(name, argument):
                return "ERROR"
            return "OK"
        if name.startswith("+") or name.startswith("#"):
            return "ERROR"
        value = int(argument) if argument.isdigit() else 0
        if name == "E":
            self.echo = bool(value)
        elif name == "V":
            self.verbose = bool(value)
        elif name == "Q":
            self.quiet = bool(value)
        elif name in ("Z", "&F"):
            if self.call is not None:
                self.call.hang_up()
                self.call = None
            self.reset()
        elif name == "I":
            if value in (0, 3, 4):
                self.info(f"{self.manufacturer} {self.model} {self.revision}")
            elif value == 1:
                self.info("255")
        elif name == "H":
            if self.call is not None:
                self.call.hang_up()
                self.call = None
            if self.personality is not None:
                self.personality.reset()
        elif name == "A":
            if self.personality is None:
                return "NO CARRIER"
            return self.personality.answer(None)
        elif name == "D":
            if self.personality is None:
                return "NO CARRIER"
            return self.personality.dial(argument)
        elif name.startswith("S") and name[1:].isdigit():
            register = int(name[1:])
            if operator == "=" and argument.isdigit():
                self.registers[register] = min(255, int(argument))
            elif operator == "?":
                self.info(f"{self.registers.get(register, 0):03d}")
        elif name in ("L", "M", "X", "&C", "&D", "&K", "&Q", "&S", "&W", "O", "W", "T", "P"):
            pass
        else:
            return "ERROR"
        return "OK"

    def _identification(self, name: str, operator: str) -> str:
        """V.250 identification: +GMI, +GMM, +GMR answer text, their ``=?`` a bare OK."""
        answers = {
            "+GMI": self.manufacturer,
            "+GMM": self.model,
            "+GMR": self.revision,
            "+GSN": self.number,
            "+GCAP": GCAP,
        }
        if name not in answers or operator not in ("", "?", "=?"):
            return "ERROR"
        if operator != "=?":
            self.info(answers[name])
        return "OK"

    def _fclass(self, operator: str, argument: str) -> str:
        if operator == "=?":
            self.info(",".join(("0", *self.classes)))
        elif operator == "?":
            self.info(self.fclass)
        elif operator == "=":
            wanted = argument.strip()
            if wanted == "0":
                self.fclass, self.personality = "0", None
            elif wanted in self.classes:
                self.fclass = wanted
                self.personality = PERSONALITIES[wanted](self)
            else:
                return "ERROR"
        else:
            return "ERROR"
        return "OK"
