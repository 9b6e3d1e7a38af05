"""Turning the bytes a modem sends in command mode into classified response lines.

Modems echo commands, pad with blank lines, interleave unsolicited RING,
answer in words (V1) or digits (V0), and on a noisy cable send garbage. The
splitter accepts any bytes; the classifier never raises.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Kind(Enum):
    FINAL = "final"  # ends a command: OK, ERROR, CONNECT, BUSY, …
    UNSOLICITED = "unsolicited"  # RING and friends, not tied to a command
    INFO = "info"  # anything else: +F reports, identification text
    ECHO = "echo"  # the command coming back


# Words that end a command. CONNECT may carry a rate ("CONNECT 9600").
FINAL_WORDS = (
    "OK",
    "ERROR",
    "CONNECT",
    "NO CARRIER",
    "BUSY",
    "NO DIALTONE",
    "NO DIAL TONE",
    "NO ANSWER",
    "+FCERROR",
    "+F4ERROR",
    "DELAYED",
    "BLACKLISTED",
)
NUMERIC_FINALS = {
    "0": "OK",
    "1": "CONNECT",
    "3": "NO CARRIER",
    "4": "ERROR",
    "6": "NO DIALTONE",
    "7": "BUSY",
    "8": "NO ANSWER",
}
UNSOLICITED_WORDS = ("RING", "RINGING", "CALLER NUMBER", "NMBR", "DATE", "TIME", "NAME")
NUMERIC_RING = "2"
MAX_LINE = 512


@dataclass(frozen=True)
class Response:
    kind: Kind
    text: str

    @property
    def word(self) -> str:
        """The result word of a final line (CONNECT for "CONNECT 14400")."""
        if self.kind is not Kind.FINAL:
            return ""
        for word in FINAL_WORDS:
            if self.text == word or self.text.startswith(word + " "):
                return word.replace("NO DIAL TONE", "NO DIALTONE")
        return NUMERIC_FINALS.get(self.text, self.text)

    def value_of(self, prefix: str) -> str | None:
        """For "+FCS:1,5,0" and prefix "+FCS" the text after the colon (or None)."""
        head, separator, tail = self.text.partition(":")
        if separator and head.strip().upper() == prefix.upper():
            return tail.strip()
        return None


def _printable(raw: bytes) -> str:
    text = raw.decode("latin-1")
    return "".join(c for c in text if 32 <= ord(c) < 127).strip()


def classify(text: str, last_command: str | None = None) -> Response:
    """Decide what one response line is. Works on any text."""
    upper = text.upper()
    if last_command is not None and (
        upper == last_command.upper() or upper == ("AT" + last_command).upper()
    ):
        return Response(Kind.ECHO, text)
    if upper.startswith("AT") and last_command is not None:
        return Response(Kind.ECHO, text)
    for word in FINAL_WORDS:
        if upper == word or upper.startswith(word + " ") or upper.startswith(word + "/"):
            return Response(Kind.FINAL, upper)
    if upper in NUMERIC_FINALS:
        return Response(Kind.FINAL, upper)
    if upper == NUMERIC_RING:
        return Response(Kind.UNSOLICITED, "RING")
    for word in UNSOLICITED_WORDS:
        if upper == word or upper.startswith(word + " ") or upper.startswith(word + "="):
            return Response(Kind.UNSOLICITED, upper)
    return Response(Kind.INFO, text)


class LineSplitter:
    """Collects bytes and hands out complete, non-empty, printable lines.

    CR, LF and NUL all end a line; other control and 8-bit bytes are
    dropped. An over-long line is cut, so garbage cannot grow memory.
    """

    def __init__(self) -> None:
        self._partial = bytearray()
        self.last_byte = 0

    def feed(self, data: bytes) -> list[str]:
        lines: list[str] = []
        if data:
            self.last_byte = data[-1]
        for byte in data:
            if byte in (0x0D, 0x0A, 0x00):
                if self._partial:
                    text = _printable(bytes(self._partial))
                    self._partial.clear()
                    if text:
                        lines.append(text)
            else:
                self._partial.append(byte)
                if len(self._partial) >= MAX_LINE:
                    text = _printable(bytes(self._partial))
                    self._partial.clear()
                    if text:
                        lines.append(text)
        return lines

    @property
    def pending(self) -> str:
        return _printable(bytes(self._partial))

    def take_pending(self) -> bytes:
        data = bytes(self._partial)
        self._partial.clear()
        return data


def parse_responses(data: bytes, last_command: str | None = None) -> list[Response]:
    """Every response line in ``data``, classified (a partial last line is kept)."""
    splitter = LineSplitter()
    lines = splitter.feed(data)
    if splitter.pending:
        lines.append(splitter.pending)
    return [classify(line, last_command) for line in lines]


def parse_fclass_list(text: str) -> frozenset[str]:
    """The classes in an ``AT+FCLASS=?`` answer: "0,1,2,2.0", "(0-2,2.0)", "0,1,1.0,2"."""
    classes: set[str] = set()
    for piece in text.replace("(", ",").replace(")", ",").split(","):
        item = piece.strip()
        if not item:
            continue
        if "-" in item:
            low, _, high = item.partition("-")
            if low.strip().isdigit() and high.strip().isdigit():
                start, end = int(low), int(high)
                if 0 <= start <= end <= 8:
                    classes.update(str(n) for n in range(start, end + 1))
            continue
        try:
            number = float(item)
        except ValueError:
            continue
        if 0 <= number <= 8:
            classes.add(item if "." in item else str(int(number)))
    return frozenset(classes)


def unquote(text: str) -> str:
    """A quoted modem string value without its quotes and padding."""
    value = text.strip()
    if len(value) >= 2 and value[0] == value[-1] == '"':
        value = value[1:-1]
    return value.strip()
