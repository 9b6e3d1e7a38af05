"""The AT command layer over pyserial: commands, responses, identification, health.

Any pyserial URL works: a COM port name, a pseudo-terminal path, or
``movedesk-modem://line/NUMBER`` for the emulator. Every wait is bounded;
a modem that echoes, chatters (RING), answers something unexpected, sends
garbage or stays silent ends in a clear ``ModemError``, never a hang.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import serial

from fax.modem.responses import Kind, LineSplitter, Response, classify, parse_fclass_list, unquote

log = logging.getLogger(__name__)

DEFAULT_TIMEOUT = 5.0
# Longest single blocking read; longer waits loop until their own deadline.
READ_SLICE = 0.05
# How long to look for the LF that completes a "CONNECT<CR>" line.
CONNECT_LF_WAIT = 0.5
EMULATOR_SCHEME = "movedesk-modem://"


class ModemError(Exception):
    """A modem problem with a message in Japanese and English."""

    def __init__(self, japanese: str, english: str, *, responses: Iterable[str] = ()) -> None:
        super().__init__(f"{japanese} / {english}")
        self.japanese = japanese
        self.english = english
        self.responses = list(responses)


class ModemTimeout(ModemError):
    """No final result code arrived in time."""


class CommandFailed(ModemError):
    """The modem answered a command with something other than what was expected."""

    def __init__(self, command: str, result: CommandResult) -> None:
        super().__init__(
            f"モデムがコマンド AT{command} に {result.final or '無応答'} を返しました",
            f"the modem answered AT{command} with {result.final or 'nothing'}",
            responses=result.lines,
        )
        self.command = command
        self.result = result


@dataclass
class CommandResult:
    """What the modem said after a command: information lines and the final result."""

    final: str
    lines: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.final == "OK"

    def value(self, *prefixes: str) -> str | None:
        """The value of the last information line starting with one of ``prefixes``."""
        found = None
        for line in self.lines:
            response = Response(Kind.INFO, line)
            for prefix in prefixes:
                value = response.value_of(prefix)
                if value is not None:
                    found = value
        return found

    def has(self, *prefixes: str) -> bool:
        return any(
            line.upper().split(":")[0].strip() in {p.upper() for p in prefixes}
            for line in self.lines
        )


class Clock:
    """Monotonic time; tests may replace it."""

    def now(self) -> float:
        return time.monotonic()


def _ensure_emulator_registered(url: str) -> None:
    if url.lower().startswith(EMULATOR_SCHEME):
        import fax.emulator  # noqa: F401  (registers the URL handler)


def open_port(
    url: str,
    *,
    baudrate: int = 115200,
    rtscts: bool = True,
    xonxoff: bool = False,
    timeout: float = READ_SLICE,
) -> serial.SerialBase:
    """Open a serial port by name or URL; a clear bilingual error if that fails."""
    _ensure_emulator_registered(url)
    try:
        return serial.serial_for_url(
            url,
            baudrate=baudrate,
            rtscts=rtscts,
            xonxoff=xonxoff,
            timeout=timeout,
            write_timeout=30.0,
            # A device (not a URL) is locked for this program alone, as Windows
            # does by itself: two programs on one modem ruin both calls.
            exclusive=True if "://" not in url else None,
        )
    except (serial.SerialException, ValueError, OSError) as error:
        raise ModemError(
            f"ポート {url} を開けません: {error}", f"cannot open port {url}: {error}"
        ) from error


class ATChannel:
    """Commands and responses on one open port.

    Unsolicited lines (RING, caller ID) seen while waiting are kept in
    ``unsolicited`` and counted in ``rings``; they never end a command.
    """

    def __init__(
        self,
        port: serial.SerialBase,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        clock: Clock | None = None,
        on_line: Callable[[str, str], None] | None = None,
    ) -> None:
        self.port = port
        self.timeout = timeout
        self.clock = clock or Clock()
        self.splitter = LineSplitter()
        self._lines: list[str] = []
        self._raw = b""
        self.unsolicited: list[str] = []
        self.rings = 0
        self.on_line = on_line
        self.transcript: list[tuple[str, str]] = []

    # -- raw I/O ----------------------------------------------------------
    def _note(self, direction: str, text: str) -> None:
        if len(self.transcript) < 2000:
            self.transcript.append((direction, text))
        log.debug("%s %s", direction, text)
        if self.on_line:
            self.on_line(direction, text)

    def write(self, data: bytes) -> None:
        try:
            self.port.write(data)
        except serial.SerialTimeoutException as error:
            raise ModemTimeout(
                "モデムがデータを受け付けません（フロー制御で停止）",
                "the modem does not take data (held by flow control)",
            ) from error
        except (serial.SerialException, OSError) as error:
            raise ModemError(
                f"モデムへの書き込みに失敗しました: {error}",
                f"writing to the modem failed: {error}",
            ) from error

    def read_bytes(self, limit: int, timeout: float) -> bytes:
        """Up to ``limit`` bytes that arrive within ``timeout`` seconds (maybe none)."""
        deadline = self.clock.now() + max(0.0, timeout)
        try:
            if self.port.timeout != READ_SLICE:
                # Changing the timeout reconfigures a real port: do it once.
                self.port.timeout = READ_SLICE
            while True:
                waiting = self.port.in_waiting
                data = self.port.read(max(1, min(limit, waiting or 1)))
                if data or self.clock.now() >= deadline:
                    return data
        except (serial.SerialException, OSError) as error:
            raise ModemError(
                f"モデムからの読み取りに失敗しました: {error}",
                f"reading from the modem failed: {error}",
            ) from error

    def wait_for_rings(self, wanted: int, timeout: float) -> bool:
        """True once the line has rung ``wanted`` times within ``timeout`` seconds."""
        deadline = time.monotonic() + timeout
        last_ring = time.monotonic()
        while self.rings < wanted:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            line = self.read_line(min(remaining, 1.0))
            if line is None:
                # A caller who gave up: rings more than 15 s apart start a new count.
                if self.rings and time.monotonic() - last_ring > 15.0:
                    self.rings = 0
                continue
            if line.strip().upper() in ("RING", "2"):
                self.rings += 1
                last_ring = time.monotonic()
        return True

    def read_line(self, timeout: float) -> str | None:
        """The next non-empty response line, or None when ``timeout`` passes first."""
        deadline = self.clock.now() + timeout
        while not self._lines:
            remaining = deadline - self.clock.now()
            if remaining <= 0:
                return None
            chunk = self.read_bytes(256, remaining)
            if chunk:
                self._lines.extend(self.splitter.feed(chunk))
        line = self._lines.pop(0)
        self._note("<", line)
        return line

    def _finish_connect_line(self) -> None:
        """Read the LF after "CONNECT<CR>" now, so it is not taken for the first data byte."""
        if self._lines or self.splitter.last_byte != 0x0D:
            return
        extra = self.read_bytes(1, CONNECT_LF_WAIT)
        if extra and extra != b"\n":
            self._raw += extra

    def take_buffered(self) -> bytes:
        """Bytes already read but not yet split into lines (data that followed CONNECT)."""
        pending = self.splitter.take_pending()
        leftover = "".join(line + "\r\n" for line in self._lines).encode("latin-1")
        self._lines.clear()
        raw, self._raw = self._raw, b""
        return raw + leftover + pending

    def push_back(self, data: bytes) -> None:
        """Return bytes read past the end of a data stream to the response reader."""
        self._lines.extend(self.splitter.feed(data))

    def drain(self, quiet: float = 0.05) -> list[str]:
        """Read what the modem already sent; keep RINGs, return the rest."""
        seen = []
        while True:
            if not self._lines and quiet <= 0:
                try:
                    waiting = self.port.in_waiting
                except (serial.SerialException, OSError):
                    waiting = 0
                if not waiting:
                    return seen
                self._lines.extend(self.splitter.feed(self.port.read(waiting)))
                if not self._lines:
                    return seen
            line = self.read_line(quiet)
            if line is None:
                return seen
            response = classify(line)
            if response.kind is Kind.UNSOLICITED:
                self._unsolicited(response)
            else:
                seen.append(line)

    def _unsolicited(self, response: Response) -> None:
        self.unsolicited.append(response.text)
        if response.text == "RING":
            self.rings += 1

    # -- commands ---------------------------------------------------------
    def send_command(self, command: str) -> None:
        self._note(">", "AT" + command)
        self.write(b"AT" + command.encode("ascii", "replace") + b"\r")

    def command(
        self,
        command: str,
        *,
        timeout: float | None = None,
        expect: Iterable[str] | None = ("OK",),
        drain_first: bool = True,
    ) -> CommandResult:
        """Send ``AT<command>`` and collect lines up to a final result code.

        ``expect``: the final words that count as success (others raise
        ``CommandFailed``); None accepts any final word.
        """
        if drain_first:
            for stray in self.drain(0.0):
                log.info("unexpected modem output before AT%s: %r", command, stray)
        self.send_command(command)
        result = self.wait_final(command, timeout=timeout)
        if expect is not None and result.final not in set(expect):
            raise CommandFailed(command, result)
        return result

    def wait_final(
        self, command: str | None = None, *, timeout: float | None = None
    ) -> CommandResult:
        """Lines up to the next final result code; ModemTimeout when none comes."""
        wait = self.timeout if timeout is None else timeout
        deadline = self.clock.now() + wait
        lines: list[str] = []
        while True:
            remaining = deadline - self.clock.now()
            line = self.read_line(max(0.0, remaining)) if remaining > 0 else None
            if line is None:
                what = f"AT{command}" if command else "the modem"
                raise ModemTimeout(
                    f"{what} への応答が {wait:.0f} 秒以内にありません",
                    f"no answer to {what} within {wait:.0f} s",
                    responses=lines,
                )
            response = classify(line, command)
            if response.kind is Kind.ECHO:
                continue
            if response.kind is Kind.UNSOLICITED:
                self._unsolicited(response)
                continue
            if response.kind is Kind.FINAL:
                if response.word == "CONNECT":
                    self._finish_connect_line()
                return CommandResult(response.word, lines)
            lines.append(line)
            if len(lines) > 200:
                raise ModemError(
                    "モデムが終わりのない応答を返しています",
                    "the modem keeps talking without a final result code",
                    responses=lines[-20:],
                )

    def query(self, command: str, *, timeout: float | None = None) -> str | None:
        """The information text of a query (``+FMI?``) or None if the modem refuses it."""
        try:
            result = self.command(command, timeout=timeout, expect=None)
        except ModemTimeout:
            return None
        if not result.ok or not result.lines:
            return None
        text = " ".join(result.lines)
        head, separator, tail = text.partition(":")
        if separator and head.strip().upper().startswith("+"):
            text = tail
        return unquote(text)

    def synchronise(self, attempts: int = 3) -> None:
        """Bring the modem to command mode and answering ``AT`` with OK."""
        for attempt in range(attempts):
            try:
                self.command("", timeout=1.0 + attempt)
                return
            except ModemTimeout:
                # Perhaps stuck in a data mode: cancel and end any data stream.
                self.write(b"\x18\x10\x03")
            except CommandFailed:
                continue
        raise ModemTimeout(
            "モデムが応答しません。電源とケーブルを確認してください",
            "the modem does not respond: check its power and cable",
        )

    def close(self) -> None:
        try:
            self.port.close()
        except Exception:  # closing must not hide the error that led here
            log.debug("closing the port failed", exc_info=True)


@dataclass(frozen=True)
class ModemIdentity:
    manufacturer: str = ""
    model: str = ""
    revision: str = ""
    information: str = ""
    classes: frozenset[str] = frozenset()

    @property
    def best_class(self) -> str | None:
        """The fax class MoveDesk will use: 2.0, then 2 (the modem keeps T.30 timing), then 1.0, 1."""
        for name in ("2.0", "2", "1.0", "1"):
            if name in self.classes:
                return name
        return None

    def describe(self) -> str:
        name = " ".join(part for part in (self.manufacturer, self.model, self.revision) if part)
        return name or self.information or "unknown modem"


def identify(channel: ATChannel) -> ModemIdentity:
    """ATI, the fax class list and the +FMI/+FMM/+FMR identification."""
    information = ""
    try:
        result = channel.command("I", expect=None, timeout=3.0)
        information = " ".join(result.lines)
    except ModemTimeout:
        pass
    classes: frozenset[str] = frozenset()
    try:
        result = channel.command("+FCLASS=?", expect=None, timeout=3.0)
        if result.ok:
            text = " ".join(result.lines)
            classes = parse_fclass_list(text.split(":", 1)[-1])
    except ModemTimeout:
        pass
    values = _identification(channel)
    if not any(values) and classes & {"2", "2.0"}:
        # Many modems answer +FMI? only in a fax class: look there, then go back.
        fax_class = "2.0" if "2.0" in classes else "2"
        try:
            if channel.command(f"+FCLASS={fax_class}", expect=None, timeout=3.0).ok:
                values = _identification(channel)
                channel.command("+FCLASS=0", expect=None, timeout=3.0)
        except ModemTimeout:
            pass
    return ModemIdentity(values[0], values[1], values[2], information, classes)


def _identification(channel: ATChannel) -> list[str]:
    values = []
    for modern, older in (("+FMI?", "+FMFR?"), ("+FMM?", "+FMDL?"), ("+FMR?", "+FREV?")):
        values.append(channel.query(modern, timeout=2.0) or channel.query(older, timeout=2.0) or "")
    return values


@dataclass(frozen=True)
class ModemHealth:
    """The result of a modem check, for the start-up screen and the scheduled check."""

    port: str
    ok: bool
    checked_at: datetime
    identity: ModemIdentity | None = None
    japanese: str = ""
    english: str = ""
    seconds: float = 0.0

    @property
    def fax_class(self) -> str | None:
        return self.identity.best_class if self.identity else None

    def message(self) -> str:
        return f"{self.japanese} / {self.english}"


def check_modem(port: str, *, timeout: float = 3.0, **port_options: Any) -> ModemHealth:
    """Open ``port``, make sure the modem answers, identify it; never raises for modem faults."""
    started = time.monotonic()
    now = datetime.now(UTC)
    try:
        serial_port = open_port(port, **port_options)
    except ModemError as error:
        return ModemHealth(port, False, now, None, error.japanese, error.english)
    channel = ATChannel(serial_port, timeout=timeout)
    try:
        channel.synchronise()
        channel.command("E0", expect=None)
        identity = identify(channel)
    except ModemError as error:
        return ModemHealth(
            port, False, now, None, error.japanese, error.english, time.monotonic() - started
        )
    finally:
        channel.close()
    seconds = time.monotonic() - started
    if identity.best_class in ("1", "1.0", "2", "2.0"):
        return ModemHealth(
            port,
            True,
            now,
            identity,
            f"モデムは正常です（{identity.describe()}、Class {identity.best_class}）",
            f"modem ready ({identity.describe()}, Class {identity.best_class})",
            seconds,
        )
    if identity.best_class:
        return ModemHealth(
            port,
            False,
            now,
            identity,
            f"このモデムは Class {identity.best_class} のみ対応で、現在の版では使えません",
            f"this modem offers only Class {identity.best_class}, which this version cannot drive",
            seconds,
        )
    return ModemHealth(
        port,
        False,
        now,
        identity,
        "モデムはファクスに対応していません（AT+FCLASS=? に応答なし）",
        "the modem does not offer fax (no AT+FCLASS=? list)",
        seconds,
    )
