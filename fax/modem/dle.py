"""DLE framing of phase-C data between host and fax modem (T.32 / EIA-592).

Page data travels in-band: a DLE byte in the data is doubled, <DLE><ETX>
ends the data, and in Class 2.0 the sender may end a page with <DLE> and a
post-page character instead. <DLE><SUB> stands for two DLE bytes.
"""

from __future__ import annotations

DLE = 0x10
ETX = 0x03
SUB = 0x1A
DC1 = 0x11  # also XON
DC2 = 0x12
DC3 = 0x13  # also XOFF
CAN = 0x18
XON, XOFF = DC1, DC3

END_OF_DATA = bytes([DLE, ETX])
# Class 2.0 page ends in the data stream: <DLE><,> MPS, <DLE><;> EOM, <DLE><.> EOP.
PAGE_END_CHARACTERS = {ord(","): "MPS", ord(";"): "EOM", ord("."): "EOP"}

_BIT_REVERSED = bytes(int(f"{value:08b}"[::-1], 2) for value in range(256))


def reverse_bits(data: bytes) -> bytes:
    """Each byte with its bit order reversed (LSB-first <-> MSB-first)."""
    return data.translate(_BIT_REVERSED)


def escape(data: bytes) -> bytes:
    """Double every DLE so the modem reads it as data."""
    return data.replace(b"\x10", b"\x10\x10")


class DleDecoder:
    """Streaming removal of DLE escapes.

    ``feed`` returns the data found so far and, once a terminating escape
    arrived, that escape's second byte (ETX or a Class 2.0 page-end
    character) and whatever followed it. Unknown escapes are dropped and
    counted, never fatal.
    """

    def __init__(self, terminators: bytes | None = None) -> None:
        self.terminators = (
            frozenset(terminators)
            if terminators is not None
            else frozenset({ETX, *PAGE_END_CHARACTERS})
        )
        self._pending_dle = False
        self.ignored_escapes = 0
        self.finished = False

    def feed(self, chunk: bytes) -> tuple[bytes, int | None, bytes]:
        if self.finished:
            return b"", None, bytes(chunk)
        out = bytearray()
        position = 0
        size = len(chunk)
        if self._pending_dle and size:
            self._pending_dle = False
            terminator = self._escape(chunk[0], out)
            position = 1
            if terminator is not None:
                self.finished = True
                return bytes(out), terminator, bytes(chunk[1:])
        while position < size:
            found = chunk.find(b"\x10", position)
            if found < 0:
                out += chunk[position:]
                break
            out += chunk[position:found]
            if found + 1 >= size:
                self._pending_dle = True
                break
            terminator = self._escape(chunk[found + 1], out)
            position = found + 2
            if terminator is not None:
                self.finished = True
                return bytes(out), terminator, bytes(chunk[position:])
        return bytes(out), None, b""

    def _escape(self, code: int, out: bytearray) -> int | None:
        if code == DLE:
            out.append(DLE)
        elif code == SUB:
            out += b"\x10\x10"
        elif code in self.terminators:
            return code
        else:
            self.ignored_escapes += 1
        return None
