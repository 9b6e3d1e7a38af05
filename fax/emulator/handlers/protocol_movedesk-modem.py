"""``serial_for_url("movedesk-modem://LINE/NUMBER")``: the host side of an emulated modem.

Writes block while the modem's buffer is full, as with RTS/CTS; with
``xonxoff`` the modem's XON/XOFF bytes are taken out of what is read, as
the serial driver would.
"""

from __future__ import annotations

import urllib.parse

import serial
from serial.serialutil import PortNotOpenError, SerialBase, SerialException, SerialTimeoutException

from fax.modem.dle import XOFF, XON


class Serial(SerialBase):
    def open(self) -> None:
        from fax.emulator.line import get_line

        if self._port is None:
            raise SerialException("port must be given")
        if self.is_open:
            raise SerialException("port already open")
        parts = urllib.parse.urlsplit(self._port)
        if parts.scheme.lower() != "movedesk-modem":
            raise SerialException(f"expected movedesk-modem://LINE/NUMBER, not {self._port!r}")
        line = get_line(parts.netloc)
        number = parts.path.strip("/")
        if line is None:
            raise SerialException(f"no virtual line named {parts.netloc!r} in this process")
        modem = line.modems.get(number)
        if modem is None:
            raise SerialException(f"no emulated modem {number!r} on line {parts.netloc!r}")
        try:
            modem.open_dte()
        except OSError as error:
            raise SerialException(str(error)) from error
        self.modem = modem
        self.is_open = True

    def close(self) -> None:
        if self.is_open:
            self.modem.close_dte()
            self.is_open = False

    def _reconfigure_port(self) -> None:
        """Nothing to configure on an in-process modem."""

    def from_url(self, url: str) -> str:
        return url

    @property
    def in_waiting(self) -> int:
        if not self.is_open:
            raise PortNotOpenError()
        return self.modem.dte_in_waiting()

    def read(self, size: int = 1) -> bytes:
        if not self.is_open:
            raise PortNotOpenError()
        data = self.modem.dte_read(size, self._timeout)
        if self._xonxoff:
            data = data.replace(bytes([XON]), b"").replace(bytes([XOFF]), b"")
        return data

    def write(self, data: bytes) -> int:
        if not self.is_open:
            raise PortNotOpenError()
        data = serial.to_bytes(data)
        written = self.modem.dte_write(data, self._write_timeout)
        if written < len(data):
            if self.modem.closed:
                raise SerialException("the emulated modem was shut down")
            raise SerialTimeoutException("write timeout (held by flow control)")
        return written

    def reset_input_buffer(self) -> None:
        while self.modem.dte_in_waiting():
            self.modem.dte_read(4096, 0)

    def reset_output_buffer(self) -> None:
        """Bytes written are with the modem at once; nothing to drop."""

    @property
    def out_waiting(self) -> int:
        return self.modem.dte_out_waiting()

    def flush(self) -> None:
        """Writes are handed over synchronously."""

    def send_break(self, duration: float = 0.25) -> None:
        """No break condition on an in-process line."""

    def _update_break_state(self) -> None:
        pass

    def _update_rts_state(self) -> None:
        pass

    def _update_dtr_state(self) -> None:
        pass

    @property
    def cts(self) -> bool:
        return True

    @property
    def dsr(self) -> bool:
        return True

    @property
    def ri(self) -> bool:
        return self.modem.incoming_call is not None

    @property
    def cd(self) -> bool:
        return self.modem.call is not None
