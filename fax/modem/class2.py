"""Class 2 (SP-2388) and Class 2.0 (T.32) fax driver: the modem runs T.30, we move pages.

One ``Class2Modem`` per open port. ``setup`` picks the class (2.0 before 2),
sets the local ID, capabilities, bit order and flow control; ``send`` dials
and sends pages; ``receive`` answers and collects pages. Both always end
with the modem back in command mode, whatever happened on the line.
"""

from __future__ import annotations

import logging
import re
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, field, replace

import numpy as np

from fax.codec import Resolution, encode, modem_profile
from fax.modem import hangup
from fax.modem.at import ATChannel, CommandFailed, ModemError, ModemIdentity, ModemTimeout, identify
from fax.modem.dialect import DIALECTS, PPM_CODES, PPR_CODES, PPR_NAMES, Dialect
from fax.modem.dle import DLE, END_OF_DATA, ETX, XON, DleDecoder, escape
from fax.modem.params import FaxParams, negotiate
from fax.modem.quality import check_page
from fax.modem.responses import unquote
from fax.modem.results import PageOutcome, ReceivedPage, ReceiveResult, SendResult

log = logging.getLogger(__name__)

PAGE_END_CHARACTER = {"MPS": b",", "EOM": b";", "EOP": b"."}
WRITE_CHUNK = 2048
TRAILING_FILL = bytes(4)


@dataclass(frozen=True)
class DriverConfig:
    """How to drive one modem. ``bit_order`` is what we ask with +FBO/+FBOR
    ("direct": page bytes LSB first, "reversed": MSB first);
    ``received_bit_order`` overrides it for received data, for modems that
    ignore the setting on reception."""

    local_id: str = ""
    fax_class: str = "auto"
    flow_control: str = "rtscts"
    bit_order: str = "direct"
    received_bit_order: str | None = None
    set_bit_order: bool = True
    capabilities: FaxParams = field(default_factory=lambda: FaxParams(df=3, ec=1))
    dial_prefix: str = "T"
    answer_after_rings: int = 2
    page_retries: int = 2
    command_timeout: float = 5.0
    dial_timeout: float = 120.0
    page_end_timeout: float = 90.0
    data_timeout: float = 30.0
    # After the last page a Class 2 modem may report the hang-up only once DCN is out.
    hangup_report_timeout: float = 10.0

    def __post_init__(self) -> None:
        if self.fax_class not in ("auto", "1", "1.0", "2", "2.0"):
            raise ValueError(f"fax_class must be auto, 1, 1.0, 2 or 2.0, not {self.fax_class!r}")
        if self.flow_control not in ("rtscts", "xonxoff"):
            raise ValueError("flow_control must be rtscts or xonxoff")
        for order in (self.bit_order, self.received_bit_order or "direct"):
            if order not in ("direct", "reversed"):
                raise ValueError("bit orders are direct or reversed")


def _hangup_from(lines: Sequence[str], dialect: Dialect) -> hangup.HangupReason | None:
    for line in lines:
        head, _, value = line.partition(":")
        if head.strip().upper() in ("+FHS", "+FHNG"):
            code = hangup.parse_code(value, hexadecimal=head.strip().upper() == "+FHS")
            if code is not None:
                return hangup.describe(code)
    return None


def capability_limits(text: str) -> tuple[int, ...] | None:
    """The highest value of each field of a ``+FCC=?`` / ``+FDCC=?`` answer."""
    groups = re.findall(r"\(([^)]*)\)", text.split(":", 1)[-1])
    if len(groups) < 8:
        return None
    limits = []
    for group in groups[:8]:
        numbers = [int(n, 16) for n in re.findall(r"[0-9A-Fa-f]+", group)]
        if not numbers:
            return None
        limits.append(max(numbers))
    return tuple(limits)


def _first_number(text: str | None) -> int | None:
    if not text:
        return None
    head = text.split(",")[0].strip()
    return int(head) if head.isdigit() else None


