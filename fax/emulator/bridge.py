"""Reaching an emulated modem from other programs: a pseudo-terminal (POSIX) or a TCP port.

``PtyBridge(modem).path`` is a device name such as /dev/pts/7 that efax or
any serial program can open. ``TcpBridge(modem).url`` is a pyserial
``socket://`` URL for a MoveDesk in another process (works on Windows too).
Bytes are pumped by two threads; the modem's full buffer holds the other
program back the way flow control would.
"""

from __future__ import annotations

import contextlib
import os
import select
import socket
import threading

from fax.emulator.modem import EmulatedModem

PUMP_CHUNK = 4096
POLL_SECONDS = 0.2


class _Bridge:
    """Pumps bytes between one file descriptor-like endpoint and a modem."""

    def __init__(self, modem: EmulatedModem) -> None:
        self.modem = modem
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []

    def _start(self) -> None:
        self.modem.open_dte()
        for target, name in ((self._inbound, "in"), (self._outbound, "out")):
            thread = threading.Thread(
                target=target, name=f"bridge-{self.modem.number}-{name}", daemon=True
            )
            thread.start()
            self._threads.append(thread)

    def _read_endpoint(self) -> bytes | None:
        raise NotImplementedError

    def _write_endpoint(self, data: bytes) -> bool:
        raise NotImplementedError

    def _inbound(self) -> None:
        while not self._stop.is_set():
            data = self._read_endpoint()
            if data is None:
                continue
            offset = 0
            while offset < len(data) and not self._stop.is_set():
                offset += self.modem.dte_write(data[offset:], timeout=POLL_SECONDS)

    def _outbound(self) -> None:
        while not self._stop.is_set():
            data = self.modem.dte_read(PUMP_CHUNK, timeout=POLL_SECONDS)
            if data and not self._write_endpoint(data):
                continue

    def close(self) -> None:
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout=2.0)
        self.modem.close_dte()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class PtyBridge(_Bridge):
    """The modem on a new pseudo-terminal; ``path`` is the device to open."""

    def __init__(self, modem: EmulatedModem) -> None:
        import tty

        super().__init__(modem)
        self.master, self.slave = os.openpty()
        # Raw, without echo, until the program that opens it sets its own mode.
        tty.setraw(self.slave)
        self.path = os.ttyname(self.slave)
        self._start()

    def _read_endpoint(self) -> bytes | None:
        ready, _, _ = select.select([self.master], [], [], POLL_SECONDS)
        if not ready:
            return None
        try:
            return os.read(self.master, PUMP_CHUNK)
        except OSError:
            self._stop.wait(POLL_SECONDS)
            return None

    def _write_endpoint(self, data: bytes) -> bool:
        view = memoryview(data)
        while view and not self._stop.is_set():
            _, ready, _ = select.select([], [self.master], [], POLL_SECONDS)
            if not ready:
                continue
            try:
                written = os.write(self.master, view)
            except OSError:
                return False
            view = view[written:]
        return True

    def close(self) -> None:
        super().close()
        for fd in (self.master, self.slave):
            with contextlib.suppress(OSError):
                os.close(fd)


class TcpBridge(_Bridge):
    """The modem on a TCP port of this PC, one client at a time."""

    def __init__(self, modem: EmulatedModem, host: str = "127.0.0.1", port: int = 0) -> None:
        super().__init__(modem)
        self.server = socket.create_server((host, port))
        self.server.settimeout(POLL_SECONDS)
        self.host, self.port = self.server.getsockname()[:2]
        self.url = f"socket://{self.host}:{self.port}"
        self._client: socket.socket | None = None
        self._start()

    def _accept(self) -> socket.socket | None:
        if self._client is None:
            try:
                client, _ = self.server.accept()
            except (TimeoutError, OSError):
                return None
            client.settimeout(POLL_SECONDS)
            self._client = client
        return self._client

    def _read_endpoint(self) -> bytes | None:
        client = self._accept()
        if client is None:
            return None
        try:
            data = client.recv(PUMP_CHUNK)
        except TimeoutError:
            return None
        except OSError:
            data = b""
        if not data:
            self._client = None
            with contextlib.suppress(OSError):
                client.close()
            return None
        return data

    def _write_endpoint(self, data: bytes) -> bool:
        client = self._client
        if client is None:
            return False
        view = memoryview(data)
        while view and not self._stop.is_set():
            try:
                sent = client.send(view)
            except TimeoutError:
                continue  # the other program is slow to read: keep the data, try again
            except OSError:
                return False
            view = view[sent:]
        return True

    def close(self) -> None:
        super().close()
        with contextlib.suppress(OSError):
            self.server.close()
        if self._client is not None:
            with contextlib.suppress(OSError):
                self._client.close()
