"""Class 1 / 1.0 fax driver (EIA-578, ITU-T T.31): T.30 runs here, the modem only modulates.

``Class1Modem`` has the same surface as ``Class2Modem`` (``setup``,
``send``, ``wait_for_call``, ``receive``, ``ensure_idle``) and returns the
same result types, extended with the measured response turnarounds.

The modem link (this module): V.21 HDLC frames with ``+FTH=3``/``+FRH=3``
(the modem adds and checks the FCS), high-speed carriers with
``+FTM``/``+FRM``, silences with ``+FTS``/``+FRS``. The T.30 procedure for
sending is in ``fax.modem.class1_send``, for receiving in
``fax.modem.class1_receive``, error correction in ``fax.modem.ecm``.

Timing: after a frame or a carrier ends, the next command goes out at once.
Anything slow (encoding, decoding) runs on a worker thread beforehand or
meanwhile, and every reception-to-command gap is measured.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from fax.modem import hangup
from fax.modem.at import ATChannel, CommandFailed, ModemError, ModemIdentity, ModemTimeout, identify
from fax.modem.class2 import DriverConfig
from fax.modem.dle import CAN, DLE, END_OF_DATA, ETX, DleDecoder, escape
from fax.modem.hdlc import strip_fcs
from fax.modem.results import ReceiveResult, SendResult
from fax.modem.t30 import BY_CODE, MODULATIONS, Frame, Modulation

log = logging.getLogger(__name__)

CLASS1_CLASSES = ("1.0", "1")
FINAL_WORDS = {"OK", "CONNECT", "ERROR", "NO CARRIER", "BUSY", "NO ANSWER", "NO DIALTONE"}
LF_WAIT = 0.2
WRITE_CHUNK = 1024


@dataclass(frozen=True)
class Class1Timing:
    """T.30 timers and the modem-side waits (seconds)."""

    t1: float = 35.0
    t2: float = 6.0
    t4: float = 3.0
    retries: int = 3
    frame_data: float = 10.0  # one V.21 frame after CONNECT
    data_gap: float = 10.0  # silence inside phase-C data before giving up
    tcf_seconds: float = 1.5
    tcf_good_seconds: float = 1.0  # longest zero run a good TCF must hold
    pause_before_data: int = 8  # +FTS, in 10 ms units (T.30: 75 ms ± 20)
    ecm_ppr_limit: int = 4


@dataclass
class Turnarounds:
    """Gaps between the end of something received and our next command to the modem."""

    count: int = 0
    worst: float = 0.0
    total: float = 0.0
    worst_after: str = ""

    def add(self, seconds: float, after: str) -> None:
        self.count += 1
        self.total += seconds
        if seconds > self.worst:
            self.worst, self.worst_after = seconds, after

    @property
    def mean(self) -> float:
        return self.total / self.count if self.count else 0.0


@dataclass
class Class1SendResult(SendResult):
    turnarounds: Turnarounds = field(default_factory=Turnarounds)
    trainings: list[str] = field(default_factory=list)
    modulation: str = ""
    phase_c_seconds: float = 0.0

    @property
    def worst_turnaround(self) -> float:
        return self.turnarounds.worst


@dataclass
class Class1ReceiveResult(ReceiveResult):
    turnarounds: Turnarounds = field(default_factory=Turnarounds)
    trainings: list[str] = field(default_factory=list)
    modulation: str = ""

    @property
    def worst_turnaround(self) -> float:
        return self.turnarounds.worst


class CallEnded(Exception):
    """The call cannot go on; ``reason`` says why (raised inside the T.30 procedures)."""

    def __init__(self, code: int, *, send_dcn: bool = True, detail: str = "") -> None:
        self.reason = hangup.describe(code)
        if detail:
            self.reason = hangup.HangupReason(
                self.reason.code,
                self.reason.category,
                self.reason.japanese,
                f"{self.reason.english} ({detail})",
            )
        self.send_dcn = send_dcn
        super().__init__(self.reason.message())


class Class1Modem:
    def __init__(
        self,
        channel: ATChannel,
        config: DriverConfig | None = None,
        *,
        fax_class: str = "auto",
        timing: Class1Timing | None = None,
    ) -> None:
        self.channel = channel
        self.config = config or DriverConfig()
        self.timing = timing or Class1Timing()
        self.requested_class = fax_class
        self.fclass: str | None = None
        self.identity: ModemIdentity | None = None
        self.transmit_codes: set[int] = {m.long_code for m in MODULATIONS}
        self.receive_codes: set[int] = set(self.transmit_codes)
        self.turnarounds = Turnarounds()
        self._received_at: float | None = None
        self._received_what = ""
        self._leftover = b""
        self.last_data_bytes = 0
        self.on_frame: Callable[[str, Frame], None] | None = None

    # -- set-up -----------------------------------------------------------
    def _cmd(self, command: str, **options) -> object:
        options.setdefault("timeout", self.config.command_timeout)
        return self.channel.command(command, **options)

    def setup(self) -> ModemIdentity:
        channel = self.channel
        channel.synchronise()
        for command in ("E0", "V1", "Q0"):
            self._cmd(command, expect=None)
        self.identity = identify(channel)
        offered = self.identity.classes
        if self.requested_class not in ("auto", ""):
            chosen = self.requested_class
        else:
            chosen = next((c for c in CLASS1_CLASSES if c in offered), None)
        if chosen is None or (offered and chosen not in offered):
            raise ModemError(
                f"モデムは Class 1 に対応していません（対応: {sorted(offered)}）",
                f"the modem offers no Class 1 (it has {sorted(offered)})",
            )
        self._cmd(f"+FCLASS={chosen}")
        self.fclass = chosen
        self.transmit_codes = self._codes("+FTM=?") or self.transmit_codes
        self.receive_codes = self._codes("+FRM=?") or self.receive_codes
        if chosen == "1.0":
            self._cmd(f"+FLO={2 if self.config.flow_control == 'rtscts' else 1}", expect=None)
        return self.identity

    def _codes(self, query: str) -> set[int]:
        try:
            result = self.channel.command(query, expect=None, timeout=3.0)
        except ModemTimeout:
            return set()
        text = " ".join(result.lines).split(":")[-1]
        codes = set()
        for part in text.replace("(", ",").replace(")", ",").split(","):
            part = part.strip()
            if "-" in part:
                low, _, high = part.partition("-")
                if low.isdigit() and high.isdigit():
                    codes.update(range(int(low), int(high) + 1))
            elif part.isdigit():
                codes.add(int(part))
        return {c for c in codes if c in BY_CODE}

    def usable_modulations(self, *, transmit: bool) -> list[Modulation]:
        codes = self.transmit_codes if transmit else self.receive_codes
        return [m for m in MODULATIONS if m.long_code in codes and m.short_code in codes]

    def _need_setup(self) -> None:
        if self.fclass is None:
            self.setup()

    # -- timing -------------------------------------------------------------
    def _received(self, what: str) -> None:
        self._received_at = time.monotonic()
        self._received_what = what

    def _send_command(self, command: str) -> None:
        if self._received_at is not None:
            self.turnarounds.add(time.monotonic() - self._received_at, self._received_what)
            self._received_at = None
        self.channel.send_command(command)

    def _wait(self, timeout: float, what: str) -> str | None:
        """The next final result word, or None when ``timeout`` passes first.

        Bytes are read raw, not through the channel's line splitter: in
        Class 1 the modem sends data straight after CONNECT, and those
        octets must reach ``_read_data`` untouched.
        """
        channel = self.channel
        buffer = bytearray(self._leftover + channel.take_buffered())
        self._leftover = b""
        deadline = time.monotonic() + timeout
        while True:
            while True:
                ends = [i for i in (buffer.find(b"\r"), buffer.find(b"\n")) if i >= 0]
                if not ends:
                    break
                end = min(ends)
                text = bytes(buffer[:end]).decode("latin-1", "replace").strip().upper()
                cut = end + 1
                if buffer[end] == 0x0D:
                    if cut == len(buffer) and text == "CONNECT":
                        buffer += channel.read_bytes(1, LF_WAIT)
                    if cut < len(buffer) and buffer[cut] == 0x0A:
                        cut += 1
                del buffer[:cut]
                if not text:
                    continue
                if text == "RING":
                    channel.rings += 1
                    continue
                if text in FINAL_WORDS or "FCERROR" in text:
                    log.debug("%s: %s", what, text)
                    self._leftover = bytes(buffer)
                    return text
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                self._leftover = bytes(buffer)
                return None
            buffer += channel.read_bytes(4096, min(remaining, 0.5))

    def _abort_reception(self) -> None:
        """Stop a +FRH/+FRM that found nothing: any character ends it (T.31), then OK."""
        self.channel.write(bytes([CAN]))
        for _ in range(4):
            word = self._wait(1.0, "abort")
            if word is None or word in ("OK", "ERROR", "NO CARRIER"):
                break
            if word == "CONNECT":  # a carrier came just now: let it run out
                self._read_data(self.timing.frame_data)
        self.channel.drain(0.05)
        self._leftover = b""

    # -- data streams ---------------------------------------------------------
    def _read_data(
        self, gap: float, on_chunk: Callable[[bytes], None] | None = None
    ) -> tuple[bytes, bool]:
        """DLE-framed data up to <DLE><ETX>: (data, ended properly)."""
        decoder = DleDecoder(terminators=bytes([ETX]))
        collected = bytearray()
        chunk = self._leftover + self.channel.take_buffered()
        self._leftover = b""
        while True:
            if chunk:
                data, terminator, rest = decoder.feed(chunk)
                if data:
                    collected += data
                    if on_chunk is not None:
                        on_chunk(data)
                if terminator is not None:
                    self._leftover = rest
                    return bytes(collected), True
            chunk = self.channel.read_bytes(8192, gap)
            if not chunk:
                return bytes(collected), False

    def _write_data(self, data: bytes) -> None:
        escaped = escape(data)
        for offset in range(0, len(escaped), WRITE_CHUNK):
            self.channel.write(escaped[offset : offset + WRITE_CHUNK])
        self.channel.write(END_OF_DATA)

    # -- V.21 frames ------------------------------------------------------------
    def send_frames(self, frames: Sequence[Frame], *, connected: bool = False) -> bool:
        """Send frames in one V.21 transmission; False if the modem refused."""
        if not connected:
            self._send_command("+FTH=3")
            if self._wait(self.config.command_timeout, "+FTH=3") != "CONNECT":
                return False
        for index, item in enumerate(frames):
            final = index == len(frames) - 1
            outgoing = Frame(item.fcf, item.fif, final)
            if self.on_frame:
                self.on_frame(">", outgoing)
            log.debug("T.30 > %s %s", outgoing.name, outgoing.fif.hex())
            self.channel.write(escape(outgoing.encode()) + bytes([DLE, ETX]))
            seconds = 1.5 + (len(outgoing.fif) + 5) * 8 / 300
            word = self._wait(seconds + self.config.command_timeout, "HDLC frame")
            if word != ("OK" if final else "CONNECT"):
                log.info("the modem answered %s to a frame", word)
                return False
        return True

    def receive_frames(self, timeout: float, *, connected: bool = False) -> list[Frame] | str:
        """The frames of one V.21 transmission, or why none came.

        Returns a list (possibly holding frames with bad FCS), or one of
        "timeout", "no carrier", "fcerror", "error".
        """
        frames: list[Frame] = []
        deadline = time.monotonic() + timeout
        while True:
            if not connected:
                self._send_command("+FRH=3")
                word = self._wait(max(0.05, deadline - time.monotonic()), "+FRH=3")
                if word is None:
                    if frames:
                        return frames
                    self._abort_reception()
                    return "timeout"
                if word != "CONNECT":
                    if frames:
                        return frames
                    if "FCERROR" in word:
                        return "fcerror"
                    return "no carrier" if word == "NO CARRIER" else "error"
            connected = False
            data, finished = self._read_data(self.timing.frame_data)
            word = self._wait(self.timing.frame_data, "frame end") if finished else None
            parsed = Frame.parse(strip_fcs(data), word == "OK")
            if parsed is not None:
                frames.append(parsed)
                if self.on_frame:
                    self.on_frame("<" if parsed.good else "<!", parsed)
                log.debug("T.30 < %s %s good=%s", parsed.name, parsed.fif.hex(), parsed.good)
            if word not in ("OK", "ERROR") or parsed is None or parsed.final:
                self._received(parsed.name if parsed else "frame")
                if word is None:
                    self._abort_reception()
                return frames if frames else "error"

    # -- high-speed carriers ------------------------------------------------------
    def pause(self, tens_of_ms: int) -> None:
        self._send_command(f"+FTS={tens_of_ms}")
        self._wait(self.config.command_timeout, "+FTS")

    def transmit_data(
        self, code: int, data: bytes | Callable[[], bytes], *, pause_first: bool = True
    ) -> bool:
        """Send ``data`` on a high-speed carrier; True once the modem reports OK.

        ``data`` may be a callable (a page still being encoded): it is asked
        only after CONNECT, so the modem trains meanwhile.
        """
        if pause_first:
            self.pause(self.timing.pause_before_data)
        self._send_command(f"+FTM={code}")
        if self._wait(self.config.command_timeout, "+FTM") != "CONNECT":
            return False
        if callable(data):
            data = data()
        self.last_data_bytes = len(data)
        self._write_data(data)
        rate = BY_CODE[code].bit_rate
        return self._wait(len(data) * 8 / rate + 30.0, "+FTM data") == "OK"

    def receive_data(
        self, code: int, timeout: float, on_chunk: Callable[[bytes], None] | None = None
    ) -> tuple[str, bytes]:
        """Receive one high-speed carrier: (status, data).

        status: "ok" (carrier ended), "cut" (data stopped without an end),
        "timeout", "fcerror" (V.21 came instead), "error".
        """
        self._send_command(f"+FRM={code}")
        word = self._wait(timeout, "+FRM")
        if word is None:
            self._abort_reception()
            return "timeout", b""
        if word != "CONNECT":
            return ("fcerror" if "FCERROR" in word else "error"), b""
        data, finished = self._read_data(self.timing.data_gap, on_chunk)
        if not finished:
            self._received("carrier cut")
            self._abort_reception()
            return "cut", data
        self._wait(self.config.command_timeout, "+FRM end")
        self._received("carrier end")
        return "ok", data

    # -- ending -------------------------------------------------------------------
    def hang_up(self) -> None:
        try:
            self.channel.command("H0", timeout=10.0, expect=None)
        except ModemError:
            log.info("ATH0 got no answer", exc_info=True)

    def ensure_idle(self) -> None:
        """After a call: leave any data mode, hang up, and check the modem answers AT."""
        self._leftover = b""
        try:
            self.channel.write(END_OF_DATA)
            self.channel.drain(0.2)
            self.channel.command("H0", timeout=10.0, expect=None)
            self.channel.synchronise()
        except ModemError:
            log.warning("the modem did not return to command mode cleanly", exc_info=True)
            self.channel.synchronise()

    # -- the two directions --------------------------------------------------------
    def send(self, number: str, pages, resolution="fine", **options) -> Class1SendResult:
        """Dial ``number`` and send ``pages``; never raises for what happens on the line."""
        from fax.modem.class1_send import send_call

        self._need_setup()
        return send_call(self, number, pages, resolution, **options)

    def wait_for_call(self, timeout: float, rings: int | None = None) -> bool:
        """True once the line has rung ``rings`` times (default: the configured count)."""
        wanted = self.config.answer_after_rings if rings is None else rings
        return self.channel.wait_for_rings(wanted, timeout)

    def receive(self, *, max_pages: int = 500) -> Class1ReceiveResult:
        """Answer now (after ``wait_for_call``) and receive every page of the call."""
        from fax.modem.class1_receive import receive_call

        self._need_setup()
        return receive_call(self, max_pages)


def open_class1(
    port: str,
    config: DriverConfig | None = None,
    *,
    fax_class: str = "auto",
    timing: Class1Timing | None = None,
    **port_options,
) -> Class1Modem:
    """Open ``port`` and set the modem up for Class 1 (or 1.0)."""
    from fax.modem.at import open_port

    config = config or DriverConfig()
    serial_port = open_port(port, rtscts=config.flow_control == "rtscts", **port_options)
    modem = Class1Modem(
        ATChannel(serial_port, timeout=config.command_timeout),
        config,
        fax_class=fax_class,
        timing=timing,
    )
    try:
        modem.setup()
    except (ModemError, CommandFailed, ModemTimeout):
        modem.channel.close()
        raise
    return modem