def fit_to_resolution(bitmap: np.ndarray, have: Resolution, want: Resolution) -> np.ndarray:
    """A page at the session's vertical resolution (fine pages lose every other row by OR)."""
    if have == want:
        return bitmap
    if have == "fine":
        rows = bitmap[: bitmap.shape[0] // 2 * 2]
        return (rows[0::2] | rows[1::2]).astype(bitmap.dtype)
    return np.repeat(bitmap, 2, axis=0)


class Class2Modem:
    def __init__(self, channel: ATChannel, config: DriverConfig | None = None) -> None:
        self.channel = channel
        self.config = config or DriverConfig()
        self.dialect: Dialect | None = None
        self.identity: ModemIdentity | None = None

    # -- set-up -----------------------------------------------------------
    def _cmd(self, command: str, **options) -> object:
        options.setdefault("timeout", self.config.command_timeout)
        return self.channel.command(command, **options)

    def setup(self) -> ModemIdentity:
        """Reset the modem to a known state and configure it for fax."""
        channel, config = self.channel, self.config
        channel.synchronise()
        for command in ("E0", "V1", "Q0"):
            self._cmd(command, expect=None)
        self.identity = identify(channel)
        if config.fax_class != "auto":
            chosen = config.fax_class
        else:
            chosen = next((c for c in ("2.0", "2") if c in self.identity.classes), None)
        if chosen is None or (self.identity.classes and chosen not in self.identity.classes):
            raise ModemError(
                f"モデムは Class 2/2.0 に対応していません（対応: {sorted(self.identity.classes)}）",
                f"the modem offers no Class 2 or 2.0 (it has {sorted(self.identity.classes)})",
            )
        dialect = DIALECTS[chosen]
        self._cmd(f"+FCLASS={dialect.fclass}")
        self.dialect = dialect
        local_id = config.local_id[:20].replace('"', "")
        self._cmd(f'{dialect.local_id}="{local_id}"')
        self._set_capabilities(dialect)
        if config.set_bit_order:
            self._cmd(f"{dialect.bit_order}={1 if config.bit_order == 'reversed' else 0}")
        if dialect.fclass == "2.0":
            self._cmd(f"+FLO={2 if config.flow_control == 'rtscts' else 1}", expect=None)
            self._cmd("+FNR=1,1,1,0", expect=None)
        self._cmd("+FCR=1", expect=None)
        self._cmd("+FAA=0", expect=None)
        return self.identity

    def _need_dialect(self) -> Dialect:
        if self.dialect is None:
            self.setup()
        assert self.dialect is not None
        return self.dialect

    def ensure_idle(self) -> None:
        """After a call: abort whatever is left, hang up, and check the modem answers AT."""
        dialect = self._need_dialect()
        try:
            self.channel.write(END_OF_DATA)
            self.channel.drain(0.2)
            self.channel.command(dialect.abort, timeout=10.0, expect=None)
            self.channel.command("H0", timeout=10.0, expect=None)
            self.channel.synchronise()
        except ModemError:
            log.warning("the modem did not return to command mode cleanly", exc_info=True)
            self.channel.synchronise()

    # -- sending ----------------------------------------------------------
    def send(
        self,
        number: str,
        pages: Sequence[np.ndarray],
        resolution: Resolution = "fine",
        *,
        on_page: Callable[[PageOutcome], None] | None = None,
        cancel: threading.Event | None = None,
        page_numbers: Sequence[int] | None = None,
    ) -> SendResult:
        """Dial ``number`` and send ``pages``; never raises for what happens on the line."""
        dialect = self._need_dialect()
        numbers = list(page_numbers or range(1, len(pages) + 1))
        outcomes = [PageOutcome(n) for n in numbers]
        started = time.monotonic()
        result = SendResult(outcomes, hangup.describe(hangup.MODEM_ERROR))
        clean_end = False
        try:
            wanted = self.config.capabilities.with_resolution(resolution)
            self._cmd(f"{dialect.session}={wanted.format()}", expect=None)
            dial = self.channel.command(
                f"D{self.config.dial_prefix}{number}", timeout=self.config.dial_timeout, expect=None
            )
            result.setup_seconds = time.monotonic() - started
            if dial.final != "OK" or _hangup_from(dial.lines, dialect):
                result.hangup = self._call_failure(dial.final, dial.lines, dialect)
                clean_end = True
                return result
            result.connected = True
            result.remote_id = unquote(dial.value(dialect.remote_called_id) or "")
            remote = FaxParams.parse(dial.value(dialect.session) or "", base=FaxParams(df=0))
            result.session = negotiate(wanted, remote)
            clean_end = self._send_pages(pages, resolution, outcomes, result, on_page, cancel)
        except ModemError as error:
            log.warning("fax send failed: %s", error)
            result.hangup = hangup.HangupReason(
                hangup.MODEM_ERROR, "modem", error.japanese, error.english
            )
        finally:
            result.total_seconds = time.monotonic() - started
            if not clean_end:
                self.ensure_idle()
        return result

    def _call_failure(
        self, final: str, lines: Sequence[str], dialect: Dialect
    ) -> hangup.HangupReason:
        reported = _hangup_from(lines, dialect)
        if reported and not reported.ok:
            return reported
        return hangup.describe(
            {
                "BUSY": hangup.BUSY,
                "NO ANSWER": hangup.NO_ANSWER,
                "NO DIALTONE": hangup.NO_DIALTONE,
                "NO CARRIER": hangup.NO_CARRIER,
            }.get(final, hangup.MODEM_ERROR)
        )

    def _send_pages(self, pages, resolution, outcomes, result, on_page, cancel) -> bool:
        dialect = self._need_dialect()
        encoded: dict[tuple[int, str], bytes] = {}
        index = 0
        while index < len(pages):
            if cancel is not None and cancel.is_set():
                result.hangup = hangup.describe(hangup.LOCAL_ABORT)
                return False
            outcome = outcomes[index]
            ppm = "EOP" if index == len(pages) - 1 else "MPS"
            start = self.channel.command("+FDT", timeout=self.config.page_end_timeout, expect=None)
            ended = _hangup_from(start.lines, dialect)
            if start.final != "CONNECT":
                result.hangup = ended or self._call_failure(start.final, start.lines, dialect)
                return ended is not None
            session = FaxParams.parse(
                start.value(dialect.session_report) or "", base=result.session or FaxParams()
            )
            result.session = session
            if dialect.xon_before_data:
                self._wait_for_xon()
            key = (index, session.format())
            if key not in encoded:
                bitmap = fit_to_resolution(np.asarray(pages[index]), resolution, session.resolution)
                options = modem_profile(
                    session.scheme,
                    session.resolution,
                    min_bits_per_line=session.min_bits_per_line(),
                    msb_first=self.config.bit_order == "reversed",
                )
                # Zero fill after RTC: receivers that decode with look-ahead
                # (efax among them) must see the last EOL before the data ends.
                encoded[key] = encode(bitmap, session.scheme, **options) + TRAILING_FILL
            data = encoded[key]
            outcome.attempts += 1
            outcome.data_bytes += len(data)
            self._write_page(data)
            end = self._end_page(ppm)
            status = _first_number(end.value(dialect.page_status))
            ended = _hangup_from(end.lines, dialect)
            outcome.verdict = PPR_NAMES.get(status or 0, "")
            if on_page:
                on_page(outcome)
            if ended is not None:
                result.hangup = ended
                if ended.ok and outcome.confirmed and index == len(pages) - 1:
                    return True
                if ended.ok:  # the far end hung up early but "normally"
                    result.hangup = hangup.describe(hangup.NO_CARRIER)
                return True
            if end.final not in ("OK",):
                result.hangup = self._call_failure(end.final, end.lines, dialect)
                return False
            if outcome.verdict in ("PIN", "PIP"):
                result.hangup = hangup.describe(58)
                return False
            if outcome.confirmed:
                index += 1
                continue
            if outcome.attempts > self.config.page_retries:
                result.hangup = hangup.describe(hangup.PAGE_REJECTED)
                return False
        # The last page was confirmed: a Class 2 modem reports the hang-up after the
        # OK of +FET=2, once DCN is out.
        late = self._late_hangup(dialect)
        result.hangup = late or hangup.describe(0)
        return late is not None

    def _set_capabilities(self, dialect: Dialect) -> None:
        """Our capabilities, cut down to the modem's ranges if it refuses them as they are
        (a Class 2 modem has no MMR or ECM)."""
        wanted = self.config.capabilities
        if self._cmd(f"{dialect.capabilities}={wanted.format()}", expect=None).ok:
            return
        ranges = self._cmd(f"{dialect.capabilities}=?", expect=None)
        limits = capability_limits(" ".join(ranges.lines)) if ranges.ok else None
        if limits is None:
            log.info("the modem refused our capabilities and gave no ranges; keeping its own")
            return
        fitted = FaxParams(
            *(min(a, b) for a, b in zip(astuple(wanted), limits, strict=False)),
        )
        self.config = replace(self.config, capabilities=fitted)
        self._cmd(f"{dialect.capabilities}={fitted.format()}", expect=None)

    def _late_hangup(self, dialect: Dialect) -> hangup.HangupReason | None:
        """A +FHNG / +FHS line that comes on its own after the last page, if one comes."""
        deadline = time.monotonic() + self.config.hangup_report_timeout
        while (remaining := deadline - time.monotonic()) > 0:
            line = self.channel.read_line(remaining)
            if line is None:
                return None
            ended = _hangup_from([line], dialect)
            if ended is not None:
                return ended
        return None

    def _wait_for_xon(self, timeout: float = 3.0) -> None:
        deadline = time.monotonic() + timeout
        buffered = self.channel.take_buffered()
        if XON in buffered:
            return
        while time.monotonic() < deadline:
            chunk = self.channel.read_bytes(64, deadline - time.monotonic())
            if XON in chunk:
                return
        log.info("no XON after +FDT CONNECT; sending anyway")

    def _write_page(self, data: bytes) -> None:
        port = self.channel.port
        software = self.config.flow_control == "xonxoff"
        if software:
            port.xonxoff = True
        try:
            escaped = escape(data)
            for offset in range(0, len(escaped), WRITE_CHUNK):
                self.channel.write(escaped[offset : offset + WRITE_CHUNK])
        finally:
            if software:
                port.xonxoff = False

    def _end_page(self, ppm: str):
        dialect = self._need_dialect()
        timeout = self.config.page_end_timeout
        if dialect.page_end_in_data:
            self.channel.write(bytes([DLE]) + PAGE_END_CHARACTER[ppm])
            return self.channel.wait_final("page end", timeout=timeout)
        self.channel.write(END_OF_DATA)
        done = self.channel.wait_final("page end", timeout=timeout)
        if done.final != "OK":
            return done
        return self.channel.command(f"+FET={PPM_CODES[ppm]}", timeout=timeout, expect=None)

    # -- receiving --------------------------------------------------------
    def wait_for_call(self, timeout: float, rings: int | None = None) -> bool:
        """True once the line has rung ``rings`` times (default: the configured count)."""
        wanted = self.config.answer_after_rings if rings is None else rings
        return self.channel.wait_for_rings(wanted, timeout)

    def receive(self, *, max_pages: int = 500) -> ReceiveResult:
        """Answer now (after ``wait_for_call``) and receive every page of the call."""
        dialect = self._need_dialect()
        result = ReceiveResult([], hangup.describe(hangup.MODEM_ERROR))
        clean_end = False
        try:
            answer = self.channel.command("A", timeout=self.config.dial_timeout, expect=None)
            if answer.final != "OK" or _hangup_from(answer.lines, dialect):
                result.hangup = self._call_failure(answer.final, answer.lines, dialect)
                clean_end = True
                return result
            result.remote_id = unquote(answer.value(dialect.remote_calling_id) or "")
            result.session = FaxParams.parse(answer.value(dialect.session_report) or "")
            clean_end = self._receive_pages(result, max_pages)
        except ModemError as error:
            log.warning("fax receive failed: %s", error)
            result.errors.append(str(error))
            result.hangup = hangup.HangupReason(
                hangup.MODEM_ERROR, "modem", error.japanese, error.english
            )
        finally:
            self.channel.rings = 0
            if not clean_end:
                self.ensure_idle()
        return result

    def _receive_pages(self, result: ReceiveResult, max_pages: int) -> bool:
        dialect = self._need_dialect()
        reversed_order = (self.config.received_bit_order or self.config.bit_order) == "reversed"
        for _ in range(max_pages * 3):
            if len(result.pages) >= max_pages:
                break
            start = self.channel.command("+FDR", timeout=self.config.page_end_timeout, expect=None)
            ended = _hangup_from(start.lines, dialect)
            if start.final != "CONNECT":
                result.hangup = ended or self._call_failure(start.final, start.lines, dialect)
                return ended is not None
            result.session = FaxParams.parse(
                start.value(dialect.session_report) or "", base=result.session or FaxParams()
            )
            session = result.session
            self.channel.write(bytes([dialect.receive_trigger]))
            data, finished = self._read_page_data()
            if not finished:
                result.errors.append("page data stopped without <DLE><ETX>")
                self._keep(result, data, session, reversed_order, truncated=True)
                result.hangup = hangup.describe(hangup.DATA_TIMEOUT)
                return False
            after = self.channel.wait_final("page data", timeout=self.config.page_end_timeout)
            ended = _hangup_from(after.lines, dialect)
            ppm_number = _first_number(after.value("+FET"))
            quality = self._keep(result, data, session, reversed_order, truncated=ended is not None)
            if ended is not None:
                result.hangup = ended if not ended.ok else hangup.describe(hangup.NO_CARRIER)
                return True
            verdict_code = PPR_CODES[quality]
            self._cmd(f"{dialect.page_status}={verdict_code}", expect=None)
            if ppm_number == PPM_CODES["EOP"] and quality != "RTN":
                result.ended_with_eop = True
        result.errors.append(f"more than {max_pages} pages in one call: the rest was refused")
        return False

    def _read_page_data(self) -> tuple[bytes, bool]:
        decoder = DleDecoder(terminators=bytes([ETX]))
        page = bytearray()
        leftover = self.channel.take_buffered()
        chunk = leftover
        while True:
            if chunk:
                data, terminator, rest = decoder.feed(chunk)
                page += data
                if terminator is not None:
                    self.channel.push_back(rest)
                    return bytes(page), True
            chunk = self.channel.read_bytes(8192, self.config.data_timeout)
            if not chunk:
                return bytes(page), False

    def _keep(self, result, data, session, reversed_order, *, truncated: bool) -> str:
        """Judge a received page; keep it unless it is to be asked again. Returns the verdict."""
        quality = check_page(data, session.width, session.scheme, msb_first=reversed_order)
        page = quality.result
        if truncated and page is not None and quality.lines:
            verdict = "incomplete"  # the call ended inside the page: keep what came
        elif quality.acceptable and page is not None:
            verdict = quality.verdict
        else:
            result.keep_failed(
                data, session.scheme, session.width, session.resolution, msb_first=reversed_order
            )
            return "RTN"
        result.keep_page(
            ReceivedPage(
                page.bitmap,
                session.resolution,
                page.good_lines,
                page.bad_lines,
                quality.max_burst,
                verdict,
            )
        )
        return quality.verdict if verdict != "incomplete" else "RTN"


def open_modem(port: str, config: DriverConfig | None = None, **port_options) -> Class2Modem:
    """Open ``port`` and set the modem up for fax."""
    from fax.modem.at import open_port

    config = config or DriverConfig()
    serial_port = open_port(port, rtscts=config.flow_control == "rtscts", **port_options)
    modem = Class2Modem(ATChannel(serial_port, timeout=config.command_timeout), config)
    try:
        modem.setup()
    except (ModemError, CommandFailed, ModemTimeout):
        modem.channel.close()
        raise
    return modem
